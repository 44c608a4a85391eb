#!/usr/bin/env bash
# rip_wrap: CPUID, which the hypervisor emulates, as the last instruction
# of a code segment in real mode (IP 0xfffe), 32-bit protected mode and
# compatibility mode (EIP 0xfffffffe, 4 GiB limit): the instruction
# pointer wraps to 0, where the guest's code goes on (no #GP, no VM
# entry failure, no false "BUG in the early checks"). And an MMIO
# instruction in compatibility mode whose linear address wraps past
# 4 GiB and crosses a page: it is fetched where the CPU fetched it and
# writes what it says. Unfixed, the real-mode test takes #GP (exit 90),
# the 32-bit one fails VM entry (exit 10), the MMIO one is not emulated.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=ripwrap
boot_bochs -t 300

expect_line 'guest: ripwrap: real mode: IP wrapped from 0xfffe to 0'
expect_line 'guest: ripwrap: 32-bit: EIP wrapped from 0xfffffffe to 0'
expect_line 'guest: ripwrap: compat: EIP wrapped from 0xfffffffe to 0'
expect_line 'guest: ripwrap: compat: MMIO instruction at linear 0x[0-9a-f]*fff, offset 0xffffefff, wrote 0x600dcafe'
expect_no_line 'vmm: BUG in the early checks.*'
expect_no_line 'vmm: VM entry failed.*'
expect_no_line 'vmm: cannot emulate.*'
# CPUID three times; three MMIO accesses: the register cleared, the
# compatibility-mode write, the read back.
expect_line 'vmm:   10   CPUID +3'
# Three MMIO EPT violations; the others are the guest's first touches of
# its RAM (all but the pages the hypervisor mapped itself).
big=$(line_value 'vmm: demand-zero faults: ([0-9]+) \(2 MiB\) .*')
small=$(line_value 'vmm: demand-zero faults: [0-9]+ \(2 MiB\) \+ ([0-9]+) \(4 KiB\)')
[ -n "$big" ] && [ -n "$small" ] || fail "no demand-zero faults line"
mapped=$(hypervisor_mapped_pages "$OUT/guest/ripwrap.bin")
expect_line "vmm:   48   EPT violation +$(( 3 + big + small - mapped ))"
expect_line 'vmm: exit 44'
expect_exit 44
pass
