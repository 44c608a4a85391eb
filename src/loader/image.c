/*
 * image.c - image_load(): detect the image's format, never guessing, and
 * hand it to its loader (image.h).
 *
 * Detection: a declared flat blob is flat, whatever its bytes. An ELF64
 * image with a Solo5-owned note is a Solo5 unikernel, whatever else it
 * holds: its notes are what solo5-hvt goes by. A Linux setup header
 * (boot_flag and "HdrS") makes a bzImage. Otherwise a
 * valid Multiboot v1 header wins over a Multiboot2 one when a kernel has
 * both, because QEMU's -kernel (the referee these kernels are tested
 * against) knows only v1; then Multiboot2; then plain ELF64. A Multiboot
 * magic with a bad checksum and no valid header is an error, not a
 * reason to try ELF.
 */
#include "image.h"

#include <string.h>

#include "elf_load.h"
#include "load.h"
#include "multiboot1.h"
#include "multiboot2.h"
#include "pc_map.h"
#include "vmm_abi.h"

const char *image_format_name(enum image_format f)
{
	switch (f) {
	case IMAGE_FLAT:
		return "flat";
	case IMAGE_MULTIBOOT1:
		return "Multiboot";
	case IMAGE_MULTIBOOT2:
		return "Multiboot2";
	case IMAGE_ELF64:
		return "ELF64";
	case IMAGE_HVT:
		return "hvt";
	case IMAGE_BZIMAGE:
		return "bzImage";
	}
	return "?";
}

/* Today's real-mode blob (README.md's guest ABI, vmm_abi.h). */
static int flat_load(struct load_plan *p, struct guest_entry *e)
{
	uint64_t size = p->img->size;

	if (p->img->nr_modules)
		return load_fail(p, "flat image given %u modules it has no way "
				 "to find", p->img->nr_modules);
	if (size > GUEST_FLAT_LIMIT - GUEST_LOAD_ADDR)
		return load_fail(p, "flat image of %lu bytes does not fit "
				 "between 0x%x and 0x%x", size,
				 GUEST_LOAD_ADDR, GUEST_FLAT_LIMIT);
	if (GUEST_LOAD_ADDR + size > p->m->ram)
		return load_fail(p, "image ends past guest RAM (%lu bytes)",
				 p->m->ram);
	if (load_write(p, GUEST_LOAD_ADDR, p->img->data, size))
		return -1;
	e->format = IMAGE_FLAT;
	e->mode = ENTRY_REAL16;
	e->rip = GUEST_LOAD_ADDR;
	e->rsp = GUEST_RM_STACK_TOP;
	e->lo = GUEST_LOAD_ADDR;
	e->hi = GUEST_LOAD_ADDR + size;
	return 0;
}

/* Every format but hvt gets the PC firmware beneath it. */
static int firmware(struct load_plan *p)
{
	struct guest_machine *m = p->m;

	if (m->firmware && m->firmware(m))
		return load_fail(p, "firmware and ACPI tables do not fit in "
				 "%lu bytes of guest RAM", m->ram);
	return 0;
}

static int detect_and_load(struct load_plan *p, struct guest_entry *e)
{
	const uint8_t *d = p->img->data;
	uint64_t size = p->img->size, off1, off2, bad1, bad2;
	int cls;

	if (hvt_find(d, size))
		return hvt_load(p, e);
	if (firmware(p))
		return -1;
	if (bz_find(d, size))
		return bz_load(p, e);
	if (mb1_find(d, size, &off1, &bad1))
		return mb1_load(p, off1, e);
	if (mb2_find(d, size, &off2, &bad2))
		return mb2_load(p, off2, e);
	if (bad1 != UINT64_MAX)
		return load_fail(p, "Multiboot header at 0x%lx: checksum 0x%x "
				 "with flags 0x%x does not sum to 0", bad1,
				 rd32(d + bad1 + 8), rd32(d + bad1 + 4));
	if (bad2 != UINT64_MAX)
		return load_fail(p, "Multiboot2 header at 0x%lx: checksum 0x%x "
				 "does not sum to 0", bad2, rd32(d + bad2 + 12));
	if (!elf_has_magic(d, size))
		return load_fail(p, "no Multiboot header in the first %u bytes "
				 "and no ELF magic", MB1_SEARCH);
	cls = elf_class(d, size);
	if (cls != ELFCLASS64)
		return load_fail(p, "ELF class %d image without a Multiboot "
				 "header: only ELF64 is entered plainly", cls);
	return elf64_load(p, e);
}

int image_load(const struct guest_image *img, const struct guest_machine *m,
	       struct guest_entry *entry, char *err, size_t errlen)
{
	struct guest_machine mm = *m;	/* the firmware sets its RSDP */
	struct load_plan p = { .img = img, .m = &mm, .err = err,
			       .errlen = errlen };
	int rc;

	memset(entry, 0, sizeof(*entry));
	if (errlen)
		err[0] = '\0';
	if (!img->data || img->size == 0)
		return load_fail(&p, "empty image");
	if (img->nr_modules && !img->modules)
		return load_fail(&p, "%u modules and no module list",
				 img->nr_modules);
	if (img->flat_declared)
		return firmware(&p) || flat_load(&p, entry) ? -1 : 0;
	if (m->ram < PC_HIGH_RAM_BASE)
		return load_fail(&p, "guest RAM of %lu bytes is under the 1 MiB "
				 "a PC kernel needs", m->ram);
	p.limit = m->ram < LOAD_4G ? m->ram : LOAD_4G;
	rc = detect_and_load(&p, entry);
	if (rc) {
		memset(entry, 0, sizeof(*entry));
		return -1;
	}
	entry->rip = p.entry;
	entry->rsp = p.stack_top;
	entry->lo = p.lo;
	entry->hi = p.hi ? p.hi : p.stack_top;
	return 0;
}
