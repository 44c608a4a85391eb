/*
 * mem.h - the host's physical memory: one bump allocator of zeroed 4 KiB
 * pages, carved from the largest available Multiboot2 region below 4 GiB
 * (the part boot.S identity-maps), above the image and the boot
 * information. Nothing is freed: every allocation lives as long as the
 * machine (VMXON region, VMCS, EPT tables, guest RAM, bitmaps, heap).
 */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>
#include <stdint.h>

#include "mb2.h"

#define PAGE_SIZE	4096ull
/* asm/boot.S identity-maps physical 0 - 4 GiB: the host reaches no more. */
#define IDENTITY_MAPPED_END	(4ull << 30)

/* Returns 0, or -1 when no usable region is large enough for the heap. */
int mem_init(const struct mb2_info *info, uint64_t reserved_end);

/* @bytes rounded up to pages, aligned to @align (a power of two >= 4 KiB),
 * zeroed; NULL when the memory is exhausted. */
void *page_alloc(size_t bytes, size_t align);

uint64_t mem_free_bytes(void);

/* The usable range chosen by mem_init, for the boot report. */
void mem_range(uint64_t *base, uint64_t *end);

#endif
