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
#include "intr.h"
#include "msr.h"
#include "policy.h"
#include "vmx_ops.h"
#include "x86.h"


#define CR0_TS		(1ul << 3)
#define CR0_RESERVED	0xffffffff1ffaffc0ull	/* SDM vol. 3, 2.5 */
#define VEC_GP		13
#define AR_TYPE_MASK	0xfu		/* SDM vol. 3, table 25-2 */
#define AR_TYPE_TSS64_BUSY 0xbu

/* CR0 as the guest sees it: host-owned bits from the read shadow. */
static uint64_t guest_cr0(struct vcpu *v)
{
	return (vmcs_readl(VMCS_GUEST_CR0) & ~v->cr0_mask) |
	       (vmcs_readl(VMCS_CR0_READ_SHADOW) & v->cr0_mask);
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

static int set_cr0(struct vcpu *v, uint64_t val)
{
	const struct vmx_caps *c = v->caps;
	uint64_t old = guest_cr0(v);
	uint64_t efer;

	/* SDM vol. 2A, MOV CR: #GP for reserved bits, PG without PE, NW
	 * without CD. */
	if ((val & CR0_RESERVED) || ((val & CR0_PG) && !(val & CR0_PE)) ||
	    ((val & CR0_NW) && !(val & CR0_CD)))
		return inject_gp(v);

	if ((val ^ old) & CR0_PG) {
		efer = vmcs_read64(VMCS_GUEST_IA32_EFER);
		if ((val & CR0_PG) && (efer & EFER_LME)) {
			/* SDM vol. 3, 10.8.5: IA-32e mode needs PAE. */
			if (!(vmcs_readl(VMCS_GUEST_CR4) & CR4_PAE))
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
	}
	vmcs_writel(VMCS_CR0_READ_SHADOW, val);
	vmcs_writel(VMCS_GUEST_CR0, (val | (c->cr0_fixed0 & ~(CR0_PE | CR0_PG))) &
		    c->cr0_fixed1);
	vcpu_skip_instruction(v);
	return 1;
}

static int set_cr4(struct vcpu *v, uint64_t val)
{
	const struct vmx_caps *c = v->caps;
	uint64_t denied = policy_cr4_denied() | CR4_VMXE;

	if ((val & denied) || (val & ~c->cr4_fixed1 & ~c->cr4_fixed0)) {
		policy_deny(v, "CR4 bits", val & (denied | ~c->cr4_fixed1),
			    "#GP injected");
		return inject_gp(v);
	}
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
