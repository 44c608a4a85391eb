/*
 * debug_exit.c - the debug-exit port 0xf4, as QEMU's isa-debug-exit: a
 * guest write of value v ends the guest, and the machine exits with code
 * v, so a test kernel's verdict becomes the machine's. Writes of 1, 2 and 4
 * bytes all end the guest (QEMU's device takes them all); the bound on
 * the code and its verdict are vcpu_guest_exit()'s.
 */
#include "io.h"

#include <stdio.h>

#include "vcpu.h"

static void debug_exit_out(struct vcpu *v, uint16_t port, unsigned int size,
			   uint32_t val)
{
	(void)port;
	/* An OUT of 1 or 2 bytes writes AL or AX: the register's other
	 * bits are not the guest's value. */
	if (size < 4)
		val &= (1u << (8 * size)) - 1;
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
