#!/usr/bin/env bash
# Linux's `reboot -f` takes the FADT's reset register, which names the
# PIIX reset control at 0xcf9: the run ends with the RESET verdict.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/linux.bash"

linux_reboot "" 0xcf9
pass
