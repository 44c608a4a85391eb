/*
 * lapic_harness.h - what the local APIC model's tests share: the fields
 * they write, an enabled APIC to start from, register access that asserts
 * success. Time is a TSC value handed in by the test; nothing here runs a
 * guest. The tests marked "SDM rule" pin rules an earlier lapic.c broke.
 */
#ifndef LAPIC_HARNESS_H
#define LAPIC_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lapic.h"
#include "vmm_abi.h"

/* ICR values the tests send (include/arch/apic.h has the fields). */
#define ICR_DELIVERY_NMI	(APIC_ICR_DM_NMI << APIC_ICR_DELIVERY_SHIFT)
#define ICR_DEST_SELF		(APIC_ICR_DEST_SELF << APIC_ICR_SHORTHAND_SHIFT)
#define ICR_DEST_ALL_BUT_SELF	\
	(APIC_ICR_DEST_ALL_BUT_SELF << APIC_ICR_SHORTHAND_SHIFT)

#define BASE_XAPIC	(APIC_BASE_ADDR | APIC_BASE_ENABLE | APIC_BASE_BSP)
#define BASE_X2APIC	(BASE_XAPIC | APIC_BASE_X2APIC)
#define BASE_DISABLED	(APIC_BASE_ADDR | APIC_BASE_BSP)

#define TIMER_VEC	0x40
#define MIN_PERIOD	VMM_LAPIC_MIN_PERIOD_TICKS
#define T0		1000000ull	/* an arbitrary "now" to start from */

static inline uint32_t rd(struct lapic *a, uint32_t off, uint64_t now)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(lapic_read(a, off, now, &v), 0);
	return v;
}

static inline void wr(struct lapic *a, uint32_t off, uint32_t val, uint64_t now)
{
	assert_int_equal(lapic_write(a, off, val, now), 0);
}

/* Bit @vec of a 256-bit register (ISR, TMR, IRR) as the guest reads it. */
static inline int reg_bit(struct lapic *a, uint32_t base, int vec)
{
	uint32_t word = rd(a, base + 0x10 * (uint32_t)(vec / 32), 0);

	return !!(word & (1u << (vec % 32)));
}

static inline int irr(struct lapic *a, int vec)
{
	return reg_bit(a, APIC_IRR, vec);
}

static inline int isr(struct lapic *a, int vec)
{
	return reg_bit(a, APIC_ISR, vec);
}

static inline int irr_empty(struct lapic *a)
{
	int i;

	for (i = 0; i < 8; i++)
		if (rd(a, APIC_IRR + 0x10 * (uint32_t)i, 0))
			return 0;
	return 1;
}

/* A reset APIC that software has enabled (SVR bit 8), as a guest would
 * leave it before using the timer or taking interrupts. */
static inline void setup(struct lapic *a)
{
	lapic_reset(a);
	wr(a, APIC_SPIV, APIC_SPIV_ENABLE | 0xff, 0);
}

static inline void setup_x2apic(struct lapic *a)
{
	setup(a);
	assert_int_equal(lapic_write_apic_base(a, BASE_X2APIC), 0);
	assert_true(lapic_x2apic(a));
}

/* One-shot or periodic timer: @count at divide @tdcr, loaded at @t0. */
static inline void start_timer(struct lapic *a, uint32_t lvtt, uint32_t tdcr,
			uint32_t count, uint64_t t0)
{
	wr(a, APIC_LVTT, lvtt | TIMER_VEC, t0);
	wr(a, APIC_TDCR, tdcr, t0);
	wr(a, APIC_TMICT, count, t0);
}

#endif
