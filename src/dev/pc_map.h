/*
 * pc_map.h - the guest-physical map of the small PC (issue 14): where
 * firmware's things live, and the memory map every boot protocol reports
 * (Multiboot mmap, fw_cfg etc/e820, later Linux's E820). One table, so the
 * loaders, fw_cfg and the ACPI tables cannot disagree.
 *
 * Guest RAM is [0, ram). Inside it, below 1 MiB:
 *   [0, 0x9fc00)          RAM (page 0 included: the real-mode IVT)
 *   [0x9fc00, 0xa0000)    reserved (where an EBDA would be)
 *   [0xa0000, 0xe0000)    the legacy video/option-ROM hole: RAM in EPT,
 *                         reported as neither RAM nor reserved, as on a PC
 *   [0xe0000, 0xe8000)    reserved: ACPI tables (RSDP found by a scan)
 *   [0xe8000, 0xf0000)    reserved: boot page tables and GDT for 64-bit entry
 *   [0xf0000, 0x100000)   reserved: the minimal firmware (IVT stubs)
 *   [0x100000, ram)       RAM
 */
#ifndef DEV_PC_MAP_H
#define DEV_PC_MAP_H

#include <stdint.h>

#define PC_LOW_RAM_END		0x9fc00ull
#define PC_EBDA_END		0xa0000ull
#define PC_HOLE_END		0xe0000ull
#define PC_ACPI_BASE		0xe0000ull
#define PC_ACPI_SIZE		0x8000ull
#define PC_BOOTPT_BASE		0xe8000ull
#define PC_BOOTPT_SIZE		0x8000ull
#define PC_BIOS_BASE		0xf0000ull
#define PC_BIOS_SIZE		0x10000ull
#define PC_HIGH_RAM_BASE	0x100000ull

/* Region types, numbered as E820 and Multiboot number them. */
#define PC_MEM_RAM		1
#define PC_MEM_RESERVED		2

struct pc_region {
	uint64_t base, len;
	uint32_t type;
};

#define PC_MAP_MAX		8

/*
 * The memory map of a guest with @ram bytes of RAM (ram >= 1 MiB), in
 * ascending order, into @out (PC_MAP_MAX entries). Returns the count.
 */
unsigned int pc_memmap(uint64_t ram, struct pc_region *out);

#endif
