/*
 * boot_defs.h - constants shared by the assembly entry code and C: the boot
 * GDT selectors, stack size, and the machine-exit ports and codes. Only
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

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4): a
 * write of v makes QEMU exit with status (v << 1) | 1. */
#define VMM_DEBUG_EXIT_PORT	0xf4
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

/* The machine's exit codes: one per way a run can end. */
#define VMM_EXIT_OK		0
#define VMM_EXIT_PANIC		1	/* an internal error, with a message */
#define VMM_EXIT_BAD_BOOT	2	/* not Multiboot2, or no long mode */
#define VMM_EXIT_NO_VMX		3	/* CPUID.1:ECX.VMX = 0 */
#define VMM_EXIT_VMX_LOCKED	4	/* VMX disabled and locked by firmware */
#define VMM_EXIT_HOST_FAULT	5	/* a CPU exception in the hypervisor */
#define VMM_EXIT_BAD_CONFIG	6	/* bad command line or guest image */

#endif
