/*
 * policy.c - the sandbox policy tables (see policy.h) and the pure
 * functions over them: CPUID answers, the MSR bitmap, CR4.
 */
#include "policy.h"

#include <string.h>

#include "controls.h"
#include "cpuid.h"

/*
 * CPUID.1: VMX and SMX are hidden (the guest cannot use them), the
 * hypervisor bit is set. Features we do not virtualize are hidden too:
 * MONITOR/MWAIT (they exit and raise #UD), the thermal, debug-store and
 * performance-monitoring interfaces, MCA, MTRRs and XSAVE/AVX (XSETBV is
 * not emulated; the guest keeps SSE through FXSAVE). The local APIC's
 * x2APIC mode and TSC-deadline timer are emulated (src/vcpu/lapic.c), so
 * they are advertised.
 */
#define CPUID_1_ECX_HIDE (CPUID_1_ECX_VMX | CPUID_1_ECX_SMX | \
	CPUID_1_ECX_MONITOR | CPUID_1_ECX_DS_CPL | CPUID_1_ECX_EST | \
	CPUID_1_ECX_TM2 | CPUID_1_ECX_SDBG | CPUID_1_ECX_PDCM | \
	CPUID_1_ECX_XSAVE | CPUID_1_ECX_OSXSAVE | CPUID_1_ECX_AVX)
/* What the virtual APIC emulates, advertised whatever the host has. */
#define CPUID_1_ECX_SHOW (CPUID_1_ECX_HYPERVISOR | CPUID_1_ECX_X2APIC | \
	CPUID_1_ECX_TSC_DEADLINE)
#define CPUID_1_EDX_HIDE (CPUID_1_EDX_MCE | CPUID_1_EDX_MTRR | \
	CPUID_1_EDX_MCA | CPUID_1_EDX_DS | CPUID_1_EDX_ACPI | CPUID_1_EDX_TM | \
	CPUID_1_EDX_PBE)
#define CPUID_7_EBX_HIDE (CPUID_7_EBX_AVX2 | CPUID_7_EBX_RTM | \
	CPUID_7_EBX_MPX | CPUID_7_EBX_AVX512F | CPUID_7_EBX_PT | \
	CPUID_7_EBX_AVX512_MORE)
/* One logical processor (CPUID.1:EBX[23:16] = 1), initial APIC ID 0. */
#define CPUID_1_EBX_CLEAR	0xffff0000u
#define CPUID_1_EBX_SET		(1u << CPUID_1_EBX_LOGICAL_SHIFT)

enum cpuid_kind {
	CPUID_HOST,	/* the host's answer, through the masks */
	CPUID_ZERO,	/* all zero: an interface we do not offer */
};

enum { R_EAX, R_EBX, R_ECX, R_EDX, R_NR };

/*
 * One row per leaf the policy changes; leaves up to CPUID_MAX_BASIC and
 * CPUID_MAX_EXT that are not listed pass through, every other leaf
 * (beyond those, and below the hypervisor range) reads as zero. @cap:
 * EAX, the highest leaf, is capped at it. @subleaves: subleaves from
 * this one up read as zero (0: none). @indexed: the answer depends on
 * ECX.
 */
static const struct cpuid_rule {
	uint32_t leaf;
	uint8_t kind;
	uint8_t indexed;
	uint32_t cap, zero_from_subleaf;
	uint32_t clear[R_NR], set[R_NR];
} cpuid_rules[] = {
	{ .leaf = 0, .cap = CPUID_MAX_BASIC },
	{ .leaf = 1, .clear = { 0, CPUID_1_EBX_CLEAR, CPUID_1_ECX_HIDE,
				CPUID_1_EDX_HIDE },
	  .set = { 0, CPUID_1_EBX_SET, CPUID_1_ECX_SHOW, 0 } },
	/* One core, one thread per cache. */
	{ .leaf = 4, .indexed = 1, .clear = { CPUID_4_EAX_SHARING } },
	{ .leaf = 6, .kind = CPUID_ZERO },	/* thermal and power */
	{ .leaf = 7, .indexed = 1, .zero_from_subleaf = 1,
	  .clear = { ~0u, CPUID_7_EBX_HIDE, ~0u, ~0u } },
	{ .leaf = 0xa, .kind = CPUID_ZERO },	/* performance monitoring */
	{ .leaf = 0xb, .kind = CPUID_ZERO },	/* x2APIC topology */
	{ .leaf = 0xd, .kind = CPUID_ZERO },	/* XSAVE state */
	{ .leaf = CPUID_LEAF_EXT_BASE, .cap = CPUID_MAX_EXT },
};

/*
 * Feature bits whose instruction exits or faults unless a secondary
 * processor-based control is on (SDM vol. 3, table 25-7): shown only
 * with the control, as on a CPU without the feature otherwise.
 */
static const struct cpuid_needs_control {
	uint32_t leaf, subleaf;
	uint8_t reg;
	uint32_t bit, proc2;
} cpuid_needs_control[] = {
	{ 7, 0, R_EBX, CPUID_7_EBX_INVPCID, SECONDARY_ENABLE_INVPCID },
	{ 0x80000001u, 0, R_EDX, CPUID_80000001_EDX_RDTSCP,
	  SECONDARY_ENABLE_RDTSCP },
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

	return rule && rule->indexed && rule->kind == CPUID_HOST;
}

static void regs_from(uint32_t *out, const struct cpuid_regs *r)
{
	out[R_EAX] = r->eax;
	out[R_EBX] = r->ebx;
	out[R_ECX] = r->ecx;
	out[R_EDX] = r->edx;
}

struct cpuid_regs policy_cpuid(uint32_t leaf, uint32_t subleaf,
			       uint32_t proc2)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };
	const struct cpuid_rule *rule = cpuid_rule_for(leaf);
	uint32_t reg[R_NR];
	unsigned int i;

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
	if (rule && (rule->kind == CPUID_ZERO ||
		     (rule->zero_from_subleaf &&
		      subleaf >= rule->zero_from_subleaf)))
		return r;

	r = cpuid(leaf, subleaf);
	regs_from(reg, &r);
	if (rule) {
		for (i = 0; i < R_NR; i++)
			reg[i] = (reg[i] & ~rule->clear[i]) | rule->set[i];
		if (rule->cap && reg[R_EAX] > rule->cap)
			reg[R_EAX] = rule->cap;
	}
	for (i = 0; i < ARRAY_SIZE(cpuid_needs_control); i++) {
		const struct cpuid_needs_control *n = &cpuid_needs_control[i];

		if (n->leaf == leaf && n->subleaf == subleaf &&
		    !(proc2 & n->proc2))
			reg[n->reg] &= ~n->bit;
	}
	return (struct cpuid_regs){ reg[R_EAX], reg[R_EBX], reg[R_ECX],
				    reg[R_EDX] };
}

uint64_t policy_cr4_denied(void)
{
	return CR4_SMXE | CR4_OSXSAVE;
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

void policy_msr_bitmap(uint8_t *bitmap, int pat_switched)
{
	unsigned int i;

	memset(bitmap, 0xff, MSR_BITMAP_SIZE);	/* every access exits */
	for (i = 0; i < ARRAY_SIZE(msr_policy); i++) {
		uint32_t msr = msr_policy[i].msr;
		int high = msr >= MSR_HIGH_BASE;

		/* A guest PAT write would be the host's PAT unless VM entry
		 * and exit switch it (SDM vol. 3, 26.3.2.1, 28.5.1). */
		if (msr == MSR_IA32_PAT && !pat_switched)
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
