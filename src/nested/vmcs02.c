/*
 * vmcs02.c - vmcs02's controls from vmcs12's and L0's (see vmcs02.h).
 */
#include "vmcs02.h"

#include <string.h>

#include "controls.h"
#include "x86.h"

/*
 * What of L0's controls for L1 goes into vmcs02: its intercepts, and its
 * EPT and VPID. Not its APIC virtualization, TPR shadow, virtual NMIs or
 * posted interrupts, which act on L1's APIC and L1's NMI blocking and
 * would hand L2 L1's virtual-APIC page; not the "enable" controls
 * (RDTSCP, INVPCID, XSAVES), which decide what L2 may run, L1's to say.
 */
#define L0_PIN_FOR_L2	(PIN_BASED_EXT_INTR_EXITING | PIN_BASED_NMI_EXITING | \
			 PIN_BASED_PREEMPTION_TIMER)
#define L0_PROC_NOT_FOR_L2 (CPU_BASED_TPR_SHADOW | CPU_BASED_ACTIVATE_TERTIARY)
#define L0_PROC2_FOR_L2	(SECONDARY_ENABLE_EPT | SECONDARY_ENABLE_VPID |	\
			 SECONDARY_DESC_TABLE_EXITING |			\
			 SECONDARY_WBINVD_EXITING | SECONDARY_RDRAND_EXITING | \
			 SECONDARY_RDSEED_EXITING | SECONDARY_ENCLS_EXITING)

/* The VM-exit controls that concern the guest state saved at the exit:
 * L2's, so L1 decides them; L0 copies what was saved into vmcs12. */
#define EXIT_GUEST_SAVES	(VM_EXIT_SAVE_DEBUG_CONTROLS |		\
				 VM_EXIT_SAVE_IA32_PAT |		\
				 VM_EXIT_SAVE_IA32_EFER)

/* Whether @c takes no #PF at all: bit 14 set with a match outside the
 * mask, or clear with mask and match 0 (exit when (ec & 0) != 0). */
static int pf_never(const struct nested_ctls *c)
{
	if (c->exception_bitmap & (1u << VEC_PF))
		return (c->pf_ec_match & ~c->pf_ec_mask) != 0;
	return !c->pf_ec_mask && !c->pf_ec_match;
}

static void pf_take(struct nested_ctls *out, const struct nested_ctls *c)
{
	out->exception_bitmap = (out->exception_bitmap & ~(1u << VEC_PF)) |
				(c->exception_bitmap & (1u << VEC_PF));
	out->pf_ec_mask = c->pf_ec_mask;
	out->pf_ec_match = c->pf_ec_match;
}

void vmcs02_controls(const struct nested_ctls *l1,
		     const struct nested_ctls *l0, struct nested_ctls *out)
{
	uint32_t l1_proc2 = (l1->proc & CPU_BASED_ACTIVATE_SECONDARY) ?
			    l1->proc2 : 0;

	out->pin = l1->pin | (l0->pin & L0_PIN_FOR_L2);
	/* L0 reaches every port through its bitmaps: L1's unconditional
	 * I/O exiting becomes an all-ones bitmap (vmcs02_io_bitmap), as
	 * "use I/O bitmaps" overrides it (25.6.2). */
	out->proc = ((l1->proc | (l0->proc & ~L0_PROC_NOT_FOR_L2)) &
		     ~CPU_BASED_UNCOND_IO_EXITING) |
		    CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |
		    CPU_BASED_ACTIVATE_SECONDARY;
	out->proc2 = l1_proc2 | (l0->proc2 & L0_PROC2_FOR_L2);
	out->exit = (l0->exit & ~EXIT_GUEST_SAVES) |
		    (l1->exit & EXIT_GUEST_SAVES);
	/* Without a load, VM entry leaves L0's own EFER and PAT in L2
	 * (26.3.2.1 sets only EFER.LMA and LME): where L0 loads them for
	 * L1, vmcs02 loads them for L2 too, the caller computing L2's from
	 * vmcs12's guest fields or, unloaded there, L1's own. */
	out->entry = l1->entry | (l0->entry & (VM_ENTRY_LOAD_IA32_EFER |
					       VM_ENTRY_LOAD_IA32_PAT));
	out->exception_bitmap = l1->exception_bitmap | l0->exception_bitmap;
	/*
	 * A #PF exits by bit 14 of the bitmap and the error-code filter
	 * (25.6.3): no one filter is the union of two, so vmcs02 takes
	 * the other's where one wants no #PF at all, and else every #PF
	 * (L0 then applies both filters itself when it has one).
	 */
	if (pf_never(l0)) {
		pf_take(out, l1);
	} else if (pf_never(l1)) {
		pf_take(out, l0);
	} else {
		out->exception_bitmap |= 1u << VEC_PF;
		out->pf_ec_mask = 0;
		out->pf_ec_match = 0;
	}
	out->cr0_mask = l1->cr0_mask | l0->cr0_mask;
	out->cr4_mask = l1->cr4_mask | l0->cr4_mask;
}

void vmcs02_io_bitmap(uint32_t l1_proc, const uint8_t *l1, const uint8_t *l0,
		      uint8_t *out)
{
	unsigned int i;

	if (l1_proc & CPU_BASED_USE_IO_BITMAPS) {
		for (i = 0; i < VMCS02_IO_BITMAP_SIZE; i++)
			out[i] = l1[i] | l0[i];
	} else if (l1_proc & CPU_BASED_UNCOND_IO_EXITING) {
		memset(out, 0xff, VMCS02_IO_BITMAP_SIZE);
	} else {
		memcpy(out, l0, VMCS02_IO_BITMAP_SIZE);
	}
}

void vmcs02_msr_bitmap(uint32_t l1_proc, const uint8_t *l1, const uint8_t *l0,
		       uint8_t *out)
{
	unsigned int i;

	if (!(l1_proc & CPU_BASED_USE_MSR_BITMAPS)) {
		memset(out, 0xff, VMCS02_MSR_BITMAP_SIZE);
		return;
	}
	for (i = 0; i < VMCS02_MSR_BITMAP_SIZE; i++)
		out[i] = l1[i] | l0[i];
}
