/*
 * bigmem_isr.S - an interrupt delivered onto a stack in a page the guest
 * has never touched: the delivery itself is the page's first access.
 *
 * on_fresh_stack(top, tsc_limit) moves RSP to top, enables interrupts
 * and spins until bigmem_isr has run once or the TSC passes tsc_limit,
 * then returns on the old stack the count of interrupts taken. In 64-bit
 * mode the CPU pushes SS, RSP, RFLAGS, CS and RIP on every delivery (SDM
 * vol. 3, 6.14.2), so the first push writes the fresh page. The handler
 * counts and EOIs through the x2APIC EOI MSR (apic.h's
 * COUNTING_X2APIC_ISR).
 */
#include "guest.h"
#include "apic.h"

	.text
	.code64
	.globl on_fresh_stack
on_fresh_stack:
	pushq %rbx
	movq %rsp, %rbx
	movq %rdi, %rsp
	sti
1:	cmpl $0, bigmem_irqs(%rip)
	jne 2f
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	cmpq %rsi, %rax
	jb 1b
2:	cli
	movq %rbx, %rsp
	popq %rbx
	movl bigmem_irqs(%rip), %eax
	ret

	COUNTING_X2APIC_ISR bigmem_isr, bigmem_irqs

	.section .note.GNU-stack, "", @progbits
