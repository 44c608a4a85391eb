/*
 * io.h - the guest's I/O ports: one table maps port ranges to emulated
 * devices; every other port is denied (reads all-ones, writes dropped,
 * logged once per site). The I/O bitmaps make every port exit (SDM vol. 3,
 * 25.6.4), so the guest never reaches a host port.
 *
 * Room src/dev: the devices the guest sees, one file each, and the port
 * and MMIO tables. It reaches the vCPU only through vcpu.h; it may include
 * the rooms up to src/policy.
 */
#ifndef DEV_IO_H
#define DEV_IO_H

#include <stddef.h>
#include <stdint.h>

struct vcpu;

struct port_device {
	const char *name;
	uint16_t base, count;
	/* @port is relative to @base; @size is 1, 2 or 4 bytes. */
	uint32_t (*in)(struct vcpu *v, uint16_t port, unsigned int size);
	void (*out)(struct vcpu *v, uint16_t port, unsigned int size,
		    uint32_t val);
	/* Handled in the exit fastpath: no side effect beyond the device. */
	int fast;
};

#define IO_FAST_SLOTS	64
extern const struct port_device *io_fast_ports[IO_FAST_SLOTS];

/* Build the fast-port table; -1 (printed) on a slot collision. */
int io_init(void);

/* The fast device for @port, or NULL. */
static inline const struct port_device *io_find_fast(uint16_t port)
{
	const struct port_device *d = io_fast_ports[port & (IO_FAST_SLOTS - 1)];

	if (d && (uint16_t)(port - d->base) < d->count)
		return d;
	return NULL;
}

/* An hvt guest's ports are its hypercalls alone (hvt.c): io_in and
 * io_out send it every access, and no port is fast any more. */
void io_hvt_only(void);

/* The device for @port, or NULL when the policy denies it. */
const struct port_device *io_find(uint16_t port);

/* Emulate one port access (after lookup, deny handled here). */
uint32_t io_in(struct vcpu *v, uint16_t port, unsigned int size);
void io_out(struct vcpu *v, uint16_t port, unsigned int size, uint32_t val);

/* The devices, each defined in its own file. */
extern const struct port_device uart_device;
extern const struct port_device debug_exit_device;
extern const struct port_device acpi_pm1_device;
extern const struct port_device testdev_port_device;
extern const struct port_device pmtimer_device;
extern const struct port_device pic_master_device;
extern const struct port_device pic_slave_device;
extern const struct port_device elcr_device;
extern const struct port_device pit_device;
extern const struct port_device port61_device;
extern const struct port_device pc_testdev_irq_device;
extern const struct port_device post_device;
extern const struct port_device sysctl_a_device;
extern const struct port_device reset_control_device;
extern const struct port_device i8042_reset_device;

/* The accesses to ports no device answers, counted per port for the
 * exit statistics. */
void io_unclaimed_stats_print(void);
extern const struct port_device rtc_device;
extern const struct port_device fw_cfg_device;
extern const struct port_device pci_addr_device;
extern const struct port_device pci_data_device;
extern const struct port_device pc_testdev_device;
extern const struct port_device pc_testdev_flush_device;
extern const struct port_device pc_testdev_byte_device;

/* Counters the exit statistics print. */
struct uart_stats {
	unsigned long bytes_out, thr_writes, lsr_reads, bytes_in;
};
extern struct uart_stats uart_stats;
/* Lines the UART printed (its sanitizer counts them). */
unsigned long uart_lines(void);
void uart_flush(void);
/* Guest bytes written some other way than the UART (an hvt puts), on
 * the console as the UART's are: sanitized, line by line. */
void uart_guest_write(const uint8_t *s, uint64_t len);
/* The UART's receiver, polled from the host console (uart.c): the TSC
 * of its next poll, 0 when it wants none (no receive interrupt that
 * could reach IRQ 4, or no room); and the poll, if due at TSC @now. */
uint64_t uart_rx_next_poll(void);
void uart_rx_poll(struct vcpu *v, uint64_t now);

#endif
