/*
 * isr64.S - the payload's exception entry: 32 stubs, one per exception
 * vector, and the common path that calls guest_exception(frame) in C.
 *
 * Each stub pushes a dummy error code where the CPU pushes none (SDM
 * vol. 3, 6.13 "Error Code": #DF, #TS to #PF, #AC, #CP, #VC and #SX
 * have one), then its vector. isr_common saves the general registers so
 * the stack holds a struct guest_frame (guest.h), saves the x87/SSE state
 * (the interrupted code may keep live values in XMM registers, and the C
 * handler may use them), calls the handler and returns with IRETQ to the
 * frame's RIP, which the handler may have moved past the faulting
 * instruction.
 */
#include "guest.h"

	.text
	.code64
	.balign ISR_STUB_SIZE
	.globl isr_stubs
isr_stubs:
	vector = 0
	.rept VEC_NR_EXCEPTIONS
	.balign ISR_STUB_SIZE
	.if !VEC_HAS_ERROR_CODE(vector)
	pushq $0			/* no CPU error code: keep the frame */
	.endif
	pushq $vector
	jmp isr_common
	vector = vector + 1
	.endr

isr_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rbx			/* the frame; RBX is callee-saved */
	subq $512, %rsp			/* FXSAVE area: 512 bytes, 16-aligned */
	andq $-16, %rsp			/* (also the SysV call alignment) */
	fxsave64 (%rsp)
	movq %rbx, %rdi
	call guest_exception
	fxrstor64 (%rsp)
	movq %rbx, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector and error code */
	iretq

	.section .note.GNU-stack, "", @progbits
