/*
 * pit.h - what pit.c and pit_isr.S share: the vectors and the handlers'
 * records.
 */
#ifndef PIT_PAYLOAD_H
#define PIT_PAYLOAD_H

#define PIC_VECTOR		0x20	/* IRQ0 after ICW2 */
#define PIC_SPURIOUS_VECTOR	(PIC_VECTOR + 7)
#define LAPIC_VECTOR		0x40
#define IRQ_MAX			64

#ifndef __ASSEMBLY__
#include <stdint.h>

extern volatile uint32_t irq0_count;
extern volatile uint64_t irq0_tsc[IRQ_MAX];
extern volatile uint32_t irq0_pm[IRQ_MAX];
extern volatile uint32_t lapic_count;
extern volatile uint32_t spurious_count;

void irq0_isr(void);
void lapic_isr(void);
void pic_spurious_isr(void);
#endif

#endif
