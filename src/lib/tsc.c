/*
 * tsc.c - the TSC's rate, measured at boot against the 8254 (see tsc.h).
 *
 * CPUID leaves 0x15 and 0x16 say what the TSC's rate is meant to be, but
 * an emulator need not keep it: Bochs' tigerlake claims ~2.4 GHz while,
 * with clock: sync=none, its TSC counts `ips` per emulated second. Every
 * clock the guest sees (PM timer, 8254, RTC, the APIC timer, Solo5's
 * cpu_cycle_freq) is derived from one rate, so it is measured once here,
 * against the 8254's channel 2, whose 1.193182 MHz input runs in real
 * (emulated) time on every PC: gate it on through port 0x61 with the
 * speaker off, load a count in mode 0 and read TSC when OUT2 (port 0x61
 * bit 5) rises. The 8254 is programmed as Linux's pit_calibrate_tsc()
 * does (8254 data sheet: mode 0, "interrupt on terminal count").
 */
#include "tsc.h"

#include "x86.h"

#define PIT_HZ			1193182ull
#define PIT_CH2			0x42
#define PIT_MODE		0x43
#define PIT_CH2_MODE0_LOHI	0xb0	/* channel 2, lobyte/hibyte, mode 0 */
#define PORT61			0x61
#define PORT61_GATE2		0x01
#define PORT61_SPEAKER		0x02
#define PORT61_OUT2		0x20
/* 2 ms: 2,386 PIT clocks. Under Bochs the result is off by up to ~2 of
 * them (at ips=20000000, 1 ms measured 0.16 % high, 2 ms 0.095 %;
 * tests/boot_bochs_tsc_rate.sh), so the window is what buys precision;
 * it costs the boot 2 ms of TSC. */
#define CAL_PIT_TICKS		2386
/* A PIT that never counts (none there) must not hold the boot: give up
 * after this many polls and keep the CPUID rate. */
#define CAL_MAX_POLLS		100000000ull

static uint64_t measured_hz;

uint64_t tsc_measure_hz(void)
{
	uint8_t saved = inb(PORT61);
	uint64_t t0, t1, polls = 0;

	outb(PORT61, (saved & ~PORT61_SPEAKER) | PORT61_GATE2);
	outb(PIT_MODE, PIT_CH2_MODE0_LOHI);
	outb(PIT_CH2, CAL_PIT_TICKS & 0xff);
	t0 = rdtsc();
	outb(PIT_CH2, CAL_PIT_TICKS >> 8);	/* counting starts here */
	while (!(inb(PORT61) & PORT61_OUT2))
		if (++polls == CAL_MAX_POLLS)
			break;
	t1 = rdtsc();
	outb(PORT61, saved);
	if (polls == CAL_MAX_POLLS)
		return 0;
	measured_hz = (t1 - t0) * PIT_HZ / CAL_PIT_TICKS;
	return measured_hz;
}

uint64_t tsc_measured_hz(void)
{
	return measured_hz;
}
