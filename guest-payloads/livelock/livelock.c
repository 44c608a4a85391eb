/*
 * livelock.c - a TSC deadline 2^63 + 2^62 ticks ahead, with the timer's
 * LVT masked, in TSC-deadline mode. The SDM lets a guest write any
 * deadline; this one never comes. A hypervisor that took it for overdue
 * would arm a zero-length preemption timer forever and the guest would
 * never run again: either the guest runs on (and ends with code 0), or
 * the watchdog ends the machine with its verdict; it never hangs.
 */
#include "guest.h"

#include "apic.h"

#define FAR_AHEAD		((1ull << 63) + (1ull << 62))
#define SPIN_AFTER		100000u

void main64(void)
{
	volatile unsigned int i;

	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) |
	      APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	wrmsr(X2APIC_MSR(APIC_LVTT), APIC_LVT_MASKED |
	      APIC_LVT_TIMER_TSC_DEADLINE | 0x40);
	printf("livelock: deadline now + 2^63 + 2^62, LVT masked\n");
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc() + FAR_AHEAD);
	for (i = 0; i < SPIN_AFTER; i++)
		;
	printf("livelock: the guest still runs\n");
	exit_code(0);
}
