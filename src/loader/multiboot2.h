/*
 * multiboot2.h - the numbers of the Multiboot2 specification (version
 * 2.0) our loader uses: the OS image header and its tags (3.1), the
 * boot information tags (3.6).
 */
#ifndef LOADER_MULTIBOOT2_H
#define LOADER_MULTIBOOT2_H

#define MB2_HEADER_MAGIC	0xE85250D6u
#define MB2_BOOT_MAGIC		0x36D76289u	/* EAX at entry (3.3) */
#define MB2_SEARCH		32768	/* the header lies in these bytes */
#define MB2_ALIGN		8
#define MB2_HEADER_FIXED	16	/* magic, arch, length, checksum */
#define MB2_ARCH_I386		0

/* Header tags (3.1.3-3.1.12); flags bit 0 = optional. */
#define MB2_HT_END		0
#define MB2_HT_INFO_REQUEST	1
#define MB2_HT_ADDRESS		2
#define MB2_HT_ENTRY		3
#define MB2_HT_CONSOLE		4
#define MB2_HT_FRAMEBUFFER	5
#define MB2_HT_MODULE_ALIGN	6
#define MB2_HT_EFI_BS		7
#define MB2_HT_ENTRY_EFI32	8
#define MB2_HT_ENTRY_EFI64	9
#define MB2_HT_RELOCATABLE	10
#define MB2_HT_OPTIONAL		1u
#define MB2_CONSOLE_REQUIRED	1u	/* console_flags bit 0 */

/* Boot information tags (3.6). */
#define MBI2_END		0
#define MBI2_CMDLINE		1
#define MBI2_LOADER_NAME	2
#define MBI2_MODULE		3
#define MBI2_BASIC_MEMINFO	4
#define MBI2_MMAP		6
#define MBI2_ACPI_OLD		14
#define MBI2_ACPI_NEW		15
#define MBI2_MMAP_ENTRY		24	/* base, length, type, reserved */
#define ACPI_RSDP_V1_LEN	20	/* ACPI 6.4, 5.2.5.3 */
#define ACPI_RSDP_V2_LEN	36
#define ACPI_RSDP_REVISION	15	/* offset of the revision byte */

#endif
