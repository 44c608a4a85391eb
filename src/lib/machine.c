/*
 * machine.c - ending the machine (see machine.h).
 */
#include "machine.h"

#include <stdarg.h>
#include <stdio.h>

#include "console.h"
#include "x86.h"

#define PCI_RESET_PORT		0xcf9	/* reset control register */
#define PCI_RESET_FULL		0x0e	/* SYS_RST | RST_CPU | FULL_RST */

static void (*exit_hooks[MACHINE_EXIT_HOOKS_MAX])(int code);
static unsigned int nr_exit_hooks;

void machine_on_exit(void (*hook)(int code))
{
	if (nr_exit_hooks < MACHINE_EXIT_HOOKS_MAX)
		exit_hooks[nr_exit_hooks++] = hook;
}

static void triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty_idt = { 0, 0 };

	__asm__ volatile("lidt %0; int3" : : "m"(empty_idt));
}

/* One line on the verdict channel: "vmm-verdict: exit N". */
static void verdict_write(int code)
{
	char line[32];
	int i, n;

	n = snprintf(line, sizeof(line), "vmm-verdict: exit %d\n", code);
	for (i = 0; i < n && i < (int)sizeof(line) - 1; i++)
		outb(VMM_VERDICT_PORT, (uint8_t)line[i]);
}

void machine_exit(int code)
{
	static const char shutdown[] = "Shutdown";
	static int exiting;
	const char *p;

	if (!exiting) {
		exiting = 1;
		while (nr_exit_hooks)
			exit_hooks[--nr_exit_hooks](code);
	}
	printf("vmm: exit %d\n", code);
	fflush(stdout);
	/* The transmit buffer may hold this line and more: all of it goes
	 * out before the machine ends. */
	console_flush();
	verdict_write(code);

	outl(VMM_DEBUG_EXIT_PORT, (uint32_t)code);
	for (p = shutdown; *p; p++)
		outb(VMM_BOCHS_SHUTDOWN_PORT, (uint8_t)*p);
	outb(PCI_RESET_PORT, PCI_RESET_FULL);
	triple_fault();
	halt_forever();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	console_sync();
	fputs("vmm: panic: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputs("\n", stdout);
	machine_exit(VMM_EXIT_PANIC);
}
