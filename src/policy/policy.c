/*
 * policy.c - the sandbox policy tables (see policy.h) and the pure
 * functions over them: CPUID answers, the MSR bitmap, CR4.
 */
#include "policy.h"

#include <string.h>

#include "controls.h"
#include "cpuid.h"

/* One logical processor (CPUID.1:EBX[23:16] = 1), initial APIC ID 0. */
#define CPUID_1_EBX_CLEAR	0xffff0000u
#define CPUID_1_EBX_SET		(1u << CPUID_1_EBX_LOGICAL_SHIFT)

/*
 * The host's CPUID. Unit tests supply their own host (any answer a CPU
 * might give) to check what the rules make of it.
 */
#ifdef UNIT_TEST
#define host_cpuid	policy_test_host_cpuid
#else
#define host_cpuid	cpuid
#endif

/* How a leaf's answer is made (cpuid_rules[].flags). */
#define CPUID_ZERO		0x1	/* all zero: an interface not offered */
#define CPUID_INDEXED		0x2	/* depends on ECX */
#define CPUID_CAP		0x4	/* EAX, the highest leaf, capped at
					 * CPUID_MAX_BASIC or CPUID_MAX_EXT */
#define CPUID_SUBLEAF0_ONLY	0x8	/* subleaves 1 and up read as zero */

/*
 * One row per leaf the policy changes; leaves up to CPUID_MAX_BASIC and
 * CPUID_MAX_EXT that are not listed pass through, every other leaf
 * (beyond those, and below the hypervisor range) reads as zero. The
 * host's answer has @clear's bits cleared and @set's set.
 */
static const struct cpuid_rule {
	uint32_t leaf;
	uint32_t flags;
	struct cpuid_regs clear, set;
} cpuid_rules[] = {
	{ 0, CPUID_CAP, { 0 }, { 0 } },
	{ 1, 0, { 0, CPUID_1_EBX_CLEAR, 0, 0 }, { 0, CPUID_1_EBX_SET, 0, 0 } },
	{ 3, CPUID_ZERO, { 0 }, { 0 } },	/* serial number: no PSN */
	/* One core, one thread per cache. */
	{ 4, CPUID_INDEXED, { CPUID_4_EAX_SHARING, 0, 0, 0 }, { 0 } },
	{ 5, CPUID_ZERO, { 0 }, { 0 } },	/* MONITOR/MWAIT: not shown */
	{ 6, CPUID_ZERO, { 0 }, { 0 } },	/* thermal and power */
	/* EAX: the highest subleaf, 0. */
	{ 7, CPUID_INDEXED | CPUID_SUBLEAF0_ONLY, { ~0u, 0, 0, 0 }, { 0 } },
	{ 9, CPUID_ZERO, { 0 }, { 0 } },	/* DCA: not shown */
	{ 0xa, CPUID_ZERO, { 0 }, { 0 } },	/* performance monitoring */
	{ 0xb, CPUID_ZERO, { 0 }, { 0 } },	/* x2APIC topology */
	{ 0xd, CPUID_ZERO, { 0 }, { 0 } },	/* XSAVE state */
	/* Reserved, RDT monitoring and allocation, SGX, PT: their leaf 7
	 * bits are not shown (CPUID_FEATURES). */
	{ 0xe, CPUID_ZERO, { 0 }, { 0 } },
	{ 0xf, CPUID_ZERO, { 0 }, { 0 } },
	{ 0x10, CPUID_ZERO, { 0 }, { 0 } },
	{ 0x11, CPUID_ZERO, { 0 }, { 0 } },
	{ 0x12, CPUID_ZERO, { 0 }, { 0 } },
	{ 0x13, CPUID_ZERO, { 0 }, { 0 } },
	{ 0x14, CPUID_ZERO, { 0 }, { 0 } },
	{ CPUID_LEAF_EXT_BASE, CPUID_CAP, { 0 }, { 0 } },
};

/*
 * Feature bits whose instruction exits or faults unless a secondary
 * processor-based control is on (SDM vol. 3, table 25-7): shown only
 * with the control, as on a CPU without the feature otherwise. Both
 * leaves ignore ECX (leaf 7's other subleaves are zero above).
 */
static const struct cpuid_needs_control {
	uint32_t leaf, proc2;
	struct cpuid_regs bits;
} cpuid_needs_control[] = {
	{ 7, SECONDARY_ENABLE_INVPCID, { 0, CPUID_7_EBX_INVPCID, 0, 0 } },
	{ 0x80000001u, SECONDARY_ENABLE_RDTSCP,
	  { 0, 0, 0, CPUID_80000001_EDX_RDTSCP } },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct cpuid_rule *cpuid_rule_for(uint32_t leaf)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cpuid_rules); i++)
		if (cpuid_rules[i].leaf == leaf)
			return &cpuid_rules[i];
	return NULL;
}

int policy_cpuid_indexed(uint32_t leaf)
{
	const struct cpuid_rule *rule = cpuid_rule_for(leaf);

	return rule && (rule->flags & CPUID_INDEXED);
}

static struct cpuid_regs masked(struct cpuid_regs r,
				const struct cpuid_regs *clear,
				const struct cpuid_regs *set)
{
	r.eax = (r.eax & ~clear->eax) | set->eax;
	r.ebx = (r.ebx & ~clear->ebx) | set->ebx;
	r.ecx = (r.ecx & ~clear->ecx) | set->ecx;
	r.edx = (r.edx & ~clear->edx) | set->edx;
	return r;
}

/* The leaves whose feature bits CPUID_FEATURES lists, in one set, as
 * the dependency rules need them side by side. */
#define FEATURE_LEAF_LIST(X, a)	X(a, 1) X(a, 7) X(a, 0x80000001u) X(a, 0x80000007u)
#define FEATURE_LEAF_ENTRY(a, l)	l,
static const uint32_t feature_leaves[] = {
	FEATURE_LEAF_LIST(FEATURE_LEAF_ENTRY, 0)
};
#define FEATURE_LEAVES	ARRAY_SIZE(feature_leaves)

/* Every row of CPUID_FEATURES is in one of those leaves, so the rows
 * apply to them alone (feature_bits) and one feature_set() answers for
 * every row (msr_feature_shown). */
#define FEATURE_LEAF_IS(a, l)	(a) == (l) ||
#define FEATURE_ROW_LEAF_OK(leaf, reg, bit, show, msr)			\
	_Static_assert(FEATURE_LEAF_LIST(FEATURE_LEAF_IS, leaf) 0,	\
		       "a CPUID_FEATURES row outside the feature leaves");
CPUID_FEATURES(FEATURE_ROW_LEAF_OK)
#undef FEATURE_ROW_LEAF_OK
#undef FEATURE_LEAF_IS

enum cpuid_show { SHOW_HOST, SHOW_FORCE, SHOW_HIDE };

static const struct cpuid_feature {
	uint32_t leaf;
	enum cpuid_reg reg;
	uint32_t bit;
	enum cpuid_show show;
	uint32_t msr;
} cpuid_features[] = {
#define FEATURE_ROW(leaf, reg, bit, show, msr) \
	{ leaf, CPUID_##reg, bit, SHOW_##show, msr },
	CPUID_FEATURES(FEATURE_ROW)
#undef FEATURE_ROW
};

static const struct cpuid_dep {
	uint32_t leaf;
	enum cpuid_reg reg;
	uint32_t bit;
	uint32_t needs_leaf;
	enum cpuid_reg needs_reg;
	uint32_t needs_bit;
} cpuid_deps[] = {
#define DEP_ROW(leaf, reg, bit, nleaf, nreg, nbit) \
	{ leaf, CPUID_##reg, bit, nleaf, CPUID_##nreg, nbit },
	CPUID_DEPS(DEP_ROW)
#undef DEP_ROW
};

static int feature_leaf(uint32_t leaf)
{
	unsigned int i;

	for (i = 0; i < FEATURE_LEAVES; i++)
		if (feature_leaves[i] == leaf)
			return (int)i;
	return -1;
}

static uint32_t *reg_of(struct cpuid_regs *r, enum cpuid_reg reg)
{
	switch (reg) {
	case CPUID_EAX:
		return &r->eax;
	case CPUID_EBX:
		return &r->ebx;
	case CPUID_ECX:
		return &r->ecx;
	default:
		return &r->edx;
	}
}

/*
 * The bits CPUID_FEATURES gives register @reg of leaf @leaf with @show,
 * and (rows) whether it has any row there. With constant arguments the
 * whole table folds into one constant at compile time, so applying it
 * costs a few instructions per leaf, not a walk of the table (which ran
 * before the guest's first instruction many times over).
 */
#define FEATURE_MASK_TERM(l, g, b, w, m)				\
	| ((l) == leaf && CPUID_##g == reg && SHOW_##w == show ? (b) : 0u)
#define FEATURE_ROWS_TERM(l, g, b, w, m)				\
	| ((l) == leaf && CPUID_##g == reg)
static inline __attribute__((always_inline)) uint32_t
feature_mask(uint32_t leaf, enum cpuid_reg reg, enum cpuid_show show)
{
	return 0u CPUID_FEATURES(FEATURE_MASK_TERM);
}

static inline __attribute__((always_inline)) int
feature_rows(uint32_t leaf, enum cpuid_reg reg)
{
	return 0 CPUID_FEATURES(FEATURE_ROWS_TERM);
}
#undef FEATURE_MASK_TERM
#undef FEATURE_ROWS_TERM

/*
 * A feature leaf's registers as CPUID_FEATURES makes them: a register
 * the table names holds the host's HOST bits and every FORCE bit, and
 * nothing else; a register it does not name is left as it came.
 */
static inline __attribute__((always_inline)) void
leaf_feature_bits(struct cpuid_regs *r, uint32_t leaf)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		uint32_t *p = reg_of(r, (enum cpuid_reg)i);

		if (feature_rows(leaf, (enum cpuid_reg)i))
			*p = (*p & feature_mask(leaf, (enum cpuid_reg)i,
						SHOW_HOST)) |
			     feature_mask(leaf, (enum cpuid_reg)i, SHOW_FORCE);
	}
}

/* Each feature leaf by its own constant masks (FEATURE_LEAF_LIST). */
#define FEATURE_LEAF_CASE(r, l)						\
	case l:								\
		leaf_feature_bits(r, l);				\
		break;
static void feature_bits(struct cpuid_regs *r, uint32_t leaf)
{
	switch (leaf) {
	FEATURE_LEAF_LIST(FEATURE_LEAF_CASE, r)
	}
}
#undef FEATURE_LEAF_CASE

static struct cpuid_regs leaf_rules(uint32_t leaf, uint32_t subleaf,
				    uint32_t proc2)
{
	static const struct cpuid_regs none;
	const struct cpuid_rule *rule = cpuid_rule_for(leaf);
	struct cpuid_regs r = host_cpuid(leaf, subleaf);
	unsigned int i;

	if (rule) {
		uint32_t max = leaf < CPUID_LEAF_EXT_BASE ? CPUID_MAX_BASIC
							  : CPUID_MAX_EXT;

		r = masked(r, &rule->clear, &rule->set);
		if ((rule->flags & CPUID_CAP) && r.eax > max)
			r.eax = max;
	}
	feature_bits(&r, leaf);
	for (i = 0; i < ARRAY_SIZE(cpuid_needs_control); i++)
		if (cpuid_needs_control[i].leaf == leaf &&
		    !(proc2 & cpuid_needs_control[i].proc2))
			r = masked(r, &cpuid_needs_control[i].bits, &none);
	return r;
}

/* All feature leaves, each by its rules, then the pairs in order. */
static void feature_set(struct cpuid_regs set[FEATURE_LEAVES], uint32_t proc2)
{
	unsigned int i;

	for (i = 0; i < FEATURE_LEAVES; i++)
		set[i] = leaf_rules(feature_leaves[i], 0, proc2);
	for (i = 0; i < ARRAY_SIZE(cpuid_deps); i++) {
		const struct cpuid_dep *d = &cpuid_deps[i];
		uint32_t *p = reg_of(&set[feature_leaf(d->leaf)], d->reg);
		uint32_t need = *reg_of(&set[feature_leaf(d->needs_leaf)],
					d->needs_reg);

		if (!(need & d->needs_bit))
			*p &= ~d->bit;
	}
}

static uint64_t tsc_hz;

void policy_set_tsc_hz(uint64_t hz)
{
	tsc_hz = hz;
}

/*
 * The TSC rate the hypervisor measured, not the host's claim (under Bochs
 * the model's leaves say 2.4 GHz while the TSC counts at ips). Leaf 15H:
 * TSC = ECX * EBX / EAX, with ECX the core crystal clock, which Linux
 * also takes for the APIC timer's clock (native_calibrate_tsc): ours
 * counts at the TSC rate, so crystal = TSC, EBX = EAX = 1; a rate past
 * 32 bits leaves ECX 0 ("not enumerated"). Leaf 16H: base, maximum and
 * bus frequency in MHz, bits 15:0 (SDM vol. 2A, CPUID).
 */
static struct cpuid_regs tsc_leaf(uint32_t leaf)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };
	uint64_t mhz = (tsc_hz + 500000) / 1000000;

	if (!tsc_hz)
		return r;
	if (leaf == CPUID_LEAF_TSC) {
		r.eax = r.ebx = 1;
		r.ecx = tsc_hz <= UINT32_MAX ? (uint32_t)tsc_hz : 0;
	} else if (mhz <= 0xffff) {
		r.eax = r.ebx = r.ecx = (uint32_t)mhz;
	}
	return r;
}

struct cpuid_regs policy_cpuid(uint32_t leaf, uint32_t subleaf,
			       uint32_t proc2)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };
	const struct cpuid_rule *rule = cpuid_rule_for(leaf);
	int fl = feature_leaf(leaf);

	if (leaf == CPUID_LEAF_HV_BASE) {
		r.eax = CPUID_LEAF_HV_FEATURES;
		memcpy(&r.ebx, VMM_CPUID_SIGNATURE, 4);
		memcpy(&r.ecx, VMM_CPUID_SIGNATURE + 4, 4);
		memcpy(&r.edx, VMM_CPUID_SIGNATURE + 8, 4);
		return r;
	}
	if ((leaf > CPUID_MAX_BASIC && leaf < CPUID_LEAF_EXT_BASE) ||
	    leaf > CPUID_MAX_EXT)
		return r;		/* not ours to reveal; HV_FEATURES: none */
	if (rule && ((rule->flags & CPUID_ZERO) ||
		     ((rule->flags & CPUID_SUBLEAF0_ONLY) && subleaf)))
		return r;
	if (leaf == CPUID_LEAF_TSC || leaf == CPUID_LEAF_FREQ)
		return tsc_leaf(leaf);

	if (fl >= 0) {
		struct cpuid_regs set[FEATURE_LEAVES];

		feature_set(set, proc2);
		return set[fl];
	}
	r = leaf_rules(leaf, subleaf, proc2);
	/* The TSC leaves exist whatever the host's highest leaf: the ones
	 * between read as zero. */
	if (leaf == 0 && tsc_hz && r.eax < CPUID_LEAF_FREQ)
		r.eax = CPUID_LEAF_FREQ;
	return r;
}

int policy_feature_shown(uint32_t leaf, enum cpuid_reg reg, uint32_t bit,
			 uint32_t proc2)
{
	struct cpuid_regs r = policy_cpuid(leaf, 0, proc2);

	return (*reg_of(&r, reg) & bit) != 0;
}

/*
 * CR4 follows CPUID: each CR4 bit with the feature that enumerates it
 * (SDM vol. 3, 2.5; the same pairs as KVM's nested CR4_FIXED1), any of
 * the bits in @feature. A bit is allowed exactly when the CPUID the guest
 * sees shows its feature, so a feature the rules above hide cannot be
 * turned on either: MOV to CR4 raises #GP, as on a CPU without it. CR4
 * bits not listed are reserved. No CR4 feature depends on a secondary
 * control, so the leaves are read with none.
 */
static const struct cr4_feature {
	uint64_t cr4;
	uint32_t leaf;
	struct cpuid_regs feature;
} cr4_features[] = {
	{ CR4_VME, 1, { 0, 0, 0, CPUID_1_EDX_VME } },
	{ CR4_PVI, 1, { 0, 0, 0, CPUID_1_EDX_VME } },
	{ CR4_TSD, 1, { 0, 0, 0, CPUID_1_EDX_TSC } },
	{ CR4_DE, 1, { 0, 0, 0, CPUID_1_EDX_DE } },
	{ CR4_PSE, 1, { 0, 0, 0, CPUID_1_EDX_PSE } },
	{ CR4_PAE, 1, { 0, 0, 0, CPUID_1_EDX_PAE } },
	{ CR4_MCE, 1, { 0, 0, 0, CPUID_1_EDX_MCE } },
	{ CR4_PGE, 1, { 0, 0, 0, CPUID_1_EDX_PGE } },
	{ CR4_OSFXSR, 1, { 0, 0, 0, CPUID_1_EDX_FXSR } },
	{ CR4_OSXMMEXCPT, 1, { 0, 0, 0, CPUID_1_EDX_SSE } },
	{ CR4_VMXE, 1, { 0, 0, CPUID_1_ECX_VMX, 0 } },
	{ CR4_SMXE, 1, { 0, 0, CPUID_1_ECX_SMX, 0 } },
	{ CR4_PCIDE, 1, { 0, 0, CPUID_1_ECX_PCID, 0 } },
	{ CR4_OSXSAVE, 1, { 0, 0, CPUID_1_ECX_XSAVE, 0 } },
	{ CR4_FSGSBASE, 7, { 0, CPUID_7_EBX_FSGSBASE, 0, 0 } },
	{ CR4_SMEP, 7, { 0, CPUID_7_EBX_SMEP, 0, 0 } },
	{ CR4_SMAP, 7, { 0, CPUID_7_EBX_SMAP, 0, 0 } },
	{ CR4_UMIP, 7, { 0, 0, CPUID_7_ECX_UMIP, 0 } },
	{ CR4_LA57, 7, { 0, 0, CPUID_7_ECX_LA57, 0 } },
	{ CR4_PKE, 7, { 0, 0, CPUID_7_ECX_PKU, 0 } },
	{ CR4_KL, 7, { 0, 0, CPUID_7_ECX_KL, 0 } },
	{ CR4_CET, 7, { 0, 0, CPUID_7_ECX_CET_SS, CPUID_7_EDX_CET_IBT } },
	{ CR4_PKS, 7, { 0, 0, CPUID_7_ECX_PKS, 0 } },
};

/* RDPMC at CPL > 0 (CR4.PCE) needs no feature of its own. */
#define CR4_NO_FEATURE		CR4_PCE

uint64_t policy_cr4_allowed(void)
{
	uint64_t allowed = CR4_NO_FEATURE;
	unsigned int i;

	struct cpuid_regs set[FEATURE_LEAVES];

	feature_set(set, 0);	/* leaves 1 and 7 from one set */
	for (i = 0; i < ARRAY_SIZE(cr4_features); i++) {
		const struct cr4_feature *f = &cr4_features[i];
		struct cpuid_regs r = set[feature_leaf(f->leaf)];

		if ((r.eax & f->feature.eax) | (r.ebx & f->feature.ebx) |
		    (r.ecx & f->feature.ecx) | (r.edx & f->feature.edx))
			allowed |= f->cr4;
	}
	return allowed;
}

uint64_t policy_cr4_denied(void)
{
	return ~policy_cr4_allowed();
}

/* The MSR bitmap's four 1 KiB quarters (SDM vol. 3, 25.6.9). */
#define MSR_BITMAP_READ_LOW	0
#define MSR_BITMAP_READ_HIGH	1024
#define MSR_BITMAP_WRITE_LOW	2048
#define MSR_BITMAP_WRITE_HIGH	3072
#define MSR_BITMAP_SIZE		4096
#define MSR_HIGH_BASE		0xc0000000u

static void bitmap_clear(uint8_t *bitmap, unsigned int base, uint32_t msr)
{
	uint32_t idx = msr >= MSR_HIGH_BASE ? msr - MSR_HIGH_BASE : msr;

	bitmap[base + idx / 8] &= (uint8_t)~(1u << (idx % 8));
}

void policy_msr_virtualize_x2apic(uint8_t *bitmap, int on)
{
	static const uint32_t virtualized[] = { MSR_X2APIC_TPR, MSR_X2APIC_EOI };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(virtualized); i++) {
		uint8_t *byte = &bitmap[MSR_BITMAP_WRITE_LOW + virtualized[i] / 8];
		uint8_t bit = (uint8_t)(1u << (virtualized[i] % 8));

		*byte = on ? (uint8_t)(*byte & ~bit) : (uint8_t)(*byte | bit);
	}
}

enum msr_action { MSR_PASS, MSR_READ_ONLY, MSR_EMULATE };

static const struct {
	uint32_t msr;
	enum msr_action action;
} msr_policy[] = {
#define MSR_ROW(msr, action, fast_read, fast_write)	{ msr, MSR_##action },
	MSR_POLICY(MSR_ROW)
#undef MSR_ROW
};

/* Whether CPUID_FEATURES names @msr and no feature that brings it is
 * shown in @set (feature_set()): the MSR is one the guest's CPU lacks. */
static int msr_hidden(struct cpuid_regs set[FEATURE_LEAVES], uint32_t msr)
{
	unsigned int i;
	int named = 0;

	for (i = 0; i < ARRAY_SIZE(cpuid_features); i++) {
		const struct cpuid_feature *f = &cpuid_features[i];

		if (f->msr != msr)
			continue;
		if (*reg_of(&set[feature_leaf(f->leaf)], f->reg) & f->bit)
			return 0;
		named = 1;
	}
	return named;
}

int policy_msr_exists(uint32_t msr, uint32_t proc2)
{
	struct cpuid_regs set[FEATURE_LEAVES];
	unsigned int i;

	feature_set(set, proc2);
	if (msr_hidden(set, msr))
		return 0;
	if (msr >= X2APIC_MSR_BASE && msr <= X2APIC_MSR_LAST)
		return 1;
	for (i = 0; i < ARRAY_SIZE(msr_policy); i++)
		if (msr_policy[i].msr == msr)
			return 1;
	return 0;
}

void policy_msr_bitmap(uint8_t *bitmap, uint32_t proc2)
{
	struct cpuid_regs set[FEATURE_LEAVES];
	unsigned int i;

	/* The feature set once, not once per row: each is four CPUID
	 * leaves and every rule, and this runs before the guest's first
	 * instruction. */
	feature_set(set, proc2);
	memset(bitmap, 0xff, MSR_BITMAP_SIZE);	/* every access exits */
	for (i = 0; i < ARRAY_SIZE(msr_policy); i++) {
		uint32_t msr = msr_policy[i].msr;
		int high = msr >= MSR_HIGH_BASE;

		/* The CPU answers only for an MSR the guest may have. */
		if (msr_hidden(set, msr))
			continue;
		if (msr_policy[i].action == MSR_PASS ||
		    msr_policy[i].action == MSR_READ_ONLY)
			bitmap_clear(bitmap, high ? MSR_BITMAP_READ_HIGH
						  : MSR_BITMAP_READ_LOW, msr);
		if (msr_policy[i].action == MSR_PASS)
			bitmap_clear(bitmap, high ? MSR_BITMAP_WRITE_HIGH
						  : MSR_BITMAP_WRITE_LOW, msr);
	}
}
