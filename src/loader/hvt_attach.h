/*
 * hvt_attach.h - an hvt guest's devices from the command line
 * (hvt_attach.c).
 */
#ifndef LOADER_HVT_ATTACH_H
#define LOADER_HVT_ATTACH_H

#include <stddef.h>

#include "cmdline.h"
#include "hvt.h"
#include "hvt_abi.h"
#include "image.h"

#define HVT_DEVICES_MAX		CMDLINE_MAX_HVT_WORDS

struct hvt_devices {
	unsigned int n;
	struct hvt_attach att[HVT_DEVICES_MAX];
	struct hvt_backing back[HVT_DEVICES_MAX];
	char names[HVT_DEVICES_MAX][HVT_MFT_NAME_SIZE];
	struct hvt_peer peers[HVT_DEVICES_MAX];
};

/* Build @d from the words; 0, or -1 with a one-line reason in @err. */
int hvt_devices_build(struct hvt_devices *d, const struct guest_image *img,
		      const char (*words)[CMDLINE_WORD_MAX], unsigned int n,
		      char *err, size_t errlen);

#endif
