/*
 * msr_emul.h - the MSRs the policy marks EMULATE (src/policy/policy.h,
 * MSR_POLICY), answered for the RDMSR/WRMSR exits of the slow path and
 * the fastpath alike.
 */
#ifndef VMX_MSR_EMUL_H
#define VMX_MSR_EMUL_H

#include <stdint.h>

#include "vcpu.h"

/* 0 = done (@val read), -1 = the guest gets #GP. */
int msr_emulate_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int msr_emulate_write(struct vcpu *v, uint32_t msr, uint64_t val);

#endif
