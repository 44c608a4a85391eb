/*
 * msr_state.h - the vCPU's platform MSRs that no device stands behind:
 * IA32_MISC_ENABLE, IA32_PAT, the MTRR capability and default type, the
 * machine-check globals MCG_CAP and MCG_STATUS, and the guest's TSC
 * (IA32_TSC writes, IA32_TSC_ADJUST) as an offset from the host's. Each holds the value
 * a PC's firmware leaves and refuses what the SDM refuses. Pure: no VMCS,
 * no host MSR; src/vmx/msr_emul.c calls it and does what follows a write
 * (the guest's PAT and TSC offset into the VMCS).
 */
#ifndef VCPU_MSR_STATE_H
#define VCPU_MSR_STATE_H

#include <stdint.h>

struct msr_state {
	uint64_t misc_enable;
	uint64_t pat;
	uint64_t mtrr_def_type;
	uint64_t mcg_status;
	/* The guest's TSC is the host's plus tsc_offset (the VMCS TSC
	 * offset); tsc_adjust is IA32_TSC_ADJUST, moved with it. */
	uint64_t tsc_offset;
	uint64_t tsc_adjust;
};

/* The values at the guest's start (msr_state.c says why each). */
void msr_state_reset(struct msr_state *m);

/* Whether @msr is one of these. */
int msr_state_owns(uint32_t msr);

/* 0 = done; -1 = the guest gets #GP (or @msr is not one of these). */
int msr_state_read(const struct msr_state *m, uint32_t msr, uint64_t *val);
int msr_state_write(struct msr_state *m, uint32_t msr, uint64_t val);

/* IA32_TSC written with @val while the host's TSC reads @host_now. */
void msr_state_write_tsc(struct msr_state *m, uint64_t val, uint64_t host_now);

/* Whether @pat holds a valid memory type in each of its eight entries
 * (SDM vol. 3, 13.12.2). */
int msr_pat_valid(uint64_t pat);

#endif
