/*
 * io.c - guest port dispatch (see io.h).
 */
#include "io.h"

#include <stdio.h>
#include <string.h>

#include "hvt.h"
#include "isa_irq.h"
#include "pmtimer.h"
#include "rtc.h"
#include "vcpu.h"

static const struct port_device *const devices[] = {
	&uart_device,
	&debug_exit_device,
	&testdev_port_device,
	&pmtimer_device,
	&acpi_pm1_device,
	&pic_master_device,
	&pic_slave_device,
	&elcr_device,
	&pit_device,
	&port61_device,
	&pc_testdev_irq_device,
	&post_device,
	&sysctl_a_device,
	&reset_control_device,
	&i8042_reset_device,
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
	isa_irq_init();	/* after pmtimer_init: the PIT's clock is its */
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

/*
 * Accesses to no device, per port: the first UNCLAIMED_SLOTS ports each
 * get a row, the rest are counted together. A guest that probes every
 * port costs one slot scan per access.
 */
#define UNCLAIMED_SLOTS		32

static struct {
	struct { uint16_t port; unsigned long reads, writes; }
		slot[UNCLAIMED_SLOTS];
	unsigned int used;
	unsigned long other;
} unclaimed;

static void unclaimed_count(uint16_t port, int write)
{
	unsigned int i;

	for (i = 0; i < unclaimed.used; i++)
		if (unclaimed.slot[i].port == port)
			break;
	if (i == unclaimed.used) {
		if (i == UNCLAIMED_SLOTS) {
			unclaimed.other++;
			return;
		}
		unclaimed.slot[i].port = port;
		unclaimed.used++;
	}
	if (write)
		unclaimed.slot[i].writes++;
	else
		unclaimed.slot[i].reads++;
}

void io_unclaimed_stats_print(void)
{
	unsigned int i;

	if (!unclaimed.used)
		return;
	printf("vmm: ports no device answers (reads all-ones, writes "
	       "dropped):\n");
	for (i = 0; i < unclaimed.used; i++)
		printf("vmm:   port 0x%04x: %lu reads, %lu writes\n",
		       unclaimed.slot[i].port, unclaimed.slot[i].reads,
		       unclaimed.slot[i].writes);
	if (unclaimed.other)
		printf("vmm:   other ports: %lu accesses\n", unclaimed.other);
}

void io_hvt_only(void)
{
	memset(io_fast_ports, 0, sizeof(io_fast_ports));
}

uint32_t io_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	const struct port_device *d;

	if (v->hvt)
		return hvt_io(v, 1, port, size, 0);
	d = io_find(port);

	if (!d || !d->in) {
		unclaimed_count(port, 0);
		vcpu_deny(v, "port read", port, "no device; reads all-ones");
		return 0xffffffffu;
	}
	return d->in(v, (uint16_t)(port - d->base), size);
}

void io_out(struct vcpu *v, uint16_t port, unsigned int size, uint32_t val)
{
	const struct port_device *d;

	if (v->hvt) {
		hvt_io(v, 0, port, size, val);
		return;
	}
	d = io_find(port);

	if (!d || !d->out) {
		unclaimed_count(port, 1);
		vcpu_deny(v, "port write", port, "no device; write dropped");
		return;
	}
	d->out(v, (uint16_t)(port - d->base), size, val);
}
