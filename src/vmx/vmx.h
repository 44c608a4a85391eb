/*
 * vmx.h - turning VMX on, the VMCS's life (allocate, clear, load) and the
 * reporting of VMX instruction failures and failed VM entries.
 */
#ifndef VMX_H
#define VMX_H

#include <stdint.h>

#include "caps.h"
#include "vmx_ops.h"

/* Set IA32_FEATURE_CONTROL if unlocked, the CR0/CR4 fixed bits, VMXON.
 * Returns 0, or -1 after printing the cause. */
int vmx_enable(const struct vmx_caps *caps);

/* A zeroed VMCS region with the revision identifier, cleared and made
 * current. Returns its physical address, 0 on failure (printed). */
uint64_t vmcs_alloc_load(const struct vmx_caps *caps, void **virt);

/* Print "<what>: VMfailValid (error N: <name>)" or VMfailInvalid. */
void vmx_report_failure(const char *what, enum vmx_insn_result r);

/* Print every VMCS field of the current VMCS by name, by group. */
void vmcs_dump(void);

#endif
