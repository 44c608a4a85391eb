/*
 * guest.h - putting the embedded guest image into guest memory.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

#include "vcpu.h"

/* Where a flat real-mode image is loaded and entered (CS:IP = 0:0x8000). */
#define GUEST_LOAD_ADDR		0x8000u
/* It must end below the legacy video/BIOS hole at 640 KiB. */
#define GUEST_FLAT_LIMIT	0xa0000u

/*
 * Check the embedded image and copy it into guest RAM. Returns 0 and the
 * entry point, or -1 with a one-line reason in @err.
 */
int guest_load(struct vcpu *v, uint64_t *entry, char *err, unsigned int errlen);

/* The image's bytes, as linked in (asm/guest_blob.S). */
int guest_image_check(const uint8_t *img, uint64_t size, uint64_t ram,
		      char *err, unsigned int errlen);

#endif
