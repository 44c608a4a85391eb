/*
 * test_pmtimer.c - the ACPI PM timer's clock (src/dev/pmtimer.c): the TSC
 * rate taken from CPUID leaf 0x15 or 0x16 only when it is in range, else
 * TSC_HZ_DEFAULT, so the divisor of the PM timer's multiplier is never 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pmtimer.h"

/* pmtimer.c's write handler logs a denial; nothing here calls it. */
struct vcpu;
void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail);
void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail)
{
	(void)v; (void)kind; (void)what; (void)detail;
}

static struct cpuid_regs regs(uint32_t eax, uint32_t ebx, uint32_t ecx)
{
	struct cpuid_regs r = { .eax = eax, .ebx = ebx, .ecx = ecx, .edx = 0 };

	return r;
}

static const struct cpuid_regs none;

static void test_leaf15(void **state)
{
	(void)state;
	/* A 24 MHz crystal, TSC = crystal * 125 / 1 = 3 GHz. */
	assert_int_equal(pmtimer_tsc_hz(0x16, regs(1, 125, 24000000), none),
			 3000000000ull);
	/* EBX / EAX need not be whole: 38.4 MHz * 250 / 3 = 3.2 GHz. */
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(3, 250, 38400000), none),
			 3200000000ull);
}

/*
 * The rule this file pins: ECX * EBX < EAX rounds the rate to 0, which
 * pmtimer.c then divided by (a host #DE, exit 5, at the guest's first PM
 * timer read). Such a rate, or a 0 field, falls back.
 */
static void test_leaf15_rate_zero_falls_back(void **state)
{
	(void)state;
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(2, 1, 1), none),
			 TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(0xffffffffu, 1, 0xfffffffeu),
					none), TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(0, 125, 24000000), none),
			 TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(1, 0, 24000000), none),
			 TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(1, 125, 0), none),
			 TSC_HZ_DEFAULT);
	/* ... to leaf 0x16 when there is one. */
	assert_int_equal(pmtimer_tsc_hz(0x16, regs(2, 1, 1), regs(2400, 0, 0)),
			 2400000000ull);
}

static void test_out_of_range_falls_back(void **state)
{
	(void)state;
	/* Slower than the PM timer itself; faster than TSC_HZ_MAX. */
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(1, 1, 1000000), none),
			 TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(1, 0xffffffffu, 0xffffffffu),
					none), TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x16, none, regs(1, 0, 0)),
			 TSC_HZ_DEFAULT);
	/* The bounds themselves are in range. */
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(1, 1, TSC_HZ_MIN), none),
			 TSC_HZ_MIN);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(1, 25, 4000000000u), none),
			 TSC_HZ_MAX);
}

static void test_leaves_beyond_max_ignored(void **state)
{
	(void)state;
	/* Leaves past CPUID.0:EAX answer garbage: not read. */
	assert_int_equal(pmtimer_tsc_hz(0x14, regs(1, 125, 24000000),
					regs(2400, 0, 0)), TSC_HZ_DEFAULT);
	assert_int_equal(pmtimer_tsc_hz(0x15, regs(0, 0, 0), regs(2400, 0, 0)),
			 TSC_HZ_DEFAULT);
	/* Leaf 0x16: only EAX[15:0] is the frequency. */
	assert_int_equal(pmtimer_tsc_hz(0x16, none, regs(0xabcd0000u | 3000, 0, 0)),
			 3000000000ull);
}

/* The shared clock's inverse (the PIT's deadlines): the first TSC at
 * which the count reaches a value, exactly, at this host's rate. */
static void test_tsc_at_is_exact_inverse(void **state)
{
	static const uint64_t pm[] = { 1, 2, 3, 1000, 3579545, 0x123456789ull,
				       (1ull << 40) + 7 };
	unsigned int i;

	(void)state;
	pmtimer_init();
	for (i = 0; i < sizeof(pm) / sizeof(pm[0]); i++) {
		uint64_t t = pmtimer_tsc_at(pm[i]);

		assert_true(pmtimer_ticks(t) >= pm[i]);
		assert_true(pmtimer_ticks(t - 1) < pm[i]);
	}
	assert_int_equal(pmtimer_tsc_at(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf15),
		cmocka_unit_test(test_leaf15_rate_zero_falls_back),
		cmocka_unit_test(test_out_of_range_falls_back),
		cmocka_unit_test(test_leaves_beyond_max_ignored),
		cmocka_unit_test(test_tsc_at_is_exact_inverse),
	};

	return cmocka_run_group_tests_name("pmtimer", tests, NULL, NULL);
}
