/*
 * test_lapic_timer.c - the virtual local APIC's timer (src/vcpu/lapic.c)
 * against the SDM (vol. 3, chapter 11): reset values (11.4.7.1), the
 * divide configuration, one-shot, periodic and TSC-deadline modes (11.5.4,
 * 11.5.4.1), the masked timer, the minimum period.
 */
#include "lapic_harness.h"

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
	/* Every LVT masked but LINT0, ExtINT as QEMU's BSP (lapic.c). */
	for (i = 0; i < sizeof(lvts) / sizeof(lvts[0]); i++)
		assert_int_equal(rd(&a, lvts[i], 0),
				 lvts[i] == APIC_LVT0 ? 0x700 : APIC_LVT_MASKED);
	assert_true(lapic_accepts_extint(&a));
	lvr = rd(&a, APIC_LVR, 0);
	assert_int_equal(APIC_LVR_VERSION(lvr), 0x14);
	/* Seven LVT entries, CMCI through error: max LVT entry = 6. */
	assert_int_equal(APIC_LVR_MAX_LVT(lvr), 6);
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
		start_timer(&a, APIC_LVT_TIMER_ONESHOT, tdcrs[i], 1000, T0);
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, 0x1 /* divide by 4 */, 1000, T0);
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_2, 500, T0);
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 100, T0);
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 100, T0);
	/* 11.5.4: a write of 0 to the initial count stops the timer. */
	wr(&a, APIC_TMICT, 0, T0 + 10);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 20), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 200), 0);

	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1, 100, T0);
	wr(&a, APIC_TMICT, 0, T0 + 10);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 200), 0);
}

static void test_tmict_rewrite_restarts(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 100, T0);
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 100, T0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | TIMER_VEC, T0 + 150);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 160), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);
}

/* --- periodic (11.5.4) ----------------------------------------------- */

static void test_periodic_reloads_from_expiry(void **state)
{
	struct lapic a;
	const uint32_t count = MIN_PERIOD;	/* divide by 4: 4 minimums */
	const uint64_t period = 4ull * count;
	uint64_t e1 = T0 + period;

	(void)state;
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, 0x1 /* divide by 4 */, count,
		    T0);
	assert_int_equal(lapic_next_event(&a), e1);
	assert_int_equal(lapic_timer_expire(&a, e1 - 1), 0);

	/* Late by L < period: the next event is e1 + period, not now +
	 * period. */
	assert_int_equal(lapic_timer_expire(&a, e1 + 37), 1);
	assert_int_equal(lapic_next_event(&a), e1 + period);
	assert_int_equal(rd(&a, APIC_TMCCT, e1 + 37), (period - 37) / 4);
	assert_int_equal(rd(&a, APIC_TMICT, e1 + 37), count);

	/* Exactly on time. */
	assert_int_equal(lapic_timer_expire(&a, e1 + period), 1);
	assert_int_equal(lapic_next_event(&a), e1 + 2 * period);
	assert_int_equal(a.fired, 2);
	assert_true(irr(&a, TIMER_VEC));
}

static void test_periodic_missed_periods_coalesce(void **state)
{
	struct lapic a;
	const uint64_t period = MIN_PERIOD;
	const uint64_t e1 = T0 + period;
	uint64_t now = e1 + 3 * period + period / 2;	/* 3.5 periods late */

	(void)state;
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1, MIN_PERIOD,
		    T0);
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

/*
 * The bound on guest numbers (lapic.c, timer_span): a periodic count of 1
 * at divide by 1 would expire every TSC tick, faster than any VM exit, and
 * the guest would never run again. Its period is VMM_LAPIC_MIN_PERIOD_TICKS;
 * TMICT reads as written and TMCCT never above it.
 */
static void test_periodic_min_period(void **state)
{
	static const uint32_t counts[] = { 1, 2, MIN_PERIOD / 2, MIN_PERIOD - 1 };
	struct lapic a;
	unsigned int i;
	uint64_t t;

	(void)state;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		setup(&a);
		start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1,
			    counts[i], T0);
		assert_int_equal(lapic_next_event(&a), T0 + MIN_PERIOD);
		assert_int_equal(rd(&a, APIC_TMICT, T0), counts[i]);
		for (t = T0; t < T0 + 2 * MIN_PERIOD; t += MIN_PERIOD / 7)
			assert_true(rd(&a, APIC_TMCCT, t) <= counts[i]);
		assert_int_equal(lapic_timer_expire(&a, T0 + counts[i]), 0);
		assert_int_equal(lapic_timer_expire(&a, T0 + MIN_PERIOD), 1);
		assert_int_equal(lapic_next_event(&a), T0 + 2 * MIN_PERIOD);
	}

	/* At the minimum and above it, the period is TMICT x divisor. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1, MIN_PERIOD,
		    T0);
	assert_int_equal(lapic_next_event(&a), T0 + MIN_PERIOD);
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_2,
		    MIN_PERIOD / 2 + 1, T0);
	assert_int_equal(lapic_next_event(&a), T0 + MIN_PERIOD + 2);

	/* The divisor counts: 1 x 128 is still short of the minimum. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_128, 1, T0);
	assert_int_equal(lapic_next_event(&a), T0 + MIN_PERIOD);

	/* One-shot needs no bound: each expiry takes a guest write. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 1, T0);
	assert_int_equal(lapic_next_event(&a), T0 + 1);
}

/* --- TSC-deadline (11.5.4.1) ----------------------------------------- */

static void set_deadline_mode(struct lapic *a, uint64_t now)
{
	wr(a, APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | TIMER_VEC, now);
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
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VEC, T0);
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
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VEC, T0 + 1);
	assert_int_equal(lapic_next_event(&a), 0);
	set_deadline_mode(&a, T0 + 2);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 10000), 0);

	/* Into TSC-deadline mode from a running one-shot count. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 1000, T0);
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
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | APIC_LVT_MASKED | TIMER_VEC,
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_128, 0xffffffffu, t0);
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
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_128, 0xffffffffu, t0);
	assert_int_equal(lapic_timer_expire(&a, t0 + span + 5), 1);
	assert_int_equal(lapic_next_event(&a), t0 + 2 * span);
}

/* --- masked LVT timer ----------------------------------------------- */

/*
 * A masked one-shot or periodic count arms nothing (no preemption-timer
 * exit at all): it runs unseen, TMCCT computed when read.
 */
static void test_masked_oneshot_arms_nothing(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT | APIC_LVT_MASKED,
		    APIC_TDCR_DIV_2, 100, T0);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0), 100);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 80), 60);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 199), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 200), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 1000), 0);
	assert_int_equal(a.fired, 0);

	/* Unmasked after it ran out: its interrupt was masked, nothing
	 * fires later, the count stays at 0. */
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VEC, T0 + 300);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100000), 0);
	assert_true(irr_empty(&a));
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 300), 0);
	assert_int_equal(rd(&a, APIC_TMICT, T0 + 300), 100);

	/* Masking a running count disarms it; unmasking in time re-arms
	 * it at its own expiry. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 1000, T0);
	assert_int_equal(lapic_next_event(&a), T0 + 1000);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | APIC_LVT_MASKED | TIMER_VEC,
	   T0 + 100);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 400), 600);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VEC, T0 + 600);
	assert_int_equal(lapic_next_event(&a), T0 + 1000);
	assert_int_equal(lapic_timer_expire(&a, T0 + 1000), 1);
	assert_true(irr(&a, TIMER_VEC));
}

static void test_masked_periodic_keeps_phase(void **state)
{
	struct lapic a;
	const uint64_t period = 2ull * MIN_PERIOD;

	(void)state;
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC | APIC_LVT_MASKED,
		    APIC_TDCR_DIV_2, MIN_PERIOD, T0);
	assert_int_equal(lapic_next_event(&a), 0);
	/* The count reloads at every period, unseen. */
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + period / 4),
			 MIN_PERIOD * 3 / 4);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 5 * period + period / 4),
			 MIN_PERIOD * 3 / 4);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 7 * period), MIN_PERIOD);

	/* Unmasked mid-period: the next expiry is the next boundary of the
	 * original grid, and nothing fires for the periods that passed. */
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | TIMER_VEC,
	   T0 + 5 * period + period / 4);
	assert_int_equal(lapic_next_event(&a), T0 + 6 * period);
	assert_true(irr_empty(&a));
	assert_int_equal(lapic_timer_expire(&a, T0 + 6 * period - 1), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 6 * period), 1);
	assert_int_equal(lapic_next_event(&a), T0 + 7 * period);
	assert_true(irr(&a, TIMER_VEC));

	/* Masked with a count of 1: still nothing armed. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC | APIC_LVT_MASKED,
		    APIC_TDCR_DIV_1, 1, T0);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_true(rd(&a, APIC_TMCCT, T0 + 12345) <= 1);
}

/* 11.4.7.2: a software disable masks the timer: it disarms too. */
static void test_software_disable_disarms_timer(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 1000, T0);
	wr(&a, APIC_SPIV, 0xff, T0 + 10);
	assert_int_equal(lapic_next_event(&a), 0);
	assert_int_equal(lapic_timer_expire(&a, T0 + 5000), 0);
	assert_true(irr_empty(&a));
}

/* A masked TSC-deadline timer stays armed: its expiry disarms it and
 * clears IA32_TSC_DEADLINE, with no interrupt. */
static void test_masked_deadline_still_disarms(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | APIC_LVT_MASKED | TIMER_VEC,
	   T0);
	lapic_write_tsc_deadline(&a, T0 + 100, T0);
	assert_int_equal(lapic_next_event(&a), T0 + 100);
	assert_int_equal(lapic_timer_expire(&a, T0 + 100), 1);
	assert_int_equal(lapic_read_tsc_deadline(&a), 0);
	assert_true(irr_empty(&a));
}

/*
 * Due when now >= deadline, unsigned: a deadline 2^63 or more ticks
 * ahead is far in the future, never overdue.
 */
static void test_deadline_far_ahead(void **state)
{
	static const uint64_t aheads[] = {
		(1ull << 63) + (1ull << 62), 1ull << 63, (1ull << 63) - 1,
	};
	struct lapic a;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(aheads) / sizeof(aheads[0]); i++) {
		setup(&a);
		set_deadline_mode(&a, T0);
		lapic_write_tsc_deadline(&a, T0 + aheads[i], T0);
		assert_int_equal(lapic_next_event(&a), T0 + aheads[i]);
		assert_int_equal(lapic_timer_expire(&a, T0), 0);
		assert_int_equal(lapic_timer_expire(&a, T0 + aheads[i] - 1), 0);
		assert_int_equal(lapic_read_tsc_deadline(&a), T0 + aheads[i]);
		assert_int_equal(lapic_timer_expire(&a, T0 + aheads[i]), 1);
	}
}

/* --- can the timer wake a vCPU asleep in HLT? ------------------------ */

static void test_timer_can_wake(void **state)
{
	struct lapic a;

	(void)state;
	setup(&a);
	assert_false(lapic_timer_can_wake(&a));		/* not armed */
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1, 1, T0);
	assert_true(lapic_timer_can_wake(&a));

	/* TPR of the vector's class, or above, blocks it for ever. */
	wr(&a, APIC_TASKPRI, TIMER_VEC & 0xf0, T0);
	assert_false(lapic_timer_can_wake(&a));
	wr(&a, APIC_TASKPRI, (TIMER_VEC & 0xf0) - 1, T0);
	assert_true(lapic_timer_can_wake(&a));
	wr(&a, APIC_TASKPRI, 0, T0);

	/* So does its own vector in service (the handler halting). */
	lapic_raise(&a, TIMER_VEC);
	lapic_accept(&a, TIMER_VEC);
	assert_false(lapic_timer_can_wake(&a));
	wr(&a, APIC_EOI, 0, T0);
	assert_true(lapic_timer_can_wake(&a));

	/* Masked, or software-disabled: nothing comes. */
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | APIC_LVT_MASKED |
	   TIMER_VEC, T0);
	lapic_write_tsc_deadline(&a, T0 + 100, T0);
	assert_int_equal(lapic_next_event(&a), T0 + 100);
	assert_false(lapic_timer_can_wake(&a));

	/* An illegal vector wakes through the error interrupt, if any. */
	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 100, T0);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | 5, T0);
	assert_false(lapic_timer_can_wake(&a));
	wr(&a, APIC_LVTERR, 0xe0, T0);
	assert_true(lapic_timer_can_wake(&a));
	wr(&a, APIC_TASKPRI, 0xe0, T0);
	assert_false(lapic_timer_can_wake(&a));
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT | APIC_LVT_MASKED, APIC_TDCR_DIV_1, 1000, T0);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VEC, T0 + 500);
	assert_int_equal(lapic_next_event(&a), T0 + 1000);
	assert_int_equal(rd(&a, APIC_TMCCT, T0 + 500), 500);
	assert_int_equal(lapic_timer_expire(&a, T0 + 1000), 1);
	assert_true(irr(&a, TIMER_VEC));

	setup(&a);
	start_timer(&a, APIC_LVT_TIMER_PERIODIC, APIC_TDCR_DIV_1, MIN_PERIOD,
		    T0);
	wr(&a, APIC_LVTT, APIC_LVT_TIMER_PERIODIC | 0x41, T0 + 500);
	assert_int_equal(lapic_next_event(&a), T0 + MIN_PERIOD);
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
	start_timer(&a, APIC_LVT_TIMER_ONESHOT, APIC_TDCR_DIV_1, 100, T0);
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
		cmocka_unit_test(test_periodic_min_period),
		cmocka_unit_test(test_masked_oneshot_arms_nothing),
		cmocka_unit_test(test_masked_periodic_keeps_phase),
		cmocka_unit_test(test_software_disable_disarms_timer),
		cmocka_unit_test(test_masked_deadline_still_disarms),
		cmocka_unit_test(test_deadline_far_ahead),
		cmocka_unit_test(test_timer_can_wake),
		cmocka_unit_test(test_lvtt_write_does_not_restart_count),
		cmocka_unit_test(test_oneshot_expiry_keeps_tmict),
	};

	return cmocka_run_group_tests_name("lapic_timer", tests, NULL, NULL);
}
