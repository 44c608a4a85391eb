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
/* SMAP is shown: the emulator's page walk honours it (src/emul/gpt.c),
 * so CR4.SMAP, which follows CPUID (policy_cr4_allowed), may be set. */
#define CPUID_7_EBX_HIDE (CPUID_7_EBX_AVX2 | CPUID_7_EBX_RTM | \
	CPUID_7_EBX_MPX | CPUID_7_EBX_AVX512F | CPUID_7_EBX_PT | \
	(CPUID_7_EBX_AVX512_MORE & ~CPUID_7_EBX_SMAP))
/* One logical processor (CPUID.1:EBX[23:16] = 1), initial APIC ID 0. */
#define CPUID_1_EBX_CLEAR	0xffff0000u
#define CPUID_1_EBX_SET		(1u << CPUID_1_EBX_LOGICAL_SHIFT)

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
	{ 1, 0, { 0, CPUID_1_EBX_CLEAR, CPUID_1_ECX_HIDE, CPUID_1_EDX_HIDE },
	  { 0, CPUID_1_EBX_SET, CPUID_1_ECX_SHOW, 0 } },
	/* One core, one thread per cache. */
	{ 4, CPUID_INDEXED, { CPUID_4_EAX_SHARING, 0, 0, 0 }, { 0 } },
	{ 6, CPUID_ZERO, { 0 }, { 0 } },	/* thermal and power */
	{ 7, CPUID_INDEXED | CPUID_SUBLEAF0_ONLY,
	  { ~0u, CPUID_7_EBX_HIDE, ~0u, ~0u }, { 0 } },
	{ 0xa, CPUID_ZERO, { 0 }, { 0 } },	/* performance monitoring */
	{ 0xb, CPUID_ZERO, { 0 }, { 0 } },	/* x2APIC topology */
	{ 0xd, CPUID_ZERO, { 0 }, { 0 } },	/* XSAVE state */
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

struct cpuid_regs policy_cpuid(uint32_t leaf, uint32_t subleaf,
			       uint32_t proc2)
{
	static const struct cpuid_regs none;
	struct cpuid_regs r = { 0, 0, 0, 0 };
	const struct cpuid_rule *rule = cpuid_rule_for(leaf);
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
	if (rule && ((rule->flags & CPUID_ZERO) ||
		     ((rule->flags & CPUID_SUBLEAF0_ONLY) && subleaf)))
		return r;

	r = cpuid(leaf, subleaf);
	if (rule) {
		uint32_t max = leaf < CPUID_LEAF_EXT_BASE ? CPUID_MAX_BASIC
							  : CPUID_MAX_EXT;

		r = masked(r, &rule->clear, &rule->set);
		if ((rule->flags & CPUID_CAP) && r.eax > max)
			r.eax = max;
	}
	for (i = 0; i < ARRAY_SIZE(cpuid_needs_control); i++)
		if (cpuid_needs_control[i].leaf == leaf &&
		    !(proc2 & cpuid_needs_control[i].proc2))
			r = masked(r, &cpuid_needs_control[i].bits, &none);
	return r;
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

	for (i = 0; i < ARRAY_SIZE(cr4_features); i++) {
		const struct cr4_feature *f = &cr4_features[i];
		struct cpuid_regs r = policy_cpuid(f->leaf, 0, 0);

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
