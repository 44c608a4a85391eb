/*
 * blk.c - hvt_blk: two block devices, "storage" and "scratch". On each:
 * write the first, second and last sectors (block_size from the
 * manifest the monitor filled in), read them back and compare, and check
 * that I/O at or across the capacity gives HVT_R_EINVAL (solo5-hvt's
 * range check). The devices get different patterns, so a monitor that
 * mixes the handles up fails.
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

static int check_dev(const char *name)
{
	const struct hvt_mft_entry *e;
	uint64_t h, cap, bs, sectors[NR_SECTORS];
	int i, ret;

	e = hvt_mft_find(name, HVT_MFT_BLOCK_BASIC, &h);
	if (!e || !e->attached) {
		hvt_printf("FAILURE: %s: not in the manifest or not "
			   "attached\n", name);
		return 0;
	}
	cap = e->u.block.capacity;
	bs = e->u.block.block_size;
	hvt_printf("%s: handle %lu capacity %lu block_size %lu\n", name, h,
		   cap, bs);
	if (bs == 0 || bs > SECTOR_MAX || cap < NR_SECTORS * bs) {
		hvt_printf("FAILURE: %s: unusable geometry\n", name);
		return 0;
	}
	sectors[0] = 0;
	sectors[1] = 1;
	sectors[2] = cap / bs - 1;
	for (i = 0; i < NR_SECTORS; i++) {
		fill(wbuf, bs, sectors[i], h);
		ret = hvt_block_write(h, sectors[i] * bs, wbuf, bs);
		if (ret != HVT_R_OK) {
			hvt_printf("FAILURE: %s: write sector %lu: %d\n",
				   name, sectors[i], ret);
			return 0;
		}
	}
	for (i = 0; i < NR_SECTORS; i++) {
		fill(wbuf, bs, sectors[i], h);
		memset(rbuf, 0, bs);
		ret = hvt_block_read(h, sectors[i] * bs, rbuf, bs);
		if (ret != HVT_R_OK || memcmp(rbuf, wbuf, bs)) {
			hvt_printf("FAILURE: %s: read sector %lu: %d%s\n",
				   name, sectors[i], ret,
				   ret == HVT_R_OK ? ", data differ" : "");
			return 0;
		}
	}
	ret = hvt_block_read(h, cap, rbuf, bs);
	if (ret != HVT_R_EINVAL) {
		hvt_printf("FAILURE: %s: read at capacity: %d\n", name, ret);
		return 0;
	}
	ret = hvt_block_read(h, cap - bs / 2, rbuf, bs);
	if (ret != HVT_R_EINVAL) {
		hvt_printf("FAILURE: %s: read across capacity: %d\n", name,
			   ret);
		return 0;
	}
	ret = hvt_block_write(h, cap, wbuf, bs);
	if (ret != HVT_R_EINVAL) {
		hvt_printf("FAILURE: %s: write at capacity: %d\n", name, ret);
		return 0;
	}
	hvt_printf("%s: ok\n", name);
	return 1;
}

int hvt_main(const char *cmdline)
{
	(void)cmdline;
	if (!check_dev("storage") || !check_dev("scratch"))
		return HVT_EXIT_FAILURE;
	hvt_printf("SUCCESS\n");
	return HVT_EXIT_SUCCESS;
}
