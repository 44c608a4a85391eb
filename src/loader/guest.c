/*
 * guest.c - the guest image and its modules, handed to the loaders
 * (image.h). They come from one of two places:
 *
 *   - GRUB, as Multiboot2 boot modules (module2 in grub.cfg): the first
 *     is the image, its string the guest's command line, the rest its
 *     modules. One vmm.elf then serves any kernel without a relink, so
 *     a module given at boot wins over the embedded image.
 *   - vmm.elf itself: the files asm/guest_blob.S links in (make GUEST=
 *     or GUEST_IMAGE=), described by the table struct guest_blob.
 *
 * Only an embedded payload of guest-payloads/ is declared flat; every
 * other image's format is detected by image_load, never guessed.
 *
 * Room src/loader: one loader per guest image format, each writing guest
 * memory only through the machine's write. It may include the rooms up
 * to src/emul.
 */
#include "guest.h"

#include <stdio.h>

#include "acpi.h"
#include "firmware.h"
#include "hvt_attach.h"
#include "log.h"
#include "mem.h"
#include "pmtimer.h"

/* asm/guest_blob.S: the image first, then its modules. */
struct guest_blob_file {
	uint64_t data, size, string;
};

struct guest_blob {
	uint64_t flat_declared;
	uint64_t nr_files;
	struct guest_blob_file files[];
};

extern const struct guest_blob guest_blob;

static struct guest_module modules[GUEST_MODULES_MAX];
static struct hvt_devices hvt_devs;

/* What the loader hands hvt_start() fits its tables. */
_Static_assert(IMAGE_MAX_PROT <= RAM_RANGES_MAX, "segment rights");
_Static_assert(IMAGE_HVT_MAX_DEVS <= HVT_MFT_MAX_ENTRIES, "manifest entries");

static int image_from_blob(struct guest_image *img, char *err, size_t errlen)
{
	const struct guest_blob *b = &guest_blob;
	uint64_t i;

	if (b->nr_files - 1 > GUEST_MODULES_MAX) {
		snprintf(err, errlen, "%lu embedded modules, at most %u",
			 b->nr_files - 1, GUEST_MODULES_MAX);
		return -1;
	}
	img->data = (const uint8_t *)b->files[0].data;
	img->size = b->files[0].size;
	img->flat_declared = !!b->flat_declared;
	img->cmdline = (const char *)b->files[0].string;
	for (i = 1; i < b->nr_files; i++) {
		modules[i - 1].data = (const uint8_t *)b->files[i].data;
		modules[i - 1].size = b->files[i].size;
		modules[i - 1].string = (const char *)b->files[i].string;
	}
	img->modules = modules;
	img->nr_modules = (unsigned int)(b->nr_files - 1);
	return 0;
}

/*
 * GRUB's module2 passes the words after the file name as the module's
 * string (grub-core/loader/multiboot.c, grub_cmd_module: argc - 1,
 * argv + 1), so the file name reaches the guest only if grub.cfg repeats
 * it: `module2 /boot/k.elf k.elf args` gives the command line QEMU's
 * `-kernel k.elf -append args` gives. The string is passed as it is.
 * The host reads a module through its identity map, so a module past it
 * cannot be read.
 */
static int image_from_boot(const struct mb2_info *boot,
			   struct guest_image *img, char *err, size_t errlen)
{
	unsigned int i;

	for (i = 0; i < boot->nr_modules; i++) {
		const struct mb2_module *m = &boot->modules[i];

		if (m->end > IDENTITY_MAPPED_END) {
			snprintf(err, errlen, "boot module %u at [0x%lx, 0x%lx) "
				 "lies past the host's map (0x%lx)", i,
				 m->start, m->end, IDENTITY_MAPPED_END);
			return -1;
		}
		if (i == 0)
			continue;
		modules[i - 1].data = (const uint8_t *)(uintptr_t)m->start;
		modules[i - 1].size = m->end - m->start;
		modules[i - 1].string = m->string;
	}
	img->data = (const uint8_t *)(uintptr_t)boot->modules[0].start;
	img->size = boot->modules[0].end - boot->modules[0].start;
	img->flat_declared = 0;
	img->cmdline = boot->modules[0].string;
	img->modules = modules;
	img->nr_modules = boot->nr_modules - 1;
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *src, size_t len)
{
	return guest_ram_write(ctx, gpa, src, len);
}

/*
 * What firmware leaves below 1 MiB (the IVT and its stubs, the BDA, the
 * ACPI tables) goes in before the image, for every format but hvt: the
 * loaders refuse segments over the ranges it holds (pc_map.h), and
 * Multiboot2's ACPI tag carries a copy of the RSDP it placed.
 */
static int firmware(struct guest_machine *m)
{
	static uint8_t rsdp[ACPI_RSDP_LEN];

	if (pc_firmware_install(m->ram, m->write, m->ctx, rsdp, &m->rsdp_len))
		return -1;
	m->rsdp = rsdp;
	return 0;
}

static const char *const entry_mode_names[] = {
	[ENTRY_REAL16] = "16-bit real mode",
	[ENTRY_PROT32] = "32-bit protected mode",
	[ENTRY_LONG64] = "64-bit mode",
};

int guest_load(struct vcpu *v, const struct mb2_info *boot,
	       struct guest_entry *entry, char *err, size_t errlen)
{
	struct guest_image img;
	struct guest_machine m = {
		.ram = v->guest_mem_size,
		.write = ram_write,
		.ctx = v,
		.firmware = firmware,
		.tsc_hz = pmtimer_host_tsc_hz(),
	};
	int from_boot = boot->nr_modules > 0;

	if (from_boot ? image_from_boot(boot, &img, err, errlen) :
			image_from_blob(&img, err, errlen))
		return -1;
	if (hvt_devices_build(&hvt_devs, &img, v->config->hvt_words,
			      v->config->nr_hvt_words, err, errlen))
		return -1;
	m.hvt_attach = hvt_devs.att;
	m.nr_hvt_attach = hvt_devs.n;

	if (image_load(&img, &m, entry, err, errlen))
		return -1;
	if (entry->format == IMAGE_HVT)
		hvt_start(v, hvt_devs.att, hvt_devs.back, hvt_devs.n,
			  entry->hvt.attach, entry->hvt.nr_entries,
			  entry->hvt.prot, entry->hvt.nprot);
	pr_verbose("vmm: guest image: %s, %lu bytes and %u modules from %s, "
		   "in [0x%lx, 0x%lx), entered in %s at 0x%lx; command line "
		   "'%s'\n", image_format_name(entry->format), img.size,
		   img.nr_modules, from_boot ? "boot module" : "vmm.elf",
		   entry->lo, entry->hi, entry->mode <= ENTRY_LONG64 ?
		   entry_mode_names[entry->mode] : "?", entry->rip,
		   img.cmdline);
	pr_verbose("vmm: %lu MiB of guest RAM\n", v->guest_mem_size >> 20);
	return 0;
}
