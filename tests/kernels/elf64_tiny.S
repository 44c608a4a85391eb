/*
 * elf64_tiny.S - the smallest plain ELF64 kernel (linked at 1 MiB): checks
 * it runs in 64-bit mode with paging on (CR0.PG, CR4.PAE, EFER.LMA),
 * prints one line on COM1 saying so, and ends through the debug-exit port
 * with ELF64_TINY_EXIT on success (ELF64_TINY_BAD otherwise).
 */
#define COM1			0x3f8
#define DEBUG_EXIT		0xf4
#define MSR_EFER		0xc0000080
#define ELF64_TINY_EXIT		44
#define ELF64_TINY_BAD		45

	.text
	.code64
	.globl _start
_start:
	movq %cr0, %rax
	btq $31, %rax			/* PG */
	jnc bad
	movq %cr4, %rax
	btq $5, %rax			/* PAE */
	jnc bad
	movl $MSR_EFER, %ecx
	rdmsr
	btl $10, %eax			/* LMA */
	jnc bad
	leaq ok_msg(%rip), %rsi
	movl $ELF64_TINY_EXIT, %ebx
	jmp print
bad:
	leaq bad_msg(%rip), %rsi
	movl $ELF64_TINY_BAD, %ebx
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
ok_msg:	.asciz "elf64_tiny: running in 64-bit mode\n"
bad_msg: .asciz "elf64_tiny: not in 64-bit mode\n"
