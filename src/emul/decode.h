/*
 * decode.h - a minimal x86 instruction decoder for MMIO emulation.
 *
 * An EPT violation on an emulated device page tells us the guest-physical
 * address but not which register or value the access used, so the exit
 * handler fetches the bytes at guest RIP and decodes them here. Only the
 * plain MOV family that drivers use for device registers is understood;
 * anything else is refused and left to the caller to treat as fatal.
 * Pure C with no hypervisor dependencies, so it is tested on the host.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stddef.h>
#include <stdint.h>

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

/*
 * Decode the instruction in @buf (@avail bytes fetched at guest RIP) as
 * executed in @mode. Understood: MOV 88/89/8A/8B/C6 /0/C7 /0/A0-A3 and
 * MOVZX/MOVSX 0F B6/B7/BE/BF, with the operand-size, address-size and
 * segment-override prefixes and REX. Returns 0 and fills *@out, or -1
 * for anything else: a truncated buffer, an unknown opcode, LOCK or REP,
 * a register operand in place of memory, or a length over 15 bytes.
 *
 * Writing back a load is the caller's: a 32-bit destination in 64-bit
 * mode clears bits 63:32 of the register, an 8- or 16-bit one leaves the
 * rest of it alone (SDM vol. 1, 3.4.1.1).
 */
int insn_decode_mmio(const uint8_t *buf, size_t avail, enum insn_mode mode,
		     struct mmio_insn *out);

#endif
