/*
 * acpi.h - the ACPI tables of the small PC (acpi.c): RSDP, RSDT, XSDT,
 * FADT, FACS, a DSDT with the \_S5 object alone and a MADT with one
 * local APIC, one I/O APIC and the PC's interrupt source overrides,
 * built as QEMU's q35 machine describes itself and placed, as SeaBIOS
 * places the RSDP, where a kernel's scan of 0xe0000-0xfffff finds it.
 */
#ifndef DEV_ACPI_H
#define DEV_ACPI_H

#include <stddef.h>
#include <stdint.h>

/* The ACPI 2.0+ RSDP (ACPI 6.5, 5.2.5.3): what Multiboot2's ACPI tag
 * copies. */
#define ACPI_RSDP_LEN		36

/* ACPI I/O ports (the PM1 and PM timer blocks at QEMU's q35 places,
 * ACPI_PM_BASE 0x600 + 0, 4, 8) and the SCI's ISA IRQ. */
#define ACPI_PM_BASE		0x600
#define ACPI_PM1A_EVT_BLK	(ACPI_PM_BASE + 0)
#define ACPI_PM1_EVT_LEN	4
#define ACPI_PM1A_CNT_BLK	(ACPI_PM_BASE + 4)
#define ACPI_PM1_CNT_LEN	2
#define ACPI_PM_TMR_BLK		(ACPI_PM_BASE + 8)
#define ACPI_PM_TMR_LEN		4
#define ACPI_SCI_IRQ		9
/* PM1_CNT (ACPI 6.5, 4.8.3.2.1): SCI_EN, SLP_TYP (12:10), SLP_EN; the
 * SLP_TYP this machine gives soft-off, S5, which \_S5 names (the value
 * is the platform's choice; the chipsets' differ). */
#define ACPI_PM1_CNT_SCI_EN	0x0001
#define ACPI_PM1_CNT_SLP_TYP_SHIFT 10
#define ACPI_PM1_CNT_SLP_TYP_MASK (7u << ACPI_PM1_CNT_SLP_TYP_SHIFT)
#define ACPI_PM1_CNT_SLP_EN	0x2000
#define ACPI_S5_SLP_TYP		5
/* The reset register (q35: ICH9 RST_CNT at 0xcf9, value 0x0f). */
#define ACPI_RESET_PORT		0xcf9
#define ACPI_RESET_VALUE	0x0f

/* The guest-physical address the local APIC's page answers at. */
#define ACPI_LAPIC_ADDR		0xfee00000u

/* Bytes the tables take from the base they are built for. */
size_t acpi_tables_size(void);

/*
 * Build the tables for guest-physical @base (16-byte aligned, below
 * 4 GiB, with acpi_tables_size() bytes free below @base + @room) and write
 * them through @write; copy the RSDP to @rsdp_copy (ACPI_RSDP_LEN bytes).
 * The RSDP is the first table, at @base. Returns 0, or -1 if @base or
 * @room does not fit or the write fails.
 */
int acpi_install(uint64_t base, size_t room,
		 int (*write)(void *ctx, uint64_t gpa, const void *src,
			      size_t len),
		 void *ctx, uint8_t *rsdp_copy);

#endif
