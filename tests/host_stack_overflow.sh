#!/usr/bin/env bash
# A host stack overflow (selftest=host-stack-overflow recurses on the boot
# stack) runs into the unmapped guard page under the stack: the #PF cannot
# be pushed there and becomes a #DF on the IST stack, whose report says
# "stack overflow" and names the guard page, and the machine ends with the
# host-fault code (5). Without the guard the recursion rewrites the boot
# page tables below the stack.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="selftest=host-stack-overflow"
boot_bochs -t 300
expect_line 'vmm: host exception #DF \(vector 8\) error 0x0 at RIP 0x[0-9a-f]+ CR2 0x[0-9a-f]+'
expect_line 'vmm: stack overflow: the boot stack ran into its guard page at 0x[0-9a-f]+000'
expect_no_line 'vmm: self-test recursed .*'
expect_no_line 'guest: .*'
expect_line "vmm: exit $(exit_code HOST_FAULT)"
expect_exit HOST_FAULT
pass
