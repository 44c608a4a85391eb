/*
 * real16.S - pdpte's real-mode hook (entry16.S's contract): PAE paging
 * without IA-32e mode, turned on by a MOV to CR0 that the hypervisor
 * emulates (CR0.PG is its own), with PDPTEs it must check as the CPU
 * does (SDM vol. 3, 4.4.1). We enter 16-bit protected mode (a GDT with
 * 16-bit segments, an IDT whose #GP gate notes the fault and returns
 * past the 3-byte MOV), then try, each with CR4.PAE and CR3 -> a PDPT
 * whose entry 0 is the value given:
 *   1. a PDPTE with bit MAXPHYADDR set (reserved, 4.4.1, table 4-8)
 *   2. a PDPTE with bit 5 set (reserved)
 *   3. a valid PDPTE (-> a PD mapping 0-2 MiB), which must take; with
 *      paging on, the PDPTE in memory is then made bad and CR0.CD
 *      changed (with NE, so that the MOV exits): a change of CD loads
 *      the PDPTEs again, so it must raise #GP too.
 * and go back to real mode. The outcomes (1 = #GP) are in pdpte_gp[],
 * MAXPHYADDR in pdpte_maxphyaddr; pdpte.c prints them.
 */
#include "guest.h"

#define MOV_TO_CR0_LEN	3		/* 0f 22 c0: mov %eax, %cr0 */
#define PM_CS16		0x08
#define PM_DS16		0x10
#define GATE_INTR16	0x86		/* P, DPL 0, 16-bit interrupt gate */
#define PDPTE_BIT5	0x20

	.section .text16, "ax"
	.code16
	.globl real_mode_main
real_mode_main:
	/* MAXPHYADDR: CPUID.80000008H:EAX[7:0] (36 without the leaf). */
	movl $CPUID_LEAF_EXT_BASE, %eax
	cpuid
	movb $MAXPHYADDR_DEFAULT, %bl
	cmpl $CPUID_LEAF_EXT_ADDR, %eax
	jb 1f
	movl $CPUID_LEAF_EXT_ADDR, %eax
	cpuid
	movb %al, %bl
1:	movb %bl, pdpte_maxphyaddr

	lgdtl pm_gdt_ptr
	lidtl pm_idt_ptr
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpw $PM_CS16, $2f
2:	movw $PM_DS16, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss

	/* 1: bit MAXPHYADDR (in the high dword when it is 32 or more). */
	movb pdpte_maxphyaddr, %cl
	cmpb $52, %cl
	jae 3f				/* no reserved bit there to set */
	xorl %eax, %eax
	xorl %edx, %edx
	subb $32, %cl
	jb 4f
	btsl %ecx, %edx
	jmp 5f
4:	addb $32, %cl
	btsl %ecx, %eax
5:	orl $PDPTE_P, %eax
	call try_pae
	movb %al, pdpte_gp
3:
	/* 2: bit 5. */
	movl $(PDPTE_P | PDPTE_BIT5), %eax
	xorl %edx, %edx
	call try_pae
	movb %al, pdpte_gp + 1

	/* 3: valid, then CD with a bad PDPTE in memory. */
	movl $(GUEST_PD | PDPTE_P), %eax
	xorl %edx, %edx
	call try_pae_cd

	/* Back to real mode, CS = 0, the real-mode IVT. */
	movl %cr0, %eax
	andl $~CR0_PE, %eax
	movl %eax, %cr0
	ljmpw $0, $6f
6:	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	lidtl rm_idt_ptr
	ret

/* PDPT[0] = EDX:EAX, PDPT[1..3] = 0, PD[0] = a 2 MiB page at 0; CR4.PAE,
 * CR3 -> PDPT. */
setup_pae:
	movl %eax, GUEST_PDPT
	movl %edx, GUEST_PDPT + 4
	xorl %eax, %eax
	movl $GUEST_PDPT + 8, %edi
	movl $6, %ecx
	rep stosl
	movl $(PTE_P | PTE_W | PTE_PS), GUEST_PD
	movl $0, GUEST_PD + 4
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $GUEST_PDPT, %eax
	movl %eax, %cr3
	movb $0, gp_taken
	ret

/* Paging off, CR4.PAE off. */
paging_off:
	movl %cr0, %eax
	andl $~CR0_PG, %eax
	movl %eax, %cr0
	movl %cr4, %eax
	andl $~CR4_PAE, %eax
	movl %eax, %cr4
	ret

/* Try to turn paging on with PDPT[0] = EDX:EAX; AL = 1 if #GP. */
try_pae:
	call setup_pae
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0
	call paging_off
	movb gp_taken, %al
	ret

/* As try_pae with a valid EDX:EAX; then, paging on, PDPT[0] gets bit 5
 * and CR0.CD and NE change. pdpte_gp[2] = 1 if turning paging on raised
 * #GP, pdpte_gp[3] = 1 if the CD change did. */
try_pae_cd:
	call setup_pae
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0
	movb gp_taken, %al
	movb %al, pdpte_gp + 2
	testb %al, %al
	jnz 7f
	orl $PDPTE_BIT5, GUEST_PDPT
	movl %cr0, %eax
	movl %eax, %ebx
	xorl $(CR0_CD | CR0_NE), %eax
	movl %eax, %cr0
	movb gp_taken, %al
	movb %al, pdpte_gp + 3
	movl %ebx, %cr0			/* as it was, if it took */
	call paging_off
7:	ret

pm_gp:
	addw $2, %sp			/* the error code */
	pushw %bp
	movw %sp, %bp
	addw $MOV_TO_CR0_LEN, 2(%bp)	/* the saved IP */
	movb $1, gp_taken
	popw %bp
	iret

	.balign 8
pm_gdt:
	.quad 0
	/* PM_CS16: code, 16-bit, base 0, limit 64 KiB */
	.quad 0xffff | ((AR_TYPE_CODE_RX | AR_S | AR_P) << SEG_DESC_AR_SHIFT)
	/* PM_DS16: data, writable, base 0, limit 64 KiB */
	.quad 0xffff | ((AR_TYPE_DATA_RW | AR_S | AR_P) << SEG_DESC_AR_SHIFT)
pm_gdt_end:
pm_idt:
	.fill VEC_GP, 8, 0
	.short pm_gp, PM_CS16
	.byte 0, GATE_INTR16
	.short 0
pm_idt_end:
pm_gdt_ptr:
	.short pm_gdt_end - pm_gdt - 1
	.long pm_gdt
pm_idt_ptr:
	.short pm_idt_end - pm_idt - 1
	.long pm_idt
rm_idt_ptr:				/* the real-mode IVT: 256 vectors */
	.short 4 * VEC_NR - 1
	.long 0

gp_taken:
	.byte 0
	.globl pdpte_gp, pdpte_maxphyaddr
pdpte_gp:
	.byte 0, 0, 0, 0
pdpte_maxphyaddr:
	.byte 0

	.section .note.GNU-stack, "", @progbits
