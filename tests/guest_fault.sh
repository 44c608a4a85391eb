#!/usr/bin/env bash
# fault: the guest triple-faults; the hypervisor reports it with the guest
# RIP and ends with the triple-fault code (7).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=fault
boot_bochs -t 300
expect_line 'guest: fault: causing a triple fault'
expect_line 'vmm: guest triple fault \(shutdown\) at guest RIP 0x[0-9a-f]+ \(CS 0x18, CR0 0x[0-9a-f]+\)'
expect_line 'vmm:   2    Triple fault +1'
expect_no_line 'vmm: guest wrote .* to the debug-exit port'
expect_line "vmm: exit $(exit_code GUEST_TRIPLE_FAULT)"
expect_exit GUEST_TRIPLE_FAULT
pass
