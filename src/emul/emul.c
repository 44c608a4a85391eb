/*
 * emul.c - executing a decoded instruction on a device's memory operand
 * (see emul.h): the MOV family, XCHG/XADD/CMPXCHG, the ALU group, BT*
 * and the SSE moves; the string operations are string.c's.
 *
 * The memory operand is read first, then written, then the registers and
 * flags are set, so a faulting access leaves the registers as they were,
 * as the CPU's fault does (SDM vol. 3, 6.6: faults are restartable). A
 * 16-byte access is two 8-byte device accesses, low quadword first: the
 * devices take 1, 2, 4 or 8 bytes, and the SDM does not make a 16-byte
 * access atomic anyway (vol. 3, 9.1.1).
 */
#include "emul.h"

#include "alu.h"

static uint64_t sign_extend(uint64_t v, unsigned int size)
{
	unsigned int shift = 64 - size * 8;

	return (uint64_t)((int64_t)(v << shift) >> shift);
}

/* The register operand at @in->opsize; AH-BH are bits 15:8 of 0-3. */
static uint64_t reg_get(const struct x86_insn *in, const struct emul_regs *r)
{
	if (in->high_byte)
		return (r->gpr[in->reg - 4] >> 8) & 0xff;
	return r->gpr[in->reg] & alu_mask(in->opsize);
}

static void reg_set(const struct x86_insn *in, struct emul_regs *r,
		    uint64_t val)
{
	uint64_t *g;

	if (in->high_byte) {
		g = &r->gpr[in->reg - 4];
		*g = (*g & ~0xff00ull) | ((val & 0xff) << 8);
		return;
	}
	g = &r->gpr[in->reg];
	*g = gpr_write_sized(*g, val, in->opsize);
}

/* The source operand of a two-operand instruction: immediate or reg. */
static uint64_t source(const struct x86_insn *in, const struct emul_regs *r)
{
	return in->has_imm ? in->imm : reg_get(in, r);
}

int64_t emul_op_delta(const struct x86_insn *in, const struct emul_regs *r)
{
	int64_t off;

	if (in->kind != INSN_BT || in->has_imm)
		return 0;
	off = (int64_t)sign_extend(reg_get(in, r), in->opsize);
	/* Floor division: an arithmetic shift of the signed offset. */
	return (off >> (__builtin_ctz(in->opsize) + 3)) * (int64_t)in->opsize;
}

static enum emul_result bit_test(const struct x86_insn *in,
				 struct emul_regs *r,
				 const struct emul_ops *ops)
{
	unsigned int bits = in->opsize * 8;
	int64_t delta = emul_op_delta(in, r);
	uint64_t m, bit;

	bit = 1ull << ((in->has_imm ? in->imm : reg_get(in, r)) & (bits - 1));
	if (ops->op_read(ops->ctx, delta, in->opsize, &m) != EMUL_OK)
		return EMUL_EVENT;
	if (in->sub != BT_BT &&
	    ops->op_write(ops->ctx, delta, in->opsize,
			  in->sub == BT_BTS ? m | bit :
			  in->sub == BT_BTR ? m & ~bit : m ^ bit) != EMUL_OK)
		return EMUL_EVENT;
	/*
	 * CF is the bit; ZF is unaffected and OF, SF, AF, PF are undefined
	 * (SDM vol. 2A, BT): they are left as they were, as Bochs does
	 * (cpu/bit.cc sets CF only), and the referee test compares CF and
	 * ZF alone.
	 */
	r->rflags = (r->rflags & ~RFLAGS_CF) | ((m & bit) ? RFLAGS_CF : 0);
	return EMUL_DONE;
}

/* The SSE moves: @in->reg is an XMM register (SDM vol. 2, each MOV*). */
static enum emul_result sse_move(const struct x86_insn *in,
				 const struct emul_ops *ops)
{
	uint64_t x[2], m[2] = { 0, 0 };
	unsigned int n = in->size < 8 ? in->size : 8, lane;

	/* MOVAPS and kin: #GP(0) on an operand not 16-byte aligned (SDM
	 * vol. 2B, MOVAPS, "Protected Mode Exceptions"). */
	if ((in->sse & SSE_ALIGN) && (ops->op_gla & 15))
		return EMUL_GP;
	lane = (in->sse & SSE_HIGH) ? 1 : 0;
	ops->xmm_read(ops->ctx, (unsigned int)in->reg, x);
	if (in->mem_dst) {
		if (ops->op_write(ops->ctx, 0, n, x[lane]) != EMUL_OK ||
		    (in->size == 16 &&
		     ops->op_write(ops->ctx, 8, 8, x[1]) != EMUL_OK))
			return EMUL_EVENT;
		return EMUL_DONE;
	}
	if (ops->op_read(ops->ctx, 0, n, &m[0]) != EMUL_OK ||
	    (in->size == 16 && ops->op_read(ops->ctx, 8, 8, &m[1]) != EMUL_OK))
		return EMUL_EVENT;
	if (in->size == 16 || (in->sse & SSE_ZERO)) {
		x[0] = m[0];
		x[1] = m[1];
	} else {
		x[lane] = m[0];		/* MOVLPS/MOVHPS: one quadword */
	}
	ops->xmm_write(ops->ctx, (unsigned int)in->reg, x);
	return EMUL_DONE;
}

/* A read-modify-write of the operand whose result @f computes. */
static enum emul_result rmw(const struct x86_insn *in, struct emul_regs *r,
			    const struct emul_ops *ops)
{
	uint64_t m, res, f = r->rflags, rax;
	int write = 1;

	if (ops->op_read(ops->ctx, 0, in->size, &m) != EMUL_OK)
		return EMUL_EVENT;
	switch (in->kind) {
	case INSN_ALU:
		if (in->mem_dst) {
			res = alu_op(in->sub, in->size, m, source(in, r), &f);
			write = in->sub != ALU_CMP;
		} else {
			res = alu_op(in->sub, in->size, reg_get(in, r), m, &f);
			write = 0;
			if (in->sub != ALU_CMP)
				reg_set(in, r, res);
		}
		break;
	case INSN_TEST:
		alu_op(ALU_AND, in->size, m, source(in, r), &f);
		write = 0;
		res = m;
		break;
	case INSN_INC:
	case INSN_DEC:
		res = alu_inc_dec(in->kind == INSN_DEC, in->size, m, &f);
		break;
	case INSN_NEG:
		res = alu_op(ALU_SUB, in->size, 0, m, &f);
		break;
	case INSN_NOT:
		res = ~m & alu_mask(in->size);	/* no flags (vol. 2B, NOT) */
		break;
	case INSN_XCHG:
		res = reg_get(in, r);
		break;
	case INSN_XADD:
		res = alu_op(ALU_ADD, in->size, m, reg_get(in, r), &f);
		break;
	default:			/* INSN_CMPXCHG */
		/*
		 * SDM vol. 2A, CMPXCHG: flags as CMP of the accumulator with
		 * the operand; equal: the operand gets the source, else the
		 * accumulator gets the operand, and the operand is written
		 * either way ("the destination operand receives a write
		 * cycle without regard to the result").
		 */
		rax = r->gpr[EMUL_RAX] & alu_mask(in->size);
		alu_op(ALU_CMP, in->size, rax, m, &f);
		res = rax == m ? reg_get(in, r) : m;
		break;
	}
	if (write && ops->op_write(ops->ctx, 0, in->size, res) != EMUL_OK)
		return EMUL_EVENT;
	if (in->kind == INSN_XCHG || in->kind == INSN_XADD)
		reg_set(in, r, m);
	if (in->kind == INSN_CMPXCHG && !(f & RFLAGS_ZF))
		r->gpr[EMUL_RAX] = gpr_write_sized(r->gpr[EMUL_RAX], m, in->size);
	r->rflags = f;
	return EMUL_DONE;
}

enum emul_result emul_exec(const struct x86_insn *in, struct emul_regs *r,
			   const struct emul_ops *ops)
{
	uint64_t m;

	switch (in->kind) {
	case INSN_MOV:
		if (in->mem_dst)
			return ops->op_write(ops->ctx, 0, in->size,
					     source(in, r)) == EMUL_OK ?
			       EMUL_DONE : EMUL_EVENT;
		/* A load is a MOVZX of the same width. */
		__attribute__((fallthrough));
	case INSN_MOVZX:
	case INSN_MOVSX:
		if (ops->op_read(ops->ctx, 0, in->size, &m) != EMUL_OK)
			return EMUL_EVENT;
		if (in->kind == INSN_MOVSX)
			m = sign_extend(m, in->size);
		reg_set(in, r, m & alu_mask(in->opsize));
		return EMUL_DONE;
	case INSN_BT:
		return bit_test(in, r, ops);
	case INSN_MOVS:
	case INSN_STOS:
	case INSN_LODS:
		return emul_string(in, r, ops);
	case INSN_SSE:
		return sse_move(in, ops);
	default:
		return rmw(in, r, ops);
	}
}
