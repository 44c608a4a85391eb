#!/usr/bin/env bash
# forge: a guest prints "vmm: exit 0" and the verdict record on its
# console (through the UART and, with embedded newlines, the write
# hypercall), then spins. Every guest line reaches the log behind
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
expect_no_line 'vmm-verdict: .*'
expect_exit 124
pass
