/*
 * linear.c - guest memory as an emulated instruction reaches it (see
 * linear.h): segmentation, the page walk part by part, guest RAM or a
 * device.
 *
 * The VM exit of a string I/O instruction comes before any of its memory
 * checks (the CPU checks only the I/O permission first, SDM vol. 3,
 * 26.1.1), so every check the CPU would make on the element is made
 * here, in the CPU's order: segment, then paging for every byte, and all
 * of it before the port is touched (as Bochs does: a fault must leave
 * the device as it was).
 */
#include "linear.h"

#include <stdio.h>
#include <string.h>

#include "io.h"
#include "msr.h"
#include "vmx_defs.h"
#include "vmx_ops.h"

/* The widths of a canonical address (SDM vol. 3, 3.3.7.1, 4.5). */
/* The last offset of an expand-down segment (SDM vol. 3, 3.4.5.1). */
#define EXPAND_DOWN_TOP_BIG	0xffffffffull	/* D/B = 1 */
#define EXPAND_DOWN_TOP_SMALL	0xffffull

struct seg_cache {
	uint64_t base;
	uint32_t limit;		/* in bytes, as VMX keeps it (25.4.1) */
	uint32_t ar;
};

#define SEG_READ(s)							\
	case X86_SEG_##s:						\
		c->base = vmcs_readl(VMCS_GUEST_##s##_BASE);		\
		c->limit = vmcs_read32(VMCS_GUEST_##s##_LIMIT);		\
		c->ar = vmcs_read32(VMCS_GUEST_##s##_AR_BYTES);		\
		break;

static void seg_read(enum x86_seg seg, struct seg_cache *c)
{
	switch (seg) {
	SEG_READ(ES)
	SEG_READ(CS)
	SEG_READ(SS)
	SEG_READ(DS)
	SEG_READ(FS)
	SEG_READ(GS)
	default:			/* no such register: none to use */
		c->base = 0;
		c->limit = 0;
		c->ar = AR_UNUSABLE;
		break;
	}
}

/* A segment check failed: #SS(0) for the stack segment, #GP(0) for the
 * others (SDM vol. 2B, INS and OUTS, "Protected Mode Exceptions"). */
static enum lin_result seg_fault(struct vcpu *v, enum x86_seg seg)
{
	vcpu_inject_exception(v, seg == X86_SEG_SS ? VEC_SS : VEC_GP, 1, 0);
	return LIN_FAULT;
}

static int canonical(uint64_t a, unsigned int bits)
{
	return (uint64_t)((int64_t)(a << (64 - bits)) >> (64 - bits)) == a;
}

enum lin_result lin_address(struct vcpu *v, const struct gpt_ctx *c,
			    enum x86_seg seg, uint64_t off, unsigned int size,
			    unsigned int acc, uint64_t *gla)
{
	uint64_t last = off + size - 1;
	struct seg_cache s;
	uint32_t type;

	if ((c->efer & EFER_LMA) &&
	    (vmcs_read32(VMCS_GUEST_CS_AR_BYTES) & AR_L)) {
		/*
		 * 64-bit mode: no limits, bases of FS and GS only (3.4.4).
		 * An ES, CS, SS or DS prefix is ignored (vol. 1, 3.3.7.1),
		 * so an explicit operand is DS's or ES's, and faults #GP.
		 */
		unsigned int bits = (c->cr4 & CR4_LA57) ? LINEAR_BITS_5LEVEL
						       : LINEAR_BITS_4LEVEL;
		uint64_t base = 0;

		if (seg == X86_SEG_FS)
			base = vmcs_readl(VMCS_GUEST_FS_BASE);
		else if (seg == X86_SEG_GS)
			base = vmcs_readl(VMCS_GUEST_GS_BASE);
		else
			seg = X86_SEG_DS;
		*gla = base + off;
		if (!canonical(*gla, bits) || !canonical(*gla + size - 1, bits))
			return seg_fault(v, seg);
		return LIN_OK;
	}
	seg_read(seg, &s);
	type = AR_TYPE(s.ar);
	/* Protected mode checks the type, and a null selector (unusable,
	 * 25.4.1); real and virtual-8086 mode only the limit, with the
	 * cached attributes (20.1.1). */
	if ((c->cr0 & CR0_PE) &&
	    !(vmcs_readl(VMCS_GUEST_RFLAGS) & RFLAGS_VM)) {
		if (s.ar & AR_UNUSABLE)
			return seg_fault(v, seg);
		if ((acc & GPT_WRITE) ? (type & AR_TYPE_CODE) ||
					!(type & AR_TYPE_DATA_W)
				      : (type & AR_TYPE_CODE) &&
					!(type & AR_TYPE_CODE_R))
			return seg_fault(v, seg);
	}
	if (!(type & AR_TYPE_CODE) && (type & AR_TYPE_DATA_E)) {
		uint64_t top = (s.ar & AR_DB) ? EXPAND_DOWN_TOP_BIG
					      : EXPAND_DOWN_TOP_SMALL;

		if (off <= s.limit || last > top)
			return seg_fault(v, seg);
	} else if (last > s.limit) {
		return seg_fault(v, seg);
	}
	*gla = (s.base + off) & 0xffffffffull;
	return LIN_OK;
}

void lin_violation(struct vcpu *v, const char *access, uint64_t gpa,
		   uint64_t gla, const char *what)
{
	uart_flush();
	printf("vmm: sandbox violation: guest %s %s of guest-physical 0x%lx "
	       "(outside guest RAM, no device), linear address 0x%lx at "
	       "guest RIP 0x%lx\n", what, access, gpa, gla,
	       vmcs_readl(VMCS_GUEST_RIP));
	vcpu_stop(v, VMM_EXIT_GUEST_VIOLATION);
}

enum lin_result lin_translate(struct vcpu *v, const struct gpt_ctx *c,
			      uint64_t gla, unsigned int size,
			      unsigned int acc, const char *what,
			      struct lin_access *a)
{
	unsigned int first = PAGE_SIZE_4K - (unsigned int)(gla &
							   (PAGE_SIZE_4K - 1));
	const char *access = (acc & GPT_WRITE) ? "write" : "read";
	unsigned int i;

	a->parts = size > first ? 2 : 1;
	a->dev = NULL;
	a->part[0].gla = gla;
	a->part[0].len = a->parts == 2 ? first : size;
	if (a->parts == 2) {
		a->part[1].gla = gla + first;
		if (!(c->efer & EFER_LMA))	/* 32-bit linear space */
			a->part[1].gla &= 0xffffffffull;
		a->part[1].len = size - first;
	}
	for (i = 0; i < a->parts; i++) {
		int64_t r = gpt_walk(v, c, a->part[i].gla, &a->part[i].gpa);

		if (r == GPT_NO_RAM) {
			lin_violation(v, "page walk", a->part[i].gpa,
				      a->part[i].gla, what);
			return LIN_STOP;
		}
		if (r) {
			/* The host never uses CR2: it is the guest's. */
			write_cr2(a->part[i].gla);
			vcpu_inject_exception(v, VEC_PF, 1,
					      (uint32_t)r & ~GPT_FAULT);
			return LIN_FAULT;
		}
	}
	for (i = 0; i < a->parts; i++) {
		const struct mmio_device *dev;

		a->part[i].ram = guest_ram(v, a->part[i].gpa, a->part[i].len);
		if (a->part[i].ram)
			continue;
		/* A device takes an access whole, as MMIO emulation hands
		 * it one; half of one in RAM is no access it can take. */
		dev = mmio_find(a->part[i].gpa);
		if (dev && a->parts == 1) {
			a->dev = dev;
			continue;
		}
		lin_violation(v, access, a->part[i].gpa, a->part[i].gla, what);
		return LIN_STOP;
	}
	return LIN_OK;
}

void lin_read(struct vcpu *v, const struct lin_access *a, void *buf,
	      unsigned int size)
{
	uint64_t val;

	if (a->dev) {
		val = a->dev->read(v, a->part[0].gpa - a->dev->base, size);
		memcpy(buf, &val, size);
		return;
	}
	memcpy(buf, a->part[0].ram, a->part[0].len);
	if (a->parts == 2)
		memcpy((uint8_t *)buf + a->part[0].len, a->part[1].ram,
		       a->part[1].len);
}

void lin_write(struct vcpu *v, const struct lin_access *a, const void *buf,
	       unsigned int size)
{
	uint64_t val = 0;

	if (a->dev) {
		memcpy(&val, buf, size);
		a->dev->write(v, a->part[0].gpa - a->dev->base, size, val);
		return;
	}
	memcpy(a->part[0].ram, buf, a->part[0].len);
	if (a->parts == 2)
		memcpy(a->part[1].ram, (const uint8_t *)buf + a->part[0].len,
		       a->part[1].len);
}
