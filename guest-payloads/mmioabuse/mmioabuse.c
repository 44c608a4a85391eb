/*
 * mmioabuse.c - MMIO instruction abuse on the test device's register
 * (VMM_MMIO_TESTDEV, one 64-bit register at offset 0): every width of
 * MOV, MOVZX and MOVSX, an immediate store, a 15-byte instruction (the
 * longest legal one, SDM vol. 2A, 2.3.11) and a 16-byte one (#GP from
 * the CPU itself), LOCK MOV (#UD from the CPU); then what only the slow
 * path's emulator does (mmio_full.c): ADD, an F3-prefixed MOV, XCHG,
 * LOCK CMPXCHG, SUB's flags, BTS, REP STOSQ longer than one exit's
 * share, REP MOVSB out of the device, the SSE moves; and an instruction
 * the emulator does not do (IMUL of memory: a one-line report and #UD).
 * Every answer is printed; the guest runs to its end.
 */
#include "guest.h"

#define PATTERN		0x1122334455667788ull

static uint64_t pd_4th_gib[PT_ENTRIES] __attribute__((aligned(4096)));
static volatile int fault_vector;
static volatile uint64_t resume_rip;

/* The register lies in the fourth GiB, beyond entry16.S's identity map:
 * map its 2 MiB page, uncached as a device's (SDM vol. 3, 12.12.3). */
static void map_testdev(void)
{
	volatile uint64_t *pdpt = (volatile uint64_t *)GUEST_PDPT;
	uint64_t pa = VMM_MMIO_TESTDEV;

	pd_4th_gib[PD_INDEX(pa)] = (pa & ~(uint64_t)(PAGE_SIZE_2M - 1)) |
				   PTE_P | PTE_W | PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[PDPT_INDEX(pa)] = (uint64_t)pd_4th_gib | PTE_P | PTE_W;
	__asm__ volatile("invlpg (%0)" : : "r"(pa) : "memory");
}

/* A fault in a probe resumes at the probe's label 2 (resume_rip). */
static int resume(struct guest_frame *f)
{
	if (!resume_rip)
		return 0;
	fault_vector = (int)f->vector;
	f->rip = resume_rip;
	return 1;
}

#define PROBE(name, insn, ...)						\
	do {								\
		fault_vector = -1;					\
		__asm__ volatile("lea 2f(%%rip), %%rax\n\t"		\
				 "mov %%rax, %[r]\n\t"			\
				 insn "\n"				\
				 "2:\n\t"				\
				 "movq $0, %[r]"			\
				 : [r] "=m"(resume_rip), __VA_ARGS__	\
				 : : "rax", "memory");			\
		if (fault_vector >= 0)					\
			printf("mmioabuse: %s: %s\n", name,		\
			       exception_name(fault_vector));		\
	} while (0)

/* The arithmetic flags CF, PF, AF, ZF, SF, OF (SDM vol. 1, 3.4.3.1). */
#define FLAGS_MASK	0x8d5ul

/* The instructions only the slow path's emulator takes. */
static void slow_path(volatile uint8_t *reg)
{
	volatile uint64_t *r64 = (volatile uint64_t *)reg;
	uint64_t q, old, flags, cnt, dst;
	uint8_t buf[8] = { 0 };
	uint64_t src[300], x[2] = { 0, 0 }, *sp = src;
	volatile uint8_t *from = reg;
	uint8_t *to = buf;
	unsigned int i;

	*r64 = 1;
	PROBE("add to MMIO", "addl $1, (%%rbx)", "+b"(reg));
	printf("mmioabuse: register after add: 0x%lx\n", *r64);

	/* F3 89 /r: REP on MOV is ignored (xrelease where HLE exists). */
	q = 0x55;
	__asm__ volatile(".byte 0xf3,0x48,0x89,0x03"
			 : : "b"(reg), "a"(q) : "memory");
	printf("mmioabuse: f3 mov: 0x%lx\n", *r64);

	q = 0x1234;
	__asm__ volatile("xchgq %0, (%1)" : "+r"(q) : "r"(reg) : "memory");
	printf("mmioabuse: xchg: old 0x%lx new 0x%lx\n", q, *r64);

	old = 0x1234;
	__asm__ volatile("lock cmpxchgq %3, (%1)\n\tpushfq\n\tpopq %0"
			 : "=r"(flags), "+b"(reg), "+a"(old)
			 : "r"(0xabcdull) : "memory");
	printf("mmioabuse: cmpxchg hit: 0x%lx zf %lu\n", *r64,
	       (flags >> 6) & 1);
	__asm__ volatile("lock cmpxchgq %3, (%1)\n\tpushfq\n\tpopq %0"
			 : "=r"(flags), "+b"(reg), "+a"(old)
			 : "r"(0x1ull) : "memory");
	printf("mmioabuse: cmpxchg miss: rax 0x%lx zf %lu\n", old,
	       (flags >> 6) & 1);

	*r64 = 0x8000000000000000ull;
	__asm__ volatile("subq $1, (%1)\n\tpushfq\n\tpopq %0"
			 : "=r"(flags) : "r"(reg) : "memory");
	printf("mmioabuse: sub: 0x%lx flags 0x%lx\n", *r64,
	       flags & FLAGS_MASK);

	*r64 = 0;
	__asm__ volatile("btsq $63, (%1)\n\tpushfq\n\tpopq %0"
			 : "=r"(flags) : "r"(reg) : "memory");
	printf("mmioabuse: bts: 0x%lx cf %lu\n", *r64, flags & 1);

	/* 300 elements: two exits' worth (EMUL_REP_MAX is 256); the device
	 * keeps only what lands at offset 0, the first element. */
	for (i = 0; i < 300; i++)
		src[i] = 0x100 + i;
	cnt = 300;
	dst = (uint64_t)reg;
	__asm__ volatile("cld\n\trep movsq"
			 : "+c"(cnt), "+D"(dst), "+S"(sp)
			 : : "memory");
	printf("mmioabuse: rep movsq: 0x%lx rcx %lu rdi +0x%lx\n", *r64,
	       cnt, dst - (uint64_t)reg);

	*r64 = 0x8877665544332211ull;
	cnt = 8;
	__asm__ volatile("cld\n\trep movsb"
			 : "+c"(cnt), "+D"(to), "+S"(from)
			 : : "memory");
	printf("mmioabuse: rep movsb out: %x %x %x rcx %lu\n", buf[0], buf[1],
	       buf[7], cnt);

	__asm__ volatile("movdqu (%1), %%xmm3\n\tmovdqu %%xmm3, (%0)"
			 : : "r"(x), "r"(reg) : "xmm3", "memory");
	printf("mmioabuse: movdqu load: 0x%lx 0x%lx\n", x[0], x[1]);
	x[0] = 0xfeedface;
	__asm__ volatile("movq (%0), %%xmm9\n\tmovq %%xmm9, (%1)"
			 : : "r"(x), "r"(reg) : "xmm9", "memory");
	printf("mmioabuse: movq store: 0x%lx\n", *r64);
}

void main64(void)
{
	volatile uint8_t *reg = (volatile uint8_t *)VMM_MMIO_TESTDEV;
	uint64_t q = 0;
	uint32_t d = 0;
	uint16_t w = 0;
	uint8_t b = 0;
	int64_t s = 0;
	int i;

	map_testdev();
	idt_set_handler(VEC_GP, resume);
	idt_set_handler(VEC_UD, resume);

	*(volatile uint64_t *)reg = PATTERN;
	b = *(volatile uint8_t *)reg;
	w = *(volatile uint16_t *)reg;
	d = *(volatile uint32_t *)reg;
	q = *(volatile uint64_t *)reg;
	printf("mmioabuse: read 1 2 4 8: 0x%x 0x%x 0x%x 0x%lx\n", b, w, d, q);

	*(volatile uint8_t *)reg = 0xaa;
	__asm__ volatile("movzbq (%1), %0" : "=r"(q) : "r"(reg) : "memory");
	__asm__ volatile("movsbq (%1), %0" : "=r"(s) : "r"(reg) : "memory");
	printf("mmioabuse: movzx 0x%lx movsx 0x%lx\n", q, (uint64_t)s);

	__asm__ volatile("movq $-2, (%0)" : : "r"(reg) : "memory");
	printf("mmioabuse: mov imm32 sign-extended: 0x%lx\n",
	       *(volatile uint64_t *)reg);

	/* 12 CS overrides (ignored in 64-bit mode), REX.W, 89 /r: 15 bytes. */
	q = PATTERN;
	__asm__ volatile(".byte 0x2e,0x2e,0x2e,0x2e,0x2e,0x2e\n\t"
			 ".byte 0x2e,0x2e,0x2e,0x2e,0x2e,0x2e\n\t"
			 ".byte 0x48,0x89,0x03"
			 : : "b"(reg), "a"(q) : "memory");
	printf("mmioabuse: 15-byte mov: 0x%lx\n", *(volatile uint64_t *)reg);

	PROBE("16-byte mov", ".byte 0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e\n\t"
	      ".byte 0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x48,0x89,0x03",
	      "+b"(reg));
	PROBE("lock mov", ".byte 0xf0,0x89,0x1b", "+b"(reg));	/* lock mov */
	slow_path(reg);

	/* IMUL r, r/m: not emulated; the register stays as it was. Twice
	 * at one site: the log names it once. */
	*(volatile uint64_t *)reg = 3;
	for (i = 0; i < 2; i++) {
		q = 5;
		PROBE("imul of MMIO", "imulq (%%rbx), %%rcx", "+b"(reg),
		      "+c"(q));
		printf("mmioabuse: register after imul: 0x%lx\n", q);
	}
	printf("mmioabuse: done\n");
	exit_code(0);
}
