/*
 * exit_io.c - the I/O-instruction exit: IN, OUT, and their string forms
 * INS/OUTS with or without REP, emulated through the port table (dev/io.c).
 *
 * Exit qualification: SDM vol. 3, table 28-5. For string instructions the
 * CPU also gives the address size and the segment in the VM-exit
 * instruction-information field (28.2.5, table 28-8); the elements'
 * addresses come from RSI/RDI and the segment, as the CPU forms them.
 */
#include "exit.h"

#include <stdio.h>

#include "exit_qual.h"
#include "io.h"
#include "linear.h"
#include "vmx_defs.h"
#include "vmx_ops.h"
#include "x86.h"

/* A register as the address size writes it: 16-bit writes keep bits
 * 63:16, 32-bit writes zero-extend (SDM vol. 1, 3.4.1.1). */
static uint64_t addr_reg(uint64_t old, uint64_t val, uint64_t mask)
{
	return mask == 0xffffull ? (old & ~mask) | (val & mask) : val & mask;
}

/*
 * INS/OUTS, with or without REP. Each element is checked as the CPU
 * would before the port is touched (linear.c: the segment, ES for INS,
 * DS or the override for OUTS; then the page walk of every byte with the
 * rights of the access at the guest's CPL; then guest RAM or a device),
 * so an element that crosses a page reaches each page through the
 * guest's own tables, and an exception leaves the registers at the
 * element that raised it (SDM vol. 2B, REP). At most STRING_IO_BATCH
 * elements per exit: RIP stays on the instruction until RCX is 0, so a
 * huge count cannot hold the host, and the guest resumes the REP where
 * it stopped, as after an interrupt. With RFLAGS.TF the CPU traps after
 * every iteration (vol. 3, 18.3.1.4): one element per exit, then the
 * single-step #DB, RIP on the instruction until the last.
 */
#define STRING_IO_BATCH	4096

static int string_io(struct vcpu *v, struct io_qual io)
{
	unsigned int size = io.size, acc = io.in ? GPT_WRITE : 0, n, batch;
	uint32_t info = vmcs_read32(VMCS_VMX_INSTRUCTION_INFO);
	unsigned int idx = io.in ? VCPU_RDI : VCPU_RSI;
	enum x86_seg seg = io.in ? X86_SEG_ES : INSN_INFO_SEG(info);
	unsigned int asz = INSN_INFO_ADDR_SIZE(info);
	uint64_t mask = asz == 0 ? 0xffffull : asz == 1 ? 0xffffffffull : ~0ull;
	uint64_t rflags = vmcs_readl(VMCS_GUEST_RFLAGS);
	uint64_t count = io.rep ? v->regs.gpr[VCPU_RCX] & mask : 1;
	uint64_t step = (rflags & RFLAGS_DF) ? -(uint64_t)size : size;
	const char *what = io.in ? "string I/O (INS)" : "string I/O (OUTS)";
	struct gpt_ctx ctx;

	/* Without IA32_VMX_BASIC[54] the CPU leaves the segment and the
	 * address size out (SDM vol. 3, 28.2.5, A.1). */
	if (!(v->caps->basic & VMX_BASIC_INOUT_INFO)) {
		uart_flush();
		printf("vmm: string I/O at guest RIP 0x%lx, but this CPU gives "
		       "no INS/OUTS instruction information "
		       "(IA32_VMX_BASIC[54] = 0)\n",
		       vmcs_readl(VMCS_GUEST_RIP));
		vcpu_stop(v, VMM_EXIT_UNHANDLED_EXIT);
		return 0;
	}
	if (seg > X86_SEG_GS) {
		vcpu_inject_exception(v, VEC_UD, 0, 0);
		return 1;
	}
	gpt_ctx_load(v, &ctx, acc);
	batch = (rflags & RFLAGS_TF) ? 1 : STRING_IO_BATCH;
	for (n = 0; count && n < batch; count--, n++) {
		struct lin_access a;
		uint32_t val = 0;
		uint64_t gla;
		enum lin_result r;

		r = lin_address(v, &ctx, seg, v->regs.gpr[idx] & mask, size,
				acc, &gla);
		if (r == LIN_OK)
			r = lin_translate(v, &ctx, gla, size, acc, what, &a);
		if (r != LIN_OK)
			return r == LIN_FAULT;
		if (io.in) {
			val = io_in(v, io.port, size);
			lin_write(v, &a, &val, size);
		} else {
			lin_read(v, &a, &val, size);
			io_out(v, io.port, size, val);
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
