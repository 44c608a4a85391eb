/*
 * mbinfo2.c - the Multiboot2 boot information (spec 3.6), built for a
 * Multiboot2 kernel and handed to a plain ELF64 kernel too: the command
 * line, the loader name, the modules, basic meminfo, the memory map from
 * pc_memmap() and the ACPI RSDP, each tag 8-aligned, then the end tag.
 */
#include <string.h>

#include "load.h"
#include "multiboot2.h"
#include "pc_map.h"

static void tag_begin(struct emit *e, uint32_t type, uint64_t size)
{
	emit_align(e, MB2_ALIGN);
	emit_u32(e, type);
	emit_u32(e, (uint32_t)size);
}

static void string_tag(struct emit *e, uint32_t type, const char *s)
{
	uint64_t n = strlen(s) + 1;

	tag_begin(e, type, 8 + n);
	emit_bytes(e, s, n);
}

/* The RSDP's revision: 0 for ACPI 1.0 (20 bytes), 2 and up for the
 * 36-byte ACPI 2.0 form; -1 when there is none (or too short to be). */
static int rsdp_revision(const struct guest_machine *m)
{
	const uint8_t *r = m->rsdp;

	if (!r || m->rsdp_len < ACPI_RSDP_V1_LEN)
		return -1;
	if (r[ACPI_RSDP_REVISION] >= 2 && m->rsdp_len >= ACPI_RSDP_V2_LEN)
		return 2;
	return 0;
}

int mbi2_provides(const struct load_plan *p, uint32_t tag)
{
	switch (tag) {
	case MBI2_END:
	case MBI2_CMDLINE:
	case MBI2_LOADER_NAME:
	case MBI2_MODULE:
	case MBI2_BASIC_MEMINFO:
	case MBI2_MMAP:
		return 1;
	case MBI2_ACPI_OLD:
		return rsdp_revision(p->m) >= 0;
	case MBI2_ACPI_NEW:
		return rsdp_revision(p->m) >= 2;
	}
	return 0;
}

void mbi2_emit(struct emit *e, uint32_t total_size)
{
	const struct load_plan *p = e->p;
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(p->m->ram, r), i;
	int rev = rsdp_revision(p->m);

	emit_u32(e, total_size);
	emit_u32(e, 0);
	string_tag(e, MBI2_CMDLINE, load_cmdline(p));
	string_tag(e, MBI2_LOADER_NAME, LOAD_LOADER_NAME);
	for (i = 0; i < p->img->nr_modules; i++) {
		const char *s = load_mod_string(p, i);
		uint64_t a = load_mod_addr(p, i);

		tag_begin(e, MBI2_MODULE, 16 + strlen(s) + 1);
		emit_u32(e, (uint32_t)a);
		emit_u32(e, (uint32_t)(a + p->img->modules[i].size));
		emit_bytes(e, s, strlen(s) + 1);
	}
	tag_begin(e, MBI2_BASIC_MEMINFO, 16);
	emit_u32(e, load_mem_kib(p->m->ram, 0));
	emit_u32(e, load_mem_kib(p->m->ram, PC_HIGH_RAM_BASE));
	tag_begin(e, MBI2_MMAP, 16 + (uint64_t)n * MBI2_MMAP_ENTRY);
	emit_u32(e, MBI2_MMAP_ENTRY);
	emit_u32(e, 0);			/* entry_version */
	for (i = 0; i < n; i++) {
		emit_u64(e, r[i].base);
		emit_u64(e, r[i].len);
		emit_u32(e, r[i].type);
		emit_u32(e, 0);
	}
	/*
	 * As GRUB does: the ACPI 1.0 part of any RSDP in tag 14, and an ACPI
	 * 2.0 RSDP whole in tag 15 too, so a kernel that reads only one of
	 * them finds it.
	 */
	if (rev >= 0) {
		tag_begin(e, MBI2_ACPI_OLD, 8 + ACPI_RSDP_V1_LEN);
		emit_bytes(e, p->m->rsdp, ACPI_RSDP_V1_LEN);
	}
	if (rev >= 2) {
		tag_begin(e, MBI2_ACPI_NEW, 8 + ACPI_RSDP_V2_LEN);
		emit_bytes(e, p->m->rsdp, ACPI_RSDP_V2_LEN);
	}
	tag_begin(e, MBI2_END, 8);
}

int mbi2_build(struct load_plan *p)
{
	struct emit dry = { .p = p, .dry = 1 }, out = { .p = p };

	mbi2_emit(&dry, 0);
	if (dry.off > UINT32_MAX)
		return load_fail(p, "Multiboot2 information of 0x%lx bytes is "
				 "over 4 GiB", dry.off);
	if (load_place(p, dry.off) || load_write_image(p))
		return -1;
	out.gpa = p->info;
	mbi2_emit(&out, (uint32_t)dry.off);
	return out.failed ? -1 : 0;
}
