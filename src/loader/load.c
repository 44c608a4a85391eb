/*
 * load.c - the checks and the copying every image loader shares: is the
 * plan inside guest RAM and clear of what the PC reserves (pc_map.h),
 * where modules, boot information and the stack go, and the writes.
 */
#include "load.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pc_map.h"

int load_fail(struct load_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static int check_seg(struct load_plan *p, unsigned int i)
{
	const struct load_seg *s = &p->seg[i];
	uint64_t end;
	unsigned int j;

	if (s->memsz > UINT64_MAX - s->paddr)
		return load_fail(p, "segment %u: address 0x%lx + size 0x%lx "
				 "overflows", i, s->paddr, s->memsz);
	end = s->paddr + s->memsz;
	if (s->paddr < LOAD_MIN_ADDR)
		return load_fail(p, "segment %u at 0x%lx overlaps page 0 (the "
				 "IVT and BIOS data area)", i, s->paddr);
	if (overlaps(s->paddr, s->memsz, PC_LOW_RAM_END,
		     PC_HIGH_RAM_BASE - PC_LOW_RAM_END))
		return load_fail(p, "segment %u [0x%lx, 0x%lx) overlaps the "
				 "reserved PC range [0x%lx, 0x%lx)", i,
				 s->paddr, end, (unsigned long)PC_LOW_RAM_END,
				 (unsigned long)PC_HIGH_RAM_BASE);
	if (end > p->limit)
		return load_fail(p, "segment %u [0x%lx, 0x%lx) ends past %s "
				 "(0x%lx)", i, s->paddr, end,
				 p->limit == LOAD_4G ? "4 GiB" : "guest RAM",
				 p->limit);
	for (j = 0; j < i; j++)
		if (overlaps(s->paddr, s->memsz, p->seg[j].paddr,
			     p->seg[j].memsz))
			return load_fail(p, "segment %u [0x%lx, 0x%lx) overlaps "
					 "segment %u at 0x%lx", i, s->paddr,
					 end, j, p->seg[j].paddr);
	return 0;
}

int load_check_segs(struct load_plan *p)
{
	unsigned int i;
	int entry_ok = 0;

	p->lo = UINT64_MAX;
	p->img_end = 0;
	for (i = 0; i < p->nseg; i++) {
		const struct load_seg *s = &p->seg[i];

		if (check_seg(p, i))
			return -1;
		if (s->paddr < p->lo)
			p->lo = s->paddr;
		if (s->paddr + s->memsz > p->img_end)
			p->img_end = s->paddr + s->memsz;
		if (s->exec && p->entry >= s->paddr &&
		    p->entry - s->paddr < s->filesz)
			entry_ok = 1;
	}
	if (!entry_ok)
		return load_fail(p, "entry 0x%lx is outside every loaded "
				 "executable segment", p->entry);
	return 0;
}

uint32_t load_mem_kib(uint64_t ram, uint64_t base)
{
	struct pc_region r[PC_MAP_MAX];
	unsigned int n = pc_memmap(ram, r), i;

	for (i = 0; i < n; i++)
		if (r[i].base == base && r[i].type == PC_MEM_RAM)
			return (uint32_t)(r[i].len >> 10);
	return 0;
}

const char *load_cmdline(const struct load_plan *p)
{
	return p->img->cmdline ? p->img->cmdline : "";
}

const char *load_args(const struct load_plan *p)
{
	const char *c = load_cmdline(p);

	while (*c == ' ')
		c++;
	while (*c && *c != ' ')
		c++;
	while (*c == ' ')
		c++;
	return c;
}

const char *load_mod_string(const struct load_plan *p, unsigned int i)
{
	const char *s = p->img->modules[i].string;

	return s ? s : "";
}

uint64_t load_mod_addr(const struct load_plan *p, unsigned int i)
{
	uint64_t a = p->mods_base;
	unsigned int j;

	for (j = 0; j < i; j++)
		a += load_page_up(p->img->modules[j].size);
	return a;
}

/* Claim @len bytes, page-aligned, at *@cur, below p->limit. */
static int claim(struct load_plan *p, uint64_t *cur, uint64_t len,
		 const char *what, unsigned int i)
{
	if (len > p->limit - *cur || load_page_up(len) > p->limit - *cur)
		return load_fail(p, "%s %u of 0x%lx bytes does not fit at 0x%lx "
				 "below 0x%lx", what, i, len, *cur, p->limit);
	*cur += load_page_up(len);
	return 0;
}

int load_place(struct load_plan *p, uint64_t info_size)
{
	uint64_t cur = p->img_end > PC_HIGH_RAM_BASE ? p->img_end :
						       PC_HIGH_RAM_BASE;
	unsigned int i;

	cur = load_page_up(cur);
	if (cur > p->limit)
		return load_fail(p, "no room above the image (ends 0x%lx) "
				 "below 0x%lx", p->img_end, p->limit);
	p->mods_base = cur;
	for (i = 0; i < p->img->nr_modules; i++)
		if (claim(p, &cur, p->img->modules[i].size, "module", i))
			return -1;
	p->info = cur;
	p->info_size = info_size;
	if (claim(p, &cur, info_size, "boot information", 0) ||
	    claim(p, &cur, LOAD_STACK_SIZE, "boot stack", 0))
		return -1;
	p->stack_top = cur;
	return 0;
}

int load_write(struct load_plan *p, uint64_t gpa, const void *src,
	       uint64_t len)
{
	if (len && p->m->write(p->m->ctx, gpa, src, len))
		return load_fail(p, "writing 0x%lx bytes at 0x%lx failed", len,
				 gpa);
	return 0;
}

int load_write_zero(struct load_plan *p, uint64_t gpa, uint64_t len)
{
	static const uint8_t zeros[512];

	while (len) {
		uint64_t n = len < sizeof(zeros) ? len : sizeof(zeros);

		if (load_write(p, gpa, zeros, n))
			return -1;
		gpa += n;
		len -= n;
	}
	return 0;
}

int load_write_u64s(struct load_plan *p, uint64_t gpa, const uint64_t *v,
		    unsigned int n)
{
	uint8_t b[64 * 8];
	unsigned int i, k;

	while (n) {
		unsigned int c = n < 64 ? n : 64;

		for (i = 0; i < c; i++)
			for (k = 0; k < 8; k++)
				b[i * 8 + k] = (uint8_t)(v[i] >> (8 * k));
		if (load_write(p, gpa, b, c * 8))
			return -1;
		gpa += c * 8;
		v += c;
		n -= c;
	}
	return 0;
}

int load_write_ptes(struct load_plan *p, uint64_t table, unsigned int first,
		    unsigned int n, uint64_t base, uint64_t step,
		    uint64_t flags)
{
	uint64_t v[64];
	unsigned int k, c;

	while (n) {
		c = n < 64 ? n : 64;
		for (k = 0; k < c; k++)
			v[k] = (base + (first + k) * step) | flags;
		if (load_write_u64s(p, table + first * 8ull, v, c))
			return -1;
		first += c;
		n -= c;
	}
	return 0;
}

int load_write_segs(struct load_plan *p)
{
	unsigned int i;

	for (i = 0; i < p->nseg; i++) {
		const struct load_seg *s = &p->seg[i];

		/* The bss is zeroed here, not left to demand-zero RAM: the
		 * memory may have been used before (a reset, a reload). */
		if (load_write(p, s->paddr, p->img->data + s->offset,
			       s->filesz) ||
		    load_write_zero(p, s->paddr + s->filesz,
				    s->memsz - s->filesz))
			return -1;
	}
	return 0;
}

int load_write_image(struct load_plan *p)
{
	unsigned int i;

	if (load_write_segs(p))
		return -1;
	for (i = 0; i < p->img->nr_modules; i++)
		if (load_write(p, load_mod_addr(p, i), p->img->modules[i].data,
			       p->img->modules[i].size))
			return -1;
	return 0;
}

int load_kludge(struct load_plan *p, const char *who, uint64_t hdr_off,
		uint32_t header_addr, uint32_t load_addr,
		uint32_t load_end_addr, uint32_t bss_end_addr,
		uint32_t entry_addr)
{
	uint64_t size = p->img->size, off, filesz, end;
	struct load_seg *s = &p->seg[0];

	if (load_addr > header_addr)
		return load_fail(p, "%s: load_addr 0x%x above header_addr 0x%x",
				 who, load_addr, header_addr);
	if (header_addr - load_addr > hdr_off)
		return load_fail(p, "%s: header_addr 0x%x - load_addr 0x%x "
				 "reaches before the file's start (header at "
				 "offset 0x%lx)", who, header_addr, load_addr,
				 hdr_off);
	off = hdr_off - (header_addr - load_addr);
	if (load_end_addr == 0) {
		filesz = size - off;
	} else {
		if (load_end_addr < load_addr)
			return load_fail(p, "%s: load_end_addr 0x%x below "
					 "load_addr 0x%x", who, load_end_addr,
					 load_addr);
		filesz = load_end_addr - load_addr;
		if (filesz > size - off)
			return load_fail(p, "%s: load_end_addr 0x%x - load_addr "
					 "0x%x runs past the file (%lu bytes "
					 "from offset 0x%lx)", who,
					 load_end_addr, load_addr, size - off,
					 off);
	}
	end = (uint64_t)load_addr + filesz;
	if (bss_end_addr && bss_end_addr < end)
		return load_fail(p, "%s: bss_end_addr 0x%x below the loaded "
				 "end 0x%lx", who, bss_end_addr, end);
	if (filesz == 0 && !bss_end_addr)
		return load_fail(p, "%s: the address fields load nothing", who);
	s->paddr = s->vaddr = load_addr;
	s->offset = off;
	s->filesz = filesz;
	s->memsz = (bss_end_addr ? bss_end_addr : end) - load_addr;
	s->exec = 1;
	p->nseg = 1;
	p->entry = entry_addr;
	return 0;
}

void emit_bytes(struct emit *e, const void *src, uint64_t len)
{
	if (!e->dry && !e->failed &&
	    load_write(e->p, e->gpa + e->off, src, len))
		e->failed = 1;
	e->off += len;
}

void emit_zero(struct emit *e, uint64_t len)
{
	if (!e->dry && !e->failed &&
	    load_write_zero(e->p, e->gpa + e->off, len))
		e->failed = 1;
	e->off += len;
}

void emit_u32(struct emit *e, uint32_t v)
{
	uint8_t b[4] = { v, v >> 8, v >> 16, v >> 24 };

	emit_bytes(e, b, sizeof(b));
}

void emit_u64(struct emit *e, uint64_t v)
{
	emit_u32(e, (uint32_t)v);
	emit_u32(e, (uint32_t)(v >> 32));
}

void emit_align(struct emit *e, uint64_t a)
{
	emit_zero(e, (a - e->off % a) % a);
}
