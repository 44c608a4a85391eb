/*
 * ring3.h - what ring3.c and user.S share: the selectors of the segments
 * ring3.c adds to the GDT, the vector of the gate back to CPL 0, and the
 * RFLAGS the user code starts with. Plain #defines, for the assembly too.
 */
#ifndef RING3_H
#define RING3_H

#include "guest.h"

/*
 * GDT slots after entry16.S's null descriptor and three segments (SDM
 * vol. 3, 3.4.2 "Segment Selectors": index * 8, RPL in bits 1:0). The
 * 64-bit TSS descriptor takes two slots (SDM vol. 3, 8.2.3 "TSS
 * Descriptor in 64-bit mode").
 */
#define USER_DS			0x20
#define USER_CS64		0x28
#define TSS_SEL			0x30
#define GDT_ENTRIES		8
#define RPL_USER		3
#define USER_DS_SEL		(USER_DS | RPL_USER)
#define USER_CS_SEL		(USER_CS64 | RPL_USER)

/* INT n from CPL 3 to this vector returns to CPL 0 (user.S). */
#define SYSCALL_VECTOR		0x80

/*
 * RFLAGS at CPL 3: bit 1, which is always 1 (SDM vol. 1, 3.4.3 "EFLAGS
 * Register"); IOPL (bits 13:12) 0, so any IN or OUT at CPL 3 must pass
 * the TSS's I/O permission bitmap, and ring3.c's TSS has none; IF 0.
 */
#define USER_IOPL		0
#define USER_RFLAGS \
	(RFLAGS_FIXED | (USER_IOPL << RFLAGS_IOPL_SHIFT))

/* The offset of CS in the frame INT n pushes (SDM vol. 3, 7.14.2
 * "64-Bit Mode Stack Frame": RIP, CS, RFLAGS, RSP, SS from the top). */
#define INT_FRAME_CS		8

#endif /* RING3_H */
