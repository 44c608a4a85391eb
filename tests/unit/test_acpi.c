/*
 * test_acpi.c - the ACPI tables (src/dev/acpi.c), read back the way a
 * kernel finds them: scan 0xe0000-0xfffff on 16-byte boundaries for the
 * RSDP, check both its checksums, follow the RSDT and the XSDT, and check
 * every table's length, checksum and the fields a kernel uses. Offsets
 * are the ACPI specification's (6.5, 5.2), not acpi.c's structures, so a
 * layout mistake there shows here.
 */
#include "fw_harness.h"

/* RSDP (5.2.5.3) */
#define RSDP_SCAN_LO		0xe0000ull
#define RSDP_SCAN_HI		0x100000ull
#define RSDP_CHECKSUM_LEN	20
#define RSDP_REVISION		15
#define RSDP_RSDT		16
#define RSDP_LENGTH		20
#define RSDP_XSDT		24
/* Table header (5.2.6) */
#define SDT_LENGTH		4
#define SDT_REVISION		8
#define SDT_OEM_ID		10
#define SDT_HDR_LEN		36
/* FADT (5.2.9, table 5.9) */
#define FADT_FIRMWARE_CTRL	36
#define FADT_DSDT		40
#define FADT_SCI_INT		46
#define FADT_SMI_CMD		48
#define FADT_PM1A_EVT_BLK	56
#define FADT_PM1A_CNT_BLK	64
#define FADT_PM_TMR_BLK		76
#define FADT_PM1_EVT_LEN	88
#define FADT_PM1_CNT_LEN	89
#define FADT_PM_TMR_LEN		91
#define FADT_FLAGS		112
#define FADT_RESET_REG		116
#define FADT_RESET_VALUE	128
#define FADT_X_FIRMWARE_CTRL	132
#define FADT_X_DSDT		140
#define FADT_X_PM1A_EVT_BLK	148
#define FADT_X_PM1A_CNT_BLK	172
#define FADT_X_PM_TMR_BLK	208
#define FADT_REV3_LEN		244
#define FADT_F_WBINVD		(1u << 0)
#define FADT_F_TMR_VAL_EXT	(1u << 8)	/* our PM timer is 24-bit */
#define FADT_F_RESET_REG_SUP	(1u << 10)
#define FADT_F_HW_REDUCED	(1u << 20)
/* Generic Address Structure (5.2.3.2) */
#define GAS_SPACE		0
#define GAS_BIT_WIDTH		1
#define GAS_ADDRESS		4
#define GAS_SYSTEM_IO		1
/* FACS (5.2.10) */
#define FACS_LENGTH		4
#define FACS_MIN_LEN		64
/* MADT (5.2.12) */
#define MADT_LAPIC_ADDR		36
#define MADT_FLAGS		40
#define MADT_ENTRIES		44
#define MADT_PCAT_COMPAT	1u
#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_OVERRIDE		2
#define MADT_LAPIC_NMI		4

static int in_acpi_region(uint64_t a, uint64_t len)
{
	return a >= PC_ACPI_BASE && len <= PC_ACPI_SIZE &&
	       a - PC_ACPI_BASE <= PC_ACPI_SIZE - len;
}

static uint8_t sum(const struct fw_guest *g, uint64_t a, uint64_t len)
{
	uint8_t s = 0;

	while (len--)
		s += rd8(g, a++);
	return s;
}

/* A table a kernel would accept at @a: inside the reserved region, whole,
 * with its signature and a zero sum. Returns its length. */
static uint32_t check_sdt(const struct fw_guest *g, uint64_t a,
			  const char *sig)
{
	uint32_t len;

	assert_true(in_acpi_region(a, SDT_HDR_LEN));
	len = rd32(g, a + SDT_LENGTH);
	assert_true(len >= SDT_HDR_LEN);
	assert_true(in_acpi_region(a, len));
	if (sig)
		assert_memory_equal(g->mem + a, sig, 4);
	assert_int_equal(sum(g, a, len), 0);
	return len;
}

/* Every 16-byte boundary of the BIOS area; exactly one valid RSDP. */
static uint64_t find_rsdp(const struct fw_guest *g)
{
	uint64_t a, found = 0;
	unsigned int n = 0;

	for (a = RSDP_SCAN_LO; a < RSDP_SCAN_HI; a += 16) {
		if (memcmp(g->mem + a, "RSD PTR ", 8) ||
		    sum(g, a, RSDP_CHECKSUM_LEN))
			continue;
		found = a;
		n++;
	}
	assert_int_equal(n, 1);
	return found;
}

static void test_rsdp(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t r = find_rsdp(g);

	(void)state;
	assert_true(rd8(g, r + RSDP_REVISION) >= 2);
	assert_int_equal(rd32(g, r + RSDP_LENGTH), ACPI_RSDP_LEN);
	assert_int_equal(sum(g, r, ACPI_RSDP_LEN), 0);
	/* The copy for Multiboot2's ACPI tag is the RSDP in memory. */
	assert_int_equal(g->rsdp_len, ACPI_RSDP_LEN);
	assert_memory_equal(g->rsdp, g->mem + r, ACPI_RSDP_LEN);
	assert_true(rd64(g, r + RSDP_XSDT) != 0);
}

/* The RSDT and XSDT list the same tables, each valid; returns the one
 * with signature @sig, which must appear once. */
static uint64_t find_table(const struct fw_guest *g, const char *sig)
{
	uint64_t r = find_rsdp(g), rsdt, xsdt, a, found = 0;
	uint32_t rlen, xlen, i, n;

	rsdt = rd32(g, r + RSDP_RSDT);
	xsdt = rd64(g, r + RSDP_XSDT);
	rlen = check_sdt(g, rsdt, "RSDT");
	xlen = check_sdt(g, xsdt, "XSDT");
	assert_int_equal((rlen - SDT_HDR_LEN) % 4, 0);
	assert_int_equal((xlen - SDT_HDR_LEN) % 8, 0);
	n = (rlen - SDT_HDR_LEN) / 4;
	assert_int_equal((xlen - SDT_HDR_LEN) / 8, n);
	for (i = 0; i < n; i++) {
		a = rd32(g, rsdt + SDT_HDR_LEN + 4 * i);
		assert_int_equal(rd64(g, xsdt + SDT_HDR_LEN + 8 * i), a);
		check_sdt(g, a, NULL);
		if (!memcmp(g->mem + a, sig, 4)) {
			assert_int_equal(found, 0);
			found = a;
		}
	}
	assert_true(found != 0);
	return found;
}

static void test_rsdt_xsdt(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t f = find_table(g, "FACP"), m = find_table(g, "APIC");

	(void)state;
	assert_true(f != m);
	assert_memory_equal(g->mem + f + SDT_OEM_ID,
			    g->mem + find_rsdp(g) + 9, 6);
}

/* No two structures overlap: a kernel may keep or free each on its own. */
static void test_tables_disjoint(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t r = find_rsdp(g), f = find_table(g, "FACP");
	uint64_t facs = rd32(g, f + FADT_FIRMWARE_CTRL);
	uint64_t at[] = { r, rd32(g, r + RSDP_RSDT), rd64(g, r + RSDP_XSDT),
			  f, find_table(g, "APIC"), rd32(g, f + FADT_DSDT),
			  facs };
	uint64_t len[7];
	unsigned int i, j, n = sizeof(at) / sizeof(at[0]);

	(void)state;
	len[0] = ACPI_RSDP_LEN;
	for (i = 1; i < n; i++)
		len[i] = rd32(g, at[i] + (at[i] == facs ? FACS_LENGTH :
							  SDT_LENGTH));
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			assert_true(at[i] + len[i] <= at[j] ||
				    at[j] + len[j] <= at[i]);
}

static void check_gas_io(const struct fw_guest *g, uint64_t gas,
			 uint32_t port, uint8_t len)
{
	assert_int_equal(rd8(g, gas + GAS_SPACE), GAS_SYSTEM_IO);
	assert_int_equal(rd8(g, gas + GAS_BIT_WIDTH), len * 8);
	assert_int_equal(rd64(g, gas + GAS_ADDRESS), port);
}

static void test_fadt_blocks(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t f = find_table(g, "FACP");

	(void)state;
	assert_true(rd8(g, f + SDT_REVISION) >= 3);
	assert_true(rd32(g, f + SDT_LENGTH) >= FADT_REV3_LEN);
	assert_int_equal(rd16(g, f + FADT_SCI_INT), 9);
	assert_int_equal(rd32(g, f + FADT_SMI_CMD), 0);
	assert_int_equal(rd32(g, f + FADT_PM1A_EVT_BLK), 0x600);
	assert_int_equal(rd8(g, f + FADT_PM1_EVT_LEN), 4);
	assert_int_equal(rd32(g, f + FADT_PM1A_CNT_BLK), 0x604);
	assert_int_equal(rd8(g, f + FADT_PM1_CNT_LEN), 2);
	assert_int_equal(rd32(g, f + FADT_PM_TMR_BLK), 0x608);
	assert_int_equal(rd8(g, f + FADT_PM_TMR_LEN), 4);
	/* Linux prefers the X_ blocks and checks them against these. */
	check_gas_io(g, f + FADT_X_PM1A_EVT_BLK, 0x600, 4);
	check_gas_io(g, f + FADT_X_PM1A_CNT_BLK, 0x604, 2);
	check_gas_io(g, f + FADT_X_PM_TMR_BLK, 0x608, 4);
	check_gas_io(g, f + FADT_RESET_REG, 0xcf9, 1);
	assert_int_equal(rd8(g, f + FADT_RESET_VALUE), 0x0f);
}

static void test_fadt_flags(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint32_t flags = rd32(g, find_table(g, "FACP") + FADT_FLAGS);

	(void)state;
	assert_true(flags & FADT_F_WBINVD);
	assert_true(flags & FADT_F_RESET_REG_SUP);
	assert_false(flags & FADT_F_TMR_VAL_EXT);
	assert_false(flags & FADT_F_HW_REDUCED);
}

static void test_fadt_facs_dsdt(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t f = find_table(g, "FACP");
	uint64_t facs = rd32(g, f + FADT_FIRMWARE_CTRL);
	uint64_t dsdt = rd32(g, f + FADT_DSDT);
	uint64_t xfacs = rd64(g, f + FADT_X_FIRMWARE_CTRL);

	(void)state;
	/* FACS: 64-byte aligned (5.2.10), no checksum. */
	assert_int_equal(facs % 64, 0);
	assert_true(in_acpi_region(facs, FACS_MIN_LEN));
	assert_memory_equal(g->mem + facs, "FACS", 4);
	assert_true(rd32(g, facs + FACS_LENGTH) >= FACS_MIN_LEN);
	assert_true(xfacs == 0 || xfacs == facs);
	check_sdt(g, dsdt, "DSDT");
	assert_int_equal(rd64(g, f + FADT_X_DSDT), dsdt);
}

/* The DSDT's AML is Name (_S5, Package (4) { 5, 5, 0, 0 }): the soft-off
 * SLP_TYP acpi_pm.c powers off on, encoded as ACPI 6.5, 20.2 has it. */
static void test_dsdt_s5(void **state)
{
	static const uint8_t aml[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
		0x0a, ACPI_S5_SLP_TYP, 0x0a, ACPI_S5_SLP_TYP, 0x00, 0x00,
	};
	struct fw_guest *g = fw_guest_installed();
	uint64_t dsdt = rd32(g, find_table(g, "FACP") + FADT_DSDT);

	(void)state;
	assert_int_equal(rd32(g, dsdt + SDT_LENGTH), 36 + sizeof(aml));
	assert_memory_equal(g->mem + dsdt + 36, aml, sizeof(aml));
}

/* One local APIC, one I/O APIC at 0xfec00000 with GSI base 0, the ISA
 * overrides a PC has (IRQ 0 on GSI 2, the SCI level-high on GSI 9, as
 * QEMU's MADT has them), and the LINT1 NMI. */
static void test_madt(void **state)
{
	struct fw_guest *g = fw_guest_installed();
	uint64_t m = find_table(g, "APIC"), e, end;
	unsigned int lapics = 0, ioapics = 0, irq0 = 0, sci = 0, nmis = 0;

	(void)state;
	end = m + rd32(g, m + SDT_LENGTH);
	assert_int_equal(rd32(g, m + MADT_LAPIC_ADDR), 0xfee00000u);
	assert_true(rd32(g, m + MADT_FLAGS) & MADT_PCAT_COMPAT);
	for (e = m + MADT_ENTRIES; e < end; e += rd8(g, e + 1)) {
		assert_true(rd8(g, e + 1) >= 2);
		assert_true(e + rd8(g, e + 1) <= end);
		switch (rd8(g, e)) {
		case MADT_LAPIC:
			assert_int_equal(rd8(g, e + 1), 8);
			assert_int_equal(rd8(g, e + 3), 0);	/* APIC ID */
			assert_true(rd32(g, e + 4) & 1);	/* enabled */
			lapics++;
			break;
		case MADT_IOAPIC:
			assert_int_equal(rd8(g, e + 1), 12);
			assert_int_equal(rd8(g, e + 2), 1);	/* its ID */
			assert_int_equal(rd32(g, e + 4), 0xfec00000u);
			assert_int_equal(rd32(g, e + 8), 0);	/* GSI base */
			ioapics++;
			break;
		case MADT_OVERRIDE:
			assert_int_equal(rd8(g, e + 1), 10);
			assert_int_equal(rd8(g, e + 2), 0);	/* ISA */
			if (rd8(g, e + 3) == 0) {
				assert_int_equal(rd32(g, e + 4), 2);
				assert_int_equal(rd16(g, e + 8), 0);
				irq0++;
			} else {
				assert_int_equal(rd8(g, e + 3), 9);
				assert_int_equal(rd32(g, e + 4), 9);
				assert_int_equal(rd16(g, e + 8), 0xd);
				sci++;
			}
			break;
		default:
			assert_int_equal(rd8(g, e), MADT_LAPIC_NMI);
			assert_int_equal(rd8(g, e + 1), 6);
			nmis++;
		}
	}
	assert_int_equal(e, end);
	assert_int_equal(lapics, 1);
	assert_int_equal(ioapics, 1);
	assert_int_equal(irq0, 1);
	assert_int_equal(sci, 1);
	assert_int_equal(nmis, 1);
}

/* acpi_install() itself refuses a base or a room the tables do not fit. */
static void test_acpi_bad_place(void **state)
{
	static struct fw_guest g;
	uint8_t rsdp[ACPI_RSDP_LEN];

	(void)state;
	memset(&g, 0, sizeof(g));
	assert_int_equal(acpi_install(PC_ACPI_BASE + 8, PC_ACPI_SIZE, fw_write,
				      &g, rsdp), -1);
	assert_int_equal(acpi_install(PC_ACPI_BASE, acpi_tables_size() - 1,
				      fw_write, &g, rsdp), -1);
	assert_int_equal(acpi_install(0x100000000ull - 16, PC_ACPI_SIZE,
				      fw_write, &g, rsdp), -1);
	assert_int_equal(g.writes, 0);
	assert_int_equal(acpi_install(PC_ACPI_BASE, acpi_tables_size(),
				      fw_write, &g, rsdp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp),
		cmocka_unit_test(test_rsdt_xsdt),
		cmocka_unit_test(test_tables_disjoint),
		cmocka_unit_test(test_fadt_blocks),
		cmocka_unit_test(test_fadt_flags),
		cmocka_unit_test(test_fadt_facs_dsdt),
		cmocka_unit_test(test_dsdt_s5),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_acpi_bad_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
