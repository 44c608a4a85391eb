/*
 * pmtimer.c - the ACPI power-management timer at port 0x608 (where QEMU's
 * Q35 machine puts it): a 24-bit counter at 3.579545 MHz (ACPI 6.x, 4.8.3.3
 * "Power Management Timer"), read with a 32-bit IN.
 *
 * It is derived from the TSC at the rate CPUID leaf 0x15 or 0x16 claims
 * (2 GHz when neither says). Under Bochs with clock: sync=none the TSC
 * counts instructions and that claim is not true in emulated seconds; the
 * counter still advances monotonically, which is what a guest polls for.
 */
#include "io.h"

#include "vcpu.h"
#include "x86.h"

#define PMTIMER_HZ		3579545ull
#define PMTIMER_MASK		0xffffffull
#define TSC_HZ_DEFAULT		2000000000ull

/* PM ticks = TSC * pm_mult >> 32: one multiply per read, no division. */
static uint64_t pm_mult;

static uint64_t guess_tsc_hz(void)
{
	struct cpuid_regs r;
	uint32_t max = cpuid(0, 0).eax;

	if (max >= 0x15) {
		r = cpuid(0x15, 0);	/* EBX/EAX = TSC / crystal, ECX = Hz */
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax;
	}
	if (max >= 0x16) {
		r = cpuid(0x16, 0);	/* EAX = base frequency in MHz */
		if (r.eax)
			return (uint64_t)r.eax * 1000000;
	}
	return TSC_HZ_DEFAULT;
}

static uint32_t pmtimer_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port; (void)size;
	if (!pm_mult)
		pm_mult = (PMTIMER_HZ << 32) / guess_tsc_hz();
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
