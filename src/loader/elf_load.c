/*
 * elf_load.c - the ELF header and program-header reader shared by the
 * Multiboot loaders and the plain ELF64 loader. Every field that becomes
 * an offset, a size or an address is checked here, before it is used,
 * against the file's size and against overflow (as Solo5's
 * tenders/common/elf.c does); placement in guest RAM is load.c's.
 */
#include "elf_load.h"

#include <string.h>

int elf_has_magic(const uint8_t *d, uint64_t size)
{
	return size >= 4 && d[0] == 0x7f && d[1] == 'E' && d[2] == 'L' &&
	       d[3] == 'F';
}

int elf_class(const uint8_t *d, uint64_t size)
{
	return size > 4 ? d[4] : 0;
}

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static void read_phdr(const uint8_t *b, int is64, struct phdr *ph)
{
	if (is64) {
		ph->type = rd32(b);
		ph->flags = rd32(b + 4);
		ph->offset = rd64(b + 8);
		ph->vaddr = rd64(b + 16);
		ph->paddr = rd64(b + 24);
		ph->filesz = rd64(b + 32);
		ph->memsz = rd64(b + 40);
		ph->align = rd64(b + 48);
	} else {
		ph->type = rd32(b);
		ph->offset = rd32(b + 4);
		ph->vaddr = rd32(b + 8);
		ph->paddr = rd32(b + 12);
		ph->filesz = rd32(b + 16);
		ph->memsz = rd32(b + 20);
		ph->flags = rd32(b + 24);
		ph->align = rd32(b + 28);
	}
}

static int add_segment(struct load_plan *p, const char *what,
		       unsigned int i, const struct phdr *ph, uint64_t size)
{
	struct load_seg *s;

	if (ph->filesz > ph->memsz)
		return load_fail(p, "%s: program header %u: p_filesz 0x%lx "
				 "> p_memsz 0x%lx", what, i, ph->filesz,
				 ph->memsz);
	if (ph->offset > size || ph->filesz > size - ph->offset)
		return load_fail(p, "%s: program header %u: p_offset 0x%lx + "
				 "p_filesz 0x%lx runs past the file (%lu bytes)",
				 what, i, ph->offset, ph->filesz, size);
	if (ph->memsz > UINT64_MAX - ph->paddr)
		return load_fail(p, "%s: program header %u: p_paddr 0x%lx + "
				 "p_memsz 0x%lx overflows", what, i, ph->paddr,
				 ph->memsz);
	if (ph->memsz > UINT64_MAX - ph->vaddr)
		return load_fail(p, "%s: program header %u: p_vaddr 0x%lx + "
				 "p_memsz 0x%lx overflows", what, i, ph->vaddr,
				 ph->memsz);
	if (ph->memsz == 0)
		return 0;	/* occupies nothing; loads nothing */
	if (p->nseg == LOAD_MAX_SEGS)
		return load_fail(p, "%s: more than %u PT_LOAD segments", what,
				 LOAD_MAX_SEGS);
	s = &p->seg[p->nseg++];
	s->paddr = ph->paddr;
	s->vaddr = ph->vaddr;
	s->offset = ph->offset;
	s->filesz = ph->filesz;
	s->memsz = ph->memsz;
	s->flags = ph->flags;
	s->align = ph->align;
	s->exec = !!(ph->flags & PF_X);
	return 0;
}

/*
 * The System V ABI calls e_entry a virtual address; with paging off (or
 * under our identity map) it is run at its physical address. QEMU's
 * load_elf (include/hw/elf_ops.h) and GRUB translate it through the
 * executable segment that holds it; an entry in no segment's virtual
 * range is taken as physical and checked by load_check_segs().
 */
static uint64_t translate_entry(const struct load_plan *p, uint64_t entry)
{
	unsigned int i;

	for (i = 0; i < p->nseg; i++) {
		const struct load_seg *s = &p->seg[i];

		if (s->exec && entry >= s->vaddr &&
		    entry - s->vaddr < s->filesz)
			return entry - s->vaddr + s->paddr;
	}
	return entry;
}

int elf_read(struct load_plan *p, const char *what)
{
	const uint8_t *d = p->img->data;
	uint64_t size = p->img->size;
	uint64_t phoff, entry;
	unsigned int phentsize, phnum, want_phent, machine, i;
	int cls = elf_class(d, size);
	int is64 = cls == ELFCLASS64;

	if (!elf_has_magic(d, size))
		return load_fail(p, "%s: no ELF magic", what);
	if (cls != ELFCLASS32 && cls != ELFCLASS64)
		return load_fail(p, "%s: ELF class %d is neither 32 nor 64-bit",
				 what, cls);
	if (size < (is64 ? ELF64_EHDR_SIZE : ELF32_EHDR_SIZE))
		return load_fail(p, "%s: file of %lu bytes is shorter than its "
				 "ELF header", what, size);
	if (d[5] != ELFDATA2LSB)
		return load_fail(p, "%s: ELF data encoding %u is not little-"
				 "endian", what, d[5]);
	if (d[6] != EV_CURRENT || rd32(d + 20) != EV_CURRENT)
		return load_fail(p, "%s: ELF version %u is not 1", what,
				 d[6] != EV_CURRENT ? d[6] : rd32(d + 20));
	if (rd16(d + 16) != ET_EXEC)
		return load_fail(p, "%s: ELF type %u is not ET_EXEC (2)", what,
				 rd16(d + 16));
	machine = rd16(d + 18);
	if (machine != (is64 ? EM_X86_64 : EM_386))
		return load_fail(p, "%s: ELF%d machine %u is not %s", what,
				 is64 ? 64 : 32, machine,
				 is64 ? "x86-64 (62)" : "i386 (3)");
	if (is64) {
		entry = rd64(d + 24);
		phoff = rd64(d + 32);
		phentsize = rd16(d + 54);
		phnum = rd16(d + 56);
		want_phent = ELF64_PHDR_SIZE;
	} else {
		entry = rd32(d + 24);
		phoff = rd32(d + 28);
		phentsize = rd16(d + 42);
		phnum = rd16(d + 44);
		want_phent = ELF32_PHDR_SIZE;
	}
	if (phentsize != want_phent)
		return load_fail(p, "%s: e_phentsize %u is not %u", what,
				 phentsize, want_phent);
	if (phnum == 0 || phnum > ELF_MAX_PHNUM)
		return load_fail(p, "%s: e_phnum %u is not in 1..%u", what,
				 phnum, ELF_MAX_PHNUM);
	if (phoff > size || (uint64_t)phnum * phentsize > size - phoff)
		return load_fail(p, "%s: program headers at e_phoff 0x%lx (%u "
				 "of %u bytes) run past the file (%lu bytes)",
				 what, phoff, phnum, phentsize, size);
	p->nseg = 0;
	for (i = 0; i < phnum; i++) {
		struct phdr ph;

		read_phdr(d + phoff + (uint64_t)i * phentsize, is64, &ph);
		if (ph.type == PT_LOAD && add_segment(p, what, i, &ph, size))
			return -1;
	}
	if (p->nseg == 0)
		return load_fail(p, "%s: no PT_LOAD segment with p_memsz > 0",
				 what);
	p->entry = translate_entry(p, entry);
	return 0;
}
