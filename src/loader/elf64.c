/*
 * elf64.c - the plain ELF64 loader: an x86-64 ET_EXEC without a Multiboot
 * header is entered in 64-bit mode at e_entry with paging on through an
 * identity map of the first 4 GiB (2 MiB pages, SDM vol. 3A, 4.5), given
 * the Multiboot2 magic in RAX and a Multiboot2 information block in RBX,
 * so it learns memory, command line and modules the way a Multiboot2
 * kernel does.
 */
#include "boot64.h"
#include "elf_load.h"
#include "load.h"
#include "multiboot2.h"
#include "x86.h"

#define PD_PAGES	4		/* 4 x 1 GiB */
#define PD_ENTRIES	512

/* The flat descriptors (SDM vol. 3A, 3.4.5), in boot64.h's order. */
static const uint64_t boot_gdt[BOOT64_GDT_ENTRIES] = {
	0, DESC_CODE64, DESC_DATA, DESC_CODE32,
};

int boot64_write(struct load_plan *p, const uint64_t *gdt)
{
	uint64_t pml4 = BOOT64_PDPT | PTE_P | PTE_W;

	return load_write_u64s(p, BOOT64_PML4, &pml4, 1) ||
	       load_write_zero(p, BOOT64_PML4 + 8, LOAD_PAGE - 8) ||
	       load_write_ptes(p, BOOT64_PDPT, 0, PD_PAGES, BOOT64_PD,
			       LOAD_PAGE, PTE_P | PTE_W) ||
	       load_write_zero(p, BOOT64_PDPT + PD_PAGES * 8,
			       LOAD_PAGE - PD_PAGES * 8) ||
	       load_write_ptes(p, BOOT64_PD, 0, PD_PAGES * PD_ENTRIES, 0,
			       PAGE_SIZE_2M, PTE_P | PTE_W | PTE_PS) ||
	       load_write_u64s(p, BOOT64_GDT, gdt, BOOT64_GDT_ENTRIES) ? -1 : 0;
}

void boot64_entry(struct guest_entry *e, uint16_t cs, uint16_t ds)
{
	e->mode = ENTRY_LONG64;
	e->cr3 = BOOT64_PML4;
	e->cr0 = CR0_PE | CR0_PG | CR0_ET;
	e->cr4 = CR4_PAE;
	e->gdt_base = BOOT64_GDT;
	e->gdt_limit = BOOT64_GDT_LIMIT;
	e->cs = cs;
	e->ds = ds;
}

int elf64_load(struct load_plan *p, struct guest_entry *e)
{
	unsigned int i;

	if (elf_read(p, "ELF64"))
		return -1;
	/* Under the identity map a segment runs where it is loaded; one
	 * linked elsewhere would need page tables we do not build. */
	for (i = 0; i < p->nseg; i++)
		if (p->seg[i].vaddr != p->seg[i].paddr)
			return load_fail(p, "ELF64 segment %u: p_vaddr 0x%lx is "
					 "not p_paddr 0x%lx; only identity-"
					 "linked kernels run under the identity "
					 "map", i, p->seg[i].vaddr,
					 p->seg[i].paddr);
	if (load_check_segs(p) || mbi2_build(p) ||
	    boot64_write(p, boot_gdt))
		return -1;
	e->format = IMAGE_ELF64;
	boot64_entry(e, BOOT64_CS, BOOT64_DS);
	e->rax = MB2_BOOT_MAGIC;
	e->rbx = p->info;
	return 0;
}
