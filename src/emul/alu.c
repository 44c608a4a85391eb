/*
 * alu.c - results and status flags of the emulated ALU instructions
 * (alu.h).
 *
 * The flags as SDM vol. 1, appendix A and each instruction in vol. 2
 * define them: CF the carry (borrow) out of the top bit, OF the signed
 * overflow, AF the carry (borrow) out of bit 3, ZF/SF of the result cut
 * to the operand size, PF the even parity of its low byte. Where the SDM
 * leaves a flag undefined (AF after AND, OR, XOR, TEST) the emulator
 * clears it, as Intel CPUs and Bochs do (Bochs cpu/lazy_flags.h: the
 * logic ops' AF is 0); the referee test compares it too, since the AMD
 * host agrees.
 */
#include "alu.h"

/* PF: set when the low byte has an even number of 1 bits (vol. 1, 3.4.3.1). */
static int parity_even(uint64_t r)
{
	return !__builtin_parityll(r & 0xff);
}

/* ZF, SF and PF of @r, and CF/OF/AF as given. */
static uint64_t flags_of(uint64_t r, unsigned int size, int cf, int of,
			 int af)
{
	uint64_t f = 0, sign = 1ull << (size * 8 - 1);

	if (cf)
		f |= RFLAGS_CF;
	if (of)
		f |= RFLAGS_OF;
	if (af)
		f |= RFLAGS_AF;
	if (!(r & alu_mask(size)))
		f |= RFLAGS_ZF;
	if (r & sign)
		f |= RFLAGS_SF;
	if (parity_even(r))
		f |= RFLAGS_PF;
	return f;
}

uint64_t alu_op(unsigned int op, unsigned int size, uint64_t a, uint64_t b,
		uint64_t *rflags)
{
	uint64_t m = alu_mask(size), sign = 1ull << (size * 8 - 1), r, c;
	int cf, of;

	a &= m;
	b &= m;
	c = (op == ALU_ADC || op == ALU_SBB) ? (*rflags & RFLAGS_CF) : 0;
	switch (op) {
	case ALU_ADD:
	case ALU_ADC:
		r = (a + b + c) & m;
		/* Carry out of the top bit: the sum wrapped below a. */
		cf = r < a || (c && r == a);
		of = !!((a ^ r) & (b ^ r) & sign);
		break;
	case ALU_SUB:
	case ALU_SBB:
	case ALU_CMP:
		r = (a - b - c) & m;
		cf = a < b || (c && a == b);
		of = !!((a ^ b) & (a ^ r) & sign);
		break;
	case ALU_OR:
		r = a | b;
		cf = of = 0;
		break;
	case ALU_AND:
		r = a & b;
		cf = of = 0;
		break;
	default:			/* ALU_XOR */
		r = a ^ b;
		cf = of = 0;
		break;
	}
	*rflags = (*rflags & ~ALU_FLAGS) |
		  flags_of(r, size, cf, of,
			   op == ALU_OR || op == ALU_AND || op == ALU_XOR ? 0 :
			   !!((a ^ b ^ r) & 0x10));
	return r;
}

/* SDM vol. 2A, INC and DEC: as ADD/SUB of 1, CF unaffected. */
uint64_t alu_inc_dec(int dec, unsigned int size, uint64_t a,
		     uint64_t *rflags)
{
	uint64_t cf = *rflags & RFLAGS_CF, r;

	r = alu_op(dec ? ALU_SUB : ALU_ADD, size, a, 1, rflags);
	*rflags = (*rflags & ~RFLAGS_CF) | cf;
	return r;
}
