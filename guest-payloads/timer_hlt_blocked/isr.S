/*
 * isr.S - the periodic timer's handler that never returns: with its own
 * vector in service (ISR) it enables interrupts and halts. Only a vector
 * of a higher priority class could wake it (SDM vol. 3, 11.8.3.1), and
 * the timer has none: the hypervisor must end the run.
 */
	.text
	.code64
	.globl blocked_isr
blocked_isr:
	sti
	hlt
	jmp blocked_isr

	.section .note.GNU-stack, "", @progbits
