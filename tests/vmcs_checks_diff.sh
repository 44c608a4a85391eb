#!/usr/bin/env bash
# The software VM-entry checks against Bochs' own (selftest=vmcs-checks):
# every targeted mutation of the known-good VMCS and 200 seeded random
# ones get the same verdict from vmcs_check() and from VMLAUNCH, or one of
# the documented Bochs deviations. The full run (1000 random) is
# scripts/vmcs-checks.sh.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="selftest=vmcs-checks:200"
boot_bochs -t 600
expect_line 'vmm: self-test vmcs-checks:200'
expect_line 'vmcs-checks: one full check costs [0-9]+ ticks'
expect_line 'vmcs-checks: known-good VMCS \([0-9]+ fields\): software passes, hardware enters \(exit reason [0-9]+\)'
expect_no_line 'vmcs-checks: (DISAGREE|MISS) .*'
n=$(line_value 'vmcs-checks: targeted ([0-9]+)/[0-9]+ agree, random 200/200 agree')
[ -n "$n" ] || fail "no final agreement line with 200/200 random"
expect_line "vmcs-checks: targeted $n/$n agree, random 200/200 agree"
expect_line 'vmm: exit 0'
expect_exit 0
pass
