/*
 * isr.S - 256 interrupt stubs, 16 bytes apart from isr_stubs, for both
 * widths (built -m32 and -m64). Each pushes a zero where the CPU pushes
 * no error code (SDM vol. 3, 6.13: vectors 8, 10-14, 17, 21, 29, 30 push
 * one), then its vector, and joins trap_common, which saves the general
 * registers, calls trap(frame) and returns with IRET.
 */
	.section .text
	.balign 16
	.globl isr_stubs
isr_stubs:
	vec = 0
	.rept 256
	.balign 16
	.if vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30
	.else
	push $0
	.endif
	push $vec
	jmp trap_common
	vec = vec + 1
	.endr

trap_common:
#ifdef __x86_64__
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rbx
	pushq %rbp
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	call trap
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rbp
	popq %rbx
	popq %rdx
	popq %rcx
	popq %rax
	addq $16, %rsp
	iretq
#else
	pushal
	pushl %esp
	call trap
	addl $4, %esp
	popal
	addl $8, %esp
	iretl
#endif
