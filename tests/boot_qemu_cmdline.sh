#!/usr/bin/env bash
# CMDLINE reaches the hypervisor as one command line, word for word, with
# nothing in it run by GRUB's script parser (';' would start a command);
# and a new CMDLINE in the same output directory rebuilds the ISO.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello 'CMDLINE=loglevel=3 bogus=1; echo INJECTED #c'
boot_qemu -t 120
expect_line "vmm: loader 'GRUB [^']*', command line 'loglevel=3 bogus=1; echo INJECTED #c'"
expect_line "vmm: warning: unknown command-line option 'bogus=1;' ignored"
expect_no_line 'INJECTED'
expect_exit NO_VMX

build_iso GUEST=hello 'CMDLINE=guest_mem=12Q'
boot_qemu -t 120
expect_line "vmm: command line: bad value '12Q' for option guest_mem"
expect_exit BAD_CONFIG

# A character GRUB cannot pass through unchanged is a build error naming it.
if make -C "$TOP" --no-print-directory O="$OUT" "CMDLINE=a'b" "$OUT/vmm.iso" \
	> "$OUT/bad.log" 2>&1; then
	fail "CMDLINE with a quote built"
fi
grep -q "CMDLINE: character .* is not allowed" "$OUT/bad.log" ||
	fail "no one-line error for a quote in CMDLINE: $(cat "$OUT/bad.log")"
pass
