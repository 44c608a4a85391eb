/*
 * mmio_emul.c - behind an EPT-violation exit: an access to an emulated
 * device's page is carried out by decoding the guest's instruction
 * (decode.c) and calling the device; any other guest-physical address
 * outside guest RAM is a sandbox violation that ends the guest with a
 * report.
 *
 * An EPT violation gives the guest-physical address and the kind of
 * access (SDM vol. 3, 28.2.1, table 28-7) but neither the register nor
 * the instruction length (VM_EXIT_INSTRUCTION_LEN is not defined for this
 * exit, 28.2.5), so the instruction is fetched through the guest's page
 * tables and decoded here.
 *
 * Room src/emul: instruction emulation: the decoder, MMIO emulation and
 * the guest page walk. It may include the rooms up to src/dev, never
 * src/vmx: the exit handlers call it, not the other way.
 */
#include "mmio_emul.h"

#include <stdio.h>
#include <string.h>

#include "controls.h"
#include "decode.h"
#include "exit_qual.h"
#include "gpt.h"
#include "io.h"
#include "linear.h"
#include "mmio.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

/* The VMREADs on the path the fastpath takes are the unchecked *_fast
 * ones (vmx_ops.h: fields that always exist); the reports use the
 * checked ones. */
#define MAX_INSN	15
#define FETCH_BYTES	16

/* The default operand/address size of the guest's code: 64-bit mode is
 * IA-32e (our copy of the entry controls says so) with CS.L; elsewhere
 * CS.D decides, in real mode too (the CPU uses the cached attributes;
 * VM entry keeps virtual-8086 mode's CS 16-bit, 26.3.1.2). */
static enum insn_mode code_mode(const struct vcpu *v)
{
	uint32_t ar = vmcs_read32_fast(VMCS_GUEST_CS_AR_BYTES);

	if ((v->entry_ctls & VM_ENTRY_IA32E_MODE) && (ar & AR_L))
		return INSN_MODE_64;
	return (ar & AR_DB) ? INSN_MODE_32 : INSN_MODE_16;
}

/* Where and why fetch() stopped short of MAX_INSN bytes. */
struct fetch_stop {
	int64_t walk;		/* the walk's verdict there: a #PF or
				 * GPT_NO_RAM; 0: the page is no RAM */
	uint64_t gla, gpa;
};

/*
 * Copy up to MAX_INSN bytes at guest RIP (16 when they are in one page,
 * copied as two quadwords), page by page, each translated as the
 * instruction fetch it is, at the guest's CPL (U/S, XD, SMEP: gpt.c).
 * The linear address is CS.base + RIP, wrapped to 32 bits outside 64-bit
 * mode, where the CS base is 0 and not read (SDM vol. 3, 3.4.4). The CPU
 * has fetched these bytes already; a walk that now refuses them means
 * the guest changed its tables since, and is the guest's #PF. Returns
 * the bytes fetched; a page that stops the fetch (*@stop) is the
 * caller's to judge: the instruction may end before it.
 */
static size_t fetch(struct vcpu *v, uint64_t rip, enum insn_mode mode,
		    uint8_t *buf, struct fetch_stop *stop)
{
	uint64_t gla = rip, gpa;
	struct gpt_ctx ctx;
	size_t got = 0;
	void *p;

	if (mode != INSN_MODE_64)
		gla = (vmcs_readl(VMCS_GUEST_CS_BASE) + rip) & 0xffffffffull;
	gpt_ctx_load(v, &ctx, GPT_FETCH);
	if ((gla & (PAGE_SIZE_4K - 1)) <= PAGE_SIZE_4K - FETCH_BYTES &&
	    !(mode == INSN_MODE_64 ? gpt_walk_wide(v, &ctx, gla, &gpa)
				   : gpt_walk(v, &ctx, gla, &gpa)) &&
	    (p = guest_ram(v, gpa, FETCH_BYTES))) {
		/* -ffreestanding makes memcpy a call; 16 bytes are two moves. */
		__builtin_memcpy(buf, p, FETCH_BYTES);
		return MAX_INSN;
	}
	memset(buf, 0, FETCH_BYTES);	/* what a short fetch leaves is 0 */

	while (got < MAX_INSN) {
		uint64_t at = gla + got;
		size_t chunk;

		if (mode != INSN_MODE_64)
			at &= 0xffffffffull;
		chunk = PAGE_SIZE_4K - (at & (PAGE_SIZE_4K - 1));
		if (chunk > MAX_INSN - got)
			chunk = MAX_INSN - got;
		stop->gla = at;
		stop->walk = gpt_walk(v, &ctx, at, &stop->gpa);
		if (stop->walk)
			break;
		p = guest_ram(v, stop->gpa, chunk);
		if (!p)
			break;
		memcpy(buf + got, p, chunk);
		got += chunk;
	}
	return got;
}

static uint64_t size_mask(unsigned int size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Write a loaded value to its register as the CPU would (gpr_write_sized),
 * AH-BH into bits 15:8. */
static void load_register(struct vcpu *v, const struct mmio_insn *in,
			  uint64_t val)
{
	unsigned int dst = in->dst_size ? in->dst_size : in->size;
	uint64_t old;
	int reg = in->reg;

	val &= size_mask(in->size);	/* the device's width, then extend */
	if (in->sign_extend) {
		unsigned int shift = 64 - in->size * 8;

		val = (uint64_t)((int64_t)(val << shift) >> shift);
	}
	if (in->high_byte) {
		reg -= 4;
		old = vcpu_reg_read(v, (unsigned int)reg);
		vcpu_reg_write(v, (unsigned int)reg,
			       (old & ~0xff00ull) | ((val & 0xff) << 8));
		return;
	}
	old = dst < 4 ? vcpu_reg_read(v, (unsigned int)reg) : 0;
	vcpu_reg_write(v, (unsigned int)reg, gpr_write_sized(old, val, dst));
}

static uint64_t store_value(struct vcpu *v, const struct mmio_insn *in)
{
	uint64_t val;

	if (in->has_imm)
		return in->imm & size_mask(in->size);
	if (in->high_byte)
		return (vcpu_reg_read(v, (unsigned int)in->reg - 4) >> 8) & 0xff;
	val = vcpu_reg_read(v, (unsigned int)in->reg);
	return val & size_mask(in->size);
}

static int violation(struct vcpu *v, uint64_t gpa, uint64_t q)
{
	uart_flush();
	printf("vmm: sandbox violation: guest %s of guest-physical 0x%lx "
	       "(outside guest RAM, no device)", ept_access_name(q), gpa);
	if (q & EPT_VIOL_GLA_VALID)
		printf(", linear address 0x%lx",
		       vmcs_readl(VMCS_GUEST_LINEAR_ADDRESS));
	printf(" at guest RIP 0x%lx\n", vmcs_readl(VMCS_GUEST_RIP));
	vcpu_stop(v, VMM_EXIT_GUEST_VIOLATION);
	return 0;
}

/*
 * The last decoded instruction, reused when the same bytes come again in
 * the same mode (a driver's MMIO accesses repeat): decoding is a pure
 * function of bytes and mode, so the cache is never stale.
 */
static struct {
	uint64_t bytes[2];
	enum insn_mode mode;
	size_t len;
	struct mmio_insn in;
} decoded;

static int decode(const uint8_t *buf, size_t len, enum insn_mode mode,
		  struct mmio_insn *in)
{
	uint64_t b[2];

	__builtin_memcpy(b, buf, sizeof(b));
	if (b[0] == decoded.bytes[0] && b[1] == decoded.bytes[1] &&
	    mode == decoded.mode && len == decoded.len && decoded.in.len) {
		*in = decoded.in;
		return 0;
	}
	if (insn_decode_mmio(buf, len, mode, in))
		return -1;
	decoded.bytes[0] = b[0];
	decoded.bytes[1] = b[1];
	decoded.mode = mode;
	decoded.len = len;
	decoded.in = *in;
	return 0;
}

/*
 * The fetch stopped at a page before MAX_INSN bytes and what it got does
 * not decode: if the instruction would decode with the bytes of that
 * page (zeros stand for them), it needs that page, and the CPU's fetch
 * of it would have ended as the walk now does: a #PF, with CR2 at the
 * page, or the sandbox violation of a page (or paging structure) outside
 * guest RAM. Otherwise the instruction is complete and not ours to
 * emulate: returns 0.
 */
static int fetch_stopped(struct vcpu *v, const struct fetch_stop *stop,
			 size_t got, const uint8_t *buf, enum insn_mode mode)
{
	struct x86_insn in;

	if (got && (insn_decode(buf, MAX_INSN, mode, &in) || in.len <= got))
		return 0;
	if (stop->walk == GPT_NO_RAM || !stop->walk) {
		lin_violation(v, stop->walk ? "page walk" : "fetch", stop->gpa,
			      stop->gla, "MMIO instruction");
		return 1;
	}
	write_cr2(stop->gla);
	vcpu_inject_exception(v, VEC_PF, 1, (uint32_t)stop->walk & ~GPT_FAULT);
	return 1;
}

/* Registers the fastpath may not touch (asm/vmenter.S keeps them live). */
#define LIVE_REGS	((1u << VCPU_RBP) | (1u << VCPU_R12) | (1u << VCPU_R13) | \
			 (1u << VCPU_R14) | (1u << VCPU_R15))

int mmio_emulate(struct vcpu *v, uint64_t gpa, int fast)
{
	const struct mmio_device *dev = mmio_find(gpa);
	uint64_t rip = vmcs_readl_fast(VMCS_GUEST_RIP);
	struct mmio_insn in;
	uint8_t buf[FETCH_BYTES];
	struct fetch_stop stop;
	enum insn_mode mode;
	size_t len;

	/*
	 * Only a data access by the instruction itself to its final address
	 * (linear address valid and the translation's target: SDM vol. 3,
	 * table 28-7 bits 7 and 8) can be emulated; a guest page-table walk
	 * that reaches a device page, or code fetched from one, is a
	 * violation like any other.
	 */
	if (dev && (v->exit_qual & (EPT_VIOL_GLA_VALID | EPT_VIOL_GLA_FINAL |
				    EPT_VIOL_FETCH)) !=
		   (EPT_VIOL_GLA_VALID | EPT_VIOL_GLA_FINAL))
		dev = NULL;
	if (!dev)
		return fast ? MMIO_SLOW : violation(v, gpa, v->exit_qual);
	/*
	 * An EPT violation while the CPU was delivering an event (SDM vol.
	 * 3, 28.2.4: IDT-vectoring information valid) is the CPU's own
	 * access, to the guest's stack or IDT, not the instruction at RIP:
	 * there is nothing to decode. A device page is no place for either.
	 */
	if (vmcs_read32_fast(VMCS_IDT_VECTORING_INFO_FIELD) & INTR_INFO_VALID) {
		if (fast)
			return MMIO_SLOW;
		uart_flush();
		printf("vmm: sandbox violation: event delivery touched %s at "
		       "0x%lx (a stack or IDT on a device page)\n", dev->name,
		       gpa);
		vcpu_stop(v, VMM_EXIT_GUEST_VIOLATION);
		return MMIO_DONE;
	}
	mode = code_mode(v);
	len = fetch(v, rip, mode, buf, &stop);
	if (decode(buf, len, mode, &in)) {
		if (fast)
			return MMIO_SLOW;
		if (!mmio_emulate_full(v, dev, gpa, rip, buf, len, mode))
			return MMIO_DONE;
		if (len < MAX_INSN && fetch_stopped(v, &stop, len, buf, mode))
			return MMIO_DONE;
		mmio_undecodable(v, dev, gpa, rip, buf);
		return MMIO_DONE;
	}
	if (fast && in.reg >= 0 &&
	    (LIVE_REGS >> (in.high_byte ? in.reg - 4 : in.reg)) & 1)
		return MMIO_SLOW;
	if (in.write)
		dev->write(v, gpa - dev->base, in.size, store_value(v, &in));
	else
		load_register(v, &in, dev->read(v, gpa - dev->base, in.size));
	vcpu_advance_rip(v, rip, in.len);
	return MMIO_DONE;
}
