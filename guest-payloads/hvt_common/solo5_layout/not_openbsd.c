/*
 * not_openbsd.c - a PT_NOTE that Solo5 does not own, first of the three
 * in solo5.lds's layout, as Solo5's toolchain places its OpenBSD note
 * first: an ELF note named "OpenBSD", which the tender and our loader
 * skip by its name (tenders/common/elf.c, elf_load_note). The tests have
 * no __thread variables, so solo5.lds's TLS PT_LOAD is empty, at address
 * 0, as in a Solo5 unikernel without any: a loader that did not skip
 * PT_LOADs without file data, as the tender does, would refuse them.
 */
#include <stdint.h>

struct openbsd_note {
	uint32_t namesz, descsz, type;
	char name[8];
	uint32_t desc;
};

__attribute__((section(".note.solo5.not_openbsd"), used, aligned(4)))
const struct openbsd_note hvt_not_openbsd_note = {
	.namesz = 8, .descsz = 4, .type = 1, .name = "OpenBSD", .desc = 0,
};
