/*
 * isr.S - the timer_abuse payload's interrupt handler: count the
 * interrupt and EOI through the x2APIC (apic.h's COUNTING_X2APIC_ISR).
 */
#include "guest.h"
#include "apic.h"

	.text
	.code64
	COUNTING_X2APIC_ISR abuse_isr, abuse_irq_count

	.section .note.GNU-stack, "", @progbits
