/*
 * boot_defs.h - constants shared by the assembly entry code and C: the boot
 * GDT selectors, stack size, and the machine-exit ports (the exit codes
 * are the guest ABI's, vmm_abi.h). Only
 * preprocessor definitions, so it can be included from .S files.
 */
#ifndef BOOT_DEFS_H
#define BOOT_DEFS_H

#define BOOT_CS64		0x08
#define BOOT_DS64		0x10
#define BOOT_STACK_SIZE		(32 * 1024)
/* Each IDT entry stub in isr.S is padded to this many bytes. */
#define ISR_STUB_SIZE		16
/*
 * boot.S identity-maps physical 0 .. this many GiB with 2 MiB pages. It
 * reaches past 4 GiB because firmware moves the RAM that would sit under
 * the PCI hole (3-4 GiB) above 4 GiB: a 3 GiB guest's RAM lives there.
 */
#define BOOT_IDENTITY_MAP_GIB	8

#include "vmm_abi.h"

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4): a
 * write of v makes QEMU exit with status (v << 1) | 1. The guest's
 * debug-exit port is modelled on it, at the same port; this is the
 * machine's own, the real device under QEMU. */
#define VMM_DEBUG_EXIT_PORT	VMM_PORT_DEBUG_EXIT
/* Bochs ends the simulation when "Shutdown" is written here, byte by byte. */
#define VMM_BOCHS_SHUTDOWN_PORT	0x8900
/*
 * The verdict channel: the debug console port of Bochs (port_e9_hack) and
 * QEMU (-debugcon). Only the hypervisor writes it, once, as the machine
 * ends: every guest port access exits (the I/O bitmap is all ones) and
 * none reaches this port, so a guest cannot forge what the runners read
 * here, whatever it prints on the console. On hardware without such a
 * device the writes go nowhere.
 */
#define VMM_VERDICT_PORT	0xe9

#endif
