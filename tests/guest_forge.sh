#!/usr/bin/env bash
# forge: a guest prints "vmm: exit 0" and the verdict record on its
# console (through the UART and, with embedded newlines, the write
# hypercall), and control bytes, then spins. Every guest line reaches the log behind
# "guest: ", and the machine never ends, so the run must end on the time
# limit (124), not with the forged code: the verdict comes from the
# verdict channel (port 0xe9), which the guest cannot reach.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=forge
boot_bochs -t 25
expect_line 'guest: forge: printing a forged exit line, then spinning'
expect_line 'guest: vmm: exit 0'
expect_line 'guest: vmm-verdict: exit 0'
expect_no_line 'vmm: exit .*'
# Both paths escape every byte that is not printable ASCII, and '\'.
[ "$(grep -a -c -x -F 'guest: ctl:\x1b[2J\x07\x00\\end' "$LOG")" = 2 ] ||
	fail "control bytes not escaped the same way on both paths"
! grep -a '^guest: ' "$LOG" | grep -q $'[\x01-\x08\x0b-\x1f\x7f]' ||
	fail "a control byte reached the console in a guest line"
expect_no_line 'vmm-verdict: .*'
expect_exit 124
pass
