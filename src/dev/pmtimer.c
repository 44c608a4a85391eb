/*
 * pmtimer.c - the ACPI power-management timer at port 0x608 (where QEMU's
 * Q35 machine puts it): a 24-bit counter at 3.579545 MHz (ACPI 6.x, 4.8.3.3
 * "Power Management Timer"), read with a 32-bit IN.
 *
 * It is derived from the TSC at the rate measured at boot against the
 * 8254 (src/lib/tsc.c); where that failed, at the rate CPUID leaf 0x15
 * or 0x16 claims, computed once at start and checked: TSC_HZ_DEFAULT
 * (2 GHz) when neither gives a rate in range, such as a leaf 0x15 whose
 * ECX * EBX / EAX rounds to 0, which would otherwise be divided by. Under
 * Bochs with clock: sync=none the CPUID claim is not true in emulated
 * seconds (the TSC counts `ips` a second); the measured rate is.
 */
#include "pmtimer.h"

#include "cpuid.h"
#include "io.h"
#include "tsc.h"
#include "vcpu.h"

#define PMTIMER_MASK		0xffffffull

/* PM ticks = TSC * pm_mult >> 32: one multiply per read, no division.
 * Set once by pmtimer_init(); TSC_HZ_MIN and TSC_HZ_MAX keep it in
 * [2^17, 2^32]. */
static uint64_t pm_mult;

static int tsc_hz_sane(uint64_t hz)
{
	return hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX;
}

uint64_t pmtimer_tsc_hz(uint32_t max_leaf, struct cpuid_regs l15,
			struct cpuid_regs l16)
{
	uint64_t hz;

	/* ECX * EBX fits 64 bits; EAX = 0 (or any factor 0) says "not
	 * enumerated", and EBX < EAX with a small crystal would give a
	 * rate of 0: both fall back. */
	if (max_leaf >= CPUID_LEAF_TSC && l15.eax) {
		hz = (uint64_t)l15.ecx * l15.ebx / l15.eax;
		if (tsc_hz_sane(hz))
			return hz;
	}
	if (max_leaf >= CPUID_LEAF_FREQ) {
		hz = (uint64_t)CPUID_16_EAX_MHZ(l16.eax) * 1000000;
		if (tsc_hz_sane(hz))
			return hz;
	}
	return TSC_HZ_DEFAULT;
}

uint64_t pmtimer_host_tsc_hz(void)
{
	uint32_t max = cpuid(0, 0).eax;
	uint64_t measured = tsc_measured_hz();

	if (tsc_hz_sane(measured))
		return measured;
	struct cpuid_regs none = { 0 };

	return pmtimer_tsc_hz(max,
			      max >= CPUID_LEAF_TSC ? cpuid(CPUID_LEAF_TSC, 0)
						    : none,
			      max >= CPUID_LEAF_FREQ ? cpuid(CPUID_LEAF_FREQ, 0)
						     : none);
}

void pmtimer_init(void)
{
	pm_mult = (PMTIMER_HZ << 32) / pmtimer_host_tsc_hz();
}

/*
 * The clock the PM timer and the 8254 share, as on a PC, where both are
 * divided from one 14.31818 MHz crystal (the PM timer by 4, the PIT by
 * 12): PM ticks since TSC 0, and the first TSC at which the count reaches
 * @pm. The inverse is exact (the smallest TSC whose forward conversion
 * reaches @pm), so a deadline computed with it is never early.
 */
uint64_t pmtimer_ticks(uint64_t tsc)
{
	return (uint64_t)(((unsigned __int128)tsc * pm_mult) >> 32);
}

uint64_t pmtimer_tsc_at(uint64_t pm)
{
	unsigned __int128 q = ((unsigned __int128)pm << 32) + pm_mult - 1;

	return (uint64_t)(q / pm_mult);
}

static uint32_t pmtimer_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port; (void)size;
	return (uint32_t)(((unsigned __int128)rdtsc() * pm_mult) >> 32) &
	       PMTIMER_MASK;
}

/* The counter is read-only: a write is dropped, and logged as denied. */
static void pmtimer_out(struct vcpu *v, uint16_t port, unsigned int size,
			uint32_t val)
{
	(void)size; (void)val;
	vcpu_deny(v, "port write", VMM_PORT_PM_TIMER + port,
		  "read-only device; write dropped");
}

const struct port_device pmtimer_device = {
	.name = "acpi-pm-timer",
	.base = VMM_PORT_PM_TIMER,
	.count = 4,
	.in = pmtimer_in,
	.out = pmtimer_out,
	.fast = 1,
};
