/*
 * pic.c - the 8259A pair (see pic.h).
 *
 * Per the 8259A datasheet: ICW1 (a command-port write with bit 4) starts
 * the initialization sequence, clears IMR and ISR and gives IR0 the
 * highest priority; ICW2 (the vector base), ICW3 (unless SNGL) and ICW4
 * (if ICW1 asked for it: auto-EOI, special fully nested mode) follow on
 * the data port, after which a data write is OCW1 (IMR). A command
 * write with bit 3 is OCW3 (read IRR or ISR, poll, special mask), else
 * OCW2 (EOI and rotation). An edge-triggered IR latches a rising edge in
 * IRR whether or not it is masked; a level-triggered one (ELCR, as on
 * the PIIX: IRQ 0, 1, 2, 8 and 13 are always edge) follows its line.
 * QEMU's hw/intc/i8259.c behaves the same way and is our referee.
 *
 * The slave's INT drives the master's IR2 as a level: the master sees a
 * request on IR2 exactly while the slave would acknowledge one, so a
 * second slave request behind the first is never lost to a missing edge.
 */
#include "pic.h"

/* ELCR bits that can be set (PIIX: the others read 0). */
#define ELCR_MASK_MASTER	0xf8
#define ELCR_MASK_SLAVE		0xde

#define ICW1			0x10
#define ICW1_IC4		0x01
#define ICW1_SNGL		0x02
#define OCW3			0x08
#define OCW3_RR			0x02	/* with RIS: read IRR or ISR */
#define OCW3_RIS		0x01
#define OCW3_POLL		0x04
#define OCW3_ESMM		0x40	/* with SMM: special mask mode */
#define OCW3_SMM		0x20
#define ICW4_AEOI		0x02
#define ICW4_SFNM		0x10

/* OCW2 commands: bits 7:5 (R, SL, EOI). */
enum ocw2 {
	OCW2_ROTATE_AEOI_CLEAR = 0, OCW2_EOI = 1, OCW2_NOP = 2,
	OCW2_SPECIFIC_EOI = 3, OCW2_ROTATE_AEOI_SET = 4,
	OCW2_ROTATE_EOI = 5, OCW2_SET_PRIORITY = 6,
	OCW2_ROTATE_SPECIFIC_EOI = 7,
};

/* Priority of the highest-priority IR in @bits: 0 is the chip's
 * highest (IR prio), 7 its lowest; 8 when @bits is empty. */
static unsigned int priority(const struct i8259 *s, uint8_t bits)
{
	unsigned int n;

	for (n = 0; n < 8; n++)
		if (bits & (1u << ((n + s->prio) & 7)))
			return n;
	return 8;
}

/* The IR an acknowledge would take, or -1. @master: the master chip
 * (special fully nested mode concerns its cascade input). */
static int chip_request(const struct i8259 *s, int master)
{
	unsigned int req = priority(s, s->irr & ~s->imr);
	uint8_t busy = s->isr;

	if (req == 8)
		return -1;
	if (s->special_mask)
		busy &= ~s->imr;
	/* SFNM: the slave's higher requests pass its IR2 in service. */
	if (master && s->sfnm)
		busy &= ~(1u << PIC_CASCADE_IRQ);
	if (req < priority(s, busy))
		return (int)((req + s->prio) & 7);
	return -1;
}

static void cascade_update(struct pic *p)
{
	struct i8259 *m = &p->chip[0];
	uint8_t bit = 1u << PIC_CASCADE_IRQ;

	if (chip_request(&p->chip[1], 0) >= 0)
		m->irr |= bit;
	else
		m->irr &= ~bit;
}

/* ICW1: IMR, ISR and the edge detectors cleared (an edge IR needs a
 * new low-to-high transition), IR0 the highest priority, IRR read. A
 * level-triggered line that is high keeps its request. */
static void chip_init(struct i8259 *s, uint8_t elcr_mask)
{
	uint8_t elcr = s->elcr & elcr_mask, lines = s->lines;

	*s = (struct i8259){ .elcr = elcr, .elcr_mask = elcr_mask,
			     .lines = lines, .irr = lines & elcr };
}

void pic_reset(struct pic *p)
{
	p->chip[0] = p->chip[1] = (struct i8259){ 0 };
	chip_init(&p->chip[0], ELCR_MASK_MASTER);
	chip_init(&p->chip[1], ELCR_MASK_SLAVE);
	p->chip[0].base = 0x08;
	p->chip[1].base = 0x70;
	p->chip[0].imr = (uint8_t)~(1u | (1u << PIC_CASCADE_IRQ));
	p->chip[1].imr = 0xff;
}

void pic_set_irq(struct pic *p, unsigned int irq, int level)
{
	struct i8259 *s = &p->chip[(irq >> 3) & 1];
	uint8_t bit = 1u << (irq & 7);

	if (s->elcr & bit) {
		if (level)
			s->irr |= bit;
		else
			s->irr &= ~bit;
	} else if (level && !(s->lines & bit)) {
		s->irr |= bit;
	}
	if (level)
		s->lines |= bit;
	else
		s->lines &= ~bit;
	cascade_update(p);
}

/* The CPU (or a poll) took IR @irq of @s. */
static void chip_ack(struct i8259 *s, int irq)
{
	uint8_t bit = 1u << irq;

	if (s->auto_eoi) {
		if (s->rotate_aeoi)
			s->prio = (uint8_t)((irq + 1) & 7);
	} else {
		s->isr |= bit;
	}
	/* A level-triggered request stays while its line is high. */
	if (!(s->elcr & bit))
		s->irr &= ~bit;
}

int pic_intr(const struct pic *p)
{
	return chip_request(&p->chip[0], 1) >= 0;
}

uint8_t pic_ack(struct pic *p)
{
	int irq = chip_request(&p->chip[0], 1), irq2;
	uint8_t vec;

	if (irq < 0)	/* gone before the INTA: spurious IR7 */
		return (uint8_t)(p->chip[0].base | 7);
	if (irq == PIC_CASCADE_IRQ) {
		irq2 = chip_request(&p->chip[1], 0);
		if (irq2 < 0) {
			irq2 = 7;	/* the slave's spurious IR7 */
		} else {
			chip_ack(&p->chip[1], irq2);
		}
		vec = (uint8_t)(p->chip[1].base | irq2);
	} else {
		vec = (uint8_t)(p->chip[0].base | irq);
	}
	chip_ack(&p->chip[0], irq);
	cascade_update(p);
	return vec;
}

static void ocw2(struct i8259 *s, uint8_t val)
{
	unsigned int n;
	int irq;

	switch ((enum ocw2)(val >> 5)) {
	case OCW2_ROTATE_AEOI_CLEAR:
	case OCW2_ROTATE_AEOI_SET:
		s->rotate_aeoi = val >> 7;
		break;
	case OCW2_EOI:
	case OCW2_ROTATE_EOI:
		n = priority(s, s->isr);
		if (n == 8)
			break;
		irq = (int)((n + s->prio) & 7);
		s->isr &= (uint8_t)~(1u << irq);
		if (val >> 5 == OCW2_ROTATE_EOI)
			s->prio = (uint8_t)((irq + 1) & 7);
		break;
	case OCW2_SPECIFIC_EOI:
		s->isr &= (uint8_t)~(1u << (val & 7));
		break;
	case OCW2_ROTATE_SPECIFIC_EOI:
		s->isr &= (uint8_t)~(1u << (val & 7));
		/* the EOI'd IR becomes the lowest priority */
		__attribute__((fallthrough));
	case OCW2_SET_PRIORITY:
		s->prio = (uint8_t)((val + 1) & 7);
		break;
	case OCW2_NOP:
		break;
	}
}

void pic_write(struct pic *p, unsigned int c, unsigned int port, uint8_t val)
{
	struct i8259 *s = &p->chip[c & 1];

	if (!(port & 1)) {
		if (val & ICW1) {
			chip_init(s, s->elcr_mask);
			s->init_state = 2;
			s->icw4 = val & ICW1_IC4;
			s->single = !!(val & ICW1_SNGL);
		} else if (val & OCW3) {
			if (val & OCW3_POLL)
				s->poll = 1;
			if (val & OCW3_RR)
				s->read_isr = val & OCW3_RIS;
			if (val & OCW3_ESMM)
				s->special_mask = !!(val & OCW3_SMM);
		} else {
			ocw2(s, val);
		}
	} else {
		switch (s->init_state) {
		case 0:
			s->imr = val;
			break;
		case 2:
			s->base = val & 0xf8;
			s->init_state = !s->single ? 3 : s->icw4 ? 4 : 0;
			break;
		case 3:		/* ICW3: the cascade is wired, as on a PC */
			s->init_state = s->icw4 ? 4 : 0;
			break;
		default:
			s->sfnm = !!(val & ICW4_SFNM);
			s->auto_eoi = !!(val & ICW4_AEOI);
			s->init_state = 0;
			break;
		}
	}
	cascade_update(p);
}

uint8_t pic_read(struct pic *p, unsigned int c, unsigned int port)
{
	struct i8259 *s = &p->chip[c & 1];
	int irq;

	if (s->poll) {
		/* Poll mode (OCW3 P): the read is the acknowledge; bit 7
		 * says a request was there, 2:0 its IR. */
		s->poll = 0;
		irq = chip_request(s, c == 0);
		if (irq < 0)
			return 0;
		chip_ack(s, irq);
		cascade_update(p);
		return (uint8_t)(0x80 | irq);
	}
	if (port & 1)
		return s->imr;
	return s->read_isr ? s->isr : s->irr;
}

void pic_elcr_write(struct pic *p, unsigned int c, uint8_t val)
{
	struct i8259 *s = &p->chip[c & 1];

	s->elcr = val & s->elcr_mask;
	cascade_update(p);
}

uint8_t pic_elcr_read(const struct pic *p, unsigned int c)
{
	return p->chip[c & 1].elcr;
}

int pic_irq_can_wake(const struct pic *p, unsigned int irq)
{
	const struct i8259 *m = &p->chip[0];
	unsigned int mirq = irq < 8 ? irq : PIC_CASCADE_IRQ;
	uint8_t busy = m->isr;

	if (irq >= 8) {
		const struct i8259 *s = &p->chip[1];

		if ((s->imr & (1u << (irq & 7))) ||
		    priority(s, 1u << (irq & 7)) >= priority(s, s->isr))
			return 0;
	}
	if (m->imr & (1u << mirq))
		return 0;
	if (m->special_mask)
		busy &= ~m->imr;
	if (m->sfnm)
		busy &= ~(1u << PIC_CASCADE_IRQ);
	return priority(m, 1u << mirq) < priority(m, busy);
}
