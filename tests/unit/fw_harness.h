/*
 * fw_harness.h - what the firmware tests (test_acpi.c, test_firmware.c)
 * share: the low 1 MiB of a guest as a host buffer, a write callback that
 * counts what pc_firmware_install() writes and can be made to fail, and
 * little-endian reads at guest-physical addresses.
 */
#ifndef FW_HARNESS_H
#define FW_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "acpi.h"
#include "firmware.h"
#include "pc_map.h"

#define FW_PAGE		4096
#define FW_PAGES	(PC_HIGH_RAM_BASE / FW_PAGE)

struct fw_guest {
	uint8_t mem[PC_HIGH_RAM_BASE];
	unsigned int writes, fail_at;	/* fail_at: 1-based, 0 = never */
	size_t bytes;
	uint8_t touched[FW_PAGES];
	uint8_t rsdp[ACPI_RSDP_LEN];
	size_t rsdp_len;
};

static int fw_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	struct fw_guest *g = ctx;
	uint64_t p;

	if (++g->writes == g->fail_at)
		return -1;
	if (gpa > sizeof(g->mem) || len > sizeof(g->mem) - gpa)
		return -1;
	memcpy(g->mem + gpa, src, len);
	g->bytes += len;
	for (p = gpa / FW_PAGE; len && p <= (gpa + len - 1) / FW_PAGE; p++)
		g->touched[p] = 1;
	return 0;
}

/* A guest of 1 MiB (the least pc_firmware_install() takes) with the
 * firmware installed. */
static struct fw_guest *fw_guest_installed(void)
{
	static struct fw_guest g;

	memset(&g, 0, sizeof(g));
	assert_int_equal(pc_firmware_install(PC_HIGH_RAM_BASE, fw_write, &g,
					     g.rsdp, &g.rsdp_len), 0);
	return &g;
}

static inline uint8_t rd8(const struct fw_guest *g, uint64_t a)
{
	assert_true(a < sizeof(g->mem));
	return g->mem[a];
}

static inline uint16_t rd16(const struct fw_guest *g, uint64_t a)
{
	return (uint16_t)(rd8(g, a) | rd8(g, a + 1) << 8);
}

static inline uint32_t rd32(const struct fw_guest *g, uint64_t a)
{
	return rd16(g, a) | (uint32_t)rd16(g, a + 2) << 16;
}

static inline uint64_t rd64(const struct fw_guest *g, uint64_t a)
{
	return rd32(g, a) | (uint64_t)rd32(g, a + 4) << 32;
}

#endif
