/*
 * referee_cpu.S - run one instruction on the host CPU with a register
 * state of our choosing (tests/unit/test_mmio_emul_ref.c).
 *
 * void referee_run(struct cpu_state *s, void *code)
 *
 * Loads XMM0-15, RFLAGS and every general register but RSP from *s,
 * calls @code (the instruction followed by RET), and stores them back.
 * struct cpu_state: gpr[16] at 0 (the RSP slot unused), rflags at 128,
 * xmm[16][2] at 136.
 */
#define RFLAGS	128
#define XMM	136

	.text
	.globl referee_run
	.type referee_run, @function
referee_run:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi			/* 8(%rsp) at the call: the state */
	pushq %rsi			/* (%rsp) at the call: the code */
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu XMM+16*\n(%rdi), %xmm\n
	.endr
	pushq RFLAGS(%rdi)
	popfq
	movq 0*8(%rdi), %rax
	movq 1*8(%rdi), %rcx
	movq 2*8(%rdi), %rdx
	movq 3*8(%rdi), %rbx
	movq 5*8(%rdi), %rbp
	movq 6*8(%rdi), %rsi
	movq 8*8(%rdi), %r8
	movq 9*8(%rdi), %r9
	movq 10*8(%rdi), %r10
	movq 11*8(%rdi), %r11
	movq 12*8(%rdi), %r12
	movq 13*8(%rdi), %r13
	movq 14*8(%rdi), %r14
	movq 15*8(%rdi), %r15
	movq 7*8(%rdi), %rdi
	call *(%rsp)
	pushfq				/* before anything can touch a flag */
	xchgq %rdi, 16(%rsp)		/* the state; the slot keeps RDI */
	cld				/* the C ABI wants DF clear */
	movq %rax, 0*8(%rdi)
	movq %rcx, 1*8(%rdi)
	movq %rdx, 2*8(%rdi)
	movq %rbx, 3*8(%rdi)
	movq %rbp, 5*8(%rdi)
	movq %rsi, 6*8(%rdi)
	movq %r8, 8*8(%rdi)
	movq %r9, 9*8(%rdi)
	movq %r10, 10*8(%rdi)
	movq %r11, 11*8(%rdi)
	movq %r12, 12*8(%rdi)
	movq %r13, 13*8(%rdi)
	movq %r14, 14*8(%rdi)
	movq %r15, 15*8(%rdi)
	popq RFLAGS(%rdi)
	addq $8, %rsp			/* the code */
	popq 7*8(%rdi)			/* guest RDI */
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu %xmm\n, XMM+16*\n(%rdi)
	.endr
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret
	.size referee_run, . - referee_run
	.section .note.GNU-stack, "", @progbits
