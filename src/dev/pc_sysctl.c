/*
 * pc_sysctl.c - the PC's small system ports that hold no device:
 *   0x80   the POST diagnostic port: writes are dropped without a log
 *          line (firmware and Linux's outb_p delay write it all the
 *          time), reads all-ones, as QEMU's ioport80 (hw/i386/pc.c);
 *   0x92   system control port A (PS/2 "fast A20"): bit 1 is the A20
 *          gate, read back as written (RAM here never wraps at 1 MiB: the
 *          gate is kept, not applied), bit 0 going from 0 to 1 resets the
 *          machine, as QEMU's port92 (hw/i386/port92.c); it starts with
 *          A20 on, as firmware leaves it;
 *   0xcf9  the PIIX reset control register: a write with bit 2 set
 *          resets the machine, else bit 1 (hard or soft reset) is kept
 *          and read back, as QEMU's PIIX (rcr_write in hw/isa/piix.c).
 *          A byte access: the dword register at 0xcf8 is PCI's;
 *   0x64   the 8042 keyboard controller's status and command port, as
 *          far as its reset line: status reads 0x1c (both buffers empty,
 *          the system flag its self-test sets, unlocked, last write a
 *          command: QEMU's i8042 once SeaBIOS has tested it, pckbd.c),
 *          command 0xfe (pulse output-port bit 0, the CPU's reset line)
 *          resets, as kernels reboot through it (Xen and Linux try it
 *          when the ACPI reset is not taken); every other command is
 *          dropped. The data port 0x60 stays absent: with the output
 *          buffer empty, no guest has a reason to read it.
 * A reset ends the run with VMM_EXIT_RESET: this machine does not boot
 * its guest again.
 */
#include "io.h"

#include <stdio.h>

#include "vcpu.h"

#define PORT_POST		0x80
#define PORT_SYSCTL_A		0x92
#define SYSCTL_A_RESET		0x01
#define SYSCTL_A_A20		0x02
#define PORT_RESET_CONTROL	0xcf9
#define RCR_SYS_RESET		0x02	/* hard, not soft, reset */
#define RCR_RESET_CPU		0x04
#define PORT_I8042_CMD		0x64
#define I8042_STATUS		0x1c
#define I8042_CMD_PULSE_RESET	0xfe

static uint8_t sysctl_a = SYSCTL_A_A20;
static uint8_t rcr;

static void guest_reset(struct vcpu *v, unsigned int port)
{
	uart_flush();
	printf("vmm: guest reset the machine (port 0x%x)\n", port);
	vcpu_stop(v, VMM_EXIT_RESET);
}

static uint32_t post_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port; (void)size;
	return 0xffffffffu;
}

static void post_out(struct vcpu *v, uint16_t port, unsigned int size,
		     uint32_t val)
{
	(void)v; (void)port; (void)size; (void)val;
}

const struct port_device post_device = {
	.name = "post",
	.base = PORT_POST,
	.count = 1,
	.in = post_in,
	.out = post_out,
};

/* Byte registers: the bytes of a wider read above the first read
 * all-ones (no device there). */
static uint32_t byte_reg(uint8_t val, unsigned int size)
{
	return size == 1 ? val : (0xffffff00u | val);
}

static uint32_t sysctl_a_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port;
	return byte_reg(sysctl_a, size);
}

static void sysctl_a_out(struct vcpu *v, uint16_t port, unsigned int size,
			 uint32_t val)
{
	uint8_t old = sysctl_a;

	(void)port; (void)size;
	sysctl_a = (uint8_t)val;
	if ((val & SYSCTL_A_RESET) && !(old & SYSCTL_A_RESET))
		guest_reset(v, PORT_SYSCTL_A);
}

const struct port_device sysctl_a_device = {
	.name = "port-92",
	.base = PORT_SYSCTL_A,
	.count = 1,
	.in = sysctl_a_in,
	.out = sysctl_a_out,
};

static uint32_t rcr_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port;
	return byte_reg(rcr, size);
}

static void rcr_out(struct vcpu *v, uint16_t port, unsigned int size,
		    uint32_t val)
{
	(void)port; (void)size;
	if (val & RCR_RESET_CPU) {
		guest_reset(v, PORT_RESET_CONTROL);
		return;
	}
	rcr = val & RCR_SYS_RESET;
}

const struct port_device reset_control_device = {
	.name = "reset-control",
	.base = PORT_RESET_CONTROL,
	.count = 1,
	.in = rcr_in,
	.out = rcr_out,
};

static uint32_t i8042_in(struct vcpu *v, uint16_t port, unsigned int size)
{
	(void)v; (void)port;
	return byte_reg(I8042_STATUS, size);
}

static void i8042_out(struct vcpu *v, uint16_t port, unsigned int size,
		      uint32_t val)
{
	(void)port; (void)size;
	if ((uint8_t)val == I8042_CMD_PULSE_RESET)
		guest_reset(v, PORT_I8042_CMD);
}

const struct port_device i8042_reset_device = {
	.name = "i8042-reset",
	.base = PORT_I8042_CMD,
	.count = 1,
	.in = i8042_in,
	.out = i8042_out,
};
