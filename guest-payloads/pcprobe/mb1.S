/*
 * mb1.S - the Multiboot v1 header (Multiboot 0.6.96, 3.1.1): an ELF32
 * kernel, so no a.out-kludge fields (flag 16 clear); flag 1 asks for
 * mem_lower/mem_upper, flag 0 for page-aligned modules. The loader reads
 * the ELF program headers and enters _start (entry32.S).
 */
#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	0x00000003

	.section .multiboot, "a"
	.balign 4
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
