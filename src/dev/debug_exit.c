/*
 * debug_exit.c - the debug-exit port 0xf4, as QEMU's isa-debug-exit: a
 * guest write of value v ends the guest, and the machine exits with code
 * v, so a test kernel's verdict becomes the machine's.
 */
#include "io.h"

#include <stdio.h>

#include "vcpu.h"

static void debug_exit_out(struct vcpu *v, uint16_t port, unsigned int size,
			   uint32_t val)
{
	(void)port; (void)size;
	uart_flush();
	printf("vmm: guest wrote %u to the debug-exit port\n", val);
	vcpu_guest_exit(v, val);
}

const struct port_device debug_exit_device = {
	.name = "debug-exit",
	.base = VMM_PORT_DEBUG_EXIT,
	.count = 4,
	.out = debug_exit_out,
};
