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
#include "vmx_ops.h"
#include "x86.h"

#define INSN_INFO_ADDR_SIZE(i)	(((i) >> 7) & 7)	/* 0: 16, 1: 32, 2: 64 */
#define RFLAGS_DF	(1ull << 10)
#define VEC_GP		13

static void set_reg_sized(uint64_t *reg, uint64_t val, unsigned int size)
{
	switch (size) {
	case 1: *reg = (*reg & ~0xffull) | (val & 0xff); break;
	case 2: *reg = (*reg & ~0xffffull) | (val & 0xffff); break;
	default: *reg = (uint32_t)val; break;	/* 32-bit writes zero-extend */
	}
}

static int string_io(struct vcpu *v, struct io_qual io)
{
	unsigned int size = io.size, asz;
	uint64_t mask, count, gla, step, gpa;
	uint16_t port = io.port;
	int in = io.in;
	unsigned int idx = in ? VCPU_RDI : VCPU_RSI;

	asz = INSN_INFO_ADDR_SIZE(vmcs_read32(VMCS_VMX_INSTRUCTION_INFO));
	mask = asz == 0 ? 0xffffull : asz == 1 ? 0xffffffffull : ~0ull;
	count = io.rep ? v->regs.gpr[VCPU_RCX] & mask : 1;
	step = (vmcs_readl(VMCS_GUEST_RFLAGS) & RFLAGS_DF) ? -(uint64_t)size
							   : size;
	gla = vmcs_readl(VMCS_GUEST_LINEAR_ADDRESS);

	for (; count; count--, gla += step) {
		void *p;
		uint32_t val = 0;

		if (gpt_translate(v, gla, in, &gpa) ||
		    !(p = guest_ram(v, gpa, size))) {
			/* A page fault would be the guest's to take; we do not
			 * emulate #PF delivery, so the guest gets #GP. */
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
		v->regs.gpr[idx] = (v->regs.gpr[idx] & ~mask) |
				   ((v->regs.gpr[idx] + step) & mask);
		if (io.rep)
			v->regs.gpr[VCPU_RCX] = (v->regs.gpr[VCPU_RCX] & ~mask) |
						((count - 1) & mask);
		if (v->stopped)
			return 0;
	}
	vcpu_skip_instruction(v);
	return 1;
}

int handle_io(struct vcpu *v)
{
	struct io_qual io = io_qual_decode(v->exit_qual);

	if (io.string)
		return string_io(v, io);
	if (io.in)
		set_reg_sized(&v->regs.gpr[VCPU_RAX],
			      io_in(v, io.port, io.size), io.size);
	else
		io_out(v, io.port, io.size, (uint32_t)v->regs.gpr[VCPU_RAX]);
	if (v->stopped)
		return 0;
	vcpu_skip_instruction(v);
	return 1;
}
