/*
 * ioapic.c - the I/O APIC from inside the guest, with the 8259 pair
 * masked and the local APIC in x2APIC mode, as a kernel in symmetric
 * I/O mode has them: the one at 0xfec00000 (the MADT's) reads ID 1 and
 * version 0x11 with 24 entries, masked at reset (82093AA data sheet);
 * an ISA line raised through pc-testdev's port 0x2000 + n reaches the
 * vector of pin n's entry once per rising edge, not while masked (an
 * edge that came masked is lost), on the falling edge for an active-low
 * entry; a level entry unmasked on a raised line fires; the PIT's IRQ0
 * arrives on pin 2 and wakes HLT; and a fixed message to a software-
 * disabled APIC is dropped, not held for when it is enabled again (SDM
 * vol. 3, 11.4.7.2).
 *
 * Exit code 0 when every check passed, 1 when one failed.
 */
#include "guest.h"
#include "apic.h"

#define IOAPIC_BASE	0xfec00000ull
#define IOAPIC_VECTOR	0x50
#define TESTDEV_IRQ	0x2000		/* pc-testdev: ISA line n at +n */
#define RTE_MASKED	(1u << 16)
#define RTE_LEVEL	(1u << 15)
#define RTE_ACTIVE_LOW	(1u << 13)
#define PIC1_DATA	0x21
#define PIC2_DATA	0xa1
#define PIT_CH0		0x40
#define PIT_CTRL	0x43

volatile uint32_t ioapic_count;
void ioapic_isr(void);

/* The 3-4 GiB page directory for the I/O APIC's page, uncached as
 * apic.h maps the APIC's. */
static uint64_t ioapic_pd[512] __attribute__((aligned(4096)));
static int failed;

static void check(int ok, const char *what)
{
	printf("ioapic: %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failed = 1;
}

static uint32_t ioapic_read(uint32_t reg)
{
	*(volatile uint32_t *)IOAPIC_BASE = reg;
	return *(volatile uint32_t *)(IOAPIC_BASE + 0x10);
}

static void ioapic_write(uint32_t reg, uint32_t val)
{
	*(volatile uint32_t *)IOAPIC_BASE = reg;
	*(volatile uint32_t *)(IOAPIC_BASE + 0x10) = val;
}

/* Pin @pin's entry: @flags and the vector, to APIC ID 0, physical. */
static void rte(unsigned int pin, uint32_t flags)
{
	ioapic_write(0x11 + 2 * pin, 0);
	ioapic_write(0x10 + 2 * pin, flags | IOAPIC_VECTOR);
}

/* Drive ISA line @irq to @level, then let a pending interrupt in. */
static void line(unsigned int irq, int level)
{
	outb(TESTDEV_IRQ + irq, (uint8_t)level);
	__asm__ volatile("sti; nop; nop; cli" ::: "memory");
}

void main64(void)
{
	uint64_t *pdpt = (uint64_t *)GUEST_PDPT;
	uint32_t n;

	ioapic_pd[PD_INDEX(IOAPIC_BASE)] =
		(IOAPIC_BASE & ~(uint64_t)(PAGE_SIZE_2M - 1)) | PTE_P | PTE_W |
		PTE_PS | PTE_PWT | PTE_PCD;
	pdpt[PDPT_INDEX(IOAPIC_BASE)] = (uint64_t)ioapic_pd | PTE_P | PTE_W;
	idt_set_gate(IOAPIC_VECTOR, ioapic_isr);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_X2APIC);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | 0xff);

	check(ioapic_read(0) == 1u << 24 && ioapic_read(1) == 0x00170011,
	      "ID 1, version 0x11, 24 entries");
	check(ioapic_read(0x10 + 2 * 5) & RTE_MASKED, "entries masked at reset");
	n = ioapic_count;
	rte(5, 0);
	line(5, 1);
	check(ioapic_count == n + 1, "ISA line 5 up: its vector");
	line(5, 1);
	line(5, 0);
	check(ioapic_count == n + 1, "one interrupt per edge");
	rte(5, RTE_MASKED);
	line(5, 1);
	line(5, 0);
	rte(5, 0);
	line(5, 0);
	check(ioapic_count == n + 1, "an edge while masked is lost");
	rte(5, RTE_ACTIVE_LOW);
	line(5, 1);
	check(ioapic_count == n + 1, "active low: the rising edge does nothing");
	line(5, 0);
	check(ioapic_count == n + 2, "active low: the falling edge fires");
	rte(5, RTE_MASKED | RTE_LEVEL);
	line(5, 1);
	rte(5, RTE_LEVEL);
	line(5, 1);
	check(ioapic_count == n + 3,
	      "a level entry unmasked on a raised line fires");
	rte(5, RTE_MASKED);
	line(5, 0);
	rte(5, 0);
	x2apic_write(APIC_SPIV, 0xff);
	line(5, 1);
	line(5, 0);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | 0xff);
	line(5, 0);
	check(ioapic_count == n + 3,
	      "nothing kept for a software-disabled APIC");
	rte(5, RTE_MASKED);
	rte(2, 0);
	outb(PIT_CTRL, 0x34);			/* ch 0, mode 2, ~1 kHz */
	outb(PIT_CH0, 1193 & 0xff);
	outb(PIT_CH0, 1193 >> 8);
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	check(ioapic_count == n + 4, "PIT IRQ0 on pin 2 wakes HLT");
	rte(2, RTE_MASKED);
	outb(PIT_CTRL, 0x30);
	printf("ioapic: %s\n", failed ? "FAILED" : "all checks passed");
	exit_code(failed);
}
