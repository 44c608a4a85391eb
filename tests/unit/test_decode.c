/*
 * test_decode.c - the MMIO instruction decoder on the MOV family in each
 * mode, and on what it must refuse. Every byte sequence was assembled by
 * GNU as (.code16/.code32/.code64) from the text beside it and checked
 * against objdump -d; ".byte" rows spell out encodings as will not emit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "decode.h"

#define M16	INSN_MODE_16
#define M32	INSN_MODE_32
#define M64	INSN_MODE_64

/* Register numbers as encoded (SDM vol. 2A, table 3-1). */
enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
       R8, R9, R10, R11, R12, R13, R14, R15 };
/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
enum { AH = 4, CH, DH, BH };

struct row {
	const char *text;
	enum insn_mode mode;
	uint8_t bytes[16];
	unsigned int len;
	/* The expected decode. */
	unsigned int size;
	int write;
	int has_imm;
	uint64_t imm;
	int reg;
	int zx;
	int sx;
	unsigned int dst;
	int high;
};

/* The bytes and, from their count, the expected length. */
#define B(...)		.bytes = { __VA_ARGS__ }, \
			.len = sizeof((uint8_t[]){ __VA_ARGS__ })
#define ST(sz, r)	.size = (sz), .write = 1, .reg = (r), .dst = (sz)
#define LD(sz, r)	.size = (sz), .reg = (r), .dst = (sz)
#define IMM(sz, v)	.size = (sz), .write = 1, .has_imm = 1, .imm = (v), \
			.reg = -1
#define ZX(sz, r, d)	.size = (sz), .reg = (r), .zx = 1, .dst = (d)
#define SX(sz, r, d)	.size = (sz), .reg = (r), .sx = 1, .dst = (d)
#define HIGH		.high = 1

#define MOFFS64		0x00, 0x00, 0xb0, 0xfe, 0x00, 0x00, 0x00, 0x00
#define MOFFS32		0x00, 0x00, 0xb0, 0xfe
#define MOFFS16		0x34, 0x12

static const struct row stores[] = {
	{ "mov %eax, (%rbx)", M64, B(0x89, 0x03), ST(4, RAX) },
	{ "movw %ax, (%rbx)", M64, B(0x66, 0x89, 0x03), ST(2, RAX) },
	{ "mov %r9, (%r10)", M64, B(0x4d, 0x89, 0x0a), ST(8, R9) },
	{ "mov %r9d, 0x0(%r13)", M64, B(0x45, 0x89, 0x4d, 0x00), ST(4, R9) },
	{ "mov %ax, (%r12)", M64, B(0x66, 0x41, 0x89, 0x04, 0x24),
	  ST(2, RAX) },
	{ "mov %r12, 0x7f(%r13)", M64, B(0x4d, 0x89, 0x65, 0x7f),
	  ST(8, R12) },
	{ "mov %ah, (%rbx)", M64, B(0x88, 0x23), ST(1, AH), HIGH },
	{ "mov %sil, (%rbx)", M64, B(0x40, 0x88, 0x33), ST(1, RSI) },
	{ "mov %spl, 0x12345678(%rbp,%r9,8)", M64,
	  B(0x42, 0x88, 0xa4, 0xcd, 0x78, 0x56, 0x34, 0x12), ST(1, RSP) },
	{ "mov %eax, (%ebx)", M32, B(0x89, 0x03), ST(4, RAX) },
	{ "mov %ax, (%ebx)", M32, B(0x66, 0x89, 0x03), ST(2, RAX) },
	{ "mov %ch, 0x10(%esp)", M32, B(0x88, 0x6c, 0x24, 0x10),
	  ST(1, CH), HIGH },
	{ "mov %ax, (%bx,%si)", M16, B(0x89, 0x00), ST(2, RAX) },
	{ "mov %bx, 0x1234", M16, B(0x89, 0x1e, 0x34, 0x12), ST(2, RBX) },
	{ "mov %ah, (%bx)", M16, B(0x88, 0x27), ST(1, AH), HIGH },
	{ "mov %eax, (%ebx)", M16, B(0x67, 0x66, 0x89, 0x03), ST(4, RAX) },
};

static const struct row loads[] = {
	{ "mov 0x100(%rip), %eax", M64,
	  B(0x8b, 0x05, 0x00, 0x01, 0x00, 0x00), LD(4, RAX) },
	{ "mov (%r15), %r14", M64, B(0x4d, 0x8b, 0x37), LD(8, R14) },
	{ "mov (%rbx), %bh", M64, B(0x8a, 0x3b), LD(1, BH), HIGH },
	{ "mov (%rbx), %r12b", M64, B(0x44, 0x8a, 0x23), LD(1, R12) },
	{ "mov (%rax), %al", M64, B(0x8a, 0x00), LD(1, RAX) },
	{ "mov 0x12345678, %ecx", M64,
	  B(0x8b, 0x0c, 0x25, 0x78, 0x56, 0x34, 0x12), LD(4, RCX) },
	{ "mov (%ebx), %bh", M32, B(0x8a, 0x3b), LD(1, BH), HIGH },
	{ "mov 0x12345678, %ecx", M32,
	  B(0x8b, 0x0d, 0x78, 0x56, 0x34, 0x12), LD(4, RCX) },
	{ "mov (%bp), %cx", M16, B(0x8b, 0x4e, 0x00), LD(2, RCX) },
	{ "mov 0x1234, %bl", M16, B(0x8a, 0x1e, 0x34, 0x12), LD(1, RBX) },
	{ "mov 0x10(%eax,%ecx,4), %dx", M16,
	  B(0x67, 0x8b, 0x54, 0x88, 0x10), LD(2, RDX) },
};

static const struct row imms[] = {
	{ "movq $-1, 0x10(%rax,%rcx,4)", M64,
	  B(0x48, 0xc7, 0x44, 0x88, 0x10, 0xff, 0xff, 0xff, 0xff),
	  IMM(8, 0xffffffffffffffffull) },
	{ "movq $0x7fffffff, (%rax)", M64,
	  B(0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0x7f), IMM(8, 0x7fffffff) },
	{ "movl $-1, 0x10(%rax,%rcx,4)", M64,
	  B(0xc7, 0x44, 0x88, 0x10, 0xff, 0xff, 0xff, 0xff),
	  IMM(4, 0xffffffff) },
	{ "movw $0x1234, (%rdx)", M64, B(0x66, 0xc7, 0x02, 0x34, 0x12),
	  IMM(2, 0x1234) },
	{ "movw $-2, (%rdx)", M64, B(0x66, 0xc7, 0x02, 0xfe, 0xff),
	  IMM(2, 0xfffe) },
	{ "movb $0x5a, (%rdi)", M64, B(0xc6, 0x07, 0x5a), IMM(1, 0x5a) },
	{ "movb $0x80, (%rdi)", M64, B(0xc6, 0x07, 0x80), IMM(1, 0x80) },
	{ "movb $-1, (%r8)", M64, B(0x41, 0xc6, 0x00, 0xff), IMM(1, 0xff) },
	{ "movl $-1, 0x10(%eax,%ecx,4)", M32,
	  B(0xc7, 0x44, 0x88, 0x10, 0xff, 0xff, 0xff, 0xff),
	  IMM(4, 0xffffffff) },
	{ "movl $0x11223344, 0x12345678(%ebx)", M32,
	  B(0xc7, 0x83, 0x78, 0x56, 0x34, 0x12, 0x44, 0x33, 0x22, 0x11),
	  IMM(4, 0x11223344) },
	{ "movw $0x1234, (%edx)", M32, B(0x66, 0xc7, 0x02, 0x34, 0x12),
	  IMM(2, 0x1234) },
	{ "movb $0x5a, (%edi)", M32, B(0xc6, 0x07, 0x5a), IMM(1, 0x5a) },
	{ "movw $0xbeef, (%di)", M16, B(0xc7, 0x05, 0xef, 0xbe),
	  IMM(2, 0xbeef) },
	{ "movl $0xdeadbeef, 0x10(%bx)", M16,
	  B(0x66, 0xc7, 0x47, 0x10, 0xef, 0xbe, 0xad, 0xde),
	  IMM(4, 0xdeadbeef) },
	{ "movb $0x7f, 0x1234", M16, B(0xc6, 0x06, 0x34, 0x12, 0x7f),
	  IMM(1, 0x7f) },
};

static const struct row extends[] = {
	{ "movzbl (%rsi), %ecx", M64, B(0x0f, 0xb6, 0x0e), ZX(1, RCX, 4) },
	{ "movzwl (%rsi), %ecx", M64, B(0x0f, 0xb7, 0x0e), ZX(2, RCX, 4) },
	{ "movzbq (%rsi), %r11", M64, B(0x4c, 0x0f, 0xb6, 0x1e),
	  ZX(1, R11, 8) },
	{ ".byte 0x66,0x0f,0xb7,0x06: movzww (%rsi), %ax", M64,
	  B(0x66, 0x0f, 0xb7, 0x06), ZX(2, RAX, 2) },
	{ "movsbl 0x7f(%rsi), %ecx", M64, B(0x0f, 0xbe, 0x4e, 0x7f),
	  SX(1, RCX, 4) },
	{ "movswq (%rsi), %rax", M64, B(0x48, 0x0f, 0xbf, 0x06),
	  SX(2, RAX, 8) },
	{ "movsbw (%rsi), %ax", M64, B(0x66, 0x0f, 0xbe, 0x06),
	  SX(1, RAX, 2) },
	{ "movzbl (%esi), %ecx", M32, B(0x0f, 0xb6, 0x0e), ZX(1, RCX, 4) },
	{ "movzwl 0x80(%esi), %ecx", M32,
	  B(0x0f, 0xb7, 0x8e, 0x80, 0x00, 0x00, 0x00), ZX(2, RCX, 4) },
	{ "movsbl (%esi), %ecx", M32, B(0x0f, 0xbe, 0x0e), SX(1, RCX, 4) },
	{ "movswl -4(%ebp), %eax", M32, B(0x0f, 0xbf, 0x45, 0xfc),
	  SX(2, RAX, 4) },
	{ "movsbw (%esi), %ax", M32, B(0x66, 0x0f, 0xbe, 0x06),
	  SX(1, RAX, 2) },
	{ "movzbw (%si), %cx", M16, B(0x0f, 0xb6, 0x0c), ZX(1, RCX, 2) },
	{ "movzbl (%si), %ecx", M16, B(0x66, 0x0f, 0xb6, 0x0c),
	  ZX(1, RCX, 4) },
	{ "movzwl 0x10(%bx,%di), %eax", M16,
	  B(0x66, 0x0f, 0xb7, 0x41, 0x10), ZX(2, RAX, 4) },
	{ "movsbw -1(%bp), %ax", M16, B(0x0f, 0xbe, 0x46, 0xff),
	  SX(1, RAX, 2) },
	{ "movswl (%bx), %eax", M16, B(0x66, 0x0f, 0xbf, 0x07),
	  SX(2, RAX, 4) },
};

static const struct row moffs[] = {
	{ "movabs 0xfeb00000, %eax", M64, B(0xa1, MOFFS64), LD(4, RAX) },
	{ "movabs %eax, 0xfeb00000", M64, B(0xa3, MOFFS64), ST(4, RAX) },
	{ "movabs 0xfeb00000, %rax", M64, B(0x48, 0xa1, MOFFS64),
	  LD(8, RAX) },
	{ "movabs 0xfeb00000, %ax", M64, B(0x66, 0xa1, MOFFS64),
	  LD(2, RAX) },
	{ "movabs 0xfeb00000, %al", M64, B(0xa0, MOFFS64), LD(1, RAX) },
	{ "movabs %al, 0xfeb00000", M64, B(0xa2, MOFFS64), ST(1, RAX) },
	{ "addr32 mov 0xfeb00000, %eax", M64, B(0x67, 0xa1, MOFFS32),
	  LD(4, RAX) },
	{ "mov 0xfeb00000, %eax", M32, B(0xa1, MOFFS32), LD(4, RAX) },
	{ "mov %eax, 0xfeb00000", M32, B(0xa3, MOFFS32), ST(4, RAX) },
	{ "mov 0xfeb00000, %ax", M32, B(0x66, 0xa1, MOFFS32), LD(2, RAX) },
	{ "mov 0xfeb00000, %al", M32, B(0xa0, MOFFS32), LD(1, RAX) },
	{ "mov %al, 0xfeb00000", M32, B(0xa2, MOFFS32), ST(1, RAX) },
	{ "addr16 mov 0x1234, %eax", M32, B(0x67, 0xa1, MOFFS16),
	  LD(4, RAX) },
	{ "mov 0x1234, %ax", M16, B(0xa1, MOFFS16), LD(2, RAX) },
	{ "mov %ax, 0x1234", M16, B(0xa3, MOFFS16), ST(2, RAX) },
	{ "mov %eax, 0x1234", M16, B(0x66, 0xa3, MOFFS16), ST(4, RAX) },
	{ "mov 0x1234, %al", M16, B(0xa0, MOFFS16), LD(1, RAX) },
	{ "mov %al, 0x1234", M16, B(0xa2, MOFFS16), ST(1, RAX) },
	{ "addr32 mov 0xfeb00000, %ax", M16, B(0x67, 0xa1, MOFFS32),
	  LD(2, RAX) },
};

/* The ModRM/SIB/displacement forms of SDM vol. 2A, tables 2-1 to 2-3. */
static const struct row addressing[] = {
	{ "mov %edx, 0x0(,%rcx,8)", M64,
	  B(0x89, 0x14, 0xcd, 0x00, 0x00, 0x00, 0x00), ST(4, RDX) },
	{ "mov %eax, 0x8(%rbp,%rcx,2)", M64, B(0x89, 0x44, 0x4d, 0x08),
	  ST(4, RAX) },
	{ "mov 0x100(%eip), %eax", M64,
	  B(0x67, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00), LD(4, RAX) },
	{ "mov 0x44(%eax,%ebx,2), %rdx", M64,
	  B(0x67, 0x48, 0x8b, 0x54, 0x58, 0x44), LD(8, RDX) },
	{ "mov %ecx, (%ebx)", M64, B(0x67, 0x89, 0x0b), ST(4, RCX) },
	{ "mov 0xfeb00000(,%eax,1), %edx", M32,
	  B(0x8b, 0x14, 0x05, 0x00, 0x00, 0xb0, 0xfe), LD(4, RDX) },
	{ "mov %edx, 0x0(%ebp)", M32, B(0x89, 0x55, 0x00), ST(4, RDX) },
	{ "mov %edx, 0x8(%ebp,%eax,8)", M32, B(0x89, 0x54, 0xc5, 0x08),
	  ST(4, RDX) },
	{ "mov %ax, (%bx,%si)", M32, B(0x67, 0x66, 0x89, 0x00),
	  ST(2, RAX) },
	{ "mov 0x12(%bp,%di), %dx", M16, B(0x8b, 0x53, 0x12), LD(2, RDX) },
	{ "mov %bx, 0x1234(%si)", M16, B(0x89, 0x9c, 0x34, 0x12),
	  ST(2, RBX) },
};

static const struct row prefixes[] = {
	{ "mov %fs:(%rax), %edx", M64, B(0x64, 0x8b, 0x10), LD(4, RDX) },
	{ "es mov %edx, 0x8(%rsp)", M64, B(0x26, 0x89, 0x54, 0x24, 0x08),
	  ST(4, RDX) },
	{ "es cs ss ds fs gs mov %eax, (%rbx)", M64,
	  B(0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x89, 0x03), ST(4, RAX) },
	{ "mov %ss:(%eax), %edx", M32, B(0x36, 0x8b, 0x10), LD(4, RDX) },
	{ "mov %cs:0x4(%si), %ax", M16, B(0x2e, 0x8b, 0x44, 0x04),
	  LD(2, RAX) },
	/* REX.W wins over 66H. */
	{ "data16 mov %rax, (%rbx)", M64, B(0x66, 0x48, 0x89, 0x03),
	  ST(8, RAX) },
	/* A REX not right before the opcode is ignored (vol. 2A, 2.2.1). */
	{ "rex.W; mov %ax, (%rbx)", M64, B(0x48, 0x66, 0x89, 0x03),
	  ST(2, RAX) },
	{ "rex.R; mov %rax, (%rbx)", M64, B(0x44, 0x48, 0x89, 0x03),
	  ST(8, RAX) },
	{ "rex; data16 mov %ah, (%rbx)", M64, B(0x40, 0x66, 0x88, 0x23),
	  ST(1, AH), HIGH },
	/* Thirteen prefixes and a 2-byte MOV: exactly 15 bytes. */
	{ "13 x ds; mov %eax, (%rbx)", M64,
	  B(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x3e, 0x3e, 0x3e, 0x89, 0x03), ST(4, RAX) },
	{ "6 x ds; movq $-1, 0x10(%rax,%rcx,4)", M64,
	  B(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x48, 0xc7, 0x44, 0x88, 0x10, 0xff, 0xff, 0xff, 0xff),
	  IMM(8, 0xffffffffffffffffull) },
};

/* Decode @r with @avail bytes of it followed by filler. */
static int decode_row(const struct row *r, size_t avail,
		      struct mmio_insn *out)
{
	uint8_t buf[32];

	memset(buf, 0xcc, sizeof(buf));
	memcpy(buf, r->bytes, r->len);
	return insn_decode_mmio(buf, avail, r->mode, out);
}

/* Fail naming the row's text and the field that differs. */
#define EXPECT(r, got, want) do {					\
	if ((uint64_t)(got) != (uint64_t)(want))			\
		fail_msg("%s (avail %zu): %s is %#llx, want %#llx",	\
			 (r)->text, avail, #got,			\
			 (unsigned long long)(got),			\
			 (unsigned long long)(want));			\
} while (0)

static void check_row(const struct row *r)
{
	/* Exactly the instruction, then with bytes to spare. */
	const size_t avails[] = { r->len, 32 };
	struct mmio_insn out;
	size_t i, avail;

	for (i = 0; i < 2; i++) {
		avail = avails[i];
		memset(&out, 0x5a, sizeof(out));
		EXPECT(r, decode_row(r, avail, &out), 0);
		EXPECT(r, out.len, r->len);
		EXPECT(r, out.size, r->size);
		EXPECT(r, out.write, r->write);
		EXPECT(r, out.has_imm, r->has_imm);
		EXPECT(r, out.imm, r->imm);
		EXPECT(r, out.reg, r->reg);
		EXPECT(r, out.zero_extend, r->zx);
		EXPECT(r, out.sign_extend, r->sx);
		EXPECT(r, out.dst_size, r->dst);
		EXPECT(r, out.high_byte, r->high);
	}
}

#define CHECK_ROWS(rows) do {						\
	size_t i_;							\
	for (i_ = 0; i_ < sizeof(rows) / sizeof(rows[0]); i_++)		\
		check_row(&rows[i_]);					\
} while (0)

static void test_mov_store(void **state)
{
	(void)state;
	CHECK_ROWS(stores);
}

static void test_mov_load(void **state)
{
	(void)state;
	CHECK_ROWS(loads);
}

static void test_mov_imm(void **state)
{
	(void)state;
	CHECK_ROWS(imms);
}

static void test_movzx_movsx(void **state)
{
	(void)state;
	CHECK_ROWS(extends);
}

static void test_moffs(void **state)
{
	(void)state;
	CHECK_ROWS(moffs);
}

static void test_addressing(void **state)
{
	(void)state;
	CHECK_ROWS(addressing);
}

static void test_prefixes(void **state)
{
	(void)state;
	CHECK_ROWS(prefixes);
}

/* Every proper prefix of every valid instruction is refused. */
static void check_truncated(const struct row *rows, size_t n)
{
	struct mmio_insn out;
	size_t i, avail;

	for (i = 0; i < n; i++)
		for (avail = 0; avail < rows[i].len; avail++)
			EXPECT(&rows[i], decode_row(&rows[i], avail, &out),
			       -1);
}

#define TRUNCATED(rows) \
	check_truncated(rows, sizeof(rows) / sizeof(rows[0]))

static void test_truncated(void **state)
{
	(void)state;
	TRUNCATED(stores);
	TRUNCATED(loads);
	TRUNCATED(imms);
	TRUNCATED(extends);
	TRUNCATED(moffs);
	TRUNCATED(addressing);
	TRUNCATED(prefixes);
	assert_int_equal(insn_decode_mmio(NULL, 0, M64,
					  &(struct mmio_insn){ 0 }), -1);
}

/* Instructions the decoder must refuse, and refuse without writing. */
static const struct row refused[] = {
	/* mod == 3: a register, not memory */
	{ "mov %eax, %ebx", M64, B(0x89, 0xc3) },
	{ ".byte 0x8b,0xd8: mov %eax, %ebx", M64, B(0x8b, 0xd8) },
	{ "mov %al, %ah", M32, B(0x88, 0xc4) },
	{ ".byte 0xc6,0xc0,0x05: mov $0x5, %al", M16, B(0xc6, 0xc0, 0x05) },
	{ ".byte ...: mov $-1, %rax", M64,
	  B(0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff) },
	{ "movzbl %al, %ecx", M32, B(0x0f, 0xb6, 0xc8) },
	{ "movswq %ax, %rcx", M64, B(0x48, 0x0f, 0xbf, 0xc8) },
	/* not MOV */
	{ "add %eax, (%rbx)", M64, B(0x01, 0x03) },
	{ "mov %es, (%rbx)", M64, B(0x8c, 0x03) },
	{ "movsb", M64, B(0xa4) },
	{ "xchg %eax, (%rbx)", M64, B(0x87, 0x03) },
	{ "movnti %eax, (%rbx)", M64, B(0x0f, 0xc3, 0x03) },
	{ ".byte 0xc6,0x08,0x05: (bad), C6 /1", M64, B(0xc6, 0x08, 0x05) },
	{ "xbegin", M64, B(0xc7, 0xf8, 0xfa, 0xff, 0xff, 0xff) },
	{ ".byte 0x0f,0xb8,0x03: (bad)", M64, B(0x0f, 0xb8, 0x03) },
	{ "dec %eax; mov %eax, (%ebx): no REX outside 64-bit mode", M32,
	  B(0x48, 0x89, 0x03) },
	/* LOCK and REP */
	{ ".byte 0xf0,0x89,0x03: lock mov", M64, B(0xf0, 0x89, 0x03) },
	{ "xrelease mov %eax, (%rbx)", M64, B(0xf3, 0x89, 0x03) },
	{ "repnz mov (%rbx), %eax", M64, B(0xf2, 0x8b, 0x03) },
	{ "rep movsb", M64, B(0xf3, 0xa4) },
	{ "repz mov 0xfeb00000, %ax", M32,
	  B(0x66, 0xf3, 0xa1, 0x00, 0x00, 0xb0, 0xfe) },
	/* longer than 15 bytes */
	{ "16 x data16; mov %eax, (%rbx)", M64,
	  B(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66) },
	{ "14 x ds; mov %eax, (%rbx)", M64,
	  B(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x3e, 0x3e, 0x3e, 0x3e, 0x89, 0x03) },
	{ "7 x ds; movq $-1, 0x10(%rax,%rcx,4)", M64,
	  B(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
	    0x48, 0xc7, 0x44, 0x88, 0x10, 0xff, 0xff, 0xff, 0xff) },
};

static void test_refused(void **state)
{
	const struct row *r;
	struct mmio_insn out, untouched;
	size_t i, avail;

	(void)state;
	memset(&untouched, 0x5a, sizeof(untouched));
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		r = &refused[i];
		for (avail = r->len; avail <= 32; avail += 32) {
			out = untouched;
			EXPECT(r, decode_row(r, avail, &out), -1);
			EXPECT(r, memcmp(&out, &untouched, sizeof(out)), 0);
		}
	}
}

/* The same MOV reads as a different width in each mode. */
static void test_mode_defaults(void **state)
{
	static const uint8_t mov[] = { 0x89, 0x03 };
	static const uint8_t mov66[] = { 0x66, 0x89, 0x03 };
	struct mmio_insn out;

	(void)state;
	assert_int_equal(insn_decode_mmio(mov, 2, M16, &out), 0);
	assert_int_equal(out.size, 2);
	assert_int_equal(insn_decode_mmio(mov, 2, M32, &out), 0);
	assert_int_equal(out.size, 4);
	assert_int_equal(insn_decode_mmio(mov, 2, M64, &out), 0);
	assert_int_equal(out.size, 4);
	assert_int_equal(insn_decode_mmio(mov66, 3, M16, &out), 0);
	assert_int_equal(out.size, 4);
	assert_int_equal(insn_decode_mmio(mov66, 3, M32, &out), 0);
	assert_int_equal(out.size, 2);
	assert_int_equal(insn_decode_mmio(mov66, 3, M64, &out), 0);
	assert_int_equal(out.size, 2);
}

/*
 * insn_decode() outside 64-bit mode (the host referee,
 * test_mmio_emul_ref.c, runs 64-bit code only): operand and address size
 * by mode and prefix, immediates, string prefixes, what is not ours.
 */
static const struct full_row {
	const char *text;
	enum insn_mode mode;
	uint8_t bytes[16];
	unsigned int len;
	int ok;
	enum insn_kind kind;
	unsigned int sub, size, opsize, asize;
	int mem_dst;
	uint64_t imm;
	uint8_t rep;
} full_rows[] = {
	{ "rep movsw", M16, B(0xf3, 0xa5), 1, INSN_MOVS, 0, 2, 2, 2, 0, 0,
	  0xf3 },
	{ "addr32 movsl", M16, B(0x67, 0x66, 0xa5), 1, INSN_MOVS, 0, 4, 4, 4,
	  0, 0, 0 },
	{ "repnz stosb (F2 repeats STOS too)", M32, B(0xf2, 0xaa), 1,
	  INSN_STOS, 0, 1, 1, 4, 0, 0, 0xf2 },
	{ "addr16 lodsl", M32, B(0x67, 0xad), 1, INSN_LODS, 0, 4, 4, 2, 0, 0,
	  0 },
	{ "add %eax, (%ebx)", M32, B(0x01, 0x03), 1, INSN_ALU, ALU_ADD, 4, 4,
	  4, 1, 0, 0 },
	{ "addw $-1, (%bx)", M16, B(0x83, 0x07, 0xff), 1, INSN_ALU, ALU_ADD,
	  2, 2, 2, 1, 0xffff, 0 },
	{ "cmpl $0x12345678, 0x10(%esi)", M32,
	  B(0x81, 0x7e, 0x10, 0x78, 0x56, 0x34, 0x12), 1, INSN_ALU, ALU_CMP,
	  4, 4, 4, 1, 0x12345678, 0 },
	{ "sbb (%bx,%si), %cl", M16, B(0x1a, 0x08), 1, INSN_ALU, ALU_SBB, 1,
	  1, 2, 0, 0, 0 },
	{ "lock btsl $5, 0x10(%ebx)", M32,
	  B(0xf0, 0x0f, 0xba, 0x6b, 0x10, 0x05), 1, INSN_BT, BT_BTS, 4, 4, 4,
	  1, 5, 0 },
	{ "btw %ax, (%bx)", M16, B(0x0f, 0xa3, 0x07), 1, INSN_BT, BT_BT, 2, 2,
	  2, 0, 0, 0 },
	{ "negw (%bx)", M16, B(0xf7, 0x1f), 1, INSN_NEG, 0, 2, 2, 2, 1, 0, 0 },
	{ "lock cmpxchg %ax, (%bx)", M16, B(0xf0, 0x0f, 0xb1, 0x07), 1,
	  INSN_CMPXCHG, 0, 2, 2, 2, 1, 0, 0 },
	{ "movdqa (%ebx), %xmm0", M32, B(0x66, 0x0f, 0x6f, 0x03), 1, INSN_SSE,
	  0, 16, 2, 4, 0, 0, 0 },
	{ "movd %xmm1, (%bx)", M16, B(0x66, 0x0f, 0x7e, 0x0f), 1, INSN_SSE, 0,
	  4, 4, 2, 1, 0, 0 },
	{ "xchg %dx, (%bx,%di)", M16, B(0x87, 0x11), 1, INSN_XCHG, 0, 2, 2, 2,
	  1, 0, 0 },
	{ "movsxd outside 64-bit mode is ARPL", M32, B(0x63, 0x03), 0 },
	{ "lds (%ebx), %eax (C5 outside 64-bit mode)", M32, B(0xc5, 0x03),
	  0 },
	{ "lock sub %eax, %ebx: a register", M32, B(0xf0, 0x29, 0xc3), 0 },
	{ "lock xchg truncated", M32, B(0xf0, 0x87), 0 },
};

static void test_full_decode(void **state)
{
	const struct full_row *r;
	struct x86_insn in;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(full_rows) / sizeof(full_rows[0]); i++) {
		r = &full_rows[i];
		if (!r->ok) {
			if (insn_decode(r->bytes, r->len, r->mode, &in) != -1)
				print_error("decoded: %s\n", r->text);
			assert_int_equal(insn_decode(r->bytes, r->len, r->mode,
						     &in), -1);
			continue;
		}
		if (insn_decode(r->bytes, r->len, r->mode, &in) ||
		    in.len != r->len || in.kind != r->kind ||
		    in.sub != r->sub || in.size != r->size ||
		    in.opsize != r->opsize || in.asize != r->asize ||
		    in.mem_dst != r->mem_dst || in.imm != r->imm ||
		    in.rep != r->rep) {
			print_error("wrong decode: %s\n", r->text);
			fail();
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mov_store),
		cmocka_unit_test(test_mov_load),
		cmocka_unit_test(test_mov_imm),
		cmocka_unit_test(test_movzx_movsx),
		cmocka_unit_test(test_moffs),
		cmocka_unit_test(test_addressing),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_mode_defaults),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_full_decode),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
