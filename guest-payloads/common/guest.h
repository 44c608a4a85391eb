/*
 * guest.h - the runtime every guest payload links against. The guest ABI
 * it is written against (where the image is loaded and entered, the
 * console, the exit port, the hypercalls, the hypervisor's CPUID leaf)
 * is the hypervisor's include/vmm_abi.h, and the hardware's facts are in
 * include/arch/: this header includes both, so a payload includes only
 * guest.h (and apic.h for the APIC driver, and its own header). Nothing
 * else of the hypervisor's is a payload's to include.
 *
 * Memory map, built by entry16.S (all guest-physical = guest-virtual):
 *
 *   0x0000 - 0x0fff   unused (the real-mode IVT area; nothing is there)
 *   0x1000            PML4   \
 *   0x2000            PDPT    } identity map of the first 1 GiB, 2 MiB pages
 *   0x3000            PD     /
 *   0x4000 - 0x6fff   real-mode stack (SP = GUEST_RM_STACK_TOP, grows down)
 *   0x8000 -          the image (GUEST_LOAD_ADDR): .text.entry, .text16
 *                     (below 64 KiB), .text, .rodata, .data; then .bss
 *                     (page-aligned) with the 64 KiB long-mode stack and
 *                     the IDT
 *
 * Everything before the C part is a plain #define, and the headers it
 * includes are assembly-safe, so entry16.S and isr64.S include it too.
 */
#ifndef GUEST_H
#define GUEST_H

#include "vmm_abi.h"
#include "arch/x86.h"
#include "arch/msr.h"
#include "arch/cpuid.h"
#include "arch/uart16550.h"

/* The payload's own layout (the map above). */
#define GUEST_PML4		0x1000
#define GUEST_PDPT		0x2000
#define GUEST_PD		0x3000
#define GUEST_MAP_SIZE		PAGE_SIZE_1G	/* identity-mapped: one PD */
#define GUEST_STACK_SIZE	(64 * 1024)

/* GDT selectors (entry16.S). */
#define GUEST_CS32		0x08
#define GUEST_DS		0x10
#define GUEST_CS64		0x18

/* isr64.S: one stub per exception vector (VEC_NR_EXCEPTIONS of them),
 * each padded to this size. */
#define ISR_STUB_SIZE		16

/* Exit code of a payload that took an exception nobody handled. */
#define GUEST_EXIT_EXCEPTION	32	/* + vector: 32-63, a guest code */

#ifndef __ASSEMBLY__

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* The payload's 64-bit entry point; returning from it exits with code 0. */
void main64(void);

/* Port I/O, MSRs, CPUID, TSC and CRs: arch/x86.h's inline wrappers. */

/* LGDT/LIDT operands (struct desc_ptr), 64-bit gates (struct idt_gate64)
 * and the TSS (struct tss64) are arch/x86.h's. */

/* --- hypercalls --------------------------------------------------------- */

/* Returns RAX: 0 on success, negative on error. Other registers survive. */
static inline long vmcall(unsigned long nr, unsigned long a, unsigned long b)
{
	long ret;

	__asm__ volatile("vmcall"
			 : "=a"(ret) : "a"(nr), "b"(a), "c"(b) : "memory");
	return ret;
}

/* Guest-virtual = guest-physical (identity map), so a pointer is a gpa. */
static inline long hc_write(const char *buf, size_t len)
{
	return vmcall(HC_WRITE, (unsigned long)buf, len);
}

__attribute__((noreturn)) void hc_exit(uint32_t code);

/* --- console and exit --------------------------------------------------- */

/* Lines end in a bare '\n'; no '\r' is sent. */
void uart_putc(char c);
void uart_puts(const char *s);		/* no newline appended */

/*
 * printf: %d %i %u %x %X %c %s %p %%, length l, ll, z, flags '0' and '-',
 * a field width (%08x, %16lx, %-10s). Output goes to the UART.
 */
__attribute__((format(printf, 1, 2))) int printf(const char *fmt, ...);
int vprintf(const char *fmt, va_list ap);

/* Write v to VMM_PORT_DEBUG_EXIT; the run ends there. Halts if it does
 * not. */
__attribute__((noreturn)) void exit_code(uint32_t v);

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* --- exceptions --------------------------------------------------------- */

/*
 * What isr64.S saves: the general registers, the vector and error code
 * (0 where the CPU pushes none), then the CPU's own 64-bit frame (SDM
 * vol. 3, 6.14.2 "64-Bit Mode Stack Frame"). Changes a handler makes
 * here (rip, a register) take effect on return.
 */
struct guest_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * A per-vector callback. Return nonzero when the exception was dealt
 * with (e.g. f->rip advanced past the faulting instruction); return 0 to
 * let the default handler print the frame and exit with
 * GUEST_EXIT_EXCEPTION + vector.
 */
typedef int (*exception_fn)(struct guest_frame *f);

/* Load the IDT (once; idt_set_handler does it on first use). */
void idt_init(void);
/* Register fn for an exception vector (< VEC_NR_EXCEPTIONS); NULL
 * restores the default. */
int idt_set_handler(unsigned int vector, exception_fn fn);
/*
 * Point interrupt vector 32 .. 255 at entry, code that ends in IRETQ (an
 * assembly stub or an __attribute__((interrupt)) function), and raise
 * the IDT limit to cover it. Until the first call the IDT holds only the
 * exception vectors, so a stray interrupt raises #GP.
 */
int idt_set_gate(unsigned int vector, const void *entry);
const char *exception_name(unsigned int vector);

/* Called by isr64.S only. */
void guest_exception(struct guest_frame *f);

#endif /* __ASSEMBLY__ */
#endif /* GUEST_H */
