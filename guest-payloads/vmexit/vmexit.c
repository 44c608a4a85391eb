/*
 * vmexit.c - the exit-latency benchmark, after kvm-unit-tests x86/vmexit.c:
 * for each case, the TSC ticks one execution of an exiting instruction
 * costs, one line per case between "vmexit: start" and "vmexit: done".
 *
 * A case is one loop, timed by RDTSC around it:
 *
 *         pre                once: load ports, MSR numbers, addresses
 *     1:  body               each iteration: reload what insn clobbers
 *         insn               the measured instruction
 *         dec %rdi; jnz 1b
 *
 * and its control, the same loop from the same macro with insn left out,
 * so the two differ in that instruction alone. A row shows
 * (case ticks - control ticks) / VMEXIT_N, rounded to nearest. The
 * no_exit row measures the control against itself and must read 0.
 *
 * Each case first runs once (and its control once), outside the
 * measurement, so first-time costs stay out of the loop; an instruction
 * that raises #GP or #UD there is skipped over, and the case is reported
 * as faulted instead of ending the run.
 *
 * Under Bochs the TSC counts emulated instructions, so the table is
 * deterministic: it counts the instructions the hypervisor spends per
 * exit. Plain RDTSC suffices there; the emulator is in order.
 */
#include "guest.h"
#include "apic.h"

/* Iterations per case; make VMEXIT_N=<n> (vmexit.mk) overrides it. */
#ifndef VMEXIT_N
#define VMEXIT_N		2000	/* a ~100-tick exit: >= 1e5 ticks */
#endif
_Static_assert(VMEXIT_N > 0, "VMEXIT_N must be positive");

/* The byte pio_uart writes: the UART model drops '\r' unprinted. */
#define PIO_UART_BYTE		0x0d

/*
 * hlt_wake's TSC deadline: any value the TSC has passed is due at once
 * (SDM vol. 3, 11.5.4.1: the interrupt comes when the TSC reaches the
 * deadline); 0 would disarm the timer instead.
 */
#define HLT_WAKE_DEADLINE	1

/* SVR 7:0; no gate is set for it, so a spurious interrupt raises #GP. */
#define SPURIOUS_VECTOR		0xff
#define TIMER_VECTOR		0x40

/* A constant, spelled into an assembly template. */
#define STR(x)			#x
#define XSTR(x)			STR(x)

/*
 * TIMED_LOOP(fn, pre, body, insn) defines uint64_t fn(n): the ticks of
 * n iterations of the loop described at the top. The template uses fixed
 * registers only (R8 holds the start, RDI counts), so every case and
 * every control compiles to the same code around its strings; noipa
 * keeps GCC from inlining or cloning it, which would duplicate the
 * labels a case defines.
 */
#define TIMED_LOOP(fn, pre, body, insn)					\
static __attribute__((noipa)) uint64_t fn(uint64_t n)			\
{									\
	uint64_t ticks;							\
									\
	__asm__ volatile("rdtsc\n\t"					\
			 "shl $32, %%rdx\n\t"				\
			 "or %%rdx, %%rax\n\t"				\
			 "mov %%rax, %%r8\n\t"				\
			 pre						\
			 "1:\n\t"					\
			 body						\
			 insn						\
			 "dec %[n]\n\t"					\
			 "jnz 1b\n\t"					\
			 "rdtsc\n\t"					\
			 "shl $32, %%rdx\n\t"				\
			 "or %%rdx, %%rax\n\t"				\
			 "sub %%r8, %%rax"				\
			 : "=a"(ticks), [n] "+D"(n)			\
			 :						\
			 : "rbx", "rcx", "rdx", "r8", "cc", "memory");	\
	return ticks;							\
}

/*
 * The cases, in output order:
 *   X(name, setup, pre, body, insn)
 * setup: NULL, or a function run first that returns 0 when the case can
 * run (it prints why not); pre, body, insn: as above. No case waits on
 * purpose, so every tick of a row is the hypervisor's or the CPU's path:
 * work added anywhere on it can only make the row longer.
 */
#define VMEXIT_CASES(X)							\
	X(cpuid, NULL,							\
	  "",								\
	  "xor %%eax, %%eax\n\t"					\
	  "xor %%ecx, %%ecx\n\t",					\
	  "cpuid\n\t")							\
	X(vmcall, NULL,							\
	  "",								\
	  "mov $" XSTR(HC_NOP) ", %%eax\n\t",				\
	  "vmcall\n\t")							\
	X(mov_from_cr8, NULL,						\
	  "",								\
	  "",								\
	  "mov %%cr8, %%rax\n\t")					\
	X(mov_to_cr8, NULL,						\
	  "xor %%eax, %%eax\n\t",					\
	  "",								\
	  "mov %%rax, %%cr8\n\t")					\
	X(inl_from_pmtimer, NULL,					\
	  "mov $" XSTR(VMM_PORT_PM_TIMER) ", %%edx\n\t",		\
	  "",								\
	  "inl %%dx, %%eax\n\t")					\
	X(inl_from_vmm, NULL,						\
	  "mov $" XSTR(VMM_PORT_TESTDEV) ", %%edx\n\t",			\
	  "",								\
	  "inl %%dx, %%eax\n\t")					\
	X(outl_to_vmm, NULL,						\
	  "mov $" XSTR(VMM_PORT_TESTDEV) ", %%edx\n\t"			\
	  "xor %%eax, %%eax\n\t",					\
	  "",								\
	  "outl %%eax, %%dx\n\t")					\
	X(rdmsr, NULL,							\
	  "mov $" XSTR(MSR_VMM_SCRATCH) ", %%ecx\n\t",			\
	  "",								\
	  "rdmsr\n\t")							\
	X(wrmsr, NULL,							\
	  "mov $" XSTR(MSR_VMM_SCRATCH) ", %%ecx\n\t"			\
	  "xor %%eax, %%eax\n\t"					\
	  "xor %%edx, %%edx\n\t",					\
	  "",								\
	  "wrmsr\n\t")							\
	X(wrmsr_tsc_deadline, NULL,					\
	  "mov $" XSTR(MSR_IA32_TSC_DEADLINE) ", %%ecx\n\t"		\
	  "xor %%eax, %%eax\n\t"					\
	  "xor %%edx, %%edx\n\t",					\
	  "",								\
	  "wrmsr\n\t")							\
	X(mmio_read, NULL,						\
	  "mov $" XSTR(VMM_MMIO_TESTDEV) ", %%ebx\n\t",			\
	  "",								\
	  "movl (%%rbx), %%eax\n\t")					\
	X(mmio_write, NULL,						\
	  "mov $" XSTR(VMM_MMIO_TESTDEV) ", %%ebx\n\t"			\
	  "xor %%eax, %%eax\n\t",					\
	  "",								\
	  "movl %%eax, (%%rbx)\n\t")					\
	X(pio_uart, NULL,						\
	  "mov $" XSTR(VMM_PORT_UART) " + " XSTR(UART_THR) ", %%edx\n\t" \
	  "mov $" XSTR(PIO_UART_BYTE) ", %%eax\n\t",			\
	  "",								\
	  "outb %%al, %%dx\n\t")					\
	/*								\
	 * A deadline already passed, then HLT: the timer fires at the	\
	 * entry after the WRMSR, and the HLT exits with the interrupt	\
	 * pending, so the guest waits on nothing but the hypervisor	\
	 * (WRMSR, preemption-timer and HLT exits, then delivery into	\
	 * the handler, its EOI and IRET). STI's one-instruction shadow	\
	 * holds the interrupt off until the HLT (SDM vol. 2B, STI).	\
	 */								\
	X(hlt_wake, hlt_wake_setup,					\
	  "mov $" XSTR(MSR_IA32_TSC_DEADLINE) ", %%ecx\n\t",		\
	  "mov $" XSTR(HLT_WAKE_DEADLINE) ", %%eax\n\t"			\
	  "xor %%edx, %%edx\n\t",					\
	  "wrmsr\n\t"							\
	  "sti\n\t"							\
	  "hlt\n\t"							\
	  "cli\n\t")							\
	X(no_exit, NULL,						\
	  "",								\
	  "",								\
	  "")

/* The instructions of a case that may fault, [start, end). */
struct insn_range {
	const char *start;
	const char *end;
};

struct vmexit_case {
	const char *name;
	int (*setup)(void);
	uint64_t (*loop)(uint64_t n);
	uint64_t (*control)(uint64_t n);
	struct insn_range insn;
};

/*
 * The range that may fault right now, and the vector it raised (-1:
 * none). skip_fault resumes after the range, so a faulting case runs on
 * to its end with its registers as they were.
 */
static const struct insn_range *volatile may_fault;
static volatile int fault_vector;

static int skip_fault(struct guest_frame *f)
{
	const struct insn_range *r = may_fault;

	if (!r || f->rip < (uint64_t)r->start || f->rip >= (uint64_t)r->end)
		return 0;
	fault_vector = (int)f->vector;
	f->rip = (uint64_t)r->end;
	return 1;
}

/* RDMSR and WRMSR that return the vector they raised, or -1. */
static __attribute__((noipa)) int rdmsr_checked(uint32_t msr, uint64_t *v)
{
	extern const char rdmsr_checked_insn[], rdmsr_checked_end[];
	static const struct insn_range range = {
		rdmsr_checked_insn, rdmsr_checked_end
	};
	uint32_t lo = 0, hi = 0;

	fault_vector = -1;
	may_fault = &range;
	__asm__ volatile("rdmsr_checked_insn: rdmsr\n\t"
			 "rdmsr_checked_end:"
			 : "+a"(lo), "+d"(hi) : "c"(msr) : "memory");
	may_fault = NULL;
	*v = ((uint64_t)hi << 32) | lo;
	return fault_vector;
}

static __attribute__((noipa)) int wrmsr_checked(uint32_t msr, uint64_t v)
{
	extern const char wrmsr_checked_insn[], wrmsr_checked_end[];
	static const struct insn_range range = {
		wrmsr_checked_insn, wrmsr_checked_end
	};

	fault_vector = -1;
	may_fault = &range;
	__asm__ volatile("wrmsr_checked_insn: wrmsr\n\t"
			 "wrmsr_checked_end:"
			 : : "c"(msr), "a"((uint32_t)v),
			   "d"((uint32_t)(v >> 32)) : "memory");
	may_fault = NULL;
	return fault_vector;
}

/* --- hlt_wake: the x2APIC timer in TSC-deadline mode -------------------- */

struct interrupt_frame;

/* The timer interrupt's entry: EOI and return to after the HLT. */
__attribute__((interrupt, target("general-regs-only")))
static void apic_timer_isr(struct interrupt_frame *frame)
{
	(void)frame;
	__asm__ volatile("wrmsr"
			 : : "c"(MSR_X2APIC_EOI), "a"(0), "d"(0)
			 : "memory");
}

/*
 * x2APIC on, the timer in TSC-deadline mode on TIMER_VECTOR. The
 * x2APIC is entered from xAPIC mode, never straight from disabled (SDM
 * vol. 3, 11.12.5 "x2APIC State Transitions"). Returns the vector an
 * MSR access raised, or -1.
 */
static int x2apic_timer_init(void)
{
	uint64_t base;
	int vec;

	vec = rdmsr_checked(MSR_IA32_APIC_BASE, &base);
	if (vec < 0 && !(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		vec = wrmsr_checked(MSR_IA32_APIC_BASE, base);
	}
	if (vec < 0 && !(base & APIC_BASE_X2APIC))
		vec = wrmsr_checked(MSR_IA32_APIC_BASE,
				    base | APIC_BASE_X2APIC);
	if (vec < 0)
		vec = wrmsr_checked(X2APIC_MSR(APIC_SPIV),
				    APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	if (vec < 0)
		vec = wrmsr_checked(X2APIC_MSR(APIC_LVTT),
				    APIC_LVT_TIMER_TSC_DEADLINE |
				    TIMER_VECTOR);
	/*
	 * A deadline written before the timer is in TSC-deadline mode is
	 * ignored (SDM vol. 3, 11.5.4.1), and the APIC register writes are
	 * not serializing: MFENCE orders the LVT write first, as Linux's
	 * __setup_APIC_LVTT does.
	 */
	__asm__ volatile("mfence" : : : "memory");
	return vec;
}

static int hlt_wake_setup(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	int vec;

	if (!(r.ecx & CPUID_1_ECX_X2APIC) ||
	    !(r.ecx & CPUID_1_ECX_TSC_DEADLINE)) {
		printf("vmexit: hlt_wake skipped: no x2APIC/TSC-deadline\n");
		return -1;
	}
	idt_set_gate(TIMER_VECTOR, (const void *)apic_timer_isr);
	vec = x2apic_timer_init();
	if (vec >= 0) {
		printf("vmexit: hlt_wake faulted (%s)\n", exception_name(vec));
		return -1;
	}
	return 0;
}

/* --- the cases ---------------------------------------------------------- */

#define DEFINE_CASE(id, setup_fn, pre, body, op)			\
	extern const char vmexit_insn_##id[];				\
	extern const char vmexit_insn_end_##id[];			\
	TIMED_LOOP(id##_loop, pre, body,				\
		   "vmexit_insn_" #id ":\n\t"				\
		   op							\
		   "vmexit_insn_end_" #id ":\n\t")			\
	TIMED_LOOP(id##_control, pre, body, "")

#define CASE_ENTRY(id, setup_fn, pre, body, op)				\
	{								\
		.name = #id,						\
		.setup = setup_fn,					\
		.loop = id##_loop,					\
		.control = id##_control,				\
		.insn = { vmexit_insn_##id, vmexit_insn_end_##id },	\
	},

VMEXIT_CASES(DEFINE_CASE)

static const struct vmexit_case cases[] = {
	VMEXIT_CASES(CASE_ENTRY)
};

/* d / n rounded to nearest, halves away from zero. */
static int64_t div_round(int64_t d, int64_t n)
{
	return d >= 0 ? (d + n / 2) / n : -((-d + n / 2) / n);
}

/*
 * VMM_MMIO_TESTDEV lies in the fourth GiB, beyond entry16.S's identity map of
 * the first: map its 2 MiB page, uncached as a device's, through a page
 * directory of our own at PDPT[3]. PDPT[3] was not present, so no TLB
 * holds it; the INVLPG only drops a paging-structure cache entry a CPU
 * may keep (SDM vol. 3, 4.10.4.3 "Optional Invalidation").
 */
static uint64_t pd_4th_gib[PT_ENTRIES] __attribute__((aligned(4096)));

static void map_mmio_scratch(void)
{
	volatile uint64_t *pdpt = (volatile uint64_t *)GUEST_PDPT;
	uint64_t pa = VMM_MMIO_TESTDEV;

	pd_4th_gib[PD_INDEX(pa)] = (pa & ~(uint64_t)(PAGE_SIZE_2M - 1)) |
				   PTE_P | PTE_W | PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[PDPT_INDEX(pa)] = (uint64_t)pd_4th_gib | PTE_P | PTE_W;
	__asm__ volatile("invlpg (%0)" : : "r"(pa) : "memory");
}

static void run_case(const struct vmexit_case *c)
{
	uint64_t t = 0, t_control = 0, exits = 0;
	int64_t ticks;
	int vec;

	if (c->setup && c->setup() != 0)
		return;

	fault_vector = -1;
	may_fault = &c->insn;
	c->loop(1);
	c->control(1);
	if (fault_vector < 0) {
		/* The hypervisor's exit count around the measured loop; the
		 * second hypercall counts itself, hence the - 1. */
		exits = (uint64_t)vmcall(HC_EXIT_COUNT, 0, 0);
		t = c->loop(VMEXIT_N);
		exits = (uint64_t)vmcall(HC_EXIT_COUNT, 0, 0) - exits - 1;
		t_control = c->control(VMEXIT_N);
	}
	may_fault = NULL;
	vec = fault_vector;
	if (vec >= 0) {
		printf("vmexit: %s faulted (%s)\n", c->name,
		       exception_name(vec));
		return;
	}

	ticks = div_round((int64_t)(t - t_control), VMEXIT_N);
	printf("vmexit: %-20s %8u iterations %8ld ticks %8lu exits\n",
	       c->name, (unsigned int)VMEXIT_N, ticks, exits);
}

void main64(void)
{
	size_t i;

	printf("vmexit: start\n");
	idt_set_handler(VEC_UD, skip_fault);
	idt_set_handler(VEC_GP, skip_fault);
	map_mmio_scratch();

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);

	printf("vmexit: done\n");
	exit_code(0);
}
