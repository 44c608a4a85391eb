/*
 * gpt.h - the guest's page walk, as the CPU makes it, for the accesses
 * the hypervisor makes on the guest's behalf (string I/O, the MMIO
 * instruction fetch): every paging mode the guest can enter, with the
 * CPU's access rights and #PF error code.
 *
 * The walk is a pure function of a snapshot of the guest's paging state
 * (struct gpt_ctx), the CPU's paging features (v->caps: MAXPHYADDR,
 * 1 GiB pages) and guest memory, so the host unit tests
 * (tests/unit/test_gpt.c) drive it with a fake guest memory;
 * gpt_ctx_load() takes the snapshot from the current VMCS.
 */
#ifndef GPT_H
#define GPT_H

#include <stdint.h>

#include "msr.h"
#include "vcpu.h"
#include "x86.h"

/* The access (SDM vol. 3, 4.6): a data read unless one of these. */
#define GPT_WRITE	1u	/* a data write */
#define GPT_FETCH	2u	/* an instruction fetch */

/*
 * What the walk returns: 0 and the guest-physical address; GPT_FAULT with
 * the #PF error code (SDM vol. 3, 4.7) in the low bits; or GPT_NO_RAM
 * when a paging structure lies outside guest RAM (the CPU would take an
 * EPT violation there), with the structure's address in *gpa.
 */
#define GPT_FAULT	0x80000000u
#define GPT_NO_RAM	(-1)

/*
 * The guest's paging state at one exit, for one kind of access. CR0,
 * CR3, CR4 and EFER as the CPU runs the guest (the guest owns every bit
 * the walk reads: PG and the CR4 bits the policy denies aside, and PG is
 * the guest's own value in GUEST_CR0, cr_access.c). @pdpte: PAE paging's
 * four PDPTEs as the CPU loaded them at the last MOV to CR0/CR3/CR4 (SDM
 * vol. 3, 4.4.1; with EPT the VMCS holds them, 28.3.4), not as they are
 * in memory now. The rest follows from those and the access
 * (gpt_ctx_access()).
 */
struct gpt_ctx {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t pdpte[PAE_PDPTES];
	unsigned int cpl;	/* 3: user-mode accesses (SDM vol. 3, 4.6) */
	int ac;			/* RFLAGS.AC, for SMAP */
	unsigned int acc;	/* GPT_WRITE, GPT_FETCH or 0, a read */
	uint64_t rsvd;		/* reserved bits of every 8-byte entry */
	uint64_t check, need;	/* (entry & check) == need: as wanted */
};

/*
 * Derive the access's part of @c from its paging state and the CPU's
 * (MAXPHYADDR, @caps): the reserved bits of an 8-byte entry (bits
 * 51:MAXPHYADDR, and XD without EFER.NXE: tables 4-14 to 4-20) and, for
 * the walk's one test a level, the bits it checks: present, U/S for a
 * user-mode access, R/W for a user-mode write or a supervisor write with
 * CR0.WP (4.6), XD for a fetch, the reserved bits.
 */
static inline void gpt_ctx_access(struct gpt_ctx *c,
				  const struct vmx_caps *caps,
				  unsigned int acc)
{
	int user = c->cpl == 3;

	c->acc = acc;
	c->rsvd = caps->phys_addr_rsvd | ((c->efer & EFER_NXE) ? 0 : PTE_NX);
	c->need = PTE_P | (user ? PTE_U : 0) |
		  ((acc & GPT_WRITE) && (user || (c->cr0 & CR0_WP)) ?
		   PTE_W : 0);
	c->check = c->need | c->rsvd | ((acc & GPT_FETCH) ? PTE_NX : 0);
}

/*
 * Snapshot the paging state of the current VMCS for accesses of kind
 * @acc: fields the walk cannot need for them (CR0 in IA-32e mode but for
 * WP on a write, AC for a fetch, the PDPTEs outside PAE paging) are not
 * read. Inline: the MMIO fastpath's fetch takes one per exit, and @acc
 * is a constant there.
 */
static inline void gpt_ctx_load(struct vcpu *v, struct gpt_ctx *c,
				unsigned int acc)
{
	/* In IA-32e mode paging is on (SDM vol. 3, 4.1.1); our copy of the
	 * "IA-32e mode guest" entry control tells the mode. */
	int ia32e = !!(v->entry_ctls & VM_ENTRY_IA32E_MODE);

	c->cr0 = (ia32e && !(acc & GPT_WRITE)) ? CR0_PG | CR0_PE
					       : vmcs_readl(VMCS_GUEST_CR0);
	c->cr3 = vmcs_readl(VMCS_GUEST_CR3);
	c->cr4 = vmcs_readl(VMCS_GUEST_CR4);
	c->efer = vmcs_read64(VMCS_GUEST_IA32_EFER);
	c->cpl = vcpu_cpl();
	c->ac = (acc & GPT_FETCH) ? 0 :
		!!(vmcs_readl(VMCS_GUEST_RFLAGS) & RFLAGS_AC);
	if (!ia32e && (c->cr0 & CR0_PG) && (c->cr4 & CR4_PAE)) {
		c->pdpte[0] = vmcs_read64(VMCS_GUEST_PDPTR0);
		c->pdpte[1] = vmcs_read64(VMCS_GUEST_PDPTR1);
		c->pdpte[2] = vmcs_read64(VMCS_GUEST_PDPTR2);
		c->pdpte[3] = vmcs_read64(VMCS_GUEST_PDPTR3);
	}
	gpt_ctx_access(c, v->caps, acc);
}

/*
 * The walk's parts: gpt_walk() below is the entry; the 8-byte-entry walk
 * is inline so that the MMIO fastpath's instruction fetch, in 64-bit
 * mode, calls gpt_walk_wide() directly (a call and a context kept in
 * memory cost two thirds of the fetch's walk).
 */

/*
 * The #PF error code (SDM vol. 3, 4.7): W for a write, U for a user-mode
 * access, I/D for a fetch when SMEP is on or when PAE or 4/5-level
 * paging runs with EFER.NXE (only then can a fetch fault for being one).
 */
static inline int64_t gpt_fault(const struct gpt_ctx *c, uint32_t bits)
{
	uint32_t err = bits;

	if (c->acc & GPT_WRITE)
		err |= PF_ERR_W;
	if (c->cpl == 3)
		err |= PF_ERR_U;
	if ((c->acc & GPT_FETCH) &&
	    ((c->cr4 & CR4_SMEP) ||
	     ((c->cr4 & CR4_PAE) && (c->efer & EFER_NXE))))
		err |= PF_ERR_I;
	return GPT_FAULT | err;
}

/*
 * The rights of a whole translation without XD (SDM vol. 3, 4.6.1):
 * @user and @rw are set when U/S and R/W are 1 at every level (a
 * user-mode address; a writable one). User-mode accesses need U/S, and
 * R/W to write. Supervisor fetches from user-mode addresses are refused
 * by SMEP; supervisor data accesses to them by SMAP unless RFLAGS.AC = 1
 * (the accesses made here are explicit ones); supervisor writes need
 * R/W only with CR0.WP.
 */
static inline int gpt_allowed(const struct gpt_ctx *c, int user, int rw)
{
	if (c->cpl == 3)
		return user && (rw || !(c->acc & GPT_WRITE));
	if (c->acc & GPT_FETCH)
		return !(user && (c->cr4 & CR4_SMEP));
	if (user && (c->cr4 & CR4_SMAP) && !c->ac)
		return 0;
	return rw || !(c->acc & GPT_WRITE) || !(c->cr0 & CR0_WP);
}

/* The reserved bits of a large page's entry at level @shift beyond the
 * address's (tables 4-9, 4-16, 4-17): PS itself in a PML5E or PML4E,
 * and in a PDPTE where the CPU has no 1 GiB pages. */
static inline uint64_t gpt_large_rsvd(const struct vcpu *v,
				      unsigned int shift)
{
	if (shift >= PT_SHIFT_PML4)
		return PTE_PS;
	if (shift == PT_SHIFT_1G)
		return v->caps->page_1g ? PDPTE_1G_RSVD : PTE_PS;
	return PDE_2M_RSVD;
}

/*
 * PAE, 4-level and 5-level paging: 8-byte entries, 9 bits a level. One
 * test per level in the common case: c->check holds every bit the
 * access cares about and c->need their values (gpt_ctx_access()). A
 * mismatch is then sorted out: not present and reserved bits end the
 * walk at once; a missing right is a fault only once the walk is
 * complete, since a lower level that is not present or reserved decides
 * the error code first. An entry that is present and free of reserved
 * bits is used, and gets its accessed flag (4.8); the dirty flag only
 * for a write that passes.
 */
static inline int64_t gpt_walk_wide(struct vcpu *v, const struct gpt_ctx *c,
				    uint64_t gla, uint64_t *gpa)
{
	uint64_t check = c->check, rsvd = c->rsvd;
	/* U/S at every level, and P while no right is missing. */
	uint64_t table, e, all = PTE_U | PTE_P;
	/* guest_ram(v, at, 8)'s bound as one compare (the walk is the
	 * fetch's hot path): guest RAM is at least GUEST_MEM_MIN
	 * (cmdline.c), never under 8 bytes. */
	uint64_t last = v->guest_mem_size - sizeof(uint64_t);
	unsigned int shift;
	uint64_t *p;

	if (c->efer & EFER_LMA) {
		shift = (c->cr4 & CR4_LA57) ? PT_SHIFT_PML5 : PT_SHIFT_PML4;
		table = c->cr3 & PTE_ADDR;
	} else {
		/* The PDPTE registers hold no rights (table 4-8). */
		e = c->pdpte[(gla >> PT_SHIFT_1G) & (PAE_PDPTES - 1)];
		if (!(e & PTE_P))
			return gpt_fault(c, 0);
		table = e & PTE_ADDR;
		rsvd |= PTE_PAE_RSVD;
		check |= PTE_PAE_RSVD;
		shift = PT_SHIFT_2M;
	}
	for (;; shift -= PT_INDEX_BITS) {
		uint64_t at = table + ((gla >> shift) & (PT_ENTRIES - 1)) * 8;

		if (__builtin_expect(at > last, 0)) {
			*gpa = at;
			return GPT_NO_RAM;
		}
		p = (uint64_t *)(v->guest_mem + at);
		e = *p;
		all &= e;
		if (__builtin_expect((e & check) != c->need, 0)) {
			if (!(e & PTE_P))
				return gpt_fault(c, 0);
			if (e & rsvd)
				return gpt_fault(c, PF_ERR_P | PF_ERR_RSVD);
			all &= ~PTE_P;		/* a right is missing */
		}
		if (shift != PT_SHIFT_4K && (e & PTE_PS) &&
		    (e & gpt_large_rsvd(v, shift)))
			return gpt_fault(c, PF_ERR_P | PF_ERR_RSVD);
		if (!(e & PTE_A))
			*p = e |= PTE_A;
		if (shift == PT_SHIFT_4K || (e & PTE_PS))
			break;
		table = e & PTE_ADDR;
	}
	/* SMEP and SMAP: supervisor accesses to a user-mode address. */
	if (!(all & PTE_P) ||
	    (c->cpl != 3 && (all & PTE_U) && !gpt_allowed(c, 1, 1)))
		return gpt_fault(c, PF_ERR_P);
	if ((c->acc & GPT_WRITE) && !(e & PTE_D))
		*p = e | PTE_D;
	*gpa = (e & PTE_ADDR & ~((1ull << shift) - 1)) |
	       (gla & ((1ull << shift) - 1));
	return 0;
}

/*
 * Translate guest-linear @gla for the access of @c: no paging, 32-bit
 * paging with or without PSE (SDM vol. 3, 4.3), PAE paging (4.4), 4- and
 * 5-level paging (4.5); reserved bits (4.3-4.5), U/S, R/W with CR0.WP,
 * XD with EFER.NXE, SMEP, SMAP with RFLAGS.AC (4.6); accessed and dirty
 * flags as the CPU sets them (4.8). Protection keys, LASS and LAM are
 * not honoured: the policy keeps them off (policy_cr4_denied()). @gla is
 * taken as the CPU forms it (32 bits outside IA-32e mode; canonical in
 * it: the caller's check, 3.3.7.1).
 */
int64_t gpt_walk(struct vcpu *v, const struct gpt_ctx *c, uint64_t gla,
		 uint64_t *gpa);

#endif
