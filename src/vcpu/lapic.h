/*
 * lapic.h - the virtual local APIC of the one vCPU (SDM vol. 3, chapter
 * 11 in current editions, "Advanced programmable interrupt controller"):
 * registers, ISR/IRR/TMR bookkeeping, the priority rules, and the timer
 * in one-shot, periodic and TSC-deadline modes, and the IPIs it sends
 * itself (SDM vol. 3, 11.6: the only processor is every IPI's only
 * possible destination).
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
	/*
	 * Interrupt sources the entry path looks at only when one is set,
	 * tested as one word (intr.c), so that they cost the common entry
	 * one test between them: an NMI sent to self, which the entry path
	 * delivers, the legacy PIC/PIT, set once the guest has touched
	 * them (src/dev/isa_irq.c) and for good, and an hvt guest asleep in
	 * its poll hypercall until v->hvt_wake.
	 */
	union {
		uint64_t rare_sources;
		struct {
			uint16_t nmi_pending;
			uint16_t isa_active;
			uint16_t hvt_sleep;	/* an hvt poll sleeps (hvt.c) */
		};
	};
	uint32_t ignored_ipi;		/* ICR low of an INIT, SIPI or SMI to
					 * self, for the caller to log */
};

/*
 * Whether the APIC passes the 8259's INTR to the processor as an
 * external interrupt: globally disabled, the LINT0 pin is the
 * processor's INTR (SDM vol. 3, 11.4.3); enabled, LINT0 must be
 * unmasked in ExtINT mode (11.5.1), whose vector the 8259 supplies,
 * outside the APIC's priority rules (QEMU's apic_accept_pic_intr()).
 */
static inline int lapic_accepts_extint(const struct lapic *a)
{
	if (!(a->apic_base & APIC_BASE_ENABLE))
		return 1;
	return !(a->lvt_lint0 & APIC_LVT_MASKED) &&
	       APIC_LVT_DELIVERY(a->lvt_lint0) == APIC_LVT_DM_EXTINT;
}

/* The one vCPU's APIC ID, in xAPIC and x2APIC mode alike. */
#define LAPIC_ID		0

void lapic_reset(struct lapic *a);

static inline int lapic_x2apic(const struct lapic *a)
{
	return !!(a->apic_base & APIC_BASE_X2APIC);
}

/* Register access by xAPIC offset; -1 for a register that is not there
 * (the caller raises #GP for x2APIC, ignores it for xAPIC). */
int lapic_read(struct lapic *a, uint32_t off, uint64_t now, uint32_t *val);
int lapic_write(struct lapic *a, uint32_t off, uint32_t val, uint64_t now);

/* x2APIC mode: the 64-bit ICR (SDM vol. 3, 11.12.9), destination in
 * 63:32; -1 (#GP) outside x2APIC mode or with a reserved bit set. */
int lapic_write_icr64(struct lapic *a, uint64_t val);

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

/* Whether the armed timer's expiry can raise a vector that the priority
 * rules deliver with TPR and ISR as they are now (its own vector, or for
 * an illegal one the error interrupt's). */
int lapic_timer_can_wake(const struct lapic *a);

/* Whether a device's interrupt with @vector, raised now, would be a new
 * request (not pending already) that the priority rules deliver with TPR
 * and ISR as they are now, on an enabled APIC. */
int lapic_vector_can_wake(const struct lapic *a, int vector);

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

/* Log the ESR @bits of an error the APIC detected and signal it through
 * the LVT error entry (SDM vol. 3, 11.5.3). */
void lapic_error(struct lapic *a, uint32_t bits);

/* Send the IPI of ICR low dword @icr to destination field @dest (ICR2 in
 * xAPIC mode, ICR[63:32] in x2APIC mode): lapic_ipi.c. */
void lapic_send_ipi(struct lapic *a, uint32_t icr, uint32_t dest);

/*
 * The INIT, SIPI or SMI to self the last ICR write ignored (its ICR low
 * dword), and why, for the caller's log; 0 when there was none. Taking
 * it clears it.
 */
static inline uint32_t lapic_take_ignored_ipi(struct lapic *a)
{
	uint32_t icr = a->ignored_ipi;

	a->ignored_ipi = 0;
	return icr;
}

const char *lapic_ignored_ipi_reason(uint32_t icr);

/* Whether an I/O APIC message to 8-bit destination @dest, in logical
 * (@logical) or physical mode, names this vCPU (lapic_ipi.c). */
int lapic_io_message_names_self(const struct lapic *a, int logical,
				uint8_t dest);

#endif
