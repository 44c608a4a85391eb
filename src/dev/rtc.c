/*
 * rtc.c - the PC's MC146818 real-time clock and its CMOS RAM: port 0x70
 * takes the register index (bit 7 is the NMI mask, kept and otherwise
 * ignored: this machine has no NMI source behind it), port 0x71 reads or
 * writes the register. Registers as the MC146818A data sheet gives them,
 * with QEMU's hw/rtc/mc146818rtc.c as the referee where it is silent.
 *
 * The clock is the host's own CMOS time, read once at start, advanced by
 * the TSC at the rate the PM timer uses (pmtimer.c). A guest that sets
 * the time moves its own offset from that clock; the host's CMOS is
 * never written. B.SET stops the clock as on the chip: the time registers
 * then hold plain bytes, which the guest writes in any order, and
 * clearing SET runs the clock from them if they are a time (else from
 * where it stopped, with a one-line denial). A running clock takes a
 * field write at once when the result is a time, and refuses it if not
 * (QEMU would normalize February 30th; a refusal is the plainer answer).
 * UIP reads 1 for the 244 us before each second ends, so code that waits
 * for an update edge sees one. Register C's UF is set by every second
 * that ended since C was last read, IRQF with it when B.UIE; PF and AF
 * stay 0 (no periodic interrupt, no alarm), and no IRQ 8 is raised.
 * Day of week is computed from the date: a write to it is dropped, as
 * QEMU's next update drops it.
 *
 * The other CMOS bytes are RAM, filled as QEMU's pc_cmos_init() fills
 * them (hw/i386/pc.c): memory sizes, equipment, processor count.
 */
#include "rtc.h"

#include <stdio.h>

#include "io.h"
#include "pmtimer.h"
#include "vcpu.h"
#include "x86.h"

#define SECS_PER_DAY		86400
/* Days from 0000-03-01 to 1970-01-01 in the era count below. */
#define DAYS_TO_1970		719468

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const uint8_t days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	return days[m - 1] + (m == 2 && is_leap(y));
}

/*
 * Days since 1970-01-01, counting years from March so that the leap day
 * ends a year: 400-year eras of 146097 days, 365-day years, and a month
 * length of (153 * m + 2) / 5 for months from March (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms"). January and February
 * of year 0 belong to year -1, in era -1: the division rounds down.
 */
int64_t rtc_seconds(const struct rtc_time *t)
{
	int y = t->year - (t->mon <= 2);
	int era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int mp = (t->mon + 9) % 12;
	int doy = (153 * mp + 2) / 5 + t->mday - 1;
	int64_t doe = (int64_t)yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = (int64_t)era * 146097 + doe - DAYS_TO_1970;

	return days * SECS_PER_DAY + t->hour * 3600 + t->min * 60 + t->sec;
}

void rtc_break_down(int64_t secs, struct rtc_time *t)
{
	int64_t days = secs / SECS_PER_DAY, rem = secs % SECS_PER_DAY;
	int64_t z, era, doe, yoe, doy, mp;

	if (rem < 0) {
		rem += SECS_PER_DAY;
		days--;
	}
	t->hour = (int)(rem / 3600);
	t->min = (int)(rem / 60 % 60);
	t->sec = (int)(rem % 60);
	/* 1970-01-01 was a Thursday. */
	t->wday = (int)(((days + 4) % 7 + 7) % 7);
	z = days + DAYS_TO_1970;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	t->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	t->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	t->year = (int)(yoe + era * 400 + (t->mon <= 2));
}

uint8_t rtc_to_reg(unsigned int v, uint8_t reg_b)
{
	if (reg_b & RTC_B_BINARY)
		return (uint8_t)v;
	return (uint8_t)(((v / 10) % 10) << 4 | v % 10);
}

int rtc_from_reg(uint8_t r, uint8_t reg_b)
{
	if (reg_b & RTC_B_BINARY)
		return r;
	if ((r >> 4) > 9 || (r & 0xf) > 9)
		return -1;
	return (r >> 4) * 10 + (r & 0xf);
}

/* 12 h mode: 12 AM is midnight, 12 PM noon (data sheet, table 3). */
uint8_t rtc_hour_to_reg(unsigned int hour, uint8_t reg_b)
{
	unsigned int h12;

	if (reg_b & RTC_B_24H)
		return rtc_to_reg(hour, reg_b);
	h12 = hour % 12 ? hour % 12 : 12;
	return rtc_to_reg(h12, reg_b) | (hour >= 12 ? RTC_HOUR_PM : 0);
}

int rtc_hour_from_reg(uint8_t r, uint8_t reg_b)
{
	int h;

	if (reg_b & RTC_B_24H)
		return rtc_from_reg(r, reg_b);
	h = rtc_from_reg(r & ~RTC_HOUR_PM, reg_b);
	if (h < 1 || h > 12)
		return -1;
	return h % 12 + ((r & RTC_HOUR_PM) ? 12 : 0);
}

/* What QEMU's pc_cmos_init() stores (hw/i386/pc.c), for a machine whose
 * RAM is [0, @ram), one processor, no floppy drive. */
static void cmos_ram_init(uint8_t *cmos, uint64_t ram)
{
	uint64_t below_4g = ram < (1ull << 32) ? ram : 1ull << 32;
	uint64_t v;

	v = ram / 1024 < 640 ? ram / 1024 : 640;
	cmos[CMOS_BASE_MEM_LO] = (uint8_t)v;
	cmos[CMOS_BASE_MEM_LO + 1] = (uint8_t)(v >> 8);
	v = below_4g > (1u << 20) ? (below_4g - (1u << 20)) / 1024 : 0;
	v = v > 0xffff ? 0xffff : v;
	cmos[CMOS_EXT_MEM_LO] = cmos[CMOS_EXT_MEM2_LO] = (uint8_t)v;
	cmos[CMOS_EXT_MEM_LO + 1] = cmos[CMOS_EXT_MEM2_LO + 1] =
		(uint8_t)(v >> 8);
	v = below_4g > (16u << 20) ? (below_4g - (16u << 20)) / 65536 : 0;
	v = v > 0xffff ? 0xffff : v;
	cmos[CMOS_MEM_16M_LO] = (uint8_t)v;
	cmos[CMOS_MEM_16M_LO + 1] = (uint8_t)(v >> 8);
	v = (ram - below_4g) / 65536;
	cmos[CMOS_MEM_4G_LO] = (uint8_t)v;
	cmos[CMOS_MEM_4G_LO + 1] = (uint8_t)(v >> 8);
	cmos[CMOS_MEM_4G_LO + 2] = (uint8_t)(v >> 16);
	cmos[CMOS_NR_CPUS_M1] = 0;
	cmos[CMOS_FLOPPY_TYPES] = 0;
	cmos[CMOS_EQUIPMENT] = CMOS_EQUIP_FPU | CMOS_EQUIP_PS2_MOUSE;
}

void rtc_reset(struct rtc *r, const struct rtc_time *t, uint64_t tsc0,
	       uint64_t hz, uint64_t ram)
{
	unsigned int i;

	for (i = 0; i < RTC_CMOS_SIZE; i++)
		r->cmos[i] = 0;
	r->cmos[RTC_REG_A] = RTC_A_RESET;
	r->cmos[RTC_REG_B] = RTC_B_RESET;
	r->cmos[RTC_REG_D] = RTC_D_VRT;
	cmos_ram_init(r->cmos, ram);
	r->index = 0;
	r->nmi_disabled = 0;
	r->tsc0 = tsc0;
	r->hz = hz;
	r->uip_ticks = hz / 1000000 * RTC_UIP_US;
	r->base = rtc_seconds(t);
	r->held = r->base;
	r->uf_sec = 0;
}

/* Whole seconds the clock counted since tsc0 (a TSC behind tsc0 is 0). */
static uint64_t clock_secs(const struct rtc *r, uint64_t tsc)
{
	return tsc > r->tsc0 ? (tsc - r->tsc0) / r->hz : 0;
}

static int64_t rtc_now(const struct rtc *r, uint64_t tsc)
{
	if (r->cmos[RTC_REG_B] & RTC_B_SET)
		return r->held;
	return r->base + (int64_t)clock_secs(r, tsc);
}

static int uip(const struct rtc *r, uint64_t tsc)
{
	if ((r->cmos[RTC_REG_B] & RTC_B_SET) || tsc <= r->tsc0)
		return 0;
	return (tsc - r->tsc0) % r->hz >= r->hz - r->uip_ticks;
}

static const uint8_t time_regs[] = {
	RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_DAY_OF_WEEK,
	RTC_DAY_OF_MONTH, RTC_MONTH, RTC_YEAR, RTC_CENTURY,
};

static int is_time_reg(unsigned int index)
{
	unsigned int i;

	for (i = 0; i < sizeof(time_regs); i++)
		if (index == time_regs[i])
			return 1;
	return 0;
}

/* The register @index of the time @secs in the form @b selects. */
static uint8_t time_reg(int64_t secs, unsigned int index, uint8_t b)
{
	struct rtc_time t;

	rtc_break_down(secs, &t);
	switch (index) {
	case RTC_SECONDS:	return rtc_to_reg((unsigned int)t.sec, b);
	case RTC_MINUTES:	return rtc_to_reg((unsigned int)t.min, b);
	case RTC_HOURS:		return rtc_hour_to_reg((unsigned int)t.hour, b);
	case RTC_DAY_OF_WEEK:	return rtc_to_reg((unsigned int)t.wday + 1, b);
	case RTC_DAY_OF_MONTH:	return rtc_to_reg((unsigned int)t.mday, b);
	case RTC_MONTH:		return rtc_to_reg((unsigned int)t.mon, b);
	case RTC_YEAR:		return rtc_to_reg((unsigned int)t.year % 100, b);
	default:		return rtc_to_reg((unsigned int)t.year / 100, b);
	}
}

/* The one bound on a guest-written time: a real date, years 0-9999
 * (what two BCD bytes hold). */
static int valid_time(const struct rtc_time *t)
{
	return t->sec >= 0 && t->sec <= 59 && t->min >= 0 && t->min <= 59 &&
	       t->hour >= 0 && t->hour <= 23 && t->mon >= 1 && t->mon <= 12 &&
	       t->year >= 0 && t->year <= 9999 && t->mday >= 1 &&
	       t->mday <= month_days(t->year, t->mon);
}

/* Field @index of @t from its register value @val, in the form @b. */
static void set_field(struct rtc_time *t, unsigned int index, uint8_t val,
		      uint8_t b)
{
	int v = index == RTC_HOURS ? rtc_hour_from_reg(val, b)
				   : rtc_from_reg(val, b);

	switch (index) {
	case RTC_SECONDS:	t->sec = v; break;
	case RTC_MINUTES:	t->min = v; break;
	case RTC_HOURS:		t->hour = v; break;
	case RTC_DAY_OF_MONTH:	t->mday = v; break;
	case RTC_MONTH:		t->mon = v; break;
	case RTC_YEAR:
		t->year = v < 0 ? -1 : t->year / 100 * 100 + v;
		break;
	case RTC_CENTURY:
		t->year = v < 0 ? -1 : t->year % 100 + v * 100;
		break;
	default:
		break;	/* the day of week follows from the date */
	}
}

uint8_t rtc_reg_read(struct rtc *r, unsigned int index, uint64_t tsc)
{
	uint8_t b = r->cmos[RTC_REG_B], c = 0;
	uint64_t sec;

	index &= RTC_INDEX_MASK;
	/* While SET stops the clock the time registers are plain bytes:
	 * the guest's, as it writes them (data sheet, "Register B" bit 7). */
	if (is_time_reg(index) && !(b & RTC_B_SET))
		return time_reg(rtc_now(r, tsc), index, b);
	switch (index) {
	case RTC_REG_A:
		return (r->cmos[RTC_REG_A] & ~RTC_A_UIP) |
		       (uip(r, tsc) ? RTC_A_UIP : 0);
	case RTC_REG_C:
		/* Read clears (data sheet, "Register C"). */
		sec = clock_secs(r, tsc);
		if (sec != r->uf_sec && !(b & RTC_B_SET))
			c = RTC_C_UF | ((b & RTC_B_UIE) ? RTC_C_IRQF : 0);
		r->uf_sec = sec;
		return c;
	default:
		return r->cmos[index];
	}
}

/*
 * A running clock takes a write to one of its fields at once (as QEMU's
 * rtc_set_time() does from the registers): the new time must be one.
 */
static int write_running(struct rtc *r, unsigned int index, uint8_t val,
			 uint64_t tsc)
{
	int64_t now = rtc_now(r, tsc);
	struct rtc_time t;

	if (index == RTC_DAY_OF_WEEK)
		return 0;
	rtc_break_down(now, &t);
	set_field(&t, index, val, r->cmos[RTC_REG_B]);
	if (!valid_time(&t))
		return -1;
	r->base += rtc_seconds(&t) - now;
	return 0;
}

/*
 * B.SET (data sheet, "Register B" bits 7 and 4): set, the clock stops
 * with its time in the registers, and UIE is cleared; cleared, the clock
 * runs from what the registers then hold, read in the form they were
 * written in, if that is a time; if not, it runs on from where it
 * stopped and the write reports -1.
 */
static int write_reg_b(struct rtc *r, uint8_t val, uint64_t tsc)
{
	uint8_t old = r->cmos[RTC_REG_B];
	struct rtc_time t;
	unsigned int i;
	int ret = 0;

	if ((val & RTC_B_SET) && !(old & RTC_B_SET)) {
		r->held = rtc_now(r, tsc);
		for (i = 0; i < sizeof(time_regs); i++)
			r->cmos[time_regs[i]] = time_reg(r->held, time_regs[i],
							 old);
		val &= ~RTC_B_UIE;
	} else if (!(val & RTC_B_SET) && (old & RTC_B_SET)) {
		rtc_break_down(r->held, &t);
		for (i = 0; i < sizeof(time_regs); i++)
			set_field(&t, time_regs[i], r->cmos[time_regs[i]], old);
		if (valid_time(&t))
			r->held = rtc_seconds(&t);
		else
			ret = -1;
		r->base = r->held - (int64_t)clock_secs(r, tsc);
		r->uf_sec = clock_secs(r, tsc);
	}
	r->cmos[RTC_REG_B] = val;
	return ret;
}

int rtc_reg_write(struct rtc *r, unsigned int index, uint8_t val,
		  uint64_t tsc)
{
	index &= RTC_INDEX_MASK;
	if (is_time_reg(index)) {
		if (r->cmos[RTC_REG_B] & RTC_B_SET) {
			r->cmos[index] = val;
			return 0;
		}
		return write_running(r, index, val, tsc);
	}
	switch (index) {
	case RTC_REG_A:
		r->cmos[RTC_REG_A] = val & ~RTC_A_UIP;
		return 0;
	case RTC_REG_B:
		return write_reg_b(r, val, tsc);
	case RTC_REG_C:
	case RTC_REG_D:
		return 0;	/* read-only */
	default:
		r->cmos[index] = val;
		return 0;
	}
}

/* --- the device: the host's clock, and the ports ------------------------ */

#define RTC_PORT_INDEX		0x70
#define RTC_PORT_DATA		0x71
/* Bound on the wait for the host's UIP to fall: it is up 2228 us at most
 * (244 + 1984); an IN takes about a microsecond, so this is ample. */
#define HOST_UIP_SPINS		100000

static struct rtc rtc;
static struct rtc_time host_time = { 2000, 1, 1, 0, 0, 0, 6 };
static uint64_t host_tsc0, host_hz;
static int rtc_ready;

static uint8_t host_cmos(uint8_t index)
{
	outb(RTC_PORT_INDEX, index);
	return inb(RTC_PORT_DATA);
}

/* The host's registers, read between two updates (UIP clear before and
 * the same seconds after), decoded as its register B says. */
static int host_read(struct rtc_time *t)
{
	uint8_t b, sec;
	unsigned int spins;
	int year, cent;

	for (spins = 0; host_cmos(RTC_REG_A) & RTC_A_UIP; spins++)
		if (spins >= HOST_UIP_SPINS)
			return -1;
	b = host_cmos(RTC_REG_B);
	sec = host_cmos(RTC_SECONDS);
	t->sec = rtc_from_reg(sec, b);
	t->min = rtc_from_reg(host_cmos(RTC_MINUTES), b);
	t->hour = rtc_hour_from_reg(host_cmos(RTC_HOURS), b);
	t->mday = rtc_from_reg(host_cmos(RTC_DAY_OF_MONTH), b);
	t->mon = rtc_from_reg(host_cmos(RTC_MONTH), b);
	year = rtc_from_reg(host_cmos(RTC_YEAR), b);
	cent = rtc_from_reg(host_cmos(RTC_CENTURY), b);
	if (host_cmos(RTC_SECONDS) != sec)
		return -1;	/* an update came between: read again */
	if (t->sec < 0 || t->sec > 59 || t->min < 0 || t->min > 59 ||
	    t->hour < 0 || t->hour > 23 || t->mon < 1 || t->mon > 12 ||
	    year < 0 || year > 99)
		return -1;
	/* A century byte that is not one: this century. */
	t->year = (cent >= 19 && cent <= 99 ? cent : 20) * 100 + year;
	if (t->mday < 1 || t->mday > month_days(t->year, t->mon))
		return -1;
	return 0;
}

void rtc_init(void)
{
	struct rtc_time t;
	int tries;

	host_hz = pmtimer_host_tsc_hz();
	for (tries = 0; tries < 3; tries++) {
		if (host_read(&t) == 0) {
			host_time = t;
			host_tsc0 = rdtsc();
			return;
		}
	}
	host_tsc0 = rdtsc();
	printf("vmm: rtc: the host's CMOS clock reads no valid time; "
	       "the guest's starts at 2000-01-01 00:00:00\n");
}

uint64_t rtc_host_ns(uint64_t tsc)
{
	int64_t secs = rtc_seconds(&host_time);
	uint64_t since = tsc - host_tsc0;

	return (uint64_t)secs * 1000000000ull +
	       (uint64_t)((unsigned __int128)since * 1000000000ull / host_hz);
}

static struct rtc *rtc_get(struct vcpu *v)
{
	if (!rtc_ready) {
		rtc_reset(&rtc, &host_time, host_tsc0, host_hz,
			  v->guest_mem_size);
		rtc_ready = 1;
	}
	return &rtc;
}

/* A word or dword access is that many byte accesses from its first port,
 * as QEMU splits it (its CMOS region takes one byte at a time). */
static uint32_t rtc_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	struct rtc *r = rtc_get(v);
	uint32_t val = 0;
	unsigned int i;

	for (i = 0; i < size; i++) {
		uint32_t b = 0xff;	/* the index port is write-only */

		if (port + i == RTC_PORT_DATA - RTC_PORT_INDEX)
			b = rtc_reg_read(r, r->index, rdtsc());
		val |= b << (8 * i);
	}
	return val;
}

static void rtc_out(struct vcpu *v, uint16_t port, unsigned int size,
		    uint32_t val)
{
	struct rtc *r = rtc_get(v);
	unsigned int i;

	for (i = 0; i < size && port + i < 2; i++) {
		uint8_t b = (uint8_t)(val >> (8 * i));

		if (port + i == 0) {
			r->index = b & RTC_INDEX_MASK;
			r->nmi_disabled = !!(b & RTC_INDEX_NMI_DISABLE);
		} else if (rtc_reg_write(r, r->index, b, rdtsc())) {
			vcpu_deny(v, "CMOS write", r->index,
				  "not a valid time; dropped");
		}
	}
}

const struct port_device rtc_device = {
	.name = "rtc",
	.base = RTC_PORT_INDEX,
	.count = 2,
	.in = rtc_in,
	.out = rtc_out,
};
