/*
 * run.c - the vCPU's life: build it, then the exit loop (DESIGN.md, "The
 * exit loop"). vmx_vcpu_run() enters the guest through asm/vmenter.S,
 * reads the exit reason once and tries the fastpath before returning a
 * verdict; everything else goes to handle_exit() (exit.c).
 */
#include "run.h"

#include <stdio.h>
#include <string.h>

#include "controls.h"
#include "ept.h"
#include "exit.h"
#include "exit_reasons.h"
#include "intr.h"
#include "io.h"
#include "machine.h"
#include "mem.h"
#include "msr.h"
#include "policy.h"
#include "vmcs_setup.h"
#include "vmx.h"
#include "vmx_ops.h"

int __vmx_vcpu_run(struct vcpu_regs *regs, int launched);

/*
 * The controls we ask for. Required: I/O and MSR bitmaps (the sandbox),
 * HLT exiting, CR8 load/store exiting (else MOV CR8 reaches the host's
 * APIC TPR), the VMX-preemption timer (the guest's APIC timer runs on
 * it), EPT and unrestricted guest (guests start in real mode), a
 * 64-bit host, and EFER switched on entry and exit (the guest's long mode
 * is its own). Optional: VPID (no TLB flush per exit), RDTSCP and INVPCID
 * (without them the instructions #UD), PAT switching.
 */
static const struct vmcs_ctl_request ctl_request = {
	.pin_required = PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING |
			PIN_BASED_PREEMPTION_TIMER,
	.proc_required = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
			 CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_CR8_LOAD_EXITING |
			 CPU_BASED_CR8_STORE_EXITING | CPU_BASED_MWAIT_EXITING |
			 CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING,
	.proc2_required = SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST,
	.proc2_optional = SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_RDTSCP |
			  SECONDARY_ENABLE_INVPCID,
	.exit_required = VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
			 VM_EXIT_LOAD_IA32_EFER,
	.exit_optional = VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT,
	.entry_required = VM_ENTRY_LOAD_IA32_EFER,
	.entry_optional = VM_ENTRY_LOAD_IA32_PAT,
};

int vcpu_init(struct vcpu *v, const struct vmx_caps *caps,
	      const struct vmm_config *config)
{
	v->caps = caps;
	v->config = config;
	v->vmcs_phys = vmcs_alloc_load(caps, &v->vmcs);
	if (!v->vmcs_phys)
		return -1;
	v->io_bitmap = page_alloc(2 * PAGE_SIZE, PAGE_SIZE);
	v->msr_bitmap = page_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!v->io_bitmap || !v->msr_bitmap) {
		printf("vmm: no memory for the I/O and MSR bitmaps\n");
		return -1;
	}
	/* Every port exits (SDM vol. 3, 25.6.4): dev/io.c decides. */
	memset(v->io_bitmap, 0xff, 2 * PAGE_SIZE);
	policy_msr_bitmap(v->msr_bitmap);
	if (ept_init(v))
		return -1;
	if (vmcs_setup_controls(v, &ctl_request))
		return -1;
	vmcs_setup_host(v);
	intr_init(v);
	return 0;
}

/*
 * The preemption timer expired (SDM vol. 3, 27.5.1). Soft-disabled: a
 * spurious expiry of the parked timer, nothing to do. Forced: the loop
 * asked for this exit and handles it. Otherwise a guest timer is due:
 * raise it and let the next entry inject it (or open a window).
 */
static enum exit_fastpath fastpath_preemption_timer(struct vcpu *v,
						    int force_immediate_exit)
{
	if (v->timer_soft_disabled)
		return EXIT_FASTPATH_REENTER_GUEST;
	if (force_immediate_exit)
		return EXIT_FASTPATH_EXIT_HANDLED;
	intr_timer_expired(v);
	return EXIT_FASTPATH_REENTER_GUEST;
}

/* WRMSR of IA32_TSC_DEADLINE, the x2APIC EOI register, the scratch MSR. */
static enum exit_fastpath fastpath_wrmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.gpr[VCPU_RCX];

	if (msr != MSR_IA32_TSC_DEADLINE && msr != MSR_X2APIC_EOI &&
	    msr != MSR_VMM_SCRATCH)
		return EXIT_FASTPATH_NONE;
	if (policy_msr_write(v, msr, (v->regs.gpr[VCPU_RDX] << 32) |
				     (uint32_t)v->regs.gpr[VCPU_RAX]))
		return EXIT_FASTPATH_NONE;	/* #GP: the slow path's */
	vcpu_skip_instruction(v);
	return EXIT_FASTPATH_REENTER_GUEST;
}

static enum exit_fastpath fastpath_rdmsr(struct vcpu *v)
{
	uint32_t msr = (uint32_t)v->regs.gpr[VCPU_RCX];
	uint64_t val;

	if (msr != MSR_VMM_SCRATCH && msr != MSR_IA32_TSC_DEADLINE)
		return EXIT_FASTPATH_NONE;
	policy_msr_read(v, msr, &val);
	v->regs.gpr[VCPU_RAX] = (uint32_t)val;
	v->regs.gpr[VCPU_RDX] = val >> 32;
	vcpu_skip_instruction(v);
	return EXIT_FASTPATH_REENTER_GUEST;
}

/* IN/OUT (not the string forms) to a device marked fast. */
static enum exit_fastpath fastpath_io(struct vcpu *v)
{
	uint64_t q = vmcs_readl(VMCS_EXIT_QUALIFICATION);
	const struct port_device *d;
	unsigned int size = (unsigned int)(q & 7) + 1;
	uint16_t port = (uint16_t)(q >> 16);

	if (q & IO_QUAL_STRING)
		return EXIT_FASTPATH_NONE;
	d = io_find(port);
	if (!d || !d->fast)
		return EXIT_FASTPATH_NONE;
	if (q & IO_QUAL_IN) {
		uint64_t *rax = &v->regs.gpr[VCPU_RAX];
		uint32_t val = d->in(v, (uint16_t)(port - d->base), size);

		*rax = size == 4 ? val : (*rax & ~((1ull << (size * 8)) - 1)) |
					 (val & ((1u << (size * 8)) - 1));
	} else {
		d->out(v, (uint16_t)(port - d->base), size,
		       (uint32_t)v->regs.gpr[VCPU_RAX]);
	}
	vcpu_skip_instruction(v);
	return EXIT_FASTPATH_REENTER_GUEST;
}

/* VMCALL 0 is the no-op hypercall: a round trip and nothing else. */
static enum exit_fastpath fastpath_vmcall(struct vcpu *v)
{
	if (v->regs.gpr[VCPU_RAX] != HC_NOP)
		return EXIT_FASTPATH_NONE;
	vcpu_skip_instruction(v);
	return EXIT_FASTPATH_REENTER_GUEST;
}

enum exit_fastpath vmx_vcpu_run(struct vcpu *v, int force_immediate_exit)
{
	unsigned int basic;
	int ret;

	if (v->intr_check)
		force_immediate_exit |= intr_inject_pending(v);
	intr_arm_timer(v, force_immediate_exit);
	ret = __vmx_vcpu_run(&v->regs, v->launched);
	if (ret != VMENTER_EXIT) {
		v->vmenter_result = (enum vmenter_result)ret;
		return EXIT_FASTPATH_VMFAIL;
	}
	v->launched = 1;
	v->exit_reason = vmcs_read32(VMCS_VM_EXIT_REASON);
	basic = v->exit_reason & 0xffff;
	exit_counts[basic < EXIT_REASON_MAX ? basic : EXIT_REASON_MAX]++;

	if (v->config->fastpath == TRI_OFF)
		return EXIT_FASTPATH_NONE;
	switch (v->exit_reason) {	/* bit 31 set: not a fastpath case */
	case EXIT_REASON_CPUID:
		emulate_cpuid(v);
		return EXIT_FASTPATH_REENTER_GUEST;
	case EXIT_REASON_PREEMPTION_TIMER:
		return fastpath_preemption_timer(v, force_immediate_exit);
	case EXIT_REASON_MSR_WRITE:
		return fastpath_wrmsr(v);
	case EXIT_REASON_MSR_READ:
		return fastpath_rdmsr(v);
	case EXIT_REASON_IO_INSTRUCTION:
		return fastpath_io(v);
	case EXIT_REASON_VMCALL:
		return fastpath_vmcall(v);
	default:
		return EXIT_FASTPATH_NONE;
	}
}

int vcpu_run(struct vcpu *v)
{
	int force_immediate_exit = 0;

	for (;;) {
		enum exit_fastpath fp = vmx_vcpu_run(v, force_immediate_exit);
		int ret;

		if (fp == EXIT_FASTPATH_REENTER_GUEST)
			continue;
		ret = handle_exit(v, fp);
		if (ret <= 0)
			break;
		force_immediate_exit = ret == HANDLE_EXIT_FORCE_IMMEDIATE;
	}
	uart_flush();
	return v->exit_code;
}
