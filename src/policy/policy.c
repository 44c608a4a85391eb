/*
 * policy.c - the sandbox policy tables (see policy.h).
 */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "controls.h"
#include "intr.h"
#include "lapic.h"
#include "log.h"
#include "msr.h"
#include "vcpu.h"
#include "vmx_ops.h"

/* CPUID.1 feature bits (SDM vol. 2A, CPUID, tables 3-10 and 3-11). */
#define CPUID_1_ECX_MONITOR	(1u << 3)
#define CPUID_1_ECX_DS_CPL	(1u << 4)
#define CPUID_1_ECX_SMX		(1u << 6)
#define CPUID_1_ECX_EST		(1u << 7)
#define CPUID_1_ECX_TM2		(1u << 8)
#define CPUID_1_ECX_SDBG	(1u << 11)
#define CPUID_1_ECX_PDCM	(1u << 15)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_1_ECX_XSAVE	(1u << 26)
#define CPUID_1_ECX_OSXSAVE	(1u << 27)
#define CPUID_1_ECX_AVX		(1u << 28)
#define CPUID_1_EDX_MCE		(1u << 7)
#define CPUID_1_EDX_MTRR	(1u << 12)
#define CPUID_1_EDX_MCA		(1u << 14)
#define CPUID_1_EDX_DS		(1u << 21)
#define CPUID_1_EDX_ACPI	(1u << 22)
#define CPUID_1_EDX_TM		(1u << 29)
#define CPUID_1_EDX_PBE		(1u << 31)
/* CPUID.(7,0) */
#define CPUID_7_EBX_AVX2	(1u << 5)
#define CPUID_7_EBX_INVPCID	(1u << 10)
#define CPUID_7_EBX_RTM		(1u << 11)
#define CPUID_7_EBX_MPX		(1u << 14)
#define CPUID_7_EBX_AVX512F	(1u << 16)
#define CPUID_7_EBX_PT		(1u << 25)
#define CR4_SMXE		(1ul << 14)
#define CR4_OSXSAVE		(1ul << 18)

/*
 * CPUID.1: VMX and SMX are hidden (the guest cannot use them), the
 * hypervisor bit is set. Features we do not virtualize are hidden too:
 * MONITOR/MWAIT (they exit and raise #UD), the thermal, debug-store and
 * performance-monitoring interfaces, MCA, MTRRs and XSAVE/AVX (XSETBV is
 * not emulated; the guest keeps SSE through FXSAVE). The local APIC's
 * x2APIC mode and TSC-deadline timer are emulated (dev/lapic.c), so they
 * are advertised.
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
	CPUID_7_EBX_MPX | CPUID_7_EBX_AVX512F | CPUID_7_EBX_PT | 0xfffe0000u)


struct cpuid_regs policy_cpuid(struct vcpu *v, uint32_t leaf,
			       uint32_t subleaf)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };

	(void)v;
	if (leaf == CPUID_LEAF_HV_BASE) {
		r.eax = CPUID_LEAF_HV_FEATURES;
		memcpy(&r.ebx, VMM_CPUID_SIGNATURE, 4);
		memcpy(&r.ecx, VMM_CPUID_SIGNATURE + 4, 4);
		memcpy(&r.edx, VMM_CPUID_SIGNATURE + 8, 4);
		return r;
	}
	if (leaf == CPUID_LEAF_HV_FEATURES)
		return r;		/* no paravirtual features */
	if ((leaf > CPUID_MAX_BASIC && leaf < 0x80000000u) ||
	    leaf > CPUID_MAX_EXT)
		return r;		/* not ours to reveal */

	r = cpuid(leaf, subleaf);
	switch (leaf) {
	case 0:
		if (r.eax > CPUID_MAX_BASIC)
			r.eax = CPUID_MAX_BASIC;
		break;
	case 1:
		r.ecx = (r.ecx & ~CPUID_1_ECX_HIDE) | CPUID_1_ECX_SHOW;
		r.edx &= ~CPUID_1_EDX_HIDE;
		r.ebx &= 0x0000ffffu;	/* one logical CPU, APIC ID 0 */
		r.ebx |= 1u << 16;
		break;
	case 4:
		r.eax &= 0x3ff;		/* one core, one thread per cache */
		break;
	case 6:				/* thermal and power management */
	case 0xa:			/* performance monitoring */
	case 0xb:			/* x2APIC topology */
	case 0xd:			/* XSAVE state */
		r = (struct cpuid_regs){ 0, 0, 0, 0 };
		break;
	case 7:
		if (subleaf == 0) {
			r.eax = 0;
			r.ebx &= ~CPUID_7_EBX_HIDE;
			if (!(v->proc2_ctls & SECONDARY_ENABLE_INVPCID))
				r.ebx &= ~CPUID_7_EBX_INVPCID;
			r.ecx = 0;
			r.edx = 0;
		} else {
			r = (struct cpuid_regs){ 0, 0, 0, 0 };
		}
		break;
	case 0x80000000u:
		if (r.eax > CPUID_MAX_EXT)
			r.eax = CPUID_MAX_EXT;
		break;
	default:
		break;
	}
	return r;
}

uint64_t policy_cr4_denied(void)
{
	return CR4_SMXE | CR4_OSXSAVE;
}

/*
 * The MSR table. MSRs not listed are denied. Pass-through MSRs are either
 * switched by VMX itself (SDM vol. 3, 26.3.2.1 and 28.5.1: SYSENTER_*,
 * FS/GS base, EFER and PAT with the load/save controls) or only matter to
 * the guest's own ring transitions, which the host never makes (STAR,
 * LSTAR, CSTAR, FMASK, KERNEL_GS_BASE, TSC_AUX).
 */
static const struct {
	uint32_t msr;
	enum msr_action action;
} msr_policy[] = {
	{ MSR_IA32_SYSENTER_CS, MSR_PASS },
	{ MSR_IA32_SYSENTER_ESP, MSR_PASS },
	{ MSR_IA32_SYSENTER_EIP, MSR_PASS },
	{ MSR_IA32_PAT, MSR_PASS },
	{ MSR_IA32_EFER, MSR_PASS },
	{ MSR_IA32_STAR, MSR_PASS },
	{ MSR_IA32_LSTAR, MSR_PASS },
	{ MSR_IA32_CSTAR, MSR_PASS },
	{ MSR_IA32_FMASK, MSR_PASS },
	{ MSR_IA32_FS_BASE, MSR_PASS },
	{ MSR_IA32_GS_BASE, MSR_PASS },
	{ MSR_IA32_KERNEL_GS_BASE, MSR_PASS },
	{ MSR_IA32_TSC_AUX, MSR_PASS },
	{ MSR_IA32_TSC, MSR_READ_ONLY },
	{ MSR_IA32_FEATURE_CONTROL, MSR_EMULATE },
	{ MSR_IA32_MISC_ENABLE, MSR_EMULATE },
	{ MSR_IA32_APIC_BASE, MSR_EMULATE },
	{ MSR_IA32_TSC_DEADLINE, MSR_EMULATE },
	{ MSR_VMM_SCRATCH, MSR_EMULATE },
};

#define MSR_BITMAP_READ_LOW	0
#define MSR_BITMAP_READ_HIGH	1024
#define MSR_BITMAP_WRITE_LOW	2048
#define MSR_BITMAP_WRITE_HIGH	3072
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

	for (i = 0; i < sizeof(virtualized) / sizeof(virtualized[0]); i++) {
		uint8_t *byte = &bitmap[MSR_BITMAP_WRITE_LOW + virtualized[i] / 8];
		uint8_t bit = (uint8_t)(1u << (virtualized[i] % 8));

		*byte = on ? (uint8_t)(*byte & ~bit) : (uint8_t)(*byte | bit);
	}
}

void policy_msr_bitmap(uint8_t *bitmap, int pat_switched)
{
	unsigned int i;

	memset(bitmap, 0xff, 4096);	/* every access exits by default */
	for (i = 0; i < sizeof(msr_policy) / sizeof(msr_policy[0]); i++) {
		uint32_t msr = msr_policy[i].msr;
		int high = msr >= MSR_HIGH_BASE;

		/* A guest PAT write would be the host's PAT unless VM entry
		 * and exit switch it (SDM vol. 3, 26.3.2.1, 28.5.1): without
		 * those controls PAT stays denied. */
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

/* IA32_FEATURE_CONTROL as the guest sees it: locked, VMX off. */
#define GUEST_FEATURE_CONTROL	FEATURE_CONTROL_LOCK
#define GUEST_MISC_ENABLE	(1ull << 0)	/* fast strings */

/* x2APIC registers are MSRs 0x800 + offset / 16 (SDM vol. 3, 11.12.1.2). */
#define MSR_X2APIC_FIRST	0x800u
#define MSR_X2APIC_LAST		0x8ffu
#define X2APIC_OFFSET(msr)	(((msr) - MSR_X2APIC_FIRST) << 4)
#define X2APIC_ICR		0x830u	/* 64-bit: ICR and ICR2 in one */

static uint64_t vmm_scratch;	/* MSR_VMM_SCRATCH: reads what was written */

static int x2apic_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	uint32_t lo, hi = 0;

	if (!lapic_x2apic(&v->lapic) ||
	    lapic_read(&v->lapic, X2APIC_OFFSET(msr), rdtsc(), &lo))
		return -1;
	if (msr == X2APIC_ICR)
		hi = v->lapic.icr_high;
	*val = ((uint64_t)hi << 32) | lo;
	return 0;
}

static int x2apic_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	if (!lapic_x2apic(&v->lapic))
		return -1;
	/* SDM vol. 3, 11.12.1.2: high bits in a 32-bit register raise #GP
	 * (lapic_write refuses the register-specific reserved values). */
	if (msr != X2APIC_ICR && (val >> 32))
		return -1;
	if (msr == X2APIC_ICR)
		v->lapic.icr_high = (uint32_t)(val >> 32);
	if (lapic_write(&v->lapic, X2APIC_OFFSET(msr), (uint32_t)val, rdtsc()))
		return -1;
	v->entry_work = 1;
	return 0;
}

int policy_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST)
		return x2apic_read(v, msr, val);
	switch (msr) {
	case MSR_IA32_FEATURE_CONTROL:
		*val = GUEST_FEATURE_CONTROL;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*val = GUEST_MISC_ENABLE;
		return 0;
	case MSR_IA32_APIC_BASE:
		*val = v->lapic.apic_base;
		return 0;
	case MSR_IA32_TSC_DEADLINE:
		*val = lapic_read_tsc_deadline(&v->lapic);
		return 0;
	case MSR_VMM_SCRATCH:
		*val = vmm_scratch;
		return 0;
	default:
		return -1;
	}
}

int policy_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	uint64_t cur;

	if (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST)
		return x2apic_write(v, msr, val);
	switch (msr) {
	case MSR_IA32_APIC_BASE:
		v->entry_work = 1;
		if (lapic_write_apic_base(&v->lapic, val))
			return -1;
		intr_x2apic_changed(v);
		return 0;
	case MSR_IA32_TSC_DEADLINE:
		lapic_write_tsc_deadline(&v->lapic, val, rdtsc());
		v->entry_work = 1;	/* arm (or park) the preemption timer */
		return 0;
	case MSR_VMM_SCRATCH:
		vmm_scratch = val;
		return 0;
	default:
		break;
	}
	/* Writing back the value read is accepted; anything else is #GP. */
	if (policy_msr_read(v, msr, &cur) || cur != val)
		return -1;
	return 0;
}

#define DENY_LOG_SLOTS	32

void policy_deny(struct vcpu *v, const char *kind, uint64_t what,
		 const char *detail)
{
	static struct { const char *kind; uint64_t what, rip; } seen[DENY_LOG_SLOTS];
	static unsigned int nr_seen;
	uint64_t rip = vmcs_readl(VMCS_GUEST_RIP);
	unsigned int i;

	(void)v;
	for (i = 0; i < nr_seen; i++)
		if (seen[i].kind == kind && seen[i].what == what &&
		    seen[i].rip == rip)
			return;
	if (nr_seen < DENY_LOG_SLOTS)
		seen[nr_seen++] = (typeof(seen[0])){ kind, what, rip };
	pr_warn("vmm: policy: denied %s 0x%lx at guest RIP 0x%lx: %s\n",
		kind, what, rip, detail);
}
