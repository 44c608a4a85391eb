/*
 * ripwrap.h - what real16.S and ripwrap.c share: where the real-mode and
 * protected-mode tests put their code, the GDT selectors of the
 * protected-mode test, and the exit code of a test that went wrong.
 * Plain #defines, for the assembly too.
 */
#ifndef RIPWRAP_H
#define RIPWRAP_H

#include "guest.h"

/*
 * Real mode: CPUID at RM_SEG:RM_IP, the last two bytes of the segment;
 * its successor at RM_SEG:0. Both below the image, in memory entry16.S
 * takes for its page tables only after the hook has returned.
 */
#define RM_SEG			0x0100
#define RM_BASE			(RM_SEG << 4)
#define RM_IP			0xfffe

/*
 * 32-bit protected mode: a code segment based at PM_BASE with a 4 GiB
 * limit; CPUID at its offset PM_EIP, whose linear address wraps to
 * PM_BASE - 2 (SDM vol. 3, 3.4: a linear address is 32 bits here), the
 * successor at offset 0, linear PM_BASE.
 */
#define PM_BASE			0x2000
#define PM_EIP			0xfffffffe

/* The protected-mode test's GDT (real16.S). */
#define PM_CS_BASED		0x08	/* 32-bit code, base PM_BASE */
#define PM_CS_FLAT		0x10	/* 32-bit code, base 0 */
#define PM_DS_FLAT		0x18	/* 32-bit data, base 0 */
#define PM_CS16			0x20	/* 16-bit code, 64 KiB */
#define PM_DS16			0x28	/* 16-bit data, 64 KiB */

/* An exit code that says which test went wrong. */
#define RIPWRAP_EXIT_OK		44
#define RIPWRAP_EXIT_RM_GP	90	/* real mode: #GP, no IP wrap */

#endif /* RIPWRAP_H */
