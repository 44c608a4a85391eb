/*
 * hvt.h - the Solo5 hvt monitor's run-time half (hvt.c): the hypercall
 * ports, the block devices behind them, the poll sleep, the halt and the
 * W^X verdict. The loader's half is src/loader/hvt.c.
 */
#ifndef DEV_HVT_H
#define DEV_HVT_H

#include <stdint.h>

#include "hvt_net.h"

struct vcpu;

/*
 * An hvt device the command line attaches (block:NAME=FILE, net:NAME=...),
 * matched by name and type to the unikernel's manifest, whose entry gets
 * these properties and attached = 1. A declared device without one, or
 * one that names no declared device, fails the load.
 */
struct hvt_attach {
	const char *name;
	uint32_t type;			/* HVT_MFT_BLOCK_BASIC or NET_BASIC */
	uint64_t capacity;		/* block: bytes */
	uint16_t block_size;		/* block */
	uint8_t mac[6];			/* net */
	uint16_t mtu;			/* net */
};

#define HVT_PROT_R	1u
#define HVT_PROT_W	2u
#define HVT_PROT_X	4u
/* A segment's page-aligned range and its rights (HVT_PROT_*). */
struct hvt_segment {
	uint64_t start, end;
	unsigned int rights;
};

/* What backs an attached device (one per struct hvt_attach row). */
struct hvt_backing {
	uint8_t *data;		/* block: the RAM disk, capacity bytes */
	struct hvt_peer *peer;	/* net: the built-in peer */
	uint32_t ping_count;	/* net: echo requests it sends */
};

/*
 * The loaded hvt image's run time (the loader's guest_entry.hvt): its
 * devices, @attach[handle] indexing @att and @b (-1: none), its EPT
 * rights from @seg (text execute-only where the CPU has it), its ports
 * (the hypercalls alone) and its clock.
 */
void hvt_start(struct vcpu *v, const struct hvt_attach *att,
	       const struct hvt_backing *b, unsigned int n,
	       const int8_t *attach, unsigned int nr_entries,
	       const struct hvt_segment *seg, unsigned int nseg);

/* Every port access of an hvt guest (io.c sends them all here). */
uint32_t hvt_io(struct vcpu *v, int in, uint16_t port, unsigned int size,
		uint32_t val);

/* An access EPT refused on mapped RAM: the W^X verdict, exit 1. */
void hvt_translation_fault(struct vcpu *v, uint64_t gpa);

#endif
