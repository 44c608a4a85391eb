/*
 * pit.c - the 8254 (see pit.h).
 *
 * Per the 8254 datasheet: a control word (SC, RW, M, BCD) at 0x43 sets a
 * channel's mode and access and stops it until a count is written; RW
 * picks LSB only, MSB only, or LSB then MSB. RW = 00 latches the count
 * (counter latch command); SC = 11 is the read-back command, which
 * latches the counts and/or the status bytes of the channels it names.
 * The modes, with N the count (0 means 0x10000) and d the clocks since
 * it was loaded:
 *   0  interrupt on terminal count: OUT low, high at d = N, stays high;
 *   1  hardware one-shot: OUT low for N clocks after a gate rising edge;
 *   2  rate generator: OUT low for the one clock at d = kN - 1, so a
 *      rising edge at every d = kN (what IRQ0 counts);
 *   3  square wave: OUT high for ceil(N/2), low for floor(N/2) clocks;
 *   4  software strobe: OUT low for the clock at d = N;
 *   5  hardware strobe: as 4, from a gate rising edge.
 * The gate: low suspends counting in modes 0 and 4 and holds OUT high
 * in modes 2 and 3, whose count restarts at its rising edge; in modes 1
 * and 5 the rising edge triggers. Counts are binary: the BCD bit is kept
 * and read back, as QEMU's hw/timer/i8254.c does, which is our referee.
 */
#include "pit.h"

#define CW_SC(v)		((v) >> 6)
#define CW_RW(v)		(((v) >> 4) & 3)
#define CW_MODE(v)		(((v) >> 1) & 7)
#define CW_BCD			0x01
#define SC_READ_BACK		3
#define RB_NO_COUNT		0x20	/* read-back: 0 = latch the count */
#define RB_NO_STATUS		0x10	/* read-back: 0 = latch the status */
#define RB_CHANNEL(c)		(2u << (c))
#define STATUS_OUT		0x80
#define STATUS_NULL		0x40

/* Access states: the RW codes, and the MSB half of a word access. */
enum { RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_WORD = 3, RW_WORD_MSB = 4 };

void pit_reset(struct pit *p)
{
	unsigned int c;

	*p = (struct pit){ 0 };
	for (c = 0; c < PIT_CHANNELS; c++) {
		p->ch[c].count = 0x10000;
		p->ch[c].gate = c != PIT_CH_SPEAKER;
	}
}

/* Modes 1 and 5 are started by the gate, the others by the count. */
static int gate_triggered(const struct pit_channel *s)
{
	return s->mode == 1 || s->mode == 5;
}

/* Clocks counted since the load; a gate held low stops them (0, 2-4). */
static uint64_t elapsed(const struct pit_channel *s, uint64_t now)
{
	uint64_t t = s->gate || gate_triggered(s) ? now : s->gate_low;

	return t > s->load ? t - s->load : 0;
}

static int channel_out(const struct pit_channel *s, uint64_t now)
{
	uint64_t d, n = s->count;

	if (!s->counting)
		return s->mode != 0 && s->rw != RW_LATCH;
	d = elapsed(s, now);
	switch (s->mode) {
	case 0:
		return d >= n;
	case 1:
		return d >= n;
	case 2:
		return !s->gate || d % n != n - 1;
	case 3:
		return !s->gate || d % n < (n + 1) / 2;
	default:
		return d != n;
	}
}

int pit_out(const struct pit *p, unsigned int c, uint64_t now)
{
	return channel_out(&p->ch[c], now);
}

uint16_t pit_count(const struct pit *p, unsigned int c, uint64_t now)
{
	const struct pit_channel *s = &p->ch[c];
	uint64_t d, n = s->count;

	if (!s->counting)
		return (uint16_t)n;
	d = elapsed(s, now);
	switch (s->mode) {
	case 2:
		return (uint16_t)(n - d % n);
	case 3:
		return (uint16_t)(n - (2 * d) % n);
	default:
		return (uint16_t)(n - d);
	}
}

/* The clock (after the load) of OUT's only rising edge in a one-time
 * mode, 0 for the periodic modes 2 and 3. */
static uint64_t single_edge(const struct pit_channel *s)
{
	switch (s->mode) {
	case 0:
	case 1:
		return s->count;
	case 4:
	case 5:
		return (uint64_t)s->count + 1;
	default:
		return 0;
	}
}

uint64_t pit_edges(const struct pit *p, unsigned int c, uint64_t from,
		   uint64_t to)
{
	const struct pit_channel *s = &p->ch[c];
	uint64_t a, b, e;

	if (!s->counting || !s->gate || to <= from || to <= s->load)
		return 0;
	a = from > s->load ? from - s->load : 0;
	b = to - s->load;
	e = single_edge(s);
	if (e)
		return a < e && e <= b;
	return b / s->count - a / s->count;
}

uint64_t pit_next_edge(const struct pit *p, unsigned int c, uint64_t now)
{
	const struct pit_channel *s = &p->ch[c];
	uint64_t d, e;

	if (!s->counting || !s->gate)
		return 0;
	d = now > s->load ? now - s->load : 0;
	e = single_edge(s);
	if (e)
		return e > d ? s->load + e : 0;
	return s->load + (d / s->count + 1) * s->count;
}

static void latch_count(struct pit_channel *s, uint16_t count)
{
	if (s->latch_rw)	/* a latch not yet read is kept */
		return;
	s->latched = count;
	s->latch_rw = s->rw;
}

static void control_word(struct pit *p, uint8_t val, uint64_t now)
{
	struct pit_channel *s;
	unsigned int c;

	if (CW_SC(val) == SC_READ_BACK) {
		for (c = 0; c < PIT_CHANNELS; c++) {
			s = &p->ch[c];
			if (!(val & RB_CHANNEL(c)))
				continue;
			if (!(val & RB_NO_COUNT))
				latch_count(s, pit_count(p, c, now));
			if (!(val & RB_NO_STATUS) && !s->status_latched) {
				s->status = (uint8_t)(
					(channel_out(s, now) ? STATUS_OUT : 0) |
					(s->null_count ? STATUS_NULL : 0) |
					s->rw << 4 | s->mode << 1 | s->bcd);
				s->status_latched = 1;
			}
		}
		return;
	}
	s = &p->ch[CW_SC(val)];
	if (CW_RW(val) == RW_LATCH) {
		latch_count(s, pit_count(p, CW_SC(val), now));
		return;
	}
	s->rw = CW_RW(val);
	s->read_state = s->write_state = s->rw;
	s->mode = CW_MODE(val);
	if (s->mode >= 6)	/* 110b and 111b are modes 2 and 3 */
		s->mode -= 4;
	s->bcd = val & CW_BCD;
	s->counting = 0;
	s->null_count = 1;
	s->latch_rw = 0;
	s->status_latched = 0;
	p->programmed = 1;
}

static void load_count(struct pit_channel *s, uint32_t val, uint64_t now)
{
	s->count = val ? val : 0x10000;
	s->null_count = 0;
	s->load = now;
	s->gate_low = now;
	s->counting = !gate_triggered(s);
}

void pit_write(struct pit *p, unsigned int port, uint8_t val, uint64_t now)
{
	struct pit_channel *s;

	if (port >= PIT_PORT_CONTROL) {
		control_word(p, val, now);
		return;
	}
	s = &p->ch[port];
	switch (s->write_state) {
	case RW_LSB:
		load_count(s, val, now);
		break;
	case RW_MSB:
		load_count(s, (uint32_t)val << 8, now);
		break;
	case RW_WORD:
		s->write_lsb = val;
		s->write_state = RW_WORD_MSB;
		break;
	case RW_WORD_MSB:
		load_count(s, s->write_lsb | (uint32_t)val << 8, now);
		s->write_state = RW_WORD;
		break;
	default:	/* no control word yet: nothing to load */
		break;
	}
}

uint8_t pit_read(struct pit *p, unsigned int port, uint64_t now)
{
	struct pit_channel *s;
	uint16_t count;

	if (port >= PIT_PORT_CONTROL)	/* the control word is write-only */
		return 0xff;
	s = &p->ch[port];
	if (s->status_latched) {
		s->status_latched = 0;
		return s->status;
	}
	if (s->latch_rw) {
		count = s->latched;
		if (s->latch_rw == RW_WORD) {
			s->latch_rw = RW_MSB;
			return (uint8_t)count;
		}
		s->latch_rw = RW_LATCH;
		return s->rw == RW_LSB ? (uint8_t)count : (uint8_t)(count >> 8);
	}
	count = pit_count(p, port, now);
	switch (s->read_state) {
	case RW_MSB:
		return (uint8_t)(count >> 8);
	case RW_WORD:
		s->read_state = RW_WORD_MSB;
		return (uint8_t)count;
	case RW_WORD_MSB:
		s->read_state = RW_WORD;
		return (uint8_t)(count >> 8);
	default:
		return (uint8_t)count;
	}
}

static void set_gate(struct pit_channel *s, int gate, uint64_t now)
{
	if (gate == s->gate)
		return;
	s->gate = (uint8_t)gate;
	if (!gate) {
		s->gate_low = now;
		return;
	}
	switch (s->mode) {
	case 0:
	case 4:		/* counting resumes where it stopped */
		if (s->counting)
			s->load += now - s->gate_low;
		break;
	case 2:
	case 3:		/* the count reloads */
		if (s->counting)
			s->load = now;
		break;
	default:	/* modes 1 and 5: the trigger */
		if (!s->null_count && s->rw != RW_LATCH) {
			s->load = now;
			s->counting = 1;
		}
		break;
	}
}

uint8_t pit_port61_read(const struct pit *p, uint64_t now)
{
	const struct pit_channel *s = &p->ch[PIT_CH_SPEAKER];

	return (uint8_t)((s->gate ? PORT61_GATE2 : 0) |
			 (p->port61 & PORT61_SPEAKER) |
			 ((now / PORT61_REFRESH_TICKS) & 1 ? PORT61_REFRESH : 0) |
			 (channel_out(s, now) ? PORT61_OUT2 : 0));
}

void pit_port61_write(struct pit *p, uint8_t val, uint64_t now)
{
	p->port61 = val & PORT61_SPEAKER;
	set_gate(&p->ch[PIT_CH_SPEAKER], val & PORT61_GATE2, now);
}
