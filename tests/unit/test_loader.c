/*
 * test_loader.c - format detection, the Multiboot v1 loader and the ELF
 * checks on hand-built good and malformed images: a refused image names
 * its defect and leaves guest RAM untouched; a good one is entered as the
 * Multiboot specification 0.6.96 says, its info block parsed back.
 */
#include "loader_harness.h"

#define K_TEXT	0x200000ull
#define K_DATA	0x210000ull
#define K_ENTRY	(K_TEXT + 0x10)

/* A Multiboot ELF32 kernel: text with a bss tail, data with a bss. */
static void good_mb1_elf32(void)
{
	elf_hdr(0, 3, K_ENTRY, 2);
	elf_ph(0, 1, PF_R | PF_XX, 0x1000, K_TEXT, 0x200, 0x1000);
	elf_ph(1, 1, PF_R | PF_W, 0x1200, K_DATA, 0x10, 0x2000);
	mb1_hdr(0x80, 0x3);
}

static void good_mb1_elf64(void)
{
	elf_hdr(1, 62, K_ENTRY, 1);
	elf_ph(0, 1, PF_R | PF_XX, 0x1000, K_TEXT, 0x200, 0x1000);
	mb1_hdr(0x100, 0x2);
}

/* The a.out kludge: the file is loaded whole from load_addr. */
#define AOUT_BASE	0x100000u
#define AOUT_HDR	0x40u
static void good_mb1_aout(void)
{
	fill(0, 0x400, 9);
	mb1_hdr(AOUT_HDR, 0x10003);
	mb1_aout(AOUT_HDR, AOUT_BASE + AOUT_HDR, AOUT_BASE, AOUT_BASE + 0x400,
		 AOUT_BASE + 0x3000, AOUT_BASE + 0x80);
}

static void assert_all(uint64_t gpa, uint64_t len, uint8_t v)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if (ram[gpa + i] != v)
			fail_msg("ram[0x%lx] = 0x%x, want 0x%x", gpa + i,
				 ram[gpa + i], v);
}

static void assert_segment(uint64_t gpa, uint64_t off, uint64_t filesz,
			   uint64_t memsz)
{
	assert_memory_equal(ram + gpa, im.b + off, filesz);
	assert_all(gpa + filesz, memsz - filesz, 0);
}

/* Parse the Multiboot v1 info at ent.rbx back (3.3). */
static void check_mb1_info(uint64_t img_end)
{
	uint64_t mbi = ent.rbx, mods, mmap;
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(ram_size, r), i;

	assert_int_equal(ent.rax, 0x2BADB002);
	assert_int_equal(mbi % 8, 0);
	assert_true(mbi >= img_end && mbi < ram_size);
	assert_int_equal(ram32(mbi) & 0x24d, 0x24d);	/* 0,2,3,6,9 */
	assert_int_equal(ram32(mbi + 4), PC_LOW_RAM_END >> 10);
	assert_int_equal(ram32(mbi + 8), (ram_size - PC_HIGH_RAM_BASE) >> 10);
	assert_string_equal((char *)ram + ram32(mbi + 16), im.cmdline);
	assert_string_equal((char *)ram + ram32(mbi + 64), "vmm");
	assert_int_equal(ram32(mbi + 20), im.nr_mods);
	mods = ram32(mbi + 24);
	for (i = 0; i < im.nr_mods; i++) {
		uint32_t start = ram32(mods + 16 * i);
		uint32_t end = ram32(mods + 16 * i + 4);

		assert_int_equal(start % 4096, 0);
		assert_true(start >= img_end);
		assert_int_equal(end - start, im.mods[i].size);
		assert_memory_equal(ram + start, im.mods[i].data,
				    im.mods[i].size);
		assert_string_equal((char *)ram + ram32(mods + 16 * i + 8),
				    im.mods[i].string);
		if (i)
			assert_true(start >= ram32(mods + 16 * (i - 1) + 4));
	}
	assert_int_equal(ram32(mbi + 44), n * 24);
	mmap = ram32(mbi + 48);
	for (i = 0; i < n; i++) {
		assert_int_equal(ram32(mmap + 24 * i), 20);
		assert_int_equal(ram64(mmap + 24 * i + 4), r[i].base);
		assert_int_equal(ram64(mmap + 24 * i + 12), r[i].len);
		assert_int_equal(ram32(mmap + 24 * i + 20), r[i].type);
	}
	assert_true(ent.rsp > mbi && ent.rsp <= ram_size);
	assert_int_equal(ent.rsp % 16, 0);
	assert_int_equal(ent.hi, ent.rsp);
}

static void test_mb1_elf32(void **s UNUSED)
{
	good_mb1_elf32();
	add_module("first module\n", "mod1 arg=1");
	add_module("2", "mod2");
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_MULTIBOOT1);
	assert_int_equal(ent.mode, ENTRY_PROT32);
	assert_int_equal(ent.rip, K_ENTRY);
	assert_int_equal(ent.lo, K_TEXT);
	assert_segment(K_TEXT, 0x1000, 0x200, 0x1000);
	assert_segment(K_DATA, 0x1200, 0x10, 0x2000);
	check_mb1_info(K_DATA + 0x2000);
}

static void test_mb1_elf64(void **s UNUSED)
{
	good_mb1_elf64();
	expect_loaded();
	assert_int_equal(ent.mode, ENTRY_PROT32);
	assert_int_equal(ent.rip, K_ENTRY);
	assert_segment(K_TEXT, 0x1000, 0x200, 0x1000);
	check_mb1_info(K_TEXT + 0x1000);
}

/* e_entry is virtual: moved to the physical address (QEMU's load_elf). */
static void test_mb1_entry_translated(void **s UNUSED)
{
	good_mb1_elf32();
	ph_set(0, P_VADDR, 0xc0200000);
	put32(24, 0xc0200010);
	expect_loaded();
	assert_int_equal(ent.rip, K_ENTRY);
}

static void test_mb1_aout(void **s UNUSED)
{
	good_mb1_aout();
	add_module("m", "m");
	expect_loaded();
	assert_int_equal(ent.rip, AOUT_BASE + 0x80);
	assert_segment(AOUT_BASE, 0, 0x400, 0x3000);
	check_mb1_info(AOUT_BASE + 0x3000);
}

/* Flag 2 (video mode) is accepted and ignored, as QEMU does. */
static void test_mb1_video_bit_ignored(void **s UNUSED)
{
	good_mb1_elf32();
	mb1_hdr(0x80, 0x7);
	expect_loaded();
	assert_int_equal(ram32(ent.rbx) & (3u << 11), 0);
}

/* Both headers: v1 wins, as under QEMU -kernel. */
static void test_mb1_wins_over_mb2(void **s UNUSED)
{
	good_mb1_elf32();
	mb2_begin(0x400);
	mb2_end();
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_MULTIBOOT1);
}

static void test_flat(void **s UNUSED)
{
	im.flat = 1;
	mb1_hdr(0, 3);		/* declared flat: its bytes do not matter */
	fill(12, 500, 3);
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_FLAT);
	assert_int_equal(ent.mode, ENTRY_REAL16);
	assert_int_equal(ent.rip, 0x8000);
	assert_int_equal(ent.rsp, 0x7000);
	assert_memory_equal(ram + 0x8000, im.b, im.len);
}

#define REFUSE(name, build, msg)				\
	static void name(void **s UNUSED)				\
	{							\
		build;						\
		expect_refused(msg);				\
	}

/* Detection. */
REFUSE(test_no_header, fill(0, 0x3000, 1),
       "no Multiboot header in the first 8192 bytes and no ELF magic")
REFUSE(test_empty, (void)0, "empty image")
REFUSE(test_mb1_past_8192, (fill(0, 0x3000, 1), mb1_hdr(8192, 3)),
       "no Multiboot header")
REFUSE(test_mb1_unaligned, (fill(0, 0x3000, 1), mb1_hdr(0x82, 3)),
       "no Multiboot header")
REFUSE(test_mb1_bad_checksum, (good_mb1_elf32(), put32(0x88, 0x1234)),
       "Multiboot header at 0x80: checksum 0x1234")
REFUSE(test_mb2_bad_checksum, (mb2_begin(0x40), mb2_end(),
			       put32(0x4c, 7)),
       "Multiboot2 header at 0x40: checksum 0x7")
REFUSE(test_elf32_plain, (good_mb1_elf32(), put32(0x80, 0)),
       "ELF class 1 image without a Multiboot header")
REFUSE(test_small_ram, (good_mb1_elf32(), ram_size = 0x80000),
       "guest RAM of 524288 bytes")

/* Multiboot v1 header. */
REFUSE(test_mb1_required_bit, (good_mb1_elf32(), mb1_hdr(0x80, 0x9)),
       "requires flag bit 3")
REFUSE(test_mb1_required_bit15, (good_mb1_elf32(), mb1_hdr(0x80, 0x8003)),
       "requires flag bit 15")
REFUSE(test_mb1_no_elf, (fill(0, 0x400, 1), mb1_hdr(0x40, 3)),
       "without flag 16 (address fields) and no ELF magic")
REFUSE(test_aout_cut, (fill(0, 0x2000, 1), mb1_hdr(8192 - 16, 0x10000)),
       "flag 16 but its address fields run past")
REFUSE(test_aout_load_above_header, (good_mb1_aout(),
       mb1_aout(AOUT_HDR, AOUT_BASE, AOUT_BASE + 8, 0, 0, AOUT_BASE + 8)),
       "load_addr 0x100008 above header_addr 0x100000")
REFUSE(test_aout_before_file, (good_mb1_aout(),
       mb1_aout(AOUT_HDR, AOUT_BASE + 0x1000, AOUT_BASE, 0, 0, AOUT_BASE)),
       "reaches before the file's start")
REFUSE(test_aout_end_below_load, (good_mb1_aout(),
       mb1_aout(AOUT_HDR, AOUT_BASE + AOUT_HDR, AOUT_BASE, AOUT_BASE - 1, 0,
		AOUT_BASE)),
       "load_end_addr 0xfffff below load_addr 0x100000")
REFUSE(test_aout_past_file, (good_mb1_aout(),
       mb1_aout(AOUT_HDR, AOUT_BASE + AOUT_HDR, AOUT_BASE, AOUT_BASE + 0x401,
		0, AOUT_BASE)),
       "load_end_addr 0x100401 - load_addr 0x100000 runs past the file")
REFUSE(test_aout_bss_below_end, (good_mb1_aout(),
       mb1_aout(AOUT_HDR, AOUT_BASE + AOUT_HDR, AOUT_BASE, AOUT_BASE + 0x400,
		AOUT_BASE + 0x3ff, AOUT_BASE)),
       "bss_end_addr 0x1003ff below the loaded end 0x100400")
REFUSE(test_aout_entry_outside, (good_mb1_aout(),
       mb1_aout(AOUT_HDR, AOUT_BASE + AOUT_HDR, AOUT_BASE, AOUT_BASE + 0x400,
		0, AOUT_BASE + 0x400)),
       "entry 0x100400 is outside every loaded executable segment")

/* ELF headers (Solo5's tenders/common/elf.c checks, and ours). */
REFUSE(test_elf_class, (good_mb1_elf32(), put8(4, 3)), "ELF class 3")
REFUSE(test_elf_data, (good_mb1_elf32(), put8(5, 2)),
       "ELF data encoding 2")
REFUSE(test_elf_version, (good_mb1_elf32(), put32(20, 2)),
       "ELF version 2")
REFUSE(test_elf_type, (good_mb1_elf32(), put16(16, 3)),
       "ELF type 3 is not ET_EXEC")
REFUSE(test_elf_machine, (good_mb1_elf32(), put16(18, 62)),
       "ELF32 machine 62 is not i386")
REFUSE(test_elf64_machine, (good_mb1_elf64(), put16(18, 3)),
       "ELF64 machine 3 is not x86-64")
REFUSE(test_elf_short, (put32(0, 0x464c457f), put8(4, 1), mb1_hdr(8, 3)),
       "shorter than its ELF header")
REFUSE(test_elf_phentsize, (good_mb1_elf32(), put16(42, 31)),
       "e_phentsize 31 is not 32")
REFUSE(test_elf_phnum0, (good_mb1_elf32(), put16(44, 0)),
       "e_phnum 0 is not in 1..64")
REFUSE(test_elf_phnum_big, (good_mb1_elf32(), put16(44, 65)),
       "e_phnum 65 is not in 1..64")
REFUSE(test_elf_phdrs_past, (good_mb1_elf32(), put32(28, 0x1200)),
       "program headers at e_phoff 0x1200 (2 of 32 bytes) run past")
REFUSE(test_elf64_phoff_huge, (good_mb1_elf64(),
			       put64(32, 0xffffffffffffffc0ull)),
       "e_phoff 0xffffffffffffffc0")
REFUSE(test_elf_offset_past, (good_mb1_elf32(), ph_set(1, P_OFFSET, 0x1201)),
       "program header 1: p_offset 0x1201 + p_filesz 0x10 runs past")
REFUSE(test_elf64_offset_overflow, (good_mb1_elf64(),
	ph_set(0, P_OFFSET, 0xffffffffffffff00ull)),
       "p_offset 0xffffffffffffff00 + p_filesz 0x200 runs past")
REFUSE(test_elf_filesz_gt_memsz, (good_mb1_elf32(), ph_set(1, P_MEMSZ, 8)),
       "program header 1: p_filesz 0x10 > p_memsz 0x8")
REFUSE(test_elf64_paddr_overflow, (good_mb1_elf64(),
	ph_set(0, P_PADDR, 0xfffffffffffff000ull)),
       "p_paddr 0xfffffffffffff000 + p_memsz 0x1000 overflows")
REFUSE(test_elf_no_load, (good_mb1_elf32(), ph_set(0, P_TYPE, 4),
			  ph_set(1, P_TYPE, 4)),
       "no PT_LOAD segment")
REFUSE(test_elf_entry_not_exec, (good_mb1_elf32(), put32(24, K_DATA)),
       "entry 0x210000 is outside every loaded executable segment")
REFUSE(test_elf_entry_in_bss, (good_mb1_elf32(), put32(24, K_TEXT + 0x200)),
       "entry 0x200200 is outside")
REFUSE(test_elf_past_ram, (good_mb1_elf32(), ph_set(1, P_PADDR, 0x7ff000),
			   ph_set(1, P_VADDR, 0x7ff000)),
       "segment 1 [0x7ff000, 0x801000) ends past guest RAM (0x800000)")
REFUSE(test_elf_past_4g, (good_mb1_elf64(), ram_size = 8ull << 30,
	ph_set(0, P_PADDR, 0xfffff000ull), ph_set(0, P_VADDR, 0xfffff000ull),
	ph_set(0, P_MEMSZ, 0x2000), put64(24, 0xfffff010ull)),
       "segment 0 [0xfffff000, 0x100001000) ends past 4 GiB")
REFUSE(test_elf_overlap, (good_mb1_elf32(), ph_set(1, P_PADDR, K_TEXT + 0xfff)),
       "segment 1 [0x200fff, 0x202fff) overlaps segment 0 at 0x200000")
REFUSE(test_elf_reserved, (good_mb1_elf32(), ph_set(1, P_PADDR, 0x9f000)),
       "segment 1 [0x9f000, 0xa1000) overlaps the reserved PC range "
       "[0x9fc00, 0x100000)")
REFUSE(test_elf_bios, (good_mb1_elf32(), ph_set(1, P_PADDR, 0xfffff)),
       "overlaps the reserved PC range")
REFUSE(test_elf_page0, (good_mb1_elf32(), ph_set(1, P_PADDR, 0xfff)),
       "segment 1 at 0xfff overlaps page 0")

static void many_segments(void)
{
	unsigned int i;

	elf_hdr(0, 3, K_ENTRY, 17);
	for (i = 0; i < 17; i++)
		elf_ph(i, 1, PF_R | PF_XX, 0x1000 + i * 0x10,
		       K_TEXT + i * 0x1000, 0x10, 0x10);
	mb1_hdr(0x400, 3);
}
REFUSE(test_elf_too_many_segments, many_segments(),
       "more than 16 PT_LOAD segments")

/* Low RAM above page 0 is allowed for segments. */
static void test_elf_low_ram_ok(void **s UNUSED)
{
	good_mb1_elf32();
	ph_set(1, P_PADDR, 0x1000);
	expect_loaded();
	assert_segment(0x1000, 0x1200, 0x10, 0x2000);
	/* The info and modules still go above 1 MiB and the image. */
	assert_true(ent.rbx >= K_TEXT + 0x1000);
}

/* Placement: modules, info and stack must fit in RAM. */
static char big_module[0x7ff000];
REFUSE(test_module_too_big, (good_mb1_elf32(),
	memset(big_module, 'x', sizeof(big_module) - 1),
	add_module(big_module, "big")),
       "module 0 of 0x7fefff bytes does not fit at 0x212000 below 0x800000")
REFUSE(test_no_room_for_stack, (good_mb1_elf32(),
	memset(big_module, 'x', sizeof(big_module) - 1),
	big_module[0x5ec000] = 0, add_module(big_module, "big")),
       "boot stack 0 of 0x4000 bytes does not fit")

/* The flat blob keeps today's limits. */
REFUSE(test_flat_too_big, (im.flat = 1, fill(0, 0x98001, 1)),
       "flat image of 622593 bytes does not fit between 0x8000 and 0xa0000")
REFUSE(test_flat_past_ram, (im.flat = 1, fill(0, 0x1000, 1),
			    ram_size = 0x8800),
       "image ends past guest RAM")
REFUSE(test_flat_modules, (im.flat = 1, fill(0, 0x1000, 1),
			   add_module("x", "x")),
       "flat image given 1 modules")

#define T(f) cmocka_unit_test_setup(f, ram_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mb1_elf32), T(test_mb1_elf64),
		T(test_mb1_entry_translated), T(test_mb1_aout),
		T(test_mb1_video_bit_ignored), T(test_mb1_wins_over_mb2),
		T(test_flat), T(test_no_header), T(test_empty),
		T(test_mb1_past_8192), T(test_mb1_unaligned),
		T(test_mb1_bad_checksum), T(test_mb2_bad_checksum),
		T(test_elf32_plain), T(test_small_ram),
		T(test_mb1_required_bit), T(test_mb1_required_bit15),
		T(test_mb1_no_elf), T(test_aout_cut),
		T(test_aout_load_above_header), T(test_aout_before_file),
		T(test_aout_end_below_load), T(test_aout_past_file),
		T(test_aout_bss_below_end), T(test_aout_entry_outside),
		T(test_elf_class), T(test_elf_data), T(test_elf_version),
		T(test_elf_type), T(test_elf_machine), T(test_elf64_machine),
		T(test_elf_short), T(test_elf_phentsize), T(test_elf_phnum0),
		T(test_elf_phnum_big), T(test_elf_phdrs_past),
		T(test_elf64_phoff_huge), T(test_elf_offset_past),
		T(test_elf64_offset_overflow), T(test_elf_filesz_gt_memsz),
		T(test_elf64_paddr_overflow), T(test_elf_no_load),
		T(test_elf_entry_not_exec), T(test_elf_entry_in_bss),
		T(test_elf_past_ram), T(test_elf_past_4g), T(test_elf_overlap),
		T(test_elf_reserved), T(test_elf_bios), T(test_elf_page0),
		T(test_elf_too_many_segments), T(test_elf_low_ram_ok),
		T(test_module_too_big), T(test_no_room_for_stack),
		T(test_flat_too_big), T(test_flat_past_ram),
		T(test_flat_modules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
