/*
 * run.h - building the vCPU and running it until the guest is finished.
 */
#ifndef RUN_H
#define RUN_H

#include "vcpu.h"

/* Allocate the VMCS, bitmaps and EPT; write controls and host state.
 * Returns 0, or -1 after printing why. */
int vcpu_init(struct vcpu *v, const struct vmx_caps *caps,
	      const struct vmm_config *config);

/* The exit loop; returns the machine's exit code. */
int vcpu_run(struct vcpu *v);

#endif
