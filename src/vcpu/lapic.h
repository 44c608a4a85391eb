/*
 * lapic.h - the virtual local APIC of the one vCPU (SDM vol. 3, chapter
 * 11 in current editions, "Advanced programmable interrupt controller"):
 * registers, ISR/IRR/TMR bookkeeping, the priority rules, and the timer
 * in one-shot, periodic and TSC-deadline modes.
 *
 * A pure model: time comes in as a TSC value, nothing here touches VMX,
 * so host unit tests drive it directly. The APIC timer counts at the TSC
 * rate divided by the divide configuration (the "bus clock" of this
 * virtual machine is the TSC).
 *
 * TPR, ISR, IRR and TMR live in a 4 KiB page laid out as the xAPIC page
 * (SDM vol. 3, table 11-1), which is also the VMCS's virtual-APIC page:
 * the CPU reads and writes them there (TPR shadow, virtual-interrupt
 * delivery, EOI virtualization: SDM vol. 3, chapter 30) and the model sees
 * the same bits, with nothing to copy.
 */
#ifndef LAPIC_H
#define LAPIC_H

#include <stdint.h>

#include "apic.h"

#define LAPIC_PAGE_WORDS	1024
#define LAPIC_REG(a, off)	((a)->page[(off) >> 2])

struct lapic {
	/* First, so that it is 4 KiB aligned wherever struct lapic is. */
	volatile uint32_t page[LAPIC_PAGE_WORDS] __attribute__((aligned(4096)));
	uint64_t apic_base;		/* IA32_APIC_BASE */
	uint32_t svr, ldr, dfr;
	uint32_t esr, esr_pending;	/* ESR as read; errors since the last
					 * ESR write (SDM vol. 3, 11.5.3) */
	uint32_t lvt_timer, lvt_lint0, lvt_lint1, lvt_error, lvt_thermal,
		 lvt_perf, lvt_cmci;
	uint32_t icr_low, icr_high;
	uint32_t timer_icr, timer_dcr;
	uint64_t tsc_deadline;		/* IA32_TSC_DEADLINE as written */
	uint64_t timer_start;		/* TSC when the count was (re)loaded */
	uint64_t timer_period;		/* TSC ticks from load to expiry */
	int counting;			/* one-shot/periodic count running */
	uint64_t next_event;		/* TSC of the next expiry; 0 = none */
	uint64_t fired;			/* expiries (a masked TSC deadline's
					 * too) */
};

void lapic_reset(struct lapic *a);

static inline int lapic_x2apic(const struct lapic *a)
{
	return !!(a->apic_base & APIC_BASE_X2APIC);
}

/* Register access by xAPIC offset; -1 for a register that is not there
 * (the caller raises #GP for x2APIC, ignores it for xAPIC). */
int lapic_read(struct lapic *a, uint32_t off, uint64_t now, uint32_t *val);
int lapic_write(struct lapic *a, uint32_t off, uint32_t val, uint64_t now);

/* IA32_TSC_DEADLINE (SDM vol. 3, 11.5.4.1). */
uint64_t lapic_read_tsc_deadline(const struct lapic *a);
void lapic_write_tsc_deadline(struct lapic *a, uint64_t val, uint64_t now);

/* IA32_APIC_BASE: 0, or -1 for a transition the SDM forbids (#GP). */
int lapic_write_apic_base(struct lapic *a, uint64_t val);

/* TSC of the next timer expiry, 0 when the timer is not armed. */
static inline uint64_t lapic_next_event(const struct lapic *a)
{
	return a->next_event;
}

/* Fire the timer if it is due at @now: set IRR, reload a periodic count.
 * Returns 1 when an interrupt was raised. */
int lapic_timer_expire(struct lapic *a, uint64_t now);

/* The highest pending vector the priority rules let through now (SDM
 * vol. 3, 11.8.3.1: its class above PPR's), or -1. */
int lapic_pending_vector(const struct lapic *a);

/* The CPU took @vector: IRR -> ISR. */
void lapic_accept(struct lapic *a, int vector);

uint32_t lapic_ppr(const struct lapic *a);

/* Divisor of the timer's divide configuration register (1..128). */
unsigned int lapic_timer_divisor(uint32_t tdcr);

/* The highest vector set in IRR / ISR, or -1. */
int lapic_highest_irr(const struct lapic *a);
int lapic_highest_isr(const struct lapic *a);

static inline uint32_t lapic_tpr(const struct lapic *a)
{
	return LAPIC_REG(a, APIC_TASKPRI) & 0xff;
}

/* Set IRR for @vector (an interrupt from a device or the timer). */
void lapic_raise(struct lapic *a, int vector);

#endif
