/*
 * msr_state.c - the platform MSRs of msr_state.h. What a PC guest finds
 * after its firmware ran, and what each write may change:
 *
 * IA32_MISC_ENABLE (SDM vol. 4, table 2-2): fast strings on (bit 0, the
 * reset default: software that sees it off drops ERMS, and Linux 6.1 then
 * runs FSRM-only copies that misbehave), branch trace and PEBS
 * unavailable (bits 11, 12: the guest has no debug store), performance
 * monitoring unavailable (bit 7: CPUID leaf 0AH is zero), everything
 * else 0 (EIST, MONITOR FSM, xTPR disable, XD disable: their features
 * are either hidden or, for NX, shown; limit-CPUID-maxval off). The
 * bits are read-only (7, 11, 12), or would turn on a hidden feature,
 * or, for fast strings, cannot be turned off for the guest alone; so a
 * write that changes nothing is accepted and any other raises #GP, as
 * KVM does for the read-only bits (kvm_set_msr_common).
 *
 * IA32_PAT (vol. 3, 13.12.2, 13.12.4): the power-on value; a write with
 * a reserved memory type (2, 3, 8 and up) in any entry raises #GP.
 *
 * MTRRs (vol. 3, 12.11): IA32_MTRRCAP reads 0 (no variable ranges, no
 * fixed ranges, no WC, no SMRR) and is read-only. IA32_MTRR_DEF_TYPE
 * reads E = 1 with type WB, as firmware leaves it for a machine that is
 * all RAM (SeaBIOS enables MTRRs with a WB default); a guest that read
 * E = 0 would believe all memory UC. Under EPT the guest's MTRRs do not
 * take part in memory typing (vol. 3, 29.3.7.2: the EPT memory type
 * replaces them), so the value is the guest's alone. Writes: reserved
 * bits (9:8, 63:12), FE with no fixed ranges (FIX = 0), and a type that
 * is not an MTRR type the CPU supports (UC, WT, WP, WB; WC only with
 * MTRRCAP.WC) raise #GP.
 *
 * The TSC (vol. 3, 17.17): the guest's is the host's plus an offset that
 * VMX adds to RDTSC, RDTSCP and RDMSR of IA32_TSC ("use TSC offsetting").
 * A write of IA32_TSC moves the offset so the guest's TSC reads the value
 * written, and moves IA32_TSC_ADJUST by the same amount; a write of
 * IA32_TSC_ADJUST moves the TSC by the change (17.17.3). Both start at 0:
 * the guest's TSC is the host's.
 *
 * Machine check (vol. 3, 16.3.1): MCG_CAP reads 0 (no banks, no MCG_CTL,
 * no LMCE); writing it is undefined there and #GP here, as in KVM.
 * MCG_STATUS holds RIPV, EIPV and MCIP, which software may set and clear
 * (16.3.1.2); LMCE_S (needs MCG_CAP.LMCE_P) and bits 63:4 are reserved.
 */
#include "msr_state.h"

#include "msr.h"

#define PAT_RESET	0x0007040600070406ull	/* SDM vol. 3, 13.12.4 */

#define GUEST_MISC_ENABLE	(MISC_ENABLE_FAST_STRING | \
				 MISC_ENABLE_BTS_UNAVAIL | \
				 MISC_ENABLE_PEBS_UNAVAIL)

/* MTRR memory types (SDM vol. 3, table 12-8). */
#define MTRR_TYPE_UC		0
#define MTRR_TYPE_WC		1
#define MTRR_TYPE_WT		4
#define MTRR_TYPE_WP		5
#define MTRR_TYPE_WB		6

#define GUEST_MTRRCAP		0ull	/* VCNT 0, FIX 0, WC 0, SMRR 0 */
#define MTRRCAP_FIX		(1ull << 8)
#define MTRRCAP_WC		(1ull << 10)
#define MTRR_DEF_TYPE_VALID	(MTRR_DEF_TYPE_TYPE | MTRR_DEF_TYPE_FE | \
				 MTRR_DEF_TYPE_E)

#define GUEST_MCG_CAP		0ull	/* no banks */
#define MCG_STATUS_WRITABLE	0x7ull	/* RIPV, EIPV, MCIP */

void msr_state_reset(struct msr_state *m)
{
	m->misc_enable = GUEST_MISC_ENABLE;
	m->pat = PAT_RESET;
	m->mtrr_def_type = MTRR_DEF_TYPE_E | MTRR_TYPE_WB;
	m->mcg_status = 0;
	m->tsc_offset = 0;
	m->tsc_adjust = 0;
}

void msr_state_write_tsc(struct msr_state *m, uint64_t val, uint64_t host_now)
{
	uint64_t delta = val - (host_now + m->tsc_offset);

	m->tsc_offset += delta;
	m->tsc_adjust += delta;
}

int msr_state_owns(uint32_t msr)
{
	switch (msr) {
	case MSR_IA32_MISC_ENABLE:
	case MSR_IA32_PAT:
	case MSR_IA32_MTRRCAP:
	case MSR_IA32_MTRR_DEF_TYPE:
	case MSR_IA32_MCG_CAP:
	case MSR_IA32_MCG_STATUS:
	case MSR_IA32_TSC_ADJUST:
		return 1;
	default:
		return 0;
	}
}

int msr_pat_valid(uint64_t pat)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		unsigned int type = (pat >> (8 * i)) & 0xff;

		if (type == 2 || type == 3 || type > 7)
			return 0;
	}
	return 1;
}

static int mtrr_type_valid(uint64_t type)
{
	switch (type) {
	case MTRR_TYPE_UC:
	case MTRR_TYPE_WT:
	case MTRR_TYPE_WP:
	case MTRR_TYPE_WB:
		return 1;
	case MTRR_TYPE_WC:
		return !!(GUEST_MTRRCAP & MTRRCAP_WC);
	default:
		return 0;
	}
}

static int mtrr_def_type_valid(uint64_t val)
{
	if (val & ~MTRR_DEF_TYPE_VALID)
		return 0;
	if ((val & MTRR_DEF_TYPE_FE) && !(GUEST_MTRRCAP & MTRRCAP_FIX))
		return 0;
	return mtrr_type_valid(val & MTRR_DEF_TYPE_TYPE);
}

int msr_state_read(const struct msr_state *m, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_IA32_MISC_ENABLE:
		*val = m->misc_enable;
		return 0;
	case MSR_IA32_PAT:
		*val = m->pat;
		return 0;
	case MSR_IA32_MTRRCAP:
		*val = GUEST_MTRRCAP;
		return 0;
	case MSR_IA32_MTRR_DEF_TYPE:
		*val = m->mtrr_def_type;
		return 0;
	case MSR_IA32_MCG_CAP:
		*val = GUEST_MCG_CAP;
		return 0;
	case MSR_IA32_MCG_STATUS:
		*val = m->mcg_status;
		return 0;
	case MSR_IA32_TSC_ADJUST:
		*val = m->tsc_adjust;
		return 0;
	default:
		return -1;
	}
}

int msr_state_write(struct msr_state *m, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_IA32_MISC_ENABLE:
		return val == m->misc_enable ? 0 : -1;
	case MSR_IA32_PAT:
		if (!msr_pat_valid(val))
			return -1;
		m->pat = val;
		return 0;
	case MSR_IA32_MTRR_DEF_TYPE:
		if (!mtrr_def_type_valid(val))
			return -1;
		m->mtrr_def_type = val;
		return 0;
	case MSR_IA32_MCG_STATUS:
		if (val & ~MCG_STATUS_WRITABLE)
			return -1;
		m->mcg_status = val;
		return 0;
	case MSR_IA32_TSC_ADJUST:
		m->tsc_offset += val - m->tsc_adjust;
		m->tsc_adjust = val;
		return 0;
	default:
		return -1;	/* MTRRCAP, MCG_CAP: read-only */
	}
}
