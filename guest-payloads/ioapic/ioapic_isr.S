/*
 * ioapic_isr.S - the handler of the one vector the I/O APIC's entries
 * name: count, then EOI through the x2APIC EOI MSR.
 */
#include "guest.h"
#include "apic.h"

	.text
	.code64
	.globl ioapic_isr
ioapic_isr:
	pushq %rax
	pushq %rcx
	pushq %rdx
	incl ioapic_count(%rip)
	xorl %eax, %eax
	xorl %edx, %edx
	movl $MSR_X2APIC_EOI, %ecx
	wrmsr
	popq %rdx
	popq %rcx
	popq %rax
	iretq

	.section .note.GNU-stack, "", @progbits
