/*
 * acpi_pm.c - the ACPI fixed hardware's PM1 event and control blocks at
 * ACPI_PM1A_EVT_BLK and ACPI_PM1A_CNT_BLK (ACPI 6.5, 4.8.3.1 and
 * 4.8.3.2), as far as an OS that only powers off needs them:
 *   PM1_STS  no event is ever pending: reads 0; writes (1 clears a bit)
 *            change nothing
 *   PM1_EN   read back as written (no event can fire, so no SCI)
 *   PM1_CNT  SCI_EN reads 1: with no SMI_CMD in the FADT the machine is
 *            always in ACPI mode (4.8.2.5); SLP_TYP is kept; SLP_EN with
 *            the SLP_TYP \_S5 names (acpi.h) powers the machine off,
 *            VMM_EXIT_POWER_OFF, as `poweroff` under Linux does it. Any
 *            other sleep type has no \_Sx object and is not entered.
 * Byte and word accesses each hit the bytes they cover, as on a chipset.
 */
#include "io.h"

#include <stdio.h>

#include "acpi.h"
#include "vcpu.h"

#define PM1_BLOCK_LEN	(ACPI_PM1_EVT_LEN + ACPI_PM1_CNT_LEN)
#define PM1_EN_OFF	2
#define PM1_CNT_OFF	(ACPI_PM1A_CNT_BLK - ACPI_PM1A_EVT_BLK)

static uint8_t regs[PM1_BLOCK_LEN] = {
	[PM1_CNT_OFF] = ACPI_PM1_CNT_SCI_EN,
};

static uint32_t pm1_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	uint32_t val = 0;
	unsigned int i;

	(void)v;
	for (i = 0; i < size; i++)
		val |= (uint32_t)(port + i < PM1_BLOCK_LEN ? regs[port + i]
							   : 0xff) << (8 * i);
	return val;
}

static void pm1_out(struct vcpu *v, uint16_t port, unsigned int size,
		    uint32_t val)
{
	unsigned int i, off;
	uint16_t cnt;

	for (i = 0; i < size; i++) {
		off = port + i;
		if (off >= PM1_EN_OFF && off < PM1_BLOCK_LEN)
			regs[off] = (uint8_t)(val >> (8 * i));
	}
	regs[PM1_CNT_OFF] |= ACPI_PM1_CNT_SCI_EN;
	cnt = (uint16_t)(regs[PM1_CNT_OFF] | regs[PM1_CNT_OFF + 1] << 8);
	if (port + size <= PM1_CNT_OFF || !(cnt & ACPI_PM1_CNT_SLP_EN))
		return;
	regs[PM1_CNT_OFF + 1] &= (uint8_t)~(ACPI_PM1_CNT_SLP_EN >> 8);
	if (((cnt & ACPI_PM1_CNT_SLP_TYP_MASK) >> ACPI_PM1_CNT_SLP_TYP_SHIFT) !=
	    ACPI_S5_SLP_TYP)
		return;
	uart_flush();
	printf("vmm: guest powered the machine off (ACPI S5)\n");
	vcpu_stop(v, VMM_EXIT_POWER_OFF);
}

const struct port_device acpi_pm1_device = {
	.name = "acpi-pm1",
	.base = ACPI_PM1A_EVT_BLK,
	.count = PM1_BLOCK_LEN,
	.in = pm1_in,
	.out = pm1_out,
};
