/*
 * string.c - MOVS, STOS and LODS with a device on one side (or both),
 * with and without REP (see emul.h).
 *
 * Each element is read at DS:RSI (or the override's segment) and written
 * at ES:RDI (SDM vol. 2B, MOVS/STOS/LODS), both cut to the address size;
 * RSI/RDI move by the element size, down when RFLAGS.DF is set, and are
 * written at the address size, as is RCX (a 16-bit address size keeps
 * bits 63:16, a 32-bit one clears 63:32: vol. 1, 3.4.1.1). REP repeats
 * while RCX (at the address size) is not 0, checking before each
 * element, so a zero count moves nothing (vol. 2B, REP).
 */
#include "emul.h"

#include "alu.h"

static void step(struct emul_regs *r, unsigned int reg, unsigned int asize,
		 uint64_t by)
{
	r->gpr[reg] = gpr_write_sized(r->gpr[reg], r->gpr[reg] + by, asize);
}

/*
 * A REP with a zero count and a 32-bit address size in 64-bit mode
 * moves nothing but, on Intel CPUs, still writes the registers as 32-bit
 * ones: RCX, RDI for MOVS and STOS, RSI for MOVS lose bits 63:32 (the
 * quirk KVM's emulator reproduces, string_registers_quirk() in Linux
 * arch/x86/kvm/emulate.c; the referee test sees the host do it).
 */
static void zero_count(const struct x86_insn *in, struct emul_regs *r)
{
	if (in->asize != 4)
		return;
	r->gpr[EMUL_RCX] = 0;
	if (in->kind == INSN_MOVS)
		r->gpr[EMUL_RSI] = (uint32_t)r->gpr[EMUL_RSI];
	if (in->kind != INSN_LODS)
		r->gpr[EMUL_RDI] = (uint32_t)r->gpr[EMUL_RDI];
}

enum emul_result emul_string(const struct x86_insn *in, struct emul_regs *r,
			     const struct emul_ops *ops)
{
	uint64_t amask = alu_mask(in->asize), by = in->size, val;
	unsigned int n;
	enum emul_status s;

	if (r->rflags & RFLAGS_DF)
		by = -by;
	if (in->rep && !(r->gpr[EMUL_RCX] & amask)) {
		zero_count(in, r);
		return EMUL_DONE;
	}
	for (n = 0; n < EMUL_REP_MAX; n++) {
		if (in->rep && !(r->gpr[EMUL_RCX] & amask))
			return EMUL_DONE;
		if (in->kind == INSN_MOVS) {
			s = ops->str_write(ops->ctx, r->gpr[EMUL_RDI] & amask,
					   in->size, 0, 1);
			if (s == EMUL_OK)
				s = ops->str_read(ops->ctx, in->seg,
						  r->gpr[EMUL_RSI] & amask,
						  in->size, &val);
			if (s == EMUL_OK)
				s = ops->str_write(ops->ctx,
						   r->gpr[EMUL_RDI] & amask,
						   in->size, val, 0);
		} else if (in->kind == INSN_STOS) {
			s = ops->str_write(ops->ctx, r->gpr[EMUL_RDI] & amask,
					   in->size,
					   r->gpr[EMUL_RAX] & alu_mask(in->size),
					   0);
		} else {
			s = ops->str_read(ops->ctx, in->seg,
					  r->gpr[EMUL_RSI] & amask, in->size,
					  &val);
			if (s == EMUL_OK)
				r->gpr[EMUL_RAX] = gpr_write_sized(r->gpr[EMUL_RAX],
							      val, in->size);
		}
		if (s != EMUL_OK)
			return EMUL_EVENT;
		if (in->kind != INSN_STOS)
			step(r, EMUL_RSI, in->asize, by);
		if (in->kind != INSN_LODS)
			step(r, EMUL_RDI, in->asize, by);
		if (!in->rep)
			return EMUL_DONE;
		step(r, EMUL_RCX, in->asize, -1ull);
	}
	return (r->gpr[EMUL_RCX] & amask) ? EMUL_AGAIN : EMUL_DONE;
}
