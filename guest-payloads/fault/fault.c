/*
 * fault.c - a guest that dies by triple fault. With an IDT of limit 0 no
 * vector can be delivered: #UD finds no gate and becomes #GP, the #GP
 * finds none and becomes #DF, and #DF finding none is a triple fault
 * (SDM vol. 3, 6.15, table 6-5 "Conditions for Generating a Double
 * Fault"), which under VMX is a VM exit (SDM vol. 3, 26.2 "Other Causes
 * of VM Exits"). It never reaches an exit port.
 */
#include "guest.h"

void main64(void)
{
	static const struct desc_ptr no_idt = { 0, 0 };

	printf("fault: causing a triple fault\n");
	__asm__ volatile("lidt %0\n\t"
			 "ud2" : : "m"(no_idt));
	halt_forever();
}
