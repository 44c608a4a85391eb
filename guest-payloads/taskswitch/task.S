/*
 * task.S - a guest that makes a hardware task switch (SDM vol. 3, 8.3),
 * from the real-mode hook (entry16.S's contract), in 32-bit protected
 * mode: a GDT with two 32-bit TSSs, the current one loaded with LTR, and
 * an IDT whose only gate, #DF's, is a task gate to the other (the way a
 * 32-bit kernel catches a double fault). Then, by TASKSWITCH_VIA
 * (taskswitch.mk), one of:
 *   jmp   ljmp to the other TSS
 *   call  lcall to it
 *   iret  IRET with EFLAGS.NT set and the back link naming it (busy)
 *   gate  UD2: #UD finds no gate, nor does the #NP that follows, and the
 *         double fault goes through the task gate (table 6-5)
 * The hypervisor does not emulate task switches: it must end the guest
 * with a report naming the source and the TSS selector, never an
 * "unhandled exit". Nothing after the switch runs.
 */
#include "guest.h"

#define PM_CS32		0x08
#define PM_DS32		0x10
#define TSS_CUR		0x18		/* the task we are */
#define TSS_NEW		0x20		/* the task we switch to */
#define TSS32_LIMIT	0x67		/* SDM vol. 3, 8.2.1: 104 bytes */
#define TSS_BACK_LINK	0		/* previous task link (figure 8-2) */
#define TSS_CR3		28
#define TSS_EIP		32
#define TSS_ESP		56
#define DESC_AR(ar)	((ar) << SEG_DESC_AR_SHIFT)
#define GATE_TASK	0x85		/* P, DPL 0, task gate (table 3-2) */

	.section .text16, "ax"
	.code16
	.globl real_mode_main
real_mode_main:
	lgdtl gdt_ptr
	lidtl idt_ptr
	movl %cr0, %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $PM_CS32, $pm32

	.code32
pm32:
	movw $PM_DS32, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	/* The TSS descriptors' bases (they are below 64 KiB). */
	movl $tss_cur, %eax
	movw %ax, gdt + TSS_CUR + 2
	movl $tss_new, %eax
	movw %ax, gdt + TSS_NEW + 2
	/* The new task would start at new_task with our CR3 and stack. */
	movl $new_task, tss_new + TSS_EIP
	movl $GUEST_RM_STACK_TOP, tss_new + TSS_ESP
	movw $TSS_CUR, %ax
	ltr %ax

#if defined(TASKSWITCH_VIA_jmp)
	ljmp $TSS_NEW, $0
#elif defined(TASKSWITCH_VIA_call)
	lcall $TSS_NEW, $0
#elif defined(TASKSWITCH_VIA_iret)
	/* IRET with NT returns to the back link's task, which must be busy
	 * (8.3): mark it so, and set NT. */
	movw $TSS_NEW, tss_cur + TSS_BACK_LINK
	orb $(AR_TYPE_TSS64_BUSY ^ AR_TYPE_TSS64_AVAIL), gdt + TSS_NEW + 5
	pushfl
	orl $RFLAGS_NT, (%esp)
	popfl
	iret
#elif defined(TASKSWITCH_VIA_gate)
	ud2
#else
#error "TASKSWITCH_VIA_ is one of jmp, call, iret, gate (taskswitch.mk)"
#endif
new_task:
1:	hlt				/* not reached: the switch ends the guest */
	jmp 1b

	.balign 8
gdt:
	.quad 0
	/* PM_CS32, PM_DS32: flat 4 GiB, 32-bit */
	.quad SEG_DESC_LIMIT_MAX | DESC_AR(AR_TYPE_CODE_RX | AR_S | AR_P | \
		AR_DB | AR_G)
	.quad SEG_DESC_LIMIT_MAX | DESC_AR(AR_TYPE_DATA_RW | AR_S | AR_P | \
		AR_DB | AR_G)
	/* TSS_CUR, TSS_NEW: 32-bit TSSs, available; bases filled in above */
	.quad TSS32_LIMIT | DESC_AR(AR_TYPE_TSS64_AVAIL | AR_P)
	.quad TSS32_LIMIT | DESC_AR(AR_TYPE_TSS64_AVAIL | AR_P)
gdt_end:
gdt_ptr:
	.short gdt_end - gdt - 1
	.long gdt

	/* Gates 0-7 not present; #DF's a task gate to TSS_NEW. */
idt:
	.fill VEC_DF, 8, 0
	.short 0, TSS_NEW
	.byte 0, GATE_TASK
	.short 0
idt_end:
idt_ptr:
	.short idt_end - idt - 1
	.long idt

	.balign 4
tss_cur:
	.fill TSS32_LIMIT + 1, 1, 0
tss_new:
	.fill TSS32_LIMIT + 1, 1, 0

	.section .note.GNU-stack, "", @progbits
