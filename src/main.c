/*
 * main.c - the whole life of the machine, in order (DESIGN.md, "The flow
 * of one boot"): console, boot information, descriptor tables, command
 * line, memory, VMX discovery, VMX on, the guest, and the end.
 *
 * Room src/: the top: the life of the machine and the selftest= dispatch;
 * it may include every room.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "crash.h"
#include "exit.h"
#include "guest.h"
#include "run.h"
#include "selftest.h"
#include "vmcs_setup.h"
#include "vmx.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "log.h"
#include "machine.h"
#include "mb2.h"
#include "mem.h"
#include "tsc.h"
#include "x86.h"

#define VMM_NAME	"vmm"
#define VMM_VERSION	"0.1"
#define MBI_MAX_SIZE	(1u << 20)	/* a sanity bound on total_size */

unsigned int vmm_loglevel = LOG_INFO;

extern char _image_start[], _image_end[], _load_end[];

#define PIC1_DATA	0x21
#define PIC2_DATA	0xa1

static struct mb2_info boot_info;
static struct vmm_config config;
static struct vcpu vcpu;

static void boot_report_memory(const struct mb2_info *info)
{
	uint64_t base, end;
	unsigned int i;

	pr_verbose("vmm: memory map: %u regions, %lu MiB available; host pool",
		   info->nr_regions, mb2_available_bytes(info) >> 20);
	for (i = 0; !mem_range(i, &base, &end); i++)
		pr_verbose("%s 0x%lx-0x%lx (%lu MiB)", i ? "," : "", base, end,
			   (end - base) >> 20);
	pr_verbose("\n");
	for (i = 0; i < info->nr_regions; i++)
		pr_debug("vmm:   [0x%016lx-0x%016lx) type %u\n",
			 info->regions[i].base,
			 info->regions[i].base + info->regions[i].len,
			 info->regions[i].type);
}

/*
 * The level comes from the command line, so nothing below the error level
 * may be printed before it is parsed: a parse error is printed whatever
 * the level, the warnings after the banner.
 */
static void parse_command_line(const char *line)
{
	char err[128];

	cmdline_defaults(&config);
	if (cmdline_parse(line, &config, err, sizeof(err))) {
		printf("vmm: command line: %s\n", err);
		machine_exit(VMM_EXIT_BAD_CONFIG);
	}
	vmm_loglevel = config.loglevel;
}

/* One short line at the default level; the image's place when verbose. */
static void banner(void)
{
	pr_info("vmm: " VMM_NAME " " VMM_VERSION
		", a single-purpose VMX hypervisor");
#ifdef VMM_TEST_BUILD
	printf(" (TEST BUILD: bug " VMM_TEST_BUILD " put back)");
#endif
	pr_verbose("; image 0x%lx-0x%lx (%lu KiB)", (uint64_t)_image_start,
		   (uint64_t)_image_end,
		   (uint64_t)(_image_end - _image_start) >> 10);
	pr_info("\n");
}

static void warn_unknown_options(void)
{
	unsigned int i;

	for (i = 0; i < config.nr_unknown; i++)
		pr_warn("vmm: warning: unknown command-line option '%s' "
			"ignored\n", config.unknown[i]);
}

static void probe_vmx(struct vmx_caps *caps)
{
	switch (vmx_probe(caps)) {
	case VMX_PROBE_OK:
		vmx_report(caps);
		return;
	case VMX_PROBE_NO_VMX:
		printf("vmm: no VMX: CPUID.1:ECX.VMX = 0\n");
		machine_exit(VMM_EXIT_NO_VMX);
	case VMX_PROBE_LOCKED_OFF:
		printf("vmm: no VMX: disabled and locked by firmware "
		       "(IA32_FEATURE_CONTROL = 0x%lx)\n", caps->feature_control);
		machine_exit(VMM_EXIT_VMX_LOCKED);
	}
}

/*
 * The host takes no interrupts; with "external-interrupt exiting" on, a
 * pending legacy IRQ (the BIOS's timer) would make every VM entry exit
 * again at once. Masking both 8259s keeps them quiet.
 */
static void pic_mask_all(void)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

/*
 * How the guest ended. On a verdict of the hypervisor's (a fatal end) the
 * crash record first. Then the exit statistics: with stats=on always,
 * with stats=off never, and with stats=auto (the default) at loglevel=3
 * and up, or at the default level when the run ends with any code but 0.
 * A 0 is the guest's own clean end (port 0xf4 or the exit hypercall):
 * the one end that needs no table to be understood; every other code (a
 * guest's failure code included) comes with it.
 */
static void guest_end_report(int code)
{
	if (code >= VMM_EXIT_VERDICT_BASE && code <= VMM_EXIT_VERDICT_MAX)
		crash_record_print(&vcpu, code);
	if (config.stats == TRI_ON ||
	    (config.stats == TRI_AUTO &&
	     ((code != VMM_EXIT_OK && vmm_loglevel >= LOG_INFO) ||
	      vmm_loglevel >= LOG_VERBOSE)))
		exit_stats_print();
}

static void run_guest(const struct vmx_caps *caps)
{
	struct guest_entry entry;
	char err[160];

	pic_mask_all();
	/* A guest bigger than the machine is the configuration's fault,
	 * not an internal error: say so before any allocation fails. */
	if (config.guest_mem > mem_free_bytes()) {
		printf("vmm: guest_mem=%luM is more than the %lu MiB this "
		       "machine has free\n", config.guest_mem >> 20,
		       mem_free_bytes() >> 20);
		machine_exit(VMM_EXIT_BAD_CONFIG);
	}
	if (vmx_enable(caps) || vcpu_init(&vcpu, caps, &config))
		machine_exit(VMM_EXIT_PANIC);
	if (guest_load(&vcpu, &boot_info, &entry, err, sizeof(err))) {
		printf("vmm: guest image: %s\n", err);
		machine_exit(VMM_EXIT_BAD_CONFIG);
	}
	vmcs_setup_guest(&vcpu, &entry);
	if (selftest_before_entry(&vcpu, config.selftest))
		machine_exit(VMM_EXIT_BAD_CONFIG);
	machine_on_exit(guest_end_report);
	machine_exit(vcpu_run(&vcpu));
}

void kmain(uint32_t mbi_phys);

void kmain(uint32_t mbi_phys)
{
	uint64_t tsc_start = rdtsc();
	const void *mbi = (const void *)(uintptr_t)mbi_phys;
	struct vmx_caps caps;
	enum mb2_error err;
	uint64_t reserved_end;

	console_init();
	cpu_init();
	err = mb2_parse(mbi, MBI_MAX_SIZE, &boot_info);
	if (err) {
		printf("vmm: bad Multiboot2 information at 0x%x: %s\n",
		       mbi_phys, mb2_strerror(err));
		machine_exit(VMM_EXIT_BAD_BOOT);
	}
	parse_command_line(boot_info.cmdline);
	banner();
	pr_verbose("vmm: loader '%s', command line '%s'\n",
		   boot_info.loader_name, boot_info.cmdline);
	warn_unknown_options();

	/* The pool starts above our image, the guest's files linked in
	 * after it, and the boot information; mem_init leaves out the boot
	 * modules wherever they are. */
	reserved_end = (uint64_t)_load_end;
	if (mbi_phys + *(const uint32_t *)mbi > reserved_end)
		reserved_end = mbi_phys + *(const uint32_t *)mbi;
	if (mem_init(&boot_info, reserved_end)) {
		printf("vmm: no usable memory above 0x%lx in the memory map\n",
		       reserved_end);
		machine_exit(VMM_EXIT_BAD_BOOT);
	}
	boot_report_memory(&boot_info);

	probe_vmx(&caps);
	if (tsc_measure_hz())
		pr_verbose("vmm: TSC: %lu Hz, measured against the 8254\n",
			   tsc_measured_hz());
	else
		pr_warn("vmm: warning: the 8254 does not count; the TSC rate "
			"is CPUID's\n");
	pr_verbose("vmm: %lu ticks from kmain to the capability report\n",
		   rdtsc() - tsc_start);
	run_guest(&caps);
}
