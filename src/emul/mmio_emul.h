/*
 * mmio_emul.h - emulating the guest instruction behind an EPT violation
 * on an emulated device's page (mmio_emul.c).
 */
#ifndef EMUL_MMIO_EMUL_H
#define EMUL_MMIO_EMUL_H

#include <stdint.h>

#include "decode.h"
#include "mmio.h"
#include "vcpu.h"

/*
 * Emulate the access at @gpa by the instruction at guest RIP. @fast: from
 * the fastpath, which hands anything unusual (no device, an undecodable
 * instruction, a register it must not touch) to the slow path. Outside
 * guest RAM and the device pages the guest is stopped (a sandbox
 * violation).
 */
#define MMIO_DONE	1
#define MMIO_SLOW	2
int mmio_emulate(struct vcpu *v, uint64_t gpa, int fast);

/*
 * The slow path's part (mmio_full.c): decode the @len bytes @buf fetched
 * at @rip in @mode with insn_decode() and run them, whose access hit
 * @dev at @gpa, with the whole emulator (emul.h). Returns -1 when they
 * do not decode; else 0: the guest continues (RIP past the instruction,
 * on it for a REP cut short or a fault), or is stopped. Out of line, so
 * the fastpath's code in mmio_emulate() stays as it was.
 */
int mmio_emulate_full(struct vcpu *v, const struct mmio_device *dev,
		      uint64_t gpa, uint64_t rip, const uint8_t *buf,
		      size_t len, enum insn_mode mode);

/*
 * An instruction at @rip that touched @dev at @gpa and that the emulator
 * does not know (its first bytes in @buf): #UD for the guest, and one
 * line in the log naming it, once per instruction site (mmio_full.c).
 */
void mmio_undecodable(struct vcpu *v, const struct mmio_device *dev,
		      uint64_t gpa, uint64_t rip, const uint8_t *buf);

#endif
