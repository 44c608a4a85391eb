/*
 * acpi.c - the small PC's ACPI tables (see acpi.h).
 *
 * All tables are one C structure, so the compiler lays them out and
 * counts their sizes; they are filled on the stack for the base they will
 * live at and written to the guest in one piece. Layout, as the ACPI
 * specification (6.5, chapter 5.2) numbers it:
 *
 *   RSDP (16-byte aligned, 5.2.5.1), FACS (64-byte aligned, 5.2.10),
 *   RSDT, XSDT, FADT, MADT, DSDT.
 *
 * The FADT is revision 3 (ACPI 2.0, 244 bytes), the one QEMU's q35
 * machine gives (qemu/qemu tests/data/acpi/q35/FACP): Linux takes the
 * 64-bit X_ fields from it and checks them against the 32-bit ones.
 */
#include <string.h>

#include "acpi.h"
#include "ioapic.h"

#define ACPI_OEM_ID		"VMMHV "	/* 6 characters */
/* A table's OEM table ID: this, then the table's signature. */
#define ACPI_OEM_TABLE_ID	"VMMH"
#define ACPI_OEM_REVISION	1
#define ACPI_CREATOR_ID		"VMMH"
#define ACPI_CREATOR_REVISION	1

/* Table revisions: the ACPI 2.0 ones, as QEMU's q35 tables carry. */
#define ACPI_RSDP_REVISION	2	/* 2: has the XSDT (5.2.5.3) */
#define ACPI_RSDT_REVISION	1
#define ACPI_XSDT_REVISION	1
#define ACPI_FADT_REVISION	3
#define ACPI_MADT_REVISION	1
#define ACPI_DSDT_REVISION	1
#define ACPI_FACS_VERSION	1

/* FADT flags (5.2.9, table 5.10), QEMU q35's set: 0x84a5. */
#define FADT_F_WBINVD		(1u << 0)
#define FADT_F_PROC_C1		(1u << 2)
#define FADT_F_SLP_BUTTON	(1u << 5)	/* no sleep button at all */
#define FADT_F_RTC_S4		(1u << 7)
#define FADT_F_RESET_REG_SUP	(1u << 10)
#define FADT_F_USE_PLATFORM_CLOCK (1u << 15)
/* C2 and C3 latencies over 100 and 1000 us: the states do not exist. */
#define FADT_NO_C2		0x0fff
#define FADT_NO_C3		0x0fff
/* ACPI 1.0's INT_MODEL (reserved since 2.0): 1, multiple APIC. */
#define FADT_INT_MODEL_APIC	1

#define GAS_SYSTEM_IO		1	/* GAS space ID (5.2.3.2) */

/* MADT (5.2.12): flags and entry types. */
#define MADT_PCAT_COMPAT	(1u << 0)	/* an 8259 pair is present */
#define MADT_TYPE_LAPIC		0
#define MADT_TYPE_IOAPIC	1
#define MADT_TYPE_OVERRIDE	2
#define MADT_TYPE_LAPIC_NMI	4
#define MADT_LAPIC_ENABLED	(1u << 0)
#define MADT_ALL_PROCESSORS	0xff
#define MADT_LINT1		1	/* NMI on LINT1, as QEMU says */
/* MPS INTI flags (5.2.12.5, table 5.50): polarity in 1:0, trigger 3:2. */
#define MADT_INTI_HIGH		0x1
#define MADT_INTI_LEVEL		0xc
#define MADT_ISA_BUS		0

struct acpi_header {			/* 5.2.6 */
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} __attribute__((packed));

struct acpi_rsdp {			/* 5.2.5.3 */
	char signature[8];
	uint8_t checksum;		/* of the first 20 bytes */
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;		/* of all ACPI_RSDP_LEN bytes */
	uint8_t reserved[3];
} __attribute__((packed));

#define ACPI_RSDP_V1_LEN	20	/* ACPI 1.0 part: 1st checksum */

struct acpi_gas {			/* 5.2.3.2 */
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));

struct acpi_fadt {			/* 5.2.9, revision 3 */
	struct acpi_header h;
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t int_model;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable, acpi_disable, s4bios_req, pstate_cnt;
	uint32_t pm1a_evt_blk, pm1b_evt_blk;
	uint32_t pm1a_cnt_blk, pm1b_cnt_blk;
	uint32_t pm2_cnt_blk, pm_tmr_blk;
	uint32_t gpe0_blk, gpe1_blk;
	uint8_t pm1_evt_len, pm1_cnt_len, pm2_cnt_len, pm_tmr_len;
	uint8_t gpe0_blk_len, gpe1_blk_len, gpe1_base, cst_cnt;
	uint16_t p_lvl2_lat, p_lvl3_lat;
	uint16_t flush_size, flush_stride;
	uint8_t duty_offset, duty_width;
	uint8_t day_alrm, mon_alrm, century;
	uint16_t iapc_boot_arch;
	uint8_t reserved;
	uint32_t flags;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint8_t reserved2[3];
	uint64_t x_firmware_ctrl;
	uint64_t x_dsdt;
	struct acpi_gas x_pm1a_evt_blk, x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk, x_pm1b_cnt_blk;
	struct acpi_gas x_pm2_cnt_blk, x_pm_tmr_blk;
	struct acpi_gas x_gpe0_blk, x_gpe1_blk;
} __attribute__((packed));

struct acpi_facs {			/* 5.2.10: no checksum */
	char signature[4];
	uint32_t length;
	uint32_t hardware_signature;
	uint32_t waking_vector;
	uint32_t global_lock;
	uint32_t flags;
	uint64_t x_waking_vector;
	uint8_t version;
	uint8_t reserved[3];
	uint32_t ospm_flags;
	uint8_t reserved2[24];
} __attribute__((packed));

struct madt_lapic {			/* 5.2.12.2 */
	uint8_t type, length;
	uint8_t processor_id, apic_id;
	uint32_t flags;
} __attribute__((packed));

struct madt_ioapic {			/* 5.2.12.3 */
	uint8_t type, length;
	uint8_t ioapic_id, reserved;
	uint32_t address;
	uint32_t gsi_base;
} __attribute__((packed));

struct madt_override {			/* 5.2.12.5 */
	uint8_t type, length;
	uint8_t bus, source;
	uint32_t gsi;
	uint16_t flags;
} __attribute__((packed));

struct madt_lapic_nmi {			/* 5.2.12.7 */
	uint8_t type, length;
	uint8_t processor_id;
	uint16_t flags;			/* 0: as the bus conforms */
	uint8_t lint;
} __attribute__((packed));

struct acpi_madt {
	struct acpi_header h;
	uint32_t lapic_addr;
	uint32_t flags;
	struct madt_lapic lapic;
	struct madt_ioapic ioapic;
	struct madt_override irq0;
	struct madt_override sci;
	struct madt_lapic_nmi nmi;
} __attribute__((packed));

/* The tables the RSDT and XSDT list; the FACS and DSDT hang off the FADT. */
#define ACPI_SDT_ENTRIES	2

struct acpi_rsdt {
	struct acpi_header h;
	uint32_t entry[ACPI_SDT_ENTRIES];
} __attribute__((packed));

struct acpi_xsdt {
	struct acpi_header h;
	uint64_t entry[ACPI_SDT_ENTRIES];
} __attribute__((packed));

/*
 * The DSDT's AML (ACPI 6.5, 20.2): one object, Name (_S5, Package (4)
 * { ACPI_S5_SLP_TYP, ACPI_S5_SLP_TYP, 0, 0 }), the \_S5 sleep object
 * (7.4.2.6) that OSPM reads the SLP_TYP values of soft-off from; Linux
 * offers power off through PM1a_CNT only when it finds it.
 */
#define AML_NAME_OP		0x08
#define AML_PACKAGE_OP		0x12
#define AML_BYTE_PREFIX		0x0a
#define AML_ZERO_OP		0x00
static const uint8_t dsdt_aml[] = {
	AML_NAME_OP, '_', 'S', '5', '_',
	AML_PACKAGE_OP, 8 /* PkgLength: itself and the 7 bytes after */, 4,
	AML_BYTE_PREFIX, ACPI_S5_SLP_TYP, AML_BYTE_PREFIX, ACPI_S5_SLP_TYP,
	AML_ZERO_OP, AML_ZERO_OP,
};

struct acpi_dsdt {
	struct acpi_header h;
	uint8_t aml[sizeof(dsdt_aml)];
} __attribute__((packed));

struct acpi_tables {
	struct acpi_rsdp rsdp __attribute__((aligned(16)));
	struct acpi_facs facs __attribute__((aligned(64)));
	struct acpi_rsdt rsdt __attribute__((aligned(8)));
	struct acpi_xsdt xsdt __attribute__((aligned(8)));
	struct acpi_fadt fadt __attribute__((aligned(8)));
	struct acpi_madt madt __attribute__((aligned(8)));
	struct acpi_dsdt dsdt __attribute__((aligned(8)));
};

/* The lengths and offsets the specification fixes. */
_Static_assert(sizeof(struct acpi_header) == 36, "ACPI header");
_Static_assert(sizeof(struct acpi_rsdp) == ACPI_RSDP_LEN, "RSDP");
_Static_assert(__builtin_offsetof(struct acpi_rsdp, length) ==
	       ACPI_RSDP_V1_LEN, "RSDP 1.0 part");
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS");
_Static_assert(__builtin_offsetof(struct acpi_fadt, flags) == 112, "FADT");
_Static_assert(__builtin_offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT");
_Static_assert(__builtin_offsetof(struct acpi_fadt, x_pm_tmr_blk) == 208,
	       "FADT");
_Static_assert(sizeof(struct acpi_fadt) == 244, "FADT revision 3");
_Static_assert(sizeof(struct acpi_facs) == 64, "FACS");
_Static_assert(sizeof(struct madt_lapic) == 8, "MADT local APIC");
_Static_assert(sizeof(struct madt_lapic_nmi) == 6, "MADT local APIC NMI");
_Static_assert(sizeof(struct madt_ioapic) == 12, "MADT I/O APIC");
_Static_assert(sizeof(struct madt_override) == 10, "MADT source override");
_Static_assert(__builtin_offsetof(struct acpi_tables, rsdp) == 0,
	       "the RSDP is at the base the scan starts from");

static uint8_t acpi_checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return (uint8_t)-sum;
}

static void acpi_header(struct acpi_header *h, const char sig[4],
			uint32_t len, uint8_t revision)
{
	memcpy(h->signature, sig, sizeof(h->signature));
	h->length = len;
	h->revision = revision;
	memcpy(h->oem_id, ACPI_OEM_ID, sizeof(h->oem_id));
	memcpy(h->oem_table_id, ACPI_OEM_TABLE_ID, 4);
	memcpy(h->oem_table_id + 4, sig, 4);
	h->oem_revision = ACPI_OEM_REVISION;
	memcpy(h->creator_id, ACPI_CREATOR_ID, sizeof(h->creator_id));
	h->creator_revision = ACPI_CREATOR_REVISION;
}

/* After every other field: the byte that makes the table sum to 0. */
static void acpi_seal(struct acpi_header *h)
{
	h->checksum = 0;
	h->checksum = acpi_checksum(h, h->length);
}

static struct acpi_gas gas_io(uint32_t port, unsigned int len)
{
	return (struct acpi_gas){ .space_id = GAS_SYSTEM_IO,
				  .bit_width = (uint8_t)(len * 8),
				  .address = port };
}

/* QEMU's q35 values (acpi.h, FADT flags above); what we lack is 0: no
 * SMI command port (so the machine is always in ACPI mode, 5.2.9), no
 * GPE blocks, no CMOS century register, no 8042 (IAPC_BOOT_ARCH 0). */
static void acpi_fadt(struct acpi_fadt *f, uint32_t facs, uint32_t dsdt)
{
	acpi_header(&f->h, "FACP", sizeof(*f), ACPI_FADT_REVISION);
	f->firmware_ctrl = facs;
	f->dsdt = dsdt;
	f->int_model = FADT_INT_MODEL_APIC;
	f->sci_int = ACPI_SCI_IRQ;
	f->pm1a_evt_blk = ACPI_PM1A_EVT_BLK;
	f->pm1a_cnt_blk = ACPI_PM1A_CNT_BLK;
	f->pm_tmr_blk = ACPI_PM_TMR_BLK;
	f->pm1_evt_len = ACPI_PM1_EVT_LEN;
	f->pm1_cnt_len = ACPI_PM1_CNT_LEN;
	f->pm_tmr_len = ACPI_PM_TMR_LEN;
	f->p_lvl2_lat = FADT_NO_C2;
	f->p_lvl3_lat = FADT_NO_C3;
	f->flags = FADT_F_WBINVD | FADT_F_PROC_C1 | FADT_F_SLP_BUTTON |
		   FADT_F_RTC_S4 | FADT_F_RESET_REG_SUP |
		   FADT_F_USE_PLATFORM_CLOCK;
	f->reset_reg = gas_io(ACPI_RESET_PORT, 1);
	f->reset_value = ACPI_RESET_VALUE;
	/*
	 * 5.2.9: a nonzero X_FIRMWARE_CTRL requires FIRMWARE_CTRL to be 0;
	 * QEMU fills the 32-bit one and leaves X_FIRMWARE_CTRL 0, and so do
	 * we. X_DSDT, when nonzero, is the one OSPM uses: both name it.
	 */
	f->x_dsdt = dsdt;
	f->x_pm1a_evt_blk = gas_io(ACPI_PM1A_EVT_BLK, ACPI_PM1_EVT_LEN);
	f->x_pm1a_cnt_blk = gas_io(ACPI_PM1A_CNT_BLK, ACPI_PM1_CNT_LEN);
	f->x_pm_tmr_blk = gas_io(ACPI_PM_TMR_BLK, ACPI_PM_TMR_LEN);
	acpi_seal(&f->h);
}

static void acpi_madt(struct acpi_madt *m)
{
	acpi_header(&m->h, "APIC", sizeof(*m), ACPI_MADT_REVISION);
	m->lapic_addr = ACPI_LAPIC_ADDR;
	m->flags = MADT_PCAT_COMPAT;
	m->lapic = (struct madt_lapic){ .type = MADT_TYPE_LAPIC,
					.length = sizeof(m->lapic),
					.processor_id = 0, .apic_id = 0,
					.flags = MADT_LAPIC_ENABLED };
	m->ioapic = (struct madt_ioapic){ .type = MADT_TYPE_IOAPIC,
					  .length = sizeof(m->ioapic),
					  .ioapic_id = IOAPIC_ID,
					  .address = (uint32_t)IOAPIC_BASE,
					  .gsi_base = 0 };
	/* The PC's wiring (ioapic.h): the PIT's IRQ 0 on pin 2, bus
	 * conforming (edge, active high); the SCI on its own pin, level
	 * and active high, as QEMU's MADT says (the ACPI default for an
	 * SCI without an override is level, active low). */
	m->irq0 = (struct madt_override){ .type = MADT_TYPE_OVERRIDE,
					  .length = sizeof(m->irq0),
					  .bus = MADT_ISA_BUS, .source = 0,
					  .gsi = ioapic_isa_pin(0), .flags = 0 };
	m->sci = (struct madt_override){ .type = MADT_TYPE_OVERRIDE,
					 .length = sizeof(m->sci),
					 .bus = MADT_ISA_BUS,
					 .source = ACPI_SCI_IRQ,
					 .gsi = ioapic_isa_pin(ACPI_SCI_IRQ),
					 .flags = MADT_INTI_HIGH |
						  MADT_INTI_LEVEL };
	m->nmi = (struct madt_lapic_nmi){ .type = MADT_TYPE_LAPIC_NMI,
					  .length = sizeof(m->nmi),
					  .processor_id = MADT_ALL_PROCESSORS,
					  .lint = MADT_LINT1 };
	acpi_seal(&m->h);
}

static void acpi_rsdp(struct acpi_rsdp *r, uint32_t rsdt, uint64_t xsdt)
{
	memcpy(r->signature, "RSD PTR ", sizeof(r->signature));
	memcpy(r->oem_id, ACPI_OEM_ID, sizeof(r->oem_id));
	r->revision = ACPI_RSDP_REVISION;
	r->rsdt = rsdt;
	r->length = sizeof(*r);
	r->xsdt = xsdt;
	r->checksum = acpi_checksum(r, ACPI_RSDP_V1_LEN);
	r->ext_checksum = acpi_checksum(r, sizeof(*r));
}

size_t acpi_tables_size(void)
{
	return sizeof(struct acpi_tables);
}

#define AT(field) ((uint32_t)(base + __builtin_offsetof(struct acpi_tables, \
							field)))

int acpi_install(uint64_t base, size_t room,
		 int (*write)(void *ctx, uint64_t gpa, const void *src,
			      size_t len),
		 void *ctx, uint8_t *rsdp_copy)
{
	struct acpi_tables t;

	/* 32-bit table pointers (RSDT, FADT) must reach every table. */
	if (base % 16 || room < sizeof(t) ||
	    base + sizeof(t) > 0x100000000ull)
		return -1;
	memset(&t, 0, sizeof(t));

	memcpy(t.facs.signature, "FACS", sizeof(t.facs.signature));
	t.facs.length = sizeof(t.facs);
	t.facs.version = ACPI_FACS_VERSION;

	acpi_header(&t.dsdt.h, "DSDT", sizeof(t.dsdt), ACPI_DSDT_REVISION);
	memcpy(t.dsdt.aml, dsdt_aml, sizeof(dsdt_aml));
	acpi_seal(&t.dsdt.h);
	acpi_fadt(&t.fadt, AT(facs), AT(dsdt));
	acpi_madt(&t.madt);

	acpi_header(&t.rsdt.h, "RSDT", sizeof(t.rsdt), ACPI_RSDT_REVISION);
	acpi_header(&t.xsdt.h, "XSDT", sizeof(t.xsdt), ACPI_XSDT_REVISION);
	t.rsdt.entry[0] = AT(fadt);
	t.rsdt.entry[1] = AT(madt);
	t.xsdt.entry[0] = AT(fadt);
	t.xsdt.entry[1] = AT(madt);
	acpi_seal(&t.rsdt.h);
	acpi_seal(&t.xsdt.h);

	acpi_rsdp(&t.rsdp, AT(rsdt), AT(xsdt));

	if (write(ctx, base, &t, sizeof(t)))
		return -1;
	memcpy(rsdp_copy, &t.rsdp, sizeof(t.rsdp));
	return 0;
}
