#!/usr/bin/env bash
# halt: HLT with interrupts off and no timer armed is a guest that can
# never run again; the hypervisor says so and ends with code 9, no hang.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=halt
boot_bochs -t 300
expect_line 'guest: halt: cli; hlt with no timer armed'
expect_line 'vmm: guest halted forever \(HLT with interrupts off\) at guest RIP 0x[0-9a-f]+'
expect_line 'vmm:   12   HLT +1'
expect_line "vmm: exit $(exit_code GUEST_HALTED)"
expect_exit GUEST_HALTED
pass
