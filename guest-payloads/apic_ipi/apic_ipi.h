/*
 * apic_ipi.h - what apic_ipi.c and isr.S share: the vectors the test
 * interrupts use and the handler's record.
 */
#ifndef APIC_IPI_H
#define APIC_IPI_H

#define IPI_VECTOR_BASE		0x30	/* the stubs cover 0x30 .. 0x3f */
#define IPI_VECTORS		16
#define IPI_STUB_SIZE		16

#ifndef __ASSEMBLY__

#include <stdint.h>

/* Interrupts taken per vector (isr.S). */
extern volatile uint32_t ipi_count[IPI_VECTORS];
/* Nonzero: the handler EOIs through the xAPIC page, else the MSR. */
extern volatile uint8_t ipi_eoi_xapic;
extern const char ipi_stubs[];

#endif /* __ASSEMBLY__ */
#endif /* APIC_IPI_H */
