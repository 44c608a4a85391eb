/*
 * boot64.h - what the plain ELF64 loader leaves in [PC_BOOTPT_BASE,
 * +PC_BOOTPT_SIZE) for a 64-bit entry (pc_map.h): identity page tables for
 * the first 4 GiB in 2 MiB pages, and a flat GDT the vCPU's segment
 * registers match, so a kernel that reloads them gets the same segments.
 */
#ifndef LOADER_BOOT64_H
#define LOADER_BOOT64_H

#include "pc_map.h"

#define BOOT64_PML4		(PC_BOOTPT_BASE + 0x0000)
#define BOOT64_PDPT		(PC_BOOTPT_BASE + 0x1000)
#define BOOT64_PD		(PC_BOOTPT_BASE + 0x2000)	/* 4 pages */
#define BOOT64_GDT		(PC_BOOTPT_BASE + 0x6000)
#define BOOT64_GDT_ENTRIES	4
#define BOOT64_GDT_LIMIT	(BOOT64_GDT_ENTRIES * 8 - 1)
#define BOOT64_CS		0x08	/* 64-bit code, DPL 0 */
#define BOOT64_DS		0x10	/* flat 4 GiB data, DPL 0 */
#define BOOT64_CS32		0x18	/* flat 32-bit code, DPL 0 */

#endif
