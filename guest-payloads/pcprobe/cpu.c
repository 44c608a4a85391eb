/*
 * cpu.c - what a PC kernel asks the CPU itself: the CPUID vendor and the
 * hypervisor leaf (both differ between machines by design), and the MSRs
 * every PC has (SDM vol. 4, table 2-2): IA32_TIME_STAMP_COUNTER,
 * IA32_MISC_ENABLE, IA32_PAT, IA32_MTRRCAP, IA32_MTRR_DEF_TYPE,
 * IA32_MCG_CAP and IA32_MCG_STATUS. Reads go through rdmsr_safe(), so a
 * missing MSR is a FAIL line, not a crash.
 */
#include "probe.h"

#define MSR_TSC			0x010
#define MSR_MTRRCAP		0x0fe
#define MSR_MCG_CAP		0x179
#define MSR_MCG_STATUS		0x17a
#define MSR_MISC_ENABLE		0x1a0
#define MSR_PAT			0x277
#define MSR_MTRR_DEF_TYPE	0x2ff
#define PAT_RESET		0x0007040600070406ull	/* SDM vol. 3, 13.12.4 */
#define PAT_TEST		0x0007010600070106ull	/* WC in PA2 and PA6 */

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static void msr_exists(const char *name, uint32_t msr)
{
	uint64_t v = 0;
	int ok = !rdmsr_safe(msr, &v);

	check(ok, "msr", "%s readable", name);
	if (ok)
		differs("msr", "%s 0x%llx", name, (unsigned long long)v);
}

void probe_cpu(void)
{
	uint32_t r[4];
	char vendor[13], hv[13];
	uint64_t t0 = 0, t1 = 0, pat = 0, back = 0, mcg = 0;
	int ok;

	cpuid(0, 0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	differs("cpu", "vendor '%s'", vendor);
	cpuid(1, 0, r);
	differs("cpu", "hypervisor bit %u", r[2] >> 31);
	cpuid(0x40000000, 0, r);
	memcpy(hv, &r[1], 4);
	memcpy(hv + 4, &r[2], 4);
	memcpy(hv + 8, &r[3], 4);
	hv[12] = '\0';
	differs("cpu", "leaf 0x40000000 max 0x%x '%s'", r[0], hv);

	/* Read first, then check: the order C evaluates arguments in is
	 * unspecified, so a read inside check()'s condition could be printed
	 * before it happened. */
	ok = !rdmsr_safe(MSR_TSC, &t0);
	ok = ok && !rdmsr_safe(MSR_TSC, &t1);
	check(ok, "msr", "tsc readable");
	/* QEMU's TCG answers the MSR with the last value written, not the
	 * counter RDTSC reads (target/i386/tcg/sysemu/misc_helper.c). */
	differs("msr", "tsc msr counting %u", t1 > t0);
	t0 = rdtsc();
	t1 = rdtsc();
	check(t1 > t0, "cpu", "rdtsc counting");
	msr_exists("misc_enable", MSR_MISC_ENABLE);
	ok = !rdmsr_safe(MSR_PAT, &pat);
	check(ok && pat == PAT_RESET, "msr", "pat 0x%016llx",
	      (unsigned long long)pat);
	ok = !wrmsr_safe(MSR_PAT, PAT_TEST) && !rdmsr_safe(MSR_PAT, &back) &&
	     !wrmsr_safe(MSR_PAT, pat);
	check(ok && back == PAT_TEST, "msr", "pat written and read back 0x%016llx",
	      (unsigned long long)back);
	msr_exists("mtrrcap", MSR_MTRRCAP);
	msr_exists("mtrr_def_type", MSR_MTRR_DEF_TYPE);
	msr_exists("mcg_cap", MSR_MCG_CAP);
	ok = !rdmsr_safe(MSR_MCG_STATUS, &mcg);
	check(ok && mcg == 0, "msr", "mcg_status 0x%llx", (unsigned long long)mcg);
}
