/*
 * bzimage.c - the Linux x86 boot protocol's 64-bit entry (issue 17;
 * Documentation/arch/x86/boot.rst, "The Linux/x86 Boot Protocol" and
 * "64-bit Boot Protocol"): a bzImage is detected by its setup header
 * (boot_flag 0xAA55, "HdrS"), checked, its protected-mode kernel loaded
 * at pref_address (or the lowest kernel_alignment boundary above 1 MiB
 * where init_size bytes fit), the initramfs (the one module) as high as
 * initrd_addr_max and RAM allow, and entered at the kernel + 0x200 in
 * 64-bit mode with RSI = the zero page (struct boot_params).
 *
 *   BZ_ZERO_PAGE  boot_params: the setup header copied from the file,
 *                 then type_of_loader, cmd_line_ptr, the initramfs and
 *                 the E820 table pc_memmap() gives
 *   BZ_CMDLINE    the command line: the image's, without its name (as
 *                 QEMU's -append), at most cmdline_size
 *   boot64.h      identity page tables for the first 4 GiB and a GDT
 *                 with __BOOT_CS (0x10) and __BOOT_DS (0x18), the
 *                 selectors the protocol names
 */
#include <string.h>

#include "boot64.h"
#include "load.h"
#include "pc_map.h"
#include "x86.h"

/* Offsets in the file's first sector and in boot_params (boot.rst). */
#define BZ_SETUP_SECTS		0x1f1
#define BZ_BOOT_FLAG		0x1fe
#define BZ_JUMP			0x200	/* 2 bytes: EB, header length - 2 */
#define BZ_HEADER		0x202
#define BZ_VERSION		0x206
#define BZ_TYPE_OF_LOADER	0x210
#define BZ_LOADFLAGS		0x211
#define BZ_RAMDISK_IMAGE	0x218
#define BZ_RAMDISK_SIZE		0x21c
#define BZ_CMD_LINE_PTR		0x228
#define BZ_INITRD_ADDR_MAX	0x22c
#define BZ_KERNEL_ALIGNMENT	0x230
#define BZ_RELOCATABLE		0x234
#define BZ_XLOADFLAGS		0x236
#define BZ_CMDLINE_SIZE		0x238
#define BZ_PREF_ADDRESS		0x258
#define BZ_INIT_SIZE		0x260
#define BZ_HEADER_MIN_END	0x268	/* through init_size and the
					 * handover offset, protocol 2.12 */
#define BZ_E820_ENTRIES		0x1e8
#define BZ_E820_TABLE		0x2d0
#define BZ_E820_ENTRY_SIZE	20

#define BZ_MAGIC		0x53726448u	/* "HdrS" */
#define BZ_BOOT_FLAG_MAGIC	0xaa55
#define BZ_PROTOCOL_MIN		0x020c		/* 2.12: xloadflags */
#define XLF_KERNEL_64		0x1
#define LOADED_HIGH		0x1		/* loadflags: at 1 MiB up */
#define BZ_LOADER_UNDEFINED	0xff		/* type_of_loader: no ID */
#define BZ_ENTRY_64		0x200		/* the 64-bit entry offset */
#define BZ_SETUP_SECTS_DEFAULT	4		/* when the field is 0 */
#define BZ_SECTOR		512

#define BZ_ZERO_PAGE		0x7000ull
#define BZ_CMDLINE		0x8000ull
#define BZ_CMDLINE_MAX		(LOAD_PAGE - 1)	/* one page, its NUL */
#define BZ_STACK_TOP		BZ_ZERO_PAGE	/* unused: startup_64 sets
						 * its own */

#define BOOT64_LINUX_CS		0x10	/* __BOOT_CS */
#define BOOT64_LINUX_DS		0x18	/* __BOOT_DS */

/* boot.rst's GDT for the 64-bit entry: entries 2 and 3, flat. */
static const uint64_t linux_gdt[BOOT64_GDT_ENTRIES] = {
	0, 0, DESC_CODE64, DESC_DATA,
};

int bz_find(const uint8_t *d, uint64_t size)
{
	return size >= BZ_HEADER_MIN_END &&
	       rd16(d + BZ_BOOT_FLAG) == BZ_BOOT_FLAG_MAGIC &&
	       rd32(d + BZ_HEADER) == BZ_MAGIC;
}

/* Where the kernel runs: pref_address if init_size fits there, else (a
 * relocatable kernel) the lowest kernel_alignment boundary above 1 MiB. */
static int place_kernel(struct load_plan *p, uint64_t init_size,
			uint64_t *at)
{
	const uint8_t *d = p->img->data;
	uint64_t pref = rd64(d + BZ_PREF_ADDRESS);
	uint32_t align = rd32(d + BZ_KERNEL_ALIGNMENT);

	if (pref >= PC_HIGH_RAM_BASE && pref <= p->limit &&
	    init_size <= p->limit - pref) {
		*at = pref;
		return 0;
	}
	if (!d[BZ_RELOCATABLE])
		return load_fail(p, "bzImage: not relocatable, and init_size "
				 "0x%lx at pref_address 0x%lx does not fit in "
				 "guest RAM (0x%lx)", init_size, pref,
				 p->limit);
	if (!load_power_of_two(align))
		return load_fail(p, "bzImage: kernel_alignment 0x%x is not a "
				 "power of two", align);
	*at = (PC_HIGH_RAM_BASE + align - 1) & ~(uint64_t)(align - 1);
	if (*at > p->limit || init_size > p->limit - *at)
		return load_fail(p, "bzImage: init_size 0x%lx does not fit "
				 "above 0x%lx in guest RAM (0x%lx)", init_size,
				 *at, p->limit);
	return 0;
}

/* The initramfs as high as it goes, page-aligned, above the kernel's
 * init_size and at most initrd_addr_max (its last byte's address). */
static int place_initrd(struct load_plan *p, uint64_t kernel_end,
			uint64_t *at)
{
	uint64_t size = p->img->modules[0].size;
	uint64_t top = (uint64_t)rd32(p->img->data + BZ_INITRD_ADDR_MAX) + 1;

	if (top > p->limit)
		top = p->limit;
	if (size > top || ((top - size) & ~(LOAD_PAGE - 1)) < kernel_end)
		return load_fail(p, "bzImage: an initramfs of %lu bytes does "
				 "not fit between the kernel (ends 0x%lx) and "
				 "0x%lx", size, kernel_end, top);
	*at = (top - size) & ~(LOAD_PAGE - 1);
	return 0;
}

static int write_e820(struct load_plan *p)
{
	struct pc_region r[PC_MAP_MAX];
	unsigned int i, n = pc_memmap(p->m->ram, r);
	uint8_t e[BZ_E820_ENTRY_SIZE], cnt = (uint8_t)n;

	for (i = 0; i < n; i++) {
		memcpy(e, &r[i].base, 8);
		memcpy(e + 8, &r[i].len, 8);
		memcpy(e + 16, &r[i].type, 4);
		if (load_write(p, BZ_ZERO_PAGE + BZ_E820_TABLE +
			       i * BZ_E820_ENTRY_SIZE, e, sizeof(e)))
			return -1;
	}
	return load_write(p, BZ_ZERO_PAGE + BZ_E820_ENTRIES, &cnt, 1);
}

/* A 32-bit field of the zero page. */
static int zp_u32(struct load_plan *p, uint64_t off, uint64_t val)
{
	uint32_t v = (uint32_t)val;

	return load_write(p, BZ_ZERO_PAGE + off, &v, 4);
}

static int write_zero_page(struct load_plan *p, uint64_t hdr_end,
			   uint64_t initrd, uint64_t initrd_size)
{
	const uint8_t *d = p->img->data;
	uint8_t loader = BZ_LOADER_UNDEFINED;

	/* The header as the file has it, loadflags included. */
	return load_write_zero(p, BZ_ZERO_PAGE, LOAD_PAGE) ||
	       load_write(p, BZ_ZERO_PAGE + BZ_SETUP_SECTS, d + BZ_SETUP_SECTS,
			  hdr_end - BZ_SETUP_SECTS) ||
	       load_write(p, BZ_ZERO_PAGE + BZ_TYPE_OF_LOADER, &loader, 1) ||
	       zp_u32(p, BZ_CMD_LINE_PTR, BZ_CMDLINE) ||
	       zp_u32(p, BZ_RAMDISK_IMAGE, initrd) ||
	       zp_u32(p, BZ_RAMDISK_SIZE, initrd_size) ||
	       write_e820(p) ? -1 : 0;
}

int bz_load(struct load_plan *p, struct guest_entry *e)
{
	const uint8_t *d = p->img->data;
	uint64_t size = p->img->size, setup, hdr_end, init_size, kernel = 0;
	uint64_t ksize, initrd = 0, initrd_size = 0;
	const char *args = load_args(p);
	unsigned int sects = d[BZ_SETUP_SECTS];
	uint16_t version = rd16(d + BZ_VERSION);
	uint32_t cmdline_max = rd32(d + BZ_CMDLINE_SIZE);

	if (version < BZ_PROTOCOL_MIN)
		return load_fail(p, "bzImage: boot protocol %u.%02u, older "
				 "than 2.12", version >> 8, version & 0xff);
	if (!(rd16(d + BZ_XLOADFLAGS) & XLF_KERNEL_64))
		return load_fail(p, "bzImage: xloadflags 0x%x lack "
				 "XLF_KERNEL_64: no 64-bit entry",
				 rd16(d + BZ_XLOADFLAGS));
	if (!(d[BZ_LOADFLAGS] & LOADED_HIGH))
		return load_fail(p, "bzImage: loadflags 0x%x lack LOADED_HIGH: "
				 "a zImage, loaded at 0x10000", d[BZ_LOADFLAGS]);
	hdr_end = BZ_HEADER + d[BZ_JUMP + 1];
	if (d[BZ_JUMP] != 0xeb || hdr_end < BZ_HEADER_MIN_END)
		return load_fail(p, "bzImage: the setup header's jump (0x%02x "
				 "0x%02x) does not end it past 0x%x", d[BZ_JUMP],
				 d[BZ_JUMP + 1], BZ_HEADER_MIN_END);
	setup = ((uint64_t)(sects ? sects : BZ_SETUP_SECTS_DEFAULT) + 1) *
		BZ_SECTOR;
	/* At least 2 sectors: past any header end (0x202 + 255). */
	if (setup >= size)
		return load_fail(p, "bzImage: %u setup sectors (%lu bytes) "
				 "leave no kernel in %lu bytes", sects, setup,
				 size);
	ksize = size - setup;
	init_size = rd32(d + BZ_INIT_SIZE);
	if (init_size < ksize)
		return load_fail(p, "bzImage: init_size 0x%lx is less than the "
				 "kernel's 0x%lx bytes", init_size, ksize);
	if (p->img->nr_modules > 1)
		return load_fail(p, "bzImage: %u modules; Linux takes one, "
				 "its initramfs", p->img->nr_modules);
	if (cmdline_max > BZ_CMDLINE_MAX)
		cmdline_max = BZ_CMDLINE_MAX;
	if (strlen(args) > cmdline_max)
		return load_fail(p, "bzImage: command line of %lu characters, "
				 "at most %u", strlen(args), cmdline_max);
	if (place_kernel(p, init_size, &kernel))
		return -1;
	if (p->img->nr_modules) {
		/* ramdisk_size 0 reads as "no initramfs": say so instead. */
		if (!p->img->modules[0].size)
			return load_fail(p, "bzImage: the initramfs module "
					 "'%s' is empty", load_mod_string(p, 0));
		if (place_initrd(p, kernel + init_size, &initrd))
			return -1;
		initrd_size = p->img->modules[0].size;
	}
	if (load_write(p, kernel, d + setup, ksize) ||
	    (initrd_size && load_write(p, initrd, p->img->modules[0].data,
				       initrd_size)) ||
	    load_write(p, BZ_CMDLINE, args, strlen(args) + 1) ||
	    write_zero_page(p, hdr_end, initrd, initrd_size) ||
	    boot64_write(p, linux_gdt))
		return -1;
	e->format = IMAGE_BZIMAGE;
	boot64_entry(e, BOOT64_LINUX_CS, BOOT64_LINUX_DS);
	e->rsi = BZ_ZERO_PAGE;
	p->entry = kernel + BZ_ENTRY_64;
	p->lo = kernel;
	p->hi = initrd_size ? initrd + initrd_size : kernel + init_size;
	p->stack_top = BZ_STACK_TOP;
	return 0;
}
