#!/usr/bin/env bash
# pdpte: the guest turns PAE paging on (without IA-32e mode) through the
# MOV to CR0 the hypervisor emulates, with a PDPTE that has bit MAXPHYADDR
# set, then bit 5, then a valid one, and changes CR0.CD under PAE paging
# with a bad PDPTE in memory. Each bad PDPTE must give the guest #GP, as
# the CPU does, instead of reaching the VMCS and failing the VM entry
# (exit 10, which would blame the hypervisor); the valid one must take.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=pdpte
boot_bochs -t 300
expect_line 'guest: pdpte: MAXPHYADDR [0-9]+'
expect_line 'guest: pdpte: PDPTE bit MAXPHYADDR \(reserved\): MOV to CR0 raised #GP'
expect_line 'guest: pdpte: PDPTE bit 5 \(reserved\): MOV to CR0 raised #GP'
expect_line 'guest: pdpte: a valid PDPTE: MOV to CR0 took'
expect_line 'guest: pdpte: CD changed, PDPTE bit 5 set in memory: MOV to CR0 raised #GP'
expect_line 'guest: pdpte: 0 outcomes wrong'
expect_no_line 'vmm: VM entry failed.*'
expect_line 'vmm: exit 0'
expect_exit 0
pass
