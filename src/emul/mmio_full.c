/*
 * mmio_full.c - the slow path's MMIO emulation: an instruction outside
 * the fastpath's MOV subset, decoded by insn_decode() and run by
 * emul_exec() with its memory bound to the device the EPT violation hit
 * (the operand), to guest memory through the guest's page walk (string
 * elements, linear.c) and to the guest's XMM registers (guest_xmm.S).
 *
 * The operand: the exit's guest-physical address is where the CPU's
 * access began (SDM vol. 3, 28.2.1: the address of the access that
 * caused the violation), so that address, less emul_op_delta() for a BT
 * with a register offset, is the operand's, and every part of the
 * operand the emulator touches must lie on the same device: a 16-byte
 * move that runs off the device's end is a sandbox violation, never an
 * access to whatever lies beyond.
 *
 * The checks the CPU makes before any memory access (CR0.EM/TS and
 * CR4.OSFXSR for SSE, LOCK legality, alignment for MOVAPS) were made by
 * the CPU already, or the access would not have exited; the emulator
 * keeps the alignment check for the bytes it decoded, in case the guest
 * rewrote the instruction meanwhile.
 */
#include "mmio_emul.h"

#include <stdio.h>
#include <string.h>

#include "emul.h"
#include "gpt.h"
#include "guest_xmm.h"
#include "io.h"
#include "linear.h"
#include "mmio.h"
#include "vmx_defs.h"
#include "vmx_ops.h"

struct full_ctx {
	struct vcpu *v;
	const struct mmio_device *dev;
	uint64_t base;			/* the operand's guest-physical address */
	struct gpt_ctx gpt[2];		/* for a read, for a write */
	int gpt_loaded[2];
};

static enum emul_status operand(struct full_ctx *c, int64_t delta,
				unsigned int size, uint64_t *val, int write)
{
	const struct mmio_device *dev = c->dev;
	uint64_t gpa = c->base + (uint64_t)delta, off = gpa - dev->base;

	if (off >= dev->size || size > dev->size - off) {
		uart_flush();
		printf("vmm: sandbox violation: guest MMIO operand at "
		       "guest-physical 0x%lx (%u bytes) runs past %s at guest "
		       "RIP 0x%lx\n", gpa, size, dev->name,
		       vmcs_readl(VMCS_GUEST_RIP));
		vcpu_stop(c->v, VMM_EXIT_GUEST_VIOLATION);
		return EMUL_STOP;
	}
	if (write)
		dev->write(c->v, off, size, *val);
	else
		*val = dev->read(c->v, off, size);
	return EMUL_OK;
}

static enum emul_status op_read(void *ctx, int64_t delta, unsigned int size,
				uint64_t *val)
{
	return operand(ctx, delta, size, val, 0);
}

static enum emul_status op_write(void *ctx, int64_t delta, unsigned int size,
				 uint64_t val)
{
	return operand(ctx, delta, size, &val, 1);
}

/* One string element through segmentation, the page walk and RAM or a
 * device (linear.c): the same checks in the CPU's order as string I/O. */
static enum emul_status element(struct full_ctx *c, enum x86_seg seg,
				uint64_t off, unsigned int size,
				unsigned int acc, struct lin_access *a)
{
	int w = !!(acc & GPT_WRITE);
	enum lin_result r;
	uint64_t gla;

	if (!c->gpt_loaded[w]) {
		gpt_ctx_load(c->v, &c->gpt[w], acc);
		c->gpt_loaded[w] = 1;
	}
	r = lin_address(c->v, &c->gpt[w], seg, off, size, acc, &gla);
	if (r == LIN_OK)
		r = lin_translate(c->v, &c->gpt[w], gla, size, acc,
				  "MMIO string", a);
	return r == LIN_OK ? EMUL_OK : r == LIN_FAULT ? EMUL_FAULT : EMUL_STOP;
}

static enum emul_status str_read(void *ctx, enum x86_seg seg, uint64_t off,
				 unsigned int size, uint64_t *val)
{
	struct lin_access a;
	enum emul_status s = element(ctx, seg, off, size, 0, &a);

	*val = 0;
	if (s == EMUL_OK)
		lin_read(((struct full_ctx *)ctx)->v, &a, val, size);
	return s;
}

static enum emul_status str_write(void *ctx, uint64_t off, unsigned int size,
				  uint64_t val, int check)
{
	struct lin_access a;
	enum emul_status s = element(ctx, X86_SEG_ES, off, size, GPT_WRITE,
				     &a);

	if (s == EMUL_OK && !check)
		lin_write(((struct full_ctx *)ctx)->v, &a, &val, size);
	return s;
}

static void xmm_read(void *ctx, unsigned int n, uint64_t v[2])
{
	(void)ctx;
	guest_xmm_read(n, v);
}

static void xmm_write(void *ctx, unsigned int n, const uint64_t v[2])
{
	(void)ctx;
	guest_xmm_write(n, v);
}

int mmio_emulate_full(struct vcpu *v, const struct mmio_device *dev,
		      uint64_t gpa, uint64_t rip, const uint8_t *buf,
		      size_t len, enum insn_mode mode)
{
	struct x86_insn insn, *in = &insn;
	struct full_ctx c = { .v = v, .dev = dev };
	struct emul_ops ops = {
		.ctx = &c, .op_read = op_read, .op_write = op_write,
		.str_read = str_read, .str_write = str_write,
		.xmm_read = xmm_read, .xmm_write = xmm_write,
		.op_gla = vmcs_readl(VMCS_GUEST_LINEAR_ADDRESS),
	};
	struct emul_regs r, old;
	unsigned int i;

	if (insn_decode(buf, len, mode, in))
		return -1;
	for (i = 0; i < EMUL_NR_GPRS; i++)
		r.gpr[i] = vcpu_reg_read(v, i);
	r.rflags = vmcs_readl(VMCS_GUEST_RFLAGS);
	old = r;
	c.base = gpa - (uint64_t)emul_op_delta(in, &r);

	switch (emul_exec(in, &r, &ops)) {
	case EMUL_GP:
		vcpu_inject_exception(v, VEC_GP, 1, 0);
		return 0;
	case EMUL_EVENT:
		if (v->stopped)
			return 0;
		break;			/* a string op keeps its progress */
	case EMUL_AGAIN:
		break;			/* RIP stays on the REP (emul.h) */
	case EMUL_DONE:
		vcpu_advance_rip(v, rip, in->len);
		break;
	}
	for (i = 0; i < EMUL_NR_GPRS; i++)
		if (r.gpr[i] != old.gpr[i])
			vcpu_reg_write(v, i, r.gpr[i]);
	if (r.rflags != old.rflags)
		vmcs_writel(VMCS_GUEST_RFLAGS, r.rflags);
	return 0;
}

/*
 * The sites already named: a guest that retries an instruction the
 * emulator does not know (its #UD handler returning to it) gets one line,
 * not one per try. A site is the RIP and the first 8 bytes there.
 */
#define UD_SITES	16

static struct {
	uint64_t rip, bytes;
} ud_sites[UD_SITES];
static unsigned int ud_sites_used, ud_sites_full;

void mmio_undecodable(struct vcpu *v, const struct mmio_device *dev,
		      uint64_t gpa, uint64_t rip, const uint8_t *buf)
{
	uint64_t bytes;
	unsigned int i;

	memcpy(&bytes, buf, sizeof(bytes));
	vcpu_inject_exception(v, VEC_UD, 0, 0);
	for (i = 0; i < ud_sites_used; i++)
		if (ud_sites[i].rip == rip && ud_sites[i].bytes == bytes)
			return;
	uart_flush();
	if (ud_sites_used == UD_SITES) {
		if (!ud_sites_full++)
			printf("vmm: more than %u guest instructions on MMIO "
			       "the emulator cannot do; the rest get #UD "
			       "unnamed\n", UD_SITES);
		return;
	}
	ud_sites[ud_sites_used].rip = rip;
	ud_sites[ud_sites_used].bytes = bytes;
	ud_sites_used++;
	printf("vmm: cannot emulate the instruction at guest RIP 0x%lx "
	       "touching %s at 0x%lx (bytes %02x %02x %02x %02x); "
	       "#UD injected\n", rip, dev->name, gpa, buf[0], buf[1], buf[2],
	       buf[3]);
}
