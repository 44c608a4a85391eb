/*
 * crash.h - the crash record, as Muen keeps one: on every fatal end of
 * the guest, one block that says what happened (the verdict, the exit
 * and its qualification, the guest's registers, the last exits, the
 * statistics), so a failure is never a bare code. And exit_trace=on,
 * every exit as it happens, for debugging a guest.
 */
#ifndef VMX_CRASH_H
#define VMX_CRASH_H

#include "vcpu.h"
#include "vmx_ops.h"

/* The last CRASH_RING exits that reached the slow path are kept. */
#define CRASH_RING		32
/* exit_trace=on prints at most this many exits, then counts the rest. */
#define EXIT_TRACE_MAX		10000

struct crash_ring {
	struct { uint32_t reason; uint64_t rip, qual; } exit[CRASH_RING];
	unsigned int next;		/* slot of the next exit */
	unsigned long n;		/* exits recorded */
};
extern struct crash_ring crash_ring;

void crash_trace_print(struct vcpu *v, uint64_t rip);

/*
 * Record the current exit (handle_exit, after the qualification is
 * read); with exit_trace=on print it. Inline: every slow-path exit pays
 * it, so it is a VMREAD and three stores.
 */
static inline void crash_trace_exit(struct vcpu *v)
{
	unsigned int slot = crash_ring.next;
	uint64_t rip = vmcs_readl(VMCS_GUEST_RIP);

	crash_ring.exit[slot].reason = v->exit_reason;
	crash_ring.exit[slot].rip = rip;
	crash_ring.exit[slot].qual = v->exit_qual;
	crash_ring.next = (slot + 1) % CRASH_RING;
	crash_ring.n++;
	if (__builtin_expect(v->config->exit_trace == TRI_ON, 0))
		crash_trace_print(v, rip);
}

/* Print the crash record for a guest that ended with verdict @code. */
void crash_record_print(struct vcpu *v, int code);

#endif
