/*
 * bigmem.c - guest RAM reads as zero until written, everywhere in it.
 *
 * Run with guest_mem=1G (all of it inside entry16.S's identity map). The
 * guest checks pages scattered over the whole gigabyte, outside its own
 * first 2 MiB block: each must read as zero, then hold what is written
 * to it. One more page is first touched by the hypervisor, not the
 * guest: a write hypercall from it must print nothing (its bytes are
 * zero), and the guest must then read zeros there too. And a timer
 * interrupt is delivered onto a stack in a fresh page: the delivery
 * faults, and the interrupt must still arrive (the hypervisor delivers
 * it again after mapping the page). Every page it touches beyond its
 * image, stack and page tables is named in a line, so the test can
 * count the demand-zero faults it must have caused. Last, it writes the
 * first byte past RAM, which must end it with the sandbox violation:
 * zeroing on demand must stop exactly where RAM does.
 */
#include "guest.h"
#include "apic.h"

#define RAM_END			0x40000000UL	/* guest_mem=1G */
#define QWORDS_PER_PAGE		(PAGE_SIZE_4K / 8)
#define EXIT_NOT_ZERO		1
#define EXIT_NOT_KEPT		2
#define HC_PAGE_BYTES		16

/* Two pages of the first block past ours share its fault; the rest
 * spread over the gigabyte up to its very last page. */
static const uint64_t pages[] = {
	0x00200000, 0x003ff000, 0x00a37000, 0x03c01000, 0x07fff000,
	0x10000000, 0x1badb000, 0x20000000, 0x2f0e5000, 0x35555000,
	0x3c0de000, RAM_END - PAGE_SIZE_4K,
};

/* Untouched by the guest until the hypercall has read it. */
#define HYPERCALL_PAGE		0x30123000UL

/* The fresh stack's page, its top, and the timer for the interrupt. */
#define INTR_STACK_PAGE		0x1c000000UL
#define TIMER_VECTOR		0x40
#define SPURIOUS_VECTOR		0xff
#define TIMER_TICKS		1000
#define WAIT_TICKS		10000000UL
#define EXIT_IRQ_LOST		3
#define EXIT_NOT_STOPPED	60

/* A page directory for 1 .. 2 GiB, so the byte past RAM has a mapping. */
static uint64_t high_pd[512] __attribute__((aligned(4096)));

volatile uint32_t bigmem_irqs;
void bigmem_isr(void);
uint32_t on_fresh_stack(uint64_t top, uint64_t tsc_limit);

static uint64_t pattern(uint64_t addr, unsigned int i)
{
	return (addr * 0x9e3779b97f4a7c15ULL) ^ i;
}

static void check_zero(uint64_t addr)
{
	volatile const uint64_t *p = (volatile const uint64_t *)addr;
	unsigned int i;
	uint64_t v;

	for (i = 0; i < QWORDS_PER_PAGE; i++) {
		v = p[i];
		if (v) {
			printf("bigmem: page 0x%lx qword %u reads 0x%016lx, "
			       "not zero\n", addr, i, v);
			exit_code(EXIT_NOT_ZERO);
		}
	}
}

static void write_and_check(uint64_t addr)
{
	volatile uint64_t *p = (volatile uint64_t *)addr;
	unsigned int i;

	for (i = 0; i < QWORDS_PER_PAGE; i++)
		p[i] = pattern(addr, i);
	for (i = 0; i < QWORDS_PER_PAGE; i++) {
		if (p[i] != pattern(addr, i)) {
			printf("bigmem: page 0x%lx qword %u did not keep what "
			       "was written\n", addr, i);
			exit_code(EXIT_NOT_KEPT);
		}
	}
}

/* x2APIC mode from reset's xAPIC mode (SDM vol. 3, 11.12.5), then one
 * one-shot interrupt taken on the fresh stack. */
static void interrupt_on_fresh_stack(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	idt_set_gate(TIMER_VECTOR, bigmem_isr);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	x2apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_VECTOR);
	x2apic_write(APIC_TDCR, APIC_TDCR_DIV_1);
	x2apic_write(APIC_LVTT, APIC_LVT_TIMER_ONESHOT | TIMER_VECTOR);
	x2apic_write(APIC_TMICT, TIMER_TICKS);
	if (on_fresh_stack(INTR_STACK_PAGE + PAGE_SIZE_4K,
			   rdtsc() + WAIT_TICKS) != 1) {
		printf("bigmem: the interrupt delivered onto fresh 0x%lx was "
		       "lost\n", INTR_STACK_PAGE);
		exit_code(EXIT_IRQ_LOST);
	}
	printf("bigmem: touched 0x%lx: an interrupt was delivered onto it\n",
	       INTR_STACK_PAGE);
}

void main64(void)
{
	unsigned int i, n = sizeof(pages) / sizeof(pages[0]);

	for (i = 0; i < n; i++) {
		check_zero(pages[i]);
		write_and_check(pages[i]);
		printf("bigmem: touched 0x%lx: zero, then kept a write\n",
		       pages[i]);
	}
	/* Printed as "guest: " and its bytes: nothing, if they are zero. */
	printf("bigmem: hypercall write from untouched 0x%lx:\n",
	       HYPERCALL_PAGE);
	hc_write((const char *)HYPERCALL_PAGE, HC_PAGE_BYTES);
	check_zero(HYPERCALL_PAGE);
	printf("bigmem: touched 0x%lx: zero after the hypercall\n",
	       HYPERCALL_PAGE);
	interrupt_on_fresh_stack();
	printf("bigmem: %u pages read as zero until written\n", n + 1);

	/* PDPT[1] -> high_pd, one 2 MiB page at RAM_END; a not-present
	 * entry made present needs no INVLPG (SDM vol. 3, 4.10.4.3). */
	high_pd[0] = RAM_END | PTE_P | PTE_W | PTE_PS;
	((uint64_t *)GUEST_PDPT)[1] = (uint64_t)high_pd | PTE_P | PTE_W;
	printf("bigmem: writing the first byte past RAM at 0x%lx\n", RAM_END);
	*(volatile uint8_t *)RAM_END = 1;
	printf("bigmem: the write past RAM was not stopped\n");
	exit_code(EXIT_NOT_STOPPED);
}
