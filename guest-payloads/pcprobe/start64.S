/*
 * start64.S - the entry of the plain ELF64 variant, as our loader gives it
 * (src/loader/image.h, ENTRY_LONG64): 64-bit mode on an identity map of
 * the first 4 GiB, RAX = the Multiboot2 magic, RBX = a Multiboot2 info
 * block, interrupts off. The stack and the GDT are the loader's: take our
 * own at once, before the first push.
 */
#define CODE_SEL	0x08
#define DATA_SEL	0x10

	.section .text
	.code64
	.globl _start
_start:
	cli
	cld
	leaq stack_top(%rip), %rsp
	movq %rax, %r12
	movq %rbx, %r13
	lgdt gdt_desc(%rip)
	pushq $CODE_SEL
	leaq 1f(%rip), %rax
	pushq %rax
	lretq
1:	movw $DATA_SEL, %cx
	movw %cx, %ds
	movw %cx, %es
	movw %cx, %ss
	movw %cx, %fs
	movw %cx, %gs
	movl %r12d, %edi	/* probe_main(magic, info) */
	movq %r13, %rsi
	call probe_main
2:	hlt
	jmp 2b

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: flat data */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.quad gdt

	.section .bss
	.balign 16
	.space 16384
stack_top:
