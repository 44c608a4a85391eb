#!/usr/bin/env bash
# The default boot is quiet and loses nothing: after GRUB's "Booting
# `vmm'" the hypervisor prints its one-line banner and nothing else before
# the guest's first line, and after the guest's last line only the verdict
# (who ended the run, then the exit line), all of it sent before the
# machine ends although it was queued behind the UART. GRUB sends no
# terminal control sequences (grub.cfg: terminfo dumb).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello
boot_bochs -t 300
expect_exit 0
! grep -a -q $'\x1b' "$LOG" || fail "an escape character in the console: $(head -c 80 "$LOG" | od -c | head -3)"
# The lines between GRUB's and the guest's first, blank ones aside.
before=$(awk '/^guest: /{exit} seen && NF {print} /Booting `vmm'"'"'/{seen = 1}' "$LOG")
want=$'vmm: vmm V, a single-purpose VMX hypervisor'
[ "$(sed -E 's/^vmm: vmm [0-9.]+, /vmm: vmm V, /' <<< "$before")" = "$want" ] ||
	fail "before the guest's first line, more or less than the banner: $before"
after=$(awk '/^guest: /{n = 0; next} {tail[n++] = $0} END {for (i = 0; i < n; i++) print tail[i]}' "$LOG")
want=$'vmm: guest wrote 0 to the debug-exit port\nvmm: exit 0'
[ "$after" = "$want" ] ||
	fail "after the guest's last line, not just the verdict: $after"
pass
