/*
 * multiboot1.c - the Multiboot 0.6.96 loader: find and check the header,
 * load the kernel through its ELF32/ELF64 program headers or, with flag
 * 16, through the header's address fields, and build the boot
 * information (3.3) above it, as QEMU's hw/i386/multiboot.c does.
 */
#include "multiboot1.h"

#include <string.h>

#include "elf_load.h"
#include "load.h"
#include "pc_map.h"

static uint64_t search_end(uint64_t size)
{
	return size < MB1_SEARCH ? size : MB1_SEARCH;
}

int mb1_find(const uint8_t *d, uint64_t size, uint64_t *off, uint64_t *bad)
{
	uint64_t end = search_end(size), o;

	*bad = UINT64_MAX;
	for (o = 0; o + MB1_HEADER_MIN <= end; o += MB1_ALIGN) {
		if (rd32(d + o) != MB1_HEADER_MAGIC)
			continue;
		/* 3.1.2: magic + flags + checksum == 0 (mod 2^32). */
		if ((uint32_t)(rd32(d + o) + rd32(d + o + 4) +
			       rd32(d + o + 8)) == 0) {
			*off = o;
			return 1;
		}
		if (*bad == UINT64_MAX)
			*bad = o;
	}
	return 0;
}

static void put32(uint8_t *b, unsigned int off, uint32_t v)
{
	b[off] = v;
	b[off + 1] = v >> 8;
	b[off + 2] = v >> 16;
	b[off + 3] = v >> 24;
}

/*
 * The block: the 116-byte info, the memory map, the module list, then the
 * strings (command line, loader name, module strings); every pointer in
 * it is a guest-physical address inside the block.
 */
static void mbi1_emit(struct emit *e)
{
	const struct load_plan *p = e->p;
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(p->m->ram, r), i, nmod = p->img->nr_modules;
	uint8_t info[MB1_I_SIZE];
	uint64_t mmap = 120, mods = mmap + (uint64_t)n * MB1_MMAP_ENTRY;
	uint64_t str = mods + (uint64_t)nmod * MB1_MOD_ENTRY;
	uint64_t cmd = str, name = cmd + strlen(load_cmdline(p)) + 1;
	uint64_t ms = name + sizeof(LOAD_LOADER_NAME);

	memset(info, 0, sizeof(info));
	put32(info, MB1_I_OFF_FLAGS, MB1_I_MEM | MB1_I_CMDLINE | MB1_I_MODS |
	      MB1_I_MMAP | MB1_I_LOADER_NAME);
	put32(info, MB1_I_OFF_MEM_LOWER, load_mem_kib(p->m->ram, 0));
	put32(info, MB1_I_OFF_MEM_UPPER,
	      load_mem_kib(p->m->ram, PC_HIGH_RAM_BASE));
	put32(info, MB1_I_OFF_CMDLINE, (uint32_t)(e->gpa + cmd));
	put32(info, MB1_I_OFF_MODS_COUNT, nmod);
	put32(info, MB1_I_OFF_MODS_ADDR, (uint32_t)(e->gpa + mods));
	put32(info, MB1_I_OFF_MMAP_LENGTH, n * MB1_MMAP_ENTRY);
	put32(info, MB1_I_OFF_MMAP_ADDR, (uint32_t)(e->gpa + mmap));
	put32(info, MB1_I_OFF_LOADER_NAME, (uint32_t)(e->gpa + name));
	emit_bytes(e, info, sizeof(info));
	emit_align(e, 8);
	/* 3.3: "size" counts the entry without itself; mmap_addr points at
	 * it, so the entries are 24 bytes apart. */
	for (i = 0; i < n; i++) {
		emit_u32(e, MB1_MMAP_ENTRY - 4);
		emit_u64(e, r[i].base);
		emit_u64(e, r[i].len);
		emit_u32(e, r[i].type);
	}
	for (i = 0; i < nmod; i++) {
		uint64_t a = load_mod_addr(p, i);

		emit_u32(e, (uint32_t)a);
		emit_u32(e, (uint32_t)(a + p->img->modules[i].size));
		emit_u32(e, (uint32_t)(e->gpa + ms));
		emit_u32(e, 0);
		ms += strlen(load_mod_string(p, i)) + 1;
	}
	emit_bytes(e, load_cmdline(p), strlen(load_cmdline(p)) + 1);
	emit_bytes(e, LOAD_LOADER_NAME, sizeof(LOAD_LOADER_NAME));
	for (i = 0; i < nmod; i++)
		emit_bytes(e, load_mod_string(p, i),
			   strlen(load_mod_string(p, i)) + 1);
}

static int check_flags(struct load_plan *p, uint32_t flags)
{
	/*
	 * 3.1.2: a loader that does not understand a required bit (0-15)
	 * must refuse the image. Bit 0 we honour (modules are always page-
	 * aligned), bit 1 we honour (mem_* and the mmap are always given),
	 * bit 2 (a video mode) we accept and ignore, as QEMU does: there is
	 * no display, and the info's video bits (11, 12) stay clear.
	 */
	uint32_t known = MB1_F_PAGE_ALIGN | MB1_F_MEMORY_INFO |
			 MB1_F_VIDEO_MODE;
	uint32_t unknown = flags & MB1_F_REQUIRED & ~known;

	if (unknown)
		return load_fail(p, "Multiboot header requires flag bit %d, "
				 "which this loader does not support (flags "
				 "0x%x)", __builtin_ctz(unknown), flags);
	return 0;
}

int mb1_load(struct load_plan *p, uint64_t off, struct guest_entry *e)
{
	const uint8_t *h = p->img->data + off;
	uint32_t flags = rd32(h + 4);
	struct emit dry = { .p = p, .dry = 1 }, out = { .p = p };

	if (check_flags(p, flags))
		return -1;
	if (flags & MB1_F_AOUT_KLUDGE) {
		if (off + MB1_HEADER_AOUT > search_end(p->img->size))
			return load_fail(p, "Multiboot header at 0x%lx: flag 16 "
					 "but its address fields run past the "
					 "first %lu bytes", off,
					 search_end(p->img->size));
		if (load_kludge(p, "Multiboot", off, rd32(h + 12),
				rd32(h + 16), rd32(h + 20), rd32(h + 24),
				rd32(h + 28)))
			return -1;
	} else {
		if (!elf_has_magic(p->img->data, p->img->size))
			return load_fail(p, "Multiboot header without flag 16 "
					 "(address fields) and no ELF magic");
		if (elf_read(p, "Multiboot ELF"))
			return -1;
	}
	if (load_check_segs(p))
		return -1;
	mbi1_emit(&dry);
	if (load_place(p, dry.off))
		return -1;
	if (load_write_image(p))
		return -1;
	out.gpa = p->info;
	mbi1_emit(&out);
	if (out.failed)
		return -1;
	e->format = IMAGE_MULTIBOOT1;
	e->mode = ENTRY_PROT32;
	e->rax = MB1_BOOT_MAGIC;
	e->rbx = p->info;
	return 0;
}
