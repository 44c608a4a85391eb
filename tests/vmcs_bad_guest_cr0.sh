#!/usr/bin/env bash
# A deliberately bad VMCS (guest CR0.PG = 1 with PE = 0) gives the decoded
# VM-entry failure and the by-name VMCS dump, then the entry-failure code
# (10), not a hang. early_checks=off: the CPU itself must refuse it.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="selftest=bad-guest-cr0 early_checks=off"
boot_bochs -t 300
expect_line 'vmm: self-test bad-guest-cr0'
expect_line 'vmm: VM entry failed: exit reason 33 \(VM-entry failure due to invalid guest state\), qualification 0x0'
expect_line 'vmcs: -- guest state'
expect_line 'vmcs: GUEST_CR0 +0*800000[0-9a-f]{2}.*'
expect_line 'vmcs: .*HOST_RIP +[0-9a-f]{16}.*'
expect_no_line 'guest: .*'
expect_line "vmm: exit $(exit_code VMENTRY_FAILED)"
expect_exit VMENTRY_FAILED
pass
