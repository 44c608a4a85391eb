/*
 * mem.c - host physical memory (see mem.h).
 */
#include "mem.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define HEAP_SIZE		(2ull << 20)	/* newlib's malloc arena */

static uint64_t pool_next, pool_end;
static char *heap_base, *heap_brk, *heap_end;

int mem_init(const struct mb2_info *info, uint64_t reserved_end)
{
	uint64_t best_base = 0, best_len = 0;
	unsigned int i;

	for (i = 0; i < info->nr_regions; i++) {
		const struct mb2_region *r = &info->regions[i];
		uint64_t base = r->base, end = r->base + r->len;

		if (r->type != MB2_MEM_AVAILABLE)
			continue;
		if (base < reserved_end)
			base = reserved_end;
		if (end > IDENTITY_MAPPED_END)
			end = IDENTITY_MAPPED_END;
		base = (base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		end &= ~(PAGE_SIZE - 1);
		if (end > base && end - base > best_len) {
			best_base = base;
			best_len = end - base;
		}
	}
	if (best_len < HEAP_SIZE + PAGE_SIZE)
		return -1;
	pool_next = best_base;
	pool_end = best_base + best_len;
	heap_base = page_alloc(HEAP_SIZE, PAGE_SIZE);
	heap_brk = heap_base;
	heap_end = heap_base + HEAP_SIZE;
	return 0;
}

void *page_alloc(size_t bytes, size_t align)
{
	uint64_t base, size = (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	base = (pool_next + align - 1) & ~((uint64_t)align - 1);
	if (base < pool_next || base > pool_end || size > pool_end - base)
		return NULL;
	pool_next = base + size;
	memset((void *)base, 0, size);
	return (void *)base;
}

uint64_t mem_free_bytes(void)
{
	return pool_end - pool_next;
}

void mem_range(uint64_t *base, uint64_t *end)
{
	*base = (uint64_t)heap_base;
	*end = pool_end;
}

/* newlib's malloc grows its arena through sbrk(); the arena is fixed. */
void *sbrk(ptrdiff_t incr)
{
	char *prev = heap_brk;

	if (!heap_base || incr > heap_end - heap_brk || incr < heap_base - heap_brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk += incr;
	return prev;
}
