/*
 * isr.S - apic_abuse's interrupt handler: count the interrupt and EOI
 * (SDM vol. 3, 11.8.5) through the xAPIC page or the x2APIC MSR, as
 * abuse_eoi_xapic says. It saves what it uses; IRETQ restores RFLAGS.IF.
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
	cmpb $0, abuse_eoi_xapic(%rip)
	jne 1f
	movl $MSR_X2APIC_EOI, %ecx
	wrmsr
	jmp 2f
	/* 0xfee000b0 does not fit a sign-extended disp32. */
1:	movl $(APIC_BASE_ADDR + APIC_EOI), %ecx
	movl %eax, (%rcx)
2:	popq %rdx
	popq %rcx
	popq %rax
	iretq

	.section .note.GNU-stack, "", @progbits
