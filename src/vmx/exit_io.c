/*
 * exit_io.c - the I/O-instruction exit: IN, OUT, and their string forms
 * INS/OUTS with or without REP, emulated through the port table (dev/io.c).
 *
 * Exit qualification: SDM vol. 3, table 28-5. For string instructions the
 * CPU also gives the guest-linear address of the first element
 * (GUEST_LINEAR_ADDRESS, 28.2.1) and the address size in the
 * VM-exit instruction-information field (28.2.5, table 28-8).
 */
#include "exit.h"

#include <string.h>

#include "ept.h"
#include "gpt.h"
#include "io.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

#define INSN_INFO_ADDR_SIZE(i)	(((i) >> 7) & 7)	/* 0: 16, 1: 32, 2: 64 */

/* A register as the address size writes it: 16-bit writes keep bits
 * 63:16, 32-bit writes zero-extend (SDM vol. 1, 3.4.1.1). */
static uint64_t addr_reg(uint64_t old, uint64_t val, uint64_t mask)
{
	return mask == 0xffffull ? (old & ~mask) | (val & mask) : val & mask;
}

/*
 * INS/OUTS, with or without REP. The element address is the segment base
 * plus RSI/RDI wrapped to the address size (the first one is also in
 * GUEST_LINEAR_ADDRESS); memory goes through the guest's page tables at
 * the guest's CPL, and a fault there is the guest's #PF, with CR2 set as
 * the CPU would (the host never uses CR2, so the guest's value is the
 * register itself). At most STRING_IO_BATCH elements per exit: RIP stays
 * on the instruction until RCX is 0, so a huge count cannot hold the
 * host, and the guest resumes the REP where it stopped, as after an
 * interrupt (SDM vol. 2B, REP). With RFLAGS.TF the CPU traps after every
 * iteration (vol. 3, 18.3.1.4): one element per exit, then the
 * single-step #DB, RIP on the instruction until the last.
 */
#define STRING_IO_BATCH	4096

static int string_io(struct vcpu *v, struct io_qual io)
{
	unsigned int size = io.size, asz, n, batch;
	uint64_t mask, count, base, gpa, step, rflags;
	uint16_t port = io.port;
	int in = io.in;
	unsigned int idx = in ? VCPU_RDI : VCPU_RSI;
	struct gpt_ctx ctx;
	int64_t fault;

	asz = INSN_INFO_ADDR_SIZE(vmcs_read32(VMCS_VMX_INSTRUCTION_INFO));
	mask = asz == 0 ? 0xffffull : asz == 1 ? 0xffffffffull : ~0ull;
	count = io.rep ? v->regs.gpr[VCPU_RCX] & mask : 1;
	rflags = vmcs_readl(VMCS_GUEST_RFLAGS);
	step = (rflags & RFLAGS_DF) ? -(uint64_t)size : size;
	batch = (rflags & RFLAGS_TF) ? 1 : STRING_IO_BATCH;
	/* INS writes ES:RDI; OUTS reads DS:RSI (the first element's linear
	 * address tells the base, whatever segment override was used). */
	base = vmcs_readl(VMCS_GUEST_LINEAR_ADDRESS) -
	       (v->regs.gpr[idx] & mask);
	gpt_ctx_load(v, &ctx, in ? GPT_WRITE : 0);

	for (n = 0; count && n < batch; count--, n++) {
		uint64_t gla = base + (v->regs.gpr[idx] & mask);
		uint32_t val = 0;
		void *p;

		fault = gpt_walk(v, &ctx, gla, &gpa);
		if (fault > 0) {
			write_cr2(gla);
			vcpu_inject_exception(v, VEC_PF, 1,
					      (uint32_t)fault & ~GPT_FAULT);
			return 1;
		}
		if (fault || !(p = guest_ram(v, gpa, size))) {
			/* Guest paging or the buffer outside guest RAM: the
			 * CPU would have taken an EPT violation there. */
			vcpu_inject_exception(v, VEC_GP, 1, 0);
			return 1;
		}
		if (in) {
			val = io_in(v, port, size);
			memcpy(p, &val, size);
		} else {
			memcpy(&val, p, size);
			io_out(v, port, size, val);
		}
		v->regs.gpr[idx] = addr_reg(v->regs.gpr[idx],
					    v->regs.gpr[idx] + step, mask);
		if (io.rep)
			v->regs.gpr[VCPU_RCX] = addr_reg(v->regs.gpr[VCPU_RCX],
							 count - 1, mask);
		if (v->stopped)
			return 0;
	}
	if (!count)
		vcpu_skip_instruction(v);
	else if (rflags & RFLAGS_TF)
		vcpu_single_step();
	return 1;
}

int handle_io(struct vcpu *v)
{
	struct io_qual io = io_qual_decode(v->exit_qual);

	if (io.string)
		return string_io(v, io);
	if (io.in)
		v->regs.gpr[VCPU_RAX] = gpr_write_sized(v->regs.gpr[VCPU_RAX],
							io_in(v, io.port, io.size),
							io.size);
	else
		io_out(v, io.port, io.size, (uint32_t)v->regs.gpr[VCPU_RAX]);
	if (v->stopped)
		return 0;
	vcpu_skip_instruction(v);
	return 1;
}
