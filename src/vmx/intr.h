/*
 * intr.h - getting the virtual APIC's interrupts into the guest: the VMX
 * preemption timer armed for the next timer event, injection when the
 * guest can take an interrupt, interrupt-window exiting when it cannot,
 * and HLT as a hardware sleep.
 */
#ifndef INTR_H
#define INTR_H

#include "vcpu.h"
#include "vmx_ops.h"
#include "x86.h"

/* The VMX-preemption timer value is a 32-bit guest-state field (SDM vol.
 * 3, 25.4.2, "Guest Non-Register State"). */
#define PREEMPT_TIMER_MAX	0xffffffffu


void intr_init(struct vcpu *v);

/*
 * Inject the highest deliverable interrupt, or open an interrupt window.
 * Returns 1 when the entry must exit at once (force_immediate_exit):
 * another event is being injected first, or a halted vCPU can never wake
 * (the slow path then ends it).
 */
int intr_inject_pending(struct vcpu *v);

/* The timer may be due: raise it in the APIC for the next entry. */
void intr_timer_expired(struct vcpu *v);

/* The HLT exit: sleep in the HLT activity state, or end the guest. */
int intr_handle_hlt(struct vcpu *v);

/* The guest switched its APIC into or out of x2APIC mode. */
void intr_x2apic_changed(struct vcpu *v);

/*
 * A vCPU asleep in HLT whose timer has fired into a vector that PPR
 * blocks, with nothing else armed, can never wake: intr_stuck_in_hlt()
 * says so, intr_check_hlt_wake() ends the guest with the report.
 */
int intr_stuck_in_hlt(struct vcpu *v);
int intr_check_hlt_wake(struct vcpu *v);

/*
 * An exit during event delivery (an EPT violation on the guest's stack or
 * IDT) left the event undelivered: queue it again for the next entry,
 * as it was, so it is neither lost nor accepted twice.
 */
void intr_reinject_vectored(struct vcpu *v);

/* The interrupt-window exit. */
int intr_handle_window(struct vcpu *v);

/* The NMI-window exit: inject the NMI the guest sent itself. */
int intr_handle_nmi_window(struct vcpu *v);

/* The TPR-below-threshold exit: the guest lowered CR8 under a pending
 * interrupt's priority (SDM vol. 3, 30.1.2). */
int intr_handle_tpr_below_threshold(struct vcpu *v);

/*
 * Before each VM entry: the preemption timer counts down to the guest's
 * next timer event (SDM vol. 3, 26.5.1 and 27.5.1: it counts down at the
 * TSC rate >> IA32_VMX_MISC[4:0] and exits at 0); with no event it is
 * "soft-disabled" at its maximum, written once. An event further away
 * than the 32-bit field reaches (PREEMPT_TIMER_MAX << rate) arms the
 * maximum; that expiry finds the event not due and the next entry arms
 * again, so any deadline, however far, costs one exit per 2^32 << rate
 * ticks. A forced immediate exit is a value of 0: the exit comes before
 * the first guest instruction, after any injected event is delivered
 * (26.7.4). An armed timer keeps entry_work set, so the next entry arms
 * it again (or parks it).
 */
static inline void intr_arm_timer_at(struct vcpu *v, int force_immediate_exit,
				     uint64_t next)
{
	if (force_immediate_exit) {
		vmcs_write32_fast(VMCS_VMX_PREEMPTION_TIMER_VALUE, 0);
		v->timer_soft_disabled = 0;
		v->entry_work = 1;
	} else if (next) {
		uint64_t now = rdtsc();
		/* Due when now >= next, unsigned, as lapic_timer_expire()
		 * decides: a deadline 2^63 or more ticks ahead is far, not
		 * overdue (a signed difference would arm 0 for it, and the
		 * model, finding it not due, would never fire it). */
#ifndef VMM_TEST_BUG_SIGNED_DEADLINE
		uint64_t ticks = next > now ? (next - now) >> v->preempt_shift
					    : 0;
#else
		/* The bug the watchdog is proven on (tests/guest_watchdog.sh,
		 * a test build only): the signed difference. */
		int64_t delta = (int64_t)(next - now);
		uint64_t ticks = delta > 0 ? (uint64_t)delta >> v->preempt_shift
					   : 0;
#endif

		vmcs_write32_fast(VMCS_VMX_PREEMPTION_TIMER_VALUE,
				  ticks > PREEMPT_TIMER_MAX ? PREEMPT_TIMER_MAX
							    : ticks);
		v->timer_soft_disabled = 0;
		v->entry_work = 1;
	} else if (!v->timer_soft_disabled) {
		vmcs_write32_fast(VMCS_VMX_PREEMPTION_TIMER_VALUE,
				  PREEMPT_TIMER_MAX);
		v->timer_soft_disabled = 1;
	}
}

/* The timer armed for the APIC's next event: its only source unless the
 * guest uses the PIT (intr.c then arms for the earlier of the two). */
static inline void intr_arm_timer(struct vcpu *v, int force_immediate_exit)
{
	intr_arm_timer_at(v, force_immediate_exit, lapic_next_event(&v->lapic));
}

int vmx_prepare_entry_slow(struct vcpu *v, int force_immediate_exit);

/*
 * Everything an entry needs done first: pending interrupts, the timer.
 * Returns the effective force_immediate_exit for this entry. With no
 * interrupt in sight and the timer parked this is one test: v->entry_work
 * is set by whatever touches the APIC and stays set while a timer is armed.
 */
static inline int vmx_prepare_entry(struct vcpu *v, int force_immediate_exit)
{
	if (__builtin_expect(v->entry_work | force_immediate_exit, 0))
		return vmx_prepare_entry_slow(v, force_immediate_exit);
	return 0;
}

#endif
