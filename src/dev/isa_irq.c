/*
 * isa_irq.c - the 8259 pair (pic.c), the 8254 (pit.c) and port 0x61 as
 * guest ports, wired as on a PC (see isa_irq.h).
 *
 * The PIT's clock is the PM timer's divided by 3 (both come from the
 * 14.31818 MHz crystal, the PIT through /12 and the PM timer through /4),
 * so both are one conversion of the TSC at the rate the hypervisor
 * believes (pmtimer.c). IRQ0 is edge-triggered (its ELCR bit reads 0 on
 * the PIIX): each rising edge of channel 0's OUT latches IRR bit 0, and
 * edges that come while it is still set coalesce into it, as they would
 * on a CPU that took the interrupt late. The edges are brought into the
 * PIC lazily: before any access to the PIC or the PIT, and at each entry
 * of a vCPU that uses them (intr.c), which also arms the preemption timer
 * for the next edge that can reach INTR.
 *
 * Every access marks the vCPU as using the legacy sources
 * (isa_irq_use(): lapic.isa_active), which puts its entries on the path
 * that looks at them; a guest that never touches these ports never pays
 * for them.
 */
#include "isa_irq.h"

#include "io.h"
#include "ioapic.h"
#include "mmio.h"
#include "pic.h"
#include "pit.h"
#include "pmtimer.h"
#include "uart16550.h"
#include "vcpu.h"
#include "x86.h"

static struct pic pic;
static struct pit pit;
static struct ioapic ioapic;
unsigned long ioapic_dropped;	/* entries fired in a mode not modelled */
static uint64_t irq0_synced;	/* PIT tick up to which IRQ0 is in IRR */
static uint64_t irq0_raised;	/* TSC at which IRQ0 was last latched */

/* The PIT's clock: a third of the PM timer's. */
#define PM_PER_PIT	3

static uint64_t pit_ticks(uint64_t tsc)
{
	return pmtimer_ticks(tsc) / PM_PER_PIT;
}

void isa_irq_init(void)
{
	pic_reset(&pic);
	pit_reset(&pit);
	ioapic_reset(&ioapic);
	irq0_synced = 0;
	irq0_raised = 0;
}

/*
 * What a fired redirection entry sends, as an interrupt message, to the
 * one local APIC if its destination names it: fixed and lowest-priority
 * delivery (the one processor has the lowest priority) raise the vector
 * (an illegal one is the receiving APIC's error), NMI is pending for the
 * entry path. SMI, INIT and ExtINT (the 8259 through pin 0, never wired
 * here) are counted and dropped, as this machine has no SMM, no firmware
 * at the reset vector and no virtual wire through the I/O APIC.
 */
enum io_message {
	IO_MESSAGE_NONE,	/* masked, not for this vCPU, or not taken */
	IO_MESSAGE_VECTOR,
	IO_MESSAGE_NMI,
	IO_MESSAGE_DROPPED,	/* a delivery mode this machine drops */
};

/* What entry @e brings this vCPU's APIC. A globally disabled APIC takes
 * no message at all; a software-disabled one only NMI, SMI, INIT and
 * SIPI (SDM vol. 3, 11.4.3 and 11.4.7.2; KVM's apic_accept_irq() drops
 * fixed ones so too). */
static enum io_message io_message(const struct vcpu *v, uint64_t e)
{
	if ((e & IOAPIC_RTE_MASKED) ||
	    !(v->lapic.apic_base & APIC_BASE_ENABLE) ||
	    !lapic_io_message_names_self(&v->lapic, !!(e & IOAPIC_RTE_LOGICAL),
					 (uint8_t)IOAPIC_RTE_DEST(e)))
		return IO_MESSAGE_NONE;
	switch (IOAPIC_RTE_DELIVERY(e)) {
	case IOAPIC_RTE_DM_FIXED:
	case IOAPIC_RTE_DM_LOWEST:
		return (v->lapic.svr & APIC_SPIV_ENABLE) ? IO_MESSAGE_VECTOR
							 : IO_MESSAGE_NONE;
	case IOAPIC_RTE_DM_NMI:
		return IO_MESSAGE_NMI;
	default:
		return IO_MESSAGE_DROPPED;
	}
}

static void ioapic_deliver(struct vcpu *v, uint64_t e)
{
	switch (io_message(v, e)) {
	case IO_MESSAGE_NONE:
		return;
	case IO_MESSAGE_VECTOR:
		lapic_raise(&v->lapic, (int)IOAPIC_RTE_VECTOR(e));
		break;
	case IO_MESSAGE_NMI:
		v->lapic.nmi_pending = 1;
		break;
	case IO_MESSAGE_DROPPED:
		ioapic_dropped++;
		break;
	}
	v->entry_work = 1;
}

/* ISA line @irq to @level, at the 8259 pair and the I/O APIC alike. */
static void set_line(struct vcpu *v, unsigned int irq, int level)
{
	pic_set_irq(&pic, irq, level);
	ioapic_deliver(v, ioapic_set_line(&ioapic, ioapic_isa_pin(irq), level));
}

static uint64_t sync_ticks(struct vcpu *v, uint64_t now)
{
	uint64_t t = pit_ticks(now);

	if (t > irq0_synced) {
		if (pit_edges(&pit, PIT_CH_IRQ0, irq0_synced, t)) {
			set_line(v, 0, 1);
			set_line(v, 0, 0);
			irq0_raised = now;
		}
		irq0_synced = t;
	}
	return t;
}

void isa_irq_sync(struct vcpu *v, uint64_t now)
{
	sync_ticks(v, now);
	uart_rx_poll(v, now);
}

int isa_irq_intr(void)
{
	return pic_intr(&pic);
}

uint8_t isa_irq_ack(void)
{
	return pic_ack(&pic);
}

/*
 * Whether an edge on ISA line @irq now would reach the CPU as a new
 * request: through the 8259 pair, when the APIC passes its INTR on and
 * the PIC would raise it, or through the I/O APIC to this vCPU, as an
 * NMI or a vector the APIC's priority rules let through.
 */
static int irq_can_wake(const struct vcpu *v, unsigned int irq)
{
	uint64_t e = ioapic_armed(&ioapic, ioapic_isa_pin(irq));

	if (lapic_accepts_extint(&v->lapic) &&
	    !(pic.chip[irq >> 3].irr & (1u << (irq & 7))) &&
	    pic_irq_can_wake(&pic, irq))
		return 1;
	switch (io_message(v, e)) {
	case IO_MESSAGE_VECTOR:
		return lapic_vector_can_wake(&v->lapic,
					     (int)IOAPIC_RTE_VECTOR(e));
	case IO_MESSAGE_NMI:
		return 1;
	default:
		return 0;
	}
}

static uint64_t irq0_next(const struct vcpu *v)
{
	uint64_t edge, at, floor;

	if (!irq_can_wake(v, 0))
		return 0;
	edge = pit_next_edge(&pit, PIT_CH_IRQ0, irq0_synced);
	if (!edge)
		return 0;
	at = pmtimer_tsc_at(edge * PM_PER_PIT);
	floor = irq0_raised + VMM_PIT_MIN_PERIOD_TICKS;
	return at > floor ? at : floor;
}

uint64_t isa_irq_next_event(const struct vcpu *v)
{
	uint64_t irq0 = irq0_next(v);
	uint64_t rx = irq_can_wake(v, UART_COM1_IRQ) ? uart_rx_next_poll() : 0;

	if (!irq0 || (rx && rx < irq0))
		return rx;
	return irq0;
}

/* The vCPU's entries look at the legacy sources from now on (lapic.h). */
void isa_irq_use(struct vcpu *v)
{
	v->lapic.isa_active = 1;
	v->entry_work = 1;
}

void isa_irq_set_line(struct vcpu *v, unsigned int irq, int level)
{
	sync_ticks(v, rdtsc());
	set_line(v, irq & (PIC_IRQS - 1), level);
	isa_irq_use(v);
}

/*
 * A 16- or 32-bit access to these byte registers is one access per byte,
 * low byte first (the ISA bus splits it so); bytes past the device read
 * all-ones and are dropped on write.
 */
typedef void (*byte_out_fn)(unsigned int port, uint8_t val, uint64_t now);
typedef uint8_t (*byte_in_fn)(unsigned int port, uint64_t now);

static void bytes_out(struct vcpu *v, uint16_t port, unsigned int size,
		      uint32_t val, unsigned int count, byte_out_fn fn)
{
	uint64_t now = sync_ticks(v, rdtsc());
	unsigned int i;

	for (i = 0; i < size && port + i < count; i++)
		fn(port + i, (uint8_t)(val >> (8 * i)), now);
	isa_irq_use(v);
}

static uint32_t bytes_in(struct vcpu *v, uint16_t port, unsigned int size,
			 unsigned int count, byte_in_fn fn)
{
	uint64_t now = sync_ticks(v, rdtsc());
	uint32_t val = 0xffffffffu;
	unsigned int i;

	for (i = 0; i < size && port + i < count; i++) {
		val &= ~(0xffu << (8 * i));
		val |= (uint32_t)fn(port + i, now) << (8 * i);
	}
	isa_irq_use(v);
	return val;
}

static void pic_m_byte_out(unsigned int port, uint8_t val, uint64_t now)
{
	(void)now;
	pic_write(&pic, 0, port, val);
}

static uint8_t pic_m_byte_in(unsigned int port, uint64_t now)
{
	(void)now;
	return pic_read(&pic, 0, port);
}

static void pic_s_byte_out(unsigned int port, uint8_t val, uint64_t now)
{
	(void)now;
	pic_write(&pic, 1, port, val);
}

static uint8_t pic_s_byte_in(unsigned int port, uint64_t now)
{
	(void)now;
	return pic_read(&pic, 1, port);
}

static void elcr_byte_out(unsigned int port, uint8_t val, uint64_t now)
{
	(void)now;
	pic_elcr_write(&pic, port, val);
}

static uint8_t elcr_byte_in(unsigned int port, uint64_t now)
{
	(void)now;
	return pic_elcr_read(&pic, port);
}

/* The access synced IRQ0 first: the old count's edges are in IRR, a
 * new count's are counted from its load. */
static void pit_byte_out(unsigned int port, uint8_t val, uint64_t now)
{
	pit_write(&pit, port, val, now);
}

static uint8_t pit_byte_in(unsigned int port, uint64_t now)
{
	return pit_read(&pit, port, now);
}

static void port61_byte_out(unsigned int port, uint8_t val, uint64_t now)
{
	(void)port;
	pit_port61_write(&pit, val, now);
}

static uint8_t port61_byte_in(unsigned int port, uint64_t now)
{
	(void)port;
	return pit_port61_read(&pit, now);
}

#define BYTE_DEVICE(id, nm, b, n, infn, outfn)				\
static uint32_t id##_port_in(struct vcpu *v, uint16_t port,		\
			     unsigned int size)				\
{									\
	return bytes_in(v, port, size, n, infn);			\
}									\
static void id##_port_out(struct vcpu *v, uint16_t port,		\
			  unsigned int size, uint32_t val)		\
{									\
	bytes_out(v, port, size, val, n, outfn);			\
}									\
const struct port_device id##_device = {				\
	.name = nm, .base = b, .count = n,				\
	.in = id##_port_in, .out = id##_port_out,			\
}

BYTE_DEVICE(pic_master, "8259-master", PIC_MASTER_PORT, 2, pic_m_byte_in,
	    pic_m_byte_out);
BYTE_DEVICE(pic_slave, "8259-slave", PIC_SLAVE_PORT, 2, pic_s_byte_in,
	    pic_s_byte_out);
BYTE_DEVICE(elcr, "8259-elcr", PIC_ELCR_PORT, 2, elcr_byte_in,
	    elcr_byte_out);
BYTE_DEVICE(pit, "8254", PIT_PORT, 4, pit_byte_in, pit_byte_out);
BYTE_DEVICE(port61, "port-61", PORT61, 1, port61_byte_in,
	    port61_byte_out);

/*
 * The I/O APIC's page (ioapic.h): IOREGSEL at 0x00 and IOWIN at 0x10,
 * 32-bit registers on 16-byte boundaries, as the data sheet says the
 * processor must access them; any other access reads 0 and is dropped.
 * Every access syncs the PIT first, so an unmask or a new vector acts
 * on the edges from now on, and marks the vCPU as using the legacy
 * sources, whose entries arm the timer for IRQ0 through the pin.
 */
static uint64_t ioapic_mmio_read(struct vcpu *v, uint64_t off,
				 unsigned int size)
{
	sync_ticks(v, rdtsc());
	isa_irq_use(v);
	if (size != 4)
		return 0;
	if (off == IOAPIC_REGSEL)
		return ioapic.regsel;
	return off == IOAPIC_WINDOW ? ioapic_read(&ioapic) : 0;
}

static void ioapic_mmio_write(struct vcpu *v, uint64_t off, unsigned int size,
			      uint64_t val)
{
	sync_ticks(v, rdtsc());
	isa_irq_use(v);
	if (size != 4)
		return;
	if (off == IOAPIC_REGSEL)
		ioapic.regsel = (uint32_t)val & 0xff;
	else if (off == IOAPIC_WINDOW)
		ioapic_deliver(v, ioapic_write(&ioapic, (uint32_t)val));
}

const struct mmio_device ioapic_mmio_device = {
	.name = "ioapic",
	.base = IOAPIC_BASE,
	.size = IOAPIC_MMIO_SIZE,
	.read = ioapic_mmio_read,
	.write = ioapic_mmio_write,
};
