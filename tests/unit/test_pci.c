/*
 * test_pci.c - PCI configuration mechanism #1 (src/dev/pci.c) against
 * PCI 3.0, 3.2.2.3.2, and QEMU's hw/pci/pci_host.c: the address decode
 * (enable bit, bus/device/function, register plus the data port's low
 * bits), every width, all-ones from absent functions and a disabled
 * address, the i440FX's IDs, and which of its bytes software may write.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "io.h"
#include "pci.h"

#define ADDR(bus, dev, fn, reg)	(PCI_ADDR_ENABLE | (bus) << 16 | \
				 (dev) << 11 | (fn) << 8 | (reg))

static uint32_t rd(struct pci *p, uint32_t addr, unsigned int port,
		   unsigned int size)
{
	p->addr = addr;
	return pci_data_read(p, port, size);
}

static void test_host_bridge_ids(void **state)
{
	struct pci p;

	(void)state;
	pci_reset(&p);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 0, 4), 0x12378086);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 0, 2), 0x8086);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 2, 2), 0x1237);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 1, 1), 0x80);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 3, 1), 0x12);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 8), 0, 4), 0x06000002);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 8), 3, 1), 0x06);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0xc), 2, 1), 0);	/* type 0 */
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0x2c), 0, 4), 0x11001af4);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0x10), 0, 4), 0);	/* no BAR */
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0x70), 2, 1),
			 I440FX_SMRAM_RESET);
	/* Bits 30:24 are reserved and ignored, as QEMU ignores them. */
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0) | 0x7f000000, 0, 4),
			 0x12378086);
	/* A word at 0xcfd spans bytes 1-2; nothing past byte 0xff. */
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 1, 2), 0x3780);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0xfc), 3, 4), 0);
}

static void test_absent_functions(void **state)
{
	static const uint32_t absent[] = {
		ADDR(0, 0, 1, 0), ADDR(0, 0, 7, 0), ADDR(0, 1, 0, 0),
		ADDR(0, 31, 7, 0), ADDR(1, 0, 0, 0), ADDR(255, 0, 0, 0),
		ADDR(0, 0, 0, 0) & ~PCI_ADDR_ENABLE,
	};
	unsigned int i, size;
	struct pci p;

	(void)state;
	pci_reset(&p);
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		for (size = 1; size <= 4; size *= 2)
			assert_int_equal(rd(&p, absent[i], 0, size),
					 0xffffffffu);
		p.addr = absent[i] | 4;
		pci_data_write(&p, 0, 4, 0);
		assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 0, 4), 0x12378086);
	}
}

/* QEMU's pci_init_wmask(): command I/O, memory, master, INTx disable;
 * cache line size; interrupt line; the device-specific bytes. */
static void test_writable_bytes(void **state)
{
	struct pci p;

	(void)state;
	pci_reset(&p);
	p.addr = ADDR(0, 0, 0, 0);
	pci_data_write(&p, 0, 4, 0);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0), 0, 4), 0x12378086);
	p.addr = ADDR(0, 0, 0, 4);
	pci_data_write(&p, 0, 4, 0xffffffffu);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 4), 0, 4), 0x00000407);
	pci_data_write(&p, 0, 2, 0x0002);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 4), 0, 2), 0x0002);
	p.addr = ADDR(0, 0, 0, 8);
	pci_data_write(&p, 0, 4, 0);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 8), 0, 4), 0x06000002);
	p.addr = ADDR(0, 0, 0, 0xc);
	pci_data_write(&p, 0, 4, 0xffffffffu);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0xc), 0, 4), 0x000000ff);
	p.addr = ADDR(0, 0, 0, 0x3c);
	pci_data_write(&p, 0, 4, 0xffffffffu);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0x3c), 0, 4), 0x000000ff);
	p.addr = ADDR(0, 0, 0, 0x58);
	pci_data_write(&p, 3, 1, 0x5a);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0x58), 0, 4), 0x5a000000);
	p.addr = ADDR(0, 0, 0, 0xfc);
	pci_data_write(&p, 2, 4, 0xaabbccdd);
	assert_int_equal(rd(&p, ADDR(0, 0, 0, 0xfc), 0, 4), 0xccdd0000);
}

static void test_address_port(void **state)
{
	(void)state;
	assert_int_equal(pci_addr_device.base, PCI_PORT_ADDRESS);
	/* 0xcf9 is the reset register's, not this device's. */
	assert_int_equal(pci_addr_device.count, 1);
	assert_int_equal(pci_data_device.base, PCI_PORT_DATA);
	assert_int_equal(pci_data_device.count, 4);
	pci_addr_device.out(NULL, 0, 4, 0x80001234);
	assert_int_equal(pci_addr_device.in(NULL, 0, 4), 0x80001234);
	pci_addr_device.out(NULL, 0, 1, 0);
	pci_addr_device.out(NULL, 0, 2, 0);
	assert_int_equal(pci_addr_device.in(NULL, 0, 4), 0x80001234);
	pci_addr_device.out(NULL, 0, 4, ADDR(0, 0, 0, 0));
	assert_int_equal(pci_data_device.in(NULL, 2, 2), 0x1237);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_bridge_ids),
		cmocka_unit_test(test_absent_functions),
		cmocka_unit_test(test_writable_bytes),
		cmocka_unit_test(test_address_port),
	};

	return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
