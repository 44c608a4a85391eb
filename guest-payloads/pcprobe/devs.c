/*
 * devs.c - the ISA devices a PC kernel touches: the 16550 (PC16550D data
 * sheet), the CMOS/RTC (MC146818A data sheet), the 8259A pair (8259A data
 * sheet, and the PIIX3's ELCR), the 8254 PIT (82C54 data sheet, with
 * channel 2's gate and OUT at port 0x61; not the gate-low pause of mode
 * 0, which QEMU's i8254.c does not model and kernels do not use) and the local APIC (SDM vol. 3,
 * chapter 11). Every check prints what it read, so a difference from
 * QEMU's answer shows in the line itself.
 */
#include "probe.h"

#define COM1		0x3f8
#define SPIN		1000000u	/* polls before a wait gives up */

/* ---- 16550 ---- */
void probe_uart(void)
{
	uint8_t dll, dlm, lcr, lsr, scr, iir0, iir1, iir2, mcr, ier;
	unsigned int spin = SPIN;

	/* No printing until the registers are restored. */
	while ((inb(COM1 + 5) & 0x60) != 0x60 && --spin)
		;
	outb(COM1 + 3, 0x83);		/* DLAB, 8N1 */
	outb(COM1 + 0, 0x01);		/* 115200 baud */
	outb(COM1 + 1, 0x00);
	dll = inb(COM1 + 0);
	dlm = inb(COM1 + 1);
	outb(COM1 + 3, 0x03);
	lcr = inb(COM1 + 3);
	ier = inb(COM1 + 1);
	lsr = inb(COM1 + 5);
	outb(COM1 + 7, 0xa5);
	scr = inb(COM1 + 7);
	outb(COM1 + 2, 0x00);		/* FIFOs off */
	iir0 = inb(COM1 + 2);
	outb(COM1 + 2, 0x07);		/* FIFOs on, cleared */
	iir1 = inb(COM1 + 2);
	/* THR empty interrupt enabled: pending at once (data sheet, IIR). */
	outb(COM1 + 1, 0x02);
	iir2 = inb(COM1 + 2);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 4, 0x0b);
	mcr = inb(COM1 + 4);
	check(dll == 1 && dlm == 0, "uart", "dlab divisor read back 0x%02x%02x",
	      dlm, dll);
	check(lcr == 0x03 && ier == 0, "uart", "lcr 0x%02x ier 0x%02x", lcr,
	      ier);
	check(lsr == 0x60, "uart", "lsr 0x%02x", lsr);
	check(scr == 0xa5, "uart", "scr 0x%02x", scr);
	check(iir0 == 0x01 && iir1 == 0xc1 && iir2 == 0xc2, "uart",
	      "iir fifo-off 0x%02x fifo-on 0x%02x thri 0x%02x", iir0, iir1,
	      iir2);
	check(mcr == 0x0b, "uart", "mcr 0x%02x", mcr);
}

/* ---- CMOS / RTC ---- */
#define CMOS_NMI_OFF	0x80	/* bit 7 of the index port masks NMI */
#define RTC_A		0x0a
#define RTC_B		0x0b
#define RTC_D		0x0d
#define RTC_A_UIP	0x80
#define RTC_B_24H	0x02
#define RTC_B_BINARY	0x04
#define RTC_B_SET	0x80

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, CMOS_NMI_OFF | reg);
	return inb(0x71);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	outb(0x70, CMOS_NMI_OFF | reg);
	outb(0x71, v);
}

static int bcd_ok(uint8_t v, unsigned int lo, unsigned int hi)
{
	unsigned int d = (v >> 4) * 10 + (v & 0xf);

	return (v & 0xf) <= 9 && (v >> 4) <= 9 && d >= lo && d <= hi;
}

/* The time fields in the format @b says, each within its range. */
static int rtc_fields_ok(uint8_t b)
{
	static const struct { uint8_t reg, lo, hi; } f[] = {
		{ 0x00, 0, 59 }, { 0x02, 0, 59 }, { 0x06, 1, 7 },
		{ 0x07, 1, 31 }, { 0x08, 1, 12 }, { 0x09, 0, 99 },
	};
	unsigned int i, spin = SPIN;
	uint8_t h, hlo = (b & RTC_B_24H) ? 0 : 1, hhi = (b & RTC_B_24H) ? 23 : 12;
	int ok = 1;

	while ((cmos_read(RTC_A) & RTC_A_UIP) && --spin)
		;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		uint8_t v = cmos_read(f[i].reg);

		ok &= (b & RTC_B_BINARY) ? v >= f[i].lo && v <= f[i].hi :
			bcd_ok(v, f[i].lo, f[i].hi);
	}
	h = cmos_read(0x04);
	if (!(b & RTC_B_24H))
		h &= 0x7f;		/* bit 7: PM */
	ok &= (b & RTC_B_BINARY) ? h >= hlo && h <= hhi : bcd_ok(h, hlo, hhi);
	return ok;
}

void probe_cmos(void)
{
	uint8_t a = cmos_read(RTC_A), b = cmos_read(RTC_B), d = cmos_read(RTC_D);

	check((a & 0x7f) == 0x26 && d == 0x80, "cmos",
	      "status a 0x%02x d 0x%02x", a & 0x7f, d);
	check(b == 0x02, "cmos", "status b 0x%02x", b);
	check(rtc_fields_ok(b), "cmos", "time fields valid as status b says");
	cmos_write(RTC_B, (uint8_t)((b | RTC_B_BINARY) & ~RTC_B_SET));
	check(rtc_fields_ok(cmos_read(RTC_B)), "cmos",
	      "binary mode: fields in range, b 0x%02x", cmos_read(RTC_B));
	cmos_write(RTC_B, (uint8_t)(b & ~(RTC_B_24H | RTC_B_BINARY | RTC_B_SET)));
	check(rtc_fields_ok(cmos_read(RTC_B)), "cmos",
	      "12-hour bcd mode: fields in range, b 0x%02x", cmos_read(RTC_B));
	cmos_write(RTC_B, b);
	outb(0x70, 0x0d);		/* leave NMI unmasked, as found */
	inb(0x71);
}

/* ---- 8259A pair ---- */
#define PIC1		0x20
#define PIC2		0xa0
#define PIC_EOI		0x20
#define ELCR1		0x4d0
#define ELCR2		0x4d1

static uint16_t pic_masks = 0xfffb;	/* all masked but the cascade */
static int pic_ok;			/* the init sequence took */

static void pic_write_masks(void)
{
	outb(PIC1 + 1, (uint8_t)pic_masks);
	outb(PIC2 + 1, (uint8_t)(pic_masks >> 8));
}

void pic_unmask(unsigned int irq)
{
	pic_masks &= (uint16_t)~(1u << irq);
	pic_write_masks();
}

void pic_mask(unsigned int irq)
{
	pic_masks |= (uint16_t)(1u << irq);
	pic_write_masks();
}

void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2, PIC_EOI);
	outb(PIC1, PIC_EOI);
}

uint16_t pic_reg(uint8_t ocw3)
{
	outb(PIC1, ocw3);
	outb(PIC2, ocw3);
	return (uint16_t)(inb(PIC1) | inb(PIC2) << 8);
}

void probe_pic(void)
{
	uint8_t m1, m2, e1, e2;

	/* ICW1 edge+ICW4, ICW2 vector base, ICW3 cascade on IRQ2, ICW4 8086. */
	outb(PIC1, 0x11);
	outb(PIC2, 0x11);
	outb(PIC1 + 1, VEC_PIC_BASE);
	outb(PIC2 + 1, VEC_PIC_BASE + 8);
	outb(PIC1 + 1, 0x04);
	outb(PIC2 + 1, 0x02);
	outb(PIC1 + 1, 0x01);
	outb(PIC2 + 1, 0x01);
	outb(PIC1 + 1, 0x5a);
	outb(PIC2 + 1, 0xa5);
	m1 = inb(PIC1 + 1);
	m2 = inb(PIC2 + 1);
	pic_write_masks();
	pic_ok = m1 == 0x5a && m2 == 0xa5;
	check(pic_ok, "pic", "init, masks read back %02x %02x", m1, m2);
	check(inb(PIC1 + 1) == 0xfb && inb(PIC2 + 1) == 0xff, "pic",
	      "masks 0x%02x 0x%02x", inb(PIC1 + 1), inb(PIC2 + 1));
	check(pic_reg(OCW3_ISR) == 0, "pic", "isr 0x%04x after init",
	      pic_reg(OCW3_ISR));
	differs("pic", "elcr at entry 0x%02x%02x", inb(ELCR2), inb(ELCR1));
	/* PIIX3: IRQ 0-2, 8 and 13 are edge only, their ELCR bits fixed 0. */
	outb(ELCR1, 0xff);
	outb(ELCR2, 0xff);
	e1 = inb(ELCR1);
	e2 = inb(ELCR2);
	outb(ELCR1, 0);
	outb(ELCR2, 0);
	check(e1 == 0xf8 && e2 == 0xde, "pic", "elcr 0xffff reads 0x%02x%02x",
	      e2, e1);
	check(inb(ELCR1) == 0 && inb(ELCR2) == 0, "pic", "elcr cleared");
}

/* ---- 8254 PIT ---- */
#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_61		0x61
#define P61_GATE2	0x01
#define P61_SPKR	0x02
#define P61_OUT2	0x20
#define PIT_10MS	11932	/* 1193182 Hz / 100 */

static int wait_irr(unsigned int irq)
{
	unsigned int spin = SPIN;

	while (!(pic_reg(OCW3_IRR) & (1u << irq)) && --spin)
		;
	return spin != 0;
}

void probe_pit(void)
{
	unsigned int i, start, hlts = 0, spin;
	uint16_t latched;
	uint8_t status, p61, out_before, lo;

	outb(PIT_CMD, 0x34);		/* ch0, lobyte/hibyte, mode 2, binary */
	outb(PIT_CH0, PIT_10MS & 0xff);
	outb(PIT_CH0, PIT_10MS >> 8);
	check(wait_irr(0), "pit", "ch0 mode 2 raises irq0 (masked, in irr)");
	outb(PIT_CMD, 0x00);		/* counter latch, ch0 */
	lo = inb(PIT_CH0);
	latched = (uint16_t)(lo | inb(PIT_CH0) << 8);
	check(latched > 0 && latched <= PIT_10MS, "pit",
	      "latched count within reload");
	outb(PIT_CMD, 0xe2);		/* read-back: status only, ch0 */
	status = inb(PIT_CH0);
	check((status & 0x3f) == 0x34, "pit", "read-back status 0x%02x",
	      status & 0x3f);
	if (!pic_ok) {
		/* Halting for an IRQ0 that no PIC delivers would end the
		 * run (or hang it); say so instead. */
		check(0, "pit", "sti;hlt not tried: no working pic");
		return;
	}
	start = irq_count[0];
	pic_unmask(0);
	for (i = 0; i < 100 && irq_count[0] - start < 3; i++, hlts++)
		sti_hlt();
	pic_mask(0);
	check(irq_count[0] - start >= 3, "pit", "sti;hlt woken by irq0 %s",
	      irq_count[0] - start >= 3 ? "3 times" : "too rarely");
	outb(PIT_CMD, 0x30);		/* ch0 mode 0: one shot */
	outb(PIT_CH0, 0x9b);
	outb(PIT_CH0, 0x04);
	start = irq_count[0];
	pic_unmask(0);
	for (i = 0; i < 10 && irq_count[0] == start; i++)
		sti_hlt();
	pic_mask(0);
	check(irq_count[0] - start == 1, "pit", "mode 0 one-shot woke hlt once");
	outb(PIT_CMD, 0x36);		/* ch0 mode 3: square wave */
	outb(PIT_CH0, PIT_10MS & 0xff);
	outb(PIT_CH0, PIT_10MS >> 8);
	start = irq_count[0];
	pic_unmask(0);
	for (i = 0; i < 100 && irq_count[0] - start < 2; i++)
		sti_hlt();
	pic_mask(0);
	outb(PIT_CMD, 0xe2);
	status = inb(PIT_CH0);
	check(irq_count[0] - start >= 2 && (status & 0x3f) == 0x36, "pit",
	      "mode 3 woke hlt twice, status 0x%02x", status & 0x3f);
	outb(PIT_CMD, 0x30);		/* stop: mode 0, never reloaded */
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0);

	/* Channel 2, gated through port 0x61 (82C54: mode 0 counts only
	 * while GATE is high; OUT goes high at terminal count). */
	p61 = inb(PORT_61) & (uint8_t)~(P61_GATE2 | P61_SPKR);
	outb(PORT_61, p61 | P61_GATE2);
	outb(PIT_CMD, 0xb0);		/* ch2, lobyte/hibyte, mode 0 */
	outb(PIT_CH2, 0x9b);		/* 1 ms */
	outb(PIT_CH2, 0x04);
	out_before = inb(PORT_61) & P61_OUT2;
	for (spin = SPIN; !(inb(PORT_61) & P61_OUT2) && --spin;)
		;
	outb(PORT_61, p61);
	check(!out_before && spin, "pit",
	      "ch2 mode 0 gated on: out2 low %u, high after the count %u",
	      !out_before, spin != 0);
}

/* ---- local APIC ---- */
#define LAPIC		0xfee00000u
#define MSR_APIC_BASE	0x1b
#define ICR_BUSY	(1u << 12)	/* delivery status */
#define ICR_ASSERT	(1u << 14)
#define ICR_SELF	(1u << 18)
#define ICR_FIXED	0x000
#define ICR_NMI		0x400
#define ICR_INIT	0x500
#define ICR_SIPI	0x600
#define ABSENT_APIC_ID	5

static uint32_t lapic_read(uint32_t r)
{
	return mmio_read32(LAPIC + r);
}

static void lapic_write(uint32_t r, uint32_t v)
{
	mmio_write32(LAPIC + r, v);
}

static int icr_send(uint32_t dest, uint32_t low)
{
	lapic_write(0x310, dest << 24);
	lapic_write(0x300, low);
	return !(lapic_read(0x300) & ICR_BUSY);
}

void probe_lapic(void)
{
	uint64_t base = 0;
	uint32_t id, ver, irr;
	unsigned int before, got;
	int idle, ok;

	ok = !rdmsr_safe(MSR_APIC_BASE, &base);
	/* SDM vol. 3, 11.4.4: base, bit 11 enabled, bit 8 the BSP. */
	check(ok && (base & 0xfffff900ull) == LAPIC + 0x900, "lapic",
	      "apic base 0x%llx (bsp %u, enabled %u)",
	      (unsigned long long)(base & ~0xfffull),
	      (unsigned int)(base >> 8) & 1, (unsigned int)(base >> 11) & 1);
	id = lapic_read(0x20);
	ver = lapic_read(0x30);
	check(id >> 24 == 0, "lapic", "id %u", id >> 24);
	/* SDM vol. 3, 11.4.8: bits 7:0 the version (0x1x: an integrated
	 * APIC), bits 23:16 the LVT entries less one, which depends on the
	 * CPU model (QEMU has no CMCI entry: 5; a CPU with CMCI: 6). */
	check((ver & 0xff) >= 0x10 && (ver & 0xff) <= 0x15, "lapic",
	      "version 0x%02x", ver & 0xff);
	differs("lapic", "max lvt %u", (ver >> 16) & 0xff);
	lapic_write(0x080, 0);				/* TPR */
	lapic_write(0x0f0, 0x100 | VEC_SPURIOUS);	/* SVR: enabled */

	/* A self-IPI waits in IRR while IF=0, then is taken at STI. */
	before = self_ipi_count;
	idle = icr_send(0, ICR_SELF | ICR_ASSERT | ICR_FIXED | VEC_SELF_IPI);
	irr = lapic_read(0x200 + (VEC_SELF_IPI / 32) * 0x10);
	irq_enable();
	__asm__ volatile("nop; nop");
	irq_disable();
	check(idle && (irr & (1u << (VEC_SELF_IPI % 32))) &&
	      self_ipi_count - before == 1, "lapic",
	      "self-ipi pending in irr, delivered %u, delivery status idle",
	      self_ipi_count - before);

	before = nmi_count;
	idle = icr_send(id >> 24, ICR_ASSERT | ICR_NMI);
	/* An NMI is taken at an instruction boundary of the emulator's
	 * choosing (QEMU: the end of a translated block): wait a little. */
	for (got = 0; got < SPIN && nmi_count == before; got++)
		__asm__ volatile("pause");
	got = nmi_count - before;
	check(idle && got == 1, "lapic", "nmi to own id delivered %u", got);

	/* SDM vol. 3, 11.6: an IPI to an APIC ID nobody has goes nowhere. */
	before = self_ipi_count;
	check(icr_send(ABSENT_APIC_ID, ICR_ASSERT | ICR_INIT) &&
	      icr_send(ABSENT_APIC_ID, ICR_ASSERT | ICR_SIPI | 0x10) &&
	      icr_send(ABSENT_APIC_ID, ICR_ASSERT | ICR_FIXED | VEC_SELF_IPI),
	      "lapic", "init, sipi, fixed to absent id %u accepted",
	      ABSENT_APIC_ID);
	irq_enable();
	__asm__ volatile("nop; nop");
	irq_disable();
	check(self_ipi_count == before, "lapic", "absent id: nothing delivered");
}
