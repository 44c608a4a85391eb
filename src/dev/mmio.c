/*
 * mmio.c - the guest-physical device table (see mmio.h).
 */
#include "mmio.h"

#include <stddef.h>

static const struct mmio_device *const devices[] = {
	&lapic_mmio_device,
	&testdev_mmio_device,
};

const struct mmio_device *mmio_find(uint64_t gpa)
{
	unsigned int i;

	for (i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (gpa >= devices[i]->base &&
		    gpa - devices[i]->base < devices[i]->size)
			return devices[i];
	return NULL;
}
