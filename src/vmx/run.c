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
#include "io.h"
#include "machine.h"
#include "mem.h"
#include "policy.h"
#include "vmcs_setup.h"
#include "vmx.h"
#include "vmx_ops.h"

int __vmx_vcpu_run(struct vcpu_regs *regs, int launched);

/*
 * The controls we ask for. Required: I/O and MSR bitmaps (the sandbox),
 * HLT exiting, CR8 load/store exiting (else MOV CR8 reaches the host's
 * APIC TPR), EPT and unrestricted guest (guests start in real mode), a
 * 64-bit host, and EFER switched on entry and exit (the guest's long mode
 * is its own). Optional: VPID (no TLB flush per exit), RDTSCP and INVPCID
 * (without them the instructions #UD), PAT switching.
 */
static const struct vmcs_ctl_request ctl_request = {
	.pin_required = PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING,
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
	return 0;
}

/* CPUID is the commonest exit of all; it needs nothing the slow path has. */
static enum exit_fastpath fastpath_cpuid(struct vcpu *v)
{
	emulate_cpuid(v);
	return EXIT_FASTPATH_REENTER_GUEST;
}

enum exit_fastpath vmx_vcpu_run(struct vcpu *v, int force_immediate_exit)
{
	unsigned int basic;
	int ret;

	(void)force_immediate_exit;	/* the preemption timer's, to come */
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
		return fastpath_cpuid(v);
	default:
		return EXIT_FASTPATH_NONE;
	}
}

int vcpu_run(struct vcpu *v)
{
	for (;;) {
		enum exit_fastpath fp = vmx_vcpu_run(v, 0);

		if (fp == EXIT_FASTPATH_REENTER_GUEST)
			continue;
		if (handle_exit(v, fp) <= 0)
			break;
	}
	uart_flush();
	return v->exit_code;
}
