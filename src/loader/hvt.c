/*
 * hvt.c - the Solo5 hvt loader (issue 15), the loading half of what
 * Solo5's tender solo5-hvt does before its first KVM_RUN; the run-time
 * half (hypercalls, W^X verdict) is src/dev/hvt.c.
 *
 * The image is checked as the tender checks it (tenders/common/elf.c,
 * elf_load and elf_load_note; tenders/common/mft.c, mft_validate): the
 * Solo5 notes found through the PT_NOTE headers, PT_LOAD segments with
 * file data only (the tender skips the others, so a bss-only segment is
 * left to zero RAM), each at or above 1 MiB, in ascending order, rounded
 * to its p_align (a power of two) onto whole pages that do not overlap,
 * inside RAM and never writable and executable at once. Where the tender
 * says only "invalid executable" we name the field and the value.
 *
 * The boot state is the tender's on x86-64 (hvt_cpu_x86_64.[ch],
 * hvt_boot_info.c), and nothing else is in RAM: no firmware, no BIOS
 * data, every other byte zero.
 *
 *   0x1000   GDT: null, 64-bit code (sel 0x08), data (sel 0x10)
 *   0x2000   PML4, 0x3000 PDPT, 0x4000 four PDs (up to 4 GiB)
 *   0x8000   the page table of the first 2 MiB: [0, 64 KiB) not present,
 *            [64 KiB, 1 MiB) read-only, [1 MiB, 2 MiB) read-write;
 *            RAM above in 2 MiB pages, read-write; nothing past RAM
 *   0x10000  struct hvt_boot_info (RDI), then the manifest with the
 *            attached devices filled in, then the command line
 */
#include "load.h"

#include <string.h>

#include "elf_load.h"
#include "hvt_abi.h"
#include "x86.h"

#define PT_NOTE		4
#define PF_W		2
#define PF_R		4
#define NHDR_SIZE	12		/* Elf64_Nhdr */
#define E_EHSIZE_OFF	52

#define HVT_GDT		0x1000ull
#define HVT_PML4	0x2000ull
#define HVT_PDPT	0x3000ull
#define HVT_PD		0x4000ull	/* 4 pages */
#define HVT_PT0		0x8000ull
#define HVT_LOW_ABSENT	0x10000ull	/* below: not present */
#define HVT_CS		0x08
#define HVT_DS		0x10
#define HVT_MFT_MAX_SIZE (8 + HVT_MFT_MAX_ENTRIES * 104)
/* In struct hvt_mft_entry. */
#define MFT_E_TYPE	68
#define MFT_E_U		72
#define MFT_E_ATTACHED	96
#define MFT_E_SIZE	104

/*
 * The tender's descriptors (sreg_to_desc of hvt_x86_sreg_code/data): code
 * type 9 (execute-only, accessed), L = 1, G = 1; data type 3 (read-write,
 * accessed), D/B = 1, G = 1; both limit 0xfffff, base 0 (SDM vol. 3A,
 * 3.4.5).
 */
static const uint64_t hvt_gdt[3] = {
	0, 0x00af99000000ffffull, 0x00cf93000000ffffull,
};

/* The program header @i's type, offset and file size. */
static void ph_at(const uint8_t *d, unsigned int i, uint32_t *type,
		  uint64_t *off, uint64_t *filesz)
{
	const uint8_t *b = d + rd64(d + 32) + (uint64_t)i * ELF64_PHDR_SIZE;

	*type = rd32(b);
	*off = rd64(b + 8);
	*filesz = rd64(b + 32);
}

/* A PT_NOTE whose header lies in the file and names "Solo5" (elf_load_note
 * skips the others); its type in *@type. */
static int solo5_note(const uint8_t *d, uint64_t size, uint32_t ptype,
		      uint64_t off, uint64_t filesz, uint32_t *type)
{
	if (ptype != PT_NOTE || filesz < HVT_NOTE_HDR_SIZE ||
	    off > size || size - off < HVT_NOTE_HDR_SIZE)
		return 0;
	*type = rd32(d + off + 8);
	return rd32(d + off) == HVT_NOTE_NAMESZ &&
	       !memcmp(d + off + NHDR_SIZE, HVT_NOTE_NAME, HVT_NOTE_NAMESZ);
}

int hvt_find(const uint8_t *d, uint64_t size)
{
	unsigned int i, phnum;
	uint64_t phoff, off, filesz;
	uint32_t ptype, type;

	if (!elf_has_magic(d, size) || elf_class(d, size) != ELFCLASS64 ||
	    size < ELF64_EHDR_SIZE || rd16(d + 54) != ELF64_PHDR_SIZE)
		return 0;
	phoff = rd64(d + 32);
	phnum = rd16(d + 56);
	if (phoff > size || (uint64_t)phnum * ELF64_PHDR_SIZE > size - phoff)
		return 0;
	for (i = 0; i < phnum; i++) {
		ph_at(d, i, &ptype, &off, &filesz);
		if (solo5_note(d, size, ptype, off, filesz, &type))
			return 1;
	}
	return 0;
}

/*
 * The Solo5 note of @type (elf_load_note): its descriptor's file offset
 * in *@desc and size in *@descsz, which must be in [1, @max]. 0 found,
 * -1 refused (a PT_NOTE too short for any note, a descriptor past its
 * segment or the file) or missing.
 */
static int find_note(struct load_plan *p, uint32_t want, const char *what,
		     uint32_t max, uint64_t *desc, uint32_t *descsz)
{
	const uint8_t *d = p->img->data;
	uint64_t size = p->img->size, off, filesz;
	unsigned int i, phnum = rd16(d + 56);
	uint32_t ptype, type, n;

	for (i = 0; i < phnum; i++) {
		ph_at(d, i, &ptype, &off, &filesz);
		if (ptype == PT_NOTE && filesz < NHDR_SIZE)
			return load_fail(p, "hvt: program header %u: PT_NOTE "
					 "of %lu bytes is shorter than a note "
					 "header (%u)", i, filesz, NHDR_SIZE);
		if (!solo5_note(d, size, ptype, off, filesz, &type) ||
		    type != want)
			continue;
		n = rd32(d + off + 4);
		if (n < 1 || n > max)
			return load_fail(p, "hvt: Solo5 %s note: descriptor of "
					 "%u bytes, not 1..%u", what, n, max);
		if (filesz - HVT_NOTE_HDR_SIZE < n ||
		    size - off - HVT_NOTE_HDR_SIZE < n)
			return load_fail(p, "hvt: Solo5 %s note: descriptor of "
					 "%u bytes runs past its PT_NOTE (%lu "
					 "bytes) or the file", what, n, filesz);
		*desc = off + HVT_NOTE_HDR_SIZE;
		*descsz = n;
		return 0;
	}
	return load_fail(p, "hvt: no Solo5 %s note", what);
}

static int check_abi(struct load_plan *p)
{
	const uint8_t *d = p->img->data;
	uint64_t off;
	uint32_t n, target, version;

	if (find_note(p, HVT_ABI1_NOTE_TYPE, "ABI1", HVT_ABI1_DESC_SIZE,
		      &off, &n))
		return -1;
	if (n != HVT_ABI1_DESC_SIZE)
		return load_fail(p, "hvt: Solo5 ABI1 note: descriptor of %u "
				 "bytes, not %u", n, HVT_ABI1_DESC_SIZE);
	target = rd32(d + off);
	version = rd32(d + off + 4);
	if (target != HVT_ABI_TARGET_HVT || version != HVT_ABI_VERSION)
		return load_fail(p, "hvt: Solo5 ABI note says target %u version "
				 "%u; this hypervisor runs target %u (hvt) "
				 "version %u", target, version,
				 HVT_ABI_TARGET_HVT, HVT_ABI_VERSION);
	return 0;
}

/* Entry @i's name, NUL-terminated inside its field. */
static const char *mft_name(const uint8_t *m, unsigned int i)
{
	return (const char *)m + 8 + (uint64_t)i * MFT_E_SIZE;
}

/* mft_validate, and names that attach can tell apart. */
static int check_mft(struct load_plan *p, const uint8_t **mft,
		     uint32_t *mft_size)
{
	const uint8_t *m;
	uint64_t off;
	uint32_t n, entries, i, j, type;

	if (find_note(p, HVT_MFT1_NOTE_TYPE, "MFT1", HVT_MFT_MAX_SIZE +
		      HVT_MFT1_DESC_PAD, &off, &n))
		return -1;
	if (n < HVT_MFT1_DESC_PAD + 8)
		return load_fail(p, "hvt: Solo5 MFT1 note: descriptor of %u "
				 "bytes holds no manifest header", n);
	m = p->img->data + off + HVT_MFT1_DESC_PAD;
	n -= HVT_MFT1_DESC_PAD;
	entries = rd32(m + 4);
	if (rd32(m) != HVT_MFT_VERSION)
		return load_fail(p, "hvt: manifest version %u, not %u",
				 rd32(m), HVT_MFT_VERSION);
	if (entries < 1 || entries > HVT_MFT_MAX_ENTRIES)
		return load_fail(p, "hvt: manifest of %u entries, not 1..%u",
				 entries, HVT_MFT_MAX_ENTRIES);
	if (n != 8 + entries * MFT_E_SIZE)
		return load_fail(p, "hvt: manifest of %u entries in %u bytes, "
				 "not %u", entries, n, 8 + entries * MFT_E_SIZE);
	for (i = 0; i < entries; i++) {
		const uint8_t *e = m + 8 + i * MFT_E_SIZE;

		type = rd32(e + MFT_E_TYPE);
		if (memchr(e, '\0', HVT_MFT_NAME_SIZE) == NULL)
			return load_fail(p, "hvt: manifest entry %u: name not "
					 "terminated", i);
		if (e[MFT_E_ATTACHED])
			return load_fail(p, "hvt: manifest entry %u ('%s') is "
					 "already attached", i, mft_name(m, i));
		if (i == 0 ? type != HVT_MFT_RESERVED_FIRST || e[0] :
			     type != HVT_MFT_BLOCK_BASIC &&
			     type != HVT_MFT_NET_BASIC)
			return load_fail(p, "hvt: manifest entry %u ('%s'): type "
					 "0x%x, not %s", i, mft_name(m, i), type,
					 i == 0 ? "the reserved first (0x40000000) "
					 "with no name" : "block (1) or net (2)");
		if (i && !e[0])
			return load_fail(p, "hvt: manifest entry %u has no "
					 "name", i);
		for (j = 1; j < i; j++)
			if (!strcmp(mft_name(m, i), mft_name(m, j)))
				return load_fail(p, "hvt: manifest entries %u "
						 "and %u are both '%s'", j, i,
						 mft_name(m, i));
	}
	*mft = m;
	*mft_size = n;
	return 0;
}

/*
 * The tender's segment rules (elf_load), over the segments with file
 * data, which are kept in p->seg; their rights into e->hvt.prot and the
 * highest byte they occupy into *@end.
 */
static int check_segs(struct load_plan *p, struct guest_entry *e,
		      uint64_t mem, uint64_t *end)
{
	uint64_t last = 0, top = 0, start, stop;
	unsigned int i, n = 0;

	for (i = 0; i < p->nseg; i++) {
		struct load_seg *s = &p->seg[i];
		uint64_t a = s->align;

		if (s->filesz == 0)
			continue;
		if (s->vaddr != s->paddr)
			return load_fail(p, "hvt: segment %u: p_vaddr 0x%lx is "
					 "not p_paddr 0x%lx", i, s->vaddr,
					 s->paddr);
		if (s->vaddr < last)
			return load_fail(p, "hvt: segment %u at 0x%lx is not in "
					 "ascending order (after 0x%lx)", i,
					 s->vaddr, last);
		last = s->vaddr;
		if (!load_power_of_two(a))
			return load_fail(p, "hvt: segment %u: p_align 0x%lx is "
					 "not a power of two", i, a);
		start = s->vaddr & ~(a - 1);
		if (start < HVT_GUEST_MIN_BASE)
			return load_fail(p, "hvt: segment %u at 0x%lx (0x%lx "
					 "after p_align) lies below 1 MiB", i,
					 s->vaddr, start);
		if (start < top)
			return load_fail(p, "hvt: segment %u at 0x%lx (0x%lx "
					 "after p_align) overlaps the segment "
					 "before it, which ends at 0x%lx", i,
					 s->vaddr, start, top);
		stop = s->vaddr + s->memsz;	/* elf_read: no overflow */
		if (stop > UINT64_MAX - (a - 1) ||
		    ((stop + a - 1) & ~(a - 1)) > mem)
			return load_fail(p, "hvt: segment %u [0x%lx, 0x%lx) "
					 "ends past guest RAM (0x%lx) after "
					 "p_align 0x%lx", i, s->vaddr, stop,
					 mem, a);
		stop = (stop + a - 1) & ~(a - 1);
		if ((start | stop) & (LOAD_PAGE - 1))
			return load_fail(p, "hvt: segment %u [0x%lx, 0x%lx) is "
					 "not page-aligned after p_align 0x%lx",
					 i, start, stop, a);
		if ((s->flags & (PF_W | PF_X)) == (PF_W | PF_X))
			return load_fail(p, "hvt: segment %u at 0x%lx asks to "
					 "be writable and executable (p_flags "
					 "0x%x)", i, s->vaddr, s->flags);
		e->hvt.prot[n].start = start;
		e->hvt.prot[n].end = stop;
		e->hvt.prot[n].rights = (s->flags & PF_R ? HVT_PROT_R : 0) |
					(s->flags & PF_W ? HVT_PROT_W : 0) |
					(s->flags & PF_X ? HVT_PROT_X : 0);
		p->seg[n++] = *s;
		top = stop;
	}
	if (n == 0)
		return load_fail(p, "hvt: no PT_LOAD segment with file data");
	p->nseg = n;
	e->hvt.nprot = n;
	*end = top;
	return 0;
}

static const char *const hvt_type_names[] = {
	[HVT_MFT_BLOCK_BASIC] = "block", [HVT_MFT_NET_BASIC] = "net",
};

/* Every declared device attached, every attached one declared, by name
 * and type (hvt_main.c's loop over the manifest). */
static int match_devices(struct load_plan *p, struct guest_entry *e,
			 const uint8_t *m)
{
	const struct hvt_attach *a = p->m->hvt_attach;
	uint32_t entries = rd32(m + 4), i, type;
	unsigned int j;

	e->hvt.nr_entries = entries;
	for (i = 0; i < entries; i++)
		e->hvt.attach[i] = -1;
	for (j = 0; j < p->m->nr_hvt_attach; j++) {
		for (i = 1; i < entries; i++)
			if (!strcmp(mft_name(m, i), a[j].name))
				break;
		if (i == entries)
			return load_fail(p, "hvt device '%s' is attached but "
					 "the manifest declares no such "
					 "device", a[j].name);
		type = rd32(m + 8 + i * MFT_E_SIZE + MFT_E_TYPE);
		if (type != a[j].type)
			return load_fail(p, "hvt device '%s' is declared %s but "
					 "attached as %s", a[j].name,
					 hvt_type_names[type],
					 a[j].type == HVT_MFT_NET_BASIC ?
					 "net" : "block");
		if (type == HVT_MFT_BLOCK_BASIC &&
		    (!a[j].block_size || a[j].capacity % a[j].block_size))
			return load_fail(p, "hvt block device '%s': %lu bytes "
					 "are not a whole number of %u-byte "
					 "blocks", a[j].name, a[j].capacity,
					 a[j].block_size);
		e->hvt.attach[i] = (int8_t)j;
	}
	for (i = 1; i < entries; i++)
		if (e->hvt.attach[i] < 0)
			return load_fail(p, "Device '%s' declared but not "
					 "attached", mft_name(m, i));
	return 0;
}

static int write_page_tables(struct load_plan *p, uint64_t mem)
{
	uint64_t pml4 = HVT_PDPT | PTE_P | PTE_W, pd0 = HVT_PT0 | PTE_P | PTE_W;
	unsigned int npd = (unsigned int)((mem + (1ull << 30) - 1) >> 30);
	unsigned int n2m = (unsigned int)(mem / PAGE_SIZE_2M);

	return load_write_u64s(p, HVT_PML4, &pml4, 1) ||
	       load_write_ptes(p, HVT_PDPT, 0, npd, HVT_PD, LOAD_PAGE,
			       PTE_P | PTE_W) ||
	       load_write_u64s(p, HVT_PD, &pd0, 1) ||
	       load_write_ptes(p, HVT_PD, 1, n2m - 1, 0, PAGE_SIZE_2M,
			       PTE_P | PTE_W | PTE_PS) ||
	       load_write_ptes(p, HVT_PT0, HVT_LOW_ABSENT / LOAD_PAGE,
			       (HVT_GUEST_MIN_BASE - HVT_LOW_ABSENT) /
			       LOAD_PAGE, 0, LOAD_PAGE, PTE_P) ||
	       load_write_ptes(p, HVT_PT0, HVT_GUEST_MIN_BASE / LOAD_PAGE,
			       (PAGE_SIZE_2M - HVT_GUEST_MIN_BASE) / LOAD_PAGE,
			       0, LOAD_PAGE, PTE_P | PTE_W) ||
	       load_write_u64s(p, HVT_GDT, hvt_gdt, 3);
}

/* The manifest with what attach gave each device (hvt_module_blk.c and
 * hvt_module_net.c's setup), then the command line, after the boot info. */
static int write_boot_info(struct load_plan *p, struct guest_entry *e,
			   const uint8_t *m, uint32_t mft_size,
			   const char *args, uint64_t mem, uint64_t end)
{
	uint64_t cmdline = HVT_MFT_GPA + mft_size, bi[5] = {
		mem, end, p->m->tsc_hz, cmdline, HVT_MFT_GPA,
	};
	uint8_t u[MFT_E_ATTACHED - MFT_E_U + 1];	/* u to attached */
	unsigned int i;

	if (load_write_u64s(p, HVT_BOOT_INFO_GPA, bi, 5) ||
	    load_write(p, HVT_MFT_GPA, m, mft_size) ||
	    load_write(p, cmdline, args, strlen(args) + 1))
		return -1;
	for (i = 1; i < e->hvt.nr_entries; i++) {
		const struct hvt_attach *a = &p->m->hvt_attach[e->hvt.attach[i]];
		uint64_t gpa = HVT_MFT_GPA + 8 + i * MFT_E_SIZE + MFT_E_U;

		memset(u, 0, sizeof(u));
		if (a->type == HVT_MFT_BLOCK_BASIC) {
			memcpy(u, &a->capacity, 8);
			memcpy(u + 8, &a->block_size, 2);
		} else {
			memcpy(u, a->mac, 6);
			memcpy(u + 6, &a->mtu, 2);
		}
		u[MFT_E_ATTACHED - MFT_E_U] = 1;
		if (load_write(p, gpa, u, sizeof(u)))
			return -1;
	}
	return 0;
}

int hvt_load(struct load_plan *p, struct guest_entry *e)
{
	const uint8_t *d = p->img->data, *m = NULL;
	const char *args = load_args(p);
	uint64_t mem = p->limit & ~(PAGE_SIZE_2M - 1);	/* <= 4 GiB */
	uint64_t entry, end = 0;
	uint32_t mft_size = 0;

	if (elf_read(p, "hvt"))
		return -1;
	if (rd16(d + E_EHSIZE_OFF) != ELF64_EHDR_SIZE)
		return load_fail(p, "hvt: e_ehsize %u is not %u",
				 rd16(d + E_EHSIZE_OFF), ELF64_EHDR_SIZE);
	if (mem < PAGE_SIZE_2M)
		return load_fail(p, "hvt: guest RAM of %lu bytes is under the "
				 "2 MiB an hvt unikernel needs", p->m->ram);
	if (!p->m->tsc_hz)
		return load_fail(p, "hvt: the TSC rate is unknown");
	if (check_abi(p) || check_mft(p, &m, &mft_size) ||
	    check_segs(p, e, mem, &end))
		return -1;
	entry = rd64(d + 24);
	if (entry < HVT_GUEST_MIN_BASE || entry >= mem)
		return load_fail(p, "hvt: e_entry 0x%lx lies outside [0x%x, "
				 "0x%lx), the RAM above 1 MiB", entry,
				 HVT_GUEST_MIN_BASE, mem);
	if (strlen(args) >= HVT_CMDLINE_SIZE)
		return load_fail(p, "hvt: guest command line of %lu "
				 "characters, at most %u", strlen(args),
				 HVT_CMDLINE_SIZE - 1);
	if (match_devices(p, e, m) || load_write_segs(p) ||
	    write_page_tables(p, mem) ||
	    write_boot_info(p, e, m, mft_size, args, mem, end))
		return -1;
	e->format = IMAGE_HVT;
	e->mode = ENTRY_LONG64;
	e->cr3 = HVT_PML4;
	e->cr0 = CR0_PE | CR0_NE | CR0_PG;
	e->cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
	e->gdt_base = HVT_GDT;
	e->gdt_limit = sizeof(hvt_gdt) - 1;
	e->cs = HVT_CS;
	e->ds = HVT_DS;
	e->rdi = HVT_BOOT_INFO_GPA;
	e->hvt.boot_info = HVT_BOOT_INFO_GPA;
	p->entry = entry;
	p->lo = p->seg[0].paddr;
	p->stack_top = mem - 8;	/* RSP (hvt_kvm_x86_64.c) */
	return 0;
}
