/*
 * mb2.h - the Multiboot2 boot information, parsed and checked.
 *
 * The loader hands us a block of tags (Multiboot2 spec, 3.6 "Boot
 * information format"). mb2_parse() trusts nothing in it: every size and
 * offset is checked against the block before it is read, and the memory map
 * must be present, well-formed and free of overlapping regions.
 */
#ifndef MB2_H
#define MB2_H

#include <stddef.h>
#include <stdint.h>

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6

#define MB2_MEM_AVAILABLE	1

#define MB2_MAX_REGIONS		64
#define MB2_MAX_MODULES		16

/* A boot module (3.6.6): physical [start, end), its string (GRUB's
 * module2 arguments after the file name; "" when there are none). */
struct mb2_module {
	uint64_t start, end;
	const char *string;
};

struct mb2_region {
	uint64_t base;
	uint64_t len;
	uint32_t type;
};

struct mb2_info {
	const char *cmdline;		/* "" when the tag is absent */
	const char *loader_name;	/* "" when the tag is absent */
	unsigned int nr_regions;	/* sorted by base */
	struct mb2_region regions[MB2_MAX_REGIONS];
	unsigned int nr_modules;	/* in the order given */
	struct mb2_module modules[MB2_MAX_MODULES];
};

enum mb2_error {
	MB2_OK = 0,
	MB2_ERR_NULL,		/* no information block at all */
	MB2_ERR_TOTAL_SIZE,	/* total_size smaller than the header, or past the limit */
	MB2_ERR_TAG_TRUNCATED,	/* a tag header runs past the end */
	MB2_ERR_TAG_SIZE,	/* a tag's size is < 8 or runs past the end */
	MB2_ERR_NO_END_TAG,	/* the block ends without an end tag */
	MB2_ERR_STRING,		/* a string tag without its NUL inside the tag */
	MB2_ERR_MMAP_ENTRY,	/* memory-map entry size too small or misfit */
	MB2_ERR_MMAP_COUNT,	/* more regions than MB2_MAX_REGIONS */
	MB2_ERR_NO_MMAP,	/* no memory-map tag */
	MB2_ERR_MMAP_OVERLAP,	/* two regions overlap */
	MB2_ERR_MMAP_WRAP,	/* base + length wraps around 2^64 */
	MB2_ERR_MODULE_SIZE,	/* a module tag shorter than its fields */
	MB2_ERR_MODULE_RANGE,	/* a module that ends before it starts */
	MB2_ERR_MODULE_COUNT,	/* more modules than MB2_MAX_MODULES */
};

/*
 * Parse the block at @mbi, of which at most @limit bytes may be read.
 * Returns MB2_OK and fills @out, or the first error found.
 */
enum mb2_error mb2_parse(const void *mbi, size_t limit, struct mb2_info *out);
const char *mb2_strerror(enum mb2_error err);

/* Total bytes of MB2_MEM_AVAILABLE regions. */
uint64_t mb2_available_bytes(const struct mb2_info *info);

#endif
