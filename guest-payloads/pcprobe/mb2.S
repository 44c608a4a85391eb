/*
 * mb2.S - the Multiboot2 header (Multiboot2 1.0, 3.1.1-3.1.2): i386
 * architecture, and only the end tag: GRUB then gives its default tags
 * (command line, loader name, modules, basic memory, memory map, ACPI) and
 * enters the ELF's entry, _start (entry32.S), as it does for any ELF.
 */
#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0

	.section .multiboot, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.word 0, 0		/* end tag: type 0, flags 0 */
	.long 8			/* size 8 */
mb2_header_end:
