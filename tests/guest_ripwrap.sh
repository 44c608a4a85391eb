#!/usr/bin/env bash
# ripwrap: the guest runs a CPUID (which exits, so the hypervisor moves
# RIP past it) whose last byte is at 0xffffffff in compatibility mode,
# then one whose last byte is the last canonical address in 64-bit mode.
# EIP must wrap to 0, as the CPU's does (the plain sum fails the VM entry:
# exit 10, blaming the hypervisor); the second leaves RIP at 1 << 47,
# where the CPU's fetch takes #GP.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=ripwrap
boot_bochs -t 300
expect_line 'guest: ripwrap: EIP wrapped to 0 and the guest went on'
expect_line 'guest: ripwrap: #GP at RIP 0x800000000000'
expect_no_line 'vmm: VM entry failed.*'
expect_line 'vmm: exit 0'
expect_exit 0
pass
