/*
 * test_msr_state.c - the platform MSRs (src/vcpu/msr_state.c): the
 * values a PC guest starts with, and each write the SDM refuses raising
 * #GP while the ones it allows take.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "msr.h"
#include "msr_state.h"

static struct msr_state m;

static uint64_t rd(uint32_t msr)
{
	uint64_t val = 0xdeadbeef;

	assert_int_equal(msr_state_read(&m, msr, &val), 0);
	return val;
}

static int wr(uint32_t msr, uint64_t val)
{
	return msr_state_write(&m, msr, val);
}

static int setup(void **state)
{
	(void)state;
	msr_state_reset(&m);
	return 0;
}

/* Fast strings on (Linux keeps ERMS), no BTS, no PEBS, no PMU, CPUID
 * maxval not limited; only a write that changes nothing takes. */
static void test_misc_enable(void **state)
{
	uint64_t v = rd(MSR_IA32_MISC_ENABLE);

	(void)state;
	assert_true(v & MISC_ENABLE_FAST_STRING);
	assert_true(v & MISC_ENABLE_BTS_UNAVAIL);
	assert_true(v & MISC_ENABLE_PEBS_UNAVAIL);
	assert_false(v & MISC_ENABLE_PERF_MON);
	assert_false(v & MISC_ENABLE_LIMIT_CPUID);
	assert_int_equal(v, MISC_ENABLE_FAST_STRING | MISC_ENABLE_BTS_UNAVAIL |
			    MISC_ENABLE_PEBS_UNAVAIL);
	assert_int_equal(wr(MSR_IA32_MISC_ENABLE, v), 0);
	assert_int_equal(wr(MSR_IA32_MISC_ENABLE, v & ~MISC_ENABLE_FAST_STRING),
			 -1);
	assert_int_equal(wr(MSR_IA32_MISC_ENABLE, v | MISC_ENABLE_LIMIT_CPUID),
			 -1);
	assert_int_equal(wr(MSR_IA32_MISC_ENABLE, v & ~MISC_ENABLE_BTS_UNAVAIL),
			 -1);
	assert_int_equal(rd(MSR_IA32_MISC_ENABLE), v);
}

/* SDM vol. 3, 13.12.2 and 13.12.4: power-on value; types 2, 3 and 8+
 * reserved in every one of the eight entries. */
static void test_pat(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(rd(MSR_IA32_PAT), 0x0007040600070406ull);
	assert_int_equal(wr(MSR_IA32_PAT, 0x0007010600070106ull), 0);
	assert_int_equal(rd(MSR_IA32_PAT), 0x0007010600070106ull);
	for (i = 0; i < 8; i++) {
		assert_int_equal(wr(MSR_IA32_PAT, 2ull << (8 * i)), -1);
		assert_int_equal(wr(MSR_IA32_PAT, 3ull << (8 * i)), -1);
		assert_int_equal(wr(MSR_IA32_PAT, 8ull << (8 * i)), -1);
		assert_int_equal(wr(MSR_IA32_PAT, 0x80ull << (8 * i)), -1);
		assert_int_equal(wr(MSR_IA32_PAT, 7ull << (8 * i)), 0);
	}
	assert_int_equal(rd(MSR_IA32_PAT), 7ull << 56);
}

/* SDM vol. 3, 12.11.1, 12.11.2.1: MTRRCAP 0 and read-only; the default
 * type E = 1, WB; reserved bits, FE without fixed ranges, types 2, 3,
 * 7 and WC (MTRRCAP.WC = 0) raise #GP. */
static void test_mtrr(void **state)
{
	(void)state;
	assert_int_equal(rd(MSR_IA32_MTRRCAP), 0);
	assert_int_equal(wr(MSR_IA32_MTRRCAP, 0), -1);
	assert_int_equal(rd(MSR_IA32_MTRR_DEF_TYPE), MTRR_DEF_TYPE_E | 6);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, 0), 0);	/* E = 0, UC */
	assert_int_equal(rd(MSR_IA32_MTRR_DEF_TYPE), 0);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 4), 0);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 5), 0);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 6), 0);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 1), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 2), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 3), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 7), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, MTRR_DEF_TYPE_E | 0x16), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE,
			    MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | 6), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, (1ull << 8) | 6), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, (1ull << 12) | 6), -1);
	assert_int_equal(wr(MSR_IA32_MTRR_DEF_TYPE, (1ull << 63) | 6), -1);
	assert_int_equal(rd(MSR_IA32_MTRR_DEF_TYPE), MTRR_DEF_TYPE_E | 6);
}

/* SDM vol. 3, 16.3.1: no banks, MCG_CAP read-only; MCG_STATUS takes
 * RIPV/EIPV/MCIP and refuses LMCE_S and the reserved bits. */
static void test_mcg(void **state)
{
	(void)state;
	assert_int_equal(rd(MSR_IA32_MCG_CAP), 0);
	assert_int_equal(wr(MSR_IA32_MCG_CAP, 0), -1);
	assert_int_equal(rd(MSR_IA32_MCG_STATUS), 0);
	assert_int_equal(wr(MSR_IA32_MCG_STATUS, 0), 0);
	assert_int_equal(wr(MSR_IA32_MCG_STATUS, 0x7), 0);
	assert_int_equal(rd(MSR_IA32_MCG_STATUS), 0x7);
	assert_int_equal(wr(MSR_IA32_MCG_STATUS, 0x8), -1);
	assert_int_equal(wr(MSR_IA32_MCG_STATUS, 1ull << 63), -1);
	assert_int_equal(rd(MSR_IA32_MCG_STATUS), 0x7);
}

/* SDM vol. 3, 17.17.3: a TSC write moves TSC_ADJUST by the same amount;
 * a TSC_ADJUST write moves the TSC by the change. */
static void test_tsc(void **state)
{
	(void)state;
	assert_int_equal(rd(MSR_IA32_TSC_ADJUST), 0);
	assert_int_equal(m.tsc_offset, 0);
	/* Host TSC at 1000, the guest sets its TSC to 400: offset -600. */
	msr_state_write_tsc(&m, 400, 1000);
	assert_int_equal(m.tsc_offset, (uint64_t)-600);
	assert_int_equal(rd(MSR_IA32_TSC_ADJUST), (uint64_t)-600);
	/* Later (host 5000, guest 4400) the guest sets 10000: +5600. */
	msr_state_write_tsc(&m, 10000, 5000);
	assert_int_equal(5000 + m.tsc_offset, 10000);
	assert_int_equal(rd(MSR_IA32_TSC_ADJUST), 5000);
	/* TSC_ADJUST back to 0: the TSC moves by -5000, to the host's. */
	assert_int_equal(wr(MSR_IA32_TSC_ADJUST, 0), 0);
	assert_int_equal(m.tsc_offset, 0);
	assert_int_equal(wr(MSR_IA32_TSC_ADJUST, 123), 0);
	assert_int_equal(m.tsc_offset, 123);
}

static void test_other_msrs_are_not_ours(void **state)
{
	uint64_t val;

	(void)state;
	assert_false(msr_state_owns(MSR_IA32_MCG_CTL));
	assert_int_equal(msr_state_read(&m, MSR_IA32_MCG_CTL, &val), -1);
	assert_int_equal(msr_state_write(&m, MSR_IA32_MCG_CTL, 0), -1);
	assert_true(msr_state_owns(MSR_IA32_MTRR_DEF_TYPE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_misc_enable, setup),
		cmocka_unit_test_setup(test_pat, setup),
		cmocka_unit_test_setup(test_mtrr, setup),
		cmocka_unit_test_setup(test_mcg, setup),
		cmocka_unit_test_setup(test_tsc, setup),
		cmocka_unit_test_setup(test_other_msrs_are_not_ours, setup),
	};

	return cmocka_run_group_tests_name("msr_state", tests, NULL, NULL);
}
