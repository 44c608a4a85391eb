/*
 * pdpte.c - a guest that loads bad PAE PDPTEs through the MOV to CR0 the
 * hypervisor emulates (real16.S does it, in 16-bit protected mode). A
 * PDPTE with a reserved bit must raise #GP, as on the CPU (SDM vol. 3,
 * 4.4.1), not reach the VMCS, whose VM entry would fail on it (26.3.2.4);
 * a valid one must take. Exit code: the number of outcomes that differ
 * from the CPU's.
 */
#include "guest.h"

extern volatile uint8_t pdpte_gp[4], pdpte_maxphyaddr;	/* real16.S */

static unsigned int report(const char *what, int gp, int want_gp)
{
	printf("pdpte: %s: MOV to CR0 %s%s\n", what,
	       gp ? "raised #GP" : "took", gp == want_gp ? "" : " (WRONG)");
	return gp != want_gp;
}

void main64(void)
{
	unsigned int wrong = 0;

	printf("pdpte: MAXPHYADDR %u\n", pdpte_maxphyaddr);
	if (pdpte_maxphyaddr < 52)
		wrong += report("PDPTE bit MAXPHYADDR (reserved)", pdpte_gp[0],
				1);
	wrong += report("PDPTE bit 5 (reserved)", pdpte_gp[1], 1);
	wrong += report("a valid PDPTE", pdpte_gp[2], 0);
	if (!pdpte_gp[2])
		wrong += report("CD changed, PDPTE bit 5 set in memory",
				pdpte_gp[3], 1);
	printf("pdpte: %u outcomes wrong\n", wrong);
	exit_code(wrong);
}
