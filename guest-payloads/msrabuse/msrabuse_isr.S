/*
 * msrabuse_isr.S - the TSC-deadline interrupt of msrabuse's TSC check:
 * records the TSC it arrived at and counts, then EOIs through the x2APIC
 * EOI MSR (SDM vol. 3, 11.12.1.2: EDX:EAX = 0).
 */
#include "guest.h"
#include "apic.h"

	.text
	.code64
	.globl msrabuse_isr
msrabuse_isr:
	pushq %rax
	pushq %rcx
	pushq %rdx
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, msrabuse_irq_tsc(%rip)
	incl msrabuse_irqs(%rip)
	movl $X2APIC_MSR(APIC_EOI), %ecx
	xorl %eax, %eax
	xorl %edx, %edx
	wrmsr
	popq %rdx
	popq %rcx
	popq %rax
	iretq

	.section .note.GNU-stack, "", @progbits
