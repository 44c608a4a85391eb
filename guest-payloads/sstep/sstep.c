/*
 * sstep.c - the single-step trap after the instructions the hypervisor
 * emulates. With RFLAGS.TF set, the CPU raises #DB (DR6.BS) after every
 * instruction (SDM vol. 3, 18.3.1.4), the one that set TF aside; a
 * string instruction with REP traps after each iteration. An emulated
 * instruction never completes in the CPU, so the trap is the
 * hypervisor's to raise. Each case sets TF with POPF, runs one
 * instruction, and the #DB handler records where each trap came from
 * and DR6 (set to a B0 hit beforehand: a single step clears B3-B0), and
 * clears TF again unless a REP instruction is still running. A native
 * NOP and REP MOVSB, which never exit, show what the CPU itself does.
 */
#include "guest.h"

#define SSTEP_EXIT		45
#define MAX_TRAPS		8
#define REP_COUNT		3
#define SCRATCH_VALUE		0x1234

struct trap {
	uint64_t rip, dr6;
};

static struct trap traps[MAX_TRAPS];
static volatile unsigned int ntraps;
static volatile uint64_t rep_rip;	/* TF stays on while RIP is here */
static uint8_t buf[16];
static uint64_t pd_4th_gib[PT_ENTRIES] __attribute__((aligned(4096)));

static int db_handler(struct guest_frame *f)
{
	if (ntraps < MAX_TRAPS) {
		traps[ntraps].rip = f->rip;
		traps[ntraps].dr6 = read_dr6();
	}
	ntraps++;
	write_dr6(DR6_FIXED | DR6_B0);
	if (f->rip != rep_rip)
		f->rflags &= ~(uint64_t)RFLAGS_TF;
	return 1;
}

/*
 * One case: @insn (a string of assembly, its registers written %%reg,
 * printed as @name) with TF set by the POPF before it. The labels 0:
 * (the instruction) and 1: (the next one) tell where the traps came
 * from. The registers an instruction may use are inputs and clobbers:
 * RAX, RCX, RDX, RSI, RDI set as the case says.
 */
#define STEP(name, insn, a, c, d, s, di)				\
	do {								\
		uint64_t at0, at1;					\
		uint64_t ra = (a), rc = (c), rd = (d), rs = (s), rdi = (di); \
		__asm__ volatile("leaq 0f(%%rip), %[at0]\n\t"		\
				 "leaq 1f(%%rip), %[at1]\n\t"		\
				 "movq %[at0], rep_rip(%%rip)\n\t"	\
				 "pushfq\n\t"				\
				 "orq %[tf], (%%rsp)\n\t"		\
				 "popfq\n"				\
				 "0:\t" insn "\n"			\
				 "1:"					\
				 : [at0] "=&r"(at0), [at1] "=&r"(at1),	\
				   "+a"(ra), "+c"(rc), "+d"(rd),	\
				   "+S"(rs), "+D"(rdi)			\
				 : [tf] "i"(RFLAGS_TF)			\
				 : "rbx", "memory", "cc");		\
		report(name, at0, at1);					\
	} while (0)

static void report(const char *name, uint64_t at0, uint64_t at1)
{
	unsigned int i;

	printf("sstep: %-24s %u #DB:", name, ntraps);
	for (i = 0; i < ntraps && i < MAX_TRAPS; i++)
		printf(" %s/0x%lx", traps[i].rip == at0 ? "insn" :
				    traps[i].rip == at1 ? "next" : "other",
		       traps[i].dr6);
	printf("\n");
}

static void reset(int rep)
{
	ntraps = 0;
	rep_rip = rep ? 0 : ~0ull;	/* STEP sets it for REP cases */
	write_dr6(DR6_FIXED | DR6_B0);
}

/* The test device's page, in the fourth GiB, as vmexit.c maps it. */
static void map_mmio(void)
{
	volatile uint64_t *pdpt = (volatile uint64_t *)GUEST_PDPT;
	uint64_t pa = VMM_MMIO_TESTDEV;

	pd_4th_gib[PD_INDEX(pa)] = (pa & ~(uint64_t)(PAGE_SIZE_2M - 1)) |
				   PTE_P | PTE_W | PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[PDPT_INDEX(pa)] = (uint64_t)pd_4th_gib | PTE_P | PTE_W;
	__asm__ volatile("invlpg (%0)" : : "r"(pa) : "memory");
}

#define STEP1(name, insn, a, c, d, s, di)				\
	do {								\
		reset(0);						\
		STEP(name, insn, a, c, d, s, di);			\
	} while (0)
#define STEP_REP(name, insn, a, c, d, s, di)				\
	do {								\
		reset(1);						\
		STEP(name, insn, a, c, d, s, di);			\
	} while (0)

void main64(void)
{
	uint64_t cr0 = read_cr0();

	idt_set_handler(VEC_DB, db_handler);
	map_mmio();

	/* What the CPU does itself. */
	STEP1("nop", "nop", 0, 0, 0, 0, 0);
	STEP_REP("rep movsb", "rep movsb", 0, REP_COUNT, 0, (uint64_t)buf,
		 (uint64_t)buf + 8);
	/* The fastpath's exits. */
	STEP1("cpuid", "cpuid", 0, 0, 0, 0, 0);
	STEP1("in (fast port)", "inl %%dx, %%eax", 0, 0, VMM_PORT_TESTDEV,
	      0, 0);
	STEP1("out (fast port)", "outl %%eax, %%dx", 0, 0, VMM_PORT_TESTDEV,
	      0, 0);
	STEP1("wrmsr", "wrmsr", SCRATCH_VALUE, MSR_VMM_SCRATCH, 0, 0, 0);
	STEP1("rdmsr", "rdmsr", 0, MSR_VMM_SCRATCH, 0, 0, 0);
	STEP1("vmcall (no-op)", "vmcall", HC_NOP, 0, 0, 0, 0);
	STEP1("mmio read", "movl (%%rsi), %%eax", 0, 0, 0, VMM_MMIO_TESTDEV,
	      0);
	STEP1("mmio write", "movl %%eax, (%%rsi)", SCRATCH_VALUE, 0, 0,
	      VMM_MMIO_TESTDEV, 0);
	/* The slow path's. */
	STEP1("cpuid (leaf 7)", "cpuid", 7, 0, 0, 0, 0);
	STEP1("in (denied port)", "inb $0x60, %%al", 0, 0, 0, 0, 0);
	STEP1("vmcall (exit count)", "vmcall", HC_EXIT_COUNT, 0, 0, 0, 0);
	STEP1("mov to cr0", "movq %%rax, %%cr0", cr0 & ~(uint64_t)CR0_NE,
	      0, 0, 0, 0);
	write_cr0(cr0);
	STEP1("insb", "insb", 0, 0, VMM_PORT_TESTDEV, 0, (uint64_t)buf);
	STEP_REP("rep insb", "rep insb", 0, REP_COUNT, VMM_PORT_TESTDEV, 0,
		 (uint64_t)buf);
	STEP_REP("rep outsb", "rep outsb", 0, REP_COUNT, VMM_PORT_TESTDEV,
		 (uint64_t)buf, 0);

	printf("sstep: exit %d\n", SSTEP_EXIT);
	hc_exit(SSTEP_EXIT);
}
