/*
 * mmioabuse.c - MMIO instruction abuse on the test device's register
 * (VMM_MMIO_TESTDEV, one 64-bit register at offset 0): every width of
 * MOV, MOVZX and MOVSX, an immediate store, a 15-byte instruction (the
 * longest legal one, SDM vol. 2A, 2.3.11) and a 16-byte one (#GP from
 * the CPU itself), LOCK MOV (#UD from the CPU), and an instruction the
 * emulator does not do (ADD to memory: a one-line report and #UD).
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

void main64(void)
{
	volatile uint8_t *reg = (volatile uint8_t *)VMM_MMIO_TESTDEV;
	uint64_t q = 0;
	uint32_t d = 0;
	uint16_t w = 0;
	uint8_t b = 0;
	int64_t s = 0;

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
	*(volatile uint64_t *)reg = 1;
	PROBE("add to MMIO", "addl $1, (%%rbx)", "+b"(reg));
	printf("mmioabuse: register after add: 0x%lx\n",
	       *(volatile uint64_t *)reg);
	printf("mmioabuse: done\n");
	exit_code(0);
}
