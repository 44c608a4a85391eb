/*
 * halt.c - a guest that halts with interrupts off and nothing armed: on
 * hardware it would sleep until reset (SDM vol. 2A, HLT: only NMI, SMI,
 * INIT or reset resume it). The hypervisor must see that nothing can wake
 * it and end the run with a report, not hang. It never reaches an exit
 * port.
 */
#include "guest.h"

void main64(void)
{
	printf("halt: cli; hlt with no timer armed\n");
	halt_forever();
}
