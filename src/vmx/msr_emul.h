/*
 * msr_emul.h - the MSRs the policy marks EMULATE (src/policy/policy.h,
 * MSR_POLICY), answered for the RDMSR/WRMSR exits of the slow path and
 * the fastpath alike.
 */
#ifndef VMX_MSR_EMUL_H
#define VMX_MSR_EMUL_H

#include <stdint.h>

#include "vcpu.h"

/*
 * The guest's TSC is the host's plus v->msrs.tsc_offset; the local APIC
 * model keeps the host's. A TSC deadline the guest writes (in its TSC)
 * as the host's, 0 (disarmed) kept 0: a deadline that lands on host TSC
 * 0 becomes 1, a tick late, as 0 would disarm it.
 */
static inline uint64_t msr_deadline_to_host(const struct vcpu *v,
					    uint64_t val)
{
	uint64_t host = val - v->msrs.tsc_offset;

	return val ? host | !host : 0;
}

/* 0 = done (@val read), -1 = the guest gets #GP. */
int msr_emulate_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int msr_emulate_write(struct vcpu *v, uint32_t msr, uint64_t val);

#endif
