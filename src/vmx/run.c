/*
 * run.c - the vCPU's life: build it, then the exit loop (DESIGN.md, "The
 * exit loop"). vmx_vcpu_run() enters the guest through asm/vmenter.S,
 * reads the exit reason once and tries the fastpath before returning a
 * verdict; everything else goes to handle_exit() (exit.c).
 *
 * Room src/vmx: VMXON, the VMCS, controls, EPT, the run loop, the
 * fastpath, exit dispatch and the handlers, interrupt delivery, the
 * emulated MSRs. It may include every room below it, never the self-test
 * above it.
 */
#include "run.h"

#include <stdio.h>
#include <string.h>

#include "console.h"
#include "controls.h"
#include "early_checks.h"
#include "ept.h"
#include "exit.h"
#include "exit_reasons.h"
#include "intr.h"
#include "io.h"
#include "machine.h"
#include "mem.h"
#include "msr.h"
#include "pmtimer.h"
#include "policy.h"
#include "vmcs_setup.h"
#include "vmx.h"
#include "vmx_ops.h"


/*
 * The controls we ask for. Required: I/O and MSR bitmaps (the sandbox),
 * HLT exiting, CR8 load/store exiting (else MOV CR8 reaches the host's
 * APIC TPR; replaced by a TPR shadow where the CPU has one, vcpu_init),
 * the VMX-preemption timer (the guest's APIC timer runs on
 * it), TSC offsetting (the guest may write its TSC, msr_emul.c), EPT and unrestricted guest (guests start in real mode), a
 * 64-bit host, EFER switched on entry and exit (the guest's long mode
 * is its own), and DR7 and IA32_DEBUGCTL too (every VM exit sets DR7 to
 * 400H, SDM vol. 3, 28.5.1: without them the guest's breakpoints would
 * vanish at its first exit). Optional: VPID (no TLB flush per exit),
 * RDTSCP and INVPCID (without them the instructions #UD), PAT switching.
 */
static const struct vmcs_ctl_request ctl_request = {
	.pin_required = PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING |
			PIN_BASED_PREEMPTION_TIMER,
	.proc_required = CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS |
			 CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_CR8_LOAD_EXITING |
			 CPU_BASED_CR8_STORE_EXITING | CPU_BASED_MWAIT_EXITING |
			 CPU_BASED_MONITOR_EXITING | CPU_BASED_RDPMC_EXITING |
			 CPU_BASED_USE_TSC_OFFSETTING,
	.proc2_required = SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST,
	.proc2_optional = SECONDARY_ENABLE_VPID | SECONDARY_ENABLE_RDTSCP |
			  SECONDARY_ENABLE_INVPCID,
	.exit_required = VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
			 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_DEBUG_CONTROLS,
	.exit_optional = VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT,
	.entry_required = VM_ENTRY_LOAD_IA32_EFER |
			  VM_ENTRY_LOAD_DEBUG_CONTROLS,
	.entry_optional = VM_ENTRY_LOAD_IA32_PAT,
};

int vcpu_init(struct vcpu *v, const struct vmx_caps *caps,
	      const struct vmm_config *config)
{
	struct vmcs_ctl_request req;

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
	if (guest_ram_init(v) || ept_init(v))
		return -1;
	req = ctl_request;
	if (caps->proc.allowed1 & CPU_BASED_TPR_SHADOW) {
		/* SDM vol. 3, 30.1: with a TPR shadow, MOV to/from CR8 reads
		 * and writes VTPR in the virtual-APIC page without an exit;
		 * only a drop below TPR_THRESHOLD exits. */
		req.proc_required |= CPU_BASED_TPR_SHADOW;
		req.proc_required &= ~(CPU_BASED_CR8_LOAD_EXITING |
				       CPU_BASED_CR8_STORE_EXITING);
		/* Virtual-interrupt delivery with x2APIC virtualization:
		 * the guest's EOIs retire in the CPU, not in an exit.
		 * apicv=off keeps injection (and tests it). */
		if (config->apicv != TRI_OFF)
			req.proc2_optional |= SECONDARY_VIRTUAL_INTR_DELIVERY |
					      SECONDARY_VIRTUALIZE_X2APIC;
		v->vapic = (void *)v->lapic.page;
	}
	if (vmcs_setup_controls(v, &req))
		return -1;
	policy_set_tsc_hz(pmtimer_host_tsc_hz());
	policy_msr_bitmap(v->msr_bitmap, v->proc2_ctls);
	if (v->vapic) {
		vmcs_write64(VMCS_VIRTUAL_APIC_PAGE_ADDR, (uint64_t)v->vapic);
		vmcs_write32(VMCS_TPR_THRESHOLD, 0);
	}
	if (v->proc2_ctls & SECONDARY_VIRTUAL_INTR_DELIVERY) {
		v->apicv = 1;
		vmcs_write64(VMCS_EOI_EXIT_BITMAP0, 0);	/* no EOI exits: */
		vmcs_write64(VMCS_EOI_EXIT_BITMAP1, 0);	/* every vector is */
		vmcs_write64(VMCS_EOI_EXIT_BITMAP2, 0);	/* edge-triggered */
		vmcs_write64(VMCS_EOI_EXIT_BITMAP3, 0);
		vmcs_write16(VMCS_GUEST_INTR_STATUS, 0);
	}
	/* x2APIC virtualization follows the guest's mode (intr.c). */
	v->apicv_x2apic = v->apicv &&
			  !!(v->proc2_ctls & SECONDARY_VIRTUALIZE_X2APIC);
	if (v->apicv_x2apic) {
		v->proc2_ctls &= ~SECONDARY_VIRTUALIZE_X2APIC;
		vmcs_write32(VMCS_SECONDARY_VM_EXEC_CONTROL, v->proc2_ctls);
	}
	vmcs_setup_host(v);
	lapic_reset(&v->lapic);
	msr_state_reset(&v->msrs);
	intr_init(v);
	fastpath_init(v);
	v->early_checks = early_checks_wanted(config, caps);
	v->checked_writes = vmcs_write_count - 1;	/* check the launch */
	if (io_init())
		return -1;
	return 0;
}

enum exit_fastpath vmx_vcpu_run(struct vcpu *v, int force_immediate_exit)
{
	enum exit_fastpath fp;

	force_immediate_exit |= vmx_prepare_entry(v, force_immediate_exit);
	fp = __vmx_vcpu_run(v, v->launched, force_immediate_exit);
	if (fp < EXIT_FASTPATH_VMFAIL_VALID)
		v->launched = 1;
	return fp;
}

int vcpu_run(struct vcpu *v)
{
	int force_immediate_exit = 0;

	for (;;) {
		int ret;

		if (early_check_due(v) && early_check(v))
			break;
		ret = handle_exit(v, vmx_vcpu_run(v, force_immediate_exit));
		if (ret <= 0)
			break;
		/* The slow path (a halt among its exits) feeds the console
		 * UART; the fastpath never does, so the hot exits pay
		 * nothing for it. */
		console_poll();
		force_immediate_exit = ret == HANDLE_EXIT_FORCE_IMMEDIATE;
	}
	uart_flush();
	return v->exit_code;
}
