/*
 * pc_testdev.c - QEMU's pc-testdev (hw/misc/pc-testdev.c), which test
 * kernels (kvm-unit-tests) use to exercise port and MMIO emulation:
 *
 *  - 0xe0-0xe3: a 32-bit scratch register; an access of any width at
 *    0xe0 + n reaches its bytes from n up, as QEMU's shifts and masks do;
 *  - 0xe8-0xeb: the same register, byte-wise (QEMU splits the access
 *    into bytes, which gives the same value);
 *  - 0xe4: "flush page": QEMU unmaps and remaps the host page behind the
 *    guest-physical address written, so that KVM faults on it again. Here
 *    guest RAM stays mapped and the guest's own TLB is the guest's: the
 *    write is accepted and changes nothing, as under QEMU's TCG. Its read
 *    is no register: all-ones;
 *  - 0xff000000, 64 KiB: scratch memory, every width; the bytes of an
 *    access past its end read 0 and are not written.
 *
 * The IRQ-line ports at 0x2000-0x2017 are the interrupt controller's.
 */
#include "io.h"
#include "mmio.h"

#define PC_TESTDEV_PORT		0xe0
#define PC_TESTDEV_FLUSH	0xe4
#define PC_TESTDEV_PORT_BYTE	0xe8
#define PC_TESTDEV_MMIO		0xff000000ull
#define PC_TESTDEV_MMIO_SIZE	0x10000u

static uint32_t port_data;
static uint8_t iomem[PC_TESTDEV_MMIO_SIZE];

static uint32_t width_mask(unsigned int bytes)
{
	return bytes >= 4 ? 0xffffffffu : (1u << (8 * bytes)) - 1;
}

static uint32_t testdev_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	unsigned int shift = 8 * (port & 3);

	(void)v;
	return (port_data >> shift) & width_mask(size);
}

static void testdev_out(struct vcpu *v, uint16_t port, unsigned int size,
			uint32_t val)
{
	unsigned int shift = 8 * (port & 3);
	uint32_t mask = width_mask(size) << shift;

	(void)v;
	port_data = (port_data & ~mask) | ((val << shift) & mask);
}

const struct port_device pc_testdev_device = {
	.name = "pc-testdev",
	.base = PC_TESTDEV_PORT,
	.count = 4,
	.in = testdev_in,
	.out = testdev_out,
};

const struct port_device pc_testdev_byte_device = {
	.name = "pc-testdev-byte",
	.base = PC_TESTDEV_PORT_BYTE,
	.count = 4,
	.in = testdev_in,
	.out = testdev_out,
};

static uint32_t flush_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port; (void)size;
	return 0xffffffffu;
}

static void flush_out(struct vcpu *v, uint16_t port, unsigned int size,
		      uint32_t val)
{
	(void)v; (void)port; (void)size; (void)val;
}

const struct port_device pc_testdev_flush_device = {
	.name = "pc-testdev-flush-page",
	.base = PC_TESTDEV_FLUSH,
	.count = 4,
	.in = flush_in,
	.out = flush_out,
};

static uint64_t iomem_read(struct vcpu *v, uint64_t off, unsigned int size)
{
	uint64_t val = 0;
	unsigned int i;

	(void)v;
	for (i = 0; i < size && off + i < PC_TESTDEV_MMIO_SIZE; i++)
		val |= (uint64_t)iomem[off + i] << (8 * i);
	return val;
}

static void iomem_write(struct vcpu *v, uint64_t off, unsigned int size,
			uint64_t val)
{
	unsigned int i;

	(void)v;
	for (i = 0; i < size && off + i < PC_TESTDEV_MMIO_SIZE; i++)
		iomem[off + i] = (uint8_t)(val >> (8 * i));
}

const struct mmio_device pc_testdev_mmio_device = {
	.name = "pc-testdev",
	.base = PC_TESTDEV_MMIO,
	.size = PC_TESTDEV_MMIO_SIZE,
	.read = iomem_read,
	.write = iomem_write,
};
