/*
 * timer_hlt_blocked.c - a guest that halts where its periodic timer can
 * never wake it: inside the timer's own handler, its vector in service,
 * interrupts on. On hardware the timer would fire into IRR every period
 * for ever, blocked by ISR, and the processor sleep until reset. The
 * hypervisor must see that nothing can wake it and end the run (code 9),
 * not keep taking the timer's exits. It never reaches an exit port.
 */
#include "guest.h"
#include "apic.h"

#define TIMER_VECTOR		0x40
#define SPURIOUS_VECTOR		0xff

extern const char blocked_isr[];

void main64(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	idt_set_gate(TIMER_VECTOR, blocked_isr);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	x2apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
	x2apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | TIMER_VECTOR);
	printf("timer_hlt_blocked: periodic timer on; HLT in its handler\n");
	x2apic_write(APIC_TMICT, 1);
	__asm__ volatile("sti" : : : "memory");
	for (;;)
		__asm__ volatile("pause");
}
