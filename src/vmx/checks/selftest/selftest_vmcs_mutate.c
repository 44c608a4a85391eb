/*
 * selftest_vmcs_mutate.c - the mutation side of the differential
 * self-test (see selftest_vmcs.c): applying a targeted mutation - its
 * scenario, then its operations - or drawing a random one, and tallying
 * the verdicts st_judge() compares.
 */
#include "selftest_vmcs.h"

#include <stdio.h>
#include <string.h>

#include "checks_internal.h"
#include "log.h"
#include "machine.h"
#include "msr.h"
#include "vmx_ops.h"
#include "x86.h"

static const uint32_t ctl_field[CTL_NR] = {
	[CTL_PIN] = VMCS_PIN_BASED_VM_EXEC_CONTROL,
	[CTL_PROC] = VMCS_CPU_BASED_VM_EXEC_CONTROL,
	[CTL_PROC2] = VMCS_SECONDARY_VM_EXEC_CONTROL,
	[CTL_EXIT] = VMCS_VM_EXIT_CONTROLS,
	[CTL_ENTRY] = VMCS_VM_ENTRY_CONTROLS,
};

static const struct vmx_ctl_caps *ctl_caps(unsigned int w)
{
	const struct vmx_caps *c = st_caps();
	const struct vmx_ctl_caps *k[CTL_NR] = {
		&c->pin, &c->proc, &c->proc2, &c->exit, &c->entry,
	};

	return w < CTL_NR ? k[w] : NULL;
}

static int ctl_word_of(uint32_t field)
{
	unsigned int w;

	for (w = 0; w < CTL_NR; w++)
		if (ctl_field[w] == field)
			return (int)w;
	return -1;
}

/* Apply one operation; -1 when it cannot apply on this CPU. */
static int apply(const struct mut_op *op, int reserved_rule)
{
	const struct check_features *f = check_features_get();
	uint64_t cur = 0, val;
	int w = ctl_word_of(op->field);

	if (op->op == M_POKE) {
		*(uint64_t *)(st_page(op->field >> 16) + (op->field & 0xffff)) =
			op->val;
		return 0;
	}
	vmread_checked(op->field, &cur);
	switch (op->op) {
	case M_SET: val = op->val; break;
	case M_OR: val = cur | op->val; break;
	case M_CLR: val = cur & ~op->val; break;
	case M_XOR: val = cur ^ op->val; break;
	case M_PAGE: val = st_page(op->val & 0xff) + (op->val >> 8); break;
	case M_WIDTH: val = cur | (1ull << st_caps()->phys_addr_bits); break;
	case M_NONCANON: val = cur ^ (1ull << (f->linear_bits - 1)); break;
	case M_LWIDTH:
		if (f->linear_bits >= 64)
			return -1;
		val = cur ^ (1ull << f->linear_bits);
		break;
	case M_SELF: val = st_vmcs_phys(); break;
	case M_BAD1:
		val = ~(uint64_t)ctl_caps(op->val)->allowed1 & 0xffffffffu;
		if (!val)
			return -1;
		val = cur | (val & -val);
		break;
	case M_BAD0:
		val = ctl_caps(op->val)->allowed0;
		if (!val)
			return -1;
		val = cur & ~(val & -val);
		break;
	default:
		return -1;
	}
	/* Turning on a control this CPU lacks tests the reserved-bits rule,
	 * not the one the mutation names. */
	if (w >= 0 && !reserved_rule &&
	    (val & ~cur & ~(uint64_t)ctl_caps((unsigned int)w)->allowed1))
		return -1;
	return __vmwrite(op->field, val) == VMX_OK ? 0 : -1;
}

static int cond_holds(unsigned int cond)
{
	const struct check_features *f = check_features_get();
	const struct vmx_caps *k = st_caps();

	switch (cond) {
	case C_NO_EPT_AD: return !(k->ept_vpid & EPT_CAP_AD);
	case C_EPT_AD: return !!(k->ept_vpid & EPT_CAP_AD);
	case C_CET: return !!(k->entry.allowed1 & VM_ENTRY_LOAD_CET);
	case C_NOT_ANY_VECTOR: return !(k->basic & VMX_BASIC_NO_ERRCODE_CHECK);
	case C_HOST_32BIT: return !f->host_lma;
	case C_HOST_64BIT: return f->host_lma;
	case C_SGX: return !!(k->proc2.allowed1 & SECONDARY_ENCLS_EXITING);
	case C_NO_SGX: return !(k->proc2.allowed1 & SECONDARY_ENCLS_EXITING);
	case C_RTM: return f->rtm;
	default: return 1;
	}
}

/* Why a mutation under condition @cond did not apply. */
static const char *const cond_needs[] = {
	[C_NONE] = "needs nothing: a bug",
	[C_NO_EPT_AD] = "needs EPT without accessed and dirty flags",
	[C_EPT_AD] = "needs EPT accessed and dirty flags",
	[C_CET] = "needs \"load CET state\"",
	[C_NOT_ANY_VECTOR] = "needs IA32_VMX_BASIC[56] = 0",
	[C_HOST_32BIT] = "needs a 32-bit host",
	[C_HOST_64BIT] = "needs a 64-bit host",
	[C_SGX] = "needs SGX: enable ENCLS exiting",
	[C_NO_SGX] = "needs a CPU without SGX",
	[C_RTM] = "needs RTM",
};

static enum area rule_area(const char *id)
{
	int r = check_rule_by_id(id);

	if (r < 0)
		return A_GUEST;
	switch (check_rules[r].class) {
	case CLASS_L4: case CLASS_L5: return A_BASIC;
	case CLASS_CTL: return A_CTL;
	case CLASS_HOST: return A_HOST;
	case CLASS_MSR: return A_MSR;
	default: return A_GUEST;
	}
}

/* A targeted mutation that cannot test what it says here: its condition
 * @why fails, or (@why NULL) its operation on @field cannot apply. */
static void not_applicable(const char *label, int rule, enum area area,
			   const char *why, uint32_t field)
{
	st_tally.na[area]++;
	if (rule >= 0) {
		st_tally.rule[rule].na_why = why;
		st_tally.rule[rule].na_field = field;
	}
	if (why)
		pr_verbose("vmcs-checks: %s: not applicable on this CPU (%s)\n",
			   label, why);
	else
		pr_verbose("vmcs-checks: %s: not applicable on this CPU (%s "
			   "cannot take it)\n", label, vmcs_field_name(field));
}

/* A targeted mutation's outcome: the software must report the rule the
 * mutation names (or pass), and the CPU agree or deviate as documented. */
static void tally_targeted(const struct mutation *m, const char *label,
			   enum area area, enum st_outcome o,
			   const struct check_result *res,
			   const struct deviation *dev)
{
	int rule = check_rule_by_id(res->rule);

	st_tally.judged[ST_TARGETED][area]++;
	if (o != ST_AGREE && o != ST_DEVIATION)
		return;
	if (strcmp(res->rule, m->rule)) {
		printf("vmcs-checks: MISS %s: software reports %s instead: "
		       "%s\n", label, res->rule, res->detail);
		return;
	}
	if (o == ST_AGREE)
		st_tally.agreed[ST_TARGETED][area]++;
	else
		st_tally.deviated[ST_TARGETED][area]++;
	if (rule < 0)
		return;		/* a near miss: "pass" */
	st_tally.rule[rule].broken = 1;
	if (o == ST_AGREE)
		st_tally.rule[rule].confirmed = 1;
	else
		st_tally.rule[rule].dev = dev;
}

void st_run_targeted(const struct mutation *m, unsigned int idx)
{
	const struct mut_op *sc = scenario_ops[m->scenario];
	int reserved = !!strstr(m->rule, ".reserved");
	int launch = m->mode == MODE_LAUNCH || m->mode == MODE_LAUNCH_LAUNCHED;
	int rule = check_rule_by_id(m->rule);
	enum area area = m->mode == MODE_LAUNCH ? rule_area(m->rule) : A_BASIC;
	const struct deviation *dev;
	struct check_result res;
	struct hw_verdict pre;
	enum st_outcome o;
	char label[96];
	unsigned int i;

	if (!strcmp(m->rule, "pass"))
		area = m->ops[0].op == M_END ? A_GUEST :
		       (enum area)(VMCS_FIELD_TYPE(m->ops[0].field) ==
				   VMCS_GROUP_CTRL ? A_CTL :
				   VMCS_FIELD_TYPE(m->ops[0].field) ==
				   VMCS_GROUP_HOST ? A_HOST : A_GUEST);
	snprintf(label, sizeof(label), "targeted #%u %s (%s)", idx, m->rule,
		 m->what);
	st_tally.total[ST_TARGETED][area]++;
	if (!cond_holds(m->cond)) {
		not_applicable(label, rule, area, cond_needs[m->cond], 0);
		return;
	}
	st_restore();
	if (m->mode == MODE_LAUNCH_LAUNCHED ||
	    m->mode == MODE_RESUME_LAUNCHED) {
		st_enter(1, &pre);
		if (pre.kind != HW_ENTERED)
			panic("vmcs-checks: the known-good VMCS did not enter");
	}
	for (i = 0; i < SCENARIO_OPS && sc[i].op != M_END; i++)
		if (apply(&sc[i], reserved)) {
			not_applicable(label, rule, area, NULL, sc[i].field);
			return;
		}
	for (i = 0; i < MUT_OPS && m->ops[i].op != M_END; i++)
		if (apply(&m->ops[i], reserved)) {
			not_applicable(label, rule, area, NULL,
				       m->ops[i].field);
			return;
		}
	if (rule >= 0)
		st_tally.rule[rule].applied = 1;
	o = st_judge(label, m, launch, 1, &res, &dev);
	tally_targeted(m, label, area, o, &res, dev);
}

static uint64_t rng_state = ST_RNG_SEED;

/* xorshift64* (Vigna): deterministic, so every run draws the same corpus. */
static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

/* The @n-th set bit of @mask (n < popcount). */
static uint64_t nth_bit(uint64_t mask, unsigned int n)
{
	for (; mask; mask &= mask - 1)
		if (!n--)
			return mask & -mask;
	return 0;
}

/*
 * The bits of a host field that some rule checks, so that flipping any
 * 1-3 of them (from the known-good value) breaks a rule: a VM exit would
 * load a host state that passed, and must not. Selectors: RPL and TI.
 * Canonical addresses: bits 63:47 (all equal in a canonical address, so
 * 1-3 flips leave them unequal). CR0/CR4: the fixed bits (and CR4.PAE).
 * CR3: the bits beyond the physical-address width. EFER: all but SCE and
 * NXE. PAT: bits 7:3 of each entry (any makes the type > 7).
 */
static uint64_t host_flip_mask(uint32_t field)
{
	const struct vmx_caps *k = st_caps();
	const struct check_features *f = check_features_get();
	uint64_t canon = ~0ull << (f->linear_bits - 1);

	switch (field) {
	case VMCS_HOST_CR0:
		return k->cr0_fixed0 | ~k->cr0_fixed1;
	case VMCS_HOST_CR4:
		return k->cr4_fixed0 | ~k->cr4_fixed1 | CR4_PAE;
	case VMCS_HOST_CR3:
		return ~0ull << k->phys_addr_bits;
	case VMCS_HOST_IA32_EFER:
		return ~(EFER_SCE | EFER_NXE);
	case VMCS_HOST_IA32_PAT:
		return 0xf8f8f8f8f8f8f8f8ull;
	case VMCS_HOST_FS_BASE: case VMCS_HOST_GS_BASE: case VMCS_HOST_TR_BASE:
	case VMCS_HOST_GDTR_BASE: case VMCS_HOST_IDTR_BASE:
	case VMCS_HOST_IA32_SYSENTER_ESP: case VMCS_HOST_IA32_SYSENTER_EIP:
	case VMCS_HOST_RIP:
		return canon;
	default:
		return 7;	/* the selectors */
	}
}

void st_run_random(unsigned int idx)
{
	const struct random_field *rf =
		&random_fields[rng() % random_field_count];
	int host = VMCS_FIELD_TYPE(rf->field) == VMCS_GROUP_HOST;
	enum area area = host ? A_HOST :
		VMCS_FIELD_TYPE(rf->field) == VMCS_GROUP_CTRL ? A_CTL : A_GUEST;
	uint64_t mask = host ? host_flip_mask(rf->field) : rf->mask;
	uint64_t old = 0, val, pick = rng();
	unsigned int i, n, bits = (unsigned int)__builtin_popcountll(mask);
	const struct deviation *dev;
	struct check_result res;
	enum st_outcome o;
	char label[112];

	st_restore();
	vmread_checked(rf->field, &old);
	val = old;
	if (!host && pick % 4 == 0) {
		val = (old & ~mask) | (rng() & mask);	/* a random value */
	} else {
		/* 1-3 distinct bits (never more than the mask has). */
		n = 1 + (unsigned int)(pick % 3);
		for (i = 0; i < n && i < bits; i++) {
			uint64_t bit;

			do
				bit = nth_bit(mask,
					      (unsigned int)(rng() % bits));
			while ((val ^ old) & bit);
			val ^= bit;
		}
	}
	snprintf(label, sizeof(label), "random #%u %s 0x%lx -> 0x%lx", idx,
		 vmcs_field_name(rf->field), old, val);
	st_tally.total[ST_RANDOM][area]++;
	if (__vmwrite(rf->field, val) != VMX_OK) {
		printf("vmcs-checks: %s: VMWRITE failed\n", label);
		return;
	}
	o = st_judge(label, NULL, 1, !host, &res, &dev);
	if (o == ST_NOT_ENTERED)
		return;
	st_tally.judged[ST_RANDOM][area]++;
	if (o == ST_AGREE)
		st_tally.agreed[ST_RANDOM][area]++;
	else if (o == ST_DEVIATION)
		st_tally.deviated[ST_RANDOM][area]++;
}
