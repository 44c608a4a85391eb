/*
 * decode.c - decoding the instructions MMIO emulation takes (decode.h).
 *
 * An instruction is prefixes, opcode, ModRM, SIB, displacement and
 * immediate, in that order (SDM vol. 2A, 2.1, figure 2-1). The CPU has
 * already computed the address and reported it as the guest-physical
 * address of the EPT violation, so the displacement and SIB are only
 * skipped: what matters is the instruction's length, its operation, the
 * register, the immediate and the access size. String operations name
 * their memory through RSI/RDI, which the emulator reads itself.
 */
#include "decode.h"

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

/* What an opcode is, in the tables below. */
#define F_MODRM		(1u << 0)	/* ModRM names memory and reg */
#define F_MOFFS		(1u << 1)	/* moffs operand, no ModRM */
#define F_GROUP		(1u << 2)	/* ModRM.reg picks the operation */
#define F_MEMDST	(1u << 3)	/* memory is the destination */
#define F_BYTE		(1u << 4)	/* 8-bit operand */
#define F_WORD		(1u << 5)	/* 16-bit memory operand (MOVZX/SX) */
#define F_STRING	(1u << 6)	/* MOVS/STOS/LODS: no ModRM */
#define F_SSE		(1u << 7)	/* look up sse_ops by prefix */
#define F_64ONLY	(1u << 8)	/* valid in 64-bit mode only */
#define F_IMMZ		(1u << 9)	/* imm16/32 by operand size */
#define F_IMM8		(1u << 10)	/* imm8 */
#define F_DWORD		(1u << 11)	/* MOVSXD: at most 32 bits of memory */
#define F_MOVNTI	(1u << 12)	/* operand size 32 or 64 only */

struct opdesc {
	uint8_t kind;			/* enum insn_kind */
	uint8_t sub;
	uint16_t flags;			/* F_*; 0: not ours */
};

#define ALU_ROW(op)							\
	[(op) * 8 + 0] = { INSN_ALU, op, F_MODRM | F_MEMDST | F_BYTE },	\
	[(op) * 8 + 1] = { INSN_ALU, op, F_MODRM | F_MEMDST },		\
	[(op) * 8 + 2] = { INSN_ALU, op, F_MODRM | F_BYTE },		\
	[(op) * 8 + 3] = { INSN_ALU, op, F_MODRM }

/* One-byte opcodes (SDM vol. 2D, table A-2; each instruction in 2A-2D). */
static const struct opdesc opcode_1[256] = {
	ALU_ROW(ALU_ADD), ALU_ROW(ALU_OR), ALU_ROW(ALU_ADC), ALU_ROW(ALU_SBB),
	ALU_ROW(ALU_AND), ALU_ROW(ALU_SUB), ALU_ROW(ALU_XOR), ALU_ROW(ALU_CMP),
	[0x63] = { INSN_MOVSX, 0, F_MODRM | F_DWORD | F_64ONLY },
	[0x80] = { INSN_ALU, 0, F_GROUP | F_MEMDST | F_BYTE | F_IMM8 },
	[0x81] = { INSN_ALU, 0, F_GROUP | F_MEMDST | F_IMMZ },
	[0x83] = { INSN_ALU, 0, F_GROUP | F_MEMDST | F_IMM8 },
	[0x84] = { INSN_TEST, 0, F_MODRM | F_BYTE },
	[0x85] = { INSN_TEST, 0, F_MODRM },
	[0x86] = { INSN_XCHG, 0, F_MODRM | F_MEMDST | F_BYTE },
	[0x87] = { INSN_XCHG, 0, F_MODRM | F_MEMDST },
	[0x88] = { INSN_MOV, 0, F_MODRM | F_MEMDST | F_BYTE },
	[0x89] = { INSN_MOV, 0, F_MODRM | F_MEMDST },
	[0x8a] = { INSN_MOV, 0, F_MODRM | F_BYTE },
	[0x8b] = { INSN_MOV, 0, F_MODRM },
	[0xa0] = { INSN_MOV, 0, F_MOFFS | F_BYTE },
	[0xa1] = { INSN_MOV, 0, F_MOFFS },
	[0xa2] = { INSN_MOV, 0, F_MOFFS | F_MEMDST | F_BYTE },
	[0xa3] = { INSN_MOV, 0, F_MOFFS | F_MEMDST },
	[0xa4] = { INSN_MOVS, 0, F_STRING | F_BYTE },
	[0xa5] = { INSN_MOVS, 0, F_STRING },
	[0xaa] = { INSN_STOS, 0, F_STRING | F_BYTE },
	[0xab] = { INSN_STOS, 0, F_STRING },
	[0xac] = { INSN_LODS, 0, F_STRING | F_BYTE },
	[0xad] = { INSN_LODS, 0, F_STRING },
	[0xc6] = { INSN_MOV, 0, F_GROUP | F_MEMDST | F_BYTE | F_IMM8 },
	[0xc7] = { INSN_MOV, 0, F_GROUP | F_MEMDST | F_IMMZ },
	[0xf6] = { INSN_TEST, 0, F_GROUP | F_BYTE | F_IMM8 },
	[0xf7] = { INSN_TEST, 0, F_GROUP | F_IMMZ },
	[0xfe] = { INSN_INC, 0, F_GROUP | F_MEMDST | F_BYTE },
	[0xff] = { INSN_INC, 0, F_GROUP | F_MEMDST },
};

/* Two-byte opcodes 0F xx (SDM vol. 2D, table A-3). */
static const struct opdesc opcode_2[256] = {
	[0x10] = { INSN_SSE, 0, F_SSE }, [0x11] = { INSN_SSE, 0, F_SSE },
	[0x12] = { INSN_SSE, 0, F_SSE }, [0x13] = { INSN_SSE, 0, F_SSE },
	[0x16] = { INSN_SSE, 0, F_SSE }, [0x17] = { INSN_SSE, 0, F_SSE },
	[0x28] = { INSN_SSE, 0, F_SSE }, [0x29] = { INSN_SSE, 0, F_SSE },
	[0x2b] = { INSN_SSE, 0, F_SSE },
	[0x6e] = { INSN_SSE, 0, F_SSE }, [0x6f] = { INSN_SSE, 0, F_SSE },
	[0x7e] = { INSN_SSE, 0, F_SSE }, [0x7f] = { INSN_SSE, 0, F_SSE },
	[0xd6] = { INSN_SSE, 0, F_SSE }, [0xe7] = { INSN_SSE, 0, F_SSE },
	[0xa3] = { INSN_BT, BT_BT, F_MODRM },
	[0xab] = { INSN_BT, BT_BTS, F_MODRM | F_MEMDST },
	[0xb3] = { INSN_BT, BT_BTR, F_MODRM | F_MEMDST },
	[0xbb] = { INSN_BT, BT_BTC, F_MODRM | F_MEMDST },
	[0xba] = { INSN_BT, 0, F_GROUP | F_IMM8 },
	[0xb0] = { INSN_CMPXCHG, 0, F_MODRM | F_MEMDST | F_BYTE },
	[0xb1] = { INSN_CMPXCHG, 0, F_MODRM | F_MEMDST },
	[0xb6] = { INSN_MOVZX, 0, F_MODRM | F_BYTE },
	[0xb7] = { INSN_MOVZX, 0, F_MODRM | F_WORD },
	[0xbe] = { INSN_MOVSX, 0, F_MODRM | F_BYTE },
	[0xbf] = { INSN_MOVSX, 0, F_MODRM | F_WORD },
	[0xc0] = { INSN_XADD, 0, F_MODRM | F_MEMDST | F_BYTE },
	[0xc1] = { INSN_XADD, 0, F_MODRM | F_MEMDST },
	[0xc3] = { INSN_MOV, 0, F_MODRM | F_MEMDST | F_MOVNTI },
};

/*
 * The SSE moves by opcode and mandatory prefix (SDM vol. 2A, 2.1.2: F3
 * or F2 select the form before 66 does; vol. 2D, table A-3). @size 0: no
 * such form (MMX without a prefix, not emulated); SSE_GPR: a MOVD/MOVQ
 * whose size REX.W picks.
 */
enum sse_pfx { SSE_NP, SSE_66, SSE_F3, SSE_F2, SSE_NR_PFX };
#define SSE_GPR		0x80u

struct sse_desc {
	uint8_t size;
	uint8_t store;
	uint8_t sse;
};

static const struct sse_desc sse_ops[][SSE_NR_PFX] = {
	/* MOVUPS, MOVUPD, MOVSS, MOVSD xmm, m */
	[0x10 - 0x10] = { { 16, 0, 0 }, { 16, 0, 0 }, { 4, 0, SSE_ZERO },
			  { 8, 0, SSE_ZERO } },
	[0x11 - 0x10] = { { 16, 1, 0 }, { 16, 1, 0 }, { 4, 1, 0 },
			  { 8, 1, 0 } },
	/* MOVLPS, MOVLPD; MOVHPS, MOVHPD (the other quadword kept) */
	[0x12 - 0x10] = { { 8, 0, 0 }, { 8, 0, 0 } },
	[0x13 - 0x10] = { { 8, 1, 0 }, { 8, 1, 0 } },
	[0x16 - 0x10] = { { 8, 0, SSE_HIGH }, { 8, 0, SSE_HIGH } },
	[0x17 - 0x10] = { { 8, 1, SSE_HIGH }, { 8, 1, SSE_HIGH } },
	/* MOVAPS, MOVAPD; MOVNTPS, MOVNTPD */
	[0x28 - 0x10] = { { 16, 0, SSE_ALIGN }, { 16, 0, SSE_ALIGN } },
	[0x29 - 0x10] = { { 16, 1, SSE_ALIGN }, { 16, 1, SSE_ALIGN } },
	[0x2b - 0x10] = { { 16, 1, SSE_ALIGN }, { 16, 1, SSE_ALIGN } },
	/* MOVD/MOVQ xmm, r/m; MOVDQA, MOVDQU xmm, m */
	[0x6e - 0x10] = { [SSE_66] = { 4, 0, SSE_ZERO | SSE_GPR } },
	[0x6f - 0x10] = { [SSE_66] = { 16, 0, SSE_ALIGN },
			  [SSE_F3] = { 16, 0, 0 } },
	/* MOVD/MOVQ r/m, xmm; MOVQ xmm, m64 */
	[0x7e - 0x10] = { [SSE_66] = { 4, 1, SSE_GPR },
			  [SSE_F3] = { 8, 0, SSE_ZERO } },
	[0x7f - 0x10] = { [SSE_66] = { 16, 1, SSE_ALIGN },
			  [SSE_F3] = { 16, 1, 0 } },
	/* MOVQ m64, xmm; MOVNTDQ */
	[0xd6 - 0x10] = { [SSE_66] = { 8, 1, 0 } },
	[0xe7 - 0x10] = { [SSE_66] = { 16, 1, SSE_ALIGN } },
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
 * The immediate: imm8, or imm16/32 by operand size, sign-extended to the
 * operand size (an imm32 with REX.W to 64 bits, SDM vol. 2A, 2.2.1.5;
 * 83 /digit ib, vol. 2A, ADD) and cut to it.
 */
static int fetch_imm(struct cursor *c, unsigned int flags, unsigned int size,
		     uint64_t *imm)
{
	unsigned int n = (flags & F_IMM8) ? 1 : size < 8 ? size : 4;
	unsigned int shift = 64 - 8 * n;

	if (fetch_le(c, n, imm))
		return -1;
	*imm = (uint64_t)((int64_t)(*imm << shift) >> shift);
	if (size < 8)
		*imm &= (1ull << (8 * size)) - 1;
	return 0;
}

/*
 * The groups: ModRM.reg is part of the opcode (SDM vol. 2D, table A-6).
 * Returns 0 with the operation in *@in, or -1: not ours (the multiplies
 * and divides of F6/F7, CALL/JMP/PUSH of FF, BT of 0F BA /0-3...).
 */
static int group(uint8_t op, int escaped, unsigned int reg,
		 struct x86_insn *in, unsigned int *flags)
{
	if (escaped) {			/* 0F BA /4-7 ib: BT* r/m, imm8 */
		if (reg < 4)
			return -1;
		in->sub = reg - 4;
		if (in->sub != BT_BT)
			*flags |= F_MEMDST;
		return 0;
	}
	switch (op) {
	case 0x80:
	case 0x81:
	case 0x83:
		in->sub = reg;
		return 0;
	case 0xc6:
	case 0xc7:
		return reg == 0 ? 0 : -1;
	case 0xf6:
	case 0xf7:
		if (reg == 0)			/* TEST r/m, imm */
			return 0;
		if (reg != 2 && reg != 3)
			return -1;
		in->kind = reg == 2 ? INSN_NOT : INSN_NEG;
		*flags = (*flags & ~(F_IMM8 | F_IMMZ)) | F_MEMDST;
		return 0;
	default:			/* FE, FF: INC /0, DEC /1 */
		if (reg > 1)
			return -1;
		in->kind = reg ? INSN_DEC : INSN_INC;
		return 0;
	}
}

/*
 * LOCK is legal only on a read-modify-write of memory by ADD, ADC, AND,
 * BTC, BTR, BTS, CMPXCHG, DEC, INC, NEG, NOT, OR, SBB, SUB, XOR, XADD and
 * XCHG; elsewhere the CPU raises #UD before any access (SDM vol. 2B,
 * LOCK).
 */
static int lock_ok(const struct x86_insn *in)
{
	switch (in->kind) {
	case INSN_ALU:
		return in->mem_dst && in->sub != ALU_CMP;
	case INSN_BT:
		return in->sub != BT_BT;
	case INSN_XCHG: case INSN_XADD: case INSN_CMPXCHG:
	case INSN_INC: case INSN_DEC: case INSN_NEG: case INSN_NOT:
		return 1;
	default:
		return 0;
	}
}

/* The prefixes as insn_decode_mmio() needs to refuse them. */
struct decode_info {
	int rep_seen;
	int escaped;
};

static int sse_form(struct x86_insn *in, uint8_t op, enum sse_pfx pfx,
		    uint8_t rex)
{
	const struct sse_desc *d;

	if (op < 0x10 || op - 0x10u >= sizeof(sse_ops) / sizeof(sse_ops[0]))
		return -1;
	d = &sse_ops[op - 0x10][pfx];
	if (!d->size)
		return -1;
	in->size = (d->sse & SSE_GPR) && (rex & REX_W) ? 8 : d->size;
	in->mem_dst = d->store;
	in->sse = d->sse & ~SSE_GPR;
	return 0;
}

static int decode(const uint8_t *buf, size_t avail, enum insn_mode mode,
		  struct x86_insn *out, struct decode_info *info)
{
	struct cursor c = {
		.buf = buf,
		.end = avail < INSN_MAX_LEN ? (unsigned int)avail :
					      INSN_MAX_LEN,
	};
	struct x86_insn in = { .reg = -1, .seg = X86_SEG_DS };
	int opsize_pfx = 0, adsize_pfx = 0;
	uint8_t b, op, modrm = 0, rex = 0, rep = 0;
	const struct opdesc *d;
	unsigned int flags, reg = 0;

	for (;;) {
		if (fetch(&c, &b))
			return -1;
		switch (b) {
		case PFX_LOCK:
			in.lock = 1;
			rex = 0;
			continue;
		case PFX_REPNE:
		case PFX_REP:
			rep = b;	/* the last of F2/F3 counts (2.1.2) */
			rex = 0;
			continue;
		case PFX_OPSIZE:
			opsize_pfx = 1;
			rex = 0;
			continue;
		case PFX_ADSIZE:
			adsize_pfx = 1;
			rex = 0;
			continue;
		case PFX_ES: case PFX_CS: case PFX_SS: case PFX_DS:
		case PFX_FS: case PFX_GS:
			in.seg = b == PFX_ES ? X86_SEG_ES : b == PFX_CS ?
				 X86_SEG_CS : b == PFX_SS ? X86_SEG_SS :
				 b == PFX_DS ? X86_SEG_DS : b == PFX_FS ?
				 X86_SEG_FS : X86_SEG_GS;
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

	info->rep_seen = !!rep;
	info->escaped = b == OPCODE_ESCAPE;
	op = b;
	if (info->escaped) {
		if (fetch(&c, &op))
			return -1;
		d = &opcode_2[op];
	} else {
		d = &opcode_1[op];
	}
	flags = d->flags;
	if (!flags || ((flags & F_64ONLY) && mode != INSN_MODE_64))
		return -1;
	in.kind = d->kind;
	in.sub = d->sub;
	in.opsize = operand_size(mode, opsize_pfx, rex);
	in.asize = address_size(mode, adsize_pfx);
	/* MOVZX/MOVSX r, r/m8: the byte is the memory operand only. */
	if ((flags & F_BYTE) && in.kind != INSN_MOVZX &&
	    in.kind != INSN_MOVSX)
		in.opsize = 1;

	if (flags & F_STRING) {
		/* SDM vol. 2B, REP: F2 and F3 both repeat MOVS/STOS/LODS. */
		in.rep = rep;
		in.size = in.opsize;
		goto done;
	}
	if (flags & F_MOFFS) {
		/* SDM vol. 2A, 2.2.1.4: the offset is address-size wide. */
		if (skip(&c, in.asize))
			return -1;
		in.reg = REG_RAX;
		in.size = in.opsize;
		in.mem_dst = !!(flags & F_MEMDST);
		goto done;
	}

	if (fetch(&c, &modrm))
		return -1;
	if (skip_mem_operand(&c, modrm, in.asize))
		return -1;
	reg = MODRM_REG(modrm);
	if ((flags & F_GROUP) && group(op, info->escaped, reg, &in, &flags))
		return -1;
	in.mem_dst = !!(flags & F_MEMDST);

	if (flags & F_SSE) {
		enum sse_pfx pfx = rep == PFX_REP ? SSE_F3 :
				   rep == PFX_REPNE ? SSE_F2 :
				   opsize_pfx ? SSE_66 : SSE_NP;

		if (sse_form(&in, op, pfx, rex))
			return -1;
	} else if (flags & F_WORD) {
		in.size = 2;
	} else if (flags & F_DWORD) {
		in.size = in.opsize < 4 ? in.opsize : 4;
	} else if (flags & F_BYTE) {
		in.size = 1;
	} else {
		in.size = in.opsize;
	}
	if ((flags & F_MOVNTI) && in.opsize < 4)
		return -1;
	if (in.kind == INSN_BT && in.opsize == 1)
		return -1;

	if (flags & (F_IMM8 | F_IMMZ)) {
		if (fetch_imm(&c, flags, in.opsize, &in.imm))
			return -1;
		in.has_imm = 1;
	}
	if (!(flags & F_GROUP)) {
		in.reg = (int)(reg | (rex & REX_R ? 8 : 0));
		in.high_byte = in.opsize == 1 && !rex &&
			       reg >= REG_HIGH_BYTE_FIRST;
	}
done:
	if (in.lock && !lock_ok(&in))
		return -1;
	in.len = c.pos;
	*out = in;
	return 0;
}

int insn_decode(const uint8_t *buf, size_t avail, enum insn_mode mode,
		struct x86_insn *out)
{
	struct decode_info info;

	return decode(buf, avail, mode, out, &info);
}

int insn_decode_mmio(const uint8_t *buf, size_t avail, enum insn_mode mode,
		     struct mmio_insn *out)
{
	struct decode_info info;
	struct x86_insn in;
	struct mmio_insn m = { .reg = -1 };

	if (decode(buf, avail, mode, &in, &info) || in.lock || info.rep_seen)
		return -1;
	switch (in.kind) {
	case INSN_MOV:
		if (info.escaped)		/* MOVNTI */
			return -1;
		break;
	case INSN_MOVZX:
	case INSN_MOVSX:
		if (!info.escaped)		/* MOVSXD */
			return -1;
		m.zero_extend = in.kind == INSN_MOVZX;
		m.sign_extend = in.kind == INSN_MOVSX;
		break;
	default:
		return -1;
	}
	m.len = in.len;
	m.size = in.size;
	m.write = in.mem_dst;
	m.has_imm = in.has_imm;
	m.imm = in.imm;
	m.reg = in.reg;
	m.dst_size = in.reg >= 0 ? in.opsize : 0;
	m.high_byte = in.high_byte;
	*out = m;
	return 0;
}
