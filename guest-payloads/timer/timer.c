/*
 * timer.c - the local APIC timer, measured from inside the guest.
 *
 * Each mode programs the timer to raise TIMER_VECTOR, waits for its
 * interrupts and compares the TSC that timer_isr.S read at handler entry
 * with the deadline the SDM's rules give (vol. 3, 11.5.4 "APIC Timer"):
 *
 *   one-shot      the count starts when TMICT is written and runs down at
 *                 the TSC rate / the divide configuration; deadline =
 *                 t0 + TMICT * divisor, t0 read just before the write;
 *   periodic      the same, reloaded at each expiry: the k-th deadline
 *                 is t0 + k * period; after TMICT = 0 nothing follows;
 *   TSC-deadline  the interrupt comes when the TSC reaches the value in
 *                 IA32_TSC_DEADLINE (11.5.4.1).
 *
 * t0 precedes the write that starts the count, so a correct timer is
 * never early by these deadlines; lateness = handler TSC - deadline
 * includes the write's own cost. The first mode goes through the xAPIC
 * page (MMIO), the rest through the x2APIC MSRs; each mode has a variant
 * that waits spinning with interrupts on and one that sleeps in HLT.
 *
 * Exit code: 0 all modes passed, 1 a mode failed, 2 an exception (an
 * APIC access refused), 3 CPUID lacks x2APIC or TSC-deadline.
 */
#include "guest.h"
#include "apic.h"
#include "timer.h"

/*
 * Delays and periods, in TSC ticks. Under Bochs the TSC counts emulated
 * instructions and one VM exit costs some 100 - 1000 of them, so every
 * interval leaves the handler and the hypervisor ample time.
 */
#define ONESHOT_COUNT		100
#define ONESHOT_TMICT		30000
#define ONESHOT_TDCR		APIC_TDCR_DIV_1
#define ONESHOT_DIVISOR		1

#define PERIODIC_COUNT		1000
#define PERIODIC_TMICT		25000
#define PERIODIC_TDCR		APIC_TDCR_DIV_2	/* exercise the divider */
#define PERIODIC_DIVISOR	2		/* period 50000 ticks */

#define TSC_DEADLINE_COUNT	1000
#define TSC_DEADLINE_TICKS	30000

/* After the timer is stopped, watch this many intervals for strays. */
#define QUIET_INTERVALS		3
/* A spinning wait gives up this long after its last deadline. */
#define WAIT_TIMEOUT_TICKS	10000000ull

#define EXIT_PASS		0
#define EXIT_FAIL		1
#define EXIT_FAULT		2
#define EXIT_NO_CPUID		3

enum timer_kind { ONESHOT, PERIODIC, TSC_DEADLINE };

struct timer_mode {
	const char *name;
	enum timer_kind kind;
	int xapic;		/* program through the MMIO page */
	int hlt;		/* wait in HLT instead of spinning */
	uint32_t count;		/* interrupts expected */
};

static const struct timer_mode modes[] = {
	{ "oneshot_xapic",    ONESHOT,      1, 0, ONESHOT_COUNT },
	{ "oneshot",          ONESHOT,      0, 0, ONESHOT_COUNT },
	{ "periodic",         PERIODIC,     0, 0, PERIODIC_COUNT },
	{ "tsc_deadline",     TSC_DEADLINE, 0, 0, TSC_DEADLINE_COUNT },
	{ "oneshot_hlt",      ONESHOT,      0, 1, ONESHOT_COUNT },
	{ "periodic_hlt",     PERIODIC,     0, 1, PERIODIC_COUNT },
	{ "tsc_deadline_hlt", TSC_DEADLINE, 0, 1, TSC_DEADLINE_COUNT },
};

_Static_assert(ONESHOT_COUNT <= TIMER_IRQ_MAX &&
	       PERIODIC_COUNT <= TIMER_IRQ_MAX &&
	       TSC_DEADLINE_COUNT <= TIMER_IRQ_MAX,
	       "every expected interrupt needs a slot in timer_irq_tsc");

/* The handler's record (timer.h). */
volatile uint32_t timer_irq_count;
volatile uint64_t timer_irq_tsc[TIMER_IRQ_MAX];
volatile uint8_t timer_eoi_xapic;
volatile uint32_t spurious_count;

/* What one mode measured. */
struct timer_result {
	uint32_t got;		/* interrupts, strays included */
	uint32_t early;
	uint32_t stray;		/* after the timer was stopped */
	int timed_out;		/* a spinning wait gave up */
	int64_t min, median, max;
};

static uint64_t deadline[TIMER_IRQ_MAX];
static int64_t lateness[TIMER_IRQ_MAX];
static uint64_t xapic_pd[PT_ENTRIES] __attribute__((aligned(4096)));

static const char *stage = "setup";	/* for the fault report */
static int use_xapic;

static void apic_write(uint32_t off, uint32_t v)
{
	if (use_xapic)
		xapic_write(off, v);
	else
		x2apic_write(off, v);
}

static int fault(struct guest_frame *f)
{
	printf("timer: %s faulted (%s at RIP 0x%lx)\n", stage,
	       exception_name((unsigned int)f->vector), f->rip);
	exit_code(EXIT_FAULT);
}

/* --- APIC setup --------------------------------------------------------- */

/* The APIC enabled in xAPIC mode, its page mapped, software-enabled. */
static int setup_xapic(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	if (base & APIC_BASE_X2APIC) {
		printf("timer: APIC already in x2APIC mode "
		       "(IA32_APIC_BASE = 0x%lx)\n", base);
		return -1;
	}
	if ((base & APIC_BASE_ADDR_MASK) != APIC_BASE_ADDR) {
		printf("timer: xAPIC page not at 0x%x (IA32_APIC_BASE = "
		       "0x%lx)\n", APIC_BASE_ADDR, base);
		return -1;
	}
	if (!(base & APIC_BASE_ENABLE))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE);
	if (xapic_map(xapic_pd)) {
		printf("timer: PDPT[3] in use, cannot map the xAPIC page\n");
		return -1;
	}
	use_xapic = 1;
	timer_eoi_xapic = 1;
	/* SVR first: with it clear the LVT entries stay masked (11.4.7.2). */
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	return 0;
}

/* xAPIC -> x2APIC, the one transition into x2APIC mode the SDM allows
 * (vol. 3, 11.12.5, figure 11-27). */
static void setup_x2apic(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_IA32_APIC_BASE, base);
	}
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	use_xapic = 0;
	timer_eoi_xapic = 0;
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
}

/* --- waiting ------------------------------------------------------------ */

/*
 * Wait until the handler has run n times in this mode. Spinning, with
 * interrupts on, it gives up when the TSC passes limit (-1); in HLT,
 * interrupts are on only for the STI; HLT pair (the STI shadow covers
 * the HLT, so no interrupt slips in between and is lost to the sleep).
 * Interrupts are off again on return.
 */
static int wait_irqs(const struct timer_mode *m, uint32_t n, uint64_t limit)
{
	if (m->hlt) {
		while (timer_irq_count < n)
			__asm__ volatile("sti; hlt; cli" : : : "memory");
		return 0;
	}
	__asm__ volatile("sti" : : : "memory");
	while (timer_irq_count < n && rdtsc() < limit)
		;
	__asm__ volatile("cli" : : : "memory");
	return timer_irq_count < n ? -1 : 0;
}

/* Spin with interrupts on for ticks; return the interrupts taken. */
static uint32_t quiet_window(uint64_t ticks)
{
	uint32_t before = timer_irq_count;
	uint64_t end = rdtsc() + ticks;

	__asm__ volatile("sti" : : : "memory");
	while (rdtsc() < end)
		;
	__asm__ volatile("cli" : : : "memory");
	return timer_irq_count - before;
}

/* --- the modes: each fills deadline[] and returns the timer's interval -- */

static uint64_t run_oneshot(const struct timer_mode *m, int *timed_out)
{
	const uint64_t ticks = (uint64_t)ONESHOT_TMICT * ONESHOT_DIVISOR;
	uint32_t i;

	apic_write(APIC_TDCR, ONESHOT_TDCR);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VECTOR);
	for (i = 0; i < m->count; i++) {
		uint64_t t0 = rdtsc();

		apic_write(APIC_TMICT, ONESHOT_TMICT);
		deadline[i] = t0 + ticks;
		if (wait_irqs(m, i + 1, deadline[i] + WAIT_TIMEOUT_TICKS)) {
			*timed_out = 1;
			break;
		}
	}
	apic_write(APIC_TMICT, 0);
	return ticks;
}

static uint64_t run_periodic(const struct timer_mode *m, int *timed_out)
{
	const uint64_t period = (uint64_t)PERIODIC_TMICT * PERIODIC_DIVISOR;
	uint64_t t0;
	uint32_t k;

	apic_write(APIC_TDCR, PERIODIC_TDCR);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | TIMER_VECTOR);
	t0 = rdtsc();
	apic_write(APIC_TMICT, PERIODIC_TMICT);
	for (k = 1; k <= m->count; k++)
		deadline[k - 1] = t0 + k * period;
	if (wait_irqs(m, m->count, deadline[m->count - 1] + WAIT_TIMEOUT_TICKS))
		*timed_out = 1;
	/* The next expiry is a whole period away: ample time to stop it. */
	apic_write(APIC_TMICT, 0);
	return period;
}

static uint64_t run_tsc_deadline(const struct timer_mode *m, int *timed_out)
{
	uint32_t i;

	apic_write(APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | TIMER_VECTOR);
	/*
	 * SDM vol. 3, 11.5.4.1: order the LVT write that selects TSC-deadline
	 * mode before the first WRMSR to IA32_TSC_DEADLINE, or that write may
	 * reach the timer in the old mode and be ignored.
	 */
	__asm__ volatile("mfence" : : : "memory");
	for (i = 0; i < m->count; i++) {
		deadline[i] = rdtsc() + TSC_DEADLINE_TICKS;
		wrmsr(MSR_IA32_TSC_DEADLINE, deadline[i]);
		if (wait_irqs(m, i + 1, deadline[i] + WAIT_TIMEOUT_TICKS)) {
			*timed_out = 1;
			break;
		}
	}
	wrmsr(MSR_IA32_TSC_DEADLINE, 0);	/* disarms */
	return TSC_DEADLINE_TICKS;
}

/* --- results ------------------------------------------------------------ */

/* Insertion sort: at most 1000 entries, nearly sorted for periodic. */
static void sort_i64(int64_t *a, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {
		int64_t v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static void summarize(const struct timer_mode *m, struct timer_result *r)
{
	uint32_t n = r->got < m->count ? r->got : m->count;
	uint32_t i;

	r->early = 0;
	for (i = 0; i < n; i++) {
		lateness[i] = (int64_t)(timer_irq_tsc[i] - deadline[i]);
		if (lateness[i] < 0)
			r->early++;
	}
	sort_i64(lateness, n);
	r->min = n ? lateness[0] : 0;
	r->median = n ? lateness[(n - 1) / 2] : 0;	/* the lower median */
	r->max = n ? lateness[n - 1] : 0;
}

/* Run one mode and print its line; returns 1 when it passed. */
static int run_mode(const struct timer_mode *m)
{
	struct timer_result r = { 0 };
	uint64_t interval, exits;

	stage = m->name;
	timer_irq_count = 0;
	/* VM exits the mode costs, from the hypervisor's count; the second
	 * hypercall counts itself, hence the - 1. */
	exits = (uint64_t)vmcall(HC_EXIT_COUNT, 0, 0);
	switch (m->kind) {
	case ONESHOT:
		interval = run_oneshot(m, &r.timed_out);
		break;
	case PERIODIC:
		interval = run_periodic(m, &r.timed_out);
		break;
	default:
		interval = run_tsc_deadline(m, &r.timed_out);
		break;
	}
	exits = (uint64_t)vmcall(HC_EXIT_COUNT, 0, 0) - exits - 1;
	r.stray = quiet_window(QUIET_INTERVALS * interval);
	r.got = timer_irq_count;
	summarize(m, &r);

	printf("timer: %-16s %5u/%-5u interrupts, %u early, lateness min %ld "
	       "median %ld max %ld ticks, %lu exits\n", m->name, r.got,
	       m->count, r.early, r.min, r.median, r.max, exits);
	if (r.timed_out)
		printf("timer: %s: gave up waiting after %u interrupts\n",
		       m->name, r.got - r.stray);
	if (r.stray)
		printf("timer: %s: %u interrupts after the timer was stopped\n",
		       m->name, r.stray);
	return r.got == m->count && !r.early && !r.stray && !r.timed_out;
}

void main64(void)
{
	struct cpuid_regs c = cpuid(1, 0);
	int passed = 1;
	size_t i;

	if (!(c.ecx & CPUID_1_ECX_X2APIC) ||
	    !(c.ecx & CPUID_1_ECX_TSC_DEADLINE)) {
		printf("timer: no x2APIC/TSC-deadline in CPUID\n");
		exit_code(EXIT_NO_CPUID);
	}

	idt_set_handler(VEC_UD, fault);
	idt_set_handler(VEC_GP, fault);
	idt_set_handler(VEC_PF, fault);
	idt_set_gate(TIMER_VECTOR, timer_isr);
	idt_set_gate(SPURIOUS_VECTOR, spurious_isr);

	stage = "xapic_setup";
	if (setup_xapic())
		exit_code(EXIT_FAIL);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!modes[i].xapic && use_xapic) {
			stage = "x2apic_setup";
			setup_x2apic();
		}
		passed &= run_mode(&modes[i]);
	}

	if (spurious_count)
		printf("timer: %u spurious interrupts\n", spurious_count);
	if (!passed) {
		printf("timer: FAILED\n");
		exit_code(EXIT_FAIL);
	}
	printf("timer: all modes passed\n");
	exit_code(EXIT_PASS);
}
