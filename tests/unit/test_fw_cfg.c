/*
 * test_fw_cfg.c - QEMU's fw_cfg items as src/dev/fw_cfg.c builds them,
 * byte for byte against docs/specs/fw_cfg.rst and what SeaBIOS's
 * src/fw/paravirt.c parses: the signature, ID, RAM size, CPU count, the
 * big-endian file directory and etc/e820 (pc_memmap()'s map, packed
 * little-endian); and the ports: select, read on, 0 past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fw_cfg.h"
#include "io.h"
#include "pc_map.h"
#include "vcpu.h"

#define MIB	(1024ull * 1024)

static uint64_t le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static uint64_t be(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static void test_fixed_items(void **state)
{
	uint8_t b[FW_CFG_ITEM_MAX];

	(void)state;
	assert_int_equal(fw_cfg_item(FW_CFG_SIGNATURE, 256 * MIB, b), 4);
	assert_memory_equal(b, "QEMU", 4);
	assert_int_equal(fw_cfg_item(FW_CFG_ID, 256 * MIB, b), 4);
	assert_int_equal(le(b, 4), FW_CFG_ID_TRADITIONAL);
	assert_int_equal(fw_cfg_item(FW_CFG_RAM_SIZE, 256 * MIB, b), 8);
	assert_int_equal(le(b, 8), 256 * MIB);
	assert_int_equal(fw_cfg_item(FW_CFG_RAM_SIZE, 0x123456789000ull, b), 8);
	assert_int_equal(le(b, 8), 0x123456789000ull);
	assert_int_equal(fw_cfg_item(FW_CFG_NB_CPUS, 256 * MIB, b), 2);
	assert_int_equal(le(b, 2), 1);
	/* The write-channel bit names the same item; nothing else exists. */
	assert_int_equal(fw_cfg_item(0x4000 | FW_CFG_SIGNATURE, 256 * MIB, b),
			 4);
	assert_memory_equal(b, "QEMU", 4);
	assert_int_equal(fw_cfg_item(0x0002, 256 * MIB, b), 0);	/* UUID */
	assert_int_equal(fw_cfg_item(0x8003, 256 * MIB, b), 0);	/* e820 */
	assert_int_equal(fw_cfg_item(FW_CFG_FILE_FIRST + 1, 256 * MIB, b), 0);
	assert_int_equal(fw_cfg_item(0xffff, 256 * MIB, b), 0);
}

static void test_file_dir_and_e820(void **state)
{
	static const uint64_t rams[] = { 2 * MIB, 128 * MIB, 3072 * MIB };
	uint8_t d[FW_CFG_ITEM_MAX], e[FW_CFG_ITEM_MAX];
	char name[FW_CFG_FILE_NAME_SIZE] = FW_CFG_E820_NAME;
	struct pc_region map[PC_MAP_MAX];
	unsigned int i, k, n;
	size_t len;

	(void)state;
	for (k = 0; k < sizeof(rams) / sizeof(rams[0]); k++) {
		n = pc_memmap(rams[k], map);
		assert_int_equal(fw_cfg_item(FW_CFG_FILE_DIR, rams[k], d),
				 4 + 64);
		assert_int_equal(be(d, 4), 1);
		assert_int_equal(be(d + 4, 4), n * FW_CFG_E820_ENTRY_SIZE);
		assert_int_equal(be(d + 8, 2), FW_CFG_E820_KEY);
		assert_int_equal(be(d + 10, 2), 0);
		assert_memory_equal(d + 12, name, sizeof(name));
		len = fw_cfg_item((uint16_t)be(d + 8, 2), rams[k], e);
		assert_int_equal(len, be(d + 4, 4));
		for (i = 0; i < n; i++) {
			const uint8_t *p = e + i * FW_CFG_E820_ENTRY_SIZE;

			assert_int_equal(le(p, 8), map[i].base);
			assert_int_equal(le(p + 8, 8), map[i].len);
			assert_int_equal(le(p + 16, 4), map[i].type);
		}
	}
	/* The last entry is RAM from 1 MiB to the end of RAM. */
	assert_int_equal(le(e + (n - 1) * FW_CFG_E820_ENTRY_SIZE, 8),
			 PC_HIGH_RAM_BASE);
	assert_int_equal(le(e + (n - 1) * FW_CFG_E820_ENTRY_SIZE + 8, 8),
			 3072 * MIB - PC_HIGH_RAM_BASE);
}

static struct vcpu vcpu = { .guest_mem_size = 128 * MIB };

static uint32_t in(uint16_t port, unsigned int size)
{
	return fw_cfg_device.in(&vcpu, (uint16_t)(port - FW_CFG_PORT_SEL),
				size);
}

static void out(uint16_t port, unsigned int size, uint32_t val)
{
	fw_cfg_device.out(&vcpu, (uint16_t)(port - FW_CFG_PORT_SEL), size,
			  val);
}

static void test_ports(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(fw_cfg_device.base, FW_CFG_PORT_SEL);
	/* Reset selects the signature. */
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 'Q');
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 'E');
	out(FW_CFG_PORT_SEL, 2, FW_CFG_RAM_SIZE);
	for (i = 0; i < 8; i++)
		assert_int_equal(in(FW_CFG_PORT_DATA, 1),
				 (uint8_t)((128 * MIB) >> (8 * i)));
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 0);	/* past the end */
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 0);
	/* Selecting rewinds; a byte write or a dword write selects nothing. */
	out(FW_CFG_PORT_SEL, 2, FW_CFG_SIGNATURE);
	out(FW_CFG_PORT_SEL, 1, FW_CFG_NB_CPUS);
	out(FW_CFG_PORT_SEL, 4, FW_CFG_NB_CPUS);
	assert_int_equal(in(FW_CFG_PORT_SEL, 1), 'Q');	/* either port */
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 'E');
	/* A word read is not valid there. */
	assert_int_equal(in(FW_CFG_PORT_DATA, 2), 0xffffffffu);
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 'M');
	out(FW_CFG_PORT_SEL, 2, 0x1234);
	assert_int_equal(in(FW_CFG_PORT_DATA, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_items),
		cmocka_unit_test(test_file_dir_and_e820),
		cmocka_unit_test(test_ports),
	};

	return cmocka_run_group_tests_name("fw_cfg", tests, NULL, NULL);
}
