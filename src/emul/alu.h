/*
 * alu.h - the arithmetic of the emulated ALU instructions and the six
 * status flags they set (alu.c). Pure C, tested on the host against the
 * host CPU (tests/unit/test_mmio_emul_ref.c).
 */
#ifndef EMUL_ALU_H
#define EMUL_ALU_H

#include <stdint.h>

#include "decode.h"

/* CF, PF, AF, ZF, SF and OF: what the ALU group writes (SDM vol. 1, 3.4.3.1). */
#define ALU_FLAGS	(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | \
			 RFLAGS_SF | RFLAGS_OF)

static inline uint64_t alu_mask(unsigned int size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/*
 * @a op @b (enum alu_op) at @size bytes; ADC and SBB take CF from
 * *@rflags. Returns the result cut to @size and leaves the six flags in
 * *@rflags as the instruction sets them (SDM vol. 2A-2B, ADD ... XOR).
 */
uint64_t alu_op(unsigned int op, unsigned int size, uint64_t a, uint64_t b,
		uint64_t *rflags);

/* INC/DEC (CF kept), NEG (0 - a), TEST (AND, result dropped). */
uint64_t alu_inc_dec(int dec, unsigned int size, uint64_t a,
		     uint64_t *rflags);

#endif
