/*
 * guest.h - putting the embedded guest image into guest memory.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

#include "vcpu.h"

/* A flat image is loaded and entered at GUEST_LOAD_ADDR (vmm_abi.h) and
 * must end by GUEST_FLAT_LIMIT. */

/*
 * Check the embedded image and copy it into guest RAM. Returns 0 and the
 * entry point, or -1 with a one-line reason in @err.
 */
int guest_load(struct vcpu *v, uint64_t *entry, char *err, unsigned int errlen);

/* The image's bytes, as linked in (asm/guest_blob.S). */
int guest_image_check(const uint8_t *img, uint64_t size, uint64_t ram,
		      char *err, unsigned int errlen);

#endif
