#!/usr/bin/env bash
# The same kernel on Bochs' other VMX model, corei7_haswell_4770, with no
# clearcpuid= either: it believes our CPUID and MSRs there too (issue
# 17), boots as far as the shell and powers off.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/linux.bash"

linux_boot "vmmtest=poweroff" -c corei7_haswell_4770
expect_line "${LINUX_TS}tsc: Detected 50\\.000 MHz processor"
expect_line "guest: init: powering off"
expect_line "${LINUX_TS}reboot: Power down"
expect_exit POWER_OFF
pass
