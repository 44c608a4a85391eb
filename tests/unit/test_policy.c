/*
 * test_policy.c - the sandbox policy tables (src/policy/policy.c): what
 * CPUID shows the guest on top of the host's answers, which leaves the
 * fastpath must ask each time, and the MSR bitmap built from MSR_POLICY.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "controls.h"
#include "cpuid.h"
#include "policy.h"

#define ALL_CONTROLS	(SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID)

/* This file's host is the machine it runs on (test_policy_msrs.c
 * makes up hosts). */
struct cpuid_regs policy_test_host_cpuid(uint32_t leaf, uint32_t subleaf)
{
	return cpuid(leaf, subleaf);
}

static void test_leaf1_hides_vmx_shows_hypervisor(void **state)
{
	struct cpuid_regs r = policy_cpuid(1, 0, ALL_CONTROLS);

	(void)state;
	assert_false(r.ecx & CPUID_1_ECX_VMX);
	assert_false(r.ecx & CPUID_1_ECX_XSAVE);
	assert_true(r.ecx & CPUID_1_ECX_HYPERVISOR);
	assert_true(r.ecx & CPUID_1_ECX_X2APIC);
	assert_true(r.ecx & CPUID_1_ECX_TSC_DEADLINE);
	/* The platform MSRs msr_state.c implements: shown on any host. */
	assert_true(r.edx & CPUID_1_EDX_MTRR);
	assert_true(r.edx & CPUID_1_EDX_MCA);
	assert_true(r.edx & CPUID_1_EDX_MCE);
	assert_true(r.edx & CPUID_1_EDX_PAT);
	/* One logical processor, initial APIC ID 0. */
	assert_int_equal(r.ebx >> CPUID_1_EBX_LOGICAL_SHIFT, 1);
}

static void test_signature_leaf(void **state)
{
	struct cpuid_regs r = policy_cpuid(CPUID_LEAF_HV_BASE, 0, 0);
	char sig[13] = { 0 };

	(void)state;
	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	assert_string_equal(sig, VMM_CPUID_SIGNATURE);
	assert_int_equal(r.eax, CPUID_LEAF_HV_FEATURES);
	r = policy_cpuid(CPUID_LEAF_HV_FEATURES, 0, 0);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_leaves_beyond_the_policy_are_zero(void **state)
{
	struct cpuid_regs r;

	(void)state;
	r = policy_cpuid(CPUID_MAX_BASIC + 1, 0, 0);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = policy_cpuid(CPUID_MAX_EXT + 1, 0, 0);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = policy_cpuid(0xa, 0, 0);		/* performance monitoring */
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	assert_true(policy_cpuid(0, 0, 0).eax <= CPUID_MAX_BASIC);
	assert_true(policy_cpuid(CPUID_LEAF_EXT_BASE, 0, 0).eax <=
		    CPUID_MAX_EXT);
}

/* Leaves 15H and 16H tell the rate the hypervisor measured, whatever the
 * host claims; the leaves between them and XSAVE's read as zero. */
static void test_tsc_leaves(void **state)
{
	struct cpuid_regs r;
	uint32_t leaf;

	(void)state;
	policy_set_tsc_hz(50019053);
	r = policy_cpuid(CPUID_LEAF_TSC, 0, 0);
	assert_int_equal(r.eax, 1);
	assert_int_equal(r.ebx, 1);
	assert_int_equal(r.ecx, 50019053);
	assert_int_equal(r.edx, 0);
	r = policy_cpuid(CPUID_LEAF_FREQ, 0, 0);
	assert_int_equal(r.eax, 50);
	assert_int_equal(r.ebx, 50);
	assert_int_equal(r.ecx, 50);
	assert_int_equal(r.edx, 0);
	assert_true(policy_cpuid(0, 0, 0).eax >= CPUID_LEAF_FREQ);
	for (leaf = 0xe; leaf < CPUID_LEAF_TSC; leaf++) {
		r = policy_cpuid(leaf, 0, 0);
		assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	}
	/* Past 32 bits the crystal is not enumerated. */
	policy_set_tsc_hz(5000000000ull);
	assert_int_equal(policy_cpuid(CPUID_LEAF_TSC, 0, 0).ecx, 0);
	assert_int_equal(policy_cpuid(CPUID_LEAF_FREQ, 0, 0).eax, 5000);
	/* Unknown: both zero. */
	policy_set_tsc_hz(0);
	r = policy_cpuid(CPUID_LEAF_TSC, 0, 0);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = policy_cpuid(CPUID_LEAF_FREQ, 0, 0);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void test_leaf7_subleaves(void **state)
{
	struct cpuid_regs r = policy_cpuid(7, 1, ALL_CONTROLS);

	(void)state;
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	r = policy_cpuid(7, 0, ALL_CONTROLS);
	assert_int_equal(r.eax, 0);
	assert_false(r.ebx & CPUID_7_EBX_RTM);
	assert_int_equal(r.ecx, 0);
	assert_int_equal(r.edx & ~CPUID_7_EDX_FSRM, 0);	/* a hint only */
}

/* A feature whose instruction needs a control is shown only with it. */
static void test_features_follow_the_controls(void **state)
{
	(void)state;
	assert_false(policy_cpuid(0x80000001u, 0, 0).edx &
		     CPUID_80000001_EDX_RDTSCP);
	assert_false(policy_cpuid(7, 0, 0).ebx & CPUID_7_EBX_INVPCID);
	/* With the control, the host's answer stands. */
	assert_int_equal(policy_cpuid(0x80000001u, 0, ALL_CONTROLS).edx &
			 CPUID_80000001_EDX_RDTSCP,
			 cpuid(0x80000001u, 0).edx & CPUID_80000001_EDX_RDTSCP);
}

static void test_indexed_leaves(void **state)
{
	(void)state;
	assert_true(policy_cpuid_indexed(4));
	assert_true(policy_cpuid_indexed(7));
	assert_false(policy_cpuid_indexed(1));
	assert_false(policy_cpuid_indexed(0xb));	/* all zero anyway */
	assert_false(policy_cpuid_indexed(CPUID_LEAF_HV_BASE));
}

/*
 * CR4 follows the guest's CPUID: a hidden feature's bit is denied (VMX,
 * SMX and XSAVE by the leaf-1 rules, everything leaf 7 enumerates
 * in ECX and EDX by its rule), so is every reserved bit, and a shown
 * feature's bit is allowed exactly when the guest sees the feature.
 */
static void test_cr4_follows_cpuid(void **state)
{
	uint64_t denied = policy_cr4_denied();
	struct cpuid_regs r1 = policy_cpuid(1, 0, 0);

	(void)state;
	assert_int_equal(policy_cr4_allowed() & denied, 0);
	assert_int_equal(policy_cr4_allowed() | denied, ~0ull);
	assert_true(denied & CR4_VMXE);
	assert_true(denied & CR4_SMXE);
	assert_true(denied & CR4_OSXSAVE);
	assert_false(denied & CR4_MCE);			/* MCE is shown */
	assert_true(denied & CR4_UMIP);
	assert_true(denied & CR4_LA57);
	assert_true(denied & CR4_PKE);
	assert_true(denied & CR4_KL);
	assert_true(denied & CR4_CET);
	assert_true(denied & CR4_PKS);
	assert_true(denied & X86_BIT(15));		/* reserved */
	assert_true(denied & ~0x1ffffffull);		/* 63:25, reserved */
	assert_false(denied & CR4_PCE);			/* needs no feature */
	assert_int_equal(!(denied & CR4_PAE), !!(r1.edx & CPUID_1_EDX_PAE));
	assert_int_equal(!(denied & CR4_PCIDE), !!(r1.ecx & CPUID_1_ECX_PCID));
	assert_int_equal(!(denied & CR4_SMEP),
			 !!(policy_cpuid(7, 0, 0).ebx & CPUID_7_EBX_SMEP));
}

/* Bit for @msr in the bitmap quarter at @base (SDM vol. 3, 25.6.9). */
static int exits(const uint8_t *bm, unsigned int base, uint32_t msr)
{
	uint32_t idx = msr >= 0xc0000000u ? msr - 0xc0000000u : msr;

	return !!(bm[base + idx / 8] & (1u << (idx % 8)));
}

#define READ_LOW	0
#define READ_HIGH	1024
#define WRITE_LOW	2048
#define WRITE_HIGH	3072

static void test_msr_bitmap_follows_the_table(void **state)
{
	uint8_t bm[4096];

	(void)state;
	policy_msr_bitmap(bm, ALL_CONTROLS);
	assert_false(exits(bm, READ_HIGH, MSR_IA32_LSTAR));	/* PASS */
	assert_false(exits(bm, WRITE_HIGH, MSR_IA32_LSTAR));
	assert_false(exits(bm, READ_LOW, MSR_IA32_TSC));	/* READ_ONLY */
	assert_true(exits(bm, WRITE_LOW, MSR_IA32_TSC));
	assert_true(exits(bm, READ_LOW, MSR_IA32_APIC_BASE));	/* EMULATE */
	assert_true(exits(bm, WRITE_LOW, MSR_IA32_TSC_DEADLINE));
	assert_true(exits(bm, READ_LOW, MSR_IA32_PAT));
	assert_true(exits(bm, WRITE_LOW, MSR_IA32_PAT));
	assert_true(exits(bm, READ_LOW, MSR_IA32_DEBUGCTL));	/* not listed */
}

static void test_hypercall_cpl(void **state)
{
	(void)state;
	assert_true(policy_hypercall_any_cpl(HC_NOP));
	assert_false(policy_hypercall_any_cpl(HC_WRITE));
	assert_false(policy_hypercall_any_cpl(HC_EXIT));
	assert_false(policy_hypercall_any_cpl(HC_EXIT_COUNT));
	assert_false(policy_hypercall_any_cpl(1ull << 32));	/* not HC_NOP */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_hides_vmx_shows_hypervisor),
		cmocka_unit_test(test_signature_leaf),
		cmocka_unit_test(test_leaves_beyond_the_policy_are_zero),
		cmocka_unit_test(test_tsc_leaves),
		cmocka_unit_test(test_leaf7_subleaves),
		cmocka_unit_test(test_features_follow_the_controls),
		cmocka_unit_test(test_indexed_leaves),
		cmocka_unit_test(test_msr_bitmap_follows_the_table),
		cmocka_unit_test(test_hypercall_cpl),
		cmocka_unit_test(test_cr4_follows_cpuid),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
