/*
 * dbloop.c - a guest that builds the #DB loop of CVE-2015-8104: #DB is
 * delivered on its own IST stack (the same stack top each time, SDM vol.
 * 3, 6.14.5), and a data breakpoint watches the slot where the delivery
 * pushes SS. Every delivery then raises a #DB trap before the handler's
 * first instruction, and that trap outranks interrupts (6.9): the CPU
 * delivers #DB for ever, and without a VM exit on #DB the physical CPU
 * hangs with it. The hypervisor must keep control and end the guest.
 * INT1 starts it. Nothing after it runs.
 */
#include "guest.h"

#define GDT_TSS			0x20	/* after entry16.S's four slots */
#define GDT_SLOTS		6	/* those, and the 16-byte TSS one */
#define IST_DB			1
#define IST_STACK_SIZE		PAGE_SIZE_4K
#define EXIT_NOT_STOPPED	99

static uint64_t gdt[GDT_SLOTS] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t ist_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

/* A 64-bit TSS descriptor, available (SDM vol. 3, 8.2.3, figure 8-4). */
static void set_tss_descriptor(uint64_t *d, uint64_t base, uint32_t limit)
{
	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       ((uint64_t)(AR_TYPE_TSS64_AVAIL | AR_P) << SEG_DESC_AR_SHIFT) |
	       (((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
}

static void load_tss(void)
{
	struct desc_ptr cur, p = { sizeof(gdt) - 1, (uint64_t)gdt };

	__asm__ volatile("sgdt %0" : "=m"(cur));
	memcpy(gdt, (const void *)cur.base, GDT_TSS);
	tss.ist[IST_DB - 1] = (uint64_t)(ist_stack + IST_STACK_SIZE);
	tss.iomap_base = sizeof(tss);
	set_tss_descriptor(&gdt[GDT_TSS / 8], (uint64_t)&tss, sizeof(tss) - 1);
	__asm__ volatile("lgdt %0\n\tltr %w1" : : "m"(p), "r"(GDT_TSS)
			 : "memory");
}

static int on_db(struct guest_frame *f)
{
	(void)f;
	return 1;		/* never reached: the delivery never ends */
}

void main64(void)
{
	struct desc_ptr idtr;
	uint64_t ss_slot = (uint64_t)(ist_stack + IST_STACK_SIZE) - 8;

	idt_set_handler(VEC_DB, on_db);
	load_tss();
	__asm__ volatile("sidt %0" : "=m"(idtr));
	((struct idt_gate64 *)idtr.base)[VEC_DB].ist = IST_DB;

	printf("dbloop: #DB on IST %u, a write breakpoint on its SS slot "
	       "0x%lx; INT1\n", IST_DB, ss_slot);
	write_dr0(ss_slot);
	write_dr7(DR7_RESET | DR7_L0 |
		  ((uint64_t)DR7_RW_WRITE << DR7_RW_SHIFT(0)) |
		  ((uint64_t)DR7_LEN_8 << DR7_LEN_SHIFT(0)));
	__asm__ volatile(".byte 0xf1" : : : "memory");	/* INT1 */
	write_dr7(DR7_RESET);
	printf("dbloop: the #DB loop ended by itself\n");
	exit_code(EXIT_NOT_STOPPED);
}
