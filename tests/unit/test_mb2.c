/*
 * test_mb2.c - the Multiboot2 parser on well-formed and malformed blocks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mb2.h"

/* A little builder for boot-information blocks. */
struct block {
	uint8_t buf[4096] __attribute__((aligned(8)));
	uint32_t len;
};

static void put32(struct block *b, uint32_t off, uint32_t v)
{
	memcpy(b->buf + off, &v, 4);
}

static void put64(struct block *b, uint32_t off, uint64_t v)
{
	memcpy(b->buf + off, &v, 8);
}

static void begin(struct block *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8;
}

static void add_tag(struct block *b, uint32_t type, const void *payload,
		    uint32_t plen)
{
	put32(b, b->len, type);
	put32(b, b->len + 4, 8 + plen);
	if (plen)
		memcpy(b->buf + b->len + 8, payload, plen);
	b->len += (8 + plen + 7) & ~7u;
}

static void add_string(struct block *b, uint32_t type, const char *s)
{
	add_tag(b, type, s, (uint32_t)strlen(s) + 1);
}

struct region { uint64_t base, len; uint32_t type; };

static void add_mmap(struct block *b, const struct region *r, unsigned int n)
{
	uint32_t off = b->len, i;

	put32(b, off, MB2_TAG_MMAP);
	put32(b, off + 4, 16 + 24 * n);
	put32(b, off + 8, 24);
	put32(b, off + 12, 0);
	for (i = 0; i < n; i++) {
		put64(b, off + 16 + 24 * i, r[i].base);
		put64(b, off + 24 + 24 * i, r[i].len);
		put32(b, off + 32 + 24 * i, r[i].type);
	}
	b->len += 16 + 24 * n;
}

static void end(struct block *b)
{
	add_tag(b, MB2_TAG_END, NULL, 0);
	put32(b, 0, b->len);
}

static const struct region pc_map[] = {
	{ 0x100000, 0x7ee0000, MB2_MEM_AVAILABLE },
	{ 0, 0x9fc00, MB2_MEM_AVAILABLE },
	{ 0x9fc00, 0x400, 2 },
	{ 0xf0000, 0x10000, 2 },
};

static void well_formed(struct block *b)
{
	begin(b);
	add_string(b, MB2_TAG_CMDLINE, "/boot/vmm.elf loglevel=3");
	add_string(b, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	add_mmap(b, pc_map, 4);
	end(b);
}

static void test_well_formed(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	well_formed(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_OK);
	assert_string_equal(info.cmdline, "/boot/vmm.elf loglevel=3");
	assert_string_equal(info.loader_name, "GRUB 2.06");
	assert_int_equal(info.nr_regions, 4);
	/* sorted by base */
	assert_int_equal(info.regions[0].base, 0);
	assert_int_equal(info.regions[1].base, 0x9fc00);
	assert_int_equal(info.regions[3].base, 0x100000);
	assert_int_equal(mb2_available_bytes(&info), 0x9fc00 + 0x7ee0000);
}

static void test_unknown_tags_skipped(void **state)
{
	struct block b;
	struct mb2_info info;
	uint8_t junk[13] = { 1, 2, 3 };

	(void)state;
	begin(&b);
	add_tag(&b, 21, junk, sizeof(junk));	/* load base address, odd size */
	add_mmap(&b, pc_map, 1);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_OK);
	assert_string_equal(info.cmdline, "");
	assert_int_equal(info.nr_regions, 1);
}

static void test_null_and_tiny(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	assert_int_equal(mb2_parse(NULL, 4096, &info), MB2_ERR_NULL);
	well_formed(&b);
	assert_int_equal(mb2_parse(b.buf, 4, &info), MB2_ERR_TOTAL_SIZE);
	put32(&b, 0, 8);	/* header only: no room for a tag */
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_TOTAL_SIZE);
}

static void test_total_size_past_limit(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	well_formed(&b);
	assert_int_equal(mb2_parse(b.buf, b.len - 1, &info),
			 MB2_ERR_TOTAL_SIZE);
}

static void test_truncated_tag(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	well_formed(&b);
	/* Cut the block 4 bytes into the end tag: its header is incomplete. */
	put32(&b, 0, b.len - 4);
	assert_int_equal(mb2_parse(b.buf, b.len, &info),
			 MB2_ERR_TAG_TRUNCATED);
}

static void test_tag_size_past_end(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	well_formed(&b);
	put32(&b, 8 + 4, 4000);	/* the command-line tag claims 4000 bytes */
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_TAG_SIZE);
	put32(&b, 8 + 4, 4);	/* smaller than its own header */
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_TAG_SIZE);
}

static void test_no_end_tag(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_mmap(&b, pc_map, 2);
	put32(&b, 0, b.len);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_NO_END_TAG);
}

static void test_string_without_nul(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_tag(&b, MB2_TAG_CMDLINE, "abcdefgh", 8);	/* no NUL */
	add_mmap(&b, pc_map, 1);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_STRING);
}

static void test_no_memory_map(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_string(&b, MB2_TAG_CMDLINE, "loglevel=1");
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_NO_MMAP);
}

static void test_overlapping_regions(void **state)
{
	static const struct region overlap[] = {
		{ 0x100000, 0x200000, MB2_MEM_AVAILABLE },
		{ 0x280000, 0x100000, 2 },	/* starts inside the first */
	};
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_mmap(&b, overlap, 2);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MMAP_OVERLAP);
}

static void test_adjacent_regions_ok(void **state)
{
	static const struct region adjacent[] = {
		{ 0x200000, 0x100000, 2 },
		{ 0x100000, 0x100000, MB2_MEM_AVAILABLE },
	};
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_mmap(&b, adjacent, 2);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_OK);
}

static void test_region_wraps(void **state)
{
	static const struct region wrap[] = {
		{ 0xfffffffffffff000ull, 0x2000, MB2_MEM_AVAILABLE },
	};
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_mmap(&b, wrap, 1);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MMAP_WRAP);
}

static void test_bad_entry_size(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	well_formed(&b);
	/* The mmap tag follows the two string tags. */
	{
		uint32_t off = 8, type, size;

		for (;;) {
			memcpy(&type, b.buf + off, 4);
			memcpy(&size, b.buf + off + 4, 4);
			if (type == MB2_TAG_MMAP)
				break;
			off += (size + 7) & ~7u;
		}
		put32(&b, off + 8, 16);	/* entries smaller than 24 bytes */
		assert_int_equal(mb2_parse(b.buf, b.len, &info),
				 MB2_ERR_MMAP_ENTRY);
		put32(&b, off + 8, 40);	/* 4 x 24 bytes do not split into 40s */
		assert_int_equal(mb2_parse(b.buf, b.len, &info),
				 MB2_ERR_MMAP_ENTRY);
	}
}

static void test_too_many_regions(void **state)
{
	struct region many[MB2_MAX_REGIONS + 1];
	struct block b;
	struct mb2_info info;
	unsigned int i;

	(void)state;
	for (i = 0; i <= MB2_MAX_REGIONS; i++)
		many[i] = (struct region){ i * 0x1000ull, 0x1000, 1 };
	begin(&b);
	add_mmap(&b, many, MB2_MAX_REGIONS + 1);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MMAP_COUNT);
}

/* A module tag: mod_start, mod_end, then @s with its NUL (or @slen
 * bytes of it, to cut the NUL off). */
static void add_module(struct block *b, uint32_t start, uint32_t end_,
		       const char *s, uint32_t slen)
{
	uint8_t p[64];

	memcpy(p, &start, 4);
	memcpy(p + 4, &end_, 4);
	memcpy(p + 8, s, slen);
	add_tag(b, MB2_TAG_MODULE, p, 8 + slen);
}

static void test_modules(void **state)
{
	struct block b;
	struct mb2_info info;

	(void)state;
	begin(&b);
	add_module(&b, 0x200000, 0x210000, "k.elf a b", 10);
	add_module(&b, 0x300000, 0x300000, "", 1);
	add_mmap(&b, pc_map, 4);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_OK);
	assert_int_equal(info.nr_modules, 2);
	assert_int_equal(info.modules[0].start, 0x200000);
	assert_int_equal(info.modules[0].end, 0x210000);
	assert_string_equal(info.modules[0].string, "k.elf a b");
	assert_int_equal(info.modules[1].start, 0x300000);
	assert_int_equal(info.modules[1].end, 0x300000);
	assert_string_equal(info.modules[1].string, "");
}

static void test_bad_modules(void **state)
{
	struct block b;
	struct mb2_info info;
	unsigned int i;

	(void)state;
	/* ends before it starts */
	begin(&b);
	add_module(&b, 0x200000, 0x1fffff, "m", 2);
	add_mmap(&b, pc_map, 4);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MODULE_RANGE);
	/* a string without its NUL inside the tag */
	begin(&b);
	add_module(&b, 0x200000, 0x200010, "abcdefgh", 8);
	add_mmap(&b, pc_map, 4);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_STRING);
	/* no room for the string at all, and not even for mod_end */
	begin(&b);
	add_module(&b, 0x200000, 0x200010, "", 0);
	add_mmap(&b, pc_map, 4);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MODULE_SIZE);
	begin(&b);
	add_tag(&b, MB2_TAG_MODULE, "\0\0\0\0", 4);
	add_mmap(&b, pc_map, 4);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MODULE_SIZE);
	/* one too many */
	begin(&b);
	for (i = 0; i <= MB2_MAX_MODULES; i++)
		add_module(&b, 0x200000, 0x200010, "", 1);
	add_mmap(&b, pc_map, 4);
	end(&b);
	assert_int_equal(mb2_parse(b.buf, b.len, &info), MB2_ERR_MODULE_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_well_formed),
		cmocka_unit_test(test_unknown_tags_skipped),
		cmocka_unit_test(test_null_and_tiny),
		cmocka_unit_test(test_total_size_past_limit),
		cmocka_unit_test(test_truncated_tag),
		cmocka_unit_test(test_tag_size_past_end),
		cmocka_unit_test(test_no_end_tag),
		cmocka_unit_test(test_string_without_nul),
		cmocka_unit_test(test_no_memory_map),
		cmocka_unit_test(test_overlapping_regions),
		cmocka_unit_test(test_adjacent_regions_ok),
		cmocka_unit_test(test_region_wraps),
		cmocka_unit_test(test_bad_entry_size),
		cmocka_unit_test(test_too_many_regions),
		cmocka_unit_test(test_modules),
		cmocka_unit_test(test_bad_modules),
	};

	return cmocka_run_group_tests_name("mb2", tests, NULL, NULL);
}
