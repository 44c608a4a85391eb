/*
 * io.c - guest port dispatch (see io.h).
 */
#include "io.h"

#include <stdio.h>

#include "policy.h"

static const struct port_device *const devices[] = {
	&uart_device,
	&debug_exit_device,
	&testdev_port_device,
	&pmtimer_device,
};

const struct port_device *io_find(uint16_t port)
{
	unsigned int i;

	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (port >= devices[i]->base &&
		    port - devices[i]->base < devices[i]->count)
			return devices[i];
	return NULL;
}

uint32_t io_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	const struct port_device *d = io_find(port);

	if (!d || !d->in) {
		policy_deny(v, "port read", port, "no device; reads all-ones");
		return 0xffffffffu;
	}
	return d->in(v, (uint16_t)(port - d->base), size);
}

void io_out(struct vcpu *v, uint16_t port, unsigned int size, uint32_t val)
{
	const struct port_device *d = io_find(port);

	if (!d || !d->out) {
		policy_deny(v, "port write", port, "no device; write dropped");
		return;
	}
	d->out(v, (uint16_t)(port - d->base), size, val);
}
