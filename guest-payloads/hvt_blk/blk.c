/*
 * blk.c - hvt_blk: two block devices, "storage" and "scratch". On each:
 * write the first, second and last sectors (block_size from the
 * manifest the monitor filled in), read them back and compare, and check
 * that I/O at or across the capacity gives HVT_R_EINVAL (solo5-hvt's
 * range check). Both devices are written before either is read back,
 * with different patterns, so a monitor that mixes the handles up fails.
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(2, HVT_MFT_BLOCK("storage"), HVT_MFT_BLOCK("scratch"));

#define SECTOR_MAX	65536
#define NR_SECTORS	3

static uint8_t wbuf[SECTOR_MAX], rbuf[SECTOR_MAX];

static void fill(uint8_t *b, uint64_t n, uint64_t sector, uint64_t handle)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(i + sector * 7 + handle * 131);
}

struct dev {
	const char *name;
	uint64_t h, cap, bs, sectors[NR_SECTORS];
};

static struct dev devs[] = { { .name = "storage" }, { .name = "scratch" } };

static int acquire(struct dev *d)
{
	const struct hvt_mft_entry *e;

	e = hvt_mft_find(d->name, HVT_MFT_BLOCK_BASIC, &d->h);
	if (!e || !e->attached) {
		hvt_printf("FAILURE: %s: not in the manifest or not "
			   "attached\n", d->name);
		return 0;
	}
	d->cap = e->u.block.capacity;
	d->bs = e->u.block.block_size;
	hvt_printf("%s: handle %lu capacity %lu block_size %lu\n", d->name,
		   d->h, d->cap, d->bs);
	if (d->bs == 0 || d->bs > SECTOR_MAX || d->cap < NR_SECTORS * d->bs) {
		hvt_printf("FAILURE: %s: unusable geometry\n", d->name);
		return 0;
	}
	d->sectors[0] = 0;
	d->sectors[1] = 1;
	d->sectors[2] = d->cap / d->bs - 1;
	return 1;
}

static int write_dev(const struct dev *d)
{
	int i, ret;

	for (i = 0; i < NR_SECTORS; i++) {
		fill(wbuf, d->bs, d->sectors[i], d->h);
		ret = hvt_block_write(d->h, d->sectors[i] * d->bs, wbuf, d->bs);
		if (ret != HVT_R_OK) {
			hvt_printf("FAILURE: %s: write sector %lu: %d\n",
				   d->name, d->sectors[i], ret);
			return 0;
		}
	}
	return 1;
}

/* Read back what write_dev wrote (after both devices were written),
 * then I/O at and across the capacity. */
/* I/O the monitor must refuse with HVT_R_EINVAL: at the capacity, or
 * starting half a block before it and so running across it. */
static const struct {
	const char *what;
	int write;
	uint64_t before_cap;	/* half blocks before the capacity */
} bounds[] = {
	{ "read at capacity", 0, 0 },
	{ "read across capacity", 0, 1 },
	{ "write at capacity", 1, 0 },
};

static int verify_dev(const struct dev *d)
{
	int i, ret;
	size_t k;

	for (i = 0; i < NR_SECTORS; i++) {
		fill(wbuf, d->bs, d->sectors[i], d->h);
		memset(rbuf, 0, d->bs);
		ret = hvt_block_read(d->h, d->sectors[i] * d->bs, rbuf, d->bs);
		if (ret != HVT_R_OK || memcmp(rbuf, wbuf, d->bs)) {
			hvt_printf("FAILURE: %s: read sector %lu: %d%s\n",
				   d->name, d->sectors[i], ret,
				   ret == HVT_R_OK ? ", data differ" : "");
			return 0;
		}
	}
	for (k = 0; k < sizeof(bounds) / sizeof(bounds[0]); k++) {
		uint64_t off = d->cap - bounds[k].before_cap * d->bs / 2;

		ret = bounds[k].write ? hvt_block_write(d->h, off, wbuf, d->bs)
				      : hvt_block_read(d->h, off, rbuf, d->bs);
		if (ret != HVT_R_EINVAL) {
			hvt_printf("FAILURE: %s: %s: %d\n", d->name,
				   bounds[k].what, ret);
			return 0;
		}
	}
	hvt_printf("%s: ok\n", d->name);
	return 1;
}

int hvt_main(const char *cmdline)
{
	size_t i;

	(void)cmdline;
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (!acquire(&devs[i]) || !write_dev(&devs[i]))
			return HVT_EXIT_FAILURE;
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++)
		if (!verify_dev(&devs[i]))
			return HVT_EXIT_FAILURE;
	hvt_printf("SUCCESS\n");
	return HVT_EXIT_SUCCESS;
}
