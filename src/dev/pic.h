/*
 * pic.h - the 8259A pair of the PC (Intel 8259A datasheet; the PIIX's
 * copy of it): master at 0x20/0x21, slave at 0xa0/0xa1 cascaded on the
 * master's IR2, and the edge/level control registers (ELCR) at
 * 0x4d0/0x4d1. A pure model: pic_write/pic_read take the chip's two
 * ports, pic_set_irq drives an ISA line, pic_intr is the INTR output and
 * pic_ack the CPU's interrupt acknowledge; nothing here knows of VMX,
 * so the host unit tests drive it directly.
 */
#ifndef DEV_PIC_H
#define DEV_PIC_H

#include <stdint.h>

#define PIC_MASTER_PORT		0x20
#define PIC_SLAVE_PORT		0xa0
#define PIC_ELCR_PORT		0x4d0
#define PIC_CASCADE_IRQ		2
#define PIC_IRQS		16

struct i8259 {
	uint8_t irr, isr, imr;
	uint8_t lines;		/* input levels, for edge detection */
	uint8_t elcr, elcr_mask;
	uint8_t base;		/* ICW2: vector of IR0 (bits 7:3) */
	uint8_t prio;		/* IR of the highest priority (rotation) */
	uint8_t init_state;	/* 0, or the ICW expected next (2..4) */
	uint8_t icw4, single;	/* ICW1 IC4 and SNGL */
	uint8_t auto_eoi, rotate_aeoi, sfnm;
	uint8_t read_isr, poll, special_mask;
};

struct pic {
	struct i8259 chip[2];	/* master, slave */
};

/* The state SeaBIOS leaves (pic_reset(0x08, 0x70), then IRQ0 enabled):
 * initialized, vectors 0x08 and 0x70, IRQ0 and the cascade unmasked. */
void pic_reset(struct pic *p);

/* Set ISA line @irq (0..15) to @level. */
void pic_set_irq(struct pic *p, unsigned int irq, int level);

/* Port @port (0 or 1) of chip @c (0 master, 1 slave). */
void pic_write(struct pic *p, unsigned int c, unsigned int port,
	       uint8_t val);
uint8_t pic_read(struct pic *p, unsigned int c, unsigned int port);

/* ELCR of chip @c (port 0x4d0 + @c). */
void pic_elcr_write(struct pic *p, unsigned int c, uint8_t val);
uint8_t pic_elcr_read(const struct pic *p, unsigned int c);

/* INTR: a request that an acknowledge would deliver now. */
int pic_intr(const struct pic *p);

/* The INTA cycles: IRR -> ISR (unless auto-EOI), the vector; with no
 * request left, the spurious IR7 of the master. */
uint8_t pic_ack(struct pic *p);

/* Whether IR @irq can reach INTR once raised (unmasked at each chip on
 * its way, no equal or higher request in service). */
int pic_irq_can_wake(const struct pic *p, unsigned int irq);

#endif
