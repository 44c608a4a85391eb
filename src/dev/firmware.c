/*
 * firmware.c - what firmware leaves in guest RAM below 1 MiB, written at
 * load time by pc_firmware_install() (see firmware.h).
 *
 * The guest never runs firmware: it is entered at its kernel's entry, in
 * the state its boot protocol names. What a firmware would have left
 * behind it is written here instead, and only that; every other byte of
 * low RAM stays the demand-zero RAM it is (guest_ram.h):
 *
 *   0x00000  the real-mode IVT: 256 vectors, all into segment F000
 *   0x00400  the BIOS data area: COM1's port, base memory in KiB
 *   0xe0000  the ACPI tables, RSDP first (acpi.c)
 *   0xf0000  the stubs of asm/firmware16.S
 *   0xffff0  the reset vector: a far jump to the halt stub
 *
 * Which stub a vector gets (the choice the issue leaves to us):
 *   0, 5-7        faults that IRET would repeat forever: halt, IF = 0
 *   1-4           #DB, NMI, #BP, #OF resume after the instruction: IRET
 *   0x08-0x0f     IRQ0-7 in the BIOS's PIC layout: master EOI, IRET
 *   0x70-0x77     IRQ8-15: slave and master EOI, IRET
 *   all others    a BIOS service we do not give: IRET with CF set
 * Real-mode exceptions 8-15 share their vectors with IRQ0-7, as on every
 * PC; they get the IRQ stub, as they would from a PC BIOS.
 */
#include <string.h>

#include "acpi.h"
#include "firmware.h"
#include "pc_map.h"
#include "uart16550.h"

/* The stubs run at F000:FW16_OFF, which must be PC_BIOS_BASE, and leave
 * room for the reset vector at its top. */
_Static_assert((FW16_SEG << 4) + FW16_OFF == PC_BIOS_BASE,
	       "firmware segment");
_Static_assert(FW_RESET_VECTOR + FW_RESET_VECTOR_LEN == PC_HIGH_RAM_BASE,
	       "reset vector");
/* 639 KiB: the RAM below the EBDA's place (pc_map.h). */
_Static_assert(PC_LOW_RAM_END % 1024 == 0, "base memory in whole KiB");

/*
 * The vectors that do not get fw16_unsupported (see the table at the
 * top), by range. A table, so the IVT is one fill and a few patches: the
 * loop over 256 vectors is the install's largest cost at boot.
 */
static const struct fw_vector_range {
	uint8_t first, last;
	const uint8_t *stub;
} fw_vector_ranges[] = {
	{ 0x00, 0x00, fw16_halt },		/* #DE */
	{ 0x01, 0x04, fw16_iret },		/* #DB, NMI, #BP, #OF */
	{ 0x05, 0x07, fw16_halt },		/* #BR, #UD, #NM */
	{ BIOS_HWIRQ0_VECTOR, BIOS_HWIRQ0_VECTOR + 7, fw16_irq_master },
	{ BIOS_HWIRQ8_VECTOR, BIOS_HWIRQ8_VECTOR + 7, fw16_irq_slave },
};

/* An IVT entry: the stub's offset in the low word, its segment above. */
static uint32_t fw_ivt_entry(const uint8_t *stub)
{
	return (uint32_t)FW16_SEG << 16 |
	       (uint16_t)(FW16_OFF + (stub - fw16_start));
}

static int fw_install_ivt(fw_write_fn write, void *ctx)
{
	uint32_t ivt[IVT_VECTORS], unsupported = fw_ivt_entry(fw16_unsupported);
	unsigned int vec, i;

	for (vec = 0; vec < IVT_VECTORS; vec++)
		ivt[vec] = unsupported;
	for (i = 0; i < sizeof(fw_vector_ranges) / sizeof(*fw_vector_ranges);
	     i++) {
		const struct fw_vector_range *r = &fw_vector_ranges[i];

		for (vec = r->first; vec <= r->last; vec++)
			ivt[vec] = fw_ivt_entry(r->stub);
	}
	return write(ctx, IVT_BASE, ivt, sizeof(ivt));
}

/* The BDA words a real-mode kernel may read; the rest stays 0 (no EBDA
 * pointer at 0x40e, so no kernel scans the reserved EBDA hole). */
static int fw_install_bda(fw_write_fn write, void *ctx)
{
	uint16_t com1 = UART_COM1_BASE;
	uint16_t base_kb = PC_LOW_RAM_END / 1024;

	if (write(ctx, BDA_COM1_PORT, &com1, sizeof(com1)))
		return -1;
	return write(ctx, BDA_BASE_MEM_KB, &base_kb, sizeof(base_kb));
}

int pc_firmware_install(uint64_t ram, fw_write_fn write, void *ctx,
			uint8_t *rsdp_copy, size_t *rsdp_len)
{
	size_t stubs = (size_t)(fw16_end - fw16_start);
	size_t reset = (size_t)(fw16_reset_end - fw16_reset);

	if (ram < PC_HIGH_RAM_BASE || stubs > PC_BIOS_SIZE -
	    FW_RESET_VECTOR_LEN || reset > FW_RESET_VECTOR_LEN)
		return -1;
	if (fw_install_ivt(write, ctx) || fw_install_bda(write, ctx))
		return -1;
	if (write(ctx, PC_BIOS_BASE + FW16_OFF, fw16_start, stubs) ||
	    write(ctx, FW_RESET_VECTOR, fw16_reset, reset))
		return -1;
	if (acpi_install(PC_ACPI_BASE, PC_ACPI_SIZE, write, ctx, rsdp_copy))
		return -1;
	*rsdp_len = ACPI_RSDP_LEN;
	return 0;
}
