/*
 * tsc.h - the TSC's rate as measured at boot (tsc.c).
 */
#ifndef LIB_TSC_H
#define LIB_TSC_H

#include <stdint.h>

/* Measure the TSC against the 8254; the rate in Hz, or 0 when no 8254
 * counts. Once, at boot, before any clock is derived from it. */
uint64_t tsc_measure_hz(void);
/* What tsc_measure_hz() found (0 before it, or when it failed). */
uint64_t tsc_measured_hz(void);

#endif
