/*
 * cr_access.c - the control-register-access exit: MOV to CR0/CR4 that
 * changes a host-owned bit, LMSW, and MOV to/from CR8.
 *
 * Exit qualification: SDM vol. 3, table 28-3. The guest sees its own
 * values through the read shadows; the CPU runs with those values plus
 * the bits VMX requires (IA32_VMX_CR{0,4}_FIXED0). CR0.PG is host-owned
 * so that entering and leaving IA-32e mode passes here: the CPU does not
 * update EFER.LMA in the VMCS for us while PG is ours, so we do what a
 * MOV to CR0 would (SDM vol. 3, 10.8.5): LMA = LME && PG, mirrored in the
 * "IA-32e mode guest" VM-entry control (26.3.1.1 requires they agree).
 */
#include "exit.h"

#include <stdio.h>

#include "controls.h"
#include "cpuid.h"
#include "ept.h"
#include "intr.h"
#include "msr.h"
#include "policy.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"



/* CR0 as the guest sees it: host-owned bits from the read shadow. */
static uint64_t guest_cr0(struct vcpu *v)
{
	return (vmcs_readl(VMCS_GUEST_CR0) & ~v->cr0_mask) |
	       (vmcs_readl(VMCS_CR0_READ_SHADOW) & v->cr0_mask);
}

/* CR4 as the guest sees it, the same way. */
static uint64_t guest_cr4(struct vcpu *v)
{
	return (vmcs_readl(VMCS_GUEST_CR4) & ~v->cr4_mask) |
	       (vmcs_readl(VMCS_CR4_READ_SHADOW) & v->cr4_mask);
}

static int inject_gp(struct vcpu *v)
{
	vcpu_inject_exception(v, VEC_GP, 1, 0);
	return 1;
}

/*
 * A guest entering IA-32e mode keeps the TR it had, typically the 16-bit
 * busy TSS of reset, until it runs LTR; the CPU does not mind, but VM
 * entry requires a 64-bit busy TSS in IA-32e mode (SDM vol. 3,
 * 26.3.1.2). Relabel the type, as a real CPU would treat it.
 */
static void long_mode_tr_fixup(void)
{
	uint32_t ar = vmcs_read32(VMCS_GUEST_TR_AR_BYTES);

	if ((ar & AR_TYPE_MASK) != AR_TYPE_TSS64_BUSY)
		vmcs_write32(VMCS_GUEST_TR_AR_BYTES,
			     (ar & ~AR_TYPE_MASK) | AR_TYPE_TSS64_BUSY);
}

/*
 * The physical-address width the guest sees (CPUID.80000008H:EAX[7:0],
 * which the policy passes through), the bound on the addresses in its
 * paging entries: every bit from it up is reserved (SDM vol. 3, 4.4.1).
 */
static unsigned int guest_maxphyaddr(void)
{
	if (policy_cpuid(CPUID_LEAF_EXT_BASE, 0, 0).eax < CPUID_LEAF_EXT_ADDR)
		return MAXPHYADDR_DEFAULT;
	return CPUID_80000008_EAX_PHYS(policy_cpuid(CPUID_LEAF_EXT_ADDR, 0,
						    0).eax);
}

/*
 * PAE paging without IA-32e mode takes its four PDPTEs from the VMCS at
 * VM entry when EPT is on (SDM vol. 3, 26.3.2.4), which fails on a present
 * PDPTE with a reserved bit (8:5, 2:1, 63:MAXPHYADDR). A MOV to CR0 or
 * CR4 that we emulate loads them from CR3 as the CPU would (4.4.1), and
 * gives the guest the #GP the CPU gives for such a PDPTE, so that none
 * reaches the VMCS.
 */
static int load_pdptes(struct vcpu *v)
{
	uint64_t cr3 = vmcs_readl(VMCS_GUEST_CR3) & PAE_CR3_PDPT;
	const uint64_t *p = guest_ram(v, cr3, 4 * sizeof(uint64_t));
	uint64_t reserved = PDPTE_RSVD | ~((1ull << guest_maxphyaddr()) - 1);
	int i;

	if (!p)
		return -1;
	for (i = 0; i < 4; i++)
		if ((p[i] & PDPTE_P) && (p[i] & reserved))
			return -1;
	vmcs_write64(VMCS_GUEST_PDPTR0, p[0]);
	vmcs_write64(VMCS_GUEST_PDPTR1, p[1]);
	vmcs_write64(VMCS_GUEST_PDPTR2, p[2]);
	vmcs_write64(VMCS_GUEST_PDPTR3, p[3]);
	return 0;
}

/*
 * A MOV to CR0 that changes PG flushes the TLBs (SDM vol. 3, 4.10.4.1);
 * we emulated it, so with VPID the guest's tagged translations would
 * survive: flush them for its VPID (all contexts where the CPU has no
 * single-context INVVPID).
 */
static void flush_guest_tlb(struct vcpu *v)
{
	uint64_t cap = v->caps->ept_vpid;

	if (!(v->proc2_ctls & SECONDARY_ENABLE_VPID) || !(cap & VPID_CAP_INVVPID))
		return;
	invvpid((cap & VPID_CAP_INVVPID_SINGLE) ? 1 : 2, GUEST_VPID);
}

static int set_cr0(struct vcpu *v, uint64_t val)
{
	const struct vmx_caps *c = v->caps;
	uint64_t old = guest_cr0(v);
	uint64_t cr4 = vmcs_readl(VMCS_GUEST_CR4);
	uint64_t efer = vmcs_read64(VMCS_GUEST_IA32_EFER);
	int cs_l = !!(vmcs_read32(VMCS_GUEST_CS_AR_BYTES) & AR_L);

	/* Outside 64-bit code MOV to CR0 takes 32 bits (SDM vol. 2A). */
	if (!(efer & EFER_LMA) || !cs_l)
		val &= 0xffffffffull;
	/* SDM vol. 2A, MOV CR: #GP for reserved bits, PG without PE, NW
	 * without CD; SDM vol. 3, 10.8.5 and 4.10.1: PG may not be cleared
	 * in 64-bit code, nor with CR4.PCIDE set; entering IA-32e mode needs
	 * PAE and a CS that is not already 64-bit. */
	if ((val & CR0_RESERVED) || ((val & CR0_PG) && !(val & CR0_PE)) ||
	    ((val & CR0_NW) && !(val & CR0_CD)))
		return inject_gp(v);
	if ((old & CR0_PG) && !(val & CR0_PG) &&
	    (((efer & EFER_LMA) && cs_l) || (cr4 & CR4_PCIDE)))
		return inject_gp(v);
	/* SDM vol. 3, 4.4.1: a change of PG, CD or NW that leaves PAE
	 * paging (not IA-32e) in use loads the PDPTEs. */
	if ((val & CR0_PG) && (cr4 & CR4_PAE) && !(efer & EFER_LME) &&
	    ((val ^ old) & (CR0_PG | CR0_CD | CR0_NW)) && load_pdptes(v))
		return inject_gp(v);

	if ((val ^ old) & CR0_PG) {
		if ((val & CR0_PG) && (efer & EFER_LME)) {
			if (!(cr4 & CR4_PAE) || cs_l)
				return inject_gp(v);
			efer |= EFER_LMA;
			v->entry_ctls |= VM_ENTRY_IA32E_MODE;
			long_mode_tr_fixup();
		} else if (!(val & CR0_PG) && (efer & EFER_LMA)) {
			efer &= ~EFER_LMA;
			v->entry_ctls &= ~VM_ENTRY_IA32E_MODE;
		}
		vmcs_write64(VMCS_GUEST_IA32_EFER, efer);
		vmcs_write32(VMCS_VM_ENTRY_CONTROLS, v->entry_ctls);
		flush_guest_tlb(v);
	}
	vmcs_writel(VMCS_CR0_READ_SHADOW, val);
	vmcs_writel(VMCS_GUEST_CR0, (val | (c->cr0_fixed0 & ~(CR0_PE | CR0_PG))) &
		    c->cr0_fixed1);
	vcpu_skip_instruction(v);
	return 1;
}

/*
 * A write that sets a host-owned bit exits (the read shadow holds 0 in
 * each): VMXE, a bit VMX forbids, or one whose feature the guest's CPUID
 * hides. Each of those raises #GP (SDM vol. 2A, MOV CR: a reserved bit,
 * which on a CPU without the feature it is). Only a CPU whose
 * IA32_VMX_CR4_FIXED0 had a bit besides VMXE would bring a write that
 * takes; it gets the rest of MOV to CR4's checks, and the PDPTE load.
 */
static int set_cr4(struct vcpu *v, uint64_t val)
{
	const struct vmx_caps *c = v->caps;
	uint64_t denied = policy_cr4_denied() | CR4_VMXE;
	uint64_t old = guest_cr4(v);
	uint64_t efer = vmcs_read64(VMCS_GUEST_IA32_EFER);

	if ((val & denied) || (val & ~c->cr4_fixed1 & ~c->cr4_fixed0)) {
		vcpu_deny(v, "CR4 bits", val & (denied | ~c->cr4_fixed1),
			  "#GP injected");
		return inject_gp(v);
	}
	/* SDM vol. 2A, MOV CR: #GP for clearing PAE or changing LA57 in
	 * IA-32e mode, and for setting PCIDE outside it or with
	 * CR3[11:0] != 0. */
	if ((efer & EFER_LMA) && (!(val & CR4_PAE) || ((val ^ old) & CR4_LA57)))
		return inject_gp(v);
	if (!(old & CR4_PCIDE) && (val & CR4_PCIDE) &&
	    (!(efer & EFER_LMA) ||
	     (vmcs_readl(VMCS_GUEST_CR3) & PAGE_OFFSET_4K)))
		return inject_gp(v);
	/* SDM vol. 3, 4.4.1: a change of PAE, PGE, PSE or SMEP that leaves
	 * PAE paging in use loads the PDPTEs. */
	if ((guest_cr0(v) & CR0_PG) && (val & CR4_PAE) && !(efer & EFER_LMA) &&
	    ((val ^ old) & (CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP)) &&
	    load_pdptes(v))
		return inject_gp(v);
	vmcs_writel(VMCS_CR4_READ_SHADOW, val);
	vmcs_writel(VMCS_GUEST_CR4, (val | c->cr4_fixed0) & c->cr4_fixed1);
	vcpu_skip_instruction(v);
	return 1;
}

int handle_cr_access(struct vcpu *v)
{
	struct cr_qual q = cr_qual_decode(v->exit_qual);
	unsigned int cr = q.cr, reg = q.reg;
	uint64_t cr0;

	switch (q.type) {
	case CR_ACCESS_MOV_TO:
		if (cr == 0)
			return set_cr0(v, vcpu_reg_read(v, reg));
		if (cr == 4)
			return set_cr4(v, vcpu_reg_read(v, reg));
		if (cr == 8) {
			uint64_t tpr = vcpu_reg_read(v, reg);

			if (tpr > 0xf)
				return inject_gp(v);
			/* CR8 is TPR[7:4] (SDM vol. 3, 11.8.6). */
			LAPIC_REG(&v->lapic, APIC_TASKPRI) = (uint32_t)tpr << 4;
			v->entry_work = 1;
			vcpu_skip_instruction(v);
			return 1;
		}
		break;
	case CR_ACCESS_MOV_FROM:
		if (cr == 8) {
			vcpu_reg_write(v, reg, lapic_tpr(&v->lapic) >> 4);
			vcpu_skip_instruction(v);
			return 1;
		}
		break;
	case CR_ACCESS_LMSW:
		/* LMSW loads CR0[3:0] but cannot clear PE (SDM vol. 2A). */
		cr0 = guest_cr0(v);
		return set_cr0(v, (cr0 & ~0xeull) | (q.lmsw_data & 0xfu) |
			       (cr0 & CR0_PE));
	case CR_ACCESS_CLTS:
		return set_cr0(v, guest_cr0(v) & ~CR0_TS);
	}
	printf("vmm: unexpected CR access exit, qualification 0x%lx\n",
	       v->exit_qual);
	vcpu_stop(v, VMM_EXIT_UNHANDLED_EXIT);
	return 0;
}
