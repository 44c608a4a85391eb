/*
 * cpu.h - the host's own descriptor tables: a GDT with a 64-bit TSS (VMX
 * requires a non-null host TR, SDM vol. 3, 26.2.3) and an IDT whose
 * handlers report a host exception and end the machine.
 */
#ifndef CPU_H
#define CPU_H

#include <stdint.h>

#include "x86.h"

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18

/* The frame isr_common builds: pushed registers, then vector, error code,
 * and what the CPU pushed (SDM vol. 3, 6.14.2 "64-bit mode stack frame"). */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void cpu_init(void);

/* What the VMCS host-state area needs (SDM vol. 3, 25.5). */
uint64_t cpu_tss_base(void);
uint64_t cpu_gdt_base(void);
uint64_t cpu_idt_base(void);

/* Exception names by vector ("#PF"), for reports of host and guest. */
const char *exception_name(unsigned int vector);

#endif
