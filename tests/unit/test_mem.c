/*
 * test_mem.c - the host page pool (src/lib/mem.c) never hands out the
 * boot modules GRUB placed in available RAM, nor what lies below the
 * reserved end; ranges split around modules stay page-aligned.
 *
 * mem_init() only records ranges and reserves the heap's place (no
 * memory is touched), so fake physical addresses do.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mem.h"

static struct mb2_info info;

static void region(uint64_t base, uint64_t len)
{
	info.regions[info.nr_regions++] = (struct mb2_region){
		base, len, MB2_MEM_AVAILABLE };
}

static void module(uint64_t start, uint64_t end)
{
	info.modules[info.nr_modules++] = (struct mb2_module){
		start, end, "" };
}

/* Every kept range lies inside an available region, above @reserved,
 * page-aligned, and clear of every module (rounded out to pages). */
static void assert_pool_clear(uint64_t reserved)
{
	uint64_t base, end;
	unsigned int i, j;

	for (i = 0; !mem_range(i, &base, &end); i++) {
		assert_true(base < end);
		assert_true(base >= reserved);
		assert_int_equal(base % PAGE_SIZE, 0);
		assert_int_equal(end % PAGE_SIZE, 0);
		for (j = 0; j < info.nr_modules; j++) {
			uint64_t ms = info.modules[j].start & ~(PAGE_SIZE - 1);
			uint64_t me = (info.modules[j].end + PAGE_SIZE - 1) &
				      ~(PAGE_SIZE - 1);

			assert_true(end <= ms || base >= me);
		}
	}
}

static uint64_t pool_bytes(void)
{
	uint64_t base, end, n = 0;
	unsigned int i;

	for (i = 0; !mem_range(i, &base, &end); i++)
		n += end - base;
	return n;
}

static void test_modules_reserved(void **state)
{
	(void)state;
	memset(&info, 0, sizeof(info));
	region(0, 0x9fc00);
	region(0x100000, 0x7f00000);		/* 1 MiB .. 128 MiB */
	module(0x400000, 0x600123);		/* the image, unaligned end */
	module(0x700800, 0x700900);		/* a module inside one page */
	module(0x7fff000, 0x8000000);		/* the region's last page */
	assert_int_equal(mem_init(&info, 0x200000), 0);
	assert_pool_clear(0x200000);
	/* [2M,4M) + [0x601000,0x700000) + [0x701000,0x7fff000) */
	assert_int_equal(pool_bytes(), 0x200000 + 0xff000 + 0x78fe000);
}

/* Modules in any order: the part below a later-listed module is cut
 * around it too. */
static void test_modules_any_order(void **state)
{
	(void)state;
	memset(&info, 0, sizeof(info));
	region(0x100000, 0x7f00000);
	module(0x6000000, 0x6100000);
	module(0x1000000, 0x1000001);
	module(0x3000000, 0x3200000);
	assert_int_equal(mem_init(&info, 0x200000), 0);
	assert_pool_clear(0x200000);
	assert_int_equal(pool_bytes(), 0x8000000 - 0x200000 - 0x100000 -
			 0x1000 - 0x200000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modules_reserved),
		cmocka_unit_test(test_modules_any_order),
	};

	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
