/*
 * real16.S - the hypercall payload's real-mode hook (the contract is in
 * entry16.S): one write hypercall from 16-bit real mode, where VMCALL
 * exits as in any other mode (SDM vol. 3, 26.1.2 "Instructions That Cause
 * VM Exits Unconditionally"). The operand-size prefix of the 32-bit moves
 * sets EAX, EBX and ECX whole; the hypervisor reads RAX, RBX and RCX,
 * whose upper halves are still 0 from the reset state. RAX comes back in
 * rm_write_ret for main64 to print; until then it holds 1, which no
 * hypercall returns. Code and data are in .text16, so a
 * 16-bit offset from segment 0 reaches them.
 */
#include "guest.h"

	.section .text16, "ax"
	.code16
	.globl real_mode_main
real_mode_main:
	movl $HC_WRITE, %eax
	movl $rm_msg, %ebx
	movl $(rm_msg_end - rm_msg), %ecx
	vmcall
	movl %eax, rm_write_ret
	ret

rm_msg:
	.ascii "hypercall: written from real mode"
rm_msg_end:

	.balign 4
	.globl rm_write_ret
rm_write_ret:
	.long 1

	.section .note.GNU-stack, "", @progbits
