/*
 * linear.h - guest memory as an instruction the hypervisor emulates
 * reaches it (string I/O): a segment and an offset become a linear
 * address, with the CPU's segment checks; the linear address becomes
 * guest-physical page by page through the guest's page walk (gpt.c),
 * each page with the rights of the access; each part must then be guest
 * RAM or lie on a device page, or the guest has touched what the sandbox
 * denies.
 */
#ifndef EMUL_LINEAR_H
#define EMUL_LINEAR_H

#include <stdint.h>

#include "gpt.h"
#include "mmio.h"
#include "vcpu.h"
#include "x86.h"

/* The longest element an emulated access moves: a qword of MOVS. */
#define LIN_ACCESS_MAX	8

/* What an access comes to: done, an exception queued for the guest, or
 * the guest stopped (a sandbox violation, reported). */
enum lin_result { LIN_OK, LIN_FAULT, LIN_STOP };

/* One access, split where it crosses a page: each part in guest RAM, or
 * the whole access on one device page. */
struct lin_access {
	unsigned int parts;
	struct {
		uint64_t gla, gpa;
		unsigned int len;
		uint8_t *ram;			/* NULL: on @dev's page */
	} part[2];
	const struct mmio_device *dev;
};

/*
 * The linear address of @size bytes at offset @off of segment @seg for
 * the access @acc (GPT_WRITE or a read), as the CPU forms and checks it:
 * in 64-bit mode the base of FS and GS only and a canonical address
 * (SDM vol. 3, 3.3.7.1, for the paging mode in @c: 48 or 57 bits);
 * elsewhere a usable segment of the right type in protected mode, every
 * byte within the limit (expand-up or -down, vol. 3, 5.3 and 3.4.5.1)
 * and the sum wrapped to 32 bits. A failed check queues #GP(0), or
 * #SS(0) for SS, and returns LIN_FAULT.
 */
enum lin_result lin_address(struct vcpu *v, const struct gpt_ctx *c,
			    enum x86_seg seg, uint64_t off, unsigned int size,
			    unsigned int acc, uint64_t *gla);

/*
 * Translate the @size (<= LIN_ACCESS_MAX) bytes at @gla for @acc, page by
 * page: a #PF is queued with CR2 at the first byte of the page that
 * faults, before any byte moves (LIN_FAULT); a paging structure or a
 * part outside guest RAM and the device pages, or an access split
 * across a device page, stops the guest with the report of a sandbox
 * violation naming @what (LIN_STOP).
 */
enum lin_result lin_translate(struct vcpu *v, const struct gpt_ctx *c,
			      uint64_t gla, unsigned int size,
			      unsigned int acc, const char *what,
			      struct lin_access *a);

/* Move the bytes of a translated access (the device's at its width). */
void lin_read(struct vcpu *v, const struct lin_access *a, void *buf,
	      unsigned int size);
void lin_write(struct vcpu *v, const struct lin_access *a,
	       const void *buf, unsigned int size);

/*
 * Stop the guest for touching guest-physical @gpa outside guest RAM and
 * the device pages (@access: "read", "write", "fetch", or "page walk"),
 * with one line naming it, @gla and the guest RIP (code 8).
 */
void lin_violation(struct vcpu *v, const char *access, uint64_t gpa,
		   uint64_t gla, const char *what);

#endif
