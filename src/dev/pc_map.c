/*
 * pc_map.c - the memory map of the small PC (see pc_map.h).
 */
#include "pc_map.h"

unsigned int pc_memmap(uint64_t ram, struct pc_region *out)
{
	unsigned int n = 0;

	out[n++] = (struct pc_region){ 0, PC_LOW_RAM_END, PC_MEM_RAM };
	out[n++] = (struct pc_region){ PC_LOW_RAM_END,
				       PC_EBDA_END - PC_LOW_RAM_END,
				       PC_MEM_RESERVED };
	out[n++] = (struct pc_region){ PC_ACPI_BASE,
				       PC_HIGH_RAM_BASE - PC_ACPI_BASE,
				       PC_MEM_RESERVED };
	if (ram > PC_HIGH_RAM_BASE)
		out[n++] = (struct pc_region){ PC_HIGH_RAM_BASE,
					       ram - PC_HIGH_RAM_BASE,
					       PC_MEM_RAM };
	return n;
}
