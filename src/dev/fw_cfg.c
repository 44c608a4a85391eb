/*
 * fw_cfg.c - QEMU's fw_cfg device through its legacy I/O ports, as QEMU
 * answers them (hw/nvram/fw_cfg.c, docs/specs/fw_cfg.rst): a 16-bit
 * write to 0x510 selects an item and rewinds it, each byte read from
 * 0x511 (or 0x510: QEMU's two ports are one region whose reads are data)
 * gives the item's next byte, and past its end 0. Other widths are not
 * valid there: a read is all-ones, a write dropped; a byte write, which
 * QEMU takes as a data write and ignores, is dropped too. There is no
 * DMA interface (FW_CFG_ID says so), nothing is writable.
 *
 * The items: the signature, the ID, RAM size, the processor counts, and
 * the file directory with one file, etc/e820, the memory map pc_map.c
 * gives every boot protocol. SeaBIOS src/fw/paravirt.c reads them so.
 */
#include "fw_cfg.h"

#include "io.h"
#include "pc_map.h"
#include "vcpu.h"

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_be(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static size_t e820_table(uint64_t ram, uint8_t *buf)
{
	struct pc_region map[PC_MAP_MAX];
	unsigned int i, n = pc_memmap(ram, map);

	for (i = 0; i < n; i++) {
		uint8_t *e = buf + i * FW_CFG_E820_ENTRY_SIZE;

		put_le(e, map[i].base, 8);
		put_le(e + 8, map[i].len, 8);
		put_le(e + 16, map[i].type, 4);
	}
	return n * FW_CFG_E820_ENTRY_SIZE;
}

/* FWCfgFiles: be32 count, then per file be32 size, be16 select,
 * be16 reserved, char name[56] NUL-padded (fw_cfg.rst, "File
 * Directory"). */
static size_t file_dir(uint64_t ram, uint8_t *buf)
{
	uint8_t scratch[FW_CFG_ITEM_MAX];
	static const char name[] = FW_CFG_E820_NAME;
	unsigned int i;

	put_be(buf, 1, 4);
	put_be(buf + 4, e820_table(ram, scratch), 4);
	put_be(buf + 8, FW_CFG_E820_KEY, 2);
	put_be(buf + 10, 0, 2);
	for (i = 0; i < FW_CFG_FILE_NAME_SIZE; i++)
		buf[12 + i] = i < sizeof(name) ? (uint8_t)name[i] : 0;
	return 12 + FW_CFG_FILE_NAME_SIZE;
}

size_t fw_cfg_item(uint16_t key, uint64_t ram, uint8_t *buf)
{
	/* The write-channel bit selects the same item (QEMU's
	 * fw_cfg_select masks it off); the arch-local ones are none here. */
	if (key & FW_CFG_ARCH_LOCAL)
		return 0;
	switch (key & FW_CFG_ENTRY_MASK) {
	case FW_CFG_SIGNATURE:
		buf[0] = 'Q'; buf[1] = 'E'; buf[2] = 'M'; buf[3] = 'U';
		return 4;
	case FW_CFG_ID:
		put_le(buf, FW_CFG_ID_TRADITIONAL, 4);
		return 4;
	case FW_CFG_RAM_SIZE:
		put_le(buf, ram, 8);
		return 8;
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS:
		put_le(buf, 1, 2);
		return 2;
	case FW_CFG_FILE_DIR:
		return file_dir(ram, buf);
	case FW_CFG_E820_KEY:
		return e820_table(ram, buf);
	default:
		return 0;
	}
}

static struct {
	uint8_t item[FW_CFG_ITEM_MAX];
	size_t len, offset;
	int selected;
} fw_cfg;

static void fw_cfg_select(struct vcpu *v, uint16_t key)
{
	fw_cfg.len = fw_cfg_item(key, v->guest_mem_size, fw_cfg.item);
	fw_cfg.offset = 0;
	fw_cfg.selected = 1;
}

static uint32_t fw_cfg_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)port;
	if (size != 1)
		return 0xffffffffu;
	/* QEMU's reset selects the signature (fw_cfg_reset). */
	if (!fw_cfg.selected)
		fw_cfg_select(v, FW_CFG_SIGNATURE);
	if (fw_cfg.offset >= fw_cfg.len)
		return 0;
	return fw_cfg.item[fw_cfg.offset++];
}

static void fw_cfg_out(struct vcpu *v, uint16_t port, unsigned int size,
		       uint32_t val)
{
	(void)port;
	if (size == 2)
		fw_cfg_select(v, (uint16_t)val);
}

const struct port_device fw_cfg_device = {
	.name = "fw_cfg",
	.base = FW_CFG_PORT_SEL,
	.count = 2,
	.in = fw_cfg_in,
	.out = fw_cfg_out,
};
