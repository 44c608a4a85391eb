/*
 * clock.c - monotonic time from the TSC and boot_info.cpu_cycle_freq,
 * as Solo5's tscclock does: ns = (tsc * mult) >> 32 with mult =
 * 10^9 * 2^32 / freq, counted from the TSC at boot; and solo5_yield.
 */
#include "hvt.h"

#define CLOCK_SHIFT	32

static uint64_t clock_mult;
static uint64_t clock_base_tsc;

uint64_t hvt_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

void hvt_clock_init(uint64_t tsc_hz)
{
	if (tsc_hz == 0)
		HVT_ABORT("cpu_cycle_freq is 0", NULL);
	clock_mult = (NSEC_PER_SEC << CLOCK_SHIFT) / tsc_hz;
	clock_base_tsc = hvt_rdtsc();
}

uint64_t hvt_monotonic_ns(void)
{
	unsigned __int128 t = hvt_rdtsc() - clock_base_tsc;

	return (uint64_t)((t * clock_mult) >> CLOCK_SHIFT);
}

int hvt_yield(uint64_t deadline, uint64_t *ready_set)
{
	uint64_t now = hvt_monotonic_ns();

	return hvt_poll(deadline > now ? deadline - now : 0, ready_set);
}
