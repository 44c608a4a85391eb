/*
 * ioapic_isr.S - the handler of the one vector the I/O APIC's entries
 * name: count, then EOI through the x2APIC EOI MSR.
 */
#include "guest.h"
#include "apic.h"

	.text
	.code64
	COUNTING_X2APIC_ISR ioapic_isr, ioapic_count

	.section .note.GNU-stack, "", @progbits
