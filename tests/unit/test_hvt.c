/*
 * test_hvt.c - the Solo5 hvt loader (src/loader/hvt.c) on hand-made
 * unikernels: the boot state solo5-hvt builds, the manifest filled in
 * from the attached devices, and each rule of the tender's ELF and
 * manifest checks refused with a message naming it, before any write.
 */
#include "loader_harness.h"

#include "hvt_abi.h"

#define PT_LOAD_	1
#define PT_NOTE_	4
#define TEXT		0x100000ull
#define RODATA		0x101000ull
#define DATA		0x102000ull
#define ENTRY		(TEXT + 0x10)
#define ABI_OFF		0x4000ull
#define MFT_OFF		0x4100ull
#define MFT_ENTRIES	3
#define MFT_DESC	(HVT_MFT1_DESC_PAD + 8 + MFT_ENTRIES * 104)
#define E(i)		(MFT_OFF + 24 + 8 + (i) * 104ull)	/* entry i */

static const struct hvt_attach devs[2] = {
	{ .name = "storage", .type = HVT_MFT_BLOCK_BASIC, .capacity = 8192,
	  .block_size = 512 },
	{ .name = "service0", .type = HVT_MFT_NET_BASIC,
	  .mac = { 2, 0, 0, 0, 0, 1 }, .mtu = 1500 },
};

static void note_hdr(uint64_t off, uint32_t descsz, uint32_t type)
{
	put32(off, HVT_NOTE_NAMESZ);
	put32(off + 4, descsz);
	put32(off + 8, type);
	memcpy(im.b + off + 12, "Solo5\0\0", 8);
	grow(off + 20);
}

static void mft_entry(unsigned int i, const char *name, uint32_t type)
{
	memset(im.b + E(i), 0, 104);
	strcpy((char *)im.b + E(i), name);
	put32(E(i) + 68, type);
}

/* Text R|X, rodata R, data+bss R|W, the ABI note and a manifest of the
 * reserved entry, block "storage" and net "service0" (both attached). */
static void good_hvt(void)
{
	elf_hdr(1, 62, ENTRY, 5);
	elf_ph(0, PT_LOAD_, PF_R | PF_XX, 0x1000, TEXT, 0x100, 0x100);
	elf_ph(1, PT_LOAD_, PF_R, 0x2000, RODATA, 0x80, 0x80);
	elf_ph(2, PT_LOAD_, PF_R | PF_W, 0x3000, DATA, 0x40, 0x2000);
	elf_ph(3, PT_NOTE_, PF_R, ABI_OFF, 0, 20 + 16, 0);
	elf_ph(4, PT_NOTE_, PF_R, MFT_OFF, 0, 20 + MFT_DESC, 0);
	ph_set(0, P_ALIGN, 0x1000);
	ph_set(1, P_ALIGN, 0x1000);
	ph_set(2, P_ALIGN, 0x1000);
	note_hdr(ABI_OFF, 16, HVT_ABI1_NOTE_TYPE);
	put32(ABI_OFF + 20, HVT_ABI_TARGET_HVT);
	put32(ABI_OFF + 24, HVT_ABI_VERSION);
	put64(ABI_OFF + 28, 0);
	note_hdr(MFT_OFF, MFT_DESC, HVT_MFT1_NOTE_TYPE);
	put32(MFT_OFF + 20, 0);
	put32(MFT_OFF + 24, HVT_MFT_VERSION);
	put32(MFT_OFF + 28, MFT_ENTRIES);
	mft_entry(0, "", HVT_MFT_RESERVED_FIRST);
	mft_entry(1, "storage", HVT_MFT_BLOCK_BASIC);
	mft_entry(2, "service0", HVT_MFT_NET_BASIC);
	im.cmdline = "app.hvt Hello_Solo5 --x=1";
	mach_att = devs;
	mach_natt = 2;
}

static int zero_ram(void **state)
{
	ram_setup(state);
	memset(ram, 0, RAM_SIZE);	/* guest RAM is demand-zero */
	return 0;
}

static void assert_zero(uint64_t gpa, uint64_t len)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		if (ram[gpa + i])
			fail_msg("RAM byte 0x%lx is 0x%x, not 0", gpa + i,
				 ram[gpa + i]);
}

static void test_boot_state(void **s UNUSED)
{
	uint64_t mft = HVT_MFT_GPA, cmd;
	unsigned int i;

	good_hvt();
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_HVT);
	assert_int_equal(ent.mode, ENTRY_LONG64);
	assert_int_equal(ent.rip, ENTRY);
	assert_int_equal(ent.rsp, RAM_SIZE - 8);
	assert_int_equal(ent.rdi, HVT_BOOT_INFO_GPA);
	assert_int_equal(ent.cr3, 0x2000);
	assert_int_equal(ent.cr0, 0x80000021);
	assert_int_equal(ent.cr4, 0x620);
	assert_int_equal(ent.gdt_base, 0x1000);
	assert_int_equal(ent.gdt_limit, 23);
	assert_int_equal(ent.cs, 0x08);
	assert_int_equal(ent.ds, 0x10);
	/* The GDT and page tables (hvt_cpu_x86_64.c). */
	assert_int_equal(ram64(0x1000), 0);
	assert_int_equal(ram64(0x1008), 0x00af99000000ffffull);
	assert_int_equal(ram64(0x1010), 0x00cf93000000ffffull);
	assert_int_equal(ram64(0x2000), 0x3003);
	assert_int_equal(ram64(0x3000), 0x4003);
	assert_int_equal(ram64(0x3008), 0);	/* 8 MiB: one PD */
	assert_int_equal(ram64(0x4000), 0x8003);
	for (i = 1; i < 4; i++)
		assert_int_equal(ram64(0x4000 + 8 * i), i * 0x200000ull | 0x83);
	assert_int_equal(ram64(0x4000 + 8 * 4), 0);	/* past RAM */
	for (i = 0; i < 16; i++)
		assert_int_equal(ram64(0x8000 + 8 * i), 0);
	for (i = 16; i < 256; i++)
		assert_int_equal(ram64(0x8000 + 8 * i), i * 0x1000ull | 1);
	for (i = 256; i < 512; i++)
		assert_int_equal(ram64(0x8000 + 8 * i), i * 0x1000ull | 3);
	/* Boot info, manifest, command line (hvt_boot_info.c). */
	cmd = mft + 8 + MFT_ENTRIES * 104;
	assert_int_equal(ram64(0x10000), RAM_SIZE);
	assert_int_equal(ram64(0x10008), DATA + 0x2000);
	assert_int_equal(ram64(0x10010), 2400000000ull);
	assert_int_equal(ram64(0x10018), cmd);
	assert_int_equal(ram64(0x10020), mft);
	assert_string_equal((char *)ram + cmd, "Hello_Solo5 --x=1");
	assert_int_equal(ram32(mft), HVT_MFT_VERSION);
	assert_int_equal(ram32(mft + 4), MFT_ENTRIES);
	assert_int_equal(ram[mft + 8 + 96], 0);
	assert_string_equal((char *)ram + mft + 8 + 104, "storage");
	assert_int_equal(ram64(mft + 8 + 104 + 72), 8192);
	assert_int_equal(ram32(mft + 8 + 104 + 80) & 0xffff, 512);
	assert_int_equal(ram[mft + 8 + 104 + 96], 1);
	assert_memory_equal(ram + mft + 8 + 208 + 72, devs[1].mac, 6);
	assert_int_equal(ram32(mft + 8 + 208 + 78) & 0xffff, 1500);
	assert_int_equal(ram[mft + 8 + 208 + 96], 1);
	/* The segments, and nothing else written. */
	assert_memory_equal(ram + TEXT, im.b + 0x1000, 0x100);
	assert_memory_equal(ram + DATA, im.b + 0x3000, 0x40);
	assert_zero(0, 0x1000);
	assert_zero(0x1018, 0x1000 - 0x18);
	assert_zero(cmd + 18, 0x100000 - cmd - 18);
	assert_zero(DATA + 0x40, RAM_SIZE - DATA - 0x40);
	/* The rights EPT gives them; the devices' handles. */
	assert_int_equal(ent.hvt.nprot, 3);
	assert_int_equal(ent.hvt.prot[0].start, TEXT);
	assert_int_equal(ent.hvt.prot[0].end, TEXT + 0x1000);
	assert_int_equal(ent.hvt.prot[0].rights, HVT_PROT_R | HVT_PROT_X);
	assert_int_equal(ent.hvt.prot[1].rights, HVT_PROT_R);
	assert_int_equal(ent.hvt.prot[2].end, DATA + 0x2000);
	assert_int_equal(ent.hvt.prot[2].rights, HVT_PROT_R | HVT_PROT_W);
	assert_int_equal(ent.hvt.nr_entries, MFT_ENTRIES);
	assert_int_equal(ent.hvt.attach[0], -1);
	assert_int_equal(ent.hvt.attach[1], 0);
	assert_int_equal(ent.hvt.attach[2], 1);
}

/* The tender skips a PT_LOAD without file data, wherever it lies. */
static void test_empty_segment_skipped(void **s UNUSED)
{
	good_hvt();
	put16(56, 6);
	elf_ph(5, PT_LOAD_, PF_R | PF_W, 0x1000, 0x2000, 0, 0x1000);
	expect_loaded();
	assert_int_equal(ram64(0x2000), 0x3003);
	assert_int_equal(ent.hvt.nprot, 3);
}

static void test_gigabytes(void **s UNUSED)
{
	good_hvt();
	ram_size = RAM_SIZE + 0x100000;	/* rounded down to 2 MiB */
	expect_loaded();
	assert_int_equal(ram64(0x10000), RAM_SIZE);
	assert_int_equal(ent.rsp, RAM_SIZE - 8);
}

#define REFUSED(name, substr, ...)					\
	static void name(void **s UNUSED)				\
	{								\
		good_hvt();						\
		__VA_ARGS__;						\
		expect_refused(substr);					\
	}

REFUSED(test_abi_version, "target 1 version 1; this hypervisor runs "
	"target 1 (hvt) version 2", put32(ABI_OFF + 24, 1))
REFUSED(test_abi_target, "target 2 version 2", put32(ABI_OFF + 20, 2))
REFUSED(test_abi_short, "ABI1 note: descriptor of 8 bytes, not 16",
	put32(ABI_OFF + 4, 8))
REFUSED(test_abi_long, "ABI1 note: descriptor of 20 bytes, not 1..16",
	put32(ABI_OFF + 4, 20))
REFUSED(test_abi_past_segment, "descriptor of 16 bytes runs past its "
	"PT_NOTE (30 bytes)", ph_set(3, P_FILESZ, 30))
REFUSED(test_abi_missing, "no Solo5 ABI1 note", put32(ABI_OFF + 8, 0x32494241))
REFUSED(test_note_too_short, "PT_NOTE of 8 bytes is shorter than a note "
	"header", ph_set(3, P_FILESZ, 8))
REFUSED(test_mft_missing, "no Solo5 MFT1 note", put32(MFT_OFF, 5))
REFUSED(test_mft_version, "manifest version 2, not 1",
	put32(MFT_OFF + 24, 2))
REFUSED(test_mft_too_many, "manifest of 65 entries, not 1..64",
	put32(MFT_OFF + 28, 65))
REFUSED(test_mft_size, "manifest of 2 entries in 320 bytes, not 216",
	put32(MFT_OFF + 28, 2))
REFUSED(test_mft_too_long, "MFT1 note: descriptor of 6672 bytes, not "
	"1..6668", put32(MFT_OFF + 4, 6672))
REFUSED(test_mft_first, "entry 0 (''): type 0x1, not the reserved first",
	put32(E(0) + 68, 1))
REFUSED(test_mft_unterminated, "manifest entry 1: name not terminated",
	memset(im.b + E(1), 'a', 68))
REFUSED(test_mft_attached, "manifest entry 2 ('service0') is already "
	"attached", im.b[E(2) + 96] = 1)
REFUSED(test_mft_type, "entry 1 ('storage'): type 0x3, not block (1) or "
	"net (2)", put32(E(1) + 68, 3))
REFUSED(test_mft_unnamed, "manifest entry 2 has no name", im.b[E(2)] = 0)
REFUSED(test_mft_duplicate, "manifest entries 1 and 2 are both 'storage'",
	strcpy((char *)im.b + E(2), "storage"); put32(E(2) + 68, 1))
REFUSED(test_not_attached, "Device 'service0' declared but not attached",
	mach_natt = 1)
REFUSED(test_undeclared, "hvt device 'service0' is attached but the "
	"manifest declares no such device", strcpy((char *)im.b + E(2), "s1"))
REFUSED(test_wrong_type, "hvt device 'storage' is declared net but attached "
	"as block", put32(E(1) + 68, HVT_MFT_NET_BASIC))
REFUSED(test_overlap, "segment 1 at 0x100800 (0x100000 after p_align) "
	"overlaps the segment before it, which ends at 0x101000",
	ph_set(1, P_VADDR, 0x100800); ph_set(1, P_PADDR, 0x100800))
REFUSED(test_descending, "segment 2 at 0x100000 is not in ascending order",
	ph_set(2, P_VADDR, TEXT); ph_set(2, P_PADDR, TEXT))
REFUSED(test_low, "segment 0 at 0xff000 (0xff000 after p_align) lies below "
	"1 MiB", ph_set(0, P_VADDR, 0xff000); ph_set(0, P_PADDR, 0xff000))
REFUSED(test_low_after_align, "(0x0 after p_align) lies below 1 MiB",
	ph_set(0, P_ALIGN, 0x200000))
REFUSED(test_align, "segment 1: p_align 0x3 is not a power of two",
	ph_set(1, P_ALIGN, 3))
REFUSED(test_unaligned, "segment 1 [0x101000, 0x101080) is not "
	"page-aligned", ph_set(1, P_ALIGN, 0x80))
REFUSED(test_wx, "segment 2 at 0x102000 asks to be writable and "
	"executable (p_flags 0x7)", ph_set(2, P_FLAGS, 7))
REFUSED(test_past_ram, "segment 2 [0x102000, 0x802000) ends past guest RAM "
	"(0x800000)", ph_set(2, P_MEMSZ, 0x700000))
REFUSED(test_vaddr_paddr, "segment 1: p_vaddr 0x101000 is not p_paddr "
	"0x201000", ph_set(1, P_PADDR, 0x201000))
REFUSED(test_entry_low, "e_entry 0xfffff lies outside [0x100000, 0x800000)",
	put64(24, 0xfffff))
REFUSED(test_entry_high, "e_entry 0x800000 lies outside", put64(24, RAM_SIZE))
REFUSED(test_ehsize, "e_ehsize 60 is not 64", put16(52, 60))
REFUSED(test_no_tsc, "the TSC rate is unknown", mach_tsc_hz = 0)
REFUSED(test_no_file_data, "no PT_LOAD segment with file data",
	ph_set(0, P_FILESZ, 0); ph_set(1, P_FILESZ, 0); ph_set(2, P_FILESZ, 0))

static const struct hvt_attach odd_disk[2] = {
	{ .name = "storage", .type = HVT_MFT_BLOCK_BASIC, .capacity = 8000,
	  .block_size = 512 },
	{ .name = "service0", .type = HVT_MFT_NET_BASIC, .mtu = 1500 },
};
REFUSED(test_capacity, "hvt block device 'storage': 8000 bytes are not a "
	"whole number of 512-byte blocks", mach_att = odd_disk)

static char long_cmdline[HVT_CMDLINE_SIZE + 16];
REFUSED(test_cmdline_long, "guest command line of 8192 characters, at most "
	"8191", memset(long_cmdline, 'x', sizeof(long_cmdline) - 1);
	long_cmdline[7] = ' '; long_cmdline[8 + 8192] = 0;
	im.cmdline = long_cmdline)

/* A plain ELF64 without Solo5 notes is not hvt. */
static void test_plain_elf64_is_not_hvt(void **s UNUSED)
{
	good_hvt();
	put32(ABI_OFF, 4);
	put32(MFT_OFF, 4);
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_ELF64);
}

#define T(f) cmocka_unit_test_setup(f, zero_ram)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_boot_state), T(test_empty_segment_skipped),
		T(test_gigabytes), T(test_abi_version), T(test_abi_target),
		T(test_abi_short), T(test_abi_long), T(test_abi_past_segment),
		T(test_abi_missing), T(test_note_too_short),
		T(test_mft_missing), T(test_mft_version),
		T(test_mft_too_many), T(test_mft_size), T(test_mft_too_long),
		T(test_mft_first), T(test_mft_unterminated),
		T(test_mft_attached), T(test_mft_type), T(test_mft_unnamed),
		T(test_mft_duplicate), T(test_not_attached),
		T(test_undeclared), T(test_wrong_type), T(test_overlap),
		T(test_descending), T(test_low), T(test_low_after_align),
		T(test_align), T(test_unaligned), T(test_wx),
		T(test_past_ram), T(test_vaddr_paddr), T(test_entry_low),
		T(test_entry_high), T(test_ehsize), T(test_no_tsc),
		T(test_no_file_data), T(test_capacity),
		T(test_cmdline_long), T(test_plain_elf64_is_not_hvt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
