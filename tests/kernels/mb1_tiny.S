/*
 * mb1_tiny.S - the smallest Multiboot v1 kernel (ELF32, linked at 1 MiB):
 * checks the entry state Multiboot promises (EAX = the loader magic, EBX
 * inside guest RAM, CR0.PE set and PG clear, IF clear), prints one line on
 * COM1 saying which held, and ends through the debug-exit port with
 * MB1_TINY_EXIT on success. PAD_BYTES of data make it as big as a test
 * wants (tests/guest_image_*.sh).
 */
#define MB1_MAGIC		0x1badb002
#define MB1_FLAGS		0x00000003	/* page-align, memory info */
#define MB1_LOADER_MAGIC	0x2badb002
#define COM1			0x3f8
#define DEBUG_EXIT		0xf4
#define MB1_TINY_EXIT		42
#define MB1_TINY_BAD		43

#ifndef PAD_BYTES
#define PAD_BYTES		0
#endif

	.section .multiboot, "a"
	.balign 4
	.long MB1_MAGIC, MB1_FLAGS, -(MB1_MAGIC + MB1_FLAGS)

	.text
	.code32
	.globl _start
_start:
	cmpl $MB1_LOADER_MAGIC, %eax
	jne bad
	movl %cr0, %eax
	testl $1, %eax			/* PE */
	jz bad
	testl $0x80000000, %eax		/* PG */
	jnz bad
	pushfl				/* ESP is undefined: use our own */
	popl %eax
	testl $0x200, %eax		/* IF */
	jnz bad
	movl $ok_msg, %esi
	movl $MB1_TINY_EXIT, %ebx
	jmp print
bad:
	movl $bad_msg, %esi
	movl $MB1_TINY_BAD, %ebx
print:
	movw $COM1, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	movl %ebx, %eax
	outl %eax, $DEBUG_EXIT
	hlt
	jmp 2b

	.section .rodata
ok_msg:	.asciz "mb1_tiny: entry state as Multiboot says\n"
bad_msg: .asciz "mb1_tiny: bad entry state\n"

	.data
	.fill PAD_BYTES, 1, 0x5a
