/*
 * guest_xmm.S - the one place the hypervisor reads or writes a guest XMM
 * register (MMIO emulation of the SSE moves, src/emul/mmio_full.c).
 *
 * void guest_xmm_read(unsigned int n, uint64_t v[2]);
 * void guest_xmm_write(unsigned int n, const uint64_t v[2]);
 *
 * The host is built with -mgeneral-regs-only and saves no FPU/SSE state
 * at VM exits (asm/vmenter.S): the guest's XMM registers are the live
 * ones while the host runs (guest-payloads/hello proves it), so reading
 * XMMn here reads the guest's. The host runs with CR4.OSFXSR clear (an
 * SSE instruction would be #UD, SDM vol. 3, 2.5) and may have CR0.TS or
 * EM set (#NM, #UD): each call sets OSFXSR and clears TS and EM around
 * its one MOVDQU and puts CR0 and CR4 back, so HOST_CR0/HOST_CR4 still
 * match. Only the slow path calls this; the CR writes cost nothing there.
 * @n is taken modulo 16.
 */
#include "x86.h"

/* Each table entry: one MOVDQU and a jump, padded to this size. */
#define ENTRY_SIZE	16

.macro SSE_OPEN
	movq %cr4, %r9
	movq %r9, %rax
	orq $CR4_OSFXSR, %rax
	movq %rax, %cr4
	movq %cr0, %r8
	movq %r8, %rax
	andq $~(CR0_TS | CR0_EM), %rax
	movq %rax, %cr0
	andl $15, %edi
	shll $4, %edi			/* * ENTRY_SIZE */
.endm

	.text
	.globl guest_xmm_read
	.type guest_xmm_read, @function
guest_xmm_read:
	SSE_OPEN
	leaq .Lread_table(%rip), %rax
	addq %rdi, %rax
	jmp *%rax
	.balign ENTRY_SIZE
.Lread_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.balign ENTRY_SIZE
	movdqu %xmm\n, (%rsi)
	jmp .Lclose
	.endr
	.size guest_xmm_read, . - guest_xmm_read

	.globl guest_xmm_write
	.type guest_xmm_write, @function
guest_xmm_write:
	SSE_OPEN
	leaq .Lwrite_table(%rip), %rax
	addq %rdi, %rax
	jmp *%rax
	.balign ENTRY_SIZE
.Lwrite_table:
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.balign ENTRY_SIZE
	movdqu (%rsi), %xmm\n
	jmp .Lclose
	.endr
.Lclose:
	movq %r8, %cr0
	movq %r9, %cr4
	ret
	.size guest_xmm_write, . - guest_xmm_write
