/*
 * timer.h - what timer.c and timer_isr.S share: the vectors, and the
 * record the timer's interrupt handler keeps (TSC at entry, count).
 */
#ifndef TIMER_H
#define TIMER_H

#define TIMER_VECTOR		0x40
#define SPURIOUS_VECTOR		0xff	/* SVR 7:0 (SDM vol. 3, 11.9) */
#define TIMER_IRQ_MAX		1000	/* entries in timer_irq_tsc */

#ifndef __ASSEMBLY__

#include <stdint.h>

/* Interrupts taken since the mode began; the handler counts past
 * TIMER_IRQ_MAX but records the TSC of the first TIMER_IRQ_MAX only. */
extern volatile uint32_t timer_irq_count;
extern volatile uint64_t timer_irq_tsc[TIMER_IRQ_MAX];
/* Nonzero: the handler EOIs through the xAPIC page, else through MSR. */
extern volatile uint8_t timer_eoi_xapic;
extern volatile uint32_t spurious_count;

/* Entry points (timer_isr.S), for idt_set_gate. */
extern const char timer_isr[];
extern const char spurious_isr[];

#endif /* __ASSEMBLY__ */
#endif /* TIMER_H */
