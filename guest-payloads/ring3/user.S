/*
 * user.S - the road to CPL 3 and back.
 *
 * enter_user(entry, stack) saves the callee-saved registers and RSP,
 * then IRETQs to entry at CPL 3 on stack (SDM vol. 3, IRET, "return to
 * outer privilege level": the frame's CS and SS have RPL 3). The user
 * code ends with INT SYSCALL_VECTOR; its gate (DPL 3) lands in
 * user_return at CPL 0 on the TSS's RSP0 stack (SDM vol. 3, 7.14.4
 * "Stack Switching in IA-32e Mode"), which drops that frame, reloads the
 * kernel data segments (the IRETQ to CPL 3 nulled DS and ES, and the
 * interrupt loaded a null SS), restores the saved stack and returns from
 * enter_user with the CS the user code ran with.
 */
#include "ring3.h"

	.text
	.code64
	.globl enter_user
enter_user:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, kernel_rsp(%rip)
	pushq $USER_DS_SEL		/* SS */
	pushq %rsi			/* RSP */
	pushq $USER_RFLAGS		/* RFLAGS */
	pushq $USER_CS_SEL		/* CS */
	pushq %rdi			/* RIP */
	iretq

	.globl user_return
user_return:
	movq INT_FRAME_CS(%rsp), %rax
	movw $GUEST_DS, %cx
	movw %cx, %ds
	movw %cx, %es
	movw %cx, %ss
	movq kernel_rsp(%rip), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret

/* Entered by IRETQ with RSP 16-byte aligned: the call keeps the ABI's. */
	.globl user_entry
user_entry:
	call user_main
	int $SYSCALL_VECTOR
	ud2			/* user_return never comes back here */

	.bss
	.balign 8
kernel_rsp:
	.quad 0

	.section .note.GNU-stack, "", @progbits
