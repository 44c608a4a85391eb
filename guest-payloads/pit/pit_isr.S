/*
 * pit_isr.S - IRQ0's handler (the 8254 through the 8259), the APIC
 * timer's, and the PIC's spurious IR7.
 *
 * irq0_isr reads the TSC and the PM timer first, records both, counts
 * the interrupt and sends the master PIC a non-specific EOI (OCW2 0x20,
 * 8259A datasheet). lapic_isr counts and EOIs through the x2APIC EOI
 * MSR. A spurious IR7 sets no ISR bit and takes no EOI.
 */
#include "guest.h"
#include "apic.h"
#include "pit.h"

	.text
	.code64
	.globl irq0_isr
irq0_isr:
	pushq %rax
	pushq %rdx
	rdtsc
	pushq %rcx
	shlq $32, %rdx
	orq %rdx, %rax
	movq %rax, %rcx			/* RCX = TSC at entry */
	movw $VMM_PORT_PM_TIMER, %dx
	inl %dx, %eax
	pushq %rax
	movl irq0_count(%rip), %eax
	cmpl $IRQ_MAX, %eax
	jae 1f
	movq %rcx, irq0_tsc(, %rax, 8)
	popq %rcx
	movl %ecx, irq0_pm(, %rax, 4)
	jmp 2f
1:	popq %rcx
2:	incl irq0_count(%rip)
	movb $0x20, %al
	outb %al, $0x20
	popq %rcx
	popq %rdx
	popq %rax
	iretq

	COUNTING_X2APIC_ISR lapic_isr, lapic_count

	.globl pic_spurious_isr
pic_spurious_isr:
	incl spurious_count(%rip)
	iretq

	.section .note.GNU-stack, "", @progbits
