/*
 * load.h - what the image loaders share inside src/loader (not a contract
 * for other rooms: image.h is that).
 *
 * Every loader turns a distrusted image into a load_plan first: the
 * segments to copy, the entry point, where modules, boot information and
 * the boot stack go. load_check_segs() and load_place() check the whole
 * plan against guest RAM and the PC map; only then does anything reach
 * m->write, so a refused image leaves guest memory untouched.
 */
#ifndef LOADER_LOAD_H
#define LOADER_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "image.h"

#define LOAD_MAX_SEGS	16		/* PT_LOAD segments we accept */
#define LOAD_PAGE	0x1000ull
#define LOAD_4G		0x100000000ull	/* 32-bit entry: nothing above */
/*
 * Page 0 holds the real-mode IVT and the BIOS data area the firmware
 * writes (pc_map.h); a segment there would fight it, so segments start
 * at page 1. The rest of low RAM, [0x1000, 0x9fc00), is allowed.
 */
#define LOAD_MIN_ADDR	0x1000ull
/*
 * Both Multiboot specifications leave ESP undefined; a 16 KiB stack above
 * the boot information gives a kernel that pushes before it sets its own
 * stack, and a plain ELF64 kernel (which gets no other), memory that is
 * RAM, inside [lo, hi), and clear of its image, modules and info.
 */
#define LOAD_STACK_SIZE	0x4000ull
#define LOAD_LOADER_NAME "vmm"

struct load_seg {
	uint64_t paddr, vaddr, offset, filesz, memsz;
	uint64_t align;		/* p_align (ELF only) */
	uint32_t flags;		/* p_flags (ELF only: PF_*) */
	int exec;
};

struct load_plan {
	const struct guest_image *img;
	struct guest_machine *m;	/* image_load's copy */
	char *err;
	size_t errlen;
	unsigned int nseg;
	struct load_seg seg[LOAD_MAX_SEGS];
	uint64_t entry;
	uint64_t limit;		/* min(RAM, 4 GiB): everything ends by it */
	uint64_t lo, img_end;	/* the segments' span */
	uint64_t mods_base;	/* module 0; the others follow page-aligned */
	uint64_t info, info_size;
	uint64_t stack_top;	/* also the end of everything placed */
	uint64_t hi;		/* or that end, when it is not the stack's */
};

int load_fail(struct load_plan *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline uint64_t load_page_up(uint64_t x)
{
	return (x + LOAD_PAGE - 1) & ~(LOAD_PAGE - 1);
}

static inline int load_power_of_two(uint64_t x)
{
	return x && !(x & (x - 1));
}

static inline uint16_t rd16(const uint8_t *b)
{
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t rd32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint64_t rd64(const uint8_t *b)
{
	return rd32(b) | (uint64_t)rd32(b + 4) << 32;
}

/* Segments inside RAM, clear of page 0, the reserved PC range and each
 * other; the entry inside a loaded executable one. */
int load_check_segs(struct load_plan *p);
/* KiB of the RAM region of pc_memmap(@ram) at @base (mem_lower at 0,
 * mem_upper at 1 MiB), or 0. */
uint32_t load_mem_kib(uint64_t ram, uint64_t base);
/* Modules, then @info_size bytes of boot information, then the stack,
 * page-aligned above the image and above 1 MiB. */
int load_place(struct load_plan *p, uint64_t info_size);
uint64_t load_mod_addr(const struct load_plan *p, unsigned int i);
const char *load_mod_string(const struct load_plan *p, unsigned int i);
const char *load_cmdline(const struct load_plan *p);
/* The command line without its first word, the image's name: what
 * solo5-hvt passes after the unikernel's, and QEMU's -append. */
const char *load_args(const struct load_plan *p);
int load_write(struct load_plan *p, uint64_t gpa, const void *src,
	       uint64_t len);
int load_write_zero(struct load_plan *p, uint64_t gpa, uint64_t len);
/* The segments (bss zeroed) and the modules. */
int load_write_image(struct load_plan *p);
/* The segments alone (bss zeroed). */
int load_write_segs(struct load_plan *p);
/* @n little-endian 64-bit words at @gpa. */
int load_write_u64s(struct load_plan *p, uint64_t gpa, const uint64_t *v,
		    unsigned int n);
/* @n page-table entries of the table at @table from index @first: entry k
 * maps @base + k * @step with @flags. */
int load_write_ptes(struct load_plan *p, uint64_t table, unsigned int first,
		    unsigned int n, uint64_t base, uint64_t step,
		    uint64_t flags);

/*
 * The a.out-kludge fields both Multiboot headers carry (MB1 3.1.3, MB2
 * 3.1.5): the header at file offset @hdr_off sits at @header_addr.
 */
int load_kludge(struct load_plan *p, const char *who, uint64_t hdr_off,
		uint32_t header_addr, uint32_t load_addr,
		uint32_t load_end_addr, uint32_t bss_end_addr,
		uint32_t entry_addr);

/*
 * The boot information is emitted twice by the same code: once dry, to
 * learn its size before placing it, then for real at its address. So the
 * size that was checked is the size that is written.
 */
struct emit {
	struct load_plan *p;
	uint64_t gpa, off;
	int dry, failed;
};

void emit_bytes(struct emit *e, const void *src, uint64_t len);
void emit_zero(struct emit *e, uint64_t len);
void emit_u32(struct emit *e, uint32_t v);
void emit_u64(struct emit *e, uint64_t v);
void emit_align(struct emit *e, uint64_t a);

/* The loaders (multiboot1.c, multiboot2.c, elf64.c, hvt.c, bzimage.c). */
int mb1_find(const uint8_t *d, uint64_t size, uint64_t *off, uint64_t *bad);
int mb1_load(struct load_plan *p, uint64_t hdr_off, struct guest_entry *e);
int mb2_find(const uint8_t *d, uint64_t size, uint64_t *off, uint64_t *bad);
int mb2_load(struct load_plan *p, uint64_t hdr_off, struct guest_entry *e);
int elf64_load(struct load_plan *p, struct guest_entry *e);
/* boot64.h's identity page tables and @gdt (BOOT64_GDT_ENTRIES). */
int boot64_write(struct load_plan *p, const uint64_t *gdt);
/* The 64-bit entry on them, with @cs and @ds of that GDT. */
void boot64_entry(struct guest_entry *e, uint16_t cs, uint16_t ds);
/* A Linux bzImage: the setup header's signatures (bzimage.c). */
int bz_find(const uint8_t *d, uint64_t size);
int bz_load(struct load_plan *p, struct guest_entry *e);
/* An ELF64 image with a Solo5-owned note is a Solo5 unikernel. */
int hvt_find(const uint8_t *d, uint64_t size);
int hvt_load(struct load_plan *p, struct guest_entry *e);

/* The Multiboot2 information block (mbinfo2.c), for MB2 and ELF64. */
void mbi2_emit(struct emit *e, uint32_t total_size);
int mbi2_provides(const struct load_plan *p, uint32_t tag);
int mbi2_build(struct load_plan *p);

#endif
