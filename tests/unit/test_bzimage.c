/*
 * test_bzimage.c - the Linux boot protocol's 64-bit entry
 * (src/loader/bzimage.c) on hand-made bzImages: where the kernel and its
 * initramfs go, the zero page and GDT the protocol asks for, and each
 * header check refused with a message naming it, before any write.
 */
#include "loader_harness.h"

#define SETUP_SECTS	4
#define KERNEL_OFF	((SETUP_SECTS + 1) * 512)
#define KERNEL_LEN	0x3000
#define PREF		0x400000ull
#define INIT_SIZE	0x100000
#define ZERO_PAGE	0x7000
#define CMDLINE		0x8000

/* Protocol 2.15, 64-bit, relocatable, 2 MiB aligned, as Debian's 6.1. */
static void good_bz(void)
{
	put8(0x1f1, SETUP_SECTS);
	put16(0x1fe, 0xaa55);
	put8(0x200, 0xeb);
	put8(0x201, 0x6a);			/* header ends at 0x26c */
	put32(0x202, 0x53726448);		/* "HdrS" */
	put16(0x206, 0x020f);
	put8(0x211, 0x01);			/* LOADED_HIGH */
	put32(0x214, 0x100000);
	put32(0x22c, 0x7fffffff);
	put32(0x230, 0x200000);
	put8(0x234, 1);
	put8(0x235, 21);
	put16(0x236, 0x7f);
	put32(0x238, 2047);
	put64(0x258, PREF);
	put32(0x260, INIT_SIZE);
	fill(KERNEL_OFF, KERNEL_LEN, 0x42);
}

static void test_loads(void **s UNUSED)
{
	good_bz();
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_BZIMAGE);
	assert_int_equal(ent.mode, ENTRY_LONG64);
	assert_int_equal(ent.rip, PREF + 0x200);
	assert_int_equal(ent.rsi, ZERO_PAGE);
	assert_int_equal(ent.cs, 0x10);
	assert_int_equal(ent.ds, 0x18);
	assert_int_equal(ent.cr3, PC_BOOTPT_BASE);
	assert_int_equal(ram64(ent.gdt_base + 0x10), 0x00af9a000000ffffull);
	assert_int_equal(ram64(ent.gdt_base + 0x18), 0x00cf92000000ffffull);
	assert_memory_equal(ram + PREF, im.b + KERNEL_OFF, KERNEL_LEN);
	/* The zero page: the header as the file has it, then ours. */
	assert_memory_equal(ram + ZERO_PAGE + 0x1f1, im.b + 0x1f1,
			    0x210 - 0x1f1);
	assert_memory_equal(ram + ZERO_PAGE + 0x22c, im.b + 0x22c,
			    0x26c - 0x22c);
	assert_int_equal(ram32(ZERO_PAGE + 0x202), 0x53726448);
	assert_int_equal(ram[ZERO_PAGE + 0x210], 0xff);
	assert_int_equal(ram32(ZERO_PAGE + 0x228), CMDLINE);
	assert_string_equal((char *)ram + CMDLINE, "console=ttyS0");
	assert_int_equal(ram32(ZERO_PAGE + 0x218), 0);
	assert_int_equal(ram32(ZERO_PAGE + 0x21c), 0);
	assert_int_equal(ram32(ZERO_PAGE), 0);	/* screen_info: empty */
	/* E820: low RAM, EBDA, BIOS and ACPI, RAM from 1 MiB. */
	assert_int_equal(ram[ZERO_PAGE + 0x1e8], 4);
	assert_int_equal(ram64(ZERO_PAGE + 0x2d0), 0);
	assert_int_equal(ram64(ZERO_PAGE + 0x2d8), 0x9fc00);
	assert_int_equal(ram32(ZERO_PAGE + 0x2e0), 1);
	assert_int_equal(ram64(ZERO_PAGE + 0x2d0 + 60), 0x100000);
	assert_int_equal(ram64(ZERO_PAGE + 0x2d0 + 68), RAM_SIZE - 0x100000);
	assert_int_equal(ram32(ZERO_PAGE + 0x2d0 + 76), 1);
	assert_int_equal(ent.lo, PREF);
	assert_int_equal(ent.hi, PREF + INIT_SIZE);
}

static const char initramfs[] = "070701 an initramfs of a few bytes";

static void test_initramfs_high(void **s UNUSED)
{
	uint64_t at;

	good_bz();
	add_module(initramfs, "initrd.cpio");
	expect_loaded();
	at = ram32(ZERO_PAGE + 0x218);
	assert_int_equal(ram32(ZERO_PAGE + 0x21c), strlen(initramfs));
	assert_int_equal(at, (RAM_SIZE - strlen(initramfs)) & ~0xfffull);
	assert_memory_equal(ram + at, initramfs, strlen(initramfs));
	assert_int_equal(ent.hi, at + strlen(initramfs));
}

static void test_initramfs_below_addr_max(void **s UNUSED)
{
	good_bz();
	put32(0x22c, 0x5fffff);
	add_module(initramfs, "initrd.cpio");
	expect_loaded();
	assert_int_equal(ram32(ZERO_PAGE + 0x218), 0x5ff000);
}

/* pref_address past RAM: the first 2 MiB boundary above 1 MiB. */
static void test_relocated(void **s UNUSED)
{
	good_bz();
	put64(0x258, 0x1000000);
	expect_loaded();
	assert_int_equal(ent.rip, 0x200000 + 0x200);
	assert_memory_equal(ram + 0x200000, im.b + KERNEL_OFF, KERNEL_LEN);
}

static void test_setup_sects_zero_means_four(void **s UNUSED)
{
	good_bz();
	put8(0x1f1, 0);
	expect_loaded();
	assert_memory_equal(ram + PREF, im.b + KERNEL_OFF, KERNEL_LEN);
}

#define REFUSED(name, substr, ...)					\
	static void name(void **s UNUSED)				\
	{								\
		good_bz();						\
		__VA_ARGS__;						\
		expect_refused(substr);					\
	}

REFUSED(test_old_protocol, "boot protocol 2.11, older than 2.12",
	put16(0x206, 0x020b))
REFUSED(test_no_64bit, "xloadflags 0x7e lack XLF_KERNEL_64",
	put16(0x236, 0x7e))
REFUSED(test_zimage, "loadflags 0x0 lack LOADED_HIGH", put8(0x211, 0))
REFUSED(test_short_header, "the setup header's jump (0xeb 0x20) does not "
	"end it past 0x268", put8(0x201, 0x20))
REFUSED(test_setup_past_file, "200 setup sectors (102912 bytes) leave no "
	"kernel", put8(0x1f1, 200))
/* The setup sectors end where the file does: no kernel at all. */
REFUSED(test_setup_is_all, "4 setup sectors (2560 bytes) leave no kernel in "
	"2560 bytes", im.len = KERNEL_OFF)
REFUSED(test_init_size_small, "init_size 0x1000 is less than the kernel's "
	"0x3000 bytes", put32(0x260, 0x1000))
REFUSED(test_not_relocatable, "not relocatable, and init_size 0x100000 at "
	"pref_address 0x1000000 does not fit", put8(0x234, 0);
	put64(0x258, 0x1000000))
REFUSED(test_alignment, "kernel_alignment 0x3 is not a power of two",
	put64(0x258, 0x1000000); put32(0x230, 3))
REFUSED(test_too_big, "init_size 0x900000 does not fit above 0x200000",
	put32(0x260, 0x900000))
REFUSED(test_two_modules, "2 modules; Linux takes one",
	add_module(initramfs, "a"); add_module(initramfs, "b"))
REFUSED(test_initrd_too_big, "an initramfs of 21 bytes does not fit "
	"between the kernel (ends 0x500000) and 0x400010",
	put32(0x22c, 0x40000f); add_module("123456789012345678901", "i"))

REFUSED(test_initrd_empty, "the initramfs module 'initrd.cpio' is empty",
	add_module("", "initrd.cpio"))

static char long_cmdline[3000];
REFUSED(test_cmdline_long, "command line of 2049 characters, at most 2047",
	memset(long_cmdline, 'x', 2051); long_cmdline[1] = ' ';
	im.cmdline = long_cmdline)

/* Without "HdrS" the same bytes are no bzImage. */
static void test_not_bz(void **s UNUSED)
{
	good_bz();
	put32(0x202, 0);
	assert_int_equal(load(), -1);
	assert_non_null(strstr(err, "no ELF magic"));
}

#define T(f) cmocka_unit_test_setup(f, ram_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_loads), T(test_initramfs_high),
		T(test_initramfs_below_addr_max), T(test_relocated),
		T(test_setup_sects_zero_means_four), T(test_old_protocol),
		T(test_no_64bit), T(test_zimage), T(test_short_header),
		T(test_setup_past_file), T(test_setup_is_all),
		T(test_init_size_small),
		T(test_not_relocatable), T(test_alignment), T(test_too_big),
		T(test_two_modules), T(test_initrd_too_big),
		T(test_initrd_empty), T(test_cmdline_long), T(test_not_bz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
