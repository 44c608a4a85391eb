/*
 * timer_abuse.c - a hostile guest against the local APIC timer: values
 * the SDM allows that a careless hypervisor turns into a machine that
 * never runs the guest again. Each stage must come back, print its line
 * and leave the guest running; the last line is "timer_abuse: all
 * passed" and the exit code 0.
 *
 *   far_deadline  IA32_TSC_DEADLINE 2^63 and more ticks ahead, masked and
 *                 unmasked (SDM vol. 3, 11.5.4.1: the timer fires when the
 *                 TSC reaches it, which in practice is never): no
 *                 interrupt, the deadline reads back armed, and the guest
 *                 runs with almost no exits while it waits.
 *   periodic_storm periodic, TMICT = 1, divide by 1, unmasked: a period
 *                 shorter than any VM exit. The guest still runs, and
 *                 takes one interrupt per VMM_LAPIC_MIN_PERIOD_TICKS.
 *   masked_tiny   the same count masked, periodic and one-shot: no
 *                 interrupt and no exit at all, while the current count
 *                 runs (never above TMICT).
 *
 * Exit code: 0 all stages passed, 1 a stage failed, 2 an exception.
 */
#include "guest.h"
#include "apic.h"

#define TIMER_VECTOR		0x40
#define SPURIOUS_VECTOR		0xff

/* How long each stage lets the guest run, in TSC ticks. */
#define RUN_TICKS		2000000ull
/* Exits a stage may cost while the timer stays quiet: the two
 * HC_EXIT_COUNT hypercalls that measure it and a spare. */
#define QUIET_EXITS_MAX		3

#define EXIT_PASS		0
#define EXIT_FAIL		1
#define EXIT_FAULT		2

volatile uint32_t abuse_irq_count;	/* isr.S counts here */
extern const char abuse_isr[];

static const char *stage = "setup";

static int fault(struct guest_frame *f)
{
	printf("timer_abuse: %s faulted (%s at RIP 0x%lx)\n", stage,
	       exception_name((unsigned int)f->vector), f->rip);
	exit_code(EXIT_FAULT);
}

static uint64_t exit_count(void)
{
	return (uint64_t)vmcall(HC_EXIT_COUNT, 0, 0);
}

/* Run with interrupts on for @ticks; return the loop iterations done,
 * the guest's proof that it ran. */
static uint64_t run_for(uint64_t ticks)
{
	uint64_t end = rdtsc() + ticks, n = 0;

	__asm__ volatile("sti" : : : "memory");
	while (rdtsc() < end)
		n++;
	__asm__ volatile("cli" : : : "memory");
	return n;
}

static void setup_x2apic(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
}

/* --- far_deadline -------------------------------------------------------- */

static int far_deadline_one(uint64_t ahead, uint32_t masked)
{
	uint64_t deadline, back, exits, n;
	uint32_t irqs = abuse_irq_count;

	x2apic_write(APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | masked |
		     TIMER_VECTOR);
	/* SDM vol. 3, 11.5.4.1: the mode change before the deadline. */
	__asm__ volatile("mfence" : : : "memory");
	exits = exit_count();
	deadline = rdtsc() + ahead;
	wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
	n = run_for(RUN_TICKS);
	back = rdmsr(MSR_IA32_TSC_DEADLINE);
	exits = exit_count() - exits;
	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	irqs = abuse_irq_count - irqs;
	printf("timer_abuse: far_deadline +0x%lx %s: %u interrupts, "
	       "deadline %s, %lu exits, ran %s\n", ahead,
	       masked ? "masked" : "unmasked", irqs,
	       back == deadline ? "armed" : "lost",
	       exits, n ? "yes" : "no");
	/* The deadline write, its read-back and the counting hypercall. */
	return !irqs && back == deadline && n && exits <= QUIET_EXITS_MAX + 2;
}

static int far_deadline(void)
{
	static const uint64_t aheads[] = {
		(1ull << 63) + (1ull << 62),	/* looks overdue as int64_t */
		1ull << 63,
		~0ull >> 1,			/* INT64_MAX: still positive */
	};
	int ok = 1;
	unsigned int i;

	stage = "far_deadline";
	for (i = 0; i < sizeof(aheads) / sizeof(aheads[0]); i++) {
		ok &= far_deadline_one(aheads[i], APIC_LVT_MASKED);
		ok &= far_deadline_one(aheads[i], 0);
	}
	return ok;
}

/* --- periodic_storm, masked_tiny ----------------------------------------- */

/* The run of periodic_storm, in whole minimum periods. */
#define STORM_PERIODS		40
/* The share of its time (percent) the guest keeps under the storm: the
 * minimum period is some ten times one interrupt's cost. */
#define STORM_SHARE_MIN		75

static int periodic_storm(void)
{
	const uint64_t run = STORM_PERIODS * (uint64_t)VMM_LAPIC_MIN_PERIOD_TICKS;
	uint32_t irqs, tmcct, share;
	uint64_t n, quiet;

	stage = "periodic_storm";
	quiet = run_for(run);		/* the same run without the timer */
	abuse_irq_count = 0;
	x2apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
	x2apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | TIMER_VECTOR);
	x2apic_write(APIC_TMICT, 1);
	n = run_for(run);
	tmcct = (uint32_t)x2apic_read(APIC_TMCCT);
	x2apic_write(APIC_TMICT, 0);
	irqs = abuse_irq_count;
	share = quiet ? (uint32_t)(n * 100 / quiet) : 0;
	printf("timer_abuse: periodic_storm TMICT 1 for %u minimum periods: "
	       "%u interrupts, TMCCT %u, ran %s\n", STORM_PERIODS, irqs, tmcct,
	       n ? "yes" : "no");
	printf("timer_abuse: periodic_storm: the guest kept %u%% of its time\n",
	       share);
	/* The write comes a little after the run starts: one fewer. */
	return n && tmcct <= 1 && share >= STORM_SHARE_MIN &&
	       (irqs == STORM_PERIODS || irqs == STORM_PERIODS - 1);
}

static int masked_tiny_one(uint32_t mode, const char *name)
{
	uint32_t irqs = abuse_irq_count, tmcct;
	uint64_t exits, n;

	x2apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
	x2apic_write(APIC_LVTT, mode | APIC_LVT_MASKED | TIMER_VECTOR);
	exits = exit_count();
	x2apic_write(APIC_TMICT, 1);
	n = run_for(RUN_TICKS);
	tmcct = (uint32_t)x2apic_read(APIC_TMCCT);
	exits = exit_count() - exits;
	x2apic_write(APIC_TMICT, 0);
	irqs = abuse_irq_count - irqs;
	printf("timer_abuse: masked_tiny %s: %u interrupts, TMCCT %u, %lu "
	       "exits, ran %s\n", name, irqs, tmcct, exits, n ? "yes" : "no");
	/* The TMICT write, the TMCCT read and the counting hypercall. */
	return !irqs && tmcct <= 1 && exits == 3 && n;
}

static int masked_tiny(void)
{
	stage = "masked_tiny";
	return masked_tiny_one(APIC_LVT_TIMER_PERIODIC, "periodic") &
	       masked_tiny_one(APIC_LVT_TIMER_ONESHOT, "oneshot");
}

void main64(void)
{
	int ok = 1;

	idt_set_handler(VEC_UD, fault);
	idt_set_handler(VEC_GP, fault);
	idt_set_handler(VEC_PF, fault);
	idt_set_gate(TIMER_VECTOR, abuse_isr);

	setup_x2apic();
	ok &= far_deadline();
	ok &= periodic_storm();
	ok &= masked_tiny();
	if (!ok) {
		printf("timer_abuse: FAILED\n");
		exit_code(EXIT_FAIL);
	}
	printf("timer_abuse: all passed\n");
	exit_code(EXIT_PASS);
}
