#!/usr/bin/env bash
# taskswitch: a 32-bit guest switches tasks in hardware, by JMP, CALL,
# IRET with NT, and through the task gate of its #DF. Task switches are
# not emulated (README.md): each ends the guest with a line naming the
# source and the TSS selector and the policy-violation code (8), never
# "unhandled VM exit 9".
. "$(dirname "$0")/lib.sh"

declare -A line=(
	[jmp]='by JMP to TSS selector 0x0020'
	[call]='by CALL to TSS selector 0x0020'
	[iret]='by IRET to TSS selector 0x0020'
	[gate]='by a task gate in the IDT to TSS selector 0x0020, delivering #DF \(vector 8\)'
)
for via in jmp call iret gate; do
	build_iso GUEST=taskswitch TASKSWITCH_VIA=$via
	boot_bochs -t 300
	expect_line "vmm: guest task switch ${line[$via]}: not emulated"
	expect_line 'vmm: guest stopped at guest RIP 0x[0-9a-f]+ \(CS 0x8, CR0 0x[0-9a-f]+\)'
	expect_no_line 'vmm: unhandled VM exit.*'
	expect_no_line 'guest: taskswitch: .*'
	expect_line "vmm: exit $(exit_code GUEST_VIOLATION)"
	expect_exit GUEST_VIOLATION
done
pass
