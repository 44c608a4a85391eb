/*
 * early_checks.h - the early_checks= mode of the run loop (see
 * early_checks.c).
 */
#ifndef EARLY_CHECKS_H
#define EARLY_CHECKS_H

#include "vcpu.h"

/* on, off, or auto = on unless nested. */
int early_checks_wanted(const struct vmm_config *config,
			const struct vmx_caps *caps);

/* Check the current VMCS; on a failure report the rule and the dump,
 * stop the guest and return -1. */
int early_check(struct vcpu *v);

/* The CPU refused an entry the checks had passed: say so, loudly. */
void early_checks_disagree(struct vcpu *v, const char *cpu_verdict);

/* Run the checks before this entry? */
static inline int early_check_due(const struct vcpu *v)
{
	return v->early_checks && v->checked_writes != vmcs_write_count;
}

#endif
