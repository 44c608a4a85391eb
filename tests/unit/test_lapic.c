/*
 * test_lapic.c - the virtual local APIC model (src/dev/lapic.c) against
 * the SDM's APIC chapter (vol. 3, chapter 11): reset values (11.4.7.1),
 * the timer in one-shot, periodic and TSC-deadline modes (11.5.4,
 * 11.5.4.1), priorities (11.8.3.1), EOI (11.8.5), IA32_APIC_BASE and the
 * x2APIC differences (11.12).
 *
 * Time is a TSC value handed in by the test; nothing here runs a guest.
 * The tests marked "SDM rule" pin rules an earlier lapic.c broke.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lapic.h"

/* Fields the tests write, as the SDM lays them out. */
#define LVTT_MODE(m)		((uint32_t)(m) << 17)	/* figure 11-8 */
#define LVTT_ONESHOT		LVTT_MODE(APIC_TIMER_ONESHOT)
#define LVTT_PERIODIC		LVTT_MODE(APIC_TIMER_PERIODIC)
#define LVTT_TSC_DEADLINE	LVTT_MODE(APIC_TIMER_TSC_DEADLINE)
#define TDCR_DIV2		0x0	/* figure 11-10 */
#define TDCR_DIV128		0xa
#define TDCR_DIV1		0xb
#define ICR_DELIVERY_NMI	(4u << 8)	/* figure 11-12 */
#define ICR_DEST_SELF		(1u << 18)
#define ICR_DEST_ALL_BUT_SELF	(3u << 18)
#define ESR_RECV_ILLEGAL_VECTOR	(1u << 6)	/* 11.5.3 */
#define LVR_VERSION(v)		((v) & 0xff)	/* figure 11-7 */
#define LVR_MAX_LVT(v)		(((v) >> 16) & 0xff)

#define BASE_XAPIC	(APIC_BASE_ADDR | APIC_BASE_ENABLE | APIC_BASE_BSP)
#define BASE_X2APIC	(BASE_XAPIC | APIC_BASE_X2APIC)
#define BASE_DISABLED	(APIC_BASE_ADDR | APIC_BASE_BSP)

#define TIMER_VEC	0x40
#define T0		1000000ull	/* an arbitrary "now" to start from */

static uint32_t rd(struct lapic *a, uint32_t off, uint64_t now)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(lapic_read(a, off, now, &v), 0);
	return v;
}

static void wr(struct lapic *a, uint32_t off, uint32_t val, uint64_t now)
{
	assert_int_equal(lapic_write(a, off, val, now), 0);
}

/* Bit @vec of a 256-bit register (ISR, TMR, IRR) as the guest reads it. */
static int reg_bit(struct lapic *a, uint32_t base, int vec)
{
	uint32_t word = rd(a, base + 0x10 * (uint32_t)(vec / 32), 0);

	return !!(word & (1u << (vec % 32)));
}

static int irr(struct lapic *a, int vec)
{
	return reg_bit(a, APIC_IRR, vec);
}

static int isr(struct lapic *a, int vec)
{
	return reg_bit(a, APIC_ISR, vec);
}

static int irr_empty(struct lapic *a)
{
	int i;

	for (i = 0; i < 8; i++)
		if (rd(a, APIC_IRR + 0x10 * (uint32_t)i, 0))
			return 0;
	return 1;
}

/* A reset APIC that software has enabled (SVR bit 8), as a guest would
 * leave it before using the timer or taking interrupts. */
static void setup(struct lapic *a)
{
	lapic_reset(a);
	wr(a, APIC_SPIV, APIC_SPIV_ENABLE | 0xff, 0);
}

static void setup_x2apic(struct lapic *a)
{
	setup(a);
	assert_int_equal(lapic_write_apic_base(a, BASE_X2APIC), 0);
	assert_true(lapic_x2apic(a));
}

/* One-shot or periodic timer: @count at divide @tdcr, loaded at @t0. */
static void start_timer(struct lapic *a, uint32_t lvtt, uint32_t tdcr,
			uint32_t count, uint64_t t0)
{
	wr(a, APIC_LVTT, lvtt | TIMER_VEC, t0);
	wr(a, APIC_TDCR, tdcr, t0);
	wr(a, APIC_TMICT, count, t0);
}

/* --- reset ---------------------------------------------------------- */

static void test_reset_values(void **state)
{
	static const uint32_t lvts[] = {
		APIC_LVTCMCI, APIC_LVTT, APIC_LVTTHMR, APIC_LVTPC,
		APIC_LVT0, APIC_LVT1, APIC_LVTERR,
	};
	struct lapic a;
	uint32_t lvr;
	unsigned int i;

	(void)state;
	memset(&a, 0xa5, sizeof(a));	/* reset must not depend on it */
	lapic_reset(&a);
	assert_int_equal(a.apic_base, BASE_XAPIC);
	assert_int_equal(a.apic_base, 0xfee00900ull);
	assert_false(lapic_x2apic(&a));
	assert_int_equal(rd(&a, APIC_SPIV, 0), 0xff);
	assert_int_equal(rd(&a, APIC_DFR, 0), 0xffffffffu);
	for (i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++)
		assert_int_equal(rd(&a, lvts[i], 0), APIC_LVT_MASKED);
	lvr = rd(&a, APIC_LVR, 0);
	assert_int_equal(LVR_VERSION(lvr), 0x14);
	/* Seven LVT entries, CMCI through error: max LVT entry = 6. */
	assert_int_equal(LVR_MAX_LVT(lvr), 6);
	assert_int_equal(rd(&a, APIC_TASKPRI, 0), 0);
	assert_int_equal(rd(&a, APIC_PROCPRI, 0), 0);
	assert_int_equal(rd(&a, APIC_LDR, 0), 0);
	assert_int_equal(rd(&a, APIC_ESR, 0), 0);
	assert_int_equal(rd(&a, APIC_ICR, 0), 0);
	assert_int_equal(rd(&a, APIC_ICR2, 0), 0);
	assert_int_equal(rd(&a, APIC_TMICT, 0), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, 0), 0);
	assert_int_equal(rd(&a, APIC_TDCR, 0), 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(rd(&a, APIC_ISR + 0x10 * i, 0), 0);
		assert_int_equal(rd(&a, APIC_TMR + 0x10 * i, 0), 0);
		assert_int_equal(rd(&a, APIC_IRR + 0x10 * i, 0), 0);
	}
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
}

/* --- divide configuration (figure 11-10) ---------------------------- */

static void test_divide_encodings(void **state)
{
	static const struct { uint32_t tdcr; unsigned int div; } enc[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 },
		{ 0x8, 32 }, { 0x9, 64 }, { 0xa, 128 }, { 0xb, 1 },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(enc) / sizeof(enc[0]); i++) {
		assert_int_equal(lapic_timer_divisor(enc[i].tdcr), enc[i].div);
		/* Bit 2 is reserved and does not take part. */
		assert_int_equal(lapic_timer_divisor(enc[i].tdcr | 4),
				 enc[i].div);
	}
}

static void test_divide_applies_to_count(void **state)
{
	static const uint32_t tdcrs[] = {
		0x0, 0x1, 0x2, 0x3, 0x8, 0x9, 0xa, 0xb,
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(tdcrs) / sizeof(tdcrs[0]); i++) {
		setup(&a);
		start_timer(&a, LVTT_ONESHOT, tdcrs[i], 1000, T0);
		assert_int_equal(rd(&a, APIC_TDCR, T0), tdcrs[i]);
		assert_int_equal(lapic_next_event(&a),
				 T0 + 1000ull * lapic_timer_divisor(tdcrs[i]));
	}
}

/* --- one-shot (11.5.4) ----------------------------------------------- */

static void test_oneshot_arms_and_counts_down(void **state)
{
	struct lapic a;
	const uint64_t end = T0 + 1000 * 4;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, 0x1 /* divide by 4 */, 1000, T0);
	assert_int_equal(lapic_next_event(&a), end);
	assert_int_equal(rd(&a, APIC_TMICT, T0), 1000);
	assert_int_equal(rd(&a, APIC_TMCCT, T0), 1000);
	/* The count remaining is (end - now) / divisor. */
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 4), 999);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 400), 900);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 2002), (4000 - 2002) / 4);
	assert_int_equal(rd(&a, APIC_TMCCT, end - 1), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, end), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, end + 12345), 0);
}

static void test_oneshot_expiry(void **state)
{
	struct lapic a;
	const uint64_t end = T0 + 500 * 2;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV2, 500, T0);
	assert_int_equal(lapic_timer_expire(&a, T0), 0);
	assert_int_equal(lapic_timer_expire(&a, end - 1), 0);
	assert_false(irr(&a, TIMER_VEC));
	assert_int_equal(a.fired, 0);

	assert_int_equal(lapic_timer_expire(&a, end), 1);
	assert_true(irr(&a, TIMER_VEC));
	assert_false(reg_bit(&a, APIC_TMR, TIMER_VEC));	/* edge */
	assert_int_equal(a.fired, 1);
	assert_int_equal(lapic_pending_vector(&a), TIMER_VEC);

	/* One-shot: no re-arm; the current count stays at 0. */
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, end + 1), 0);
	assert_int_equal(lapic_timer_expire(&a, end + 1000000), 0);
	assert_int_equal(a.fired, 1);
}

static void test_oneshot_late_expiry(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV1, 100, T0);
	/* Found long after the deadline: still exactly one interrupt. */
	assert_int_equal(lapic_timer_expire(&a, T0 + 100000), 1);
	assert_int_equal(a.fired, 1);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100001), 0);
	assert_int_equal(lapic_next_event(&a), 0);
}

static void test_tmict_zero_stops_timer(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV1, 100, T0);
	/* 11.5.4: a write of 0 to the initial count stops the timer. */
	wr(&a, APIC_TMICT, 0, T0 + 10);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 20), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 200), 0);

	start_timer(&a, LVTT_PERIODIC, TDCR_DIV1, 100, T0);
	wr(&a, APIC_TMICT, 0, T0 + 10);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 200), 0);
}

static void test_tmict_rewrite_restarts(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV1, 100, T0);
	/* A new initial count starts a new count from now. */
	wr(&a, APIC_TMICT, 300, T0 + 50);
	assert_int_equal(lapic_next_event(&a), T0 + 50 + 300);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 50), 300);
}

/*
 * 11.5.4: "Changing the mode of the APIC timer (from one-shot to periodic
 * or vice versa) by writing to the timer LVT entry does not start the
 * timer. To start the timer, it is necessary to write to the initial-
 * count register."
 */
static void test_mode_change_after_oneshot_does_not_start(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV1, 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	wr(&a, APIC_LVTT, LVTT_PERIODIC | TIMER_VEC, T0 + 150);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 160), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);
}

/* --- periodic (11.5.4) ----------------------------------------------- */

static void test_periodic_reloads_from_expiry(void **state)
{
	struct lapic a;
	const uint64_t period = 100 * 4;
	uint64_t e1 = T0 + period;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_PERIODIC, 0x1 /* divide by 4 */, 100, T0);
	assert_int_equal(lapic_next_event(&a), e1);
	assert_int_equal(lapic_timer_expire(&a, e1 - 1), 0);

	/* Late by L < period: the next event is e1 + period, not now +
	 * period. */
	assert_int_equal(lapic_timer_expire(&a, e1 + 37), 1);
	assert_int_equal(lapic_next_event(&a), e1 + period);
	assert_int_equal(rd(&a, APIC_TMCCT, e1 + 37), (period - 37) / 4);
	assert_int_equal(rd(&a, APIC_TMICT, e1 + 37), 100);

	/* Exactly on time. */
	assert_int_equal(lapic_timer_expire(&a, e1 + period), 1);
	assert_int_equal(lapic_next_event(&a), e1 + 2 * period);
	assert_int_equal(a.fired, 2);
	assert_true(irr(&a, TIMER_VEC));
}

static void test_periodic_missed_periods_coalesce(void **state)
{
	struct lapic a;
	const uint64_t period = 100;
	const uint64_t e1 = T0 + period;
	uint64_t now = e1 + 3 * period + 50;	/* 3.5 periods late */

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_PERIODIC, TDCR_DIV1, 100, T0);
	assert_int_equal(lapic_timer_expire(&a, now), 1);
	assert_int_equal(a.fired, 1);
	/* The next event is the first boundary of the original grid that
	 * lies ahead of now. */
	assert_true(lapic_next_event(&a) > now);
	assert_int_equal(lapic_next_event(&a), e1 + 4 * period);
	assert_int_equal(lapic_timer_expire(&a, now), 0);
	assert_int_equal(a.fired, 1);

	/* Landing exactly on a later boundary: the next is still ahead. */
	now = e1 + 10 * period;
	assert_int_equal(lapic_timer_expire(&a, now), 1);
	assert_int_equal(lapic_next_event(&a), e1 + 11 * period);
	assert_int_equal(a.fired, 2);
}

/* --- TSC-deadline (11.5.4.1) ----------------------------------------- */

static void set_deadline_mode(struct lapic *a, uint64_t now)
{
	wr(a, APIC_LVTT, LVTT_TSC_DEADLINE | TIMER_VEC, now);
}

static void test_deadline_arm_and_fire(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	set_deadline_mode(&a, T0);
	assert_int_equal(lapic_next_event(&a), 0);
	lapic_write_tsc_deadline(&a, T0 + 5000, T0);
	assert_int_equal(lapic_read_tsc_deadline(&a), T0 + 5000);
	assert_int_equal(lapic_next_event(&a), T0 + 5000);
	/* The current count always reads 0 in this mode. */
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 10), 0);

	assert_int_equal(lapic_timer_expire(&a, T0 + 4999), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 5000), 1);
	assert_true(irr(&a, TIMER_VEC));
	/* It disarms itself and clears IA32_TSC_DEADLINE. */
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 6000), 0);
	assert_int_equal(a.fired, 1);
}

static void test_deadline_zero_disarms(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	set_deadline_mode(&a, T0);
	lapic_write_tsc_deadline(&a, T0 + 5000, T0);
	lapic_write_tsc_deadline(&a, 0, T0 + 10);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);
	assert_false(irr(&a, TIMER_VEC));
}

static void test_deadline_in_past_fires_at_once(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	set_deadline_mode(&a, T0);
	lapic_write_tsc_deadline(&a, T0 - 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0), 1);
	assert_true(irr(&a, TIMER_VEC));
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_next_event(&a), 0);
}

static void test_deadline_ignored_outside_mode(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_LVTT, LVTT_ONESHOT | TIMER_VEC, T0);
	lapic_write_tsc_deadline(&a, T0 + 5000, T0);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_next_event(&a), 0);
	/* Not latched either: entering the mode finds it disarmed. */
	set_deadline_mode(&a, T0 + 1);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);
}

static void test_tmict_ignored_in_deadline_mode(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	set_deadline_mode(&a, T0);
	wr(&a, APIC_TMICT, 1000, T0);
	assert_int_equal(rd(&a, APIC_TMICT, T0), 0);
	assert_int_equal(lapic_next_event(&a), 0);

	lapic_write_tsc_deadline(&a, T0 + 5000, T0);
	wr(&a, APIC_TMICT, 10, T0 + 1);
	assert_int_equal(lapic_next_event(&a), T0 + 5000);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 2), 0);
}

static void test_deadline_mode_change_disarms(void **state)
{
	struct lapic a;

	(void)state;
	/* Out of TSC-deadline mode. */
	setup(&a);
	set_deadline_mode(&a, T0);
	lapic_write_tsc_deadline(&a, T0 + 5000, T0);
	wr(&a, APIC_LVTT, LVTT_ONESHOT | TIMER_VEC, T0 + 1);
	assert_int_equal(lapic_next_event(&a), 0);
	set_deadline_mode(&a, T0 + 2);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);

	/* Into TSC-deadline mode from a running one-shot count. */
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV1, 1000, T0);
	set_deadline_mode(&a, T0 + 1);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);
	assert_false(irr(&a, TIMER_VEC));
}

static void test_deadline_lvtt_rewrite_keeps_deadline(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_LVTT, LVTT_TSC_DEADLINE | APIC_LVT_MASKED | TIMER_VEC,
	   T0);
	lapic_write_tsc_deadline(&a, T0 + 5000, T0);
	/* Unmasking without a mode change is no mode transition. */
	set_deadline_mode(&a, T0 + 1);
	assert_int_equal(lapic_next_event(&a), T0 + 5000);
	assert_int_equal(lapic_read_tsc_deadline(&a), T0 + 5000);
}

/* --- 32-bit count times divisor needs 64 bits ----------------------- */

static void test_count_overflows_32_bits(void **state)
{
	struct lapic a;
	const uint64_t t0 = 1ull << 40;
	const uint64_t span = 0xffffffffull * 128;	/* 0x7fffffff80 */

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV128, 0xffffffffu, t0);
	assert_int_equal(lapic_next_event(&a), t0 + span);
	assert_int_equal(lapic_next_event(&a) - t0, 0x7fffffff80ull);
	assert_int_equal(rd(&a, APIC_TMICT, t0), 0xffffffffu);
	assert_int_equal(rd(&a, APIC_TMCCT, t0), 0xffffffffu);
	assert_int_equal(rd(&a, APIC_TMCCT, t0 + 128 * 1000ull),
			 0xffffffffu - 1000);
	assert_int_equal(rd(&a, APIC_TMCCT, t0 + span - 128), 1);
	assert_int_equal(rd(&a, APIC_TMCCT, t0 + span - 1), 0);
	assert_int_equal(lapic_timer_expire(&a, t0 + span - 1), 0);
	assert_int_equal(lapic_timer_expire(&a, t0 + span), 1);

	/* Periodic at the same size reloads by the full 64-bit period. */
	setup(&a);
	start_timer(&a, LVTT_PERIODIC, TDCR_DIV128, 0xffffffffu, t0);
	assert_int_equal(lapic_timer_expire(&a, t0 + span + 5), 1);
	assert_int_equal(lapic_next_event(&a), t0 + 2 * span);
}

/* --- masked LVT timer ----------------------------------------------- */

static void test_masked_timer_counts_without_irr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT | APIC_LVT_MASKED, TDCR_DIV1, 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	assert_int_equal(a.fired, 1);
	assert_true(irr_empty(&a));
	assert_int_equal(lapic_pending_vector(&a), -1);

	/* Periodic keeps its rhythm while masked. */
	setup(&a);
	start_timer(&a, LVTT_PERIODIC | APIC_LVT_MASKED, TDCR_DIV1, 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	assert_int_equal(lapic_next_event(&a), T0 + 200);
	assert_true(irr_empty(&a));

	/* And so does TSC-deadline, which still disarms. */
	setup(&a);
	wr(&a, APIC_LVTT, LVTT_TSC_DEADLINE | APIC_LVT_MASKED | TIMER_VEC,
	   T0);
	lapic_write_tsc_deadline(&a, T0 + 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_true(irr_empty(&a));
}

/* --- priorities (11.8.3.1) ------------------------------------------ */

static void test_pending_against_tpr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x50);
	assert_int_equal(lapic_pending_vector(&a), 0x50);

	/* Same priority class as the TPR: held. */
	wr(&a, APIC_TASKPRI, 0x50, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_TASKPRI, 0x5f, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_TASKPRI, 0x51, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_TASKPRI, 0x60, 0);
	assert_int_equal(lapic_pending_vector(&a), -1);

	wr(&a, APIC_TASKPRI, 0x40, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x50);
	wr(&a, APIC_TASKPRI, 0x4f, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x50);
	assert_true(irr(&a, 0x50));	/* held or not, IRR keeps it */
}

static void test_pending_against_isr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x60);
	lapic_accept(&a, 0x60);
	assert_true(isr(&a, 0x60));

	lapic_raise(&a, 0x55);
	assert_int_equal(lapic_pending_vector(&a), -1);
	lapic_raise(&a, 0x65);	/* same class as the one in service */
	assert_int_equal(lapic_pending_vector(&a), -1);
	lapic_raise(&a, 0x70);
	assert_int_equal(lapic_pending_vector(&a), 0x70);
}

static void test_ppr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(lapic_ppr(&a), 0);
	/* No ISR bit: PPR = TPR. */
	wr(&a, APIC_TASKPRI, 0x45, 0);
	assert_int_equal(lapic_ppr(&a), 0x45);
	assert_int_equal(rd(&a, APIC_PROCPRI, 0), 0x45);

	/* ISRV class above TPR's: PPR[7:4] = ISRV[7:4], PPR[3:0] = 0. */
	lapic_raise(&a, 0x6a);
	lapic_accept(&a, 0x6a);
	assert_int_equal(lapic_ppr(&a), 0x60);
	assert_int_equal(rd(&a, APIC_PROCPRI, 0), 0x60);

	/* TPR[7:4] >= ISRV[7:4]: PPR = TPR, low nibble included. */
	wr(&a, APIC_TASKPRI, 0x63, 0);
	assert_int_equal(lapic_ppr(&a), 0x63);
	wr(&a, APIC_TASKPRI, 0x7c, 0);
	assert_int_equal(lapic_ppr(&a), 0x7c);

	/* ISRV is the highest vector in service. */
	wr(&a, APIC_TASKPRI, 0x10, 0);
	lapic_raise(&a, 0x93);
	lapic_accept(&a, 0x93);
	assert_int_equal(lapic_ppr(&a), 0x90);
}

static void test_accept_and_eoi(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x50);
	assert_int_equal(lapic_pending_vector(&a), 0x50);
	lapic_accept(&a, 0x50);
	assert_false(irr(&a, 0x50));
	assert_true(isr(&a, 0x50));
	assert_int_equal(lapic_pending_vector(&a), -1);

	/* A higher class nests over it. */
	lapic_raise(&a, 0x70);
	assert_int_equal(lapic_pending_vector(&a), 0x70);
	lapic_accept(&a, 0x70);
	assert_true(isr(&a, 0x70));
	assert_int_equal(lapic_ppr(&a), 0x70);

	/* 11.8.5: EOI retires the highest-priority ISR bit. */
	wr(&a, APIC_EOI, 0, 0);
	assert_false(isr(&a, 0x70));
	assert_true(isr(&a, 0x50));
	assert_int_equal(lapic_ppr(&a), 0x50);
	wr(&a, APIC_EOI, 0, 0);
	assert_false(isr(&a, 0x50));
	assert_int_equal(lapic_ppr(&a), 0);
	/* An EOI with nothing in service changes nothing. */
	wr(&a, APIC_EOI, 0, 0);
	assert_int_equal(lapic_ppr(&a), 0);
}

static void test_eoi_unblocks_pending(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x60);
	lapic_accept(&a, 0x60);
	lapic_raise(&a, 0x55);
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_EOI, 0, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x55);
}

static void test_highest_irr_wins(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 0x21);
	lapic_raise(&a, 0xfe);
	lapic_raise(&a, 0x80);
	assert_int_equal(lapic_pending_vector(&a), 0xfe);
	lapic_accept(&a, 0xfe);
	/* 0x80 and 0x21 are below 0xf0's class now. */
	assert_int_equal(lapic_pending_vector(&a), -1);
	wr(&a, APIC_EOI, 0, 0);
	assert_int_equal(lapic_pending_vector(&a), 0x80);
}

static void test_software_disabled_delivers_nothing(void **state)
{
	struct lapic a;

	(void)state;
	lapic_reset(&a);	/* SVR = 0xff: software-disabled */
	lapic_raise(&a, 0x50);
	assert_int_equal(lapic_pending_vector(&a), -1);

	setup(&a);
	wr(&a, APIC_SPIV, 0xff, 0);	/* disable again */
	lapic_raise(&a, 0x80);
	assert_int_equal(lapic_pending_vector(&a), -1);
}

static void test_software_disable_masks_lvts(void **state)
{
	static const uint32_t lvts[] = {
		APIC_LVTCMCI, APIC_LVTT, APIC_LVTTHMR, APIC_LVTPC,
		APIC_LVT0, APIC_LVT1, APIC_LVTERR,
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	setup(&a);
	for (i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++)
		wr(&a, lvts[i], 0x30 + i, 0);
	wr(&a, APIC_SPIV, 0xff, 0);
	/* 11.4.7.2: software disable sets every LVT mask bit, and the
	 * masks cannot be cleared while it lasts. */
	for (i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++)
		assert_true(rd(&a, lvts[i], 0) & APIC_LVT_MASKED);
	wr(&a, APIC_LVTT, TIMER_VEC, 0);
	assert_true(rd(&a, APIC_LVTT, 0) & APIC_LVT_MASKED);
}

static void test_illegal_vectors(void **state)
{
	struct lapic a;
	int v;

	(void)state;
	for (v = 0; v < 16; v++) {
		setup(&a);
		lapic_raise(&a, v);
		assert_true(irr_empty(&a));
		assert_int_equal(lapic_pending_vector(&a), -1);
	}
	setup(&a);
	lapic_raise(&a, 16);	/* the first legal one */
	assert_int_equal(lapic_pending_vector(&a), 16);
}

/*
 * SDM rule: 11.5.3 says the ESR is updated by a
 * write: "This write clears any previously logged errors and updates the
 * ESR with any errors detected since the last write to the ESR." So the
 * guest's sequence write-ESR, read-ESR must show "receive illegal
 * vector" (bit 6) for an illegal vector received before the write.
 * lapic.c sets bit 6 straight into the readable ESR and a write zeroes
 * it, losing the error the guest is trying to collect.
 */
static void test_illegal_vector_logged_in_esr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	lapic_raise(&a, 5);
	assert_true(irr_empty(&a));
	wr(&a, APIC_ESR, 0, 0);
	assert_int_equal(rd(&a, APIC_ESR, 0) & ESR_RECV_ILLEGAL_VECTOR,
			 ESR_RECV_ILLEGAL_VECTOR);
	/* The next write, with no new error, clears it. */
	wr(&a, APIC_ESR, 0, 0);
	assert_int_equal(rd(&a, APIC_ESR, 0), 0);
}

/* --- IA32_APIC_BASE (11.4.4, 11.12.5) -------------------------------- */

static void test_apic_base_x2apic_needs_enable(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	/* EN = 0, EXTD = 1 is the invalid state. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED |
					       APIC_BASE_X2APIC), -1);
	assert_int_equal(a.apic_base, BASE_XAPIC);
	/* xAPIC -> x2APIC is the legal way in. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_X2APIC), 0);
	assert_true(lapic_x2apic(&a));
	assert_int_equal(a.apic_base, BASE_X2APIC);
}

static void test_apic_base_x2apic_to_xapic_refused(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), -1);
	assert_true(lapic_x2apic(&a));
	/* The legal way out: disabled first, then xAPIC. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED), 0);
	assert_false(lapic_x2apic(&a));
	assert_int_equal(a.apic_base, BASE_DISABLED);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), 0);
	assert_int_equal(a.apic_base, BASE_XAPIC);
}

static void test_apic_base_disable_resets(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_TASKPRI, 0x30, 0);
	wr(&a, APIC_LDR, 0x01000000, 0);
	lapic_raise(&a, 0x50);
	lapic_raise(&a, 0x60);
	lapic_accept(&a, 0x60);
	start_timer(&a, LVTT_PERIODIC, TDCR_DIV1, 100, T0);

	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED), 0);
	assert_int_equal(a.apic_base, BASE_DISABLED);	/* BSP kept */
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_pending_vector(&a), -1);

	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), 0);
	assert_int_equal(rd(&a, APIC_TASKPRI, 0), 0);
	assert_int_equal(rd(&a, APIC_LDR, 0), 0);
	assert_int_equal(rd(&a, APIC_SPIV, 0), 0xff);
	assert_int_equal(rd(&a, APIC_LVTT, 0), APIC_LVT_MASKED);
	assert_int_equal(rd(&a, APIC_TMICT, 0), 0);
	assert_true(irr_empty(&a));
	assert_false(isr(&a, 0x60));
	assert_int_equal(lapic_next_event(&a), 0);
}

static void test_apic_base_other_address_refused(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(lapic_write_apic_base(&a, 0xfed00000ull |
					       APIC_BASE_ENABLE |
					       APIC_BASE_BSP), -1);
	assert_int_equal(lapic_write_apic_base(&a, (1ull << 32) |
					       BASE_XAPIC), -1);
	/* Reserved bits 7:0 and 9. */
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC | 1), -1);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC | (1u << 9)),
			 -1);
	assert_int_equal(a.apic_base, BASE_XAPIC);
	assert_int_equal(lapic_write_apic_base(&a, BASE_XAPIC), 0);
}

/*
 * SDM rule: 11.12.5.1, "x2APIC Transitions From
 * Disabled Mode" and figure 11-27: from the disabled state the only valid
 * transition through IA32_APIC_BASE is to xAPIC mode; disabled -> x2APIC
 * (EN=1, EXTD=1 written while EN=0) is an illegal transition (#GP).
 * lapic_write_apic_base() only refuses x2APIC -> xAPIC.
 */
static void test_apic_base_disabled_to_x2apic_refused(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_int_equal(lapic_write_apic_base(&a, BASE_DISABLED), 0);
	assert_int_equal(lapic_write_apic_base(&a, BASE_X2APIC), -1);
	assert_int_equal(a.apic_base, BASE_DISABLED);
}

/* --- x2APIC differences (11.12.1.2, 11.12.9-11.12.11) --------------- */

static void test_x2apic_missing_registers(void **state)
{
	struct lapic a;
	uint32_t v;

	(void)state;
	/* Present in xAPIC mode... */
	setup(&a);
	assert_int_equal(lapic_read(&a, APIC_ARBPRI, 0, &v), 0);
	assert_int_equal(lapic_read(&a, APIC_DFR, 0, &v), 0);
	assert_int_equal(lapic_read(&a, APIC_ICR2, 0, &v), 0);
	/* ...gone in x2APIC mode. */
	setup_x2apic(&a);
	assert_int_equal(lapic_read(&a, APIC_ARBPRI, 0, &v), -1);
	assert_int_equal(lapic_read(&a, APIC_DFR, 0, &v), -1);
	assert_int_equal(lapic_read(&a, APIC_ICR2, 0, &v), -1);
	assert_int_equal(lapic_write(&a, APIC_DFR, 0xffffffffu, 0), -1);
	assert_int_equal(lapic_write(&a, APIC_ICR2, 0, 0), -1);
	/* Write-only registers do not read. */
	assert_int_equal(lapic_read(&a, APIC_EOI, 0, &v), -1);
	assert_int_equal(lapic_read(&a, APIC_SELF_IPI, 0, &v), -1);
}

static void test_x2apic_ldr_read_only(void **state)
{
	struct lapic a;
	uint32_t before;

	(void)state;
	setup(&a);
	wr(&a, APIC_LDR, 0x02000000, 0);	/* writable in xAPIC mode */
	assert_int_equal(rd(&a, APIC_LDR, 0), 0x02000000);

	setup_x2apic(&a);
	before = rd(&a, APIC_LDR, 0);
	assert_int_equal(lapic_write(&a, APIC_LDR, 0x04000000, 0), -1);
	assert_int_equal(rd(&a, APIC_LDR, 0), before);
}

/*
 * SDM rule: 11.12.10.2: in x2APIC mode the LDR holds
 * the logical x2APIC ID that hardware derives from the x2APIC ID on the
 * xAPIC -> x2APIC transition: (ID[19:4] << 16) | (1 << ID[3:0]). For
 * x2APIC ID 0 that is 0x00000001. lapic.c returns whatever the xAPIC LDR
 * held (0 after reset, or the guest's old xAPIC value).
 */
static void test_x2apic_ldr_is_derived_from_id(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_LDR, 0x80000000, 0);
	assert_int_equal(lapic_write_apic_base(&a, BASE_X2APIC), 0);
	assert_int_equal(rd(&a, APIC_ID, 0), 0);
	assert_int_equal(rd(&a, APIC_LDR, 0), 0x00000001);
}

static void test_self_ipi_register(void **state)
{
	struct lapic a;

	(void)state;
	/* Not there in xAPIC mode. */
	setup(&a);
	assert_int_equal(lapic_write(&a, APIC_SELF_IPI, 0x61, 0), -1);
	assert_true(irr_empty(&a));

	setup_x2apic(&a);
	wr(&a, APIC_SELF_IPI, 0x61, 0);
	assert_true(irr(&a, 0x61));
	assert_int_equal(lapic_pending_vector(&a), 0x61);
}

static void test_self_ipi_through_icr(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_ICR, ICR_DEST_SELF | 0x62, 0);
	assert_true(irr(&a, 0x62));
	assert_int_equal(lapic_pending_vector(&a), 0x62);

	/* Also in x2APIC mode, where the ICR is one register. */
	setup_x2apic(&a);
	wr(&a, APIC_ICR, ICR_DEST_SELF | 0x63, 0);
	assert_true(irr(&a, 0x63));

	/* "All excluding self" has no destination in a one-CPU machine,
	 * and an NMI to self is no fixed vector in the IRR. */
	setup(&a);
	wr(&a, APIC_ICR, ICR_DEST_ALL_BUT_SELF | 0x64, 0);
	wr(&a, APIC_ICR, ICR_DEST_SELF | ICR_DELIVERY_NMI | 0x65, 0);
	assert_true(irr_empty(&a));
}

/*
 * SDM rule: table 11-6 (x2APIC register address
 * space): for EOI (MSR 0x80b) and ESR (MSR 0x828), "WRMSR of a non-zero
 * value causes #GP(0)". lapic_write() accepts any value (and policy.c's
 * x2apic_write() only rejects bits 63:32, although its comment names the
 * EOI rule), so nothing faults.
 */
static void test_x2apic_nonzero_eoi_esr_fault(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	lapic_raise(&a, 0x50);
	lapic_accept(&a, 0x50);
	assert_int_equal(lapic_write(&a, APIC_EOI, 1, 0), -1);
	assert_true(isr(&a, 0x50));	/* a faulting write does nothing */
	assert_int_equal(lapic_write(&a, APIC_ESR, 1, 0), -1);
	wr(&a, APIC_EOI, 0, 0);
	assert_false(isr(&a, 0x50));
}

/*
 * SDM rule: 11.12.1.3: in x2APIC mode, "non-zero
 * writes (by WRMSR instruction) to reserved bits to these registers will
 * raise a general protection fault exception". TPR bits 31:8 are
 * reserved; lapic_write() masks them off and succeeds.
 */
static void test_x2apic_reserved_bits_fault(void **state)
{
	struct lapic a;

	(void)state;
	setup_x2apic(&a);
	assert_int_equal(lapic_write(&a, APIC_TASKPRI, 0x100, 0), -1);
	assert_int_equal(rd(&a, APIC_TASKPRI, 0), 0);
}

/* --- timer rules lapic.c gets wrong --------------------------------- */

/*
 * SDM rule: 11.5.4: the one-shot timer "is started by
 * programming its initial-count register"; writing the LVT timer entry
 * "does not start the timer". write_lvt_timer() sets timer_start = now
 * on every LVTT write, so unmasking (or changing the vector of) a running
 * timer restarts its count from the write: a guest that arms, then
 * unmasks, gets its interrupt late.
 */
static void test_lvtt_write_does_not_restart_count(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT | APIC_LVT_MASKED, TDCR_DIV1, 1000, T0);
	wr(&a, APIC_LVTT, LVTT_ONESHOT | TIMER_VEC, T0 + 500);
	assert_int_equal(lapic_next_event(&a), T0 + 1000);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 500), 500);
	assert_int_equal(lapic_timer_expire(&a, T0 + 1000), 1);
	assert_true(irr(&a, TIMER_VEC));

	setup(&a);
	start_timer(&a, LVTT_PERIODIC, TDCR_DIV1, 1000, T0);
	wr(&a, APIC_LVTT, LVTT_PERIODIC | 0x41, T0 + 500);
	assert_int_equal(lapic_next_event(&a), T0 + 1000);
}

/*
 * SDM rule: 11.5.4: after a one-shot count reaches
 * zero "the timer remains at its 0 value until reprogrammed" - that is
 * the current-count register. The initial-count register is software's
 * and keeps the value written. lapic_timer_expire() zeroes timer_icr, so
 * TMICT reads 0 after expiry. (A fix must keep the disarm separately:
 * see test_mode_change_after_oneshot_does_not_start.)
 */
static void test_oneshot_expiry_keeps_tmict(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, LVTT_ONESHOT, TDCR_DIV1, 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 100), 0);
	assert_int_equal(rd(&a, APIC_TMICT, T0 + 100), 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_values),
		cmocka_unit_test(test_divide_encodings),
		cmocka_unit_test(test_divide_applies_to_count),
		cmocka_unit_test(test_oneshot_arms_and_counts_down),
		cmocka_unit_test(test_oneshot_expiry),
		cmocka_unit_test(test_oneshot_late_expiry),
		cmocka_unit_test(test_tmict_zero_stops_timer),
		cmocka_unit_test(test_tmict_rewrite_restarts),
		cmocka_unit_test(test_mode_change_after_oneshot_does_not_start),
		cmocka_unit_test(test_periodic_reloads_from_expiry),
		cmocka_unit_test(test_periodic_missed_periods_coalesce),
		cmocka_unit_test(test_deadline_arm_and_fire),
		cmocka_unit_test(test_deadline_zero_disarms),
		cmocka_unit_test(test_deadline_in_past_fires_at_once),
		cmocka_unit_test(test_deadline_ignored_outside_mode),
		cmocka_unit_test(test_tmict_ignored_in_deadline_mode),
		cmocka_unit_test(test_deadline_mode_change_disarms),
		cmocka_unit_test(test_deadline_lvtt_rewrite_keeps_deadline),
		cmocka_unit_test(test_count_overflows_32_bits),
		cmocka_unit_test(test_masked_timer_counts_without_irr),
		cmocka_unit_test(test_pending_against_tpr),
		cmocka_unit_test(test_pending_against_isr),
		cmocka_unit_test(test_ppr),
		cmocka_unit_test(test_accept_and_eoi),
		cmocka_unit_test(test_eoi_unblocks_pending),
		cmocka_unit_test(test_highest_irr_wins),
		cmocka_unit_test(test_software_disabled_delivers_nothing),
		cmocka_unit_test(test_software_disable_masks_lvts),
		cmocka_unit_test(test_illegal_vectors),
		cmocka_unit_test(test_apic_base_x2apic_needs_enable),
		cmocka_unit_test(test_apic_base_x2apic_to_xapic_refused),
		cmocka_unit_test(test_apic_base_disable_resets),
		cmocka_unit_test(test_apic_base_other_address_refused),
		cmocka_unit_test(test_x2apic_missing_registers),
		cmocka_unit_test(test_x2apic_ldr_read_only),
		cmocka_unit_test(test_self_ipi_register),
		cmocka_unit_test(test_self_ipi_through_icr),
		/* Rules an earlier lapic.c broke. */
		cmocka_unit_test(test_illegal_vector_logged_in_esr),
		cmocka_unit_test(test_apic_base_disabled_to_x2apic_refused),
		cmocka_unit_test(test_x2apic_ldr_is_derived_from_id),
		cmocka_unit_test(test_x2apic_nonzero_eoi_esr_fault),
		cmocka_unit_test(test_x2apic_reserved_bits_fault),
		cmocka_unit_test(test_lvtt_write_does_not_restart_count),
		cmocka_unit_test(test_oneshot_expiry_keeps_tmict),
	};

	return cmocka_run_group_tests_name("lapic", tests, NULL, NULL);
}
