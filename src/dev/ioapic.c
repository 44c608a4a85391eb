/*
 * ioapic.c - the I/O APIC's registers and pins (see ioapic.h).
 */
#include "ioapic.h"

void ioapic_reset(struct ioapic *io)
{
	unsigned int i;

	io->regsel = 0;
	io->id = IOAPIC_ID << IOAPIC_ID_SHIFT;
	io->lines = 0;
	for (i = 0; i < IOAPIC_PINS; i++)
		io->rte[i] = IOAPIC_RTE_MASKED;
}

/* The redirection entry IOREGSEL names, or -1 for another register. */
static int selected_pin(const struct ioapic *io)
{
	uint32_t r = io->regsel;

	if (r < IOAPIC_REG_REDIR || r >= IOAPIC_REG_REDIR + 2 * IOAPIC_PINS)
		return -1;
	return (int)((r - IOAPIC_REG_REDIR) / 2);
}

/* Whether pin @pin's input is asserted: high, or low for an entry that
 * says active low. */
static int asserted(const struct ioapic *io, unsigned int pin)
{
	int high = (io->lines >> pin) & 1;

	return (io->rte[pin] & IOAPIC_RTE_ACTIVE_LOW) ? !high : high;
}

uint32_t ioapic_read(const struct ioapic *io)
{
	int pin = selected_pin(io);

	if (pin >= 0)
		return (io->regsel & 1) ? (uint32_t)(io->rte[pin] >> 32)
					: (uint32_t)io->rte[pin];
	switch (io->regsel) {
	case IOAPIC_REG_ID:
	case IOAPIC_REG_ARB:	/* the arbitration ID is the ID, as QEMU's */
		return io->id;
	case IOAPIC_REG_VER:
		return ((IOAPIC_PINS - 1) << 16) | IOAPIC_VERSION;
	default:
		return 0;	/* no register there */
	}
}

uint64_t ioapic_write(struct ioapic *io, uint32_t val)
{
	int pin = selected_pin(io);
	uint64_t e;
	int was;

	if (pin < 0) {
		if (io->regsel == IOAPIC_REG_ID)
			io->id = val & IOAPIC_ID_MASK;
		return IOAPIC_RTE_MASKED;	/* VER and ARB are read-only */
	}
	was = asserted(io, (unsigned int)pin) &&
	      !(io->rte[pin] & IOAPIC_RTE_MASKED);
	e = io->rte[pin];
	if (io->regsel & 1)
		e = (e & 0xffffffffull) | ((uint64_t)val << 32);
	else
		e = (e & ~0xffffffffull) | val;
	io->rte[pin] = e & IOAPIC_RTE_WRITABLE;
	/* A level-triggered entry that opens (an unmask, or the polarity
	 * turned) on an asserted input fires; an edge-triggered one waits
	 * for the next edge, as an edge that came while masked is lost. */
	if (!was && (e & IOAPIC_RTE_LEVEL) && asserted(io, (unsigned int)pin))
		return ioapic_armed(io, (unsigned int)pin);
	return IOAPIC_RTE_MASKED;
}

uint64_t ioapic_armed(const struct ioapic *io, unsigned int pin)
{
	if (pin >= IOAPIC_PINS)
		return IOAPIC_RTE_MASKED;
	return io->rte[pin] & IOAPIC_RTE_MASKED ? IOAPIC_RTE_MASKED
						: io->rte[pin];
}

uint64_t ioapic_set_line(struct ioapic *io, unsigned int pin, int level)
{
	int was;

	if (pin >= IOAPIC_PINS)
		return IOAPIC_RTE_MASKED;
	was = asserted(io, pin);
	if (level)
		io->lines |= 1u << pin;
	else
		io->lines &= ~(1u << pin);
	if (was || !asserted(io, pin))
		return IOAPIC_RTE_MASKED;
	return ioapic_armed(io, pin);
}
