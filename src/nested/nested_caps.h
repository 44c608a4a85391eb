/*
 * nested_caps.h - the VMX a nested guest hypervisor (L1) is offered:
 * its capability MSRs (SDM vol. 3, appendix A), derived from what this
 * CPU supports and what L0 can run for L2 (issue 16, stage 0; no guest
 * reaches it yet).
 *
 * L2 runs on L0's EPT and L1 gets no EPT of its own yet, so nothing that
 * needs one is offered (EPT, unrestricted guest, PML, #VE, mode-based
 * execute, SPP), nor what L0 would have to virtualize a second time
 * (APIC virtualization, posted interrupts, VM functions, VMCS shadowing,
 * tertiary controls, TSC scaling), nor what the guest's CPUID hides
 * (XSAVES, performance counters, CET, PKS, MPX, SGX, PT, WAITPKG).
 * A control L1 is offered is one the CPU allows too; a control the CPU
 * requires set, L1 must set as well. VMWRITE to any field is offered
 * (vmcs12.c implements it), and HLT as the one activity state.
 */
#ifndef NESTED_CAPS_H
#define NESTED_CAPS_H

#include <stdint.h>

#include "caps.h"

/* L1's capabilities from @host's (a probed CPU's) and the CR4 bits the
 * guest may set (policy_cr4_allowed()). Pure. */
void nested_caps(const struct vmx_caps *host, uint64_t cr4_allowed,
		 struct vmx_caps *l1);

/* The value L1 reads from VMX capability MSR @msr (0x480-0x491), from
 * @l1; 0 when @msr is one, -1 when it is not. */
int nested_caps_msr(const struct vmx_caps *l1, uint32_t msr, uint64_t *val);

#endif
