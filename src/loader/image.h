/*
 * image.h - the guest image loaders' contract (issue 14).
 *
 * The loaders are pure code: they read an image from a byte buffer they
 * distrust, write guest memory only through @write, and never touch the
 * VMCS. The same sources build into the hypervisor and into the host's
 * unit tests and fuzzers (tests/unit, tests/fuzz).
 *
 * Guest-physical layout they load into: pc_map.h (src/dev).
 */
#ifndef LOADER_IMAGE_H
#define LOADER_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "hvt.h"

enum image_format {
	IMAGE_FLAT,		/* our real-mode blob: only when declared */
	IMAGE_MULTIBOOT1,	/* Multiboot 0.6.96 header (ELF32/ELF64/a.out kludge) */
	IMAGE_MULTIBOOT2,	/* Multiboot2 header */
	IMAGE_ELF64,		/* plain ELF64, entered in 64-bit mode */
	IMAGE_HVT,		/* Solo5 hvt unikernel (hvt_abi.h) */
	IMAGE_BZIMAGE,		/* Linux bzImage, its 64-bit entry */
};

/* How the vCPU starts (vmcs_setup_guest). */
enum entry_mode {
	ENTRY_REAL16,		/* CS:IP = 0:rip, SP = rsp */
	ENTRY_PROT32,		/* flat 32-bit protected mode, paging off */
	ENTRY_LONG64,		/* 64-bit mode, CR3 = cr3 (identity map) */
};

#define IMAGE_MAX_PROT	16		/* = LOAD_MAX_SEGS */
#define IMAGE_HVT_MAX_DEVS 64		/* = HVT_MFT_MAX_ENTRIES */

struct guest_module {
	const uint8_t *data;
	uint64_t size;
	const char *string;	/* its name (and arguments), NUL-terminated */
};

struct guest_image {
	const uint8_t *data;
	uint64_t size;
	int flat_declared;	/* the build says: a flat blob (GUEST=name) */
	const char *cmdline;	/* the image's name, then its arguments */
	const struct guest_module *modules;
	unsigned int nr_modules;
};

/* The machine the image is loaded into. */
struct guest_machine {
	uint64_t ram;		/* bytes of guest RAM from guest-physical 0 */
	/* A copy of the RSDP the firmware placed (Multiboot2's ACPI tag),
	 * or NULL. */
	const void *rsdp;
	size_t rsdp_len;
	/* Write @len bytes at guest-physical @gpa; 0, or -1 outside RAM. */
	int (*write)(void *ctx, uint64_t gpa, const void *src, size_t len);
	void *ctx;
	/*
	 * Install the PC firmware (IVT, BDA, ACPI tables: pc_firmware_install)
	 * and set rsdp/rsdp_len; called by image_load once the format is
	 * known, for every format but IMAGE_HVT, whose RAM must be all zero
	 * but for what its loader writes. 0, or -1 when it does not fit.
	 */
	int (*firmware)(struct guest_machine *m);
	/* The TSC rate the guest sees, Hz (hvt's cpu_cycle_freq). */
	uint64_t tsc_hz;
	const struct hvt_attach *hvt_attach;
	unsigned int nr_hvt_attach;
};

struct guest_entry {
	enum image_format format;
	enum entry_mode mode;
	uint64_t rip, rsp;
	uint64_t rax, rbx, rsi, rdi;	/* e.g. the Multiboot magic and info */
	uint64_t cr3;			/* ENTRY_LONG64: the page tables */
	/* ENTRY_LONG64: the GDT the loader wrote and the selectors of the
	 * vCPU's flat segments; CR0 and CR4 as the guest reads them (the
	 * CPU's VMX fixed bits are added beneath the read shadows). */
	uint64_t gdt_base, cr0, cr4;
	uint16_t gdt_limit, cs, ds;
	/* IMAGE_HVT: the rights EPT gives each page-aligned range [start,
	 * end) of the segments (HVT_PROT_*; all other RAM is R|W), and
	 * for each manifest entry the index into m->hvt_attach of its
	 * device, or -1 (entry 0 and undeclared). */
	struct {
		unsigned int nprot;
		struct hvt_segment prot[IMAGE_MAX_PROT];
		unsigned int nr_entries;
		int8_t attach[IMAGE_HVT_MAX_DEVS];
		uint64_t boot_info;	/* guest-physical, = RDI */
	} hvt;
	/* Guest-physical [lo, hi) the image, its modules and its info
	 * occupy, for the report. */
	uint64_t lo, hi;
};

/*
 * Detect the format, check every offset and size, load the image and its
 * modules and build the boot information. Returns 0 with @entry filled,
 * or -1 with a one-line reason naming the defect and the value in @err;
 * on -1 the image has written nothing through m->write (the firmware,
 * called once the format is known, may have).
 */
int image_load(const struct guest_image *img, const struct guest_machine *m,
	       struct guest_entry *entry, char *err, size_t errlen);

const char *image_format_name(enum image_format f);

#endif
