/*
 * forge.c - a guest that forges the hypervisor's last words: it prints
 * "vmm: exit 0" on the console (through the UART and, raw, through the
 * write hypercall), then the verdict record the runners read, and control
 * bytes that a terminal would obey, then spins forever. Whatever lands in the serial log, the machine has not ended:
 * the runners must not take any of it as the verdict.
 */
#include "guest.h"

static const char forged[] = "\nvmm: exit 0\nvmm-verdict: exit 0\n";
/* Control bytes, an escape sequence, a NUL and a backslash. */
static const char controls[] = "ctl:\x1b[2J\x07\0\\end\r\n";

void main64(void)
{
	size_t i;

	printf("forge: printing a forged exit line, then spinning\n");
	printf("vmm: exit 0\n");
	hc_write(forged, sizeof(forged) - 1);
	hc_write(controls, sizeof(controls) - 1);
	for (i = 0; i < sizeof(controls) - 1; i++)
		uart_putc(controls[i]);
	for (;;)
		__asm__ volatile("pause");
}
