#!/usr/bin/env bash
# Linux's `reboot -f` with reboot=k pulses the CPU's reset line through
# the 8042 (command 0xfe at port 0x64): the run ends with RESET.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/linux.bash"

linux_reboot "reboot=k" 0x64
pass
