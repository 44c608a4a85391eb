/*
 * multiboot1.h - the numbers of the Multiboot Specification 0.6.96 our
 * loader uses: the OS image header (3.1) and the boot information (3.3).
 */
#ifndef LOADER_MULTIBOOT1_H
#define LOADER_MULTIBOOT1_H

#define MB1_HEADER_MAGIC	0x1BADB002u
#define MB1_BOOT_MAGIC		0x2BADB002u	/* EAX at entry (3.2) */
#define MB1_SEARCH		8192	/* the header lies in these bytes */
#define MB1_ALIGN		4
#define MB1_HEADER_MIN		12	/* magic, flags, checksum */
#define MB1_HEADER_AOUT		32	/* ... and the address fields */

/* Header flags (3.1.2): bits 0-15 required, 16-31 optional. */
#define MB1_F_PAGE_ALIGN	(1u << 0)	/* modules page-aligned */
#define MB1_F_MEMORY_INFO	(1u << 1)	/* mem_* (and mmap) wanted */
#define MB1_F_VIDEO_MODE	(1u << 2)	/* video mode table wanted */
#define MB1_F_REQUIRED		0x0000ffffu
#define MB1_F_AOUT_KLUDGE	(1u << 16)	/* use the address fields */

/* Boot information flags (3.3). */
#define MB1_I_MEM		(1u << 0)
#define MB1_I_CMDLINE		(1u << 2)
#define MB1_I_MODS		(1u << 3)
#define MB1_I_MMAP		(1u << 6)
#define MB1_I_LOADER_NAME	(1u << 9)

/* Boot information field offsets (3.3). */
#define MB1_I_OFF_FLAGS		0
#define MB1_I_OFF_MEM_LOWER	4
#define MB1_I_OFF_MEM_UPPER	8
#define MB1_I_OFF_CMDLINE	16
#define MB1_I_OFF_MODS_COUNT	20
#define MB1_I_OFF_MODS_ADDR	24
#define MB1_I_OFF_MMAP_LENGTH	44
#define MB1_I_OFF_MMAP_ADDR	48
#define MB1_I_OFF_LOADER_NAME	64
#define MB1_I_SIZE		116	/* through the framebuffer fields */
#define MB1_MMAP_ENTRY		24	/* size(4) base(8) length(8) type(4) */
#define MB1_MOD_ENTRY		16	/* start, end, string, reserved */

#endif
