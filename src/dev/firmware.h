/*
 * firmware.h - what firmware would leave in guest RAM below 1 MiB
 * (issue 14): the real-mode IVT and BIOS data area, the stubs of
 * asm/firmware16.S at F000:0000, the reset vector, and the ACPI tables
 * (acpi.c). Shared with the assembly, so only numbers outside __ASSEMBLY__'s
 * guard.
 */
#ifndef DEV_FIRMWARE_H
#define DEV_FIRMWARE_H

/* 8259A ports and OCW2's non-specific EOI (Intel 8259A datasheet, OCW2:
 * R=0, SL=0, EOI=1). */
#define PIC_MASTER_CMD		0x20
#define PIC_SLAVE_CMD		0xa0
#define PIC_OCW2_EOI		0x20

/* Where the stubs run: segment F000, offset 0 (guest-physical
 * PC_BIOS_BASE; firmware.c checks the two agree). */
#define FW16_SEG		0xf000
#define FW16_OFF		0
/* FLAGS' offset in the frame INT pushed, seen from BP after "push bp". */
#define FW16_FLAGS_OFF		6

/* The vectors the BIOS programs the 8259 pair to (IBM PC/AT technical
 * reference; SeaBIOS's pic_setup(): BIOS_HWIRQ0_VECTOR 0x08,
 * BIOS_HWIRQ8_VECTOR 0x70). */
#define BIOS_HWIRQ0_VECTOR	0x08
#define BIOS_HWIRQ8_VECTOR	0x70

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

/* Real-mode IVT (SDM vol. 3, 20.1.4): 256 offset:segment pairs at 0. */
#define IVT_BASE		0x0ull
#define IVT_VECTORS		256

/* BIOS data area words a real-mode kernel reads (IBM PC/AT technical
 * reference, BDA at 0x400): COM1's port and the base memory size. */
#define BDA_COM1_PORT		0x400ull
#define BDA_BASE_MEM_KB		0x413ull

/* The reset vector, F000:FFF0 (SDM vol. 3, 9.1.4), and its 16 bytes. */
#define FW_RESET_VECTOR		0xffff0ull
#define FW_RESET_VECTOR_LEN	16

/* Where every vector points: the stubs of asm/firmware16.S. */
extern const uint8_t fw16_start[], fw16_end[];
extern const uint8_t fw16_irq_master[], fw16_irq_slave[];
extern const uint8_t fw16_unsupported[], fw16_iret[], fw16_halt[];
extern const uint8_t fw16_reset[], fw16_reset_end[];

typedef int (*fw_write_fn)(void *ctx, uint64_t gpa, const void *src,
			   size_t len);

/*
 * Write everything firmware leaves below 1 MiB into a guest of @ram bytes
 * (ram >= 1 MiB), through @write (the loaders' callback, image.h), and
 * copy the ACPI RSDP to @rsdp_copy (ACPI_RSDP_LEN bytes) for Multiboot2's
 * ACPI tag, its length to @rsdp_len. Pure: no state, no other access to
 * guest memory. Returns 0, or -1 if @ram is too small or a write fails.
 */
int pc_firmware_install(uint64_t ram, fw_write_fn write, void *ctx,
			uint8_t *rsdp_copy, size_t *rsdp_len);
#endif

#endif
