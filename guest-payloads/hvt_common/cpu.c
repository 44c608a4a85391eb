/*
 * cpu.c - our hvt tests' own GDT, TSS and IDT, and the trap report.
 * solo5-hvt leaves its boot GDT at 0x1000 unmapped in the guest's page
 * tables and sets no IDT, so a guest that wants to survive to report an
 * exception installs its own, as Solo5's cpu_x86_64.c does: exceptions
 * on an IST stack (SDM vol. 3, 6.14.5), #DF and NMI on a second one.
 */
#include "hvt.h"
#include "x86.h"

#define SEL_CODE	0x08
#define SEL_DATA	0x10
#define SEL_TSS		0x18
#define GDT_NR		5		/* null, code, data, TSS (two) */
#define IST_TRAP	1
#define IST_FATAL	2
#define IST_STACK_SIZE	4096

extern const uint64_t hvt_trap_stubs[VEC_NR_EXCEPTIONS];
void hvt_trap(uint64_t vector, struct hvt_trap_regs *regs);

static uint64_t gdt[GDT_NR] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static struct idt_gate64 idt[VEC_NR_EXCEPTIONS] __attribute__((aligned(16)));
static uint8_t ist_trap[IST_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t ist_fatal[IST_STACK_SIZE] __attribute__((aligned(16)));

/* Solo5's names for the vectors in its trap report. */
static const char *const trap_names[VEC_NR_EXCEPTIONS] = {
	"#DE", "#DB", "#NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#9", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#21", "#22", "#23",
	"#24", "#25", "#26", "#27", "#28", "#29", "#30", "#31",
};

/* A 64-bit available TSS descriptor, 16 bytes (SDM vol. 3, 8.2.3,
 * figure 8-4): limit 15:0 in bits 15:0, base 23:0 in bits 39:16, the
 * attributes from bit 40, base 31:24 in bits 63:56, base 63:32 in the
 * second quadword. The limit fits in 16 bits (sizeof(struct tss64)). */
#define TSS_BASE_LOW_SHIFT	16
#define TSS_BASE_LOW_MASK	0xffffffull
#define TSS_BASE_MID_SHIFT	24
#define TSS_BASE_MID_POS	56
#define TSS_BASE_MID_MASK	0xffull
#define TSS_BASE_HIGH_SHIFT	32

static void set_tss_desc(uint64_t *d, uint64_t base, uint16_t limit)
{
	uint64_t ar = AR_TYPE_TSS64_AVAIL | AR_P;

	d[0] = limit | (base & TSS_BASE_LOW_MASK) << TSS_BASE_LOW_SHIFT |
	       ar << SEG_DESC_AR_SHIFT |
	       (base >> TSS_BASE_MID_SHIFT & TSS_BASE_MID_MASK)
		       << TSS_BASE_MID_POS;
	d[1] = base >> TSS_BASE_HIGH_SHIFT;
}

/* A 64-bit interrupt gate (SDM vol. 3, 6.14.1): the handler's offset
 * split 15:0, 31:16, 63:32. */
static void set_gate(unsigned int v, uint64_t handler, unsigned int ist)
{
	struct idt_gate64 *g = &idt[v];

	g->offset_low = (uint16_t)handler;
	g->offset_mid = (uint16_t)(handler >> 16);
	g->offset_high = (uint32_t)(handler >> 32);
	g->selector = SEL_CODE;
	g->ist = ist;
	g->type_attr = AR_TYPE_INTR_GATE64 | AR_P;
	g->reserved = 0;
}

void hvt_cpu_init(void)
{
	struct desc_ptr gdtr = { sizeof(gdt) - 1, (uintptr_t)gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (uintptr_t)idt };
	unsigned int v;

	gdt[SEL_CODE / 8] = DESC_CODE64;
	gdt[SEL_DATA / 8] = DESC_DATA;
	tss.ist[IST_TRAP - 1] = (uintptr_t)(ist_trap + IST_STACK_SIZE);
	tss.ist[IST_FATAL - 1] = (uintptr_t)(ist_fatal + IST_STACK_SIZE);
	tss.iomap_base = sizeof(tss);
	set_tss_desc(&gdt[SEL_TSS / 8], (uintptr_t)&tss, sizeof(tss) - 1);
	for (v = 0; v < VEC_NR_EXCEPTIONS; v++)
		set_gate(v, hvt_trap_stubs[v],
			 v == VEC_DF || v == VEC_NMI ? IST_FATAL : IST_TRAP);

	/* Reload CS with a far return and the data segments, then TR. */
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %2\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\tmovl %3, %%eax\n\t"
		"movl %%eax, %%ds\n\t"
		"movl %%eax, %%es\n\t"
		"movl %%eax, %%ss\n\t"
		"movl %%eax, %%fs\n\t"
		"movl %%eax, %%gs\n\t"
		"movw %4, %%ax\n\t"
		"ltr %%ax\n\t"
		"lidt %1"
		: : "m"(gdtr), "m"(idtr), "i"(SEL_CODE), "i"(SEL_DATA),
		    "i"(SEL_TSS)
		: "rax", "memory");
}

/* Solo5's cpu_trap_handler report, then PANIC("Fatal trap"). */
void hvt_trap(uint64_t vector, struct hvt_trap_regs *regs)
{
	hvt_printf("Solo5: trap: type=%s ec=0x%lx rip=0x%lx rsp=0x%lx "
		   "rflags=0x%lx\n", trap_names[vector], regs->ec, regs->rip,
		   regs->rsp, regs->rflags);
	if (vector == VEC_PF)
		hvt_printf("Solo5: trap: cr2=0x%lx\n", regs->cr2);
	hvt_abort(__FILE__, __LINE__, "Fatal trap", regs);
}
