/*
 * exit.h - what happens on a VM exit: the fastpath verdict that
 * vmx_vcpu_run() returns, and the slow path's table of handlers indexed
 * by basic exit reason.
 */
#ifndef EXIT_H
#define EXIT_H

#include "exit_qual.h"
#include "mmio_emul.h"
#include "vcpu.h"

/* Values shared with asm/vmenter.S (through asm_offsets.h). */
enum exit_fastpath {
	EXIT_FASTPATH_NONE = 0,		/* not handled: go to handle_exit() */
	EXIT_FASTPATH_REENTER_GUEST = 1,	/* handled: enter the guest again */
	EXIT_FASTPATH_EXIT_HANDLED = 2,	/* handled, but return to the loop */
	EXIT_FASTPATH_VMFAIL_VALID = 3,	/* VMLAUNCH/VMRESUME: VMfailValid */
	EXIT_FASTPATH_VMFAIL_INVALID = 4,	/* ... VMfailInvalid */
};

/*
 * Enter the guest and return the verdict on the first exit the fastpath
 * did not handle by re-entering. @force_immediate_exit is passed down
 * from the loop, never stored: it makes this entry exit at once (so does
 * the entry preparation, for its own reasons).
 */
enum exit_fastpath vmx_vcpu_run(struct vcpu *v, int force_immediate_exit);

/* asm/vmenter.S: enter; on each exit call vmx_exit_fastpath() and
 * re-enter while it says so. */
enum exit_fastpath __vmx_vcpu_run(struct vcpu *v, int launched,
				  int force_immediate_exit);

/* Called by the exit stub (through v->exit_fastpath) with the guest's
 * registers saved in @v, except RBP and R12-R15 (see asm/vmenter.S). */
int vmx_exit_fastpath(struct vcpu *v, int force_immediate_exit);
int vmx_exit_count_only(struct vcpu *v, int force_immediate_exit);
void fastpath_init(struct vcpu *v);

/* exit_counts[] is indexed by the basic reason masked to 7 bits: the SDM
 * defines no basic exit reason above 127 (vol. 3, appendix C). */
#define EXIT_COUNT_MASK		0x7f
/* The slow path: > 0 to keep running (HANDLE_EXIT_FORCE_IMMEDIATE: and
 * come back right after the next entry, before the guest's first
 * instruction), <= 0 when the guest is finished. */
#define HANDLE_EXIT_FORCE_IMMEDIATE	2
/* What an exit handler returns: keep running, or the guest is finished. */
#define CONTINUE	1
#define STOP		0
int handle_exit(struct vcpu *v, enum exit_fastpath fp);

/* Handlers shared with the fastpath. */
void emulate_cpuid(struct vcpu *v);

/* Per-reason exit counts and the demand-zero faults, printed as a table
 * when the machine ends (main.c decides when). */
extern unsigned long exit_counts[EXIT_COUNT_MASK + 1];
void exit_stats_print(void);

/* Exit handlers in their own files. */
int handle_debug_exception(struct vcpu *v, uint32_t intr_info);
int handle_io(struct vcpu *v);
int handle_cr_access(struct vcpu *v);
int handle_ept_violation(struct vcpu *v);

#endif
