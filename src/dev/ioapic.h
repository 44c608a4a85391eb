/*
 * ioapic.h - one I/O APIC (Intel 82093AA data sheet, "Register
 * Description"; the IOAPIC ACPI's MADT announces, acpi.c) as a pure model:
 * the indirect register file behind IOREGSEL/IOWIN and 24 redirection
 * entries, driven by the lines wired to its pins. What a firing entry
 * delivers to the local APIC is the caller's (isa_irq.c), so host unit
 * tests drive this file alone.
 *
 * The PC's wiring, as the MADT's interrupt source override tells the
 * guest: ISA IRQ 0 (the PIT) on pin 2, every other ISA IRQ on the pin of
 * its number; pin 0 (the 8259's INTR in virtual-wire mode) and pins
 * 16-23 (PCI, and this machine has no PCI device) are never driven.
 *
 * Every source on this machine is an edge source (PIT, UART, RTC): an
 * entry fires when its input goes from deasserted to asserted while it
 * is unmasked, in either trigger mode, and a level-triggered one also
 * when it is opened on an asserted input. Remote IRR stays 0 and an EOI
 * returns nothing here: a level-triggered entry is not redelivered
 * while its line stays asserted. Delivery is instant, so the delivery
 * status reads idle.
 */
#ifndef DEV_IOAPIC_H
#define DEV_IOAPIC_H

#include <stdint.h>

#define IOAPIC_BASE		0xfec00000ull
#define IOAPIC_MMIO_SIZE	0x1000
#define IOAPIC_ID		1	/* the MADT's I/O APIC ID */
#define IOAPIC_PINS		24

/* The direct registers, offsets into the page. */
#define IOAPIC_REGSEL		0x00
#define IOAPIC_WINDOW		0x10

/* The indirect registers IOREGSEL selects. */
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01
#define IOAPIC_REG_ARB		0x02
#define IOAPIC_REG_REDIR	0x10	/* entry n: 0x10 + 2n low, + 1 high */

#define IOAPIC_VERSION		0x11	/* an 82093AA */
#define IOAPIC_ID_SHIFT		24
#define IOAPIC_ID_MASK		(0xfu << IOAPIC_ID_SHIFT)

/* Redirection entry bits (the data sheet's IOREDTBL). */
#define IOAPIC_RTE_VECTOR(e)	((uint32_t)(e) & 0xff)
#define IOAPIC_RTE_DELIVERY(e)	(((uint32_t)(e) >> 8) & 7)
#define IOAPIC_RTE_DM_FIXED	0
#define IOAPIC_RTE_DM_LOWEST	1
#define IOAPIC_RTE_DM_SMI	2
#define IOAPIC_RTE_DM_NMI	4
#define IOAPIC_RTE_DM_INIT	5
#define IOAPIC_RTE_DM_EXTINT	7
#define IOAPIC_RTE_LOGICAL	(1ull << 11)
#define IOAPIC_RTE_ACTIVE_LOW	(1ull << 13)
#define IOAPIC_RTE_LEVEL	(1ull << 15)
#define IOAPIC_RTE_MASKED	(1ull << 16)
#define IOAPIC_RTE_DEST(e)	((uint32_t)((e) >> 56))
/* The read-write bits; delivery status (12), Remote IRR (14) and the
 * reserved bits 55:17 read 0. */
#define IOAPIC_RTE_WRITABLE	0xff0000000001afffull

struct ioapic {
	uint32_t regsel;
	uint32_t id;			/* IOAPICID as written */
	uint32_t lines;			/* pin inputs, bit per pin */
	uint64_t rte[IOAPIC_PINS];
};

/* At reset: every entry masked, ID IOAPIC_ID. */
void ioapic_reset(struct ioapic *io);

/* The indirect register IOREGSEL selects. */
uint32_t ioapic_read(const struct ioapic *io);
/* Write it; returns the entry an unmask made fire (its line was
 * asserted), IOAPIC_RTE_MASKED when none. */
uint64_t ioapic_write(struct ioapic *io, uint32_t val);

/* Drive pin @pin (any value: out of range is no pin) to @level (1 high);
 * returns the entry that fired, IOAPIC_RTE_MASKED when none. */
uint64_t ioapic_set_line(struct ioapic *io, unsigned int pin, int level);

/* The entry of pin @pin if an assertion now would fire it, else
 * IOAPIC_RTE_MASKED. */
uint64_t ioapic_armed(const struct ioapic *io, unsigned int pin);

/* The pin ISA IRQ @irq is wired to. */
static inline unsigned int ioapic_isa_pin(unsigned int irq)
{
	return irq == 0 ? 2 : irq;
}

#endif
