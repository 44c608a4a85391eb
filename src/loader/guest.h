/*
 * guest.h - putting the guest image into guest memory: from a boot module
 * GRUB gave, or else from the files linked into vmm.elf (guest.c).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stddef.h>
#include <stdint.h>

#include "image.h"
#include "mb2.h"
#include "vcpu.h"

/* The most modules an image comes with (GRUB's modules past the first,
 * or GUEST_MODULES). */
#define GUEST_MODULES_MAX	(MB2_MAX_MODULES - 1)

/*
 * Find the image (@boot's first module, or the embedded one), load it and
 * its modules into @v's RAM. Returns 0 with @entry filled, or -1 with a
 * one-line reason in @err.
 */
int guest_load(struct vcpu *v, const struct mb2_info *boot,
	       struct guest_entry *entry, char *err, size_t errlen);

#endif
