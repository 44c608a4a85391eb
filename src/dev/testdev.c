/*
 * testdev.c - a device that exists for tests and benchmarks: a 32-bit
 * port at 0x5f0 that reads a constant and swallows writes, and one
 * read/write scratch register in an MMIO page at 0xfeb00000. It models no
 * hardware; it gives the exit benchmark a port and an MMIO register the
 * hypervisor answers without any device behaviour in the way.
 */
#include "io.h"
#include "mmio.h"
#include "vmm_abi.h"


static uint32_t port_last;
static uint64_t mmio_scratch;

static uint32_t testdev_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port; (void)size;
	return VMM_TESTDEV_MAGIC;
}

static void testdev_out(struct vcpu *v, uint16_t port, unsigned int size,
			uint32_t val)
{
	(void)v; (void)port; (void)size;
	port_last = val;
}

const struct port_device testdev_port_device = {
	.name = "testdev",
	.base = VMM_PORT_TESTDEV,
	.count = 4,
	.in = testdev_in,
	.out = testdev_out,
	.fast = 1,
};

static uint64_t testdev_mmio_read(struct vcpu *v, uint64_t off,
				  unsigned int size)
{
	(void)v; (void)size;
	return off == 0 ? mmio_scratch : 0;
}

static void testdev_mmio_write(struct vcpu *v, uint64_t off,
			       unsigned int size, uint64_t val)
{
	(void)v; (void)size;
	if (off == 0)
		mmio_scratch = val;
}

const struct mmio_device testdev_mmio_device = {
	.name = "testdev",
	.base = VMM_MMIO_TESTDEV,
	.size = VMM_MMIO_TESTDEV_SIZE,
	.read = testdev_mmio_read,
	.write = testdev_mmio_write,
};
