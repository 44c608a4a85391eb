/*
 * mb1_tiny.S - the smallest Multiboot v1 kernel (ELF32, linked at 1 MiB):
 * checks the entry state Multiboot promises (EAX = the loader magic,
 * CR0.PE set and PG clear, IF clear), prints one line on COM1 saying
 * which held, then the command line and each module's string from the
 * information block at EBX, and ends through the debug-exit port with
 * MB1_TINY_EXIT on success. PAD_BYTES of data make it as big as a test
 * wants (tests/guest_image_big.sh).
 */
#define MB1_MAGIC		0x1badb002
#define MB1_FLAGS		0x00000003	/* page-align, memory info */
#define MB1_LOADER_MAGIC	0x2badb002
#define COM1			0x3f8
#define DEBUG_EXIT		0xf4
#define MBI_FLAGS		0
#define MBI_CMDLINE		16	/* valid with flag 2 */
#define MBI_MODS_COUNT		20	/* valid with flag 3 */
#define MBI_MODS_ADDR		24
#define MBI_FLAG_CMDLINE	2
#define MBI_FLAG_MODS		3
#define MOD_STRING		8	/* in each 16-byte module entry */
#define MOD_SIZE		16
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
	movl $stack_top, %esp		/* ESP is undefined: use our own */
	movl %ebx, %edi			/* the information block */
	cmpl $MB1_LOADER_MAGIC, %eax
	jne bad
	movl %cr0, %eax
	testl $1, %eax			/* PE */
	jz bad
	testl $0x80000000, %eax		/* PG */
	jnz bad
	pushfl
	popl %eax
	testl $0x200, %eax		/* IF */
	jnz bad
	movl $ok_msg, %esi
	call puts
	btl $MBI_FLAG_CMDLINE, MBI_FLAGS(%edi)
	jnc 1f
	movl $cmdline_msg, %esi
	call puts
	movl MBI_CMDLINE(%edi), %esi
	call puts
	movl $quote_nl, %esi
	call puts
1:	btl $MBI_FLAG_MODS, MBI_FLAGS(%edi)
	jnc 3f
	movl MBI_MODS_COUNT(%edi), %ecx
	movl MBI_MODS_ADDR(%edi), %ebx
	jecxz 3f
2:	movl $module_msg, %esi
	call puts
	movl MOD_STRING(%ebx), %esi
	call puts
	movl $quote_nl, %esi
	call puts
	addl $MOD_SIZE, %ebx
	loop 2b
3:	movl $MB1_TINY_EXIT, %eax
	jmp end
bad:
	movl $bad_msg, %esi
	call puts
	movl $MB1_TINY_BAD, %eax
end:
	outl %eax, $DEBUG_EXIT
	hlt
	jmp end

/* Print the NUL-terminated string at ESI on COM1. */
puts:
	pushl %eax
	pushl %edx
	movw $COM1, %dx
1:	lodsb
	testb %al, %al
	jz 2f
	outb %al, %dx
	jmp 1b
2:	popl %edx
	popl %eax
	ret

	.section .rodata
ok_msg:	.asciz "mb1_tiny: entry state as Multiboot says\n"
bad_msg: .asciz "mb1_tiny: bad entry state\n"
cmdline_msg: .asciz "mb1_tiny: command line '"
module_msg: .asciz "mb1_tiny: module '"
quote_nl: .asciz "'\n"

	.data
	.balign 16
	.fill 1024, 1, 0
stack_top:
	.fill PAD_BYTES, 1, 0x5a
