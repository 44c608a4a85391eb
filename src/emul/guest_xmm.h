/*
 * guest_xmm.h - the guest's XMM registers, live in the CPU while the
 * host runs, read and written by asm/guest_xmm.S alone (the host's C is
 * SSE-free). @n 0-15; v[0] is bits 63:0.
 */
#ifndef EMUL_GUEST_XMM_H
#define EMUL_GUEST_XMM_H

#include <stdint.h>

void guest_xmm_read(unsigned int n, uint64_t v[2]);
void guest_xmm_write(unsigned int n, const uint64_t v[2]);

#endif
