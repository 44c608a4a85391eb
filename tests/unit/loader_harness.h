/*
 * loader_harness.h - what the image loaders' tests share: a guest RAM
 * that counts its writes, and builders for hand-made ELF32/ELF64 images
 * with Multiboot v1 and v2 headers. Offsets are the System V ABI's and the
 * Multiboot specifications', written out so a test reads as the spec.
 */
#ifndef LOADER_HARNESS_H
#define LOADER_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "image.h"
#include "pc_map.h"

#define UNUSED		__attribute__((unused))

#define RAM_SIZE	(8ull << 20)
#define IMG_MAX		0xa0000

static uint8_t *ram;
static uint64_t ram_size;
static unsigned int writes;

static int ram_write(void *ctx UNUSED, uint64_t gpa, const void *src,
		     size_t len)
{
	if (gpa > ram_size || len > ram_size - gpa)
		return -1;
	memcpy(ram + gpa, src, len);
	writes++;
	return 0;
}

static void img_reset(void);
static const void *mach_rsdp;
static size_t mach_rsdp_len;
static const struct hvt_attach *mach_att;
static unsigned int mach_natt;
static uint64_t mach_tsc_hz;
static struct guest_entry ent;
static char err[200];

static int ram_setup(void **state UNUSED)
{
	img_reset();
	mach_rsdp = NULL;
	mach_rsdp_len = 0;
	mach_att = NULL;
	mach_natt = 0;
	mach_tsc_hz = 2400000000ull;
	memset(&ent, 0, sizeof(ent));
	err[0] = '\0';
	if (!ram)
		ram = malloc(RAM_SIZE);
	/* Not zero: the loader must zero the bss itself. */
	memset(ram, 0xa5, RAM_SIZE);
	ram_size = RAM_SIZE;
	writes = 0;
	return 0;
}

static uint32_t ram32(uint64_t gpa)
{
	uint32_t v;

	assert_true(gpa + 4 <= ram_size);
	memcpy(&v, ram + gpa, 4);
	return v;
}

static uint64_t ram64(uint64_t gpa)
{
	return ram32(gpa) | (uint64_t)ram32(gpa + 4) << 32;
}

struct img {
	uint8_t b[IMG_MAX];
	uint64_t len;
	struct guest_module mods[4];
	unsigned int nr_mods;
	const char *cmdline;
	int flat;
};

static struct img im;

static void grow(uint64_t end)
{
	assert_true(end <= IMG_MAX);
	if (end > im.len)
		im.len = end;
}

static void put8(uint64_t off, uint8_t v)
{
	grow(off + 1);
	im.b[off] = v;
}

static void put16(uint64_t off, uint16_t v)
{
	grow(off + 2);
	memcpy(im.b + off, &v, 2);
}

static void put32(uint64_t off, uint32_t v)
{
	grow(off + 4);
	memcpy(im.b + off, &v, 4);
}

static void put64(uint64_t off, uint64_t v)
{
	grow(off + 8);
	memcpy(im.b + off, &v, 8);
}

static void fill(uint64_t off, uint64_t len, uint8_t seed)
{
	uint64_t i;

	grow(off + len);
	for (i = 0; i < len; i++)
		im.b[off + i] = (uint8_t)(seed + i * 7);
}

static void img_reset(void)
{
	memset(&im, 0, sizeof(im));
	im.cmdline = "kernel.elf console=ttyS0";
}

/* ELF header, program headers right after it (System V ABI). */
#define EH32	52
#define EH64	64
#define PH32	32
#define PH64	56
#define PF_R	4
#define PF_W	2
#define PF_XX	1

static int img64;

static UNUSED void elf_hdr(int is64, uint16_t machine, uint64_t entry,
		    unsigned int phnum)
{
	img64 = is64;
	put32(0, 0x464c457f);
	put8(4, is64 ? 2 : 1);
	put8(5, 1);
	put8(6, 1);
	put16(16, 2);			/* ET_EXEC */
	put16(18, machine);
	put32(20, 1);
	if (is64) {
		put64(24, entry);
		put64(32, EH64);
		put16(52, EH64);
		put16(54, PH64);
		put16(56, phnum);
	} else {
		put32(24, (uint32_t)entry);
		put32(28, EH32);
		put16(40, EH32);
		put16(42, PH32);
		put16(44, phnum);
	}
}

/* Offset of program header @i's field, by name. */
enum ph_field { P_TYPE, P_FLAGS, P_OFFSET, P_VADDR, P_PADDR, P_FILESZ,
		P_MEMSZ, P_ALIGN };

static uint64_t ph_off(unsigned int i, enum ph_field f)
{
	static const unsigned int o32[] = { 0, 24, 4, 8, 12, 16, 20, 28 };
	static const unsigned int o64[] = { 0, 4, 8, 16, 24, 32, 40, 48 };

	return img64 ? EH64 + i * PH64 + o64[f] : EH32 + i * PH32 + o32[f];
}

static void ph_set(unsigned int i, enum ph_field f, uint64_t v)
{
	if (f == P_TYPE || f == P_FLAGS || !img64)
		put32(ph_off(i, f), (uint32_t)v);
	else
		put64(ph_off(i, f), v);
}

static UNUSED void elf_ph(unsigned int i, uint32_t type, uint32_t flags,
		   uint64_t off, uint64_t addr, uint64_t filesz, uint64_t memsz)
{
	ph_set(i, P_TYPE, type);
	ph_set(i, P_FLAGS, flags);
	ph_set(i, P_OFFSET, off);
	ph_set(i, P_VADDR, addr);
	ph_set(i, P_PADDR, addr);
	ph_set(i, P_FILESZ, filesz);
	ph_set(i, P_MEMSZ, memsz);
	if (filesz && off + filesz <= IMG_MAX)
		fill(off, filesz, (uint8_t)(i + 1));
}

#define MB1_MAGIC	0x1BADB002u
#define MB2_MAGIC	0xE85250D6u

static UNUSED void mb1_hdr(uint64_t off, uint32_t flags)
{
	put32(off, MB1_MAGIC);
	put32(off + 4, flags);
	put32(off + 8, -(MB1_MAGIC + flags));
}

static UNUSED void mb1_aout(uint64_t off, uint32_t header_addr,
			    uint32_t load_addr, uint32_t load_end,
			    uint32_t bss_end, uint32_t entry)
{
	put32(off + 12, header_addr);
	put32(off + 16, load_addr);
	put32(off + 20, load_end);
	put32(off + 24, bss_end);
	put32(off + 28, entry);
}

/* A Multiboot2 header under construction at @off. */
static uint64_t mb2_off, mb2_pos;

static UNUSED void mb2_begin(uint64_t off)
{
	mb2_off = off;
	mb2_pos = off + 16;
}

static UNUSED void mb2_tag(uint16_t type, uint16_t flags, const uint32_t *v,
		    unsigned int n)
{
	unsigned int i;

	put16(mb2_pos, type);
	put16(mb2_pos + 2, flags);
	put32(mb2_pos + 4, 8 + 4 * n);
	for (i = 0; i < n; i++)
		put32(mb2_pos + 8 + 4 * i, v[i]);
	mb2_pos += (8 + 4 * n + 7) & ~7u;
}

static UNUSED void mb2_end(void)
{
	uint32_t len;

	mb2_tag(0, 0, NULL, 0);
	len = (uint32_t)(mb2_pos - mb2_off);
	put32(mb2_off, MB2_MAGIC);
	put32(mb2_off + 4, 0);
	put32(mb2_off + 8, len);
	put32(mb2_off + 12, -(MB2_MAGIC + len));
}

static UNUSED void add_module(const char *data, const char *string)
{
	struct guest_module *m = &im.mods[im.nr_mods++];

	m->data = (const uint8_t *)data;
	m->size = strlen(data);
	m->string = string;
}

static const uint8_t rsdp_v2[36] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ',
	0x11, 'V', 'M', 'M', 'X', 'X', 'X', 2, 0, 0, 0xe, 0, 36, 0, 0, 0,
	0x28, 0, 0xe, 0, 0, 0, 0, 0, 0x22 };

static int load(void)
{
	struct guest_image gi = {
		.data = im.b, .size = im.len, .flat_declared = im.flat,
		.cmdline = im.cmdline, .modules = im.mods,
		.nr_modules = im.nr_mods,
	};
	struct guest_machine m = {
		.ram = ram_size, .rsdp = mach_rsdp, .rsdp_len = mach_rsdp_len,
		.write = ram_write, .tsc_hz = mach_tsc_hz,
		.hvt_attach = mach_att, .nr_hvt_attach = mach_natt,
	};

	return image_load(&gi, &m, &ent, err, sizeof(err));
}

/* A refused image: the message names the defect, nothing was written. */
#define expect_refused(substr)						\
	do {								\
		assert_int_equal(load(), -1);				\
		if (!strstr(err, (substr)))				\
			fail_msg("error \"%s\" lacks \"%s\"", err, (substr)); \
		assert_int_equal(writes, 0);				\
		assert_int_equal(ent.rip, 0);				\
	} while (0)

#define expect_loaded()							\
	do {								\
		if (load())						\
			fail_msg("refused: %s", err);			\
	} while (0)

#endif
