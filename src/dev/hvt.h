/*
 * hvt.h - the Solo5 hvt monitor's run-time half (hvt.c): the hypercall
 * ports, the block devices behind them, the poll sleep, the halt and the
 * W^X verdict. The loader's half is src/loader/hvt.c.
 */
#ifndef DEV_HVT_H
#define DEV_HVT_H

#include <stdint.h>

#include "hvt_net.h"
#include "image.h"

struct vcpu;

/* What backs an attached device (one per struct hvt_attach row). */
struct hvt_backing {
	uint8_t *data;		/* block: the RAM disk, capacity bytes */
	struct hvt_peer *peer;	/* net: the built-in peer */
	uint32_t ping_count;	/* net: echo requests it sends */
};

/*
 * The loaded hvt image's run time: its devices by manifest handle, its
 * EPT rights (text execute-only where the CPU has it), its ports (the
 * hypercalls alone) and its clock.
 */
void hvt_start(struct vcpu *v, const struct guest_entry *e,
	       const struct hvt_attach *att, const struct hvt_backing *b,
	       unsigned int n);

/* Every port access of an hvt guest (io.c sends them all here). */
uint32_t hvt_io(struct vcpu *v, int in, uint16_t port, unsigned int size,
		uint32_t val);

/* An access EPT refused on mapped RAM: the W^X verdict, exit 1. */
void hvt_translation_fault(struct vcpu *v, uint64_t gpa);

#endif
