/*
 * msr_emul.c - the emulated MSRs (see msr_emul.h): IA32_FEATURE_CONTROL
 * as a fixed value, the platform MSRs of src/vcpu/msr_state.c
 * (MISC_ENABLE, PAT, MTRRCAP, MTRR_DEF_TYPE, MCG_CAP, MCG_STATUS), the
 * guest's TSC (IA32_TSC writes, IA32_TSC_ADJUST, on the VMCS TSC
 * offset), the local APIC's IA32_APIC_BASE, IA32_TSC_DEADLINE and x2APIC registers,
 * and the hypervisor's scratch MSR.
 */
#include "msr_emul.h"

#include "apic.h"
#include "intr.h"
#include "lapic.h"
#include "msr.h"
#include "x86.h"

/* IA32_FEATURE_CONTROL as the guest sees it: locked, VMX off. */
#define GUEST_FEATURE_CONTROL	FEATURE_CONTROL_LOCK

static uint64_t vmm_scratch;	/* MSR_VMM_SCRATCH: reads what was written */

static int is_x2apic(uint32_t msr)
{
	return msr >= X2APIC_MSR_BASE && msr <= X2APIC_MSR_LAST;
}

static int x2apic_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	uint32_t lo, hi = 0;

	if (!lapic_x2apic(&v->lapic) ||
	    lapic_read(&v->lapic, X2APIC_OFFSET(msr), rdtsc(), &lo))
		return -1;
	if (msr == MSR_X2APIC_ICR)
		hi = v->lapic.icr_high;
	*val = ((uint64_t)hi << 32) | lo;
	return 0;
}

static int x2apic_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	uint32_t ignored;

	if (!lapic_x2apic(&v->lapic))
		return -1;
	if (msr == MSR_X2APIC_ICR) {
		/* One 64-bit register: the IPI goes with the write. */
		if (lapic_write_icr64(&v->lapic, val))
			return -1;
		ignored = lapic_take_ignored_ipi(&v->lapic);
		if (ignored)
			vcpu_deny(v, "IPI to self", ignored,
				  lapic_ignored_ipi_reason(ignored));
	} else if ((val >> 32) ||
		   lapic_write(&v->lapic, X2APIC_OFFSET(msr), (uint32_t)val,
			       rdtsc())) {
		/* SDM vol. 3, 11.12.1.2: high bits in a 32-bit register
		 * raise #GP; lapic_write refuses the reserved values. */
		return -1;
	}
	v->entry_work = 1;
	return 0;
}

/* The armed deadline in the guest's TSC, 0 if none. */
static uint64_t tsc_deadline_read(const struct vcpu *v)
{
	uint64_t host = lapic_read_tsc_deadline(&v->lapic);

	return host ? host + v->msrs.tsc_offset : 0;
}

int msr_emulate_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	if (is_x2apic(msr))
		return x2apic_read(v, msr, val);
	switch (msr) {
	case MSR_IA32_FEATURE_CONTROL:
		*val = GUEST_FEATURE_CONTROL;
		return 0;
	case MSR_IA32_APIC_BASE:
		*val = v->lapic.apic_base;
		return 0;
	case MSR_IA32_TSC_DEADLINE:
		*val = tsc_deadline_read(v);
		return 0;
	case MSR_VMM_SCRATCH:
		*val = vmm_scratch;
		return 0;
	default:
		/* Not a fastpath MSR: the platform MSRs, or #GP. */
		return msr_state_read(&v->msrs, msr, val);
	}
}

/* A platform MSR written: the state's rules, then the VMCS. */
static int platform_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	if (msr_state_write(&v->msrs, msr, val))
		return -1;
	/*
	 * With "load IA32_PAT" the next entry loads the guest's PAT from
	 * the VMCS (SDM vol. 3, 26.3.2.1). Without it the CPU keeps the
	 * host's PAT and the value is only the guest's to read back: guest
	 * RAM is the only memory it has, and EPT maps it write-back.
	 */
	if (msr == MSR_IA32_PAT && (v->entry_ctls & VM_ENTRY_LOAD_IA32_PAT))
		vmcs_write64(VMCS_GUEST_IA32_PAT, val);
	return 0;
}

/*
 * The guest's TSC moved: the VMCS gets the new offset, and an armed
 * deadline, which the guest wrote in its TSC, is kept there (SDM vol. 3,
 * 11.5.4.1: the timer fires when the TSC reaches it), so in host time it
 * moves too.
 */
static void tsc_moved(struct vcpu *v, uint64_t deadline)
{
	vmcs_write64(VMCS_TSC_OFFSET, v->msrs.tsc_offset);
	if (deadline) {
		lapic_write_tsc_deadline(&v->lapic,
					 msr_deadline_to_host(v, deadline),
					 rdtsc());
		v->entry_work = 1;
	}
}

/*
 * Every other MSR: the TSC, a platform MSR by its rules; otherwise
 * writing back the value read is accepted and anything else is #GP. Out
 * of line, so the fastpath's cases above keep their short frame.
 */
static __attribute__((noinline)) int write_other(struct vcpu *v, uint32_t msr,
						 uint64_t val)
{
	uint64_t cur, deadline = tsc_deadline_read(v);

	/* "Use TSC offsetting" is on (run.c): the CPU adds the offset to
	 * the guest's RDTSC, RDTSCP and RDMSR of IA32_TSC (SDM vol. 3,
	 * "Changes to Instruction Behavior in VMX Non-Root Operation"). */
	if (msr == MSR_IA32_TSC) {
		msr_state_write_tsc(&v->msrs, val, rdtsc());
		tsc_moved(v, deadline);
		return 0;
	}
	if (msr_state_owns(msr)) {
		if (platform_write(v, msr, val))
			return -1;
		if (msr == MSR_IA32_TSC_ADJUST)
			tsc_moved(v, deadline);
		return 0;
	}
	if (msr_emulate_read(v, msr, &cur) || cur != val)
		return -1;
	return 0;
}

int msr_emulate_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
	if (is_x2apic(msr))
		return x2apic_write(v, msr, val);
	switch (msr) {
	case MSR_IA32_APIC_BASE:
		v->entry_work = 1;
		if (lapic_write_apic_base(&v->lapic, val))
			return -1;
		intr_x2apic_changed(v);
		return 0;
	case MSR_IA32_TSC_DEADLINE:
		lapic_write_tsc_deadline(&v->lapic, msr_deadline_to_host(v, val),
					 rdtsc());
		v->entry_work = 1;	/* arm (or park) the preemption timer */
		return 0;
	case MSR_VMM_SCRATCH:
		vmm_scratch = val;
		return 0;
	default:
		return write_other(v, msr, val);
	}
}
