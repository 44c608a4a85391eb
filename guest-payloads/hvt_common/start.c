/*
 * start.c - the entry of our hvt tests and the notes every Solo5 hvt
 * image carries: the ABI note (".note.solo5.abi": target hvt, version
 * HVT_ABI_VERSION) and the fake PT_INTERP that makes a host kernel
 * refuse to run the image (Solo5's elf_abi.h). Also the stack-protector
 * canary and __stack_chk_fail, with Solo5's message (bindings/crt.c).
 */
#include "hvt.h"

#define INTERP_SIZE	24
#define SSP_CANARY	0x00deadbeef0d0a00ull	/* Solo5's initial value */

struct abi1_note {
	uint32_t namesz, descsz, type;
	char name[8];
	uint32_t target, version, reserved0, reserved1;
};
_Static_assert(sizeof(struct abi1_note) ==
	       HVT_NOTE_HDR_SIZE + HVT_ABI1_DESC_SIZE, "abi1 note");

__attribute__((section(".note.solo5.abi"), used, aligned(4)))
const struct abi1_note hvt_abi1_note = {
	.namesz = HVT_NOTE_NAMESZ,
	.descsz = HVT_ABI1_DESC_SIZE,
	.type = HVT_ABI1_NOTE_TYPE,
	.name = HVT_NOTE_NAME,
	.target = HVT_ABI_TARGET_HVT,
	.version = HVT_ABI_VERSION,
};

__attribute__((section(".interp"), used, aligned(8)))
const char hvt_fake_interp[INTERP_SIZE] = "/nonexistent/solo5/";

/* -mstack-protector-guard=global: the canary is this symbol, not %fs:40
 * (the tests set no FS base). A fixed value is enough here. */
uintptr_t __stack_chk_guard = SSP_CANARY;

HVT_NORETURN void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	static const char msg[] = "Solo5: ABORT: Stack corruption detected\n";

	hvt_puts(msg, sizeof(msg) - 1);
	hvt_halt(HVT_EXIT_ABORT, NULL);
}

const struct hvt_boot_info *hvt_bi;

HVT_NORETURN void _start(const struct hvt_boot_info *bi);
void _start(const struct hvt_boot_info *bi)
{
	hvt_bi = bi;
	hvt_cpu_init();
	hvt_clock_init(bi->cpu_cycle_freq);
	hvt_exit(hvt_main((const char *)(uintptr_t)bi->cmdline));
}
