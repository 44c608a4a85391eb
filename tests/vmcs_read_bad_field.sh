#!/usr/bin/env bash
# A VMREAD that fails (selftest=vmread-bad-field reads a field no CPU has)
# is reported with the field and the VM-instruction error, and ends the
# machine with the internal-error code (1); it never hands back whatever
# the destination held.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="selftest=vmread-bad-field"
boot_bochs -t 300
expect_line 'vmx: VMREAD unknown \(0x4bfe\): VMfailValid, VM-instruction error 12: VMREAD/VMWRITE from/to unsupported VMCS component'
expect_line 'vmm: panic: VMREAD failed'
expect_no_line 'vmm: self-test read .*'
expect_no_line 'guest: .*'
expect_line "vmm: exit $(exit_code PANIC)"
expect_exit PANIC
pass
