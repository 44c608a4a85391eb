/*
 * exitcode.c - a guest that ends with the exit code it was built with
 * (EXITCODE_VALUE, through the debug-exit port or the exit hypercall as
 * EXITCODE_HYPERCALL says). Codes 0-63 are the guest's to choose; a
 * larger one must not read as a hypervisor verdict, or (truncated) as
 * success.
 */
#include "guest.h"

#ifndef EXITCODE_VALUE
#define EXITCODE_VALUE		0
#endif
#ifndef EXITCODE_HYPERCALL
#define EXITCODE_HYPERCALL	0
#endif

void main64(void)
{
	uint64_t code = EXITCODE_VALUE;

	printf("exitcode: ending with %lu through the %s\n", code,
	       EXITCODE_HYPERCALL ? "exit hypercall" : "debug-exit port");
	if (EXITCODE_HYPERCALL)
		vmcall(HC_EXIT, code, 0);
	else
		outl(VMM_PORT_DEBUG_EXIT, (uint32_t)code);
	printf("exitcode: still running\n");
	halt_forever();
}
