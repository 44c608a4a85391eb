/*
 * mmio.c - the guest-physical device table (see mmio.h).
 */
#include "mmio.h"

const struct mmio_device *const mmio_devices[MMIO_NR_DEVICES] = {
	&lapic_mmio_device,
	&testdev_mmio_device,
	&pc_testdev_mmio_device,
	&ioapic_mmio_device,
};
