/*
 * pmtimer.h - the ACPI PM timer's clock (pmtimer.c): the TSC rate it is
 * derived from, computed once at start from CPUID and checked.
 */
#ifndef DEV_PMTIMER_H
#define DEV_PMTIMER_H

#include <stdint.h>

#include "x86.h"

/* Outside [TSC_HZ_MIN, TSC_HZ_MAX] a CPUID answer is taken as wrong:
 * no TSC is slower than the PM timer it drives, nor faster than 100 GHz. */
#define PMTIMER_HZ		3579545ull
#define TSC_HZ_MIN		PMTIMER_HZ
#define TSC_HZ_MAX		100000000000ull
/* The rate assumed when neither CPUID leaf gives a sane one. */
#define TSC_HZ_DEFAULT		2000000000ull

/*
 * The TSC rate from CPUID leaf 0x15 (@l15), else leaf 0x16 (@l16), each
 * used only when @max_leaf reaches it and its rate is in range; else
 * TSC_HZ_DEFAULT. Pure, so the host unit tests feed it any answer.
 */
uint64_t pmtimer_tsc_hz(uint32_t max_leaf, struct cpuid_regs l15,
			struct cpuid_regs l16);

/* The PM timer's clock: ticks at TSC @tsc, and the first TSC at which
 * it reads @pm (pmtimer.c). The PIT's clock is a third of it. */
uint64_t pmtimer_ticks(uint64_t tsc);
uint64_t pmtimer_tsc_at(uint64_t pm);
/* The host's TSC rate: as measured at boot (tsc.h), else
 * pmtimer_tsc_hz() of this CPU's CPUID leaves (the RTC counts its
 * seconds with it too). */
uint64_t pmtimer_host_tsc_hz(void);

/* Read CPUID and fix the PM timer's rate (io_init, before any guest). */
void pmtimer_init(void);

#endif
