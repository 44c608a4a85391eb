/*
 * user.S - the road to CPL 3 and back, as in the ring3 payload:
 * enter_user(entry, stack) IRETQs to entry at CPL 3 with IOPL 3; the user
 * code ends with INT SYSCALL_VECTOR, whose DPL 3 gate lands in
 * user_return at CPL 0, which restores the kernel's segments and stack
 * and returns from enter_user.
 */
#include "strio.h"

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
	ud2

	.bss
	.balign 8
kernel_rsp:
	.quad 0

	.section .note.GNU-stack, "", @progbits
