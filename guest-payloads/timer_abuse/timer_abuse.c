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

void main64(void)
{
	int ok = 1;

	idt_set_handler(VEC_UD, fault);
	idt_set_handler(VEC_GP, fault);
	idt_set_handler(VEC_PF, fault);
	idt_set_gate(TIMER_VECTOR, abuse_isr);

	setup_x2apic();
	ok &= far_deadline();
	if (!ok) {
		printf("timer_abuse: FAILED\n");
		exit_code(EXIT_FAIL);
	}
	printf("timer_abuse: all passed\n");
	exit_code(EXIT_PASS);
}
