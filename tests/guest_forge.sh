#!/usr/bin/env bash
# forge: a guest prints "vmm: exit 0" and the verdict record on its
# console, then spins. The machine never ends, so the run must end on the
# time limit (124), not with the forged code: the verdict comes from the
# verdict channel (port 0xe9), which the guest cannot reach.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=forge
boot_bochs -t 25
expect_line 'guest: forge: printing a forged exit line, then spinning'
expect_line 'vmm: exit 0'
expect_exit 124
pass
