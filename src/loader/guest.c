/*
 * guest.c - the guest loader. The image format today is a flat real-mode
 * blob, entered at its first byte in 16-bit real mode (the guest ABI in
 * README.md); DESIGN.md lists the formats to come (ELF64, Multiboot,
 * bzImage), each to be distrusted as Solo5's ELF loader distrusts offsets.
 *
 * Room src/loader: one loader per guest image format, each writing guest
 * memory only through guest_ram(). It may include the rooms up to
 * src/emul.
 */
#include "guest.h"

#include <stdio.h>

#include "log.h"

extern const uint8_t guest_image_start[], guest_image_end[];

int guest_image_check(const uint8_t *img, uint64_t size, uint64_t ram,
		      char *err, unsigned int errlen)
{
	if (!img || size == 0) {
		snprintf(err, errlen, "empty image");
		return -1;
	}
	if (size > GUEST_FLAT_LIMIT - GUEST_LOAD_ADDR) {
		snprintf(err, errlen, "flat image of %lu bytes does not fit "
			 "between 0x%x and 0x%x", size, GUEST_LOAD_ADDR,
			 GUEST_FLAT_LIMIT);
		return -1;
	}
	if (GUEST_LOAD_ADDR + size > ram) {
		snprintf(err, errlen, "image ends past guest RAM (%lu bytes)",
			 ram);
		return -1;
	}
	return 0;
}

int guest_load(struct vcpu *v, uint64_t *entry, char *err, unsigned int errlen)
{
	uint64_t size = (uint64_t)(guest_image_end - guest_image_start);

	if (guest_image_check(guest_image_start, size, v->guest_mem_size,
			      err, errlen))
		return -1;
	if (guest_ram_write(v, GUEST_LOAD_ADDR, guest_image_start, size)) {
		snprintf(err, errlen, "image does not fit in guest RAM");
		return -1;
	}
	*entry = GUEST_LOAD_ADDR;
	pr_verbose("vmm: guest image: flat, %lu bytes at guest-physical "
		   "0x%x, %lu MiB of RAM\n", size, GUEST_LOAD_ADDR,
		   v->guest_mem_size >> 20);
	return 0;
}
