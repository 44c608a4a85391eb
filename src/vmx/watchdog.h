/*
 * watchdog.h - the no-progress watchdog. An entry whose VMX-preemption
 * timer was armed at 0 exits before the guest's first instruction (SDM
 * vol. 3, 26.7.4), so a run of such entries means the guest retires
 * nothing: a livelock of the hypervisor's own making (a timer it keeps
 * finding due, an event it cannot deliver). After WATCHDOG_ZERO_ENTRIES
 * of them in a row the machine ends with a crash record and
 * VMM_EXIT_NO_PROGRESS instead of hanging. The timer's value field is
 * not saved on exit (the "save VMX-preemption timer value" control is
 * off), so it still holds what the entry was armed with.
 */
#ifndef VMX_WATCHDOG_H
#define VMX_WATCHDOG_H

#include "vcpu.h"
#include "vmx_ops.h"

/* About 10^7 ticks of the fastpath's ~100-tick round trips. */
#define WATCHDOG_ZERO_ENTRIES	100000u

/* A preemption-timer exit: 1 when the guest has now made no progress
 * for WATCHDOG_ZERO_ENTRIES entries in a row. */
static inline int watchdog_timer_exit(struct vcpu *v)
{
	if (vmcs_read32(VMCS_VMX_PREEMPTION_TIMER_VALUE)) {
		v->zero_entries = 0;
		return 0;
	}
	return ++v->zero_entries > WATCHDOG_ZERO_ENTRIES;
}

static inline int watchdog_tripped(const struct vcpu *v)
{
	return v->zero_entries > WATCHDOG_ZERO_ENTRIES;
}

#endif
