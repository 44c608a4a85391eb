/*
 * multiboot2.c - the Multiboot2 loader: find and check the header, walk
 * its tags within header_length, refuse what we cannot honour (a required
 * information tag we do not give, EFI entry, a required console), and load
 * the kernel through its address tag or its ELF program headers.
 */
#include "multiboot2.h"

#include "elf_load.h"
#include "load.h"

static uint64_t search_end(uint64_t size)
{
	return size < MB2_SEARCH ? size : MB2_SEARCH;
}

int mb2_find(const uint8_t *d, uint64_t size, uint64_t *off, uint64_t *bad)
{
	uint64_t end = search_end(size), o;

	*bad = UINT64_MAX;
	for (o = 0; o + MB2_HEADER_FIXED <= end; o += MB2_ALIGN) {
		if (rd32(d + o) != MB2_HEADER_MAGIC)
			continue;
		/* 3.1.1: the four fixed fields sum to 0 (mod 2^32). */
		if ((uint32_t)(rd32(d + o) + rd32(d + o + 4) +
			       rd32(d + o + 8) + rd32(d + o + 12)) == 0) {
			*off = o;
			return 1;
		}
		if (*bad == UINT64_MAX)
			*bad = o;
	}
	return 0;
}

struct mb2_hdr {
	int have_addr, have_entry;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	uint32_t entry_addr;
};

static int tag_size(struct load_plan *p, unsigned int type, uint32_t size,
		    uint32_t want)
{
	if (size < want)
		return load_fail(p, "Multiboot2 header tag %u of %u bytes, "
				 "shorter than its %u", type, size, want);
	return 0;
}

static int info_request(struct load_plan *p, const uint8_t *t, uint32_t size,
			int optional)
{
	uint32_t i;

	for (i = 8; i + 4 <= size; i += 4) {
		uint32_t want = rd32(t + i);

		if (!optional && !mbi2_provides(p, want))
			return load_fail(p, "Multiboot2 header requires "
					 "information tag %u, which this loader "
					 "cannot provide", want);
	}
	return 0;
}

static int one_tag(struct load_plan *p, const uint8_t *t, struct mb2_hdr *h)
{
	uint16_t type = rd16(t);
	int optional = rd16(t + 2) & MB2_HT_OPTIONAL;
	uint32_t size = rd32(t + 4);

	switch (type) {
	case MB2_HT_INFO_REQUEST:
		return info_request(p, t, size, optional);
	case MB2_HT_ADDRESS:
		if (tag_size(p, type, size, 24))
			return -1;
		h->have_addr = 1;
		h->header_addr = rd32(t + 8);
		h->load_addr = rd32(t + 12);
		h->load_end_addr = rd32(t + 16);
		h->bss_end_addr = rd32(t + 20);
		return 0;
	case MB2_HT_ENTRY:
		if (tag_size(p, type, size, 12))
			return -1;
		h->have_entry = 1;
		h->entry_addr = rd32(t + 8);
		return 0;
	case MB2_HT_CONSOLE:
		if (tag_size(p, type, size, 12))
			return -1;
		/* 3.1.8: bit 0 = some console must be described in the
		 * info; ours is a serial port the spec has no tag for. */
		if (!optional && (rd32(t + 8) & MB2_CONSOLE_REQUIRED))
			return load_fail(p, "Multiboot2 header requires a "
					 "console (flags 0x%x); there is none "
					 "to describe", rd32(t + 8));
		return 0;
	case MB2_HT_FRAMEBUFFER:
		/* No display: ignored, required or not, as QEMU ignores
		 * Multiboot1's video bit. */
		return 0;
	case MB2_HT_MODULE_ALIGN:
		return 0;	/* modules are always page-aligned */
	case MB2_HT_RELOCATABLE:
		/* Loading at the linked address is one the kernel allows. */
		return tag_size(p, type, size, 24);
	case MB2_HT_EFI_BS:
	case MB2_HT_ENTRY_EFI32:
	case MB2_HT_ENTRY_EFI64:
		if (optional)
			return 0;
		return load_fail(p, "Multiboot2 header requires EFI (tag %u); "
				 "this machine has no EFI", type);
	}
	if (optional)
		return 0;
	return load_fail(p, "Multiboot2 header tag %u is unknown and not "
			 "optional", type);
}

static int parse_header(struct load_plan *p, uint64_t off, struct mb2_hdr *h)
{
	const uint8_t *hd = p->img->data + off;
	uint64_t end = search_end(p->img->size);
	uint32_t arch = rd32(hd + 4), len = rd32(hd + 8), pos;

	if (arch != MB2_ARCH_I386)
		return load_fail(p, "Multiboot2 header architecture %u is not "
				 "i386 (0)", arch);
	if (len < MB2_HEADER_FIXED + 8 || len > end - off)
		return load_fail(p, "Multiboot2 header_length %u at 0x%lx is "
				 "not in %u..%lu", len, off,
				 MB2_HEADER_FIXED + 8, end - off);
	for (pos = MB2_HEADER_FIXED; pos + 8 <= len;) {
		const uint8_t *t = hd + pos;
		uint32_t size = rd32(t + 4);

		if (size < 8)
			return load_fail(p, "Multiboot2 header tag %u at +%u of "
					 "size %u, under 8", rd16(t), pos,
					 size);
		if (size > len - pos)
			return load_fail(p, "Multiboot2 header tag %u at +%u of "
					 "size %u runs past header_length %u",
					 rd16(t), pos, size, len);
		if (rd16(t) == MB2_HT_END)
			return 0;
		if (one_tag(p, t, h))
			return -1;
		pos += (size + MB2_ALIGN - 1) & ~(MB2_ALIGN - 1);
	}
	return load_fail(p, "Multiboot2 header at 0x%lx has no end tag within "
			 "header_length %u", off, len);
}

int mb2_load(struct load_plan *p, uint64_t off, struct guest_entry *e)
{
	struct mb2_hdr h = { 0 };

	if (parse_header(p, off, &h))
		return -1;
	if (h.have_addr) {
		if (!h.have_entry)
			return load_fail(p, "Multiboot2 address tag without an "
					 "entry address tag");
		/* 3.1.5: load_addr -1 loads the file from its start. */
		if (h.load_addr == UINT32_MAX) {
			if (h.header_addr < off)
				return load_fail(p, "Multiboot2: header_addr "
						 "0x%x below the header's file "
						 "offset 0x%lx", h.header_addr,
						 off);
			h.load_addr = h.header_addr - (uint32_t)off;
		}
		if (load_kludge(p, "Multiboot2", off, h.header_addr,
				h.load_addr, h.load_end_addr, h.bss_end_addr,
				h.entry_addr))
			return -1;
	} else {
		if (!elf_has_magic(p->img->data, p->img->size))
			return load_fail(p, "Multiboot2 header without an "
					 "address tag and no ELF magic");
		if (elf_read(p, "Multiboot2 ELF"))
			return -1;
		if (h.have_entry)
			p->entry = h.entry_addr;
	}
	if (load_check_segs(p) || mbi2_build(p))
		return -1;
	e->format = IMAGE_MULTIBOOT2;
	e->mode = ENTRY_PROT32;
	e->rax = MB2_BOOT_MAGIC;
	e->rbx = p->info;
	return 0;
}
