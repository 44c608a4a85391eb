/*
 * mmio.h - emulated devices in guest-physical address space. Their pages
 * are not mapped by EPT, so every access exits with an EPT violation
 * (SDM vol. 3, 29.3.3); emul/mmio_emul.c decodes the instruction and calls
 * the device through this table. An address in no region is a sandbox
 * violation.
 */
#ifndef DEV_MMIO_H
#define DEV_MMIO_H

#include <stddef.h>
#include <stdint.h>

struct vcpu;

struct mmio_device {
	const char *name;
	uint64_t base, size;
	/* @off is relative to @base; @size is 1, 2, 4 or 8. */
	uint64_t (*read)(struct vcpu *v, uint64_t off, unsigned int size);
	void (*write)(struct vcpu *v, uint64_t off, unsigned int size,
		      uint64_t val);
};

#define MMIO_NR_DEVICES	4
extern const struct mmio_device *const mmio_devices[MMIO_NR_DEVICES];

/*
 * The device whose page holds @gpa, or NULL (inline: the MMIO fastpath).
 * Unrolled, one compare per device in table order, as GCC compiles two
 * entries by itself: then a device added at the end costs the ones
 * before it (the local APIC, the benchmark's test device) nothing.
 */
static inline const struct mmio_device *mmio_find(uint64_t gpa)
{
	unsigned int i;

#pragma GCC unroll 16
	for (i = 0; i < MMIO_NR_DEVICES; i++)
		if (gpa - mmio_devices[i]->base < mmio_devices[i]->size)
			return mmio_devices[i];
	return NULL;
}

extern const struct mmio_device lapic_mmio_device;
extern const struct mmio_device testdev_mmio_device;
extern const struct mmio_device pc_testdev_mmio_device;
extern const struct mmio_device ioapic_mmio_device;

#endif
