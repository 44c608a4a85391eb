#!/usr/bin/env bash
# loglevel= changes what is printed: 0 only errors and the exit line, 1
# adds warnings, 2 (the default) the one-line banner, 3 the boot report
# (loader, memory map, capabilities), 4 the memory regions.
# Under QEMU TCG the boot ends at the no-VMX error, the same at each level.
. "$(dirname "$0")/lib.sh"

# vmm_lines: the hypervisor's lines of the log, one per line.
vmm_lines() {
	grep -a '^vmm: ' "$LOG"
}

build_iso GUEST=hello 'CMDLINE=loglevel=0 bogus=1'
boot_qemu -t 120
expect_exit NO_VMX
got=$(vmm_lines)
want="vmm: no VMX: CPUID.1:ECX.VMX = 0"$'\n'"vmm: exit $(exit_code NO_VMX)"
[ "$got" = "$want" ] || fail "loglevel=0 printed more than the error and the exit: $got"

build_iso GUEST=hello 'CMDLINE=loglevel=1 bogus=1'
boot_qemu -t 120
expect_exit NO_VMX
got=$(vmm_lines)
want=$'vmm: warning: unknown command-line option \'bogus=1\' ignored\n'"$want"
[ "$got" = "$want" ] || fail "loglevel=1 printed other than warnings and errors: $got"

build_iso GUEST=hello 'CMDLINE=loglevel=2'
boot_qemu -t 120
expect_exit NO_VMX
got=$(vmm_lines | sed -E 's/^vmm: vmm [0-9.]+, /vmm: vmm V, /')
want="vmm: vmm V, a single-purpose VMX hypervisor"$'\n'"vmm: no VMX: CPUID.1:ECX.VMX = 0"$'\n'"vmm: exit $(exit_code NO_VMX)"
[ "$got" = "$want" ] || fail "loglevel=2 printed more than the banner, the error and the exit: $got"

build_iso GUEST=hello 'CMDLINE=loglevel=3'
boot_qemu -t 120
expect_exit NO_VMX
expect_line 'vmm: vmm [0-9.]+, a single-purpose VMX hypervisor; image .*'
expect_line "vmm: loader 'GRUB [^']*', command line 'loglevel=3'"
expect_line 'vmm: memory map: [0-9]+ regions, .*'
expect_no_line 'vmm:   \[0x[0-9a-f]{16}-0x[0-9a-f]{16}\) type [0-9]+'

build_iso GUEST=hello 'CMDLINE=loglevel=4'
boot_qemu -t 120
expect_exit NO_VMX
expect_line 'vmm:   \[0x[0-9a-f]{16}-0x[0-9a-f]{16}\) type [0-9]+'
pass
