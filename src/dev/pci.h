/*
 * pci.h - PCI configuration mechanism #1 and the one device behind it,
 * the i440FX host bridge at 00:00.0 (pci.c). Pure: the host unit tests
 * drive the ports' model directly.
 */
#ifndef DEV_PCI_H
#define DEV_PCI_H

#include <stdint.h>

/* PCI Local Bus Specification 3.0, 3.2.2.3.2 "Configuration Mechanism
 * #1": CONFIG_ADDRESS at 0xcf8, CONFIG_DATA at 0xcfc-0xcff. */
#define PCI_PORT_ADDRESS	0xcf8
#define PCI_PORT_DATA		0xcfc
#define PCI_ADDR_ENABLE		0x80000000u
#define PCI_ADDR_BUS(a)		(((a) >> 16) & 0xff)
#define PCI_ADDR_DEV(a)		(((a) >> 11) & 0x1f)
#define PCI_ADDR_FN(a)		(((a) >> 8) & 0x7)
#define PCI_CONFIG_SIZE		256

/* Type 0 header fields (PCI 3.0, 6.1). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09
#define PCI_CLASS_DEVICE	0x0a
#define PCI_CACHE_LINE_SIZE	0x0c
#define PCI_HEADER_TYPE		0x0e
#define PCI_SUBSYSTEM_VENDOR_ID	0x2c
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_HEADER_SIZE		0x40

/* The i440FX PMC as QEMU's hw/pci-host/i440fx.c presents it. */
#define I440FX_VENDOR		0x8086
#define I440FX_DEVICE		0x1237
#define I440FX_REVISION		0x02
#define PCI_CLASS_BRIDGE_HOST	0x0600
#define QEMU_SUBVENDOR		0x1af4	/* every QEMU device's subsystem */
#define QEMU_SUBDEVICE		0x1100
#define I440FX_SMRAM		0x72
#define I440FX_SMRAM_RESET	0x02

struct pci {
	uint32_t addr;			/* CONFIG_ADDRESS as written */
	uint8_t cfg[PCI_CONFIG_SIZE];	/* 00:00.0's configuration space */
};

void pci_reset(struct pci *p);

/* CONFIG_DATA at 0xcfc + @port (0-3), @size bytes (1, 2 or 4). */
uint32_t pci_data_read(const struct pci *p, unsigned int port,
		       unsigned int size);
void pci_data_write(struct pci *p, unsigned int port, unsigned int size,
		    uint32_t val);

#endif
