#!/usr/bin/env bash
# The same bad VMCS with early_checks=on: the software checks refuse it
# before VMLAUNCH, naming the SDM rule and the offending value, with the
# by-name dump; the CPU never sees it.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="selftest=bad-guest-cr0 early_checks=on"
boot_bochs -t 300
expect_line 'vmm: early checks: VM entry would fail, exit reason 33, qualification 0'
expect_line 'vmm: early checks: rule guest\.cr0\.pg_pe \(SDM vol\. 3, 26\.3\.1\.1\): .*GUEST_CR0.*'
expect_line 'vmcs: GUEST_CR0 +0*800000[0-9a-f]{2}.*'
expect_no_line 'vmm: VM entry failed: .*'
expect_no_line 'vmm: BUG in the early checks.*'
expect_line "vmm: exit $(exit_code VMENTRY_FAILED)"
expect_exit VMENTRY_FAILED
pass
