/*
 * ring3.c - the hypercalls, CPUID and port I/O at CPL 3.
 *
 * main64 gives the guest what a kernel needs to run user code: two DPL 3
 * segments and a 64-bit TSS in a new GDT, the U/S bit on its identity
 * map, a DPL 3 gate back to CPL 0. enter_user (user.S) then runs
 * user_main at CPL 3 with IOPL 0. There the write, exit and exit-count
 * hypercalls and an unknown one must answer -1 and do nothing (the
 * hypervisor refuses them outside CPL 0), the no-op answers 0, CPUID's
 * hypervisor leaf answers as at CPL 0, and an OUT to the debug-exit port
 * raises #GP in the guest before any VM exit. CPL 3 cannot print (IOPL
 * 0 denies it the UART too), so user_main only records what it saw and
 * main64 prints it back at CPL 0, then makes the same write and
 * exit-count calls to show they work there, and ends with the exit
 * hypercall's RING3_EXIT_CODE.
 */
#include "ring3.h"

/*
 * A segment descriptor's attribute bits from an access-rights value
 * (arch/x86.h: SDM vol. 3, 3.4.5 "Segment Descriptors", figure 3-8;
 * 5.2.1 "Code-Segment Descriptor in 64-bit Mode"); the limit's bits
 * 19:16 are SEG_DESC_LIMIT_MAX's. A gate's attribute byte is placed the
 * same way (7.14.1, figure 7-8).
 */
#define DESC_AR(ar)		((uint64_t)(ar) << SEG_DESC_AR_SHIFT)
#define USER_AR_DPL		(RPL_USER << AR_DPL_SHIFT)

/* What the user code passes the exit hypercall; the run must not end. */
#define USER_EXIT_CODE		99
/* What it writes to the debug-exit port; the run must not end there. */
#define USER_OUT_VALUE		0x77
#define HC_UNKNOWN		4
#define RING3_EXIT_CODE		43

#define USER_STACK_SIZE		(16 * 1024)
#define KERNEL_STACK_SIZE	(16 * 1024)

/* What user_main saw; written at CPL 3, printed at CPL 0. */
struct user_results {
	unsigned int cpl;
	long write, exit, exit_count, unknown, nop;
	struct cpuid_regs hv;
	int gp_taken;
	uint64_t gp_error, gp_cpl;
};

unsigned long enter_user(void (*entry)(void), void *stack);	/* user.S */
void user_entry(void);
void user_return(void);
void user_main(void);

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t kernel_stack[KERNEL_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t user_stack[USER_STACK_SIZE] __attribute__((aligned(16)));
static struct user_results res;
static volatile int out_probe_armed;

static const char cpl0_only[] = "ring3: written at CPL 0 only";

/* out %eax, $VMM_PORT_DEBUG_EXIT: the one instruction the #GP handler skips. */
static const uint8_t insn_out_imm8[] = { 0xe7, VMM_PORT_DEBUG_EXIT };

static int skip_user_out(struct guest_frame *f)
{
	if (!out_probe_armed ||
	    memcmp((const void *)f->rip, insn_out_imm8, sizeof(insn_out_imm8)))
		return 0;
	res.gp_taken = 1;
	res.gp_error = f->error_code;
	res.gp_cpl = f->cs & RPL_USER;
	f->rip += sizeof(insn_out_imm8);
	return 1;
}

/* Runs at CPL 3: no printf, no port I/O but the one that must fault. */
void user_main(void)
{
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	res.cpl = cs & RPL_USER;
	res.write = hc_write(cpl0_only, sizeof(cpl0_only) - 1);
	res.exit = vmcall(HC_EXIT, USER_EXIT_CODE, 0);
	res.exit_count = vmcall(HC_EXIT_COUNT, 0, 0);
	res.unknown = vmcall(HC_UNKNOWN, 0, 0);
	res.nop = vmcall(HC_NOP, 0, 0);
	res.hv = cpuid(CPUID_LEAF_HV_BASE, 0);

	/*
	 * CPL > IOPL and no I/O bitmap: #GP(0) (SDM vol. 1, 19.5.1 "I/O
	 * Privilege Level", 19.5.2 "I/O Permission Bit Map"). The check
	 * comes before any VM exit (SDM vol. 3, 26.1.1 "Relative Priority
	 * of Faults and VM Exits"), so the hypervisor never sees the write.
	 */
	out_probe_armed = 1;
	__asm__ volatile("outl %%eax, %0"
			 : : "i"(VMM_PORT_DEBUG_EXIT), "a"(USER_OUT_VALUE)
			 : "memory");
	out_probe_armed = 0;
}

/* The low quadword of a TSS descriptor: limit 15:0 in bits 15:0, base
 * 23:0 in 39:16, limit 19:16 in 51:48, base 31:24 in 63:56 (SDM vol. 3,
 * 8.2.3, figure 8-4); the high quadword holds base 63:32. */
static uint64_t tss_desc_low(uint64_t base, uint32_t limit)
{
	return (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       DESC_AR(AR_TYPE_TSS64_AVAIL | AR_P) |
	       ((uint64_t)(limit >> 16 & 0xf) << 48) |
	       ((base >> 24 & 0xff) << 56);
}

/*
 * The kernel segments stay as entry16.S made them (CS, DS and SS hold
 * their selectors and the IDT's gates name GUEST_CS64), so they are
 * copied from the live GDT; the user segments and the TSS follow.
 */
static void gdt_tss_init(void)
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

	/* An I/O map base at the limit: no bitmap, so every port faults
	 * at CPL > IOPL (SDM vol. 1, 19.5.2). */
	tss.rsp[0] = (uint64_t)(kernel_stack + KERNEL_STACK_SIZE);
	tss.iomap_base = sizeof(tss);

	ptr.limit = sizeof(gdt) - 1;
	ptr.base = (uint64_t)gdt;
	__asm__ volatile("lgdt %0" : : "m"(ptr));
	__asm__ volatile("ltr %0" : : "r"(sel));
}

/*
 * A CPL 3 access needs U/S = 1 at every level of the walk (SDM vol. 3,
 * 5.6). The whole identity map becomes user-accessible: this guest has
 * nothing to hide from its user code. CR4.SMEP and SMAP are 0, so CPL 0
 * still reaches it all. Reloading CR3 flushes the old entries (no global
 * pages: CR4.PGE is 0).
 */
static void map_user(void)
{
	uint64_t *pml4 = (uint64_t *)GUEST_PML4;
	uint64_t *pdpt = (uint64_t *)GUEST_PDPT;
	uint64_t *pd = (uint64_t *)GUEST_PD;
	unsigned int i;

	pml4[0] |= PTE_U;
	pdpt[0] |= PTE_U;
	for (i = 0; i < PT_ENTRIES; i++)
		pd[i] |= PTE_U;
	write_cr3(read_cr3());
}

/* guest.c makes every gate DPL 0; INT n at CPL 3 needs DPL 3, as INT n
 * checks CPL <= DPL (7.12.1.1). */
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

static void print_vendor(const struct cpuid_regs *r)
{
	char vendor[13];
	int i;

	memcpy(vendor, &r->ebx, 4);
	memcpy(vendor + 4, &r->ecx, 4);
	memcpy(vendor + 8, &r->edx, 4);
	for (i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e)
			vendor[i] = '.';	/* keep the console line clean */
	vendor[12] = '\0';
	printf("ring3: CPL 3: cpuid 0x%x -> %s\n", CPUID_LEAF_HV_BASE, vendor);
}

void main64(void)
{
	unsigned long cs;
	long count;

	gdt_tss_init();
	map_user();
	syscall_gate_init();
	idt_set_handler(VEC_GP, skip_user_out);

	printf("ring3: entering CPL 3 with IOPL %d\n", USER_IOPL);
	cs = enter_user(user_entry, user_stack + USER_STACK_SIZE);
	printf("ring3: back at CPL 0 through int 0x%x from CS 0x%lx\n",
	       SYSCALL_VECTOR, cs);

	printf("ring3: CPL 3: CS.RPL %u\n", res.cpl);
	printf("ring3: CPL 3: vmcall write -> %ld\n", res.write);
	printf("ring3: CPL 3: vmcall exit -> %ld\n", res.exit);
	printf("ring3: CPL 3: vmcall exit count -> %ld\n", res.exit_count);
	printf("ring3: CPL 3: vmcall %d -> %ld\n", HC_UNKNOWN, res.unknown);
	printf("ring3: CPL 3: vmcall no-op -> %ld\n", res.nop);
	print_vendor(&res.hv);
	if (res.gp_taken)
		printf("ring3: CPL 3: out to port 0x%x -> #GP, error code "
		       "0x%lx, from CPL %lu\n", VMM_PORT_DEBUG_EXIT,
		       res.gp_error, res.gp_cpl);
	else
		printf("ring3: CPL 3: out to port 0x%x did not fault\n",
		       VMM_PORT_DEBUG_EXIT);

	printf("ring3: CPL 0: vmcall write -> %ld\n",
	       hc_write(cpl0_only, sizeof(cpl0_only) - 1));
	count = vmcall(HC_EXIT_COUNT, 0, 0);
	printf("ring3: CPL 0: vmcall exit count %s 0\n",
	       count > 0 ? ">" : "<=");
	printf("ring3: exit %d\n", RING3_EXIT_CODE);
	hc_exit(RING3_EXIT_CODE);
}
