/*
 * pit.c - the legacy PC's interrupt path, from inside the guest: the
 * 8259 pair and the 8254 programmed as a PC kernel does, without the
 * local APIC (LINT0 is ExtINT out of reset, as on QEMU's BSP).
 *
 *   rate     PIT channel 0 in mode 2 with count N raises IRQ0 at every
 *            N-th PIT clock after the load; the guest waits with
 *            `sti; hlt` for each one, and the handler records the TSC
 *            and the PM timer. The PIT and the PM timer run from one
 *            crystal (PIT = PM / 3), so the k-th IRQ0 comes at the first
 *            PM tick >= 3 * (load + kN): never before pm0 - 2 + 3kN (pm0
 *            read before the load), and a handler's length after it.
 *            The TSC intervals must be as regular.
 *   masked   with IRQ0 masked in the IMR the PIT keeps counting, the
 *            edge latches in IRR, and only the APIC timer armed for a
 *            later TSC ends the HLT; unmasking delivers the latched IRQ0.
 *   elcr     IRQ0-2 and IRQ8/13 cannot be level-triggered on a PIIX.
 *   channel2 the TSC-calibration loop kernels run: gate 2 on through
 *            port 0x61, mode 0 count N, poll port 0x61 bit 5 (OUT2)
 *            until it rises: 3N PM ticks later; with the gate low it
 *            does not rise; the refresh bit (bit 4) toggles meanwhile.
 *   tsc      CPUID leaves 15H and 16H tell the rate the TSC runs at as
 *            the PIT measures it (the rate test's mean interval): the
 *            hypervisor's own measurement, not the host CPU's claim.
 *   reset    a write of 0x06 to 0xcf9 resets the machine: the run ends
 *            with the hypervisor's VMM_EXIT_RESET, not with exit_code.
 *
 * Exit code: VMM_EXIT_RESET (through 0xcf9) when every check passed, 1
 * when one failed, 2 when the reset did not end the run.
 */
#include "guest.h"
#include "apic.h"
#include "pit.h"

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define ELCR1		0x4d0
#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_CTRL	0x43
#define PORT61		0x61
#define RESET_CONTROL	0xcf9

#define RATE_COUNT	1193		/* ~1 kHz */
#define RATE_IRQS	20
#define PM_MASK		0xffffffu
/* PM ticks an IRQ0 may come after its PIT edge: the exits of its
 * delivery and the handler's first instructions, with room. */
#define LATE_PM		40
#define CAL_COUNT	11932		/* ~10 ms, as Linux's calibration */

#define EXIT_FAIL	1
#define EXIT_NO_RESET	2

volatile uint32_t irq0_count;
volatile uint64_t irq0_tsc[IRQ_MAX];
volatile uint32_t irq0_pm[IRQ_MAX];
volatile uint32_t lapic_count;
volatile uint32_t spurious_count;

static int failed;

static void check(int ok, const char *what)
{
	printf("pit: %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failed = 1;
}

static uint32_t pm_now(void)
{
	return inl(VMM_PORT_PM_TIMER) & PM_MASK;
}

static uint32_t pm_since(uint32_t from, uint32_t to)
{
	return (to - from) & PM_MASK;
}

/* ICW1-ICW4 as Linux's init_8259A(): vectors 0x20 and 0x28, cascade on
 * IR2, 8086 mode; then everything masked but @mask1's zeros. */
static void pic_init(uint8_t mask1)
{
	outb(PIC1_CMD, 0x11);
	outb(PIC1_DATA, PIC_VECTOR);
	outb(PIC1_DATA, 0x04);
	outb(PIC1_DATA, 0x01);
	outb(PIC2_CMD, 0x11);
	outb(PIC2_DATA, PIC_VECTOR + 8);
	outb(PIC2_DATA, 0x02);
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, mask1);
	outb(PIC2_DATA, 0xff);
}

static void sti_hlt(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

static void test_rate(void)
{
	uint32_t pm0, pm1, k, woke_without = 0;
	uint64_t min = ~0ull, max = 0, mean;
	int in_bounds = 1;

	pic_init(0xfe);
	outb(PIT_CTRL, 0x34);			/* ch 0, LSB/MSB, mode 2 */
	outb(PIT_CH0, RATE_COUNT & 0xff);
	pm0 = pm_now();
	outb(PIT_CH0, RATE_COUNT >> 8);		/* the load */
	pm1 = pm_now();
	for (k = 0; k < RATE_IRQS; k++) {
		sti_hlt();
		if (irq0_count != k + 1)
			woke_without++;
	}
	for (k = 1; k <= RATE_IRQS && k <= irq0_count; k++) {
		uint32_t d = pm_since(pm0, irq0_pm[k - 1]);
		uint32_t due = 3 * k * RATE_COUNT;

		if (d + 2 < due || d > due + pm_since(pm0, pm1) + LATE_PM) {
			printf("pit: IRQ0 %u at PM +%u, due at +%u\n", k, d, due);
			in_bounds = 0;
		}
		if (k > 1) {
			uint64_t dt = irq0_tsc[k - 1] - irq0_tsc[k - 2];

			min = dt < min ? dt : min;
			max = dt > max ? dt : max;
		}
	}
	mean = (irq0_tsc[RATE_IRQS - 1] - irq0_tsc[0]) / (RATE_IRQS - 1);
	printf("pit: %u IRQ0 for %u HLTs, TSC interval min %lu mean %lu "
	       "max %lu\n", irq0_count, RATE_IRQS, min, mean, max);
	check(irq0_count == RATE_IRQS && !woke_without,
	      "each sti; hlt woken by one IRQ0");
	check(irq0_count == RATE_IRQS && in_bounds,
	      "IRQ0 at every 3N PM ticks, none early");
	check(irq0_count == RATE_IRQS && max - min <= mean / 100,
	      "TSC intervals regular within 1%");
}

/* CPUID 15H: TSC = ECX * EBX / EAX; 16H EAX: the same in MHz. The PIT
 * clock is 1,193,182 Hz; the mean of 19 intervals of RATE_COUNT clocks
 * is good to a few ticks in 50,000, so 0.2 % (the hypervisor's 2 ms
 * measurement is good to 0.13 %) is room, not a guess. */
static void test_tsc_leaves(void)
{
	uint64_t mean = (irq0_tsc[RATE_IRQS - 1] - irq0_tsc[0]) /
			(RATE_IRQS - 1);
	uint64_t pit_hz = mean * 1193182ull / RATE_COUNT, told = 0, diff;
	struct cpuid_regs l15 = { 0, 0, 0, 0 }, l16 = { 0, 0, 0, 0 };

	if (cpuid(0, 0).eax >= CPUID_LEAF_FREQ) {
		l15 = cpuid(CPUID_LEAF_TSC, 0);
		l16 = cpuid(CPUID_LEAF_FREQ, 0);
	}
	if (l15.eax)
		told = (uint64_t)l15.ecx * l15.ebx / l15.eax;
	diff = told > pit_hz ? told - pit_hz : pit_hz - told;
	printf("pit: CPUID 15H says %lu Hz, 16H %u MHz; the PIT measures "
	       "%lu Hz\n", told, l16.eax & 0xffff, pit_hz);
	check(told && diff * 500 <= pit_hz,
	      "CPUID 15H: the TSC rate the PIT measures, within 0.2%");
	check((l16.eax & 0xffff) == (told + 500000) / 1000000,
	      "CPUID 16H: the same rate in MHz");
}

static void test_masked(void)
{
	uint64_t mean = (irq0_tsc[RATE_IRQS - 1] - irq0_tsc[0]) /
			(RATE_IRQS - 1);
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE), deadline, woke;
	uint32_t before;
	uint8_t irr;

	outb(PIC1_DATA, 0xff);			/* IRQ0 masked, PIT runs */
	before = irq0_count;
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | 0xff);
	x2apic_write(APIC_LVTT, APIC_LVT_TIMER_TSC_DEADLINE | LAPIC_VECTOR);
	deadline = rdtsc() + 5 * mean;
	wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
	sti_hlt();
	woke = rdtsc();
	check(lapic_count == 1 && irq0_count == before && woke >= deadline,
	      "masked IRQ0 does not wake HLT; the APIC timer does");
	outb(PIC1_CMD, 0x0a);			/* OCW3: read IRR */
	irr = inb(PIC1_CMD);
	check(irr & 1, "masked IRQ0 latched in IRR");
	outb(PIC1_DATA, 0xfe);
	__asm__ volatile("sti; nop; cli" ::: "memory");
	check(irq0_count == before + 1, "unmasking delivers the latched IRQ0");
	outb(PIC1_DATA, 0xff);
	outb(PIT_CTRL, 0x30);			/* ch 0 stopped: no count */
}

static void test_elcr(void)
{
	outb(ELCR1, 0xff);
	check(inb(ELCR1) == 0xf8, "ELCR: IRQ 0-2 stay edge-triggered");
	outb(ELCR1, 0x00);
}

static void test_channel2(void)
{
	uint32_t pm_a, pm_b, polls = 0, toggles = 0, spent;
	uint8_t v, last;
	uint16_t latched;

	outb(PORT61, (inb(PORT61) & ~0x02) | 0x01);	/* gate on, no sound */
	outb(PIT_CTRL, 0xb0);			/* ch 2, LSB/MSB, mode 0 */
	outb(PIT_CH2, CAL_COUNT & 0xff);
	pm_a = pm_now();
	outb(PIT_CH2, CAL_COUNT >> 8);
	last = inb(PORT61);
	while (!((v = inb(PORT61)) & 0x20) && polls < 10000000) {
		toggles += (v ^ last) >> 4 & 1;
		last = v;
		polls++;
	}
	pm_b = pm_now();
	/* Latched before the lines below: printing takes long enough at
	 * the PIT's real rate for the count to wrap past 0xf000. */
	outb(PIT_CTRL, 0x80);			/* latch ch 2 */
	latched = inb(PIT_CH2);
	latched |= (uint16_t)(inb(PIT_CH2) << 8);
	spent = pm_since(pm_a, pm_b);
	printf("pit: channel 2: OUT2 after %u PM ticks (%u polls, %u "
	       "refresh toggles)\n", spent, polls, toggles);
	/* Seen at most one poll after it rose: each poll is an exit, some
	 * 60 PM ticks here, so where the edge falls between two polls
	 * moves with any change to the exit path. */
	check(spent + 2 >= 3 * CAL_COUNT &&
	      spent <= 3 * CAL_COUNT + spent / (polls + 1) + 3 * LATE_PM,
	      "channel 2 mode 0: OUT2 rises 3N PM ticks after the load");
	check(toggles > 0, "port 0x61 refresh bit toggles");
	check(latched > 0xf000, "channel 2 latched count ran past 0");

	outb(PORT61, inb(PORT61) & ~0x03);	/* gate off */
	outb(PIT_CTRL, 0xb0);
	outb(PIT_CH2, 100);
	outb(PIT_CH2, 0);
	pm_a = pm_now();
	while (pm_since(pm_a, pm_now()) < 3 * 100 * 4)
		;
	check(!(inb(PORT61) & 0x20), "gate 2 low: OUT2 stays low");
}

void main64(void)
{
	idt_set_gate(PIC_VECTOR, irq0_isr);
	idt_set_gate(PIC_SPURIOUS_VECTOR, pic_spurious_isr);
	idt_set_gate(LAPIC_VECTOR, lapic_isr);
	test_rate();
	test_tsc_leaves();
	test_masked();
	test_elcr();
	test_channel2();
	if (spurious_count)
		printf("pit: %u spurious IR7\n", spurious_count);
	if (failed) {
		printf("pit: FAILED\n");
		exit_code(EXIT_FAIL);
	}
	printf("pit: all checks passed; resetting through port 0xcf9\n");
	outb(RESET_CONTROL, 0x06);
	printf("pit: still running after the reset\n");
	exit_code(EXIT_NO_RESET);
}
