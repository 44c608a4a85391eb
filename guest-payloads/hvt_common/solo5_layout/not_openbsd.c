/*
 * not_openbsd.c - a PT_NOTE that Solo5 does not own, first of the three
 * in solo5.lds's layout, as Solo5's toolchain places its OpenBSD note
 * first: an ELF note named "OpenBSD", which the tender and our loader
 * skip by its name (tenders/common/elf.c, elf_load_note). And a TLS
 * image, so that solo5.lds's read-only TLS PT_LOAD has file data, as a
 * unikernel with __thread variables has (no test reads it: they set no
 * FS base).
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

__attribute__((used)) __thread uint64_t hvt_tls_image = 0x544c53;
