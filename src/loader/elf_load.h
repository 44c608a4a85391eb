/*
 * elf_load.h - reading the ELF32/ELF64 executable header and program
 * headers of a distrusted image into a load_plan (System V ABI, "ELF
 * Header" and "Program Header"; the checks follow Solo5's
 * tenders/common/elf.c).
 */
#ifndef LOADER_ELF_LOAD_H
#define LOADER_ELF_LOAD_H

#include <stdint.h>

#include "load.h"

#define ELFCLASS32	1
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_EXEC		2
#define EM_386		3
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		1

#define ELF32_EHDR_SIZE	52
#define ELF64_EHDR_SIZE	64
#define ELF32_PHDR_SIZE	32
#define ELF64_PHDR_SIZE	56
/* More program headers than any kernel has: a bound on the walk. */
#define ELF_MAX_PHNUM	64

/* The four bytes "\x7fELF" at the start. */
int elf_has_magic(const uint8_t *d, uint64_t size);
/* The class byte (ELFCLASS32/64), or 0 if too short to have one. */
int elf_class(const uint8_t *d, uint64_t size);

/*
 * Check the headers and fill p->seg, p->nseg and p->entry (e_entry, moved
 * from the virtual to the physical address when it lies in an executable
 * segment whose p_vaddr differs from its p_paddr, as QEMU's elf loader
 * and GRUB do). @what names the loader in messages.
 */
int elf_read(struct load_plan *p, const char *what);

#endif
