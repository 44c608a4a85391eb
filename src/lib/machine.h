/*
 * machine.h - how a run of the machine ends, and the bookkeeping printed
 * on the way out.
 *
 * Room src/lib: the host runtime: console, page allocator, newlib glue,
 * host descriptor tables, logging, and the end of the machine. It may
 * include include/, src/arch and src/boot.
 */
#ifndef MACHINE_H
#define MACHINE_H

#include "boot_defs.h"

/* Hooks run by machine_exit() before the final line, newest first, with
 * the exit code. */
#define MACHINE_EXIT_HOOKS_MAX	4
void machine_on_exit(void (*hook)(int code));

/*
 * Print "vmm: exit <code>", send everything the console holds, and end the
 * machine so both emulators see it:
 * QEMU's isa-debug-exit port, then Bochs' shutdown port, then a reset for
 * real hardware (0xcf9, then a triple fault).
 */
__attribute__((noreturn)) void machine_exit(int code);

/* Print "vmm: panic: <message>" and machine_exit(VMM_EXIT_PANIC). */
__attribute__((noreturn, format(printf, 1, 2)))
void panic(const char *fmt, ...);

#endif
