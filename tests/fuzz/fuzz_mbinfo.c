/*
 * fuzz_mbinfo.c - libFuzzer on the boot-information builders: a fixed,
 * valid kernel of each format (Multiboot v1 ELF32, Multiboot2 ELF32,
 * plain ELF64), loaded with a command line, modules, RAM size and RSDP
 * taken from the input; the block written is parsed back and must say
 * exactly what was handed in (strings, module bytes, memory map).
 *
 * Input: [0] format (n % 3) and RSDP (bit 2: ACPI 2.0, bit 3: 1.0),
 * [1] RAM (3 MiB + n * 48 KiB: room for the kernel at 2 MiB), then
 * NUL-separated fields: the command line, then up to 8 modules whose
 * bytes are also their strings.
 */
#include "fuzz_harness.h"

#define KTEXT	0x200000u
#define KENTRY	(KTEXT + 0x10)
#define MAXMOD	8

static uint8_t kernel[3][0x1100];

static void p16(uint8_t *b, unsigned int o, uint16_t v)
{
	memcpy(b + o, &v, 2);
}

static void p32(uint8_t *b, unsigned int o, uint32_t v)
{
	memcpy(b + o, &v, 4);
}

static void p64(uint8_t *b, unsigned int o, uint64_t v)
{
	memcpy(b + o, &v, 8);
}

/* ELF header, one PT_LOAD RWX at @addr from file offset 0x1000. */
static void elf(uint8_t *b, int is64, uint64_t addr)
{
	p32(b, 0, 0x464c457f);
	b[4] = is64 ? 2 : 1;
	b[5] = b[6] = 1;
	p16(b, 16, 2);
	p16(b, 18, is64 ? 62 : 3);
	p32(b, 20, 1);
	if (is64) {
		p64(b, 24, addr + 0x10);
		p64(b, 32, 64);
		p16(b, 54, 56);
		p16(b, 56, 1);
		p32(b, 64, 1);
		p32(b, 68, 7);
		p64(b, 72, 0x1000);
		p64(b, 80, addr);
		p64(b, 88, addr);
		p64(b, 96, 0x100);
		p64(b, 104, 0x1000);
	} else {
		p32(b, 24, (uint32_t)addr + 0x10);
		p32(b, 28, 52);
		p16(b, 42, 32);
		p16(b, 44, 1);
		p32(b, 52, 1);
		p32(b, 56, 0x1000);
		p32(b, 60, (uint32_t)addr);
		p32(b, 64, (uint32_t)addr);
		p32(b, 68, 0x100);
		p32(b, 72, 0x1000);
		p32(b, 76, 7);
	}
	memset(b + 0x1000, 0x90, 0x100);
}

static void kernels(void)
{
	elf(kernel[0], 0, KTEXT);
	p32(kernel[0], 0x200, 0x1BADB002);
	p32(kernel[0], 0x204, 3);
	p32(kernel[0], 0x208, -(0x1BADB002u + 3));
	elf(kernel[1], 0, KTEXT);
	p32(kernel[1], 0x200, 0xE85250D6);
	p32(kernel[1], 0x204, 0);
	p32(kernel[1], 0x208, 24);
	p32(kernel[1], 0x20c, -(0xE85250D6u + 24));
	p32(kernel[1], 0x214, 8);	/* end tag */
	elf(kernel[2], 1, KTEXT);
}

static const uint8_t rsdp[36] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ',
	0, 'F', 'U', 'Z', 'Z', ' ', ' ', 2, 0, 0, 0xe, 0, 36 };

struct want {
	const char *cmdline;
	unsigned int nmod;
	struct guest_module *mods;
	uint64_t ram;
};

static void check_mods(const struct want *w, unsigned int i, uint32_t start,
		       uint32_t end, const char *string)
{
	check(start % 4096 == 0);
	check(end - start == w->mods[i].size);
	check(end <= MODEL_RAM);
	check(!memcmp(model + start, w->mods[i].data, w->mods[i].size));
	check(!strcmp(string, w->mods[i].string));
}

static void check_mb1(const struct guest_entry *e, const struct want *w)
{
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(w->ram, r), i;
	uint64_t mbi = e->rbx, mmap, mods;

	check(m32(mbi) == 0x24d);
	check(m32(mbi + 8) == (w->ram - PC_HIGH_RAM_BASE) >> 10);
	check(!strcmp((char *)model + m32(mbi + 16), w->cmdline));
	check(!strcmp((char *)model + m32(mbi + 64), "vmm"));
	check(m32(mbi + 20) == w->nmod);
	mods = m32(mbi + 24);
	for (i = 0; i < w->nmod; i++)
		check_mods(w, i, m32(mods + 16 * i), m32(mods + 16 * i + 4),
			   (char *)model + m32(mods + 16 * i + 8));
	check(m32(mbi + 44) == n * 24);
	mmap = m32(mbi + 48);
	for (i = 0; i < n; i++) {
		uint64_t base, len;

		memcpy(&base, model + mmap + 24 * i + 4, 8);
		memcpy(&len, model + mmap + 24 * i + 12, 8);
		check(m32(mmap + 24 * i) == 20 && base == r[i].base &&
		      len == r[i].len && m32(mmap + 24 * i + 20) == r[i].type);
	}
}

static void check_mb2(const struct guest_entry *e, const struct want *w,
		      const struct guest_machine *m)
{
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(w->ram, r), i, mod = 0, acpi = 0;
	static struct mb2_info info;
	uint64_t p = e->rbx + 8, end = e->rbx + m32(e->rbx);

	check(mb2_parse(model + e->rbx, m32(e->rbx), &info) == MB2_OK);
	check(!strcmp(info.cmdline, w->cmdline));
	check(!strcmp(info.loader_name, "vmm"));
	check(info.nr_regions == n);
	for (i = 0; i < n; i++)
		check(info.regions[i].base == r[i].base &&
		      info.regions[i].len == r[i].len);
	while (p + 8 <= end) {
		uint32_t t = m32(p), size = m32(p + 4);

		if (t == 3) {
			check(mod < w->nmod);
			check_mods(w, mod, m32(p + 8), m32(p + 12),
				   (char *)model + p + 16);
			mod++;
		}
		if (t == 14 || t == 15) {
			check(m->rsdp && size - 8 <= m->rsdp_len);
			check(!memcmp(model + p + 8, m->rsdp, size - 8));
			acpi++;
		}
		if (t == 0) {
			check(size == 8 && p + 8 == end);
			break;
		}
		p += (size + 7) & ~7u;
	}
	check(mod == w->nmod);
	check(acpi == (m->rsdp ? (m->rsdp_len == 36 ? 2u : 1u) : 0u));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct guest_module mods[MAXMOD];
	struct guest_machine m = { .write = fz_write };
	struct guest_entry e;
	struct want w = { .mods = mods };
	char err[160], *fields, *f[MAXMOD + 1];
	unsigned int nf = 0, fmt, i;
	size_t k;
	int rc;

	if (size < 2)
		return 0;
	if (!ready) {
		kernels();
		ready = 1;
	}
	fz_init();
	fmt = data[0] % 3;
	m.ram = (3ull << 20) + data[1] * 0xc000ull;
	if (data[0] & 12) {
		m.rsdp = rsdp;
		m.rsdp_len = data[0] & 4 ? 36 : 20;
	}
	fields = malloc(size - 1);
	memcpy(fields, data + 2, size - 2);
	fields[size - 2] = '\0';
	f[nf++] = fields;
	for (k = 0; k + 1 < size - 1 && nf <= MAXMOD; k++)
		if (fields[k] == '\0')
			f[nf++] = fields + k + 1;
	w.cmdline = f[0];
	w.nmod = nf - 1;
	w.ram = m.ram;
	for (i = 0; i < w.nmod; i++) {
		mods[i].data = (const uint8_t *)f[i + 1];
		mods[i].size = strlen(f[i + 1]);
		mods[i].string = f[i + 1];
	}
	struct guest_image img = {
		.data = kernel[fmt], .size = sizeof(kernel[fmt]),
		.cmdline = w.cmdline, .modules = mods, .nr_modules = w.nmod,
	};
	fz_flat = 0;
	fz_ram = m.ram;
	fz_writes = 0;
	rc = image_load(&img, &m, &e, err, sizeof(err));
	/* A good kernel with what fits in the RAM chosen must load. */
	check(rc == 0);
	fz_judge(rc, err, sizeof(err), &e, m.ram);
	check(e.rip == KENTRY);
	if (fmt == 0)
		check_mb1(&e, &w);
	else
		check_mb2(&e, &w, &m);
	free(fields);
	return 0;
}
