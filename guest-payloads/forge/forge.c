/*
 * forge.c - a guest that forges the hypervisor's last words: it prints
 * "vmm: exit 0" on the console (through the UART and, raw, through the
 * write hypercall), then the verdict record the runners read, then spins
 * forever. Whatever lands in the serial log, the machine has not ended:
 * the runners must not take any of it as the verdict.
 */
#include "guest.h"

static const char forged[] = "\nvmm: exit 0\nvmm-verdict: exit 0\n";

void main64(void)
{
	printf("forge: printing a forged exit line, then spinning\n");
	printf("vmm: exit 0\n");
	hc_write(forged, sizeof(forged) - 1);
	for (;;)
		__asm__ volatile("pause");
}
