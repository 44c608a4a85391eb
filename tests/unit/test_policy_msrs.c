/*
 * test_policy_msrs.c - CPUID and MSRs agree (src/policy/policy.c's
 * CPUID_FEATURES and CPUID_DEPS, src/vmx/msr_emul.c, src/vcpu/
 * msr_state.c). On made-up hosts (every bit set, none, the machine the
 * test runs on) and with and without the secondary controls: a bit is
 * shown only if a HOST or FORCE row lists it, a FORCE bit always is, a
 * HIDE bit never; each feature pair holds; and every MSR a feature names
 * is answered exactly while the feature is shown: through the bitmap
 * (the CPU answers) or by the emulation, and #GP otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "apic.h"
#include "controls.h"
#include "cpuid.h"
#include "msr_emul.h"
#include "policy.h"
#include "vcpu.h"

#define ALL_CONTROLS	(SECONDARY_ENABLE_RDTSCP | SECONDARY_ENABLE_INVPCID)

enum host_kind { HOST_ALL, HOST_NONE, HOST_REAL };

static enum host_kind host_kind;
/* With HOST_ALL: the one bit the host lacks (leaf, register, bit). */
static uint32_t lack_leaf, lack_bit;
static enum cpuid_reg lack_reg;

static uint32_t *reg_of(struct cpuid_regs *r, enum cpuid_reg reg)
{
	return reg == CPUID_EAX ? &r->eax : reg == CPUID_EBX ? &r->ebx :
	       reg == CPUID_ECX ? &r->ecx : &r->edx;
}

struct cpuid_regs policy_test_host_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };

	if (host_kind == HOST_REAL)
		return cpuid(leaf, subleaf);
	if (host_kind == HOST_ALL) {
		r.eax = r.ebx = r.ecx = r.edx = ~0u;
		if (leaf == lack_leaf)
			*reg_of(&r, lack_reg) &= ~lack_bit;
	}
	return r;
}

static void set_host(enum host_kind kind)
{
	host_kind = kind;
	lack_leaf = 0;
	lack_bit = 0;
}

/* The tables under test, as arrays. */
enum show { SHOW_HOST, SHOW_FORCE, SHOW_HIDE };
static const struct feature {
	uint32_t leaf;
	enum cpuid_reg reg;
	uint32_t bit;
	enum show show;
	uint32_t msr;
	const char *name;
} features[] = {
#define ROW(leaf, reg, bit, show, msr) \
	{ leaf, CPUID_##reg, bit, SHOW_##show, msr, #bit },
	CPUID_FEATURES(ROW)
#undef ROW
};

static const struct dep {
	uint32_t leaf;
	enum cpuid_reg reg;
	uint32_t bit;
	uint32_t nleaf;
	enum cpuid_reg nreg;
	uint32_t nbit;
	const char *name;
} deps[] = {
#define ROW(leaf, reg, bit, nleaf, nreg, nbit) \
	{ leaf, CPUID_##reg, bit, nleaf, CPUID_##nreg, nbit, #bit },
	CPUID_DEPS(ROW)
#undef ROW
};

static const struct {
	uint32_t msr;
	const char *action;
} msr_rows[] = {
#define ROW(msr, action, fast_read, fast_write) { msr, #action },
	MSR_POLICY(ROW)
#undef ROW
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static const uint32_t leaves[] = { 1, 7, 0x80000001u, 0x80000007u };
static const uint32_t controls[] = { 0, ALL_CONTROLS };

static int shown(uint32_t leaf, enum cpuid_reg reg, uint32_t bit,
		 uint32_t proc2)
{
	return policy_feature_shown(leaf, reg, bit, proc2);
}

/* The bits of @leaf's @reg the table lists with @want. */
static uint32_t listed(uint32_t leaf, enum cpuid_reg reg, int want)
{
	uint32_t bits = 0;
	unsigned int i;

	for (i = 0; i < N(features); i++)
		if (features[i].leaf == leaf && features[i].reg == reg &&
		    (int)features[i].show == want)
			bits |= features[i].bit;
	return bits;
}

static int reg_listed(uint32_t leaf, enum cpuid_reg reg)
{
	return listed(leaf, reg, SHOW_HOST) | listed(leaf, reg, SHOW_FORCE) |
	       listed(leaf, reg, SHOW_HIDE);
}

/* Whatever the host offers, the guest sees no bit the table does not
 * list as HOST or FORCE, and every FORCE bit. */
static void test_only_listed_bits_are_shown(void **state)
{
	static const enum host_kind kinds[] = { HOST_ALL, HOST_NONE, HOST_REAL };
	unsigned int k, l, c;
	int reg;

	(void)state;
	for (k = 0; k < N(kinds); k++)
		for (c = 0; c < N(controls); c++)
			for (l = 0; l < N(leaves); l++) {
				struct cpuid_regs r;

				set_host(kinds[k]);
				r = policy_cpuid(leaves[l], 0, controls[c]);
				for (reg = CPUID_EAX; reg <= CPUID_EDX; reg++) {
					uint32_t v = *reg_of(&r, reg);
					uint32_t ok = listed(leaves[l], reg, SHOW_HOST) |
						      listed(leaves[l], reg, SHOW_FORCE);

					if (!reg_listed(leaves[l], reg))
						continue;
					if (v & ~ok)
						fail_msg("leaf 0x%x reg %d shows 0x%x, "
							 "not listed", leaves[l], reg,
							 v & ~ok);
					assert_int_equal(v & listed(leaves[l], reg,
								   SHOW_FORCE),
							 listed(leaves[l], reg,
								SHOW_FORCE));
				}
			}
}

/* A host with every bit: each HOST bit is shown (its pairs hold), no
 * HIDE bit is. */
static void test_host_bits_pass_hidden_do_not(void **state)
{
	unsigned int i;

	(void)state;
	set_host(HOST_ALL);
	for (i = 0; i < N(features); i++) {
		const struct feature *f = &features[i];

		if (shown(f->leaf, f->reg, f->bit, ALL_CONTROLS) !=
		    (f->show != SHOW_HIDE))
			fail_msg("%s: shown %d, row says %d", f->name,
				 shown(f->leaf, f->reg, f->bit, ALL_CONTROLS),
				 f->show);
	}
}

/* Each pair: a host that has the feature but lacks its prerequisite
 * does not get the feature shown (FSRM without ERMS, SSE2 without SSE,
 * ...). A FORCE prerequisite cannot be lacking. */
static void test_feature_pairs(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < N(deps); i++) {
		const struct dep *d = &deps[i];

		set_host(HOST_ALL);
		assert_true(shown(d->leaf, d->reg, d->bit, ALL_CONTROLS));
		lack_leaf = d->nleaf;
		lack_reg = d->nreg;
		lack_bit = d->nbit;
		if (shown(d->nleaf, d->nreg, d->nbit, ALL_CONTROLS))
			continue;	/* forced: never lacking */
		if (shown(d->leaf, d->reg, d->bit, ALL_CONTROLS))
			fail_msg("%s shown without its prerequisite", d->name);
	}
	/* The pair Linux 6.1 trips on, by name. */
	set_host(HOST_ALL);
	lack_leaf = 7;
	lack_reg = CPUID_EBX;
	lack_bit = CPUID_7_EBX_ERMS;
	assert_false(shown(7, CPUID_EDX, CPUID_7_EDX_FSRM, ALL_CONTROLS));
}

/* The vCPU the MSR emulation answers for: x2APIC mode on, so the
 * x2APIC registers are reachable. */
static struct vcpu vcpu;

static void vcpu_fresh(void)
{
	memset(&vcpu, 0, sizeof(vcpu));
	lapic_reset(&vcpu.lapic);
	assert_int_equal(lapic_write_apic_base(&vcpu.lapic, APIC_BASE_ADDR |
					       APIC_BASE_ENABLE | APIC_BASE_BSP |
					       APIC_BASE_X2APIC), 0);
	msr_state_reset(&vcpu.msrs);
}

/* Bit for @msr in the read quarters of the bitmap (SDM vol. 3, 25.6.9);
 * an MSR outside both ranges always exits. */
static int read_exits(const uint8_t *bm, uint32_t msr)
{
	unsigned int base = msr >= 0xc0000000u ? 1024 : 0;
	uint32_t idx = msr >= 0xc0000000u ? msr - 0xc0000000u : msr;

	if (idx > 0x1fff)
		return 1;
	return !!(bm[base + idx / 8] & (1u << (idx % 8)));
}

/* RDMSR @msr as the guest does it: 1 if it gets an answer, 0 for #GP. */
static int guest_rdmsr(const uint8_t *bm, uint32_t msr)
{
	uint64_t val;

	if (!read_exits(bm, msr))
		return 1;			/* the CPU answers */
	return msr_emulate_read(&vcpu, msr, &val) == 0;
}

/* Whether any feature naming @msr is shown. */
static int msr_expected(uint32_t msr, uint32_t proc2)
{
	unsigned int i;

	for (i = 0; i < N(features); i++)
		if (features[i].msr == msr &&
		    shown(features[i].leaf, features[i].reg, features[i].bit,
			  proc2))
			return 1;
	return 0;
}

static void test_feature_msrs_exist_exactly_when_shown(void **state)
{
	static const enum host_kind kinds[] = { HOST_ALL, HOST_NONE, HOST_REAL };
	static uint8_t bm[4096];
	unsigned int k, c, i;

	(void)state;
	for (k = 0; k < N(kinds); k++)
		for (c = 0; c < N(controls); c++) {
			set_host(kinds[k]);
			vcpu_fresh();
			policy_msr_bitmap(bm, controls[c]);
			for (i = 0; i < N(features); i++) {
				uint32_t msr = features[i].msr;
				int want = msr_expected(msr, controls[c]);

				if (!msr)
					continue;
				if (guest_rdmsr(bm, msr) != want)
					fail_msg("host %u controls 0x%x: MSR 0x%x "
						 "(%s) answered %d, feature shown %d",
						 k, controls[c], msr,
						 features[i].name, !want, want);
				assert_int_equal(policy_msr_exists(msr,
								   controls[c]),
						 want);
			}
		}
}

/* An emulated MSR's feature is shown whatever the host: the emulation
 * answers without asking CPUID, so the feature must not depend on it. */
static void test_emulated_msrs_have_forced_features(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i < N(msr_rows); i++) {
		if (strcmp(msr_rows[i].action, "EMULATE"))
			continue;
		for (j = 0; j < N(features); j++)
			if (features[j].msr == msr_rows[i].msr &&
			    features[j].show != SHOW_FORCE)
				fail_msg("MSR 0x%x is emulated, %s is not FORCE",
					 msr_rows[i].msr, features[j].name);
	}
}

/* The platform MSRs Linux reads at boot answer through the exit path,
 * and a PAT write reaches the VMCS only when entry loads the PAT. */
static uint64_t vmcs_written_pat, vmcs_written_tsc_offset;
static int vmcs_writes;

void vmcs_write(uint32_t field, uint64_t val)
{
	vmcs_writes++;
	if (field == VMCS_GUEST_IA32_PAT)
		vmcs_written_pat = val;
	if (field == VMCS_TSC_OFFSET)
		vmcs_written_tsc_offset = val;
}

/*
 * The guest's TSC is the host's plus the VMCS offset. A TSC write lands
 * in the VMCS; a TSC deadline is the guest's TSC value: it reads back as
 * written, the APIC model holds it in host time, and when the guest
 * moves its TSC an armed deadline stays put in guest time (SDM vol. 3,
 * 11.5.4.1), so in host time it moves by the same amount.
 */
static void test_tsc_offset_and_deadline(void **state)
{
	uint64_t val, now;

	(void)state;
	vcpu_fresh();
	assert_int_equal(msr_emulate_write(&vcpu, X2APIC_MSR(APIC_LVTT),
					   APIC_LVT_TIMER_TSC_DEADLINE | 0x40), 0);
	now = rdtsc();
	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_TSC, 1000), 0);
	/* The guest's TSC read 1000 at about host @now. */
	assert_true((1000 - now) - vmcs_written_tsc_offset < 1000000);
	assert_int_equal(vcpu.msrs.tsc_offset, vmcs_written_tsc_offset);
	assert_int_equal(msr_emulate_read(&vcpu, MSR_IA32_TSC_ADJUST, &val), 0);
	assert_int_equal(val, vcpu.msrs.tsc_offset);

	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_TSC_DEADLINE, 5000), 0);
	assert_int_equal(msr_emulate_read(&vcpu, MSR_IA32_TSC_DEADLINE, &val), 0);
	assert_int_equal(val, 5000);
	assert_int_equal(lapic_next_event(&vcpu.lapic),
			 5000 - vcpu.msrs.tsc_offset);
	/* TSC_ADJUST +100: the TSC moves by 100, the deadline does not. */
	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_TSC_ADJUST,
					   vcpu.msrs.tsc_adjust + 100), 0);
	assert_int_equal(vmcs_written_tsc_offset, vcpu.msrs.tsc_offset);
	assert_int_equal(msr_emulate_read(&vcpu, MSR_IA32_TSC_DEADLINE, &val), 0);
	assert_int_equal(val, 5000);
	assert_int_equal(lapic_next_event(&vcpu.lapic),
			 5000 - vcpu.msrs.tsc_offset);
	/* 0 disarms. */
	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_TSC_DEADLINE, 0), 0);
	assert_int_equal(lapic_next_event(&vcpu.lapic), 0);
	assert_int_equal(msr_deadline_to_host(&vcpu, 0), 0);
	/* This guest's TSC is behind the host's (it read 1000 at host
	 * @now): the guest value the offset names is 2^64 - (now - 1000)
	 * ticks ahead of it, past the host's last tick, so never due. */
	assert_int_equal(msr_deadline_to_host(&vcpu, vcpu.msrs.tsc_offset),
			 UINT64_MAX);
	/* A guest TSC ahead of the host's: a deadline on host TSC 0 is not
	 * 0 (which disarms), and one it passed before host TSC 0 is due
	 * now, not 2^64 - 1000 ticks away. */
	vcpu.msrs.tsc_offset = 5000;
	assert_int_equal(msr_deadline_to_host(&vcpu, 5000), 1);
	assert_int_equal(msr_deadline_to_host(&vcpu, 4000), 1);
	assert_int_equal(msr_deadline_to_host(&vcpu, 6000), 1000);
	/* Behind it: a deadline past the host's last tick is never due,
	 * not due at once. */
	vcpu.msrs.tsc_offset = (uint64_t)-5000;
	assert_int_equal(msr_deadline_to_host(&vcpu, UINT64_MAX - 100),
			 UINT64_MAX);
	assert_int_equal(msr_deadline_to_host(&vcpu, 1000), 6000);
}

static void test_pat_reaches_the_vmcs_when_switched(void **state)
{
	(void)state;
	vcpu_fresh();
	vmcs_writes = 0;
	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_PAT, 0x0606060606060606ull), 0);
	assert_int_equal(vmcs_writes, 0);
	vcpu.entry_ctls = VM_ENTRY_LOAD_IA32_PAT;
	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_PAT, 0x0007010600070106ull), 0);
	assert_int_equal(vmcs_writes, 1);
	assert_int_equal(vmcs_written_pat, 0x0007010600070106ull);
	assert_int_equal(msr_emulate_write(&vcpu, MSR_IA32_PAT, 0x02), -1);
	assert_int_equal(vmcs_writes, 1);
}

/* What msr_emul.c calls outside the rooms linked here. */
void intr_x2apic_changed(struct vcpu *v)
{
	(void)v;
}

void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail)
{
	(void)v;
	(void)kind;
	(void)what;
	(void)detail;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_listed_bits_are_shown),
		cmocka_unit_test(test_host_bits_pass_hidden_do_not),
		cmocka_unit_test(test_feature_pairs),
		cmocka_unit_test(test_feature_msrs_exist_exactly_when_shown),
		cmocka_unit_test(test_emulated_msrs_have_forced_features),
		cmocka_unit_test(test_pat_reaches_the_vmcs_when_switched),
		cmocka_unit_test(test_tsc_offset_and_deadline),
	};

	return cmocka_run_group_tests_name("policy_msrs", tests, NULL, NULL);
}
