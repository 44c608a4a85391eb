/*
 * entry16.S - a payload's first instructions: from the real-mode entry at
 * 0000:8000 to main64() in 64-bit long mode.
 *
 * The hypervisor enters _start in real mode with CS = DS = ES = SS = 0,
 * SP = 0x7000 and interrupts off. We call the optional real-mode hook
 * real_mode_main, then take the documented road to long mode: protected
 * mode first (SDM vol. 3, 10.9.1 "Switching to Protected Mode"), then
 * PAE paging with EFER.LME (SDM vol. 3, 10.8.5 "Initializing IA-32e
 * Mode"), then a far jump into a 64-bit code segment. There we enable
 * SSE, zero .bss and call main64(). The memory map is in guest.h.
 *
 * real_mode_main contract: reached by a 16-bit near call with DS = ES =
 * SS = 0 and SP below 0x7000; it returns with a 16-bit ret, leaves the
 * segment registers at 0 and may clobber the general registers. Its code
 * and data must sit in .text16, which the linker script keeps below
 * 64 KiB so 16-bit offsets reach it.
 */
#include "guest.h"

	.section .text.entry, "ax"
	.code16
	.globl _start
_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $GUEST_RM_STACK_TOP, %sp
	ljmpw $0, $1f			/* CS:IP = 0000:xxxx whoever entered us */
1:
	call real_mode_main

	/*
	 * SDM vol. 3, 10.9.1: set CR0.PE, then a far JMP at once to load CS
	 * from the new GDT and flush the real-mode prefetch. lgdtl loads a
	 * full 32-bit base (the 16-bit form drops bits 31:24).
	 */
	lgdtl gdt_ptr
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $GUEST_CS32, $protected_mode	/* 66 ea imm32 sel16 */

	.code32
protected_mode:
	movw $GUEST_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs

	/*
	 * Identity-map 0 .. 1 GiB with 2 MiB pages: PML4[0] -> PDPT,
	 * PDPT[0] -> PD, PD[i] -> i * 2 MiB (SDM vol. 3, 4.5 "4-Level
	 * Paging"). The tables are at fixed addresses below the image, so
	 * they exist before .bss is zeroed; we clear them ourselves.
	 */
	movl $GUEST_PML4, %edi
	xorl %eax, %eax
	movl $(3 * PAGE_SIZE_4K / 4), %ecx
	rep stosl
	movl $(GUEST_PDPT | PTE_P | PTE_W), GUEST_PML4
	movl $(GUEST_PD | PTE_P | PTE_W), GUEST_PDPT
	movl $GUEST_PD, %edi
	movl $(PTE_P | PTE_W | PTE_PS), %eax
	movl $(GUEST_MAP_SIZE / PAGE_SIZE_2M), %ecx
1:	movl %eax, (%edi)		/* high dword already 0 */
	addl $PAGE_SIZE_2M, %eax
	addl $8, %edi
	loop 1b

	/*
	 * SDM vol. 3, 10.8.5: with paging off, enable PAE, point CR3 at the
	 * PML4 (below 4 GiB, as a 32-bit MOV to CR3 requires), set
	 * EFER.LME, then set CR0.PG; the CPU sets EFER.LMA. EFER is written,
	 * not read-modified: at reset it is 0 and we want only LME.
	 */
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $GUEST_PML4, %eax
	movl %eax, %cr3
	movl $MSR_IA32_EFER, %ecx
	movl $EFER_LME, %eax
	xorl %edx, %edx
	wrmsr
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0

	/* Now in compatibility mode; a far JMP to an L=1 segment enters
	 * 64-bit mode (SDM vol. 3, 10.8.5, step 5). */
	ljmp $GUEST_CS64, $long_mode

	.code64
long_mode:
	movw $GUEST_DS, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movq $(stack + GUEST_STACK_SIZE), %rsp

	/*
	 * SSE for C code (SDM vol. 3, 14.1.3 "Initialization of the SSE
	 * Extensions"): CR0.EM = 0, CR0.MP = 1, CR4.OSFXSR and
	 * CR4.OSXMMEXCPT. CR0.TS = 0 so nothing raises #NM, and CR0.NE = 1
	 * for native x87 error reporting (SDM vol. 3, 2.5 "Control
	 * Registers").
	 */
	movq %cr0, %rax
	andq $~(CR0_EM | CR0_TS), %rax
	orq $(CR0_MP | CR0_NE), %rax
	movq %rax, %cr0
	movq %cr4, %rax
	orq $(CR4_OSFXSR | CR4_OSXMMEXCPT), %rax
	movq %rax, %cr4
	fninit

	/* Zero .bss; the stack is in it but nothing is on it yet. */
	movq $__bss_start, %rdi
	movq $__bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	rep stosb

	xorl %ebp, %ebp
	call main64			/* RSP is 16-byte aligned here */

	movw $VMM_PORT_DEBUG_EXIT, %dx
	xorl %eax, %eax
	outl %eax, %dx
2:	cli
	hlt
	jmp 2b

/* The GDT's segments: present, DPL 0, code or data, limit in pages
 * (SDM vol. 3, 3.4.5), in the access-rights layout of arch/x86.h. */
#define FLAT_AR(ar)	((ar) | AR_S | AR_P | AR_G)

	.balign 8
gdt:
	.quad 0
	/* GUEST_CS32: code, D=1, 4 GiB flat */
	.quad SEG_DESC_LIMIT_MAX | (FLAT_AR(AR_TYPE_CODE_RX | AR_DB) << \
		SEG_DESC_AR_SHIFT)
	/* GUEST_DS: data, writable, 4 GiB flat */
	.quad SEG_DESC_LIMIT_MAX | (FLAT_AR(AR_TYPE_DATA_RW | AR_DB) << \
		SEG_DESC_AR_SHIFT)
	/* GUEST_CS64: code, L=1, D=0 */
	.quad SEG_DESC_LIMIT_MAX | (FLAT_AR(AR_TYPE_CODE_RX | AR_L) << \
		SEG_DESC_AR_SHIFT)
gdt_end:
gdt_ptr:
	.short gdt_end - gdt - 1
	.long gdt

/*
 * The real-mode part a payload may use: the hook's weak default, and
 * rm_puts, which prints the NUL-terminated string at DS:SI on the UART.
 * rm_puts clobbers AX, DX and SI.
 */
	.section .text16, "ax"
	.code16
	.weak real_mode_main
real_mode_main:
	ret

	.globl rm_puts
rm_puts:
	lodsb
	testb %al, %al
	jz 2f
	movb %al, %ah
	movw $(VMM_PORT_UART + UART_LSR), %dx
1:	inb %dx, %al
	testb $UART_LSR_THRE, %al
	jz 1b
	movw $(VMM_PORT_UART + UART_THR), %dx
	movb %ah, %al
	outb %al, %dx
	jmp rm_puts
2:	ret

	.section .bss.stack, "aw", @nobits
	.balign 16
stack:
	.skip GUEST_STACK_SIZE

	.section .note.GNU-stack, "", @progbits
