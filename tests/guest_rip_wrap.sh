#!/usr/bin/env bash
# rip_wrap: CPUID, which the hypervisor emulates, as the last instruction
# of a code segment in real mode (IP 0xfffe), 32-bit protected mode and
# compatibility mode (EIP 0xfffffffe, 4 GiB limit): the instruction
# pointer wraps to 0, where the guest's code goes on (no #GP, no VM
# entry failure, no false "BUG in the early checks"). Unfixed, the
# real-mode test takes #GP (exit 90), the 32-bit one fails VM entry
# (exit 10), as does the compatibility-mode one.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=ripwrap
boot_bochs -t 300

expect_line 'guest: ripwrap: real mode: IP wrapped from 0xfffe to 0'
expect_line 'guest: ripwrap: 32-bit: EIP wrapped from 0xfffffffe to 0'
expect_line 'guest: ripwrap: compat: EIP wrapped from 0xfffffffe to 0'
expect_no_line 'vmm: BUG in the early checks.*'
expect_no_line 'vmm: VM entry failed.*'
expect_line 'vmm:   10   CPUID +3'
expect_line 'vmm: exit 44'
expect_exit 44
pass
