/*
 * pit.h - the 8254 programmable interval timer of the PC (Intel 8254
 * datasheet): three 16-bit down counters at 0x40-0x42 clocked at
 * 1.193182 MHz, the control word at 0x43. Channel 0's OUT is IRQ0;
 * channel 2's gate and OUT are bits 0 and 5 of port 0x61 (system
 * control port B). A pure model: time comes in as a count of PIT input
 * clocks (pit_ticks), nothing here knows of the TSC or of VMX, so the
 * host unit tests drive it directly.
 */
#ifndef DEV_PIT_H
#define DEV_PIT_H

#include <stdint.h>

#define PIT_PORT		0x40
#define PIT_PORT_CONTROL	3	/* 0x43, relative to PIT_PORT */
#define PIT_CHANNELS		3
#define PIT_CH_IRQ0		0
#define PIT_CH_SPEAKER		2

/* Port 0x61 (system control port B) bits. */
#define PORT61			0x61
#define PORT61_GATE2		0x01
#define PORT61_SPEAKER		0x02
#define PORT61_REFRESH		0x10	/* toggles every 15.085 us */
#define PORT61_OUT2		0x20
/* The refresh request toggles every 15.085 us: 18 PIT clocks. */
#define PORT61_REFRESH_TICKS	18

struct pit_channel {
	uint32_t count;		/* the initial count, 1..0x10000 */
	uint16_t latched;	/* the counter latch */
	uint8_t mode, rw, bcd;
	uint8_t latch_rw;	/* bytes of the latch left to read (RW
				 * code), 0 = no latch */
	uint8_t status, status_latched;
	uint8_t read_state, write_state, write_lsb;
	uint8_t gate;
	uint8_t null_count;	/* control word written, no count yet */
	uint8_t counting;	/* a count is loaded and runs */
	uint64_t load;		/* tick the count started from */
	uint64_t gate_low;	/* tick the gate went low (gate == 0) */
};

struct pit {
	struct pit_channel ch[PIT_CHANNELS];
	uint8_t port61;		/* the speaker-data bit as written */
	uint8_t programmed;	/* any control word since reset */
};

/* Reset: no channel counts; gates 0 and 1 high, channel 2's low. */
void pit_reset(struct pit *p);

/* Ports 0x40-0x43, @port relative to 0x40, at tick @now. */
void pit_write(struct pit *p, unsigned int port, uint8_t val, uint64_t now);
uint8_t pit_read(struct pit *p, unsigned int port, uint64_t now);

/* OUT of channel @c at @now. */
int pit_out(const struct pit *p, unsigned int c, uint64_t now);

/* The counting element of channel @c at @now (what a latch takes). */
uint16_t pit_count(const struct pit *p, unsigned int c, uint64_t now);

/* Rising edges of channel @c's OUT in (@from, @to]: 0, 1 or more. */
uint64_t pit_edges(const struct pit *p, unsigned int c, uint64_t from,
		   uint64_t to);

/* The tick of channel @c's first rising edge after @now, or 0: none
 * is coming. */
uint64_t pit_next_edge(const struct pit *p, unsigned int c, uint64_t now);

/* Port 0x61 at @now. */
uint8_t pit_port61_read(const struct pit *p, uint64_t now);
void pit_port61_write(struct pit *p, uint8_t val, uint64_t now);

#endif
