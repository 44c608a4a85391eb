/*
 * mft.h - HVT_MANIFEST(N, entries...): a test's manifest note, what
 * solo5-elftool generates from manifest.json: a ".note.solo5.manifest"
 * note (name "Solo5", type "MFT1") whose descriptor holds 4 bytes of
 * padding and then the 8-aligned struct hvt_mft (so at offset 24 of the
 * note), entry 0 of type HVT_MFT_RESERVED_FIRST with an empty name, then
 * the N devices. descsz = 4 + 8 + 104 * (N + 1).
 */
#ifndef HVT_MFT_H
#define HVT_MFT_H

#include "hvt_abi.h"

#define HVT_MFT_BLOCK(nm)	{ .name = nm, .type = HVT_MFT_BLOCK_BASIC }
#define HVT_MFT_NET(nm)		{ .name = nm, .type = HVT_MFT_NET_BASIC }

#define HVT_MANIFEST(N, ...)						\
struct hvt_mft1_note {							\
	uint32_t namesz, descsz, type;					\
	char name[8];							\
	struct {							\
		uint32_t version, entries;				\
		struct hvt_mft_entry e[(N) + 1];			\
	} m;								\
};									\
_Static_assert(__builtin_offsetof(struct hvt_mft1_note, m) ==		\
	       HVT_NOTE_HDR_SIZE + HVT_MFT1_DESC_PAD, "mft at 24");	\
__attribute__((section(".note.solo5.manifest"), used, aligned(8)))	\
const struct hvt_mft1_note hvt_mft1_note = {				\
	.namesz = HVT_NOTE_NAMESZ,					\
	.descsz = sizeof(struct hvt_mft1_note) - HVT_NOTE_HDR_SIZE,	\
	.type = HVT_MFT1_NOTE_TYPE,					\
	.name = HVT_NOTE_NAME,						\
	.m = {								\
		.version = HVT_MFT_VERSION,				\
		.entries = (N) + 1,					\
		.e = { { .name = "", .type = HVT_MFT_RESERVED_FIRST },	\
		       __VA_ARGS__ },					\
	},								\
}

#endif
