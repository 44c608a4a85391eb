/*
 * image_stub.c - TEMPORARY: a flat-only image_load() so the plumbing
 * (guest.c, the entry modes) builds and runs before the real loaders
 * (branch i14-loader) land. It is deleted at the merge.
 */
#include "image.h"

#include <stdio.h>

#include "vmm_abi.h"

int image_load(const struct guest_image *img, const struct guest_machine *m,
	       struct guest_entry *entry, char *err, size_t errlen)
{
	if (!img->flat_declared) {
		snprintf(err, errlen, "unknown image format (this build "
			 "loads only declared flat images)");
		return -1;
	}
	if (!img->data || img->size == 0) {
		snprintf(err, errlen, "empty image");
		return -1;
	}
	if (img->size > GUEST_FLAT_LIMIT - GUEST_LOAD_ADDR) {
		snprintf(err, errlen, "flat image of %lu bytes does not fit "
			 "between 0x%x and 0x%x", img->size, GUEST_LOAD_ADDR,
			 GUEST_FLAT_LIMIT);
		return -1;
	}
	if (GUEST_LOAD_ADDR + img->size > m->ram) {
		snprintf(err, errlen, "image ends past guest RAM (%lu bytes)",
			 m->ram);
		return -1;
	}
	if (m->write(m->ctx, GUEST_LOAD_ADDR, img->data, img->size)) {
		snprintf(err, errlen, "image does not fit in guest RAM");
		return -1;
	}
	*entry = (struct guest_entry){
		.format = IMAGE_FLAT,
		.mode = ENTRY_REAL16,
		.rip = GUEST_LOAD_ADDR,
		.rsp = GUEST_RM_STACK_TOP,
		.lo = GUEST_LOAD_ADDR,
		.hi = GUEST_LOAD_ADDR + img->size,
	};
	return 0;
}

const char *image_format_name(enum image_format f)
{
	return f == IMAGE_FLAT ? "flat" : "?";
}
