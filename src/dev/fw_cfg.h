/*
 * fw_cfg.h - QEMU's firmware configuration device, its legacy I/O
 * interface (fw_cfg.c): the items it answers and their bytes, built by a
 * pure function so the host unit tests read them as a guest would.
 */
#ifndef DEV_FW_CFG_H
#define DEV_FW_CFG_H

#include <stddef.h>
#include <stdint.h>

/* QEMU docs/specs/fw_cfg.rst, "Selector" and "Standard Selector Keys". */
#define FW_CFG_PORT_SEL		0x510	/* 16-bit write: the item's key */
#define FW_CFG_PORT_DATA	0x511	/* 8-bit read: its next byte */
#define FW_CFG_SIGNATURE	0x0000	/* "QEMU" */
#define FW_CFG_ID		0x0001	/* feature bits */
#define FW_CFG_RAM_SIZE		0x0003	/* le64 */
#define FW_CFG_NB_CPUS		0x0005	/* le16 */
#define FW_CFG_MAX_CPUS		0x000f	/* le16 */
#define FW_CFG_FILE_DIR		0x0019
#define FW_CFG_FILE_FIRST	0x0020	/* the files' keys, in name order */
#define FW_CFG_ENTRY_MASK	0x3fff	/* bit 14: write channel, 15: arch */
#define FW_CFG_ARCH_LOCAL	0x8000
#define FW_CFG_ID_TRADITIONAL	0x01	/* the I/O ports; bit 1 would be DMA */
#define FW_CFG_FILE_NAME_SIZE	56

/* The one file: the memory map, as struct e820_entry of hw/i386/e820.h,
 * packed: le64 address, le64 length, le32 type. */
#define FW_CFG_E820_KEY		FW_CFG_FILE_FIRST
#define FW_CFG_E820_NAME	"etc/e820"
#define FW_CFG_E820_ENTRY_SIZE	20

/* Large enough for the largest item: the e820 table of PC_MAP_MAX
 * entries (the directory of one file is 68 bytes). */
#define FW_CFG_ITEM_MAX		256

/* The bytes of the item @key reads for a guest with @ram bytes of RAM,
 * into @buf (FW_CFG_ITEM_MAX bytes); returns their count, 0 for a key
 * with no item (its reads give 0). */
size_t fw_cfg_item(uint16_t key, uint64_t ram, uint8_t *buf);

#endif
