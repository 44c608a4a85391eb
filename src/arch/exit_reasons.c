/*
 * exit_reasons.c - names for the numbers a VM exit or a failed VMX
 * instruction reports: the basic exit reason (SDM vol. 3, appendix C) and
 * the VM-instruction error (SDM vol. 3, 31.4), each table generated from
 * its list in exit_reasons.h and indexed by the hardware number.
 */
#include <stddef.h>

#include "exit_reasons.h"

static const char *const exit_reason_names[EXIT_REASON_MAX] = {
#define X(name, nr, desc)	[nr] = desc,
	EXIT_REASONS(X)
#undef X
};

static const char *const vm_instruction_error_names[VMXERR_MAX] = {
#define X(nr, name, desc)	[nr] = desc,
	VM_INSTRUCTION_ERRORS(X)
#undef X
};

const char *exit_reason_name(unsigned int basic)
{
	if (basic >= EXIT_REASON_MAX || !exit_reason_names[basic])
		return "unknown";
	return exit_reason_names[basic];
}

const char *vm_instruction_error_name(unsigned int n)
{
	if (n >= VMXERR_MAX || !vm_instruction_error_names[n])
		return "unknown";
	return vm_instruction_error_names[n];
}
