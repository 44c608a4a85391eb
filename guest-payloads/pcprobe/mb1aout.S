/*
 * mb1aout.S - the Multiboot v1 header with the a.out kludge (Multiboot
 * 0.6.96, 3.1.3: flag 16, the address fields), for pcprobe-aout.bin, the
 * probe as a flat image: the loader finds no ELF header and must place the
 * file by these fields alone. The header opens the image, so header_addr
 * and load_addr are both its first byte (kernel32.lds puts .multiboot
 * first); [load_end, bss_end) is zeroed by the loader.
 */
#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	0x00010003	/* a.out kludge, mem info, align mods */

	.section .multiboot, "a"
	.balign 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header		/* header_addr */
	.long __load_start		/* load_addr */
	.long __load_end		/* load_end_addr */
	.long __bss_end			/* bss_end_addr */
	.long _start			/* entry_addr */
