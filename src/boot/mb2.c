/*
 * mb2.c - Multiboot2 boot-information parser (see mb2.h).
 *
 * Layout (Multiboot2 spec, 3.6): u32 total_size, u32 reserved, then tags,
 * each starting on an 8-byte boundary with u32 type and u32 size (size
 * counts the 8-byte tag header, not the padding), closed by a tag of type 0
 * and size 8. The memory-map tag (3.6.8) holds u32 entry_size, u32
 * entry_version and entries of at least 24 bytes: u64 base, u64 length,
 * u32 type, u32 reserved. A module tag (3.6.6) holds u32 mod_start, u32
 * mod_end (one past the last byte: GRUB writes start + size) and the
 * module's NUL-terminated string.
 *
 * Room src/boot: what the boot loader hands over: the Multiboot2
 * information and the command line. It may include include/ and src/arch
 * only.
 */
#include "mb2.h"

#include <string.h>

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

#define MB2_HEADER_SIZE		8
#define MB2_TAG_HEADER_SIZE	8
#define MB2_MMAP_HEADER_SIZE	16	/* tag header + entry_size + version */
#define MB2_MMAP_ENTRY_MIN	24
#define MB2_MODULE_HEADER_SIZE	16	/* tag header + mod_start + mod_end */

static uint32_t read_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t read_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A string tag's text must end with a NUL inside the tag. */
static const char *tag_string(const uint8_t *tag, uint32_t size)
{
	const uint8_t *s = tag + MB2_TAG_HEADER_SIZE;

	if (!memchr(s, '\0', size - MB2_TAG_HEADER_SIZE))
		return NULL;
	return (const char *)s;
}

static enum mb2_error parse_mmap(const uint8_t *tag, uint32_t size,
				 struct mb2_info *out)
{
	uint32_t entry_size, off;

	if (size < MB2_MMAP_HEADER_SIZE)
		return MB2_ERR_MMAP_ENTRY;
	entry_size = read_u32(tag + 8);
	if (entry_size < MB2_MMAP_ENTRY_MIN || entry_size % 8)
		return MB2_ERR_MMAP_ENTRY;
	if ((size - MB2_MMAP_HEADER_SIZE) % entry_size)
		return MB2_ERR_MMAP_ENTRY;

	for (off = MB2_MMAP_HEADER_SIZE; off < size; off += entry_size) {
		const uint8_t *e = tag + off;
		struct mb2_region r = {
			.base = read_u64(e),
			.len = read_u64(e + 8),
			.type = read_u32(e + 16),
		};

		if (r.len == 0)
			continue;
		if (r.base + r.len < r.base && r.base + r.len != 0)
			return MB2_ERR_MMAP_WRAP;
		if (out->nr_regions == MB2_MAX_REGIONS)
			return MB2_ERR_MMAP_COUNT;
		out->regions[out->nr_regions++] = r;
	}
	return MB2_OK;
}

static enum mb2_error parse_module(const uint8_t *tag, uint32_t size,
				   struct mb2_info *out)
{
	struct mb2_module *m;
	const char *s;

	if (size <= MB2_MODULE_HEADER_SIZE)
		return MB2_ERR_MODULE_SIZE;
	s = (const char *)tag + MB2_MODULE_HEADER_SIZE;
	if (!memchr(s, '\0', size - MB2_MODULE_HEADER_SIZE))
		return MB2_ERR_STRING;
	if (read_u32(tag + 12) < read_u32(tag + 8))
		return MB2_ERR_MODULE_RANGE;
	if (out->nr_modules == MB2_MAX_MODULES)
		return MB2_ERR_MODULE_COUNT;
	m = &out->modules[out->nr_modules++];
	m->start = read_u32(tag + 8);
	m->end = read_u32(tag + 12);
	m->string = s;
	return MB2_OK;
}

/* Sort by base (insertion sort: a handful of entries), then reject overlaps. */
static enum mb2_error sort_and_check_regions(struct mb2_info *info)
{
	unsigned int i, j;

	for (i = 1; i < info->nr_regions; i++) {
		struct mb2_region r = info->regions[i];

		for (j = i; j > 0 && info->regions[j - 1].base > r.base; j--)
			info->regions[j] = info->regions[j - 1];
		info->regions[j] = r;
	}
	for (i = 1; i < info->nr_regions; i++) {
		const struct mb2_region *a = &info->regions[i - 1];

		if (a->base + a->len > info->regions[i].base ||
		    a->base + a->len < a->base)
			return MB2_ERR_MMAP_OVERLAP;
	}
	return MB2_OK;
}

enum mb2_error mb2_parse(const void *mbi, size_t limit, struct mb2_info *out)
{
	const uint8_t *base = mbi;
	uint32_t total, off;
	int have_mmap = 0, have_end = 0;
	enum mb2_error err;

	memset(out, 0, sizeof(*out));
	out->cmdline = "";
	out->loader_name = "";
	if (!mbi)
		return MB2_ERR_NULL;
	if (limit < MB2_HEADER_SIZE)
		return MB2_ERR_TOTAL_SIZE;
	total = read_u32(base);
	if (total < MB2_HEADER_SIZE + MB2_TAG_HEADER_SIZE || total > limit)
		return MB2_ERR_TOTAL_SIZE;

	for (off = MB2_HEADER_SIZE; off < total && !have_end;
	     off += (read_u32(base + off + 4) + 7) & ~7u) {
		const uint8_t *tag = base + off;
		uint32_t type, size;

		if (total - off < MB2_TAG_HEADER_SIZE)
			return MB2_ERR_TAG_TRUNCATED;
		type = read_u32(tag);
		size = read_u32(tag + 4);
		if (size < MB2_TAG_HEADER_SIZE || size > total - off)
			return MB2_ERR_TAG_SIZE;

		switch (type) {
		case MB2_TAG_END:
			have_end = 1;
			break;
		case MB2_TAG_CMDLINE:
			out->cmdline = tag_string(tag, size);
			if (!out->cmdline)
				return MB2_ERR_STRING;
			break;
		case MB2_TAG_LOADER_NAME:
			out->loader_name = tag_string(tag, size);
			if (!out->loader_name)
				return MB2_ERR_STRING;
			break;
		case MB2_TAG_MODULE:
			err = parse_module(tag, size, out);
			if (err)
				return err;
			break;
		case MB2_TAG_MMAP:
			err = parse_mmap(tag, size, out);
			if (err)
				return err;
			have_mmap = 1;
			break;
		default:
			break;	/* tags we do not use are skipped by size */
		}
	}
	if (!have_end)
		return MB2_ERR_NO_END_TAG;
	if (!have_mmap)
		return MB2_ERR_NO_MMAP;
	return sort_and_check_regions(out);
}

uint64_t mb2_available_bytes(const struct mb2_info *info)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < info->nr_regions; i++)
		if (info->regions[i].type == MB2_MEM_AVAILABLE)
			sum += info->regions[i].len;
	return sum;
}

const char *mb2_strerror(enum mb2_error err)
{
	static const char *const names[] = {
		[MB2_OK] = "ok",
		[MB2_ERR_NULL] = "no boot information",
		[MB2_ERR_TOTAL_SIZE] = "total_size out of bounds",
		[MB2_ERR_TAG_TRUNCATED] = "tag header truncated",
		[MB2_ERR_TAG_SIZE] = "tag size out of bounds",
		[MB2_ERR_NO_END_TAG] = "no end tag",
		[MB2_ERR_STRING] = "string tag not NUL-terminated",
		[MB2_ERR_MMAP_ENTRY] = "bad memory-map entry size",
		[MB2_ERR_MMAP_COUNT] = "too many memory-map regions",
		[MB2_ERR_NO_MMAP] = "no memory map",
		[MB2_ERR_MMAP_OVERLAP] = "memory-map regions overlap",
		[MB2_ERR_MMAP_WRAP] = "memory-map region wraps around",
		[MB2_ERR_MODULE_SIZE] = "module tag too short",
		[MB2_ERR_MODULE_RANGE] = "module ends before it starts",
		[MB2_ERR_MODULE_COUNT] = "too many modules",
	};

	if ((unsigned int)err < sizeof(names) / sizeof(names[0]) && names[err])
		return names[err];
	return "unknown error";
}
