/*
 * test_mmio_emul_ref.c - the host CPU referees the MMIO instruction
 * emulator (src/emul/decode.c, emul.c, string.c, alu.c).
 *
 * Every emulated instruction form is assembled here with random
 * prefixes (66, REX.W, REX.R, LOCK, REP, 67), register and immediate,
 * then run twice from the same registers, flags, XMM registers and
 * memory: once by the host CPU on ordinary memory (referee_cpu.S, the
 * instruction followed by RET in an RWX page), once by insn_decode() and
 * emul_exec() with a fake device that is a copy of that memory. The
 * general registers, the XMM registers, all of memory and the flags must
 * come out equal; the decoder's length must be the assembled one. The
 * operands are biased to the edges (0, 1, all-ones, the sign bits, the
 * carry out of bit 3) and otherwise random, with a fixed seed.
 *
 * Flags: CF, PF, AF, ZF, SF and OF are compared after every instruction.
 * The emulator sets the ones the SDM leaves undefined as Intel CPUs do
 * (AF cleared after AND/OR/XOR/TEST; OF, SF, AF, PF kept by BT*, SDM vol.
 * 2A, BT), so on an Intel host those are compared too; on another
 * vendor's host only the defined ones are (CF and ZF for BT*, all but AF
 * for the logic ops). The instructions without flag effects must leave
 * all six alone. Likewise the registers a 32-bit-address REP with ECX
 * zero leaves: bits 63:32 of RCX, RSI and RDI are compared on Intel
 * hosts only. The referee runs 64-bit code only: the other modes'
 * decoding is test_decode.c's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "alu.h"
#include "decode.h"
#include "emul.h"

struct cpu_state {
	uint64_t gpr[16];
	uint64_t rflags;
	uint64_t xmm[16][2];
};

void referee_run(struct cpu_state *s, void *code);

#define AREA		32768	/* the memory each side sees */
#define OP_OFF		16384	/* the ModRM operand: [rbx + disp8] */
#define SRC_OFF		6000	/* string source and destination */
#define DST_OFF		26000
#define CASES		400	/* random cases per form */

#define RBX		3
#define RSP		4
#define RFLAGS_BASE	(RFLAGS_FIXED | RFLAGS_IF)

/* What a form is, for the generator (struct form's @t). */
#define T_BYTE		(1u << 0)	/* 8-bit operand: no 66/REX.W */
#define T_NO66		(1u << 1)
#define T_NOW		(1u << 2)	/* REX.W changes the form: never */
#define T_W		(1u << 3)	/* REX.W always */
#define T_LOCK		(1u << 4)	/* LOCK may be added */
#define T_STR		(1u << 5)	/* string op: no ModRM */
#define T_MOFFS		(1u << 6)	/* A0-A3: 8-byte address */
#define T_ALIGN		(1u << 7)	/* 16-byte aligned operand */
#define T_BTREG		(1u << 8)	/* the register is a bit offset */
#define T_XMM		(1u << 9)	/* ModRM.reg is an XMM register */
#define T_IMM8		(1u << 10)
#define T_IMMZ		(1u << 11)	/* imm16/32 by operand size */
#define T_BTFLAGS	(1u << 12)	/* only CF and ZF are defined */
#define T_LOGIC		(1u << 13)	/* AF is undefined */

struct form {
	const char *name;
	uint8_t pfx;		/* mandatory prefix (66, F2, F3) or 0 */
	uint8_t op[2];
	unsigned int op_len;
	int digit;		/* ModRM.reg of a group, or -1 */
	unsigned int t;
};

/* LOCK on CMP is #UD (SDM vol. 2B, LOCK): @t has no T_LOCK there. */
#define ALU_FORMS(name, base, t)					\
	{ name " r/m8, r8", 0, { base }, 1, -1, T_BYTE | (t) },	\
	{ name " r/m, r", 0, { base + 1 }, 1, -1, (t) },		\
	{ name " r8, r/m8", 0, { base + 2 }, 1, -1,			\
	  T_BYTE | ((t) & ~T_LOCK) },					\
	{ name " r, r/m", 0, { base + 3 }, 1, -1, (t) & ~T_LOCK },	\
	{ name " r/m8, imm8", 0, { 0x80 }, 1, base / 8,			\
	  T_BYTE | T_IMM8 | (t) },					\
	{ name " r/m, imm", 0, { 0x81 }, 1, base / 8, T_IMMZ | (t) },	\
	{ name " r/m, imm8", 0, { 0x83 }, 1, base / 8, T_IMM8 | (t) }

static const struct form forms[] = {
	/* The MOV family */
	{ "mov r/m8, r8", 0, { 0x88 }, 1, -1, T_BYTE },
	{ "mov r/m, r", 0, { 0x89 }, 1, -1, 0 },
	{ "mov r8, r/m8", 0, { 0x8a }, 1, -1, T_BYTE },
	{ "mov r, r/m", 0, { 0x8b }, 1, -1, 0 },
	{ "mov r/m8, imm8", 0, { 0xc6 }, 1, 0, T_BYTE | T_IMM8 },
	{ "mov r/m, imm", 0, { 0xc7 }, 1, 0, T_IMMZ },
	{ "mov al, moffs8", 0, { 0xa0 }, 1, -1, T_BYTE | T_MOFFS },
	{ "mov rax, moffs", 0, { 0xa1 }, 1, -1, T_MOFFS },
	{ "mov moffs8, al", 0, { 0xa2 }, 1, -1, T_BYTE | T_MOFFS },
	{ "mov moffs, rax", 0, { 0xa3 }, 1, -1, T_MOFFS },
	{ "movzx r, r/m8", 0, { 0x0f, 0xb6 }, 2, -1, 0 },
	{ "movzx r, r/m16", 0, { 0x0f, 0xb7 }, 2, -1, 0 },
	{ "movsx r, r/m8", 0, { 0x0f, 0xbe }, 2, -1, 0 },
	{ "movsx r, r/m16", 0, { 0x0f, 0xbf }, 2, -1, 0 },
	{ "movsxd r, r/m32", 0, { 0x63 }, 1, -1, 0 },
	{ "movnti m, r", 0, { 0x0f, 0xc3 }, 2, -1, T_NO66 },
	/* Exchanges */
	{ "xchg r/m8, r8", 0, { 0x86 }, 1, -1, T_BYTE | T_LOCK },
	{ "xchg r/m, r", 0, { 0x87 }, 1, -1, T_LOCK },
	{ "cmpxchg r/m8, r8", 0, { 0x0f, 0xb0 }, 2, -1, T_BYTE | T_LOCK },
	{ "cmpxchg r/m, r", 0, { 0x0f, 0xb1 }, 2, -1, T_LOCK },
	{ "xadd r/m8, r8", 0, { 0x0f, 0xc0 }, 2, -1, T_BYTE | T_LOCK },
	{ "xadd r/m, r", 0, { 0x0f, 0xc1 }, 2, -1, T_LOCK },
	/* The ALU group */
	ALU_FORMS("add", 0x00, T_LOCK),
	ALU_FORMS("or", 0x08, T_LOCK | T_LOGIC),
	ALU_FORMS("adc", 0x10, T_LOCK), ALU_FORMS("sbb", 0x18, T_LOCK),
	ALU_FORMS("and", 0x20, T_LOCK | T_LOGIC),
	ALU_FORMS("sub", 0x28, T_LOCK),
	ALU_FORMS("xor", 0x30, T_LOCK | T_LOGIC), ALU_FORMS("cmp", 0x38, 0),
	{ "test r/m8, r8", 0, { 0x84 }, 1, -1, T_BYTE | T_LOGIC },
	{ "test r/m, r", 0, { 0x85 }, 1, -1, T_LOGIC },
	{ "test r/m8, imm8", 0, { 0xf6 }, 1, 0, T_BYTE | T_IMM8 | T_LOGIC },
	{ "test r/m, imm", 0, { 0xf7 }, 1, 0, T_IMMZ | T_LOGIC },
	{ "not r/m8", 0, { 0xf6 }, 1, 2, T_BYTE | T_LOCK },
	{ "not r/m", 0, { 0xf7 }, 1, 2, T_LOCK },
	{ "neg r/m8", 0, { 0xf6 }, 1, 3, T_BYTE | T_LOCK },
	{ "neg r/m", 0, { 0xf7 }, 1, 3, T_LOCK },
	{ "inc r/m8", 0, { 0xfe }, 1, 0, T_BYTE | T_LOCK },
	{ "dec r/m8", 0, { 0xfe }, 1, 1, T_BYTE | T_LOCK },
	{ "inc r/m", 0, { 0xff }, 1, 0, T_LOCK },
	{ "dec r/m", 0, { 0xff }, 1, 1, T_LOCK },
	/* Bit tests */
	{ "bt r/m, r", 0, { 0x0f, 0xa3 }, 2, -1, T_BTREG | T_BTFLAGS },
	{ "bts r/m, r", 0, { 0x0f, 0xab }, 2, -1,
	  T_BTREG | T_BTFLAGS | T_LOCK },
	{ "btr r/m, r", 0, { 0x0f, 0xb3 }, 2, -1,
	  T_BTREG | T_BTFLAGS | T_LOCK },
	{ "btc r/m, r", 0, { 0x0f, 0xbb }, 2, -1,
	  T_BTREG | T_BTFLAGS | T_LOCK },
	{ "bt r/m, imm8", 0, { 0x0f, 0xba }, 2, 4, T_IMM8 | T_BTFLAGS },
	{ "bts r/m, imm8", 0, { 0x0f, 0xba }, 2, 5,
	  T_IMM8 | T_BTFLAGS | T_LOCK },
	{ "btr r/m, imm8", 0, { 0x0f, 0xba }, 2, 6,
	  T_IMM8 | T_BTFLAGS | T_LOCK },
	{ "btc r/m, imm8", 0, { 0x0f, 0xba }, 2, 7,
	  T_IMM8 | T_BTFLAGS | T_LOCK },
	/* String operations */
	{ "movsb", 0, { 0xa4 }, 1, -1, T_STR | T_BYTE },
	{ "movs", 0, { 0xa5 }, 1, -1, T_STR },
	{ "stosb", 0, { 0xaa }, 1, -1, T_STR | T_BYTE },
	{ "stos", 0, { 0xab }, 1, -1, T_STR },
	{ "lodsb", 0, { 0xac }, 1, -1, T_STR | T_BYTE },
	{ "lods", 0, { 0xad }, 1, -1, T_STR },
	/* SSE moves */
#define SSE(name, p, o, extra) \
	{ name, p, { 0x0f, o }, 2, -1, T_XMM | T_NO66 | T_NOW | (extra) }
	SSE("movups xmm, m", 0, 0x10, 0), SSE("movups m, xmm", 0, 0x11, 0),
	SSE("movupd xmm, m", 0x66, 0x10, 0),
	SSE("movupd m, xmm", 0x66, 0x11, 0),
	SSE("movss xmm, m", 0xf3, 0x10, 0), SSE("movss m, xmm", 0xf3, 0x11, 0),
	SSE("movsd xmm, m", 0xf2, 0x10, 0), SSE("movsd m, xmm", 0xf2, 0x11, 0),
	SSE("movlps xmm, m", 0, 0x12, 0), SSE("movlps m, xmm", 0, 0x13, 0),
	SSE("movlpd xmm, m", 0x66, 0x12, 0),
	SSE("movlpd m, xmm", 0x66, 0x13, 0),
	SSE("movhps xmm, m", 0, 0x16, 0), SSE("movhps m, xmm", 0, 0x17, 0),
	SSE("movhpd xmm, m", 0x66, 0x16, 0),
	SSE("movhpd m, xmm", 0x66, 0x17, 0),
	SSE("movaps xmm, m", 0, 0x28, T_ALIGN),
	SSE("movaps m, xmm", 0, 0x29, T_ALIGN),
	SSE("movapd xmm, m", 0x66, 0x28, T_ALIGN),
	SSE("movapd m, xmm", 0x66, 0x29, T_ALIGN),
	SSE("movntps m, xmm", 0, 0x2b, T_ALIGN),
	SSE("movntpd m, xmm", 0x66, 0x2b, T_ALIGN),
	SSE("movd xmm, m32", 0x66, 0x6e, 0),
	SSE("movd m32, xmm", 0x66, 0x7e, 0),
	{ "movq xmm, m64 (66 REX.W 0F 6E)", 0x66, { 0x0f, 0x6e }, 2, -1,
	  T_XMM | T_NO66 | T_W },
	{ "movq m64, xmm (66 REX.W 0F 7E)", 0x66, { 0x0f, 0x7e }, 2, -1,
	  T_XMM | T_NO66 | T_W },
	SSE("movq xmm, m64", 0xf3, 0x7e, 0),
	SSE("movq m64, xmm", 0x66, 0xd6, 0),
	SSE("movdqa xmm, m", 0x66, 0x6f, T_ALIGN),
	SSE("movdqa m, xmm", 0x66, 0x7f, T_ALIGN),
	SSE("movdqu xmm, m", 0xf3, 0x6f, 0),
	SSE("movdqu m, xmm", 0xf3, 0x7f, 0),
	SSE("movntdq m, xmm", 0x66, 0xe7, T_ALIGN),
};

static uint8_t *code, *cpu_mem, *emu_mem;
static int intel_host;		/* compare the undefined flags too */
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A value biased to where the flags change: the edges of each width. */
static uint64_t edge(void)
{
	static const uint64_t e[] = {
		0, 1, 2, 0xf, 0x10, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
		0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff,
		0x8000000000000000, ~0ull, ~0ull - 1,
	};

	switch (rnd() % 4) {
	case 0:
		return e[rnd() % (sizeof(e) / sizeof(e[0]))];
	case 1:
		return e[rnd() % (sizeof(e) / sizeof(e[0]))] ^
		       (rnd() & 0xffffffff00000000ull);
	default:
		return rnd();
	}
}

/* The emulator's side: the fake device is emu_mem, at cpu_mem's layout. */
struct fake {
	uint64_t op;			/* the operand's offset in the area */
	struct cpu_state *s;
	int bad;
};

static int in_area(int64_t off, unsigned int size)
{
	return off >= 0 && off + size <= AREA;
}

static enum emul_status f_op_read(void *ctx, int64_t delta, unsigned int size,
				  uint64_t *val)
{
	struct fake *f = ctx;

	*val = 0;
	if (!in_area((int64_t)f->op + delta, size)) {
		f->bad = 1;
		return EMUL_STOP;
	}
	memcpy(val, emu_mem + f->op + delta, size);
	return EMUL_OK;
}

static enum emul_status f_op_write(void *ctx, int64_t delta,
				   unsigned int size, uint64_t val)
{
	struct fake *f = ctx;

	if (!in_area((int64_t)f->op + delta, size)) {
		f->bad = 1;
		return EMUL_STOP;
	}
	memcpy(emu_mem + f->op + delta, &val, size);
	return EMUL_OK;
}

static enum emul_status f_str_read(void *ctx, enum x86_seg seg, uint64_t off,
				   unsigned int size, uint64_t *val)
{
	struct fake *f = ctx;
	int64_t o = (int64_t)(off - (uintptr_t)cpu_mem);

	*val = 0;
	if (seg != X86_SEG_DS || !in_area(o, size)) {
		f->bad = 1;
		return EMUL_STOP;
	}
	memcpy(val, emu_mem + o, size);
	return EMUL_OK;
}

static enum emul_status f_str_write(void *ctx, uint64_t off,
				    unsigned int size, uint64_t val, int check)
{
	struct fake *f = ctx;
	int64_t o = (int64_t)(off - (uintptr_t)cpu_mem);

	if (!in_area(o, size)) {
		f->bad = 1;
		return EMUL_STOP;
	}
	if (!check)
		memcpy(emu_mem + o, &val, size);
	return EMUL_OK;
}

static void f_xmm_read(void *ctx, unsigned int n, uint64_t v[2])
{
	struct fake *f = ctx;

	v[0] = f->s->xmm[n][0];
	v[1] = f->s->xmm[n][1];
}

static void f_xmm_write(void *ctx, unsigned int n, const uint64_t v[2])
{
	struct fake *f = ctx;

	f->s->xmm[n][0] = v[0];
	f->s->xmm[n][1] = v[1];
}

/* One case: the bytes assembled and the state before. */
struct gen {
	uint8_t bytes[16];
	unsigned int len;
	unsigned int opsize;
	unsigned int rep;
	uint64_t op;			/* the operand's offset */
	struct cpu_state s;
};

static int pick_reg(const struct form *f, int rex)
{
	static const int plain[] = { 0, 1, 2, 5, 6, 7 };
	static const int byte[] = { 0, 1, 2, 4, 5, 6 };	/* AL-DL, AH-DH */
	static const int wide[] = { 0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13,
				    14, 15 };

	if (f->t & T_XMM)
		return (int)(rnd() % 16);
	if (!rex)
		return (f->t & T_BYTE) ? byte[rnd() % 6] : plain[rnd() % 6];
	return wide[rnd() % 14];
}

static void generate(const struct form *f, struct gen *g)
{
	unsigned int n = 0, i, disp = 0, immlen = 0;
	int p66 = 0, w = 0, lock = 0, a32 = 0, rex, reg;
	uint8_t rep = 0;

	memset(g, 0, sizeof(*g));
	if (!(f->t & (T_BYTE | T_NO66)))
		p66 = rnd() % 3 == 0;
	if (f->t & T_W)
		w = 1;
	else if (!(f->t & (T_BYTE | T_NOW)))
		w = rnd() % 2;
	if ((f->t & T_LOCK) && rnd() % 3 == 0)
		lock = 1;
	if (f->t & T_STR) {
		rep = (uint8_t[]){ 0, 0xf3, 0xf2 }[rnd() % 3];
		a32 = rnd() % 4 == 0;
	}
	/* REX for REX.W, a high register or, at random, no reason. */
	rex = w || rnd() % 2;
	reg = f->digit >= 0 ? f->digit : pick_reg(f, rex);
	if (reg >= 8)
		rex = 1;
	if ((f->t & T_BYTE) && rex && f->digit < 0 && reg == RSP)
		reg = 0;			/* SPL: the host's stack */

	if (lock)
		g->bytes[n++] = 0xf0;
	if (f->pfx)
		g->bytes[n++] = f->pfx;
	if (p66)
		g->bytes[n++] = 0x66;
	if (a32)
		g->bytes[n++] = 0x67;
	if (rep)
		g->bytes[n++] = rep;
	if (rex && !(f->t & (T_STR | T_MOFFS)))
		g->bytes[n++] = 0x40 | (w ? 8 : 0) | (reg >= 8 ? 4 : 0);
	else if (w)
		g->bytes[n++] = 0x48;
	for (i = 0; i < f->op_len; i++)
		g->bytes[n++] = f->op[i];

	g->opsize = (f->t & T_BYTE) ? 1 : w ? 8 : p66 ? 2 : 4;
	g->op = OP_OFF;
	if (f->t & T_MOFFS) {
		uint64_t a = (uintptr_t)cpu_mem + OP_OFF + rnd() % 16;

		g->op = a - (uintptr_t)cpu_mem;
		memcpy(&g->bytes[n], &a, 8);
		n += 8;
	} else if (!(f->t & T_STR)) {
		disp = (f->t & T_ALIGN) ? 16 * (rnd() % 2) : rnd() % 16;
		g->op += disp;
		g->bytes[n++] = 0x40 | ((reg & 7) << 3) | RBX; /* [rbx+d8] */
		g->bytes[n++] = (uint8_t)disp;
	}
	if (f->t & T_IMM8)
		immlen = 1;
	else if (f->t & T_IMMZ)
		immlen = g->opsize == 2 ? 2 : 4;
	for (i = 0; i < immlen; i++)
		g->bytes[n++] = (uint8_t)(i == 0 ? edge() : rnd());
	g->len = n;

	for (i = 0; i < 16; i++)
		g->s.gpr[i] = edge();
	g->s.gpr[RSP] = 0;
	g->s.gpr[RBX] = (uintptr_t)cpu_mem + OP_OFF;
	for (i = 0; i < 16; i++) {
		g->s.xmm[i][0] = rnd();
		g->s.xmm[i][1] = rnd();
	}
	g->s.rflags = RFLAGS_BASE | (rnd() & ALU_FLAGS);
	if (f->t & T_BTREG) {
		/* A small signed bit offset at the operand size, garbage
		 * above it: the sign extension is part of the rule. */
		int64_t bits = (int64_t)(rnd() % 4096) - 2048;
		uint64_t m = alu_mask(g->opsize);

		g->s.gpr[reg] = (rnd() & ~m) | ((uint64_t)bits & m);
	}
	if (f->t & T_STR) {
		uint64_t hi = a32 ? rnd() << 32 : 0;

		if (rnd() % 2)
			g->s.rflags |= RFLAGS_DF;
		g->rep = rep;
		g->s.gpr[EMUL_RCX] = hi | (rnd() % 8 == 0 ? 250 + rnd() % 60
							  : rnd() % 20);
		g->s.gpr[EMUL_RSI] = hi | ((uintptr_t)cpu_mem + SRC_OFF);
		g->s.gpr[EMUL_RDI] = hi | ((uintptr_t)cpu_mem + DST_OFF);
	}
}

static void dump(const struct form *f, const struct gen *g, const char *what)
{
	unsigned int i;

	print_error("%s: bytes", f->name);
	for (i = 0; i < g->len; i++)
		print_error(" %02x", g->bytes[i]);
	print_error(": %s\n", what);
}

/* Run one case both ways; returns 0 when they agree. */
static int referee(const struct form *f, const struct gen *g)
{
	struct cpu_state cpu = g->s, emu = g->s;
	struct emul_regs r;
	struct fake fk = { .op = g->op, .s = &emu };
	struct emul_ops ops = {
		.ctx = &fk, .op_read = f_op_read, .op_write = f_op_write,
		.str_read = f_str_read, .str_write = f_str_write,
		.xmm_read = f_xmm_read, .xmm_write = f_xmm_write,
		.op_gla = (uintptr_t)cpu_mem + g->op,
	};
	uint64_t fmask = intel_host ? ALU_FLAGS :
			 (f->t & T_BTFLAGS) ? RFLAGS_CF | RFLAGS_ZF :
			 (f->t & T_LOGIC) ? ALU_FLAGS & ~RFLAGS_AF : ALU_FLAGS;
	enum emul_result res;
	struct x86_insn in;
	unsigned int i, rounds = 0;
	char why[128];

	for (i = 0; i < 64; i++)
		cpu_mem[g->op - 24 + i] = (uint8_t)edge();
	memcpy(emu_mem, cpu_mem, AREA);
	memcpy(code, g->bytes, g->len);
	code[g->len] = 0xc3;			/* RET */

	if (insn_decode(g->bytes, g->len, INSN_MODE_64, &in) ||
	    in.len != g->len) {
		dump(f, g, "decode refused or wrong length");
		return -1;
	}
	referee_run(&cpu, code);

	memcpy(r.gpr, emu.gpr, sizeof(r.gpr));
	r.rflags = emu.rflags;
	do {
		res = emul_exec(&in, &r, &ops);
		rounds++;
	} while (res == EMUL_AGAIN && rounds < 8);
	if (res != EMUL_DONE || fk.bad) {
		snprintf(why, sizeof(why), "emulator result %d%s", res,
			 fk.bad ? ", access outside memory" : "");
		dump(f, g, why);
		return -1;
	}
	/* REP stops after EMUL_REP_MAX elements and resumes where it was. */
	if (g->rep && (g->s.gpr[EMUL_RCX] & alu_mask(in.asize)) >
		      EMUL_REP_MAX && rounds < 2) {
		dump(f, g, "a long REP was not cut at EMUL_REP_MAX");
		return -1;
	}
	/* A 32-bit-address REP that finds ECX zero moves nothing; Intel
	 * CPUs still write RCX, RSI and RDI as 32-bit registers (the quirk
	 * src/emul/string.c reproduces), other vendors leave them alone: on
	 * those hosts bits 63:32 of the three are not compared then. */
	if (!intel_host && g->rep && in.asize == 4 &&
	    !(uint32_t)g->s.gpr[EMUL_RCX]) {
		static const unsigned int quirk[] = { EMUL_RCX, EMUL_RSI,
						      EMUL_RDI };

		for (i = 0; i < 3; i++) {
			r.gpr[quirk[i]] = (uint32_t)r.gpr[quirk[i]];
			cpu.gpr[quirk[i]] = (uint32_t)cpu.gpr[quirk[i]];
		}
	}
	for (i = 0; i < 16; i++) {
		if (i != RSP && r.gpr[i] != cpu.gpr[i]) {
			snprintf(why, sizeof(why), "register %u: cpu %#lx, "
				 "emulator %#lx (before %#lx)", i, cpu.gpr[i],
				 r.gpr[i], g->s.gpr[i]);
			dump(f, g, why);
			return -1;
		}
		if (emu.xmm[i][0] != cpu.xmm[i][0] ||
		    emu.xmm[i][1] != cpu.xmm[i][1]) {
			snprintf(why, sizeof(why), "xmm%u differs", i);
			dump(f, g, why);
			return -1;
		}
	}
	if ((r.rflags ^ cpu.rflags) & (fmask | RFLAGS_DF)) {
		snprintf(why, sizeof(why), "flags: cpu %#lx, emulator %#lx "
			 "(before %#lx, compared %#lx)", cpu.rflags, r.rflags,
			 g->s.rflags, fmask);
		dump(f, g, why);
		return -1;
	}
	for (i = 0; i < AREA; i++) {
		if (cpu_mem[i] != emu_mem[i]) {
			snprintf(why, sizeof(why), "memory at +%u: cpu %#x, "
				 "emulator %#x", i, cpu_mem[i], emu_mem[i]);
			dump(f, g, why);
			return -1;
		}
	}
	return 0;
}

static int setup(void **state)
{
	unsigned int a, vendor[3];

	(void)state;
	/* CPUID leaf 0: the vendor in EBX, EDX, ECX (SDM vol. 2A, CPUID). */
	__asm__("cpuid" : "=a"(a), "=b"(vendor[0]), "=d"(vendor[1]),
		"=c"(vendor[2]) : "a"(0), "c"(0));
	intel_host = !memcmp(vendor, "GenuineIntel", 12);
	print_message("referee: %.12s host, %s flags compared\n",
		      (char *)vendor, intel_host ? "all six" : "the defined");
	code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* Below 4 GiB, so a 32-bit address size reaches it too. */
	cpu_mem = mmap(NULL, AREA, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	emu_mem = malloc(AREA);
	if (code == MAP_FAILED || cpu_mem == MAP_FAILED || !emu_mem)
		return -1;
	for (unsigned int i = 0; i < AREA; i++)
		cpu_mem[i] = (uint8_t)rnd();
	return 0;
}

static void test_referee(void **state)
{
	unsigned int i, k, failed = 0, forms_failed = 0;
	struct gen g;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		unsigned int bad = 0;

		for (k = 0; k < CASES; k++) {
			generate(&forms[i], &g);
			if (referee(&forms[i], &g) && ++bad >= 3)
				break;
		}
		failed += bad;
		forms_failed += !!bad;
	}
	if (failed)
		print_error("%u forms disagree with the CPU\n", forms_failed);
	assert_int_equal(failed, 0);
}

/* MOVAPS and kin on a misaligned operand: #GP(0), nothing touched. */
static void test_misaligned(void **state)
{
	static const uint8_t movaps[] = { 0x0f, 0x28, 0x43, 0x01 };
	static const uint8_t movdqu[] = { 0xf3, 0x0f, 0x6f, 0x43, 0x01 };
	struct cpu_state s = { 0 };
	struct fake fk = { .op = OP_OFF + 1, .s = &s };
	struct emul_ops ops = {
		.ctx = &fk, .op_read = f_op_read, .op_write = f_op_write,
		.xmm_read = f_xmm_read, .xmm_write = f_xmm_write,
		.op_gla = (uintptr_t)cpu_mem + OP_OFF + 1,
	};
	struct emul_regs r = { .rflags = RFLAGS_BASE };
	struct x86_insn in;

	(void)state;
	assert_int_equal(insn_decode(movaps, sizeof(movaps), INSN_MODE_64,
				     &in), 0);
	assert_int_equal(emul_exec(&in, &r, &ops), EMUL_GP);
	assert_int_equal(insn_decode(movdqu, sizeof(movdqu), INSN_MODE_64,
				     &in), 0);
	assert_int_equal(emul_exec(&in, &r, &ops), EMUL_DONE);
}

/* What the decoder must refuse: the CPU raises #UD before any access. */
static void test_refused(void **state)
{
	static const struct {
		const char *text;
		uint8_t b[8];
		unsigned int n;
	} rows[] = {
		{ "lock mov", { 0xf0, 0x89, 0x03 }, 3 },
		{ "lock cmp r/m, r", { 0xf0, 0x39, 0x03 }, 3 },
		{ "lock test", { 0xf0, 0x85, 0x03 }, 3 },
		{ "lock bt", { 0xf0, 0x0f, 0xa3, 0x03 }, 4 },
		{ "lock cmp imm", { 0xf0, 0x83, 0x3b, 0x01 }, 4 },
		{ "mul r/m (F7 /4)", { 0xf7, 0x23 }, 2 },
		{ "call r/m (FF /2)", { 0xff, 0x13 }, 2 },
		{ "bt r/m8 does not exist: 0F BA /0", { 0x0f, 0xba, 0x03, 1 },
		  4 },
		{ "movq mm, m (MMX)", { 0x0f, 0x6f, 0x03 }, 3 },
		{ "cmpsb", { 0xa6 }, 1 },
		{ "vmovdqu (VEX)", { 0xc5, 0xfa, 0x6f, 0x03 }, 4 },
		{ "add r, r", { 0x01, 0xc3 }, 2 },
		{ "movnti with 66", { 0x66, 0x0f, 0xc3, 0x03 }, 4 },
	};
	struct x86_insn in;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (insn_decode(rows[i].b, rows[i].n, INSN_MODE_64, &in) != -1)
			print_error("decoded: %s\n", rows[i].text);
		assert_int_equal(insn_decode(rows[i].b, rows[i].n,
					     INSN_MODE_64, &in), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_referee),
		cmocka_unit_test(test_misaligned),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests_name("mmio_emul_ref", tests, setup,
					   NULL);
}
