/*
 * bootinfo.c - what the loader handed over: the Multiboot v1 info block
 * (Multiboot 0.6.96, 3.3) or the Multiboot2 tags (Multiboot2 1.0, 3.6).
 * Both print the same lines for the same facts (memory, command line,
 * modules), so a test can set a v1 run beside a v2 run; what a loader
 * chooses freely (its name, the flags it sets, the exact memory map) is
 * tagged [differs] and checked only for sanity.
 */
#include "probe.h"

#define MB1_INFO_MEM		(1u << 0)
#define MB1_INFO_CMDLINE	(1u << 2)
#define MB1_INFO_MODS		(1u << 3)
#define MB1_INFO_MMAP		(1u << 6)
#define MB1_INFO_LOADER		(1u << 9)

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
} __attribute__((packed));

struct mb1_mod {
	uint32_t start, end, string, reserved;
} __attribute__((packed));

/* An mmap entry: its size field does not count itself. */
struct mb1_mmap {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER		2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MEMINFO		4
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15

struct mb2_tag {
	uint32_t type, size;
};

#define MEM_RAM			1
#define MAX_REGIONS		32
#define MOD_ALIGN		0x1000

static struct {
	uint64_t base, len;
	uint32_t type;
} regions[MAX_REGIONS];
static unsigned int nr_regions;
static uint32_t mem_lower, mem_upper;
static int have_mem;

static uint32_t fnv1a(const uint8_t *p, uint32_t n)
{
	uint32_t h = 0x811c9dc5;

	while (n--) {
		h ^= *p++;
		h *= 0x01000193;
	}
	return h;
}

/* A string the loader gave, bounded so a bad pointer prints, not runs on. */
static const char *bounded(uintptr_t a, char *buf, size_t len)
{
	const char *s = (const char *)a;
	size_t i;

	for (i = 0; i + 1 < len && s[i]; i++)
		buf[i] = s[i];
	buf[i] = '\0';
	return buf;
}

static void module(unsigned int i, uint32_t start, uint32_t end,
		   uintptr_t string)
{
	char name[96];
	uint32_t size = end >= start ? end - start : 0;

	check(end >= start && !(start & (MOD_ALIGN - 1)), "mb",
	      "module %u '%s' size %u fnv 0x%08x page-aligned", i,
	      bounded(string, name, sizeof(name)), size,
	      fnv1a((const uint8_t *)(uintptr_t)start, size));
}

static void add_region(uint64_t base, uint64_t len, uint32_t type)
{
	if (nr_regions < MAX_REGIONS) {
		regions[nr_regions].base = base;
		regions[nr_regions].len = len;
		regions[nr_regions].type = type;
		nr_regions++;
	}
	differs("mb", "mmap 0x%llx+0x%llx type %u", (unsigned long long)base,
		(unsigned long long)len, type);
}

/* Is [lo, hi) inside the RAM the memory map reports? */
static int ram_covers(uint64_t lo, uint64_t hi)
{
	unsigned int i;

	while (lo < hi) {
		for (i = 0; i < nr_regions; i++)
			if (regions[i].type == MEM_RAM && regions[i].base <= lo &&
			    lo < regions[i].base + regions[i].len)
				break;
		if (i == nr_regions)
			return 0;
		lo = regions[i].base + regions[i].len;
	}
	return 1;
}

/*
 * Multiboot 0.6.96 3.3: mem_lower counts KiB from 0, mem_upper KiB from
 * 1 MiB, "the first upper memory hole" excluded: the map must show both
 * ranges as RAM.
 */
static void memory_summary(void)
{
	check(have_mem, "mb", "mem_lower %u KiB", mem_lower);
	/* SeaBIOS keeps the top 128 KiB of RAM for its own tables, so
	 * QEMU's mem_upper is 128 less than a machine without a BIOS says. */
	differs("mb", "mem_upper %u KiB", mem_upper);
	check(nr_regions && ram_covers(0, (uint64_t)mem_lower << 10) &&
	      ram_covers(1ull << 20, (1ull << 20) + ((uint64_t)mem_upper << 10)),
	      "mb", "mmap shows mem_lower and mem_upper as RAM");
}

static void probe_mb1(const struct mb1_info *mi)
{
	char buf[160];
	uint32_t i, want = MB1_INFO_MEM | MB1_INFO_CMDLINE | MB1_INFO_MODS |
			   MB1_INFO_MMAP | MB1_INFO_LOADER;

	differs("mb", "flags 0x%x", mi->flags);
	check((mi->flags & want) == want, "mb",
	      "flags has mem cmdline mods mmap loader");
	if (mi->flags & MB1_INFO_MEM) {
		have_mem = 1;
		mem_lower = mi->mem_lower;
		mem_upper = mi->mem_upper;
	}
	if (mi->flags & MB1_INFO_MMAP) {
		uintptr_t p = mi->mmap_addr, end = p + mi->mmap_length;

		while (p + sizeof(struct mb1_mmap) <= end) {
			const struct mb1_mmap *e = (const void *)p;

			add_region(e->base, e->len, e->type);
			p += e->size + sizeof(e->size);
		}
	}
	memory_summary();
	if (mi->flags & MB1_INFO_CMDLINE)
		check(1, "mb", "cmdline '%s'",
		      bounded(mi->cmdline, buf, sizeof(buf)));
	if (mi->flags & MB1_INFO_MODS) {
		const struct mb1_mod *m = (const void *)(uintptr_t)mi->mods_addr;

		check(1, "mb", "%u modules", mi->mods_count);
		for (i = 0; i < mi->mods_count && i < 8; i++)
			module(i, m[i].start, m[i].end, m[i].string);
	}
	if (mi->flags & MB1_INFO_LOADER)
		differs("mb", "loader '%s'",
			bounded(mi->boot_loader_name, buf, sizeof(buf)));
}

static void probe_mb2(uintptr_t info)
{
	uint32_t total = *(const uint32_t *)info;
	uintptr_t p = info + 8, end = info + total;
	unsigned int mods = 0, acpi = 0, cmdline = 0;
	char buf[160];

	check(total >= 16 && total < (1u << 20) && !(info & 7), "mb",
	      "mb2 info size sane, 8-aligned");
	while (p + sizeof(struct mb2_tag) <= end) {
		const struct mb2_tag *t = (const void *)p;
		const uint32_t *w = (const uint32_t *)(p + 8);

		if (t->type == MB2_TAG_END || t->size < 8)
			break;
		switch (t->type) {
		case MB2_TAG_CMDLINE:
			cmdline = 1;
			check(1, "mb", "cmdline '%s'",
			      bounded(p + 8, buf, sizeof(buf)));
			break;
		case MB2_TAG_LOADER:
			differs("mb", "loader '%s'",
				bounded(p + 8, buf, sizeof(buf)));
			break;
		case MB2_TAG_MODULE:
			module(mods++, w[0], w[1], p + 16);
			break;
		case MB2_TAG_MEMINFO:
			have_mem = 1;
			mem_lower = w[0];
			mem_upper = w[1];
			break;
		case MB2_TAG_MMAP: {
			uint32_t esize = w[0];
			uintptr_t e = p + 16;

			if (esize < 24)
				break;
			for (; e + 24 <= p + t->size; e += esize)
				add_region(*(const uint64_t *)e,
					   *(const uint64_t *)(e + 8),
					   *(const uint32_t *)(e + 16));
			break;
		}
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			acpi = !memcmp((const void *)(p + 8), "RSD PTR ", 8);
			break;
		default:
			differs("mb", "tag %u size %u", t->type, t->size);
			break;
		}
		p += (t->size + 7) & ~7u;
	}
	memory_summary();
	check(cmdline, "mb", "cmdline tag present");
	check(1, "mb", "%u modules", mods);
	check(acpi, "mb", "acpi rsdp tag present");
}

void probe_bootinfo(uint32_t magic, uintptr_t info)
{
	differs("mb", "magic 0x%08x", magic);
	if (magic == MB1_BOOT_MAGIC)
		probe_mb1((const struct mb1_info *)info);
	else if (magic == MB2_BOOT_MAGIC)
		probe_mb2(info);
	else
		check(0, "mb", "magic 0x%08x unknown", magic);
}
