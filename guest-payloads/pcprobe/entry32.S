/*
 * entry32.S - the 32-bit entry both Multiboot variants share. The
 * specifications (Multiboot 0.6.96 3.2, Multiboot2 3.3) promise flat
 * protected mode with paging and interrupts off, EAX = the magic, EBX =
 * the info block, and nothing about the GDT, the segment selectors or
 * the stack: load our own before anything else.
 */
#define CODE_SEL	0x08
#define DATA_SEL	0x10

	.section .text
	.code32
	.globl _start
_start:
	cli
	cld
	lgdt gdt_desc
	ljmp $CODE_SEL, $1f
1:	movw $DATA_SEL, %cx
	movw %cx, %ds
	movw %cx, %es
	movw %cx, %ss
	movw %cx, %fs
	movw %cx, %gs
	movl $stack_top, %esp
	pushl %ebx		/* probe_main(magic, info) */
	pushl %eax
	call probe_main
2:	hlt
	jmp 2b

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: flat 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: flat data */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

	.section .bss
	.balign 16
	.space 16384
stack_top:
