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
#define DESC_CODE64		0x00af9a000000ffffull	/* L=1, P, DPL0, exec/read */
#define DESC_DATA		0x00cf92000000ffffull	/* P, DPL0, read/write */
#define DESC_TSS_AVAIL		0x9ull			/* 64-bit TSS, available */
#define DESC_PRESENT		(1ull << 47)
#define GATE_INTERRUPT		0x8e			/* P, DPL0, 64-bit int gate */
#define IST_CRITICAL		1	/* #DF, NMI, #MC: a known-good stack */
#define IST_STACK_SIZE		8192



static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate64 idt[256] __attribute__((aligned(16)));
static uint8_t ist_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

extern const char isr_stubs[];

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
	tss.ist[IST_CRITICAL - 1] = (uint64_t)(ist_stack + IST_STACK_SIZE);
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap */
	load_gdt();
	load_idt();
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
	console_sync();
	printf("vmm: host exception %s (vector %lu) error 0x%lx at RIP 0x%lx "
	       "CR2 0x%lx\n", exception_name((unsigned int)f->vector),
	       f->vector, f->error_code, f->rip, read_cr2());
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
