/*
 * probe.h - pcprobe, a test kernel of our own for the small PC (issue 14).
 *
 * One probe, three ways in: Multiboot v1 (mb1.S, ELF32, what
 * `qemu -kernel` boots), Multiboot2 (mb2.S, ELF32, what GRUB's multiboot2
 * boots) and a plain ELF64 (start64.S, entered in long mode with a
 * Multiboot2 info block). Each check prints one line
 *
 *	pcprobe: AREA: what was measured ok|FAIL
 *
 * and a line whose content must differ between machines (the loader's
 * name, the CPU vendor, ...) is tagged "pcprobe: [differs] AREA: ...", so
 * the test comparing QEMU's output with ours skips exactly those. The run
 * ends with the number of failed checks written to isa-debug-exit.
 */
#ifndef PCPROBE_H
#define PCPROBE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define MB1_BOOT_MAGIC		0x2badb002	/* Multiboot 0.6.96, 3.2 */
#define MB2_BOOT_MAGIC		0x36d76289	/* Multiboot2 1.0, 3.2 */

#define PORT_DEBUG_EXIT		0xf4	/* QEMU isa-debug-exit */
#define EXIT_UNEXPECTED_TRAP	62	/* a fault no check expected */

/* ---- port and memory access ---- */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void sti_hlt(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

/* ---- output and verdicts (probe.c) ---- */
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One verdict line: "pcprobe: AREA: MSG ok" or "... FAIL" (counted). */
void check(int ok, const char *area, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A verdict that only some machines give (QEMU's pc has no XSDT): tagged
 * as differing; a failure still counts, the check not in the total. */
void check_tagged(int ok, const char *area, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An information line that must differ between machines. */
void differs(const char *area, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vsnprint(char *buf, size_t len, const char *fmt, va_list ap);
void __attribute__((noreturn)) probe_exit(uint32_t code);

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* ---- interrupts and faults (trap.c, with the start code's stubs) ---- */
#define VEC_PIC_BASE		0x20	/* IRQ n arrives at 0x20 + n */
#define VEC_SELF_IPI		0x40
#define VEC_SPURIOUS		0xff

struct trap_frame;
void trap_init(void);
extern volatile unsigned int irq_count[16];
extern volatile unsigned int self_ipi_count;
/* rdmsr/wrmsr that report a #GP instead of dying: 0, or -1 on #GP. */
int rdmsr_safe(uint32_t msr, uint64_t *val);
int wrmsr_safe(uint32_t msr, uint64_t val);

/* ---- the checks ---- */
void probe_bootinfo(uint32_t magic, uintptr_t info);
void probe_uart(void);
void probe_cmos(void);
void probe_pic(void);
void probe_pit(void);
void probe_lapic(void);
void probe_fwcfg(void);
void probe_acpi(void);
void probe_pci(void);
void probe_testdev(void);
void probe_mmio(void);
void probe_cpu(void);

/* The PIC, programmed by probe_pic(), used by the other interrupt checks. */
void pic_unmask(unsigned int irq);
void pic_mask(unsigned int irq);
void pic_eoi(unsigned int irq);
/* OCW3 selects the register a read of the command port returns. */
#define OCW3_IRR	0x0a
#define OCW3_ISR	0x0b
uint16_t pic_reg(uint8_t ocw3);

/* The NMIs taken (vector 2). */
extern volatile unsigned int nmi_count;

#endif
