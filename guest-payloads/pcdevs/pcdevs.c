/*
 * pcdevs.c - the small PC's devices as a kernel built for qemu -kernel
 * probes them, each answer printed for tests/guest_pc_devices.sh to
 * compare with what the data sheets and QEMU give:
 *
 *   CMOS/RTC (0x70/0x71): the host's time at boot, status A-D, B.SET with
 *     a time written and read back in BCD, binary and 12 h forms, a bad
 *     time refused, the clock running on from what was set, the RAM bytes
 *     firmware leaves (memory sizes for guest_mem=64M), NMI-mask bit;
 *   fw_cfg (0x510/0x511): signature, ID, RAM size, CPU count, the file
 *     directory and etc/e820;
 *   PCI mechanism #1 (0xcf8, 0xcfc-0xcff): the address register, the
 *     i440FX at 00:00.0 in every width, absent functions, write masks;
 *   pc-testdev: the scratch port at 0xe0 and its byte view at 0xe8, the
 *     flush port, the MMIO scratch area at 0xff000000;
 *   the 16550: divisor latch (its bytes are not output), LSR, SCR, IIR;
 *   the local APIC's ICR: INIT, SIPI and a fixed IPI to an absent CPU
 *     go nowhere with delivery status idle; a self-IPI arrives;
 *   isa-debug-exit: the run ends with a byte OUT whose EAX has more bits
 *     than AL (exit code PCDEVS_EXIT).
 */
#include "guest.h"
#include "apic.h"

#define PCDEVS_EXIT		42
#define CMOS_INDEX		0x70
#define CMOS_DATA		0x71
#define FW_CFG_SEL		0x510
#define FW_CFG_DATA		0x511
#define PCI_ADDR		0xcf8
#define PCI_DATA		0xcfc
#define TESTDEV_PORT		0xe0
#define TESTDEV_FLUSH		0xe4
#define TESTDEV_BYTE		0xe8
#define TESTDEV_MMIO		0xff000000ull
#define UART			VMM_PORT_UART

static uint64_t pd_4th_gib[PT_ENTRIES] __attribute__((aligned(4096)));

static uint8_t cmos(uint8_t index)
{
	outb(CMOS_INDEX, index);
	return inb(CMOS_DATA);
}

static void cmos_set(uint8_t index, uint8_t v)
{
	outb(CMOS_INDEX, index);
	outb(CMOS_DATA, v);
}

static void rtc(void)
{
	unsigned int i;

	for (i = 0; i < 1000000 && (cmos(0x0a) & 0x80); i++)
		;
	printf("pcdevs: rtc boot %02x%02x-%02x-%02x %02x:%02x\n",
	       cmos(0x32), cmos(0x09), cmos(0x08), cmos(0x07), cmos(0x04),
	       cmos(0x02));
	printf("pcdevs: rtc A 0x%02x B 0x%02x C 0x%02x D 0x%02x\n",
	       cmos(0x0a) & 0x7f, cmos(0x0b), cmos(0x0c) & 0x6f, cmos(0x0d));
	/* Bit 7 of the index is the NMI mask, not part of the index. */
	outb(CMOS_INDEX, 0x80 | 0x0d);
	printf("pcdevs: rtc D with NMI masked 0x%02x\n", inb(CMOS_DATA));
	outb(CMOS_INDEX, 0x0d);

	/* Set the time as a kernel does: SET, the fields in any order
	 * (February 29th passes through other months' dates), clear SET. */
	cmos_set(0x0b, 0x82);		/* SET, 24 h, BCD */
	cmos_set(0x07, 0x29);
	cmos_set(0x08, 0x02);
	cmos_set(0x09, 0x24);
	cmos_set(0x32, 0x20);
	cmos_set(0x04, 0x22);
	cmos_set(0x02, 0x45);
	cmos_set(0x00, 0x10);
	cmos_set(0x06, 0x05);
	printf("pcdevs: rtc held %02x%02x-%02x-%02x %02x:%02x:%02x dow %x\n",
	       cmos(0x32), cmos(0x09), cmos(0x08), cmos(0x07), cmos(0x04),
	       cmos(0x02), cmos(0x00), cmos(0x06));
	cmos_set(0x0b, 0x02);		/* run */
	printf("pcdevs: rtc runs %02x%02x-%02x-%02x %02x:%02x dow %x\n",
	       cmos(0x32), cmos(0x09), cmos(0x08), cmos(0x07), cmos(0x04),
	       cmos(0x02), cmos(0x06));
	cmos_set(0x0b, 0x06);		/* binary */
	printf("pcdevs: rtc binary %u-%u-%u %u:%u\n", cmos(0x32) * 100 +
	       cmos(0x09), cmos(0x08), cmos(0x07), cmos(0x04), cmos(0x02));
	cmos_set(0x0b, 0x00);		/* 12 h, BCD */
	printf("pcdevs: rtc 12h bcd hour 0x%02x\n", cmos(0x04));
	cmos_set(0x0b, 0x04);		/* 12 h, binary */
	printf("pcdevs: rtc 12h binary hour 0x%02x\n", cmos(0x04));
	cmos_set(0x04, 0x81);		/* 1 PM */
	cmos_set(0x0b, 0x06);
	printf("pcdevs: rtc 1 PM in 24 h %u\n", cmos(0x04));
	cmos_set(0x0b, 0x02);
	cmos_set(0x00, 0x60);		/* no such second: refused */
	cmos_set(0x07, 0x31);		/* no February 31st: refused */
	printf("pcdevs: rtc after bad writes %02x-%02x %02x:%02x\n",
	       cmos(0x08), cmos(0x07), cmos(0x04), cmos(0x02));
	cmos_set(0x0b, 0x82);
	cmos_set(0x08, 0x13);		/* month 13 */
	cmos_set(0x0b, 0x02);		/* refused: runs on as it was */
	printf("pcdevs: rtc after a bad set %02x-%02x %02x:%02x\n",
	       cmos(0x08), cmos(0x07), cmos(0x04), cmos(0x02));

	printf("pcdevs: cmos base %u ext %u ext2 %u 16m %u 4g %u\n",
	       cmos(0x15) | cmos(0x16) << 8, cmos(0x17) | cmos(0x18) << 8,
	       cmos(0x30) | cmos(0x31) << 8, cmos(0x34) | cmos(0x35) << 8,
	       cmos(0x5b) | cmos(0x5c) << 8 | cmos(0x5d) << 16);
	printf("pcdevs: cmos equipment 0x%02x floppy 0x%02x cpus-1 %u "
	       "shutdown 0x%02x\n", cmos(0x14), cmos(0x10), cmos(0x5f),
	       cmos(0x0f));
	cmos_set(0x40, 0xa5);
	cmos_set(0x7f, 0x5a);
	printf("pcdevs: cmos ram 0x%02x 0x%02x\n", cmos(0x40), cmos(0x7f));
}

static uint64_t fw_cfg_read(uint16_t key, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	outw(FW_CFG_SEL, key);
	for (i = 0; i < n; i++)
		v |= (uint64_t)inb(FW_CFG_DATA) << (8 * i);
	return v;
}

/* The next @n bytes of the selected item, little-endian. */
static uint64_t le_next(unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)inb(FW_CFG_DATA) << (8 * i);
	return v;
}

static uint32_t be_read(unsigned int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | inb(FW_CFG_DATA);
	return v;
}

static void fw_cfg(void)
{
	char sig[5] = { 0 }, name[57] = { 0 };
	uint32_t count, size, i;
	uint16_t select;

	outw(FW_CFG_SEL, 0x0000);
	for (i = 0; i < 4; i++)
		sig[i] = (char)inb(FW_CFG_DATA);
	printf("pcdevs: fw_cfg signature %s past the end %u\n", sig,
	       inb(FW_CFG_DATA));
	printf("pcdevs: fw_cfg id 0x%lx ram 0x%lx cpus %lu\n",
	       fw_cfg_read(0x0001, 4), fw_cfg_read(0x0003, 8),
	       fw_cfg_read(0x0005, 2));
	outw(FW_CFG_SEL, 0x0019);
	count = be_read(4);
	printf("pcdevs: fw_cfg files %u\n", count);
	size = be_read(4);
	select = (uint16_t)be_read(2);
	be_read(2);
	for (i = 0; i < 56; i++)
		name[i] = (char)inb(FW_CFG_DATA);
	printf("pcdevs: fw_cfg file %s key 0x%x size %u\n", name, select,
	       size);
	outw(FW_CFG_SEL, select);
	for (i = 0; i + 20 <= size; i += 20) {
		uint64_t base = le_next(8), len = le_next(8);

		printf("pcdevs: fw_cfg e820 0x%lx 0x%lx %lu\n", base, len,
		       le_next(4));
	}
	printf("pcdevs: fw_cfg word read 0x%x\n", inw(FW_CFG_DATA));
}

static uint32_t pci_rd(uint32_t addr, unsigned int port, unsigned int size)
{
	outl(PCI_ADDR, addr);
	if (size == 1)
		return inb(PCI_DATA + port);
	if (size == 2)
		return inw(PCI_DATA + port);
	return inl(PCI_DATA + port);
}

static void pci(void)
{
	outl(PCI_ADDR, 0x80000000u);
	printf("pcdevs: pci address reads back 0x%x\n", inl(PCI_ADDR));
	outb(PCI_ADDR, 0);
	printf("pcdevs: pci address after a byte write 0x%x\n", inl(PCI_ADDR));
	printf("pcdevs: pci 00:00.0 id 0x%08x words 0x%04x 0x%04x bytes "
	       "0x%02x 0x%02x\n", pci_rd(0x80000000u, 0, 4),
	       pci_rd(0x80000000u, 0, 2), pci_rd(0x80000000u, 2, 2),
	       pci_rd(0x80000000u, 1, 1), pci_rd(0x80000000u, 3, 1));
	printf("pcdevs: pci 00:00.0 class/rev 0x%08x header 0x%02x "
	       "subsystem 0x%08x\n", pci_rd(0x80000008u, 0, 4),
	       pci_rd(0x8000000cu, 2, 1), pci_rd(0x8000002cu, 0, 4));
	printf("pcdevs: pci absent 00:01.0 0x%x 00:00.1 0x%x 01:00.0 0x%x "
	       "disabled 0x%x byte 0x%x\n", pci_rd(0x80000800u, 0, 4),
	       pci_rd(0x80000100u, 0, 4), pci_rd(0x80010000u, 0, 4),
	       pci_rd(0x00000000u, 0, 4), pci_rd(0x80000800u, 1, 1));
	outl(PCI_ADDR, 0x80000004u);
	outw(PCI_DATA, 0xffff);
	outl(PCI_ADDR, 0x80000000u);
	outl(PCI_DATA, 0);
	printf("pcdevs: pci command after 0xffff 0x%04x, id after 0 "
	       "0x%08x\n", pci_rd(0x80000004u, 0, 2),
	       pci_rd(0x80000000u, 0, 4));
}

static uint64_t mmio_rd(uint64_t addr, unsigned int size)
{
	uint64_t v = 0;

	switch (size) {
	case 1:
		__asm__ volatile("movzbl (%1), %k0" : "=r"(v) : "r"(addr)
				 : "memory");
		break;
	case 2:
		__asm__ volatile("movzwl (%1), %k0" : "=r"(v) : "r"(addr)
				 : "memory");
		break;
	case 4:
		__asm__ volatile("movl (%1), %k0" : "=r"(v) : "r"(addr)
				 : "memory");
		break;
	default:
		__asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(addr)
				 : "memory");
	}
	return v;
}

static void mmio_wr(uint64_t addr, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1:
		__asm__ volatile("movb %b0, (%1)" : : "r"(v), "r"(addr)
				 : "memory");
		break;
	case 2:
		__asm__ volatile("movw %w0, (%1)" : : "r"(v), "r"(addr)
				 : "memory");
		break;
	case 4:
		__asm__ volatile("movl %k0, (%1)" : : "r"(v), "r"(addr)
				 : "memory");
		break;
	default:
		__asm__ volatile("movq %0, (%1)" : : "r"(v), "r"(addr)
				 : "memory");
	}
}

static void pc_testdev(void)
{
	uint64_t m = TESTDEV_MMIO;

	outl(TESTDEV_PORT, 0x11223344);
	printf("pcdevs: testdev port 0x%x 0x%x 0x%x\n", inl(TESTDEV_PORT),
	       inw(TESTDEV_PORT + 2), inb(TESTDEV_PORT + 1));
	outb(TESTDEV_BYTE + 1, 0xaa);
	outw(TESTDEV_PORT + 2, 0xbbcc);
	printf("pcdevs: testdev byte view 0x%x 0x%x\n", inl(TESTDEV_BYTE),
	       inb(TESTDEV_BYTE + 3));
	outl(TESTDEV_FLUSH, 0x10000);
	printf("pcdevs: testdev flush page taken, port 0x%x\n",
	       inl(TESTDEV_PORT));

	mmio_wr(m, 8, 0x1122334455667788ull);
	mmio_wr(m + 0xfff8, 4, 0xcafef00d);
	mmio_wr(m + 0x8000, 2, 0xbeef);
	mmio_wr(m + 0x8002, 1, 0x5a);
	printf("pcdevs: testdev mmio 0x%lx 0x%lx 0x%lx 0x%lx\n", mmio_rd(m, 8),
	       mmio_rd(m + 4, 4), mmio_rd(m + 2, 2), mmio_rd(m + 7, 1));
	printf("pcdevs: testdev mmio 0x%lx 0x%lx\n", mmio_rd(m + 0xfff8, 8),
	       mmio_rd(m + 0x8000, 4));
}

static void uart(void)
{
	uint8_t dll, dlm, lcr, iir0, iir1, iir2, iir3;

	/* Nothing printed while DLAB is set: the console writes THR. */
	outb(UART + UART_LCR, UART_LCR_DLAB | UART_LCR_8N1);
	outb(UART + UART_DLL, 'Z');
	outb(UART + UART_DLM, 0);
	dll = inb(UART + UART_DLL);
	dlm = inb(UART + UART_DLM);
	lcr = inb(UART + UART_LCR);
	outb(UART + UART_LCR, UART_LCR_8N1);
	printf("pcdevs: uart divisor 0x%02x%02x lcr 0x%02x lsr 0x%02x "
	       "msr 0x%02x\n", dlm, dll, lcr, inb(UART + UART_LSR),
	       inb(UART + UART_MSR));
	outb(UART + UART_SCR, 0xa5);
	outb(UART + UART_MCR, UART_MCR_DTR_RTS_OUT2);
	printf("pcdevs: uart scr 0x%02x mcr 0x%02x\n", inb(UART + UART_SCR),
	       inb(UART + UART_MCR));
	outb(UART + UART_FCR, 0);
	iir0 = inb(UART + UART_IIR);
	outb(UART + UART_FCR, UART_FCR_ENABLE_CLEAR);
	iir1 = inb(UART + UART_IIR);
	outb(UART + UART_IER, UART_IER_THRI);
	iir2 = inb(UART + UART_IIR);
	iir3 = inb(UART + UART_IIR);
	outb(UART + UART_IER, 0);
	printf("pcdevs: uart iir 0x%02x fifo 0x%02x thri 0x%02x then 0x%02x\n",
	       iir0, iir1, iir2, iir3);
}

static int irr_bit(unsigned int vec)
{
	return !!(xapic_read(APIC_IRR + 0x10 * (vec / 32)) &
		  (1u << (vec % 32)));
}

static void lapic(void)
{
	static const struct { const char *name; uint32_t icr; } absent[] = {
		{ "INIT", 0x4500 }, { "INIT de-assert", 0x8500 },
		{ "SIPI", 0x4610 }, { "fixed", 0x4050 },
	};
	unsigned int i;
	uint32_t icr;

	xapic_write(APIC_SPIV, APIC_SPIV_ENABLE | 0xff);
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		xapic_write(APIC_ICR2, 1u << 24);
		xapic_write(APIC_ICR, absent[i].icr);
		icr = xapic_read(APIC_ICR);
		printf("pcdevs: lapic %s to APIC 1: icr 0x%x, delivery status "
		       "%u, irr 0x50 %d, esr 0x%x\n", absent[i].name, icr,
		       (icr >> 12) & 1, irr_bit(0x50),
		       (xapic_write(APIC_ESR, 0), xapic_read(APIC_ESR)));
	}
	xapic_write(APIC_ICR, (APIC_ICR_DEST_SELF << APIC_ICR_SHORTHAND_SHIFT) |
		    0x51);
	printf("pcdevs: lapic self-IPI 0x51: irr %d, delivery status %u\n",
	       irr_bit(0x51), (xapic_read(APIC_ICR) >> 12) & 1);
}

void main64(void)
{
	/* The xAPIC page and the MMIO scratch share the fourth GiB. */
	if (xapic_map(pd_4th_gib)) {
		printf("pcdevs: cannot map the fourth GiB\n");
		exit_code(1);
	}
	pd_4th_gib[PD_INDEX(TESTDEV_MMIO)] = TESTDEV_MMIO | PTE_P | PTE_W |
					     PTE_PS | PTE_PWT | PTE_PCD;
	rtc();
	fw_cfg();
	pci();
	pc_testdev();
	uart();
	lapic();
	printf("pcdevs: done\n");
	/* A byte OUT: only AL is the code. */
	__asm__ volatile("outb %%al, %%dx"
			 : : "a"(0x12345600u | PCDEVS_EXIT),
			   "d"(VMM_PORT_DEBUG_EXIT));
	halt_forever();
}
