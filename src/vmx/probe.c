/*
 * probe.c - read-only VMX discovery: does this CPU have VMX, may we turn it
 * on, and what can it do (SDM vol. 3, 24.6 "Discovering support for VMX"
 * and appendix A). Nothing here changes machine state.
 */
#include "caps.h"

#include <stdio.h>

#include "controls.h"
#include "log.h"
#include "msr.h"
#include "x86.h"

struct vmx_ctl_caps vmx_ctl_caps_from_msr(uint64_t msr)
{
	return (struct vmx_ctl_caps){
		.allowed0 = (uint32_t)msr,
		.allowed1 = (uint32_t)(msr >> 32),
	};
}

enum vmx_probe_result vmx_probe(struct vmx_caps *caps)
{
	struct cpuid_regs r = cpuid(1, 0);
	int true_ctls;

	*caps = (struct vmx_caps){ 0 };
	caps->nested = !!(r.ecx & CPUID_1_ECX_HYPERVISOR);
	if (!(r.ecx & CPUID_1_ECX_VMX))
		return VMX_PROBE_NO_VMX;

	/* SDM vol. 3, 24.7: with the lock bit set and "enable VMX outside
	 * SMX" clear, VMXON faults until the next reset. */
	caps->feature_control = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if ((caps->feature_control & FEATURE_CONTROL_LOCK) &&
	    !(caps->feature_control & FEATURE_CONTROL_VMXON_OUTSIDE_SMX))
		return VMX_PROBE_LOCKED_OFF;

	caps->basic = rdmsr(MSR_IA32_VMX_BASIC);
	caps->misc = rdmsr(MSR_IA32_VMX_MISC);
	caps->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	caps->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	caps->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	caps->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);

	/* SDM vol. 3, A.2: with IA32_VMX_BASIC[55] set, the TRUE_* MSRs
	 * report which default-1 controls may in fact be 0. */
	true_ctls = !!(caps->basic & VMX_BASIC_TRUE_CTLS);
	caps->pin = vmx_ctl_caps_from_msr(rdmsr(true_ctls ?
		MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS));
	caps->proc = vmx_ctl_caps_from_msr(rdmsr(true_ctls ?
		MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS));
	caps->exit = vmx_ctl_caps_from_msr(rdmsr(true_ctls ?
		MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS));
	caps->entry = vmx_ctl_caps_from_msr(rdmsr(true_ctls ?
		MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS));

	/* SDM vol. 3, A.3.3: the secondary controls, their EPT/VPID
	 * capabilities and VM functions exist only when the primary
	 * "activate secondary controls" bit may be 1. */
	if (caps->proc.allowed1 & CPU_BASED_ACTIVATE_SECONDARY) {
		caps->proc2 = vmx_ctl_caps_from_msr(
			rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2));
		if (caps->proc2.allowed1 &
		    (SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID))
			caps->ept_vpid = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
		if (caps->proc2.allowed1 & SECONDARY_ENABLE_VMFUNC)
			caps->vmfunc = rdmsr(MSR_IA32_VMX_VMFUNC);
	}

	caps->phys_addr_bits = 36;
	if (cpuid(0x80000000, 0).eax >= 0x80000008)
		caps->phys_addr_bits = cpuid(0x80000008, 0).eax & 0xff;
	/* The guest sees these leaves as they are (policy.c): its paging
	 * has the CPU's physical-address width and uses 1 GiB pages
	 * exactly when the CPU's may (emul/gpt.c). */
	caps->phys_addr_rsvd = PTE_ADDR & ~((1ull << caps->phys_addr_bits) - 1);
	caps->page_1g = !!(cpuid(CPUID_LEAF_EXT_FEATURES, 0).edx &
			   CPUID_80000001_EDX_PAGE1GB);
	return VMX_PROBE_OK;
}

static const char *yes(int b)
{
	return b ? "yes" : "no";
}

void vmx_report(const struct vmx_caps *c)
{
	uint64_t e = c->ept_vpid;
	uint32_t p2 = c->proc2.allowed1;
	int ept = !!(p2 & SECONDARY_ENABLE_EPT);
	int vpid = !!(p2 & SECONDARY_ENABLE_VPID);
	int timer = !!(c->pin.allowed1 & PIN_BASED_PREEMPTION_TIMER);

	/* The whole report is detail (loglevel= 3 and up). */
	if (vmm_loglevel < LOG_VERBOSE)
		return;
	printf("vmx: VMCS revision 0x%x, region %u bytes, memory type %u, "
	       "true controls %s\n", VMX_BASIC_REVISION(c->basic),
	       VMX_BASIC_REGION_SIZE(c->basic), VMX_BASIC_MEMTYPE(c->basic),
	       yes(!!(c->basic & VMX_BASIC_TRUE_CTLS)));
	printf("vmx: IA32_FEATURE_CONTROL 0x%lx: %s, VMX outside SMX %s\n",
	       c->feature_control,
	       (c->feature_control & FEATURE_CONTROL_LOCK) ? "locked"
							    : "unlocked",
	       (c->feature_control & FEATURE_CONTROL_VMXON_OUTSIDE_SMX) ?
			"on" : "off (set at VMXON)");
	printf("vmx: EPT %s", yes(ept));
	if (ept)
		printf(": walk length%s%s, memory types%s%s, pages 4K%s%s, "
		       "A/D flags %s, execute-only %s, INVEPT %s",
		       (e & EPT_CAP_WALK_4) ? " 4" : "",
		       (e & EPT_CAP_WALK_5) ? " 5" : "",
		       (e & EPT_CAP_MT_UC) ? " UC" : "",
		       (e & EPT_CAP_MT_WB) ? " WB" : "",
		       (e & EPT_CAP_2M_PAGE) ? " 2M" : "",
		       (e & EPT_CAP_1G_PAGE) ? " 1G" : "",
		       yes(!!(e & EPT_CAP_AD)), yes(!!(e & EPT_CAP_EXEC_ONLY)),
		       yes(!!(e & EPT_CAP_INVEPT)));
	printf("\n");
	printf("vmx: VPID %s%s, unrestricted guest %s, VMCS shadowing %s\n",
	       yes(vpid), vpid && (e & VPID_CAP_INVVPID) ? " (INVVPID)" : "",
	       yes(!!(p2 & SECONDARY_UNRESTRICTED_GUEST)),
	       yes(!!(p2 & SECONDARY_VMCS_SHADOWING)));
	printf("vmx: preemption timer %s", yes(timer));
	if (timer)
		printf(", rate TSC/%u, HLT activity state %s",
		       1u << VMX_MISC_PREEMPT_RATE(c->misc),
		       yes(!!(c->misc & VMX_MISC_ACTIVITY_HLT)));
	printf("\n");
	printf("vmx: controls allowed-1: pin 0x%08x proc 0x%08x proc2 0x%08x "
	       "exit 0x%08x entry 0x%08x\n", c->pin.allowed1, c->proc.allowed1,
	       c->proc2.allowed1, c->exit.allowed1, c->entry.allowed1);
	pr_debug("vmx: raw: BASIC 0x%lx MISC 0x%lx EPT_VPID_CAP 0x%lx "
		 "CR0_FIXED 0x%lx/0x%lx CR4_FIXED 0x%lx/0x%lx\n", c->basic,
		 c->misc, c->ept_vpid, c->cr0_fixed0, c->cr0_fixed1,
		 c->cr4_fixed0, c->cr4_fixed1);
	pr_debug("vmx: raw: PIN 0x%08x%08x PROC 0x%08x%08x PROC2 0x%08x%08x "
		 "EXIT 0x%08x%08x ENTRY 0x%08x%08x\n",
		 c->pin.allowed1, c->pin.allowed0, c->proc.allowed1,
		 c->proc.allowed0, c->proc2.allowed1, c->proc2.allowed0,
		 c->exit.allowed1, c->exit.allowed0, c->entry.allowed1,
		 c->entry.allowed0);
	printf("vmx: physical-address width %u bits, %s\n", c->phys_addr_bits,
	       c->nested ? "nested (CPUID hypervisor bit set)"
			 : "bare metal (no hypervisor bit)");
}
