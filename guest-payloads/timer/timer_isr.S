/*
 * timer_isr.S - the APIC timer's interrupt handler and the spurious
 * vector's.
 *
 * timer_isr reads the TSC before anything else it can (two pushes first,
 * since RDTSC writes EDX:EAX), stores it in timer_irq_tsc[count], counts
 * the interrupt and EOIs. It is assembly so the sample sits at a fixed,
 * short distance from the delivery, and so it touches no XMM register the
 * interrupted C code may hold. It saves what it uses; IRETQ restores
 * RFLAGS.IF.
 *
 * EOI (SDM vol. 3, 11.8.5): a write of 0 to the EOI register, in x2APIC
 * mode WRMSR 0x80b with EDX:EAX = 0 (non-zero raises #GP, 11.12.1.2), in
 * xAPIC mode a 32-bit store to 0xfee000b0.
 */
#include "guest.h"
#include "apic.h"
#include "timer.h"

	.text
	.code64
	.globl timer_isr
timer_isr:
	pushq %rax
	pushq %rdx
	rdtsc
	pushq %rcx
	shlq $32, %rdx
	orq %rdx, %rax			/* RAX = TSC at entry */
	movl timer_irq_count(%rip), %ecx
	cmpl $TIMER_IRQ_MAX, %ecx
	jae 1f
	movq %rax, timer_irq_tsc(, %rcx, 8)
1:	incl %ecx
	movl %ecx, timer_irq_count(%rip)

	xorl %eax, %eax
	xorl %edx, %edx
	cmpb $0, timer_eoi_xapic(%rip)
	jne 2f
	movl $MSR_X2APIC_EOI, %ecx
	wrmsr
	jmp 3f
	/* A 32-bit MOV zero-extends into RCX: 0xfee000b0 does not fit a
	 * sign-extended disp32, so the address goes through a register. */
2:	movl $(APIC_BASE_ADDR + APIC_EOI), %ecx
	movl %eax, (%rcx)
3:	popq %rcx
	popq %rdx
	popq %rax
	iretq

/* A spurious interrupt takes no EOI (SDM vol. 3, 11.9); count it. */
	.globl spurious_isr
spurious_isr:
	incl spurious_count(%rip)
	iretq

	.section .note.GNU-stack, "", @progbits
