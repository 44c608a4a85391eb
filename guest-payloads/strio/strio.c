/*
 * strio.c - string I/O as the CPU would run it: every byte of every
 * element through the guest's own page tables with the rights of the
 * access, the segment checks of the mode, the sandbox's end past RAM.
 * INS and OUTS exit before any of their memory checks (the CPU checks
 * only the I/O permission first), so the hypervisor makes them all.
 *
 * The 2 MiB at LIN_BASE are remapped in 4 KiB pages: a user page whose
 * linear successor lies in another frame than its physical one, and a
 * user page followed by a supervisor page. In order:
 *
 *  - CPL 0 with SMAP: INSB into a user page faults unless RFLAGS.AC;
 *  - CPL 3 (IOPL 3): INSL across the user pages lands in both, and not
 *    in the frame physically next; INSL and OUTSL across into the
 *    supervisor page fault (#PF, error code and CR2 of that page) and
 *    move nothing;
 *  - CPL 0: INSB to a non-canonical address raises #GP(0), OUTSB from
 *    one through SS #SS(0); INSL into the test device's MMIO register
 *    writes it; in compatibility mode INSL within ES's 4 KiB limit
 *    works and across it raises #GP(0);
 *  - MOV to CR4 setting PKE raises #GP: the walk does not model
 *    protection keys, so the policy keeps them off;
 *  - REP INSB over the end of guest RAM: the guest must be stopped there
 *    (exit code 8), as an access of its own would be; "was not stopped"
 *    and STRIO_EXIT_NOT_STOPPED mean it was not.
 */
#include "strio.h"

#define STRIO_EXIT_NOT_STOPPED	99

#define DESC_AR(ar)		((uint64_t)(ar) << SEG_DESC_AR_SHIFT)
#define USER_AR_DPL		(RPL_USER << AR_DPL_SHIFT)
#define STACK_SIZE		(16 * 1024)

/* The remapped 2 MiB: page-table entries by page number. */
#define LIN_BASE		0x400000ul
#define PG(n)			(LIN_BASE + (n) * PAGE_SIZE_4K)
#define X0			PG(0)	/* user, its own frame */
#define X1			PG(1)	/* user, frame of page 5 */
#define X1_FRAME		PG(5)
#define X2			PG(2)	/* user, its own frame */
#define X3			PG(3)	/* supervisor, its own frame */
#define X7			PG(7)	/* X0's next frame, supervisor */
#define X0_NEXT_FRAME		PG(1)

#define NON_CANONICAL		0x0000800000000000ul
#define RAM_END			(64ul << 20)	/* the default */
#define PAST_RAM_COUNT		16

#define CANARY			0xcc
#define CANARY2			0xee

/* What an exception probe saw. */
struct probe {
	uint64_t rip;		/* the instruction expected to fault */
	unsigned int len;	/* its length, skipped by the handler */
	int vector;		/* -1: none taken */
	uint64_t error, cr2;
};

static struct probe probe;

/* What the CPL 3 part saw, printed back at CPL 0. */
static struct probe user_across_super, user_out_super;

unsigned long enter_user(void (*entry)(void), void *stack);	/* user.S */
void user_entry(void);
void user_return(void);
void user_main(void);

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t kernel_stack[STACK_SIZE] __attribute__((aligned(16)));
static uint8_t user_stack[STACK_SIZE] __attribute__((aligned(16)));
static uint64_t pt_remap[PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t pd_4th_gib[PT_ENTRIES] __attribute__((aligned(4096)));
/* ES's 4 KiB in the compatibility-mode test, and the page after it. */
static uint8_t small_seg[2][PAGE_SIZE_4K] __attribute__((aligned(4096)));

static int probe_handler(struct guest_frame *f)
{
	if (f->rip != probe.rip || probe.vector >= 0)
		return 0;
	probe.vector = (int)f->vector;
	probe.error = f->error_code;
	probe.cr2 = read_cr2();
	f->rip += probe.len;
	return 1;
}

/*
 * Run @insn (assembly, registers written %%reg) at label 0, with the
 * probe armed for it and RCX, RDX, RSI, RDI as given; @len is its length.
 */
#define PROBE(insn, len_, c, d, s, di)					\
	do {								\
		uint64_t rc = (c), rd = (d), rs = (s), rdi = (di), at;	\
		probe.vector = -1;					\
		probe.len = (len_);					\
		__asm__ volatile("leaq 0f(%%rip), %[at]\n\t"		\
				 "movq %[at], probe(%%rip)\n"		\
				 "0:\t" insn "\n"			\
				 : [at] "=&r"(at), "+c"(rc), "+d"(rd),	\
				   "+S"(rs), "+D"(rdi)			\
				 : : "rax", "memory", "cc");		\
	} while (0)

static const char *vec_name(int v)
{
	return v < 0 ? "no exception" : exception_name((unsigned int)v);
}

/* ---- paging ------------------------------------------------------------ */

static void flush_tlb(void)
{
	write_cr3(read_cr3());
}

/*
 * LIN_BASE's 2 MiB through a page table: identity and supervisor, but X0
 * and X2 (user), X1 (user, in page 5's frame) and X7 (X0's physical
 * successor, where X1 is not). PML4[0], PDPT[0] and this PDE allow user
 * access; the image's own 2 MiB stay supervisor until user_mode_on().
 */
static void remap(void)
{
	uint64_t *pml4 = (uint64_t *)GUEST_PML4;
	uint64_t *pdpt = (uint64_t *)GUEST_PDPT;
	uint64_t *pd = (uint64_t *)GUEST_PD;
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++)
		pt_remap[i] = (LIN_BASE + i * PAGE_SIZE_4K) | PTE_P | PTE_W;
	pt_remap[0] |= PTE_U;
	pt_remap[1] = X1_FRAME | PTE_P | PTE_W | PTE_U;
	pt_remap[2] |= PTE_U;
	pt_remap[7] = X0_NEXT_FRAME | PTE_P | PTE_W;
	pml4[0] |= PTE_U;
	pdpt[0] |= PTE_U;
	pd[PD_INDEX(LIN_BASE)] = (uint64_t)pt_remap | PTE_P | PTE_W | PTE_U;
	flush_tlb();
}

/* The test device's page, in the fourth GiB, as vmexit.c maps it. */
static void map_mmio(void)
{
	volatile uint64_t *pdpt = (volatile uint64_t *)GUEST_PDPT;
	uint64_t pa = VMM_MMIO_TESTDEV;

	pd_4th_gib[PD_INDEX(pa)] = (pa & ~(uint64_t)(PAGE_SIZE_2M - 1)) |
				   PTE_P | PTE_W | PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[PDPT_INDEX(pa)] = (uint64_t)pd_4th_gib | PTE_P | PTE_W;
	flush_tlb();
}

/* Everything in the first 2 MiB user-accessible, for the CPL 3 part. */
static void user_mode_on(void)
{
	uint64_t *pd = (uint64_t *)GUEST_PD;

	pd[0] |= PTE_U;
	flush_tlb();
}

/* ---- segments ---------------------------------------------------------- */

/* The low quadword of a TSS descriptor (SDM vol. 3, 8.2.3, figure 8-4);
 * the high one holds base 63:32. */
static uint64_t tss_desc_low(uint64_t base, uint32_t limit)
{
	return (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       DESC_AR(AR_TYPE_TSS64_AVAIL | AR_P) |
	       ((uint64_t)(limit >> 16 & 0xf) << 48) |
	       ((base >> 24 & 0xff) << 56);
}

/* A segment descriptor with a byte-granular @limit below 1 MiB. */
static uint64_t seg_desc(uint32_t base, uint32_t limit, uint32_t ar)
{
	return (limit & 0xffff) | ((uint64_t)(limit >> 16 & 0xf) << 48) |
	       ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)(base >> 24) << 56) | DESC_AR(ar | AR_S | AR_P);
}

static void gdt_init(void)
{
	struct desc_ptr old, ptr;
	uint64_t base = (uint64_t)&tss;
	uint16_t sel = TSS_SEL;

	__asm__ volatile("sgdt %0" : "=m"(old));
	memcpy(gdt, (const void *)old.base, USER_DS);
	gdt[USER_DS / 8] = SEG_DESC_LIMIT_MAX |
			   DESC_AR(AR_TYPE_DATA_RW | AR_S | USER_AR_DPL |
				   AR_P | AR_G);
	gdt[USER_CS64 / 8] = SEG_DESC_LIMIT_MAX |
			     DESC_AR(AR_TYPE_CODE_RX | AR_S | USER_AR_DPL |
				     AR_P | AR_L | AR_G);
	gdt[TSS_SEL / 8] = tss_desc_low(base, sizeof(tss) - 1);
	gdt[TSS_SEL / 8 + 1] = base >> 32;
	gdt[COMPAT_CS / 8] = SEG_DESC_LIMIT_MAX |
			     DESC_AR(AR_TYPE_CODE_RX | AR_S | AR_P | AR_DB |
				     AR_G);
	gdt[SMALL_ES / 8] = seg_desc((uint32_t)(uint64_t)small_seg[0],
				     PAGE_SIZE_4K - 1,
				     AR_TYPE_DATA_RW | AR_DB);
	tss.rsp[0] = (uint64_t)(kernel_stack + STACK_SIZE);
	tss.iomap_base = sizeof(tss);

	ptr.limit = sizeof(gdt) - 1;
	ptr.base = (uint64_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(ptr));
	__asm__ volatile("ltr %0" : : "r"(sel));
}

static void syscall_gate_init(void)
{
	struct desc_ptr idtr;
	uint64_t *gate;

	idt_set_gate(SYSCALL_VECTOR, user_return);
	__asm__ volatile("sidt %0" : "=m"(idtr));
	gate = (uint64_t *)(idtr.base +
			    SYSCALL_VECTOR * sizeof(struct idt_gate64));
	*gate |= DESC_AR(USER_AR_DPL);
}

/* ---- the tests --------------------------------------------------------- */

static void smap(void)
{
	volatile uint8_t *x0 = (volatile uint8_t *)X0;
	struct probe no_ac;

	/* CPUID leaf 7 does not show SMAP here, but the CPU has it and
	 * CR4.SMAP is the guest's: the walk must honour it. */
	x0[0] = 0;
	write_cr4(read_cr4() | CR4_SMAP);
	PROBE("insb", 1, 0, VMM_PORT_TESTDEV, 0, X0);
	no_ac = probe;
	PROBE("stac\n\tinsb\n\tclac", 0, 0, VMM_PORT_TESTDEV, 0, X0);
	write_cr4(read_cr4() & ~(uint64_t)CR4_SMAP);
	printf("strio: SMAP: insb to a user page: %s error 0x%lx, CR2 0x%lx; "
	       "with AC: %s, byte 0x%02x\n", vec_name(no_ac.vector),
	       no_ac.error, no_ac.cr2, vec_name(probe.vector), x0[0]);
}

/* Runs at CPL 3 with IOPL 3: port I/O and the probes, no printf. */
void user_main(void)
{
	PROBE("insl", 1, 0, VMM_PORT_TESTDEV, 0, X0 + PAGE_SIZE_4K - 2);
	PROBE("insl", 1, 0, VMM_PORT_TESTDEV, 0, X2 + PAGE_SIZE_4K - 2);
	user_across_super = probe;
	PROBE("outsl", 1, 0, VMM_PORT_TESTDEV, X2 + PAGE_SIZE_4K - 2, 0);
	user_out_super = probe;
}

static void user_part(void)
{
	volatile uint8_t *x0 = (volatile uint8_t *)X0;
	volatile uint8_t *x1 = (volatile uint8_t *)X1;
	volatile uint8_t *x2 = (volatile uint8_t *)X2;
	volatile uint8_t *x3 = (volatile uint8_t *)X3;
	volatile uint8_t *x7 = (volatile uint8_t *)X7;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		x1[i] = 0;
		x7[i] = CANARY;
		x3[i] = CANARY2;
	}
	x0[PAGE_SIZE_4K - 2] = x0[PAGE_SIZE_4K - 1] = 0;
	x2[PAGE_SIZE_4K - 2] = x2[PAGE_SIZE_4K - 1] = CANARY2;

	user_mode_on();
	enter_user(user_entry, user_stack + STACK_SIZE);

	printf("strio: CPL 3 insl across a page: %02x %02x | %02x %02x, the "
	       "next frame %02x %02x %02x %02x\n", x0[PAGE_SIZE_4K - 2],
	       x0[PAGE_SIZE_4K - 1], x1[0], x1[1], x7[0], x7[1], x7[2], x7[3]);
	printf("strio: CPL 3 insl into a supervisor page: %s error 0x%lx, "
	       "CR2 0x%lx, bytes %02x %02x | %02x %02x\n",
	       vec_name(user_across_super.vector), user_across_super.error,
	       user_across_super.cr2, x2[PAGE_SIZE_4K - 2],
	       x2[PAGE_SIZE_4K - 1], x3[0], x3[1]);
	printf("strio: CPL 3 outsl from a supervisor page: %s error 0x%lx, "
	       "CR2 0x%lx\n", vec_name(user_out_super.vector),
	       user_out_super.error, user_out_super.cr2);
}

static void non_canonical(void)
{
	PROBE("insb", 1, 0, VMM_PORT_TESTDEV, 0, NON_CANONICAL);
	printf("strio: insb to 0x%lx: %s error 0x%lx\n", NON_CANONICAL,
	       vec_name(probe.vector), probe.error);
	/* OUTSB with an SS prefix, 36 6E (GNU as spells none in 64-bit
	 * code): 64-bit mode ignores it (SDM vol. 1, 3.3.7.1), so DS's
	 * #GP, not #SS. */
	PROBE(".byte 0x36, 0x6e", 2, 0, VMM_PORT_TESTDEV, NON_CANONICAL, 0);
	printf("strio: ss outsb from 0x%lx: %s error 0x%lx\n", NON_CANONICAL,
	       vec_name(probe.vector), probe.error);
}

static void device_page(void)
{
	volatile uint32_t *reg = (volatile uint32_t *)VMM_MMIO_TESTDEV;

	*reg = 0;
	PROBE("insl", 1, 0, VMM_PORT_TESTDEV, 0, VMM_MMIO_TESTDEV);
	printf("strio: insl to the device page: %s, register 0x%x\n",
	       vec_name(probe.vector), *reg);
}

/*
 * Compatibility-mode code, entered by compat_run() and left by a 32-bit
 * LRET to the frame it pushed. compat_insl: INSL at ES:EDI, ES =
 * SMALL_ES. compat_ss_outsb: OUTSB from SS:ESI with SS = SMALL_ES for
 * that one instruction (no stack in use meanwhile), then SS = EAX.
 */
void compat_insl(void);
void compat_ss_outsb(void);
void compat_ss_outsb_insn(void);
__asm__(".code32\n"
	"compat_insl:\n\t"
	"insl (%dx), %es:(%edi)\n\t"
	"lret\n"
	"compat_ss_outsb:\n\t"
	"movw %cx, %ss\n"
	"compat_ss_outsb_insn:\n\t"
	"outsb %ss:(%esi), (%dx)\n\t"
	"movw %ax, %ss\n\t"
	"lret\n"
	".code64");

/* Run @code in compatibility mode with ES = SMALL_ES, and EDI, ESI,
 * ECX = SMALL_ES, EAX = GUEST_DS, EDX = the test port; the probe is for
 * @insn. */
static void compat_run(void (*code)(void), void (*insn)(void),
		       unsigned int len, uint32_t edi, uint32_t esi)
{
	uint64_t rdi = edi, rsi = esi, rdx = VMM_PORT_TESTDEV;
	uint64_t rcx = SMALL_ES, rax = GUEST_DS, rip = (uint64_t)code;

	probe.vector = -1;
	probe.len = len;
	probe.rip = (uint64_t)insn;
	__asm__ volatile("movw %%cx, %%es\n\t"
			 "subq $8, %%rsp\n\t"
			 "movl $1f, (%%rsp)\n\t"
			 "movl %[cs64], 4(%%rsp)\n\t"
			 "pushq %[cs32]\n\t"
			 "pushq %[rip]\n\t"
			 "lretq\n"
			 "1:\tmovw %%ax, %%es"
			 : "+D"(rdi), "+S"(rsi), "+d"(rdx), "+c"(rcx),
			   "+a"(rax)
			 : [cs64] "i"(GUEST_CS64), [cs32] "i"(COMPAT_CS),
			   [rip] "r"(rip)
			 : "memory", "cc");
}

static void compat_at(uint32_t off)
{
	compat_run(compat_insl, compat_insl, 1, off, 0);
}

static void segment_limit(void)
{
	volatile uint8_t *s = small_seg[0], *after = small_seg[1];
	struct probe in_limit;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		s[PAGE_SIZE_4K - 4 + i] = 0;
		after[i] = CANARY;
	}
	compat_at(PAGE_SIZE_4K - 4);
	in_limit = probe;
	printf("strio: compat insl at ES:0x%x: %s, bytes %02x %02x %02x "
	       "%02x\n", PAGE_SIZE_4K - 4, vec_name(in_limit.vector),
	       s[PAGE_SIZE_4K - 4], s[PAGE_SIZE_4K - 3], s[PAGE_SIZE_4K - 2],
	       s[PAGE_SIZE_4K - 1]);
	for (i = 0; i < 4; i++)
		s[PAGE_SIZE_4K - 4 + i] = 0;
	compat_at(PAGE_SIZE_4K - 3);
	printf("strio: compat insl at ES:0x%x, past the limit: %s error "
	       "0x%lx, bytes %02x %02x %02x | %02x\n", PAGE_SIZE_4K - 3,
	       vec_name(probe.vector), probe.error, s[PAGE_SIZE_4K - 3],
	       s[PAGE_SIZE_4K - 2], s[PAGE_SIZE_4K - 1], after[0]);
	/* Through SS, a limit violation is #SS(0) (vol. 2B, OUTS). */
	compat_run(compat_ss_outsb, compat_ss_outsb_insn, 2, 0,
		   PAGE_SIZE_4K);
	printf("strio: compat ss outsb from SS:0x%x, past the limit: %s "
	       "error 0x%lx\n", PAGE_SIZE_4K, vec_name(probe.vector),
	       probe.error);
}

/* mov %rax, %cr4: 0F 22 E0. */
#define MOV_TO_CR4_LEN		3

static void cr4_pke(void)
{
	uint64_t cr4 = read_cr4(), at;

	probe.vector = -1;
	probe.len = MOV_TO_CR4_LEN;
	__asm__ volatile("leaq 0f(%%rip), %[at]\n\t"
			 "movq %[at], probe(%%rip)\n"
			 "0:\tmovq %[val], %%cr4"
			 : [at] "=&r"(at)
			 : [val] "r"(cr4 | CR4_PKE)
			 : "memory");
	write_cr4(cr4);
	printf("strio: mov to cr4 with PKE: %s error 0x%lx\n",
	       vec_name(probe.vector), probe.error);
}

static void past_ram(void)
{
	printf("strio: rep insb over the end of guest RAM at 0x%lx\n",
	       RAM_END);
	PROBE("rep insb", 2, PAST_RAM_COUNT, VMM_PORT_TESTDEV, 0,
	      RAM_END - PAST_RAM_COUNT / 2);
	printf("strio: past the end of RAM was not stopped (%s)\n",
	       vec_name(probe.vector));
	exit_code(STRIO_EXIT_NOT_STOPPED);
}

void main64(void)
{
	idt_set_handler(VEC_GP, probe_handler);
	idt_set_handler(VEC_SS, probe_handler);
	idt_set_handler(VEC_PF, probe_handler);
	gdt_init();
	syscall_gate_init();
	remap();
	map_mmio();

	smap();
	user_part();
	non_canonical();
	device_page();
	segment_limit();
	cr4_pke();
	past_ram();
}
