/*
 * pc_testdev_irq.c - the IRQ-line ports of QEMU's pc-testdev
 * (hw/misc/pc-testdev.c): a byte write to port 0x2000 + n (n < 24) sets
 * ISA line n high when the value is nonzero, low when it is 0, which
 * test kernels use to exercise interrupt routing. QEMU accepts only byte
 * accesses here (valid.max_access_size = 1) and drops wider ones. Lines
 * 0-15 reach the 8259 pair and the I/O APIC (isa_irq.c); the lines above
 * 15 are the I/O APIC's PCI pins in QEMU, which no source drives here,
 * so they are accepted and go nowhere. Reads answer
 * all-ones (the ports are write-only: QEMU gives them no read handler).
 * The rest of pc-testdev is pc_testdev.c.
 */
#include "io.h"
#include "isa_irq.h"
#include "pic.h"

#define PC_TESTDEV_IRQ_PORT	0x2000
#define PC_TESTDEV_IRQ_LINES	24

static uint32_t testdev_irq_in(struct vcpu *v, uint16_t port,
			       unsigned int size)
{
	(void)v; (void)port; (void)size;
	return 0xffffffffu;
}

static void testdev_irq_out(struct vcpu *v, uint16_t port, unsigned int size,
			    uint32_t val)
{
	if (size == 1 && port < PIC_IRQS)
		isa_irq_set_line(v, port, (val & 0xff) != 0);
}

const struct port_device pc_testdev_irq_device = {
	.name = "pc-testdev-irq",
	.base = PC_TESTDEV_IRQ_PORT,
	.count = PC_TESTDEV_IRQ_LINES,
	.in = testdev_irq_in,
	.out = testdev_irq_out,
};
