/*
 * gpt.c - guest page-table walks (see gpt.h). Paging structures: SDM
 * vol. 3, 4.3 (32-bit), 4.4 (PAE), 4.5 (4-level). Only presence and
 * writability are checked: the walk serves the hypervisor's own accesses
 * on the guest's behalf, which are made at the guest's privilege and
 * never execute. The MMIO fastpath walks through here, so the VMREADs
 * are the unchecked *_fast ones (vmx_ops.h: fields that always exist).
 */
#include "gpt.h"

#include "controls.h"
#include "msr.h"
#include "vmx_ops.h"
#include "x86.h"

/*
 * One paging-structure entry against the access (SDM vol. 3, 4.6): a
 * user access needs U/S = 1 at every level; a write needs R/W = 1 when
 * it is a user write or CR0.WP is set. Sets the accessed flag as the
 * walk would (4.8). Returns 0, or the #PF error code with GPT_FAULT.
 */
static uint32_t check_entry(uint64_t e, unsigned int acc, int wp)
{
	uint32_t err = ((acc & GPT_WRITE) ? PF_ERR_W : 0) |
		       ((acc & GPT_USER) ? PF_ERR_U : 0);

	if (!(e & PTE_P))
		return GPT_FAULT | err;
	if (((acc & GPT_USER) && !(e & PTE_U)) ||
	    ((acc & GPT_WRITE) && ((acc & GPT_USER) || wp) && !(e & PTE_W)))
		return GPT_FAULT | err | PF_ERR_P;
	return 0;
}

static int read_entry(struct vcpu *v, uint64_t gpa, int wide, uint64_t *e)
{
	void *p = guest_ram(v, gpa, wide ? 8 : 4);

	if (!p)
		return -1;
	*e = wide ? *(uint64_t *)p : *(uint32_t *)p;
	return 0;
}

/*
 * 4-level paging, the case that matters for speed. A guest in IA-32e mode
 * has CR0.PG = 1 and 4-level paging by definition (SDM vol. 3, 4.1.1),
 * and the "IA-32e mode guest" entry control we maintain says so without
 * a VMREAD. CR0.WP is read only for a write.
 */
static int64_t walk_4level(struct vcpu *v, uint64_t gla, unsigned int acc,
			   uint64_t *gpa)
{
	uint64_t table = vmcs_readl_fast(VMCS_GUEST_CR3) & PTE_ADDR;
	int wp = (acc & GPT_WRITE) &&
		 (vmcs_readl_fast(VMCS_GUEST_CR0) & CR0_WP);
	/* The bits every level must have for this access (SDM vol. 3, 4.6). */
	uint64_t need = PTE_P | ((acc & GPT_USER) ? PTE_U : 0) |
			((acc & GPT_WRITE) && ((acc & GPT_USER) || wp) ? PTE_W : 0);
	unsigned int shift;

	for (shift = 39; shift >= 12; shift -= 9) {
		uint64_t *p = guest_ram(v, table + ((gla >> shift) & 511) * 8, 8);
		uint64_t e;

		if (!p)
			return -1;
		e = *p;
		if ((e & need) != need)
			return check_entry(e, acc, wp);
		if (!(e & PTE_A))
			*p = e |= PTE_A;
		if (shift == 12 || (shift != 39 && (e & PTE_PS))) {
			if ((acc & GPT_WRITE) && !(e & PTE_D))
				*p = e | PTE_D;
			*gpa = (e & PTE_ADDR & ~((1ull << shift) - 1)) |
			       (gla & ((1ull << shift) - 1));
			return 0;
		}
		table = e & PTE_ADDR;
	}
	return -1;	/* not reached: the loop ends at a 4 KiB leaf */
}

int64_t gpt_translate(struct vcpu *v, uint64_t gla, unsigned int acc,
		      uint64_t *gpa)
{
	if (v->entry_ctls & VM_ENTRY_IA32E_MODE)
		return walk_4level(v, gla, acc, gpa);
	return gpt_translate_legacy(v, gla, acc, gpa);
}

/* Paging off, 32-bit and PAE paging (and, for completeness, 4-level). */
int64_t gpt_translate_legacy(struct vcpu *v, uint64_t gla, unsigned int acc,
			     uint64_t *gpa)
{
	uint64_t cr0 = vmcs_readl_fast(VMCS_GUEST_CR0);
	uint64_t cr3 = vmcs_readl_fast(VMCS_GUEST_CR3);
	uint64_t cr4 = vmcs_readl_fast(VMCS_GUEST_CR4);
	uint64_t efer = vmcs_read64_fast(VMCS_GUEST_IA32_EFER);
	uint64_t table, e = 0;
	int level, wide, bits;
	int wp = (acc & GPT_WRITE) && (cr0 & CR0_WP);
	uint32_t fault;

	if (!(cr0 & CR0_PG)) {
		*gpa = gla & 0xffffffffull;
		return 0;
	}
	if (efer & EFER_LMA) {
		level = 4; wide = 1; bits = 9;
		table = cr3 & PTE_ADDR;
	} else if (cr4 & CR4_PAE) {
		/* The four PDPTEs: 32-byte aligned at CR3[31:5]. */
		if (read_entry(v, (cr3 & 0xffffffe0ull) + ((gla >> 30) & 3) * 8,
			       1, &e) || !(e & PTE_P))
			return -1;
		level = 2; wide = 1; bits = 9;
		table = e & PTE_ADDR;
	} else {
		level = 2; wide = 0; bits = 10;
		table = cr3 & 0xfffff000ull;
	}

	for (; level > 0; level--) {
		unsigned int shift = 12 + bits * (level - 1);
		uint64_t idx = (gla >> shift) & ((1u << bits) - 1);

		if (read_entry(v, table + idx * (wide ? 8 : 4), wide, &e))
			return -1;
		fault = check_entry(e, acc, wp);
		if (fault)
			return fault;
		if (level > 1 && (e & PTE_PS) && (wide || (cr4 & CR4_PSE))) {
			uint64_t size = 1ull << shift;
			uint64_t base = wide ? e & PTE_ADDR & ~(size - 1)
					     : (e & 0xffc00000ull) |
					       ((e & 0x1fe000ull) << 19);

			*gpa = base | (gla & (size - 1));
			return 0;
		}
		table = wide ? e & PTE_ADDR : e & 0xfffff000ull;
	}
	*gpa = table | (gla & 0xfff);
	return 0;
}
