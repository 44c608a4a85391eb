/*
 * hvt_attach.c - an hvt guest's devices from the hypervisor's command
 * line (cmdline.h), as solo5-hvt's options give them:
 *   block:NAME=FILE      a RAM disk: the guest module (GUEST_MODULES, or
 *                        a GRUB module2) whose string is FILE, its
 *                        capacity the module's size (--block:)
 *   block-size:NAME=N    its block size, 512 by default (--block-size:)
 *   net:NAME=peer        the built-in peer (hvt_net.c) (--net:)
 *   net-mac:NAME=MAC     the guest's MAC, 02:00:00:00:00:NN by default
 *   net-mtu:NAME=N       its MTU, 1500 by default (solo5-hvt's fixed one)
 *   net-ping:NAME=N      the peer sends N echo requests (ping -f -c N)
 * The loader (hvt.c) then matches them to the manifest by name.
 */
#include "hvt_attach.h"

#include <stdio.h>
#include <string.h>

#include "hvt_abi.h"

#define BLOCK_SIZE_DEFAULT	512
#define NET_MTU_DEFAULT		1500
#define NET_MTU_MIN		68	/* RFC 791 */
#define PING_MAX		10000000
#define BLOCK_SIZE_MAX		32768	/* the manifest's field is 16-bit */

/* The row for NAME (of @len bytes), added if new. */
static int row(struct hvt_devices *d, const char *name, size_t len,
	       char *err, size_t errlen)
{
	unsigned int i;

	if (len == 0 || len >= HVT_MFT_NAME_SIZE) {
		snprintf(err, errlen, "hvt device name of %lu characters, "
			 "want 1..%d", (unsigned long)len, HVT_MFT_NAME_SIZE - 1);
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

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i, k;

	for (i = 0; i < 6; i++) {
		unsigned int b = 0;

		for (k = 0; k < 2; k++, s++) {
			char c = *s;

			b <<= 4;
			if (c >= '0' && c <= '9')
				b |= (unsigned int)(c - '0');
			else if (c >= 'a' && c <= 'f')
				b |= (unsigned int)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				b |= (unsigned int)(c - 'A' + 10);
			else
				return -1;
		}
		mac[i] = (uint8_t)b;
		if (*s != (i == 5 ? 0 : ':'))
			return -1;
		s += i < 5;
	}
	return 0;
}

static int apply_net(struct hvt_devices *d, int i, const char *w,
		     size_t kind, const char *val, char *err, size_t errlen)
{
	uint64_t u;

	if (kind == 3) {				/* net: */
		if (strcmp(val, "peer")) {
			snprintf(err, errlen, "hvt device option '%s': the "
				 "only network backend is 'peer'", w);
			return -1;
		}
		d->att[i].type = HVT_MFT_NET_BASIC;
		d->back[i].peer = &d->peers[i];
		return 0;
	}
	if (!strncmp(w, "net-mac:", 8) && !parse_mac(val, d->att[i].mac) &&
	    !(d->att[i].mac[0] & 1))		/* not a multicast MAC */
		return 0;
	if (!strncmp(w, "net-mtu:", 8) && !parse_uint(val, &u) &&
	    u >= NET_MTU_MIN && u <= NET_MTU_DEFAULT) {
		d->att[i].mtu = (uint16_t)u;
		return 0;
	}
	if (!strncmp(w, "net-ping:", 9) && !parse_uint(val, &u) &&
	    u <= PING_MAX) {
		d->back[i].ping_count = (uint32_t)u;			/* net-ping: */
		return 0;
	}
	snprintf(err, errlen, "hvt device option '%s': bad value (a unicast "
		 "MAC xx:xx:xx:xx:xx:xx, an MTU in %u..%u, a count up to %u)", w,
		 NET_MTU_MIN, NET_MTU_DEFAULT, PING_MAX);
	return -1;
}

static int apply(struct hvt_devices *d, const struct guest_image *img,
		 const char *w, char *err, size_t errlen)
{
	const char *colon = strchr(w, ':'), *eq = strchr(w, '=');
	size_t kind = (size_t)(colon - w);
	const struct guest_module *m;
	uint64_t bs;
	int i;

	if (!eq || eq < colon) {
		snprintf(err, errlen, "hvt device option '%s' is not "
			 "KIND:NAME=VALUE", w);
		return -1;
	}
	i = row(d, colon + 1, (size_t)(eq - colon - 1), err, errlen);
	if (i < 0)
		return -1;
	if (!strncmp(w, "net", 3))
		return apply_net(d, i, w, kind, eq + 1, err, errlen);
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
	if (parse_uint(eq + 1, &bs) || bs < 512 || bs > BLOCK_SIZE_MAX ||
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
	for (i = 0; i < d->n; i++) {
		struct hvt_attach *a = &d->att[i];
		static const uint8_t none[6];

		if (!a->type) {
			snprintf(err, errlen, "hvt device '%s' has options but "
				 "no block:%s=FILE or net:%s=peer", d->names[i],
				 d->names[i], d->names[i]);
			return -1;
		}
		if (a->type != HVT_MFT_NET_BASIC)
			continue;
		if (!a->mtu)
			a->mtu = NET_MTU_DEFAULT;
		if (!memcmp(a->mac, none, 6)) {
			a->mac[0] = 0x02;	/* locally administered */
			a->mac[5] = (uint8_t)(i + 1);
		}
	}
	return 0;
}
