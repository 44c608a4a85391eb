/*
 * mmio.c - instructions on device memory: each runs once on ordinary RAM
 * and once on pc-testdev's MMIO scratch area (0xff000000, 64 KiB of
 * memory-like registers), from the same registers and flags; the two
 * must agree in the memory operand, the registers and the flags the SDM
 * defines for the instruction (vol. 2, each instruction's "Flags
 * Affected"; undefined flags are masked). The line prints the MMIO result
 * so that a run on another machine can be set beside QEMU's.
 */
#include "probe.h"

#define MMIO_BASE	0xff001000u
#define FL_RESERVED	0x002		/* EFLAGS bit 1 reads 1 */
#define FL_CF		0x001
#define FL_ARITH	0x8d5		/* OF SF ZF AF PF CF */
#define FL_LOGIC	0x8c5		/* AF undefined after AND/OR/XOR/TEST */
#define FL_BT		0x001		/* BT*: only CF defined */

struct res {
	unsigned long mem, reg, acc, fl;
};

typedef void op_fn(void *p, struct res *r);

#define OP(fn, T, insn)							\
static void fn(void *p, struct res *r)					\
{									\
	unsigned long reg = r->reg, acc = r->acc, fl = r->fl;		\
									\
	__asm__ volatile("push %[fl]\n\tpopf\n\t" insn			\
			 "\n\tpushf\n\tpop %[fl]"			\
			 : [m] "+m"(*(T *)p), [r] "+q"(reg),		\
			   [a] "+a"(acc), [fl] "+r"(fl)			\
			 : : "cc", "memory");				\
	r->reg = reg;							\
	r->acc = acc;							\
	r->fl = fl;							\
	r->mem = *(volatile T *)p;					\
}

OP(st8, uint8_t, "movb %b[r], %[m]")
OP(st16, uint16_t, "movw %w[r], %[m]")
OP(st32, uint32_t, "movl %k[r], %[m]")
OP(ld8, uint8_t, "movb %[m], %b[r]")
OP(ld16, uint16_t, "movw %[m], %w[r]")
OP(ld32, uint32_t, "movl %[m], %k[r]")
OP(sti8, uint8_t, "movb $0x5a, %[m]")
OP(sti32, uint32_t, "movl $0x89abcdef, %[m]")
OP(movzb, uint8_t, "movzbl %[m], %k[r]")
OP(movzw, uint16_t, "movzwl %[m], %k[r]")
OP(movsb, uint8_t, "movsbl %[m], %k[r]")
OP(movsw, uint16_t, "movswl %[m], %k[r]")
OP(xchg8, uint8_t, "xchgb %b[r], %[m]")
OP(xchg32, uint32_t, "xchgl %k[r], %[m]")
OP(cmpxchg8, uint8_t, "cmpxchgb %b[r], %[m]")
OP(cmpxchg32, uint32_t, "cmpxchgl %k[r], %[m]")
OP(add_mr, uint32_t, "addl %k[r], %[m]")
OP(add_rm, uint32_t, "addl %[m], %k[r]")
OP(add8, uint8_t, "addb %b[r], %[m]")
OP(add16, uint16_t, "addw %w[r], %[m]")
OP(addi, uint32_t, "addl $0x7fffffff, %[m]")
OP(adc, uint32_t, "adcl %k[r], %[m]")
OP(sbb, uint32_t, "sbbl %k[r], %[m]")
OP(or, uint32_t, "orl %k[r], %[m]")
OP(and, uint32_t, "andl %k[r], %[m]")
OP(sub, uint32_t, "subl %k[r], %[m]")
OP(xor, uint32_t, "xorl %k[r], %[m]")
OP(cmp_mr, uint32_t, "cmpl %k[r], %[m]")
OP(cmp_rm, uint32_t, "cmpl %[m], %k[r]")
OP(cmpi8, uint8_t, "cmpb $0x80, %[m]")
OP(test, uint32_t, "testl %k[r], %[m]")
OP(inc, uint32_t, "incl %[m]")
OP(dec8, uint8_t, "decb %[m]")
OP(neg, uint32_t, "negl %[m]")
OP(neg16, uint16_t, "negw %[m]")
OP(not, uint32_t, "notl %[m]")
OP(bt, uint32_t, "btl %k[r], %[m]")
OP(bts, uint32_t, "btsl %k[r], %[m]")
OP(btr, uint32_t, "btrl %k[r], %[m]")
OP(btc, uint32_t, "btcl %k[r], %[m]")
OP(bti, uint32_t, "btsl $31, %[m]")

static const struct op {
	const char *name;
	op_fn *fn;
	unsigned int width;
	unsigned long flmask, mem, reg, acc, fl;
} ops[] = {
	{ "mov store8", st8, 1, FL_ARITH, 0x11223344, 0xa5, 0, 0x8d7 },
	{ "mov store16", st16, 2, FL_ARITH, 0x11223344, 0xbeef, 0, 0x2 },
	{ "mov store32", st32, 4, FL_ARITH, 0x11223344, 0xcafef00d, 0, 0x2 },
	{ "mov load8", ld8, 1, FL_ARITH, 0x11223384, 0xffffffff, 0, 0x2 },
	{ "mov load16", ld16, 2, FL_ARITH, 0x11228384, 0xffffffff, 0, 0x2 },
	{ "mov load32", ld32, 4, FL_ARITH, 0x81223384, 0, 0, 0x2 },
	{ "mov imm8", sti8, 1, FL_ARITH, 0x11223344, 0, 0, 0x2 },
	{ "mov imm32", sti32, 4, FL_ARITH, 0x11223344, 0, 0, 0x2 },
	{ "movzx byte", movzb, 1, FL_ARITH, 0x000000f0, 0xffffffff, 0, 0x2 },
	{ "movzx word", movzw, 2, FL_ARITH, 0x0000f00d, 0xffffffff, 0, 0x2 },
	{ "movsx byte", movsb, 1, FL_ARITH, 0x000000f0, 0, 0, 0x2 },
	{ "movsx word", movsw, 2, FL_ARITH, 0x00008001, 0, 0, 0x2 },
	{ "xchg8", xchg8, 1, FL_ARITH, 0x11223344, 0x99, 0, 0x2 },
	{ "xchg32", xchg32, 4, FL_ARITH, 0x11223344, 0x55667788, 0, 0x2 },
	{ "cmpxchg8 equal", cmpxchg8, 1, FL_ARITH, 0x44, 0x77, 0x44, 0x2 },
	{ "cmpxchg32 equal", cmpxchg32, 4, FL_ARITH, 0x1234, 0x5678, 0x1234, 0x2 },
	{ "cmpxchg32 differ", cmpxchg32, 4, FL_ARITH, 0x1234, 0x5678, 0x9999, 0x2 },
	{ "add m,r", add_mr, 4, FL_ARITH, 0x7fffffff, 1, 0, 0x2 },
	{ "add r,m", add_rm, 4, FL_ARITH, 0xffffffff, 1, 0, 0x2 },
	{ "add8", add8, 1, FL_ARITH, 0x0f, 0x01, 0, 0x2 },
	{ "add16", add16, 2, FL_ARITH, 0x8000, 0x8000, 0, 0x2 },
	{ "add imm", addi, 4, FL_ARITH, 0x00000001, 0, 0, 0x2 },
	{ "adc", adc, 4, FL_ARITH, 0xfffffffe, 1, 0, 0x3 },
	{ "sbb", sbb, 4, FL_ARITH, 0x00000001, 1, 0, 0x3 },
	{ "or", or, 4, FL_LOGIC, 0x80000000, 0x00000001, 0, 0x2 },
	{ "and", and, 4, FL_LOGIC, 0xf0f0f0f0, 0x0f0f0f0f, 0, 0x3 },
	{ "sub", sub, 4, FL_ARITH, 0x00000001, 0x00000002, 0, 0x2 },
	{ "xor", xor, 4, FL_LOGIC, 0xaaaaaaaa, 0xaaaaaaab, 0, 0x2 },
	{ "cmp m,r", cmp_mr, 4, FL_ARITH, 0x80000000, 0x00000001, 0, 0x2 },
	{ "cmp r,m", cmp_rm, 4, FL_ARITH, 0x80000000, 0x00000001, 0, 0x2 },
	{ "cmp imm8", cmpi8, 1, FL_ARITH, 0x7f, 0, 0, 0x2 },
	{ "test", test, 4, FL_LOGIC, 0x00ff0000, 0x00800000, 0, 0x2 },
	{ "inc", inc, 4, FL_ARITH, 0x7fffffff, 0, 0, 0x3 },
	{ "dec8", dec8, 1, FL_ARITH, 0x00, 0, 0, 0x3 },
	{ "neg", neg, 4, FL_ARITH, 0x00000005, 0, 0, 0x2 },
	{ "neg16", neg16, 2, FL_ARITH, 0x8000, 0, 0, 0x2 },
	{ "not", not, 4, FL_ARITH, 0x0f0f0f0f, 0, 0, 0x8d7 },
	{ "bt", bt, 4, FL_BT, 0x00000020, 5, 0, 0x2 },
	{ "bts", bts, 4, FL_BT, 0x00000000, 7, 0, 0x2 },
	{ "btr", btr, 4, FL_BT, 0xffffffff, 31, 0, 0x2 },
	{ "btc", btc, 4, FL_BT, 0x00000100, 8, 0, 0x2 },
	{ "bts imm", bti, 4, FL_BT, 0x80000000, 0, 0, 0x2 },
};

static uint32_t ram_buf[64] __attribute__((aligned(64)));

static unsigned long width_mask(unsigned int w)
{
	return w == 4 ? 0xffffffffUL : (1UL << (8 * w)) - 1;
}

static void run(const struct op *o, void *p, struct res *r)
{
	*(volatile uint32_t *)p = (uint32_t)o->mem;
	r->reg = o->reg;
	r->acc = o->acc;
	r->fl = o->fl;
	o->fn(p, r);
	r->mem &= width_mask(o->width);
	r->fl &= o->flmask;
}

static void probe_alu(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const struct op *o = &ops[i];
		struct res a, b;

		run(o, ram_buf, &a);
		run(o, (void *)(uintptr_t)MMIO_BASE, &b);
		check(!memcmp(&a, &b, sizeof(a)), "mmio",
		      "%s mem %lx reg %lx acc %lx flags %03lx", o->name,
		      b.mem, b.reg & 0xffffffffUL, b.acc & 0xffffffffUL, b.fl);
	}
}

/* ---- string instructions ---- */
static uint32_t fnv(const volatile uint8_t *p, unsigned int n)
{
	uint32_t h = 0x811c9dc5;

	while (n--) {
		h ^= *p++;
		h *= 0x01000193;
	}
	return h;
}

static void fill(volatile uint8_t *p, unsigned int n, uint8_t seed)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static uint8_t src_ram[64], dst_ram[64];

/* rep movsb/movsl and rep stos with DF as asked; returns the ends. */
static void rep_movsb(void *d, const void *s, unsigned long n, int down,
		      unsigned long *de, unsigned long *se)
{
	__asm__ volatile("cmp $0, %[down]\n\tje 1f\n\tstd\n1:\trep movsb\n\tcld"
			 : "+D"(d), "+S"(s), "+c"(n)
			 : [down] "r"((unsigned long)down) : "memory", "cc");
	*de = (unsigned long)d;
	*se = (unsigned long)s;
}

static void rep_stosl(void *d, uint32_t v, unsigned long n, int down,
		      unsigned long *de)
{
	__asm__ volatile("cmp $0, %[down]\n\tje 1f\n\tstd\n1:\trep stosl\n\tcld"
			 : "+D"(d), "+c"(n)
			 : "a"(v), [down] "r"((unsigned long)down)
			 : "memory", "cc");
	*de = (unsigned long)d;
}

static uint32_t lodsl(const void *s, unsigned long *se)
{
	uint32_t v;

	__asm__ volatile("lodsl" : "=a"(v), "+S"(s) : : "memory");
	*se = (unsigned long)s;
	return v;
}

static void probe_strings(void)
{
	volatile uint8_t *m = (volatile uint8_t *)(uintptr_t)(MMIO_BASE + 0x200);
	uint8_t *mp = (uint8_t *)(uintptr_t)(MMIO_BASE + 0x200);
	unsigned long de, se;
	uint32_t h;

	fill(src_ram, sizeof(src_ram), 3);
	fill(m, 64, 0);
	rep_movsb(mp + 1, src_ram + 2, 13, 0, &de, &se);
	h = fnv(m, 64);
	check(de - (unsigned long)mp == 14 && se - (unsigned long)src_ram == 15 &&
	      !memcmp(src_ram + 2, (const void *)(m + 1), 13), "mmio",
	      "rep movsb ram to mmio fnv %08x", h);
	fill(dst_ram, sizeof(dst_ram), 9);
	rep_movsb(dst_ram + 3, mp + 5, 11, 0, &de, &se);
	check(de - (unsigned long)dst_ram == 14 && se - (unsigned long)mp == 16,
	      "mmio", "rep movsb mmio to ram fnv %08x",
	      fnv(dst_ram, sizeof(dst_ram)));
	rep_movsb(mp + 40, mp + 20, 9, 1, &de, &se);
	check(de - (unsigned long)mp == 31 && se - (unsigned long)mp == 11,
	      "mmio", "std; rep movsb mmio to mmio fnv %08x", fnv(m, 64));
	rep_stosl(mp + 8, 0xa1b2c3d4, 5, 0, &de);
	check(de - (unsigned long)mp == 28, "mmio", "rep stosl fnv %08x",
	      fnv(m, 64));
	rep_stosl(mp + 48, 0x01020304, 3, 1, &de);
	check(de - (unsigned long)mp == 36, "mmio", "std; rep stosl fnv %08x",
	      fnv(m, 64));
	h = lodsl(mp + 8, &se);
	check(h == 0xa1b2c3d4 && se - (unsigned long)mp == 12, "mmio",
	      "lodsl %08x", h);
}

/* ---- SSE moves (SDM vol. 3, 13.1: CR4.OSFXSR on, CR0.EM off) ---- */
#define CR0_MP		(1UL << 1)
#define CR0_EM		(1UL << 2)
#define CR4_OSFXSR	(1UL << 9)
#define CR4_OSXMMEXCPT	(1UL << 10)
#define CPUID1_EDX_SSE2	(1u << 26)

static void sse_enable(void)
{
	unsigned long cr0, cr4;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" : : "r"((cr0 & ~CR0_EM) | CR0_MP));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4"
			 : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT));
}

static uint8_t pattern[32] __attribute__((aligned(16)));
static uint8_t back[32] __attribute__((aligned(16)));

#define SSE_STORE_LOAD(name, st, ld, n, off)				\
	do {								\
		uint8_t *d = (uint8_t *)(uintptr_t)(MMIO_BASE + 0x300 + (off)); \
		memset(back, 0, sizeof(back));				\
		fill((volatile uint8_t *)(uintptr_t)(MMIO_BASE + 0x300), 64, 0x40); \
		__asm__ volatile(ld " %[p], %%xmm0\n\t" st " %%xmm0, %[d]" \
				 : [d] "=m"(*(uint8_t(*)[n])d)		\
				 : [p] "m"(*(uint8_t(*)[n])pattern) : "memory"); \
		__asm__ volatile(ld " %[d], %%xmm1\n\t" st " %%xmm1, %[b]" \
				 : [b] "=m"(*(uint8_t(*)[n])back)	\
				 : [d] "m"(*(uint8_t(*)[n])d) : "memory"); \
		check(!memcmp(back, pattern, n), "mmio",		\
		      "%s %u bytes fnv %08x", name, n,			\
		      fnv((volatile uint8_t *)(uintptr_t)(MMIO_BASE + 0x300), 64)); \
	} while (0)

static void probe_sse(void)
{
	uint32_t r[4];
	uint32_t v = 0x5eed1234, got;
	uint32_t *d = (uint32_t *)(uintptr_t)(MMIO_BASE + 0x380);

	cpuid(1, 0, r);
	if (!(r[3] & CPUID1_EDX_SSE2)) {
		check(0, "mmio", "no sse2 to test with");
		return;
	}
	sse_enable();
	fill(pattern, sizeof(pattern), 0x91);
	SSE_STORE_LOAD("movups", "movups", "movups", 16, 4);
	SSE_STORE_LOAD("movdqu", "movdqu", "movdqu", 16, 9);
	SSE_STORE_LOAD("movaps", "movaps", "movaps", 16, 16);
	SSE_STORE_LOAD("movq", "movq", "movq", 8, 3);
	SSE_STORE_LOAD("movd", "movd", "movd", 4, 6);
	__asm__ volatile("movnti %1, %0" : "=m"(*d) : "r"(v) : "memory");
	got = mmio_read32((uintptr_t)d);
	check(got == v, "mmio", "movnti %08x", got);
}

void probe_mmio(void)
{
	probe_alu();
	probe_strings();
	probe_sse();
}
