/*
 * cpu.c - host GDT, TSS and IDT (see cpu.h).
 *
 * Descriptor formats: SDM vol. 3, 3.4.5 (segment descriptors), 8.2.3 (the
 * 16-byte TSS descriptor in IA-32e mode), 6.14.1 (64-bit IDT gates). The
 * TSS has no I/O permission bitmap (its base is past the limit), so the
 * limit of 0x67 that every VM exit leaves in TR (SDM vol. 3, 28.5.2) is
 * already right and TR never needs reloading after an exit.
 */
#include "cpu.h"

#include <stdio.h>
#include <string.h>

#include "boot_defs.h"
#include "console.h"
#include "machine.h"
#include "x86.h"

#define GDT_ENTRIES		5	/* null, code, data, TSS (two slots) */
#define DESC_TSS_AVAIL		0x9ull			/* 64-bit TSS, available */
#define DESC_PRESENT		(1ull << 47)
#define GATE_INTERRUPT		0x8e			/* P, DPL0, 64-bit int gate */
#define IST_CRITICAL		1	/* #DF, NMI, #MC: a known-good stack */
#define IST_STACK_SIZE		8192

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate64 idt[256] __attribute__((aligned(16)));
/* The IST stack, above its guard page (the first page). */
static uint8_t ist_area[PAGE_SIZE_4K + IST_STACK_SIZE]
	__attribute__((aligned(PAGE_SIZE_4K)));

extern const char isr_stubs[];
extern char boot_stack_guard[];		/* asm/boot.S */

/*
 * Guard pages: the 4 KiB page under each host stack is left unmapped, so
 * that an overflow faults instead of silently rewriting what lies below
 * (under the boot stack: the boot page tables). The #PF cannot be pushed
 * on the overflowed stack, so it becomes a #DF (SDM vol. 3, 6.15, table
 * 6-5), which runs on the IST stack (6.14.5) and names the guard page;
 * an overflow of the IST stack itself re-enters the #DF handler at the
 * top of its stack. asm/boot.S maps the image with 4 KiB pages for this.
 */
#define GUARD_PAGES		2

static struct guard_page {
	uint64_t page;
	const char *stack;
} guard_pages[GUARD_PAGES];
static unsigned int nr_guard_pages;

/* The host's own 4 KiB page-table entry for @va (identity-mapped paging
 * structures, SDM vol. 3, 4.5), or NULL under a large page. */
static uint64_t *host_pte(uint64_t va)
{
	uint64_t *table = (uint64_t *)(read_cr3() & PTE_ADDR);
	unsigned int shift;

	for (shift = PT_SHIFT_PML4; shift > PT_SHIFT_PT;
	     shift -= PT_INDEX_BITS) {
		uint64_t e = table[(va >> shift) % PT_ENTRIES];

		if (!(e & PTE_P) || (e & PTE_PS))
			return NULL;
		table = (uint64_t *)(e & PTE_ADDR);
	}
	return &table[(va >> PT_SHIFT_PT) % PT_ENTRIES];
}

static void unmap_guard_page(void *page, const char *stack)
{
	uint64_t *pte = host_pte((uint64_t)page);

	if (!pte || nr_guard_pages == GUARD_PAGES)
		panic("no 4 KiB mapping for the guard page of the %s at %p",
		      stack, page);
	*pte = 0;
	invlpg(page);
	guard_pages[nr_guard_pages++] = (struct guard_page){
		(uint64_t)page, stack };
}

/* The stack whose guard page holds @addr, or NULL. */
static const char *guard_page_stack(uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < nr_guard_pages; i++)
		if (addr - guard_pages[i].page < PAGE_SIZE_4K)
			return guard_pages[i].stack;
	return NULL;
}

static void load_gdt(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	gdt[GDT_KERNEL_CS / 8] = DESC_CODE64;
	gdt[GDT_KERNEL_DS / 8] = DESC_DATA;
	gdt[GDT_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (DESC_TSS_AVAIL << 40) | DESC_PRESENT |
			   (((base >> 24) & 0xff) << 56);
	gdt[GDT_TSS / 8 + 1] = base >> 32;

	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ds\n\t"
		"movw %w2, %%es\n\t"
		"movw %w2, %%ss\n\t"
		"ltr %w3"
		: : "m"(p), "i"(GDT_KERNEL_CS), "r"(GDT_KERNEL_DS),
		    "r"(GDT_TSS) : "rax", "memory");
}

static void load_idt(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned int v;

	for (v = 0; v < 256; v++) {
		uint64_t h = (uint64_t)isr_stubs + v * ISR_STUB_SIZE;

		idt[v] = (struct idt_gate64){
			.offset_low = h & 0xffff,
			.selector = GDT_KERNEL_CS,
			.ist = (v == VEC_NMI || v == VEC_DF || v == VEC_MC)
				? IST_CRITICAL : 0,
			.type_attr = GATE_INTERRUPT,
			.offset_mid = (h >> 16) & 0xffff,
			.offset_high = h >> 32,
		};
	}
	__asm__ volatile("lidt %0" : : "m"(p));
}

void cpu_init(void)
{
	tss.ist[IST_CRITICAL - 1] = (uint64_t)(ist_area + sizeof(ist_area));
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap */
	load_gdt();
	load_idt();
	unmap_guard_page(boot_stack_guard, "boot stack");
	unmap_guard_page(ist_area, "IST stack (#DF, NMI, #MC)");
}

uint64_t cpu_tss_base(void) { return (uint64_t)&tss; }
uint64_t cpu_gdt_base(void) { return (uint64_t)gdt; }
uint64_t cpu_idt_base(void) { return (uint64_t)idt; }

/* One copy of the names for the host's reports (x86.h's is inline). */
const char *exception_name(unsigned int vector)
{
	return x86_exception_name(vector);
}

void trap_handler(struct trap_frame *f);

void trap_handler(struct trap_frame *f)
{
	uint64_t cr2 = read_cr2();
	const char *stack = NULL;

	console_sync();
	printf("vmm: host exception %s (vector %lu) error 0x%lx at RIP 0x%lx "
	       "CR2 0x%lx\n", exception_name((unsigned int)f->vector),
	       f->vector, f->error_code, f->rip, cr2);
	/* A #PF in a guard page, or the #DF it became (CR2 still names the
	 * page the delivery could not push to). */
	if (f->vector == VEC_PF || f->vector == VEC_DF)
		stack = guard_page_stack(cr2);
	if (stack)
		printf("vmm: stack overflow: the %s ran into its guard page "
		       "at 0x%lx\n", stack,
		       cr2 & ~(uint64_t)(PAGE_SIZE_4K - 1));
	printf("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
	       f->rax, f->rbx, f->rcx, f->rdx);
	printf("  rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n",
	       f->rsi, f->rdi, f->rbp, f->rsp);
	printf("  r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n",
	       f->r8, f->r9, f->r10, f->r11);
	printf("  r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n",
	       f->r12, f->r13, f->r14, f->r15);
	printf("  rflags %016lx cs %04lx ss %04lx\n", f->rflags, f->cs, f->ss);
	machine_exit(VMM_EXIT_HOST_FAULT);
}
