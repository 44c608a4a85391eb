/*
 * decode.h - an x86 instruction decoder for MMIO emulation.
 *
 * An EPT violation on an emulated device page tells us the guest-physical
 * address but not which register or value the access used, so the exit
 * handler fetches the bytes at guest RIP and decodes them here. What is
 * understood is what compiled code and test kernels do to device memory:
 * the MOV family, string moves, XCHG/XADD/CMPXCHG, the ALU group, BT*
 * and the SSE moves (insn_decode()); the MMIO fastpath takes only the
 * plain MOV family (insn_decode_mmio()). Anything else is refused and
 * left to the caller (#UD). Pure C with no hypervisor dependencies, so it
 * is tested on the host.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "x86.h"

/*
 * The default operand and address size of the code segment: CS.L for
 * 64-bit mode, else CS.D (SDM vol. 1, 3.6, tables 3-3 and 3-4).
 */
enum insn_mode { INSN_MODE_16, INSN_MODE_32, INSN_MODE_64 };

struct mmio_insn {
	unsigned int len;	/* instruction length in bytes */
	unsigned int size;	/* memory access size: 1, 2, 4 or 8 */
	int write;		/* 1: the instruction stores to memory */
	int has_imm;		/* a store of an immediate (MOV m, imm) */
	uint64_t imm;		/* the immediate as stored: @size bytes wide,
				 * sign-extended from imm32 when size is 8 */
	int reg;		/* register 0-15 (REX.R applied), -1 if none */
	int zero_extend;	/* MOVZX: the load zero-extends into @reg */
	int sign_extend;	/* MOVSX: the load sign-extends into @reg */
	unsigned int dst_size;	/* @reg's operand size: @size except for
				 * MOVZX/MOVSX; 0 when @reg is -1 */
	int high_byte;		/* @reg 4-7 means AH/CH/DH/BH, i.e. bits
				 * 15:8 of register (@reg - 4) */
};

/* What a decoded instruction does (struct x86_insn's @kind). */
enum insn_kind {
	INSN_MOV,	/* load, or store (@mem_dst) of @reg or @imm */
	INSN_MOVZX,	/* load @size bytes, zero-extend to @opsize */
	INSN_MOVSX,	/* load @size bytes, sign-extend (MOVSX, MOVSXD) */
	INSN_XCHG,
	INSN_XADD,
	INSN_CMPXCHG,
	INSN_ALU,	/* @sub: enum alu_op; @mem_dst: memory is written */
	INSN_TEST,
	INSN_INC,
	INSN_DEC,
	INSN_NEG,
	INSN_NOT,
	INSN_BT,	/* @sub: enum bt_op; offset in @reg or @imm */
	INSN_MOVS,
	INSN_STOS,
	INSN_LODS,
	INSN_SSE,	/* @reg is an XMM register; @mem_dst: a store */
};

/* The ALU group's order: bits 5:3 of opcodes 00-3D, the /digit of 80-83
 * (SDM vol. 2D, tables ). */
enum alu_op { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR,
	      ALU_CMP };
/* BT, BTS, BTR, BTC: the /digit of 0F BA less 4, and bits 4:3 of 0F A3,
 * AB, B3, BB. */
enum bt_op { BT_BT, BT_BTS, BT_BTR, BT_BTC };

/* The SSE move's shape (struct x86_insn's @sse). */
#define SSE_ALIGN	1u	/* a 16-byte aligned operand, else #GP(0) */
#define SSE_ZERO	2u	/* a load clears the bits above @size */
#define SSE_HIGH	4u	/* the register's high quadword (MOVHPS) */

struct x86_insn {
	enum insn_kind kind;
	unsigned int len;	/* instruction length in bytes */
	unsigned int sub;	/* enum alu_op or enum bt_op */
	unsigned int size;	/* memory operand: 1, 2, 4, 8 or 16 bytes;
				 * string ops: the element */
	unsigned int opsize;	/* the register operand's size */
	unsigned int asize;	/* address size: 2, 4 or 8 */
	int reg;		/* register 0-15 (REX.R applied), -1 if none */
	int high_byte;		/* @reg 4-7 is AH/CH/DH/BH (no REX) */
	int mem_dst;		/* memory is the destination operand (CMP:
				 * the first, not written) */
	int has_imm;
	uint64_t imm;		/* sign-extended as the opcode says, then
				 * cut to the operand size */
	uint8_t rep;		/* 0, or the F3/F2 prefix of a string op */
	uint8_t lock;
	uint8_t sse;		/* SSE_* */
	enum x86_seg seg;	/* string source: DS or the override */
};

/*
 * Decode the instruction in @buf (@avail bytes fetched at guest RIP) as
 * executed in @mode. Returns 0 and fills *@out, or -1 for anything else:
 * a truncated buffer, an opcode not listed in decode.c, LOCK where the
 * CPU raises #UD for it, a register operand in place of memory, or a
 * length over 15 bytes. *@out is written only on success.
 */
int insn_decode(const uint8_t *buf, size_t avail, enum insn_mode mode,
		struct x86_insn *out);

/*
 * The fastpath's subset: MOV 88/89/8A/8B/C6 /0/C7 /0/A0-A3 and
 * MOVZX/MOVSX 0F B6/B7/BE/BF, with the operand-size, address-size and
 * segment-override prefixes and REX, and neither LOCK nor REP. Returns 0
 * and fills *@out, or -1 for anything else.
 *
 * Writing back a load is the caller's: a 32-bit destination in 64-bit
 * mode clears bits 63:32 of the register, an 8- or 16-bit one leaves the
 * rest of it alone (SDM vol. 1, 3.4.1.1).
 */
int insn_decode_mmio(const uint8_t *buf, size_t avail, enum insn_mode mode,
		     struct mmio_insn *out);

#endif
