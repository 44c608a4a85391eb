/*
 * boot.S - from GRUB's Multiboot2 hand-off to kmain() in 64-bit long mode.
 *
 * GRUB enters _start in 32-bit protected mode with paging off, EAX holding
 * the Multiboot2 magic and EBX the physical address of the boot information
 * (Multiboot2 spec, 3.3 "I386 machine state"). We check the magic and that
 * the CPU can run 64-bit code, identity-map the first BOOT_IDENTITY_MAP_GIB
 * GiB with 2 MiB pages (SDM vol. 3, 4.5 "4-level paging") except the
 * first 2 MiB, which hold the image and are mapped with 4 KiB pages so
 * that a stack can have an unmapped guard page below it (src/lib/cpu.c
 * unmaps them), enable PAE, EFER.LME and CR0.PG (SDM vol. 3, 10.8.5
 * "Initializing IA-32e mode"), load a 64-bit GDT and call kmain(mbi) on
 * the boot stack. A bad hand-off prints one line on COM1 and on the VGA
 * text screen, asks the emulators to end, then halts.
 */
#include "boot_defs.h"
#include "cpuid.h"
#include "msr.h"
#include "uart16550.h"
#include "x86.h"

#define MB2_HEADER_MAGIC	0xe85250d6
#define MB2_ARCH_I386		0
#define MB2_BOOTLOADER_MAGIC	0x36d76289

#define VGA_TEXT		0xb8000

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.balign 8
	.short 0, 0			/* end tag: type 0, flags 0, size 8 */
	.long 8
mb2_header_end:

	.section .text.boot, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl $boot_stack_top, %esp

	cmpl $MB2_BOOTLOADER_MAGIC, %eax
	jne bad_magic
	movl %ebx, boot_mbi

	movl $CPUID_LEAF_EXT_FEATURES, %eax
	cpuid
	testl $CPUID_80000001_EDX_LM, %edx
	jz no_long_mode

	/* PML4[0] -> PDPT; PDPT[0..n-1] -> n page directories of 2 MiB pages. */
	movl $boot_pdpt, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pml4
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	addl $boot_pd, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pdpt(, %ecx, 8)
	incl %ecx
	cmpl $BOOT_IDENTITY_MAP_GIB, %ecx
	jne 1b

	xorl %ecx, %ecx			/* 512 entries of 2 MiB per GiB */
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_W | PTE_PS), %eax
	movl %eax, boot_pd(, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax			/* bits 63:32 of the frame address */
	movl %eax, boot_pd + 4(, %ecx, 8)
	incl %ecx
	cmpl $(BOOT_IDENTITY_MAP_GIB * 512), %ecx
	jne 1b

	/* PD[0] -> boot_pt: the first 2 MiB, where linker.ld puts the whole
	 * image, in 4 KiB pages (table 4-19), one PTE per page. */
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $12, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pt(, %ecx, 8)
	incl %ecx
	cmpl $PT_ENTRIES, %ecx
	jne 1b
	movl $boot_pt, %eax
	orl $(PTE_P | PTE_W), %eax
	movl %eax, boot_pd

	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $MSR_IA32_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	/* Caches on (a BIOS may leave CD/NW set: SDM vol. 3, 12.5.1). */
	movl %cr0, %eax
	andl $~(CR0_CD | CR0_NW), %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0			/* EFER.LMA is set here */

	lgdt boot_gdt_ptr
	ljmp $BOOT_CS64, $long_mode

bad_magic:
	movl $msg_bad_magic, %esi
	jmp boot_fail
no_long_mode:
	movl $msg_no_lm, %esi

/* Print the NUL-terminated string at ESI on COM1 and VGA, end the run. */
boot_fail:
	movl $VGA_TEXT, %edi
1:	movb (%esi), %al
	testb %al, %al
	jz 3f
	movb %al, %bl
	movw $(UART_COM1_BASE + UART_LSR), %dx	/* wait for THR empty */
2:	inb %dx, %al
	testb $UART_LSR_THRE, %al
	jz 2b
	movw $UART_COM1_BASE, %dx
	movb %bl, %al
	outb %al, %dx
	movb %bl, (%edi)
	movb $0x4f, 1(%edi)		/* white on red */
	addl $2, %edi
	incl %esi
	jmp 1b
3:	movw $VMM_DEBUG_EXIT_PORT, %dx	/* QEMU isa-debug-exit */
	movl $VMM_EXIT_BAD_BOOT, %eax
	outl %eax, %dx
	movw $VMM_BOCHS_SHUTDOWN_PORT, %dx
	movl $msg_shutdown, %esi
	movl $8, %ecx
	rep outsb
4:	hlt
	jmp 4b

	.code64
long_mode:
	movw $BOOT_DS64, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl boot_mbi, %edi		/* zero-extends: the MBI is below 4 GiB */
	call kmain
1:	cli
	hlt
	jmp 1b

	.section .rodata.boot, "a"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* BOOT_CS64: code, L=1, DPL 0 */
	.quad 0x00cf92000000ffff	/* BOOT_DS64: data, writable */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt

msg_bad_magic:
	.asciz "vmm: not booted by a Multiboot2 loader (bad EAX magic); halting\r\n"
msg_no_lm:
	.asciz "vmm: this CPU has no long mode (CPUID.80000001H:EDX.LM = 0); halting\r\n"
msg_shutdown:
	.ascii "Shutdown"

	.section .bss.boot, "aw", @nobits
	.balign 4096
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pd:	.skip BOOT_IDENTITY_MAP_GIB * 4096
	.globl boot_pt
boot_pt:	.skip 4096
	/* Left unmapped by cpu_init(): an overflow of the boot stack faults
	 * here instead of rewriting the page tables above. */
	.globl boot_stack_guard
boot_stack_guard: .skip PAGE_SIZE_4K
	.globl boot_stack_top
boot_stack:	.skip BOOT_STACK_SIZE
boot_stack_top:
boot_mbi:	.skip 4
