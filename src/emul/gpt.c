/*
 * gpt.c - the guest's page walk (see gpt.h), in the CPU's order: each
 * level's entry must be present (else #PF, P = 0), then free of reserved
 * bits (else #PF with RSVD); once the walk is complete the access rights
 * of all levels together decide (SDM vol. 3, 4.6). The 8-byte-entry
 * walk is gpt.h's, inline; here are the 32-bit one and the dispatch.
 */
#include "gpt.h"

#include "msr.h"
#include "vmx_ops.h"
#include "x86.h"

/* 32-bit paging: 4-byte entries, 10 bits a level, 4 MiB pages with
 * CR4.PSE (SDM vol. 3, 4.3), no XD. */
static int64_t walk_32bit(struct vcpu *v, const struct gpt_ctx *c,
			  uint64_t gla, uint64_t *gpa)
{
	uint64_t at = (c->cr3 & PTE32_ADDR) +
		      ((gla >> PT_SHIFT_PDE32) & (PT32_ENTRIES - 1)) * 4;
	uint32_t *pde = guest_ram(v, at, 4), *pte, e;
	uint64_t high;

	if (!pde) {
		*gpa = at;
		return GPT_NO_RAM;
	}
	e = *pde;
	if (!(e & PTE_P))
		return gpt_fault(c, 0);
	if ((e & PTE_PS) && (c->cr4 & CR4_PSE)) {
		high = (uint64_t)(e & PDE32_4M_HIGH) << PDE32_4M_HIGH_SHIFT;
		if ((e & PDE32_4M_RSVD) || (high & v->caps->phys_addr_rsvd))
			return gpt_fault(c, PF_ERR_P | PF_ERR_RSVD);
		*pde = e |= PTE_A;
		if (!gpt_allowed(c, !!(e & PTE_U), !!(e & PTE_W)))
			return gpt_fault(c, PF_ERR_P);
		if (c->acc & GPT_WRITE)
			*pde = e | PTE_D;
		*gpa = (e & PDE32_4M_ADDR) | high |
		       (gla & ((1u << PT_SHIFT_PDE32) - 1));
		return 0;
	}
	*pde = e |= PTE_A;
	at = (e & PTE32_ADDR) + ((gla >> PT_SHIFT_4K) & (PT32_ENTRIES - 1)) * 4;
	pte = guest_ram(v, at, 4);
	if (!pte) {
		*gpa = at;
		return GPT_NO_RAM;
	}
	if (!(*pte & PTE_P))
		return gpt_fault(c, 0);
	*pte |= PTE_A;
	if (!gpt_allowed(c, !!(e & *pte & PTE_U), !!(e & *pte & PTE_W)))
		return gpt_fault(c, PF_ERR_P);
	if (c->acc & GPT_WRITE)
		*pte |= PTE_D;
	*gpa = (*pte & PTE32_ADDR) | (gla & (PAGE_SIZE_4K - 1));
	return 0;
}

int64_t gpt_walk(struct vcpu *v, const struct gpt_ctx *c, uint64_t gla,
		 uint64_t *gpa)
{
	if (c->efer & EFER_LMA)
		return gpt_walk_wide(v, c, gla, gpa);
	gla &= 0xffffffffull;	/* linear addresses are 32 bits here */
	if (!(c->cr0 & CR0_PG)) {
		*gpa = gla;
		return 0;
	}
	if (c->cr4 & CR4_PAE)
		return gpt_walk_wide(v, c, gla, gpa);
	return walk_32bit(v, c, gla, gpa);
}
