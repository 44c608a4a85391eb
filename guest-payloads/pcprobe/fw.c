/*
 * fw.c - what firmware and the chipset leave for a kernel: QEMU's fw_cfg
 * (docs/specs/fw_cfg.rst: selector 0x510, data 0x511), the ACPI tables
 * (ACPI 6.4, 5.2: RSDP found by scanning 0xE0000-0xFFFFF on 16-byte
 * boundaries), PCI configuration mechanism #1 (PCI 3.0, 3.2.2.3.2) and
 * QEMU's pc-testdev (hw/misc/pc-testdev.c), with port 0x80.
 */
#include "probe.h"

/* ---- fw_cfg ---- */
#define FW_CFG_SEL		0x510
#define FW_CFG_DATA		0x511
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_ID		0x01
#define FW_CFG_RAM_SIZE		0x03
#define FW_CFG_NB_CPUS		0x05
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_ID_TRAD		0x01

static void fw_read(uint16_t key, void *buf, uint32_t n)
{
	uint8_t *p = buf;

	outw(FW_CFG_SEL, key);
	while (n--)
		*p++ = inb(FW_CFG_DATA);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

void probe_fwcfg(void)
{
	uint8_t sig[5] = { 0 }, ent[64];
	uint32_t id = 0, count, i, e820_size = 0;
	uint16_t cpus = 0, e820_key = 0;
	uint64_t ram = 0, e820_top = 0;

	fw_read(FW_CFG_SIGNATURE, sig, 4);
	check(!memcmp(sig, "QEMU", 4), "fw_cfg", "signature '%s'", sig);
	fw_read(FW_CFG_ID, &id, 4);
	differs("fw_cfg", "id 0x%x", id);
	check(id & FW_CFG_ID_TRAD, "fw_cfg", "id has the traditional interface");
	fw_read(FW_CFG_NB_CPUS, &cpus, 2);
	check(cpus == 1, "fw_cfg", "nb_cpus %u", cpus);
	fw_read(FW_CFG_RAM_SIZE, &ram, 8);
	check(ram == 128ull << 20, "fw_cfg", "ram_size 0x%llx",
	      (unsigned long long)ram);
	fw_read(FW_CFG_FILE_DIR, ent, 4);
	count = be32(ent);
	differs("fw_cfg", "%u files", count);
	/* The directory: a BE32 count, then {BE32 size, BE16 select, u16,
	 * char name[56]} per file; read on from the same selector. */
	for (i = 0; i < count && i < 256; i++) {
		uint32_t j;

		for (j = 0; j < 64; j++)
			ent[j] = inb(FW_CFG_DATA);
		ent[63] = 0;
		if (!memcmp(ent + 8, "etc/e820", 9)) {
			e820_size = be32(ent);
			e820_key = (uint16_t)(ent[4] << 8 | ent[5]);
		}
	}
	check(e820_key != 0 && e820_size && e820_size % 20 == 0, "fw_cfg",
	      "etc/e820 listed, size a multiple of 20");
	if (e820_key && e820_size && e820_size % 20 == 0) {
		outw(FW_CFG_SEL, e820_key);
		for (i = 0; i < e820_size / 20 && i < 32; i++) {
			struct { uint64_t base, len; uint32_t type; }
				__attribute__((packed)) e;
			uint8_t *p = (uint8_t *)&e;
			unsigned int j;

			for (j = 0; j < 20; j++)
				p[j] = inb(FW_CFG_DATA);
			differs("fw_cfg", "e820 0x%llx+0x%llx type %u",
				(unsigned long long)e.base,
				(unsigned long long)e.len, e.type);
			if (e.type == 1 && e.base + e.len > e820_top)
				e820_top = e.base + e.len;
		}
		check(e820_top == ram, "fw_cfg", "e820 ram ends at 0x%llx",
		      (unsigned long long)e820_top);
	}
}

/* ---- ACPI ---- */
struct sdt {
	char sig[4];
	uint32_t len;
	uint8_t rev, csum;
	char oem[6], oem_table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

static uint8_t sum(const void *p, uint32_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *b++);
	return s;
}

static const struct sdt *table_ok(uintptr_t a, const char *sig)
{
	const struct sdt *t = (const void *)a;

	if (!a || a >= (128u << 20) || memcmp(t->sig, sig, 4) ||
	    t->len < sizeof(*t) || t->len > (1u << 20) || sum(t, t->len))
		return NULL;
	return t;
}

void probe_acpi(void)
{
	const uint8_t *rsdp = NULL;
	const struct sdt *rsdt, *xsdt = NULL, *fadt = NULL, *madt = NULL;
	uintptr_t a;
	uint32_t n, i, pm_port = 0, t0, t1, spin;
	unsigned int lapics = 0, lapic0 = 0;
	char tables[64];
	size_t tl = 0;

	for (a = 0xe0000; a < 0x100000; a += 16)
		if (!memcmp((const void *)a, "RSD PTR ", 8) &&
		    !sum((const void *)a, 20)) {
			rsdp = (const void *)a;
			break;
		}
	check(rsdp != NULL, "acpi", "rsdp found by the scan, checksum valid");
	if (!rsdp)
		return;
	differs("acpi", "rsdp at 0x%lx rev %u", (unsigned long)a, rsdp[15]);
	rsdt = table_ok(*(const uint32_t *)(rsdp + 16), "RSDT");
	check(rsdt != NULL, "acpi", "rsdt valid");
	if (rsdp[15] >= 2) {
		uint64_t x = *(const uint64_t *)(rsdp + 24);

		xsdt = x < (1ull << 32) ? table_ok((uintptr_t)x, "XSDT") : NULL;
		check_tagged(xsdt && !sum(rsdp, *(const uint32_t *)(rsdp + 20)),
			     "acpi", "xsdt valid, rsdp extended checksum valid");
	}
	if (!rsdt)
		return;
	n = (rsdt->len - sizeof(*rsdt)) / 4;
	for (i = 0; i < n; i++) {
		uintptr_t e = ((const uint32_t *)(rsdt + 1))[i];
		const struct sdt *t = (const void *)e;

		if (tl + 5 < sizeof(tables)) {
			memcpy(tables + tl, t->sig, 4);
			tables[tl + 4] = ' ';
			tl += 5;
		}
		if (!fadt)
			fadt = table_ok(e, "FACP");
		if (!madt)
			madt = table_ok(e, "APIC");
	}
	tables[tl ? tl - 1 : 0] = '\0';
	differs("acpi", "rsdt lists %s", tables);
	check(fadt != NULL, "acpi", "fadt valid");
	check(madt != NULL, "acpi", "madt valid");
	if (fadt) {
		const uint8_t *f = (const void *)fadt;
		uintptr_t facs = *(const uint32_t *)(f + 36);

		check(facs && !memcmp((const void *)facs, "FACS", 4), "acpi",
		      "facs present");
		pm_port = *(const uint32_t *)(f + 76);
		check(pm_port == 0x608 && f[91] == 4, "acpi",
		      "fadt pm timer block 0x%x len %u", pm_port, f[91]);
	}
	if (madt) {
		const uint8_t *m = (const void *)madt, *e = m + 44;

		while (e + 2 <= m + madt->len && e[1] >= 2) {
			if (e[0] == 0 && e[1] >= 8 && (e[4] & 1)) {
				lapics++;
				lapic0 = e[3] == 0;
			}
			e += e[1];
		}
		check(*(const uint32_t *)(m + 36) == 0xfee00000u &&
		      lapics == 1 && lapic0, "acpi",
		      "madt lapic at 0x%x, %u enabled, id 0",
		      *(const uint32_t *)(m + 36), lapics);
	}
	if (pm_port) {
		t0 = inl((uint16_t)pm_port) & 0xffffff;
		for (spin = 1000000; spin; spin--) {
			t1 = inl((uint16_t)pm_port) & 0xffffff;
			if (t1 != t0)
				break;
		}
		check(spin != 0, "acpi", "pm timer ticking");
	}
}

/* ---- PCI configuration mechanism #1 ---- */
#define PCI_ADDR	0xcf8
#define PCI_DATA	0xcfc
#define PCI_ENABLE	0x80000000u

static uint32_t pci_addr(unsigned int bus, unsigned int dev, unsigned int fn,
			 unsigned int reg)
{
	return PCI_ENABLE | bus << 16 | dev << 11 | fn << 8 | (reg & 0xfc);
}

static uint32_t pci_read(uint32_t addr, unsigned int reg, unsigned int size)
{
	uint16_t port = (uint16_t)(PCI_DATA + (reg & 3));

	outl(PCI_ADDR, addr);
	return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

void probe_pci(void)
{
	uint32_t hb = pci_addr(0, 0, 0, 0), absent = pci_addr(0, 0x1f, 7, 0);
	uint32_t id, cls, b1, w2, b3, hdr, none, none_w, none_b, off, back;

	id = pci_read(hb, 0, 4);
	check(id == 0x12378086, "pci", "00:00.0 id %08x", id);
	b1 = pci_read(hb, 1, 1);
	w2 = pci_read(hb, 2, 2);
	b3 = pci_read(hb, 3, 1);
	check(b1 == 0x80 && w2 == 0x1237 && b3 == 0x12, "pci",
	      "byte at 1 %02x, word at 2 %04x, byte at 3 %02x", b1, w2, b3);
	cls = pci_read(pci_addr(0, 0, 0, 8), 8, 4);
	hdr = pci_read(pci_addr(0, 0, 0, 0xc), 0xe, 1);
	check(cls >> 8 == 0x060000 && hdr == 0, "pci",
	      "00:00.0 class %06x rev %02x header type %02x", cls >> 8,
	      cls & 0xff, hdr);
	none = pci_read(absent, 0, 4);
	none_w = pci_read(absent, 2, 2);
	none_b = pci_read(pci_addr(1, 0, 0, 0), 1, 1);
	check(none == 0xffffffff && none_w == 0xffff && none_b == 0xff, "pci",
	      "absent functions read %08x %04x %02x", none, none_w, none_b);
	outl(PCI_ADDR, 0x80001234 & ~3u);
	back = inl(PCI_ADDR);
	outl(PCI_ADDR, hb & ~PCI_ENABLE);
	off = inl(PCI_DATA);
	check(back == 0x80001234 && off == 0xffffffff, "pci",
	      "0xcf8 reads back %08x; disabled cycle reads %08x", back, off);
}

/* ---- pc-testdev and port 0x80 ---- */
#define TESTDEV_PORT	0xe0
#define TESTDEV_FLUSH	0xe4
#define TESTDEV_BYTES	0xe8
#define TESTDEV_IRQ	0x2000
#define TESTDEV_MMIO	0xff000000u
#define TESTDEV_MMIO_SZ	0x10000u
#define IRQ_FREE_MASTER	5	/* no device of QEMU's pc on these lines */
#define IRQ_FREE_SLAVE	10

static uint8_t flush_page[4096] __attribute__((aligned(4096)));

static void testdev_irq(unsigned int irq)
{
	unsigned int before = irq_count[irq];
	uint16_t irr;
	unsigned int held;

	outb((uint16_t)(TESTDEV_IRQ + irq), 1);
	irr = pic_reg(OCW3_IRR);
	irq_enable();
	__asm__ volatile("nop; nop");
	irq_disable();
	held = irq_count[irq] - before;
	pic_unmask(irq);
	irq_enable();
	__asm__ volatile("nop; nop");
	irq_disable();
	pic_mask(irq);
	outb((uint16_t)(TESTDEV_IRQ + irq), 0);
	check((irr & (1u << irq)) && !held && irq_count[irq] - before == 1 &&
	      pic_reg(OCW3_ISR) == 0, "testdev",
	      "irq %u: in irr while masked, delivered %u once unmasked, isr 0 after eoi",
	      irq, irq_count[irq] - before);
}

void probe_testdev(void)
{
	volatile uint8_t *m8 = (volatile uint8_t *)TESTDEV_MMIO;
	uint32_t d, b0, w1, bv, after;
	uint32_t last = TESTDEV_MMIO + TESTDEV_MMIO_SZ - 4;

	outl(TESTDEV_PORT, 0x12345678);
	d = inl(TESTDEV_PORT);
	b0 = inb(TESTDEV_PORT + 1);
	w1 = inw(TESTDEV_PORT + 2);
	check(d == 0x12345678 && b0 == 0x56 && w1 == 0x1234, "testdev",
	      "port 0xe0 %08x, byte at 0xe1 %02x, word at 0xe2 %04x", d, b0, w1);
	outb(TESTDEV_BYTES + 1, 0xab);
	bv = inl(TESTDEV_BYTES);
	outw(TESTDEV_BYTES + 2, 0xcdef);
	after = inl(TESTDEV_PORT);
	check(bv == 0x1234ab78 && after == 0xcdefab78, "testdev",
	      "byte view at 0xe8 %08x, then %08x", bv, after);
	flush_page[0] = 0x5a;
	outl(TESTDEV_FLUSH, (uint32_t)(uintptr_t)flush_page);
	check(flush_page[0] == 0x5a, "testdev", "page flush keeps the page");
	mmio_write32(TESTDEV_MMIO, 0xdeadbeef);
	mmio_write32(last, 0x01020304);
	m8[1] = 0x11;
	check(mmio_read32(TESTDEV_MMIO) == 0xdead11ef &&
	      mmio_read32(last) == 0x01020304, "testdev",
	      "mmio scratch %08x, last dword %08x", mmio_read32(TESTDEV_MMIO),
	      mmio_read32(last));
	testdev_irq(IRQ_FREE_MASTER);
	testdev_irq(IRQ_FREE_SLAVE);
	outb(0x80, 0x55);
	check(1, "port80", "post code written");
	/* Nothing decodes port 0x2e0 on either machine: the ISA bus floats. */
	b0 = inb(0x2e0);
	w1 = inw(0x2e0);
	d = inl(0x2e0);
	check(b0 == 0xff && w1 == 0xffff && d == 0xffffffff, "isa",
	      "absent port 0x2e0 reads %02x %04x %08x", b0, w1, d);
}
