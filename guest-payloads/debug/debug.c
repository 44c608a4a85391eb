/*
 * debug.c - a guest that takes every kind of #DB (SDM vol. 3, 18.2-18.3):
 * single steps (in and out of an STI shadow), a data breakpoint, an
 * instruction breakpoint, general detect and INT1. The hypervisor
 * intercepts #DB (CVE-2015-8104) and must reflect each as the CPU would
 * have delivered it: the handler sees DR6 with the condition's bits, the
 * right RIP and RF in its frame, and DR7.GD cleared. Exit code: the number
 * of checks that failed.
 */
#include "guest.h"

#define MAX_EVENTS	16
#define DR6_CLEAR	(DR6_FIXED1 | DR6_RTM)	/* no condition recorded */

extern void probe_single_step(void), probe_sti_shadow(void),
	probe_data(void), probe_code(void), probe_general_detect(void),
	probe_icebp(void);
extern char data_after[], general_detect_insn[], icebp_after[];
extern volatile uint32_t watched;

static struct event {
	uint64_t dr6, dr7, rip, rflags;
} events[MAX_EVENTS];
static volatile unsigned int nr_events;

static int on_db(struct guest_frame *f)
{
	if (nr_events < MAX_EVENTS)
		events[nr_events++] = (struct event){
			read_dr6(), read_dr7(), f->rip, f->rflags };
	write_dr6(DR6_CLEAR);
	/* An instruction breakpoint would fault again at once: RF lets
	 * the instruction run (18.3.1.1). */
	if (f->rip == (uint64_t)probe_code)
		f->rflags |= RFLAGS_RF;
	return 1;
}

static unsigned int failed;

static void check(int ok, const char *what)
{
	printf("debug: %s: %s\n", what, ok ? "ok" : "FAILED");
	failed += !ok;
}

/* Run @probe with DR7 = @dr7; the events it raised start at events[0]. */
static unsigned int run(void (*probe)(void), uint64_t dr7)
{
	nr_events = 0;
	write_dr6(DR6_CLEAR);
	write_dr7(dr7);
	probe();
	write_dr7(DR7_RESET);
	return nr_events;
}

void main64(void)
{
	unsigned int n, i, all_bs;

	idt_set_handler(VEC_DB, on_db);

	n = run(probe_single_step, DR7_RESET);
	for (i = 0, all_bs = 1; i < n; i++)
		all_bs &= !!(events[i].dr6 & DR6_BS);
	printf("debug: single step: %u traps\n", n);
	check(n >= 3 && all_bs, "single step: DR6.BS on each trap");

	n = run(probe_sti_shadow, DR7_RESET);
	check(n >= 1 && (events[0].dr6 & DR6_BS),
	      "single step in an STI shadow: delivered");

	write_dr0((uint64_t)&watched);
	n = run(probe_data, DR7_RESET | DR7_L0 |
		((uint64_t)DR7_RW_WRITE << DR7_RW_SHIFT(0)) |
		((uint64_t)DR7_LEN_4 << DR7_LEN_SHIFT(0)));
	check(n == 1 && (events[0].dr6 & DR6_B0_B3) == 1 &&
	      events[0].rip == (uint64_t)data_after,
	      "data breakpoint: DR6.B0, RIP after the store");

	write_dr1((uint64_t)probe_code);
	n = run(probe_code, DR7_RESET | (DR7_L0 << 2) |
		((uint64_t)DR7_RW_EXEC << DR7_RW_SHIFT(1)) |
		((uint64_t)DR7_LEN_1 << DR7_LEN_SHIFT(1)));
	check(n == 1 && (events[0].dr6 & DR6_B0_B3) == 2 &&
	      events[0].rip == (uint64_t)probe_code &&
	      !(events[0].rflags & RFLAGS_RF),
	      "instruction breakpoint: DR6.B1, RIP on it, RF 0 pushed");

	n = run(probe_general_detect, DR7_RESET | DR7_GD);
	check(n == 1 && (events[0].dr6 & DR6_BD) &&
	      events[0].rip == (uint64_t)general_detect_insn &&
	      !(events[0].dr7 & DR7_GD),
	      "general detect: DR6.BD, RIP on the MOV, DR7.GD cleared");

	n = run(probe_icebp, DR7_RESET);
	check(n == 1 && events[0].rip == (uint64_t)icebp_after,
	      "INT1: RIP after it");

	printf("debug: %u checks failed\n", failed);
	exit_code(failed);
}
