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

/* The last CRASH_RING exits that reached the slow path are kept. */
#define CRASH_RING		32
/* exit_trace=on prints at most this many exits, then counts the rest. */
#define EXIT_TRACE_MAX		10000

/* Record the current exit (handle_exit, after the qualification is
 * read); with exit_trace=on print it. */
void crash_trace_exit(struct vcpu *v);

/* Print the crash record for a guest that ended with verdict @code. */
void crash_record_print(struct vcpu *v, int code);

#endif
