/*
 * decode.c - decoding the MOV family for MMIO emulation (see decode.h).
 *
 * An instruction is prefixes, opcode, ModRM, SIB, displacement and
 * immediate, in that order (SDM vol. 2A, 2.1, figure 2-1). The CPU has
 * already computed the address and reported it as the guest-physical
 * address of the EPT violation, so the displacement and SIB are only
 * skipped: what matters is the instruction's length, the register, the
 * immediate and the access size.
 */
#include "decode.h"

#include "x86.h"


/* Legacy prefixes (SDM vol. 2A, 2.1.1) */
#define PFX_LOCK		0xf0
#define PFX_REPNE		0xf2
#define PFX_REP			0xf3
#define PFX_ES			0x26
#define PFX_CS			0x2e
#define PFX_SS			0x36
#define PFX_DS			0x3e
#define PFX_FS			0x64
#define PFX_GS			0x65
#define PFX_OPSIZE		0x66
#define PFX_ADSIZE		0x67

/* REX prefix, 64-bit mode only (SDM vol. 2A, 2.2.1, table 2-4) */
#define REX_MASK		0xf0
#define REX_BASE		0x40
#define REX_W			0x08
#define REX_R			0x04

/* Two-byte opcode escape (SDM vol. 2A, 2.1.2) */
#define OPCODE_ESCAPE		0x0f

/* ModRM and SIB fields (SDM vol. 2A, 2.1.5, figure 2-1) */
#define MODRM_MOD(b)		((unsigned int)(b) >> 6)
#define MODRM_REG(b)		(((unsigned int)(b) >> 3) & 7)
#define MODRM_RM(b)		((unsigned int)(b) & 7)
#define SIB_BASE(b)		((unsigned int)(b) & 7)

#define MOD_DISP0		0	/* no displacement (but see below) */
#define MOD_DISP8		1
#define MOD_DISPW		2	/* disp16 or disp32 by address size */
#define MOD_REG			3	/* r/m is a register, not memory */

/* Table 2-1: 16-bit addressing, mod 00 rm 110 is [disp16], not [BP]. */
#define RM16_DISP16		6
/* Table 2-2: 32/64-bit addressing, rm 100 means a SIB byte follows... */
#define RM_SIB			4
/* ...and mod 00 rm 101 is [disp32] (RIP + disp32 in 64-bit mode, 2.2.1.6). */
#define RM_DISP32		5
/* Table 2-3: SIB base 101 with mod 00 is [scaled index] + disp32. */
#define SIB_BASE_DISP32		5

/* The general-purpose register the moffs forms A0-A3 use: AL/AX/EAX/RAX. */
#define REG_RAX			0
/* Without REX, byte registers 4-7 are AH, CH, DH, BH (vol. 2A, table 3-1). */
#define REG_HIGH_BYTE_FIRST	4

/* What an opcode does, as flags in the opcode tables below. */
#define OP_MODRM		(1u << 0)	/* ModRM names memory and reg */
#define OP_MOFFS		(1u << 1)	/* moffs operand, no ModRM */
#define OP_IMM			(1u << 2)	/* /0, then an immediate */
#define OP_WRITE		(1u << 3)	/* memory is the destination */
#define OP_BYTE			(1u << 4)	/* 8-bit memory operand */
#define OP_WORD			(1u << 5)	/* 16-bit memory operand */
#define OP_ZX			(1u << 6)	/* MOVZX into reg */
#define OP_SX			(1u << 7)	/* MOVSX into reg */

/* One-byte opcodes (SDM vol. 2B, MOV; vol. 2D, table A-2). */
static const uint8_t opcode_1[256] = {
	[0x88] = OP_MODRM | OP_WRITE | OP_BYTE,		/* MOV r/m8, r8 */
	[0x89] = OP_MODRM | OP_WRITE,			/* MOV r/m, r */
	[0x8a] = OP_MODRM | OP_BYTE,			/* MOV r8, r/m8 */
	[0x8b] = OP_MODRM,				/* MOV r, r/m */
	[0xa0] = OP_MOFFS | OP_BYTE,			/* MOV AL, moffs8 */
	[0xa1] = OP_MOFFS,				/* MOV rAX, moffs */
	[0xa2] = OP_MOFFS | OP_WRITE | OP_BYTE,		/* MOV moffs8, AL */
	[0xa3] = OP_MOFFS | OP_WRITE,			/* MOV moffs, rAX */
	/* MOV r/m8, imm8 and MOV r/m, imm16/32 */
	[0xc6] = OP_MODRM | OP_IMM | OP_WRITE | OP_BYTE,
	[0xc7] = OP_MODRM | OP_IMM | OP_WRITE,
};

/* Two-byte opcodes 0F xx (SDM vol. 2B, MOVZX and MOVSX; table A-3). */
static const uint8_t opcode_2[256] = {
	[0xb6] = OP_MODRM | OP_ZX | OP_BYTE,	/* MOVZX r, r/m8 */
	[0xb7] = OP_MODRM | OP_ZX | OP_WORD,	/* MOVZX r, r/m16 */
	[0xbe] = OP_MODRM | OP_SX | OP_BYTE,	/* MOVSX r, r/m8 */
	[0xbf] = OP_MODRM | OP_SX | OP_WORD,	/* MOVSX r, r/m16 */
};

/* The bytes still to be read; @end stops at the 15-byte limit. */
struct cursor {
	const uint8_t *buf;
	unsigned int pos;
	unsigned int end;
};

static int fetch(struct cursor *c, uint8_t *b)
{
	if (c->pos >= c->end)
		return -1;
	*b = c->buf[c->pos++];
	return 0;
}

static int skip(struct cursor *c, unsigned int n)
{
	if (n > c->end - c->pos)
		return -1;
	c->pos += n;
	return 0;
}

/* A little-endian value of @n bytes (SDM vol. 1, 1.3.1). */
static int fetch_le(struct cursor *c, unsigned int n, uint64_t *v)
{
	unsigned int i;

	if (n > c->end - c->pos)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++)
		*v |= (uint64_t)c->buf[c->pos + i] << (8 * i);
	c->pos += n;
	return 0;
}

/* SDM vol. 1, 3.6, tables 3-3 and 3-4: REX.W wins over 66H. */
static unsigned int operand_size(enum insn_mode mode, int opsize_pfx,
				 uint8_t rex)
{
	if (rex & REX_W)
		return 8;
	if (mode == INSN_MODE_16)
		return opsize_pfx ? 4 : 2;
	return opsize_pfx ? 2 : 4;
}

/* SDM vol. 1, 3.6, tables 3-3 and 3-4: 67H toggles; 64-bit mode has 8/4. */
static unsigned int address_size(enum insn_mode mode, int adsize_pfx)
{
	switch (mode) {
	case INSN_MODE_16:
		return adsize_pfx ? 4 : 2;
	case INSN_MODE_32:
		return adsize_pfx ? 2 : 4;
	default:
		return adsize_pfx ? 4 : 8;
	}
}

/*
 * Skip the SIB byte and displacement of a memory operand. The REX.B and
 * REX.X bits do not change the encoding rules: r12 as a base still needs
 * a SIB and r13 with mod 00 is still [disp32] (vol. 2A, 2.2.1.2).
 */
static int skip_mem_operand(struct cursor *c, uint8_t modrm,
			    unsigned int asize)
{
	unsigned int mod = MODRM_MOD(modrm), rm = MODRM_RM(modrm);
	uint8_t sib;

	if (mod == MOD_REG)
		return -1;
	if (asize == 2) {
		/* SDM vol. 2A, table 2-1 */
		if (mod == MOD_DISP8)
			return skip(c, 1);
		if (mod == MOD_DISPW || rm == RM16_DISP16)
			return skip(c, 2);
		return 0;
	}
	/* SDM vol. 2A, tables 2-2 and 2-3 */
	if (rm == RM_SIB) {
		if (fetch(c, &sib))
			return -1;
		if (mod == MOD_DISP0 && SIB_BASE(sib) == SIB_BASE_DISP32)
			return skip(c, 4);
	} else if (mod == MOD_DISP0 && rm == RM_DISP32) {
		return skip(c, 4);
	}
	if (mod == MOD_DISP8)
		return skip(c, 1);
	if (mod == MOD_DISPW)
		return skip(c, 4);
	return 0;
}

/*
 * The store's immediate: imm8/16/32 by operand size, and with REX.W an
 * imm32 sign-extended to 64 bits (SDM vol. 2A, 2.2.1.5).
 */
static int fetch_imm(struct cursor *c, unsigned int size, uint64_t *imm)
{
	if (size < 8)
		return fetch_le(c, size, imm);
	if (fetch_le(c, 4, imm))
		return -1;
	*imm = (uint64_t)(int64_t)(int32_t)(uint32_t)*imm;
	return 0;
}

int insn_decode_mmio(const uint8_t *buf, size_t avail, enum insn_mode mode,
		     struct mmio_insn *out)
{
	struct cursor c = {
		.buf = buf,
		.end = avail < INSN_MAX_LEN ? (unsigned int)avail :
					      INSN_MAX_LEN,
	};
	struct mmio_insn insn = { .reg = -1 };
	int opsize_pfx = 0, adsize_pfx = 0;
	unsigned int flags, opsize, reg;
	uint8_t b, modrm, rex = 0;

	for (;;) {
		if (fetch(&c, &b))
			return -1;
		switch (b) {
		case PFX_LOCK:
		case PFX_REPNE:
		case PFX_REP:
			return -1;
		case PFX_OPSIZE:
			opsize_pfx = 1;
			rex = 0;
			continue;
		case PFX_ADSIZE:
			adsize_pfx = 1;
			rex = 0;
			continue;
		case PFX_ES:
		case PFX_CS:
		case PFX_SS:
		case PFX_DS:
		case PFX_FS:
		case PFX_GS:
			rex = 0;
			continue;
		}
		/*
		 * SDM vol. 2A, 2.2.1: a REX prefix counts only immediately
		 * before the opcode; placed anywhere else it is ignored, so
		 * a later prefix (legacy or REX) discards it. Outside 64-bit
		 * mode 40H-4FH are INC/DEC and fall to the opcode lookup.
		 */
		if (mode == INSN_MODE_64 && (b & REX_MASK) == REX_BASE) {
			rex = b;
			continue;
		}
		break;
	}

	if (b == OPCODE_ESCAPE) {
		if (fetch(&c, &b))
			return -1;
		flags = opcode_2[b];
	} else {
		flags = opcode_1[b];
	}
	if (!flags)
		return -1;

	opsize = operand_size(mode, opsize_pfx, rex);
	if (flags & OP_BYTE)
		insn.size = 1;
	else if (flags & OP_WORD)
		insn.size = 2;
	else
		insn.size = opsize;
	insn.write = !!(flags & OP_WRITE);

	if (flags & OP_MOFFS) {
		/* SDM vol. 2A, 2.2.1.4: the offset is address-size wide. */
		if (skip(&c, address_size(mode, adsize_pfx)))
			return -1;
		insn.reg = REG_RAX;
		insn.dst_size = insn.size;
		goto done;
	}

	if (fetch(&c, &modrm))
		return -1;
	if (skip_mem_operand(&c, modrm, address_size(mode, adsize_pfx)))
		return -1;
	reg = MODRM_REG(modrm);

	if (flags & OP_IMM) {
		/* C6 /0 and C7 /0; the other reg values are not MOV. */
		if (reg != 0)
			return -1;
		if (fetch_imm(&c, insn.size, &insn.imm))
			return -1;
		insn.has_imm = 1;
		goto done;
	}

	insn.reg = (int)(reg | (rex & REX_R ? 8 : 0));
	if (flags & (OP_ZX | OP_SX)) {
		insn.zero_extend = !!(flags & OP_ZX);
		insn.sign_extend = !!(flags & OP_SX);
		insn.dst_size = opsize;
	} else {
		insn.dst_size = insn.size;
		insn.high_byte = insn.size == 1 && !rex &&
				 reg >= REG_HIGH_BYTE_FIRST;
	}
done:
	insn.len = c.pos;
	*out = insn;
	return 0;
}
