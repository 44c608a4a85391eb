/*
 * test_loader_mb2.c - the Multiboot2 loader and the plain ELF64 loader
 * on hand-built images: header tags honoured or refused (Multiboot2
 * spec 3.1), the entry state, the boot information parsed back with the
 * hypervisor's own Multiboot2 parser (src/boot/mb2.c) and by hand, and
 * the ELF64 identity page tables walked as the CPU would (SDM vol. 3A,
 * 4.5).
 */
#include "loader_harness.h"

#include "mb2.h"

#define K_TEXT	0x200000ull
#define K_DATA	0x210000ull
#define K_ENTRY	(K_TEXT + 0x10)
#define HDR	0x80u
#define BASE	0x100000u

static void elf32_kernel(void)
{
	elf_hdr(0, 3, K_ENTRY, 2);
	elf_ph(0, 1, PF_R | PF_XX, 0x1000, K_TEXT, 0x200, 0x1000);
	elf_ph(1, 1, PF_R | PF_W, 0x1200, K_DATA, 0x10, 0x2000);
}

static void good_mb2_elf32(void)
{
	static const uint32_t req[] = { 1, 3, 4, 6 };

	elf32_kernel();
	mb2_begin(HDR);
	mb2_tag(1, 0, req, 4);
	mb2_tag(6, 0, NULL, 0);
	mb2_end();
}

/* The address and entry tags: the file loaded whole from BASE. */
static void good_mb2_aout(uint32_t load_addr)
{
	uint32_t addr[] = { BASE + HDR, load_addr, BASE + 0x400, BASE + 0x3000 };
	uint32_t entry[] = { BASE + 0x100 };

	fill(0, 0x400, 5);
	mb2_begin(HDR);
	mb2_tag(2, 0, addr, 4);
	mb2_tag(3, 0, entry, 1);
	mb2_end();
}

static uint32_t mb2_len(void)
{
	uint32_t len;

	memcpy(&len, im.b + HDR + 8, 4);
	return len;
}

/* Rewrite the checksum after a test changed a fixed field. */
static void mb2_fix(void)
{
	uint32_t arch, len;

	memcpy(&arch, im.b + HDR + 4, 4);
	memcpy(&len, im.b + HDR + 8, 4);
	put32(HDR + 12, -(MB2_MAGIC + arch + len));
}

/* The @nth tag of @type in the info at ent.rbx, or 0. */
static uint64_t find_tag(uint32_t type, unsigned int nth)
{
	uint64_t p = ent.rbx + 8, end = ent.rbx + ram32(ent.rbx);

	while (p + 8 <= end) {
		uint32_t t = ram32(p), size = ram32(p + 4);

		assert_true(size >= 8 && p + size <= end);
		if (t == type && nth-- == 0)
			return p;
		if (t == 0)
			break;
		p += (size + 7) & ~7u;
	}
	return 0;
}

static void check_mb2_info(uint64_t img_end)
{
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(ram_size, r), i;
	struct mb2_info info;
	uint64_t t, total = ram32(ent.rbx);

	assert_int_equal(ent.rax, 0x36D76289);
	assert_int_equal(ent.rbx % 8, 0);
	assert_true(ent.rbx >= img_end);
	assert_int_equal(mb2_parse(ram + ent.rbx, total, &info), MB2_OK);
	assert_string_equal(info.cmdline, im.cmdline);
	assert_string_equal(info.loader_name, "vmm");
	assert_int_equal(info.nr_regions, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(info.regions[i].base, r[i].base);
		assert_int_equal(info.regions[i].len, r[i].len);
		assert_int_equal(info.regions[i].type, r[i].type);
	}
	t = find_tag(4, 0);
	assert_true(t);
	assert_int_equal(ram32(t + 8), PC_LOW_RAM_END >> 10);
	assert_int_equal(ram32(t + 12), (ram_size - PC_HIGH_RAM_BASE) >> 10);
	for (i = 0; i < im.nr_mods; i++) {
		uint32_t start, end;

		t = find_tag(3, i);
		assert_true(t);
		start = ram32(t + 8);
		end = ram32(t + 12);
		assert_int_equal(start % 4096, 0);
		assert_true(start >= img_end);
		assert_int_equal(end - start, im.mods[i].size);
		assert_memory_equal(ram + start, im.mods[i].data,
				    im.mods[i].size);
		assert_string_equal((char *)ram + t + 16, im.mods[i].string);
	}
	assert_int_equal(find_tag(3, im.nr_mods), 0);
	/* The end tag closes the block exactly. */
	t = find_tag(0, 0);
	assert_int_equal(t + 8, ent.rbx + total);
	assert_true(ent.rsp >= ent.rbx + total && ent.rsp <= ram_size);
	assert_int_equal(ent.rsp % 16, 0);
	assert_int_equal(ent.hi, ent.rsp);
}

static void test_mb2_elf32(void **s UNUSED)
{
	uint64_t t;

	good_mb2_elf32();
	add_module("initrd bytes", "initrd.img");
	add_module("", "empty");
	add_module("third", "m3 a b c");
	mach_rsdp = rsdp_v2;
	mach_rsdp_len = sizeof(rsdp_v2);
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_MULTIBOOT2);
	assert_int_equal(ent.mode, ENTRY_PROT32);
	assert_int_equal(ent.rip, K_ENTRY);
	assert_memory_equal(ram + K_TEXT, im.b + 0x1000, 0x200);
	check_mb2_info(K_DATA + 0x2000);
	t = find_tag(14, 0);
	assert_true(t);
	assert_int_equal(ram32(t + 4), 8 + 20);
	assert_memory_equal(ram + t + 8, rsdp_v2, 20);
	t = find_tag(15, 0);
	assert_true(t);
	assert_int_equal(ram32(t + 4), 8 + 36);
	assert_memory_equal(ram + t + 8, rsdp_v2, 36);
}

static uint8_t rsdp_v1[20];

static void test_mb2_rsdp_v1(void **s UNUSED)
{
	static const uint32_t req[] = { 14 };

	elf32_kernel();
	mb2_begin(HDR);
	mb2_tag(1, 0, req, 1);
	mb2_end();
	memcpy(rsdp_v1, rsdp_v2, 20);
	rsdp_v1[15] = 0;
	mach_rsdp = rsdp_v1;
	mach_rsdp_len = sizeof(rsdp_v1);
	expect_loaded();
	assert_memory_equal(ram + find_tag(14, 0) + 8, rsdp_v1, 20);
	assert_int_equal(find_tag(15, 0), 0);
	check_mb2_info(K_DATA + 0x2000);
}

static void test_mb2_no_rsdp(void **s UNUSED)
{
	good_mb2_elf32();
	expect_loaded();
	assert_int_equal(find_tag(14, 0), 0);
	assert_int_equal(find_tag(15, 0), 0);
}

static void test_mb2_address_tag(void **s UNUSED)
{
	good_mb2_aout(BASE);
	add_module("mod", "mod");
	expect_loaded();
	assert_int_equal(ent.rip, BASE + 0x100);
	assert_int_equal(ent.lo, BASE);
	assert_memory_equal(ram + BASE, im.b, 0x400);
	for (unsigned int i = 0x400; i < 0x3000; i++)
		assert_int_equal(ram[BASE + i], 0);
	check_mb2_info(BASE + 0x3000);
}

/* load_addr -1: the file from its start (spec 3.1.5). */
static void test_mb2_load_addr_minus1(void **s UNUSED)
{
	good_mb2_aout(0xffffffffu);
	expect_loaded();
	assert_int_equal(ent.lo, BASE);
	assert_memory_equal(ram + BASE, im.b, 0x400);
}

static void test_mb2_entry_tag(void **s UNUSED)
{
	uint32_t entry[] = { K_TEXT + 0x20 };

	elf32_kernel();
	mb2_begin(HDR);
	mb2_tag(3, 0, entry, 1);
	mb2_end();
	expect_loaded();
	assert_int_equal(ent.rip, K_TEXT + 0x20);
}

/* What may be ignored is: optional tags, a framebuffer, module
 * alignment, relocation, an optional console. */
static void test_mb2_ignored_tags(void **s UNUSED)
{
	static const uint32_t fb[] = { 1024, 768, 32 };
	static const uint32_t reloc[] = { 0x100000, 0x1000000, 0x1000, 0 };
	static const uint32_t console[] = { 1 };
	static const uint32_t req[] = { 8, 5 };

	elf32_kernel();
	mb2_begin(HDR);
	mb2_tag(5, 0, fb, 3);
	mb2_tag(6, 0, NULL, 0);
	mb2_tag(10, 0, reloc, 4);
	mb2_tag(4, 1, console, 1);
	mb2_tag(1, 1, req, 2);
	mb2_tag(7, 1, NULL, 0);
	mb2_tag(9, 1, console, 1);
	mb2_tag(42, 1, NULL, 0);
	mb2_end();
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_MULTIBOOT2);
}

#define REFUSE(name, build, msg)				\
	static void name(void **s UNUSED)	\
	{							\
		build;						\
		expect_refused(msg);				\
	}

static void tag_only(uint16_t type, uint16_t flags, const uint32_t *v,
		     unsigned int n)
{
	elf32_kernel();
	mb2_begin(HDR);
	mb2_tag(type, flags, v, n);
	mb2_end();
}

static const uint32_t req_fb[] = { 1, 8 };
static const uint32_t req_acpi_old[] = { 14 };
static const uint32_t req_acpi_new[] = { 15 };
static const uint32_t console_req[] = { 1 };
static const uint32_t short_addr[] = { BASE, BASE };

REFUSE(test_mb2_arch, (good_mb2_elf32(), put32(HDR + 4, 4), mb2_fix()),
       "Multiboot2 header architecture 4 is not i386")
REFUSE(test_mb2_hlen_small, (good_mb2_elf32(), put32(HDR + 8, 16), mb2_fix()),
       "Multiboot2 header_length 16 at 0x80 is not in 24..")
REFUSE(test_mb2_hlen_past, (good_mb2_elf32(), put32(HDR + 8, 0x10000),
			    mb2_fix()),
       "Multiboot2 header_length 65536 at 0x80")
REFUSE(test_mb2_tag_small, (good_mb2_elf32(), put32(HDR + 20, 4)),
       "Multiboot2 header tag 1 at +16 of size 4, under 8")
REFUSE(test_mb2_tag_past, (good_mb2_elf32(), put32(HDR + 20, 0x100)),
       "Multiboot2 header tag 1 at +16 of size 256 runs past")
REFUSE(test_mb2_no_end_tag, (good_mb2_elf32(),
	put32(HDR + 8, mb2_len() - 8), mb2_fix()),
       "has no end tag within header_length")
REFUSE(test_mb2_req_unknown, tag_only(1, 0, req_fb, 2),
       "requires information tag 8, which this loader cannot provide")
REFUSE(test_mb2_req_acpi_none, tag_only(1, 0, req_acpi_old, 1),
       "requires information tag 14")
REFUSE(test_mb2_req_acpi_new_v1, (tag_only(1, 0, req_acpi_new, 1),
	memcpy(rsdp_v1, rsdp_v2, 20), rsdp_v1[15] = 0, mach_rsdp = rsdp_v1,
	mach_rsdp_len = 20),
       "requires information tag 15")
REFUSE(test_mb2_console, tag_only(4, 0, console_req, 1),
       "Multiboot2 header requires a console (flags 0x1)")
REFUSE(test_mb2_efi_bs, tag_only(7, 0, NULL, 0),
       "requires EFI (tag 7)")
REFUSE(test_mb2_efi32, tag_only(8, 0, console_req, 1),
       "requires EFI (tag 8)")
REFUSE(test_mb2_efi64, tag_only(9, 0, console_req, 1),
       "requires EFI (tag 9)")
REFUSE(test_mb2_unknown_tag, tag_only(42, 0, NULL, 0),
       "Multiboot2 header tag 42 is unknown and not optional")
REFUSE(test_mb2_addr_short, tag_only(2, 0, short_addr, 2),
       "Multiboot2 header tag 2 of 16 bytes, shorter than its 24")
REFUSE(test_mb2_entry_short, tag_only(3, 0, NULL, 0),
       "Multiboot2 header tag 3 of 8 bytes, shorter than its 12")
REFUSE(test_mb2_console_short, tag_only(4, 1, NULL, 0),
       "Multiboot2 header tag 4 of 8 bytes")
REFUSE(test_mb2_reloc_short, tag_only(10, 0, NULL, 0),
       "Multiboot2 header tag 10 of 8 bytes")
REFUSE(test_mb2_addr_no_entry, (good_mb2_aout(BASE), mb2_begin(HDR),
	mb2_tag(2, 0, (uint32_t[]){ BASE + HDR, BASE, 0, 0 }, 4), mb2_end()),
       "Multiboot2 address tag without an entry address tag")
REFUSE(test_mb2_minus1_before, (fill(0, 0x400, 1), mb2_begin(HDR),
	mb2_tag(2, 0, (uint32_t[]){ 0x10, 0xffffffffu, 0, 0 }, 4),
	mb2_tag(3, 0, (uint32_t[]){ 0x10 }, 1), mb2_end()),
       "Multiboot2: header_addr 0x10 below the header's file offset 0x80")
REFUSE(test_mb2_aout_past_file, (good_mb2_aout(BASE), mb2_begin(HDR),
	mb2_tag(2, 0, (uint32_t[]){ BASE + HDR, BASE, BASE + 0x401, 0 }, 4),
	mb2_tag(3, 0, (uint32_t[]){ BASE }, 1), mb2_end()),
       "Multiboot2: load_end_addr 0x100401 - load_addr 0x100000 runs past")
REFUSE(test_mb2_no_elf, (fill(0, 0x400, 1), mb2_begin(HDR), mb2_end()),
       "Multiboot2 header without an address tag and no ELF magic")
REFUSE(test_mb2_past_32k, (fill(0, 0x9000, 1), mb2_begin(32768 - 8),
			   mb2_end()),
       "no Multiboot header")
REFUSE(test_mb2_unaligned, (fill(0, 0x1000, 1), mb2_begin(0x84), mb2_end()),
       "no Multiboot header")
REFUSE(test_mb2_elf_checked, (good_mb2_elf32(), ph_set(1, P_FILESZ, 0x3000)),
       "program header 1: p_filesz 0x3000 > p_memsz 0x2000")

/* Plain ELF64: identity-linked, entered in long mode. */
#define E64_TEXT	0x400000ull
#define E64_ENTRY	(E64_TEXT + 0x10)

static void good_elf64(void)
{
	elf_hdr(1, 62, E64_ENTRY, 1);
	elf_ph(0, 1, PF_R | PF_W | PF_XX, 0x1000, E64_TEXT, 0x100, 0x2000);
}

/* The CPU's walk for a 2 MiB page (SDM vol. 3A, 4.5.4), or ~0. */
static uint64_t walk(uint64_t va)
{
	uint64_t e = ent.cr3, mask = 0x000ffffffffff000ull;
	unsigned int level, shift[] = { 39, 30, 21 };

	for (level = 0; level < 3; level++) {
		e = ram64((e & mask) + ((va >> shift[level]) & 511) * 8);
		if (!(e & 1) || !(e & 2))
			return ~0ull;
		if (level < 2 && (e & 0x80))
			return ~0ull;	/* no 1 GiB pages expected */
	}
	if (!(e & 0x80))
		return ~0ull;
	return (e & 0x000fffffffe00000ull) | (va & 0x1fffff);
}

static void test_elf64(void **s UNUSED)
{
	static const uint64_t probe[] = { 0, 0x1000, E64_ENTRY, 0x7fffffff,
					  0x80000000, 0xfee00000, 0xffffffff };
	unsigned int i;

	good_elf64();
	add_module("module data", "mod");
	expect_loaded();
	assert_int_equal(ent.format, IMAGE_ELF64);
	assert_int_equal(ent.mode, ENTRY_LONG64);
	assert_int_equal(ent.rip, E64_ENTRY);
	assert_int_equal(ent.cr3 % 4096, 0);
	assert_true(ent.cr3 >= PC_BOOTPT_BASE &&
		    ent.cr3 < PC_BOOTPT_BASE + PC_BOOTPT_SIZE);
	for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++)
		assert_int_equal(walk(probe[i]), probe[i]);
	assert_int_equal(walk(ent.rsp - 8), ent.rsp - 8);
	assert_int_equal(walk(ent.rbx), ent.rbx);
	assert_int_equal(walk(0x100000000ull), ~0ull);
	assert_memory_equal(ram + E64_TEXT, im.b + 0x1000, 0x100);
	for (i = 0x100; i < 0x2000; i++)
		assert_int_equal(ram[E64_TEXT + i], 0);
	check_mb2_info(E64_TEXT + 0x2000);
}

/* The GDT: 0x08 64-bit code (L=1, D=0), 0x10 flat data (SDM 3A 3.4.5). */
static void test_elf64_gdt(void **s UNUSED)
{
	uint64_t gdt = PC_BOOTPT_BASE + 0x6000, cs, ds;

	good_elf64();
	expect_loaded();
	cs = ram64(gdt + 8);
	ds = ram64(gdt + 16);
	assert_int_equal(ram64(gdt), 0);
	assert_true(cs & (1ull << 53));		/* L */
	assert_false(cs & (1ull << 54));	/* D */
	assert_true(cs & (1ull << 47));		/* P */
	assert_int_equal((cs >> 40) & 0x1f, 0x1a);	/* code, exec/read */
	assert_int_equal((ds >> 40) & 0x1f, 0x12);	/* data, read/write */
	assert_true(ds & (1ull << 47));
}

REFUSE(test_elf64_not_identity, (good_elf64(),
	ph_set(0, P_VADDR, 0xffffffff80400000ull),
	put64(24, 0xffffffff80400010ull)),
       "ELF64 segment 0: p_vaddr 0xffffffff80400000 is not p_paddr 0x400000")
REFUSE(test_elf64_dyn, (good_elf64(), put16(16, 3)),
       "ELF64: ELF type 3 is not ET_EXEC")
REFUSE(test_elf64_entry_outside, (good_elf64(), put64(24, E64_TEXT + 0x100)),
       "entry 0x400100 is outside every loaded executable segment")
REFUSE(test_elf64_bad_mb1_magic, (good_elf64(), put32(0x100, MB1_MAGIC)),
       "Multiboot header at 0x100: checksum 0x0")

#define T(f) cmocka_unit_test_setup(f, ram_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_mb2_elf32), T(test_mb2_rsdp_v1), T(test_mb2_no_rsdp),
		T(test_mb2_address_tag), T(test_mb2_load_addr_minus1),
		T(test_mb2_entry_tag), T(test_mb2_ignored_tags),
		T(test_mb2_arch), T(test_mb2_hlen_small),
		T(test_mb2_hlen_past), T(test_mb2_tag_small),
		T(test_mb2_tag_past), T(test_mb2_no_end_tag),
		T(test_mb2_req_unknown), T(test_mb2_req_acpi_none),
		T(test_mb2_req_acpi_new_v1), T(test_mb2_console),
		T(test_mb2_efi_bs), T(test_mb2_efi32), T(test_mb2_efi64),
		T(test_mb2_unknown_tag), T(test_mb2_addr_short),
		T(test_mb2_entry_short), T(test_mb2_console_short),
		T(test_mb2_reloc_short), T(test_mb2_addr_no_entry),
		T(test_mb2_minus1_before), T(test_mb2_aout_past_file),
		T(test_mb2_no_elf), T(test_mb2_past_32k),
		T(test_mb2_unaligned), T(test_mb2_elf_checked),
		T(test_elf64), T(test_elf64_gdt), T(test_elf64_not_identity),
		T(test_elf64_dyn), T(test_elf64_entry_outside),
		T(test_elf64_bad_mb1_magic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
