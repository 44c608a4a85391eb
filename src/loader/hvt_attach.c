/*
 * hvt_attach.c - an hvt guest's devices from the hypervisor's command
 * line (cmdline.h: block:NAME=FILE, block-size:NAME=N), as solo5-hvt's
 * --block:NAME=FILE and --block-size:NAME=N give them: a block device
 * is a RAM disk, the guest module (GUEST_MODULES, or a GRUB module2)
 * whose string is FILE, its capacity the module's size. The loader
 * (hvt.c) then matches them to the manifest by name.
 */
#include "hvt_attach.h"

#include <stdio.h>
#include <string.h>

#include "hvt_abi.h"

#define BLOCK_SIZE_DEFAULT	512
#define BLOCK_SIZE_MAX		32768	/* the manifest's field is 16-bit */

/* The row for NAME (of @len bytes), added if new. */
static int row(struct hvt_devices *d, const char *name, size_t len,
	       char *err, size_t errlen)
{
	unsigned int i;

	if (len == 0 || len >= HVT_MFT_NAME_SIZE) {
		snprintf(err, errlen, "hvt device name of %zu characters, "
			 "want 1..%d", len, HVT_MFT_NAME_SIZE - 1);
		return -1;
	}
	for (i = 0; i < d->n; i++)
		if (strlen(d->names[i]) == len && !strncmp(d->names[i], name, len))
			return (int)i;
	if (d->n == HVT_DEVICES_MAX) {
		snprintf(err, errlen, "more than %u hvt devices", HVT_DEVICES_MAX);
		return -1;
	}
	memcpy(d->names[d->n], name, len);
	d->names[d->n][len] = 0;
	d->att[d->n].name = d->names[d->n];
	d->att[d->n].block_size = BLOCK_SIZE_DEFAULT;
	return (int)d->n++;
}

static const struct guest_module *module_named(const struct guest_image *img,
					       const char *file)
{
	unsigned int i;

	for (i = 0; i < img->nr_modules; i++)
		if (!strcmp(img->modules[i].string, file))
			return &img->modules[i];
	return NULL;
}

static int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0xffffffffull / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > 0xffffffffull)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int apply(struct hvt_devices *d, const struct guest_image *img,
		 const char *w, char *err, size_t errlen)
{
	const char *colon = strchr(w, ':'), *eq = strchr(w, '=');
	size_t kind = (size_t)(colon - w);
	const struct guest_module *m;
	uint32_t bs;
	int i;

	if (!eq || eq < colon) {
		snprintf(err, errlen, "hvt device option '%s' is not "
			 "KIND:NAME=VALUE", w);
		return -1;
	}
	if (!strncmp(w, "net", kind < 3 ? kind : 3)) {
		snprintf(err, errlen, "hvt device option '%s': network "
			 "devices are not supported yet", w);
		return -1;
	}
	i = row(d, colon + 1, (size_t)(eq - colon - 1), err, errlen);
	if (i < 0)
		return -1;
	if (kind == 5) {			/* block: */
		m = module_named(img, eq + 1);
		if (!m) {
			snprintf(err, errlen, "hvt device option '%s': no "
				 "guest module '%s'", w, eq + 1);
			return -1;
		}
		d->att[i].type = HVT_MFT_BLOCK_BASIC;
		d->att[i].capacity = m->size;
		d->back[i].data = (uint8_t *)(uintptr_t)m->data;
		return 0;
	}
	if (parse_u32(eq + 1, &bs) || bs < 512 || bs > BLOCK_SIZE_MAX ||
	    (bs & (bs - 1))) {
		snprintf(err, errlen, "hvt device option '%s': the block size "
			 "must be a power of two in 512..%u", w, BLOCK_SIZE_MAX);
		return -1;
	}
	d->att[i].block_size = (uint16_t)bs;
	return 0;
}

int hvt_devices_build(struct hvt_devices *d, const struct guest_image *img,
		      const char (*words)[CMDLINE_WORD_MAX], unsigned int n,
		      char *err, size_t errlen)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < n; i++)
		if (apply(d, img, words[i], err, errlen))
			return -1;
	for (i = 0; i < d->n; i++)
		if (d->att[i].type != HVT_MFT_BLOCK_BASIC) {
			snprintf(err, errlen, "hvt device '%s' has a block "
				 "size but no block:%s=FILE", d->names[i],
				 d->names[i]);
			return -1;
		}
	return 0;
}
