/*
 * pci.c - PCI configuration mechanism #1 (PCI 3.0, 3.2.2.3.2) with one
 * device, the i440FX host bridge at 00:00.0, as QEMU's pc machine has it
 * (hw/pci/pci_host.c, hw/pci-host/i440fx.c):
 *
 *  - CONFIG_ADDRESS at 0xcf8 takes dword writes only and reads back what
 *    was written; a narrower read returns its low bytes, as QEMU's does.
 *    Only port 0xcf8 is claimed: 0xcf9 is the reset control register,
 *    another device, and 0xcfa/0xcfb answer as no device does;
 *  - CONFIG_DATA at 0xcfc-0xcff reaches register (address & 0xfc) +
 *    (port & 3) of the function the address names, in the width of the
 *    access, never past the 256-byte space (QEMU clips there); with the
 *    enable bit clear, reads are all-ones and writes go nowhere;
 *  - every function but 00:00.0 is absent: reads all-ones, writes
 *    dropped (a master abort, PCI 3.0, 6.1);
 *  - the bridge's space is read-only but for what QEMU's pci_init_wmask()
 *    lets software write: the command register's I/O, memory, bus-master
 *    and INTx-disable bits, cache line size, interrupt line, and the
 *    device-specific bytes 0x40-0xff (which change nothing here: the
 *    PAM and SMRAM registers map nothing in this machine).
 */
#include "pci.h"

#include "io.h"

/* PCI 3.0, 6.2.2: I/O space, memory space, bus master, INTx disable. */
#define PCI_COMMAND_WMASK	0x0407u

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void pci_reset(struct pci *p)
{
	unsigned int i;

	p->addr = 0;
	for (i = 0; i < PCI_CONFIG_SIZE; i++)
		p->cfg[i] = 0;
	put16(p->cfg + PCI_VENDOR_ID, I440FX_VENDOR);
	put16(p->cfg + PCI_DEVICE_ID, I440FX_DEVICE);
	p->cfg[PCI_REVISION_ID] = I440FX_REVISION;
	put16(p->cfg + PCI_CLASS_DEVICE, PCI_CLASS_BRIDGE_HOST);
	put16(p->cfg + PCI_SUBSYSTEM_VENDOR_ID, QEMU_SUBVENDOR);
	put16(p->cfg + PCI_SUBSYSTEM_ID, QEMU_SUBDEVICE);
	p->cfg[I440FX_SMRAM] = I440FX_SMRAM_RESET;
}

static uint8_t wmask(unsigned int off)
{
	if (off >= PCI_HEADER_SIZE)
		return 0xff;
	switch (off) {
	case PCI_COMMAND:
		return (uint8_t)PCI_COMMAND_WMASK;
	case PCI_COMMAND + 1:
		return (uint8_t)(PCI_COMMAND_WMASK >> 8);
	case PCI_CACHE_LINE_SIZE:
	case PCI_INTERRUPT_LINE:
		return 0xff;
	default:
		return 0;
	}
}

/* The register offset an access reaches, or -1 for an absent function
 * or a disabled address. */
static int config_offset(uint32_t addr, unsigned int port)
{
	if (!(addr & PCI_ADDR_ENABLE) || PCI_ADDR_BUS(addr) ||
	    PCI_ADDR_DEV(addr) || PCI_ADDR_FN(addr))
		return -1;
	return (int)(((addr & 0xfc) | (port & 3)) & 0xff);
}

uint32_t pci_data_read(const struct pci *p, unsigned int port,
		       unsigned int size)
{
	int off = config_offset(p->addr, port);
	uint32_t val = 0;
	unsigned int i;

	if (off < 0)
		return 0xffffffffu;
	for (i = 0; i < size && off + i < PCI_CONFIG_SIZE; i++)
		val |= (uint32_t)p->cfg[off + i] << (8 * i);
	return val;
}

void pci_data_write(struct pci *p, unsigned int port, unsigned int size,
		    uint32_t val)
{
	int off = config_offset(p->addr, port);
	unsigned int i;

	if (off < 0)
		return;
	for (i = 0; i < size && off + i < PCI_CONFIG_SIZE; i++) {
		uint8_t m = wmask(off + i);

		p->cfg[off + i] = (uint8_t)((p->cfg[off + i] & ~m) |
					    ((val >> (8 * i)) & m));
	}
}

static struct pci pci;
static int pci_ready;

static struct pci *pci_get(void)
{
	if (!pci_ready) {
		pci_reset(&pci);
		pci_ready = 1;
	}
	return &pci;
}

static uint32_t pci_addr_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port; (void)size;
	return pci_get()->addr;
}

static void pci_addr_out(struct vcpu *v, uint16_t port, unsigned int size,
			 uint32_t val)
{
	(void)v; (void)port;
	if (size == 4)
		pci_get()->addr = val;
}

static uint32_t pci_data_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v;
	return pci_data_read(pci_get(), port, size);
}

static void pci_data_out(struct vcpu *v, uint16_t port, unsigned int size,
			 uint32_t val)
{
	(void)v;
	pci_data_write(pci_get(), port, size, val);
}

const struct port_device pci_addr_device = {
	.name = "pci-config-address",
	.base = PCI_PORT_ADDRESS,
	.count = 1,
	.in = pci_addr_in,
	.out = pci_addr_out,
};

const struct port_device pci_data_device = {
	.name = "pci-config-data",
	.base = PCI_PORT_DATA,
	.count = 4,
	.in = pci_data_in,
	.out = pci_data_out,
};
