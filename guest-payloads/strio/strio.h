/*
 * strio.h - what strio.c and user.S share: the selectors of the segments
 * strio.c adds to the GDT, the vector of the gate back to CPL 0, the
 * RFLAGS the user code starts with. Plain #defines, for the assembly too.
 */
#ifndef STRIO_H
#define STRIO_H

#include "guest.h"

/* GDT slots after entry16.S's null descriptor and three segments (SDM
 * vol. 3, 3.4.2); the 64-bit TSS takes two (8.2.3). */
#define USER_DS			0x20
#define USER_CS64		0x28
#define TSS_SEL			0x30
#define COMPAT_CS		0x40	/* 32-bit code, base 0, 4 GiB */
#define SMALL_ES		0x48	/* data, base small_seg, 4 KiB */
#define GDT_ENTRIES		10
#define RPL_USER		3
#define USER_DS_SEL		(USER_DS | RPL_USER)
#define USER_CS_SEL		(USER_CS64 | RPL_USER)

/* INT n from CPL 3 to this vector returns to CPL 0 (user.S). */
#define SYSCALL_VECTOR		0x80

/* RFLAGS at CPL 3: IOPL 3, so INS and OUTS reach the hypervisor (SDM
 * vol. 1, 19.5.1); IF 0. */
#define USER_IOPL		3
#define USER_RFLAGS \
	(RFLAGS_FIXED | (USER_IOPL << RFLAGS_IOPL_SHIFT))

/* The offset of CS in the frame INT n pushes (SDM vol. 3, 7.14.2). */
#define INT_FRAME_CS		8

#endif /* STRIO_H */
