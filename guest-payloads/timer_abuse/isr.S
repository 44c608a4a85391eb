/*
 * isr.S - the timer_abuse payload's interrupt handler: count the
 * interrupt and EOI through the x2APIC (SDM vol. 3, 11.12.1.2: WRMSR 0x80b
 * with EDX:EAX = 0). It saves what it uses; IRETQ restores RFLAGS.IF.
 */
#include "guest.h"
#include "apic.h"

	.text
	.code64
	.globl abuse_isr
abuse_isr:
	pushq %rax
	pushq %rcx
	pushq %rdx
	incl abuse_irq_count(%rip)
	xorl %eax, %eax
	xorl %edx, %edx
	movl $MSR_X2APIC_EOI, %ecx
	wrmsr
	popq %rdx
	popq %rcx
	popq %rax
	iretq

	.section .note.GNU-stack, "", @progbits
