/*
 * mem.c - host physical memory (see mem.h).
 */
#include "mem.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define HEAP_SIZE		(2ull << 20)	/* newlib's malloc arena */

static struct {
	uint64_t base, next, end;
} ranges[MEM_RANGES_MAX];
static unsigned int nr_ranges;
static char *heap_base, *heap_brk, *heap_end;

/*
 * Keep [base, end) of an available region, less every boot module from
 * @first on (GRUB placed them in memory it reports as available: the
 * guest's image and modules are read from there, so the pool must never
 * hand them out). A module splits the range in two: the part below it
 * is checked against the later modules, the part above goes on.
 */
static void add_range(const struct mb2_info *info, uint64_t base,
		      uint64_t end, unsigned int first)
{
	unsigned int i;

	for (i = first; i < info->nr_modules && base < end; i++) {
		uint64_t ms = info->modules[i].start & ~(PAGE_SIZE - 1);
		uint64_t me = (info->modules[i].end + PAGE_SIZE - 1) &
			      ~(PAGE_SIZE - 1);

		if (me <= base || ms >= end)
			continue;
		if (ms > base)
			add_range(info, base, ms, i + 1);
		base = me;
	}
	base = (base + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	end &= ~(PAGE_SIZE - 1);
	if (end <= base || nr_ranges == MEM_RANGES_MAX)
		return;
	ranges[nr_ranges].base = ranges[nr_ranges].next = base;
	ranges[nr_ranges++].end = end;
}

int mem_init(const struct mb2_info *info, uint64_t reserved_end)
{
	unsigned int i;

	nr_ranges = 0;
	for (i = 0; i < info->nr_regions; i++) {
		const struct mb2_region *r = &info->regions[i];
		uint64_t base = r->base, end = r->base + r->len;

		if (r->type != MB2_MEM_AVAILABLE)
			continue;
		if (base < reserved_end)
			base = reserved_end;
		if (end > IDENTITY_MAPPED_END)
			end = IDENTITY_MAPPED_END;
		if (base < end)
			add_range(info, base, end, 0);
	}
	heap_base = page_reserve(HEAP_SIZE, PAGE_SIZE);
	if (!heap_base)
		return -1;
	heap_brk = heap_base;
	heap_end = heap_base + HEAP_SIZE;
	return 0;
}

void *page_reserve(size_t bytes, size_t align)
{
	uint64_t size = (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	unsigned int i;

	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	for (i = 0; i < nr_ranges; i++) {
		uint64_t next = ranges[i].next, end = ranges[i].end;
		uint64_t base = (next + align - 1) & ~((uint64_t)align - 1);

		if (base < next || base > end || size > end - base)
			continue;
		ranges[i].next = base + size;
		return (void *)base;
	}
	return NULL;
}

void *page_alloc(size_t bytes, size_t align)
{
	void *p = page_reserve(bytes, align);

	if (p)
		memset(p, 0, (bytes + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	return p;
}

uint64_t mem_free_bytes(void)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < nr_ranges; i++)
		n += ranges[i].end - ranges[i].next;
	return n;
}

int mem_range(unsigned int i, uint64_t *base, uint64_t *end)
{
	if (i >= nr_ranges)
		return -1;
	*base = ranges[i].base;
	*end = ranges[i].end;
	return 0;
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
