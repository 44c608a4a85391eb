/*
 * fuzz_loader.c - libFuzzer on image_load(): the input is the image, with
 * a small preamble that chooses the machine and what the build hands in,
 * so one input exercises detection, every loader, placement and the info
 * builders. Seeds (make_seeds.py) are a good image of each format.
 *
 * Preamble, 8 bytes:
 *   [0] bit 0: declared flat; bit 1: an ACPI 2.0 RSDP, bit 2: ACPI 1.0;
 *       bit 3: no hvt devices attached (else block "storage" and net
 *       "service0", the hvt seed's manifest)
 *   [1] RAM: 1 MiB + n * 64 KiB; 0xff: 6 GiB (the 4 GiB limits)
 *   [2] modules (n % 4), each a slice of the image bytes
 *   [3] command-line length (n % 64), taken from the image bytes
 *   [4..7] module slice lengths, n * 256 bytes
 */
#include "fuzz_harness.h"

#define PREAMBLE	8

static const uint8_t rsdp[36] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ',
	0, 'F', 'U', 'Z', 'Z', ' ', ' ', 2, 0, 0, 0xe, 0, 36 };

static const struct hvt_attach hvt_devs[2] = {
	{ .name = "storage", .type = 1, .capacity = 4096, .block_size = 512 },
	{ .name = "service0", .type = 2, .mac = { 2, 0, 0, 0, 0, 1 },
	  .mtu = 1500 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[] = { "mod0", "mod1 arg", "", "m3" };
	struct guest_module mods[4];
	struct guest_image img = { 0 };
	struct guest_machine m = { .write = fz_write, .tsc_hz = 2400000000u };
	struct guest_entry e;
	char cmdline[64], err[160];
	unsigned int i, nmod, clen;
	uint8_t *copy;

	if (size < PREAMBLE)
		return 0;
	fz_init();
	fz_flat = data[0] & 1;
	m.ram = data[1] == 0xff ? 6ull << 30 : (1ull << 20) + data[1] * 0x10000ull;
	if (data[0] & 6) {
		m.rsdp = rsdp;
		m.rsdp_len = data[0] & 2 ? 36 : 20;
	}
	fz_ram = m.ram;
	if (!(data[0] & 8)) {
		m.hvt_attach = hvt_devs;
		m.nr_hvt_attach = 2;
	}
	nmod = data[2] % 4;
	clen = data[3] % 64;
	/* The image in a buffer of its exact size, so ASan sees any read
	 * past its end. */
	size -= PREAMBLE;
	copy = malloc(size ? size : 1);
	memcpy(copy, data + PREAMBLE, size);
	for (i = 0; i < clen && i < size; i++)
		cmdline[i] = copy[i] ? (char)copy[i] : '_';
	cmdline[i] = '\0';
	for (i = 0; i < nmod; i++) {
		uint64_t len = data[4 + i] * 256ull;

		mods[i].data = copy;
		mods[i].size = len < size ? len : size;
		mods[i].string = names[i];
	}
	img.data = size ? copy : NULL;
	img.size = size;
	img.flat_declared = fz_flat;
	img.cmdline = cmdline;
	img.modules = mods;
	img.nr_modules = nmod;
	fz_writes = 0;
	fz_judge(image_load(&img, &m, &e, err, sizeof(err)), err, sizeof(err),
		 &e, m.ram);
	free(copy);
	return 0;
}
