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
 * 0 becomes 1, a tick late, as 0 would disarm it. The offset is signed
 * (VMCS TSC offset, SDM vol. 3, 25.6.5): a deadline the guest's TSC
 * passed before host TSC 0 has passed (1: the timer fires at once, as a
 * past deadline does, 11.5.4.1), and one beyond the host's last tick is
 * never reached; the subtraction alone would wrap either into the other.
 */
static inline uint64_t msr_deadline_to_host(const struct vcpu *v,
					    uint64_t val)
{
	uint64_t off = v->msrs.tsc_offset, host = val - off;

	if (!off || !val)	/* the common case: no offset */
		return val;
	if ((int64_t)off > 0 && val < off)
		return 1;
	if ((int64_t)off < 0 && host < val)
		return UINT64_MAX;
	return host | !host;
}

/* 0 = done (@val read), -1 = the guest gets #GP. */
int msr_emulate_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int msr_emulate_write(struct vcpu *v, uint32_t msr, uint64_t val);

#endif
