/*
 * msr_state.h - the vCPU's platform MSRs that no device stands behind:
 * IA32_MISC_ENABLE, IA32_PAT, the MTRR capability and default type, and
 * the machine-check globals MCG_CAP and MCG_STATUS. Each holds the value
 * a PC's firmware leaves and refuses what the SDM refuses. Pure: no VMCS,
 * no host MSR; src/vmx/msr_emul.c calls it and does what follows a write
 * (the guest's PAT into the VMCS).
 */
#ifndef VCPU_MSR_STATE_H
#define VCPU_MSR_STATE_H

#include <stdint.h>

struct msr_state {
	uint64_t misc_enable;
	uint64_t pat;
	uint64_t mtrr_def_type;
	uint64_t mcg_status;
};

/* The values at the guest's start (msr_state.c says why each). */
void msr_state_reset(struct msr_state *m);

/* Whether @msr is one of these. */
int msr_state_owns(uint32_t msr);

/* 0 = done; -1 = the guest gets #GP (or @msr is not one of these). */
int msr_state_read(const struct msr_state *m, uint32_t msr, uint64_t *val);
int msr_state_write(struct msr_state *m, uint32_t msr, uint64_t val);

/* Whether @pat holds a valid memory type in each of its eight entries
 * (SDM vol. 3, 13.12.2). */
int msr_pat_valid(uint64_t pat);

#endif
