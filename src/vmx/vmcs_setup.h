/*
 * vmcs_setup.h - building the VMCS: which controls the hypervisor asks for,
 * and the calls that write controls, host state and guest state.
 */
#ifndef VMCS_SETUP_H
#define VMCS_SETUP_H

#include <stdint.h>

#include "vcpu.h"

/* Per control word: bits without which we cannot run, and bits we use
 * when the CPU has them. */
struct vmcs_ctl_request {
	uint32_t pin_required, pin_optional;
	uint32_t proc_required, proc_optional;
	uint32_t proc2_required, proc2_optional;
	uint32_t exit_required, exit_optional;
	uint32_t entry_required, entry_optional;
};

int vmcs_setup_controls(struct vcpu *v, const struct vmcs_ctl_request *req);
void vmcs_setup_host(struct vcpu *v);
struct guest_entry;
/* The guest's registers and state at its first instruction (image.h). */
void vmcs_setup_guest(struct vcpu *v, const struct guest_entry *e);

#endif
