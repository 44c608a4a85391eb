/*
 * exit.h - what happens on a VM exit: the fastpath verdict that
 * vmx_vcpu_run() returns, and the slow path's table of handlers indexed
 * by basic exit reason.
 */
#ifndef EXIT_H
#define EXIT_H

#include "vcpu.h"

enum exit_fastpath {
	EXIT_FASTPATH_NONE,		/* not handled: go to handle_exit() */
	EXIT_FASTPATH_REENTER_GUEST,	/* handled: enter the guest again */
	EXIT_FASTPATH_EXIT_HANDLED,	/* handled, but return to the loop */
	EXIT_FASTPATH_VMFAIL,		/* VMLAUNCH/VMRESUME itself failed */
};

/*
 * Enter the guest once and return the fastpath's verdict on the exit.
 * @force_immediate_exit is passed down from the loop, never stored.
 */
enum exit_fastpath vmx_vcpu_run(struct vcpu *v, int force_immediate_exit);

/* The slow path: > 0 to keep running (HANDLE_EXIT_FORCE_IMMEDIATE: and
 * come back right after the next entry), <= 0 when the guest is finished. */
#define HANDLE_EXIT_FORCE_IMMEDIATE	2
int handle_exit(struct vcpu *v, enum exit_fastpath fp);

/* I/O exit qualification bits (SDM vol. 3, table 28-5). */
#define IO_QUAL_IN	(1ull << 3)
#define IO_QUAL_STRING	(1ull << 4)

/* The no-op hypercall (VMCALL with RAX = 0). */
#define HC_NOP		0

/* Handlers shared with the fastpath. */
void emulate_cpuid(struct vcpu *v);

/* Per-reason exit counts, printed as a table when the machine ends. */
extern unsigned long exit_counts[];
void exit_stats_print(void);

/* Exit handlers in their own files. */
int handle_io(struct vcpu *v);
int handle_cr_access(struct vcpu *v);
int handle_ept_violation(struct vcpu *v);

#endif
