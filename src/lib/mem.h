/*
 * mem.h - the host's physical memory: a bump allocator of 4 KiB pages over
 * the available Multiboot2 regions inside boot.S's identity map, above the
 * image and the boot information and around the boot modules, first fit
 * in map order. Nothing is
 * freed: every allocation lives as long as the machine (VMXON region,
 * VMCS, EPT tables, guest RAM, bitmaps, heap).
 */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>
#include <stdint.h>

#include "boot_defs.h"
#include "mb2.h"

#define PAGE_SIZE	4096ull
/* asm/boot.S identity-maps physical 0 up to BOOT_IDENTITY_MAP_GIB: the
 * host reaches no more. */
#define IDENTITY_MAPPED_END	((uint64_t)BOOT_IDENTITY_MAP_GIB << 30)
#define PAGE_SHIFT	12

/* Usable ranges kept from the memory map (the boot modules may split
 * regions); further ones are ignored. */
#define MEM_RANGES_MAX	16

/* The pool: available RAM above @reserved_end, less the boot modules of
 * @info. Returns 0, or -1 when no usable region is large enough for the
 * heap. */
int mem_init(const struct mb2_info *info, uint64_t reserved_end);

/* @bytes rounded up to pages, aligned to @align (a power of two >= 4 KiB),
 * zeroed; NULL when the memory is exhausted. */
void *page_alloc(size_t bytes, size_t align);

/*
 * The same, not zeroed: the pages hold whatever firmware and the boot
 * loader left there, so the caller must write every byte before anything
 * reads it (guest RAM is zeroed page by page on first use, the heap is
 * newlib's malloc arena, which never assumes zeroed memory).
 */
void *page_reserve(size_t bytes, size_t align);

uint64_t mem_free_bytes(void);

/* The usable ranges mem_init kept, for the boot report: returns 0 and
 * range @i, or -1 past the last one. */
int mem_range(unsigned int i, uint64_t *base, uint64_t *end);

#endif
