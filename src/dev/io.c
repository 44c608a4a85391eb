/*
 * io.c - guest port dispatch (see io.h).
 */
#include "io.h"

#include <stdio.h>

#include "pmtimer.h"
#include "rtc.h"
#include "vcpu.h"

static const struct port_device *const devices[] = {
	&uart_device,
	&debug_exit_device,
	&testdev_port_device,
	&pmtimer_device,
	&rtc_device,
	&fw_cfg_device,
	&pci_addr_device,
	&pci_data_device,
	&pc_testdev_device,
	&pc_testdev_flush_device,
	&pc_testdev_byte_device,
};

/*
 * Fast devices, direct-mapped by the low bits of the port for the exit
 * fastpath: one load and one compare instead of a search. io_init()
 * refuses two fast devices that would share a slot.
 */
const struct port_device *io_fast_ports[IO_FAST_SLOTS];

int io_init(void)
{
	unsigned int i, p;

	pmtimer_init();
	rtc_init();
	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		const struct port_device *d = devices[i];

		if (!d->fast)
			continue;
		/* The fastpath calls a fast device's handlers unchecked. */
		if (!d->in || !d->out) {
			printf("vmm: fast device %s lacks an in or out handler\n",
			       d->name);
			return -1;
		}
		for (p = d->base; p < (unsigned int)d->base + d->count; p++) {
			const struct port_device **slot =
				&io_fast_ports[p & (IO_FAST_SLOTS - 1)];

			if (*slot && *slot != d) {
				printf("vmm: fast devices %s and %s share port "
				       "slot %u\n", (*slot)->name, d->name,
				       p & (IO_FAST_SLOTS - 1));
				return -1;
			}
			*slot = d;
		}
	}
	return 0;
}

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
		vcpu_deny(v, "port read", port, "no device; reads all-ones");
		return 0xffffffffu;
	}
	return d->in(v, (uint16_t)(port - d->base), size);
}

void io_out(struct vcpu *v, uint16_t port, unsigned int size, uint32_t val)
{
	const struct port_device *d = io_find(port);

	if (!d || !d->out) {
		vcpu_deny(v, "port write", port, "no device; write dropped");
		return;
	}
	d->out(v, (uint16_t)(port - d->base), size, val);
}
