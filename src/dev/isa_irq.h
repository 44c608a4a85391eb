/*
 * isa_irq.h - the PC's legacy interrupt sources as the guest reaches
 * them (isa_irq.c): one 8259 pair, one I/O APIC (ioapic.h) and one
 * 8254, with PIT channel 0's OUT wired to IRQ0 (the I/O APIC's pin 2),
 * and what the entry path (src/vmx/intr.c) asks of them. Time is the
 * TSC; the PIT's clock is derived from it through the PM timer's
 * conversion (pmtimer.h).
 */
#ifndef DEV_ISA_IRQ_H
#define DEV_ISA_IRQ_H

#include <stdint.h>

struct vcpu;

/* PIC and PIT at their reset state (io_init, after pmtimer_init). */
void isa_irq_init(void);

/* The PIT's IRQ0 edges up to TSC @now into the PIC and the I/O APIC,
 * which delivers what its entries fire to @v's APIC, and the UART's
 * receiver poll (IRQ 4) if it is due. */
void isa_irq_sync(struct vcpu *v, uint64_t now);

/* The PIC's INTR output. */
int isa_irq_intr(void);

/* The interrupt acknowledge: the vector the PIC supplies. */
uint8_t isa_irq_ack(void);

/* TSC of the next IRQ0 that could reach the CPU as a new request: at
 * the PIC's INTR (unmasked, not already requested, no equal or higher
 * priority in service) when @v's APIC passes it on, or through the I/O
 * APIC's pin 2 as a vector @v's APIC would deliver; never sooner than
 * VMM_PIT_MIN_PERIOD_TICKS after the last one. Or the UART's next
 * receiver poll, if sooner and IRQ 4 could reach the CPU so. 0 when
 * none. Call after isa_irq_sync(). */
uint64_t isa_irq_next_event(const struct vcpu *v);

/* I/O APIC entries fired in a delivery mode this machine drops (SMI,
 * INIT, ExtINT). */
extern unsigned long ioapic_dropped;

/* Drive ISA line @irq (0..15) to @level (pc-testdev's IRQ ports, the
 * UART). */
void isa_irq_set_line(struct vcpu *v, unsigned int irq, int level);

/* @v's entries look at these sources from now on: a source that will
 * raise a line later (the UART's receiver) is polled from them. */
void isa_irq_use(struct vcpu *v);

#endif
