/*
 * mmio_emul.h - emulating the guest instruction behind an EPT violation
 * on an emulated device's page (mmio_emul.c).
 */
#ifndef EMUL_MMIO_EMUL_H
#define EMUL_MMIO_EMUL_H

#include <stdint.h>

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

#endif
