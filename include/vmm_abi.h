/*
 * vmm_abi.h - the guest ABI: everything a guest of this hypervisor may
 * rely on, in one header that the hypervisor and every payload include,
 * as Solo5's hvt_abi.h is shared by tender and unikernel. README.md,
 * "The guest's view", says the same in prose. Plain preprocessor
 * constants, so assembly can include it.
 */
#ifndef VMM_ABI_H
#define VMM_ABI_H

/*
 * The image: a flat binary loaded at guest-physical GUEST_LOAD_ADDR and
 * entered there in 16-bit real mode, CS:IP = 0:GUEST_LOAD_ADDR,
 * SP = GUEST_RM_STACK_TOP, interrupts off. Guest RAM starts at
 * guest-physical 0 (guest_mem=); nothing else is memory.
 */
#define GUEST_LOAD_ADDR		0x8000
#define GUEST_RM_STACK_TOP	0x7000
/* The image must end below the legacy video/BIOS hole at 640 KiB. */
#define GUEST_FLAT_LIMIT	0xa0000
#define GUEST_IMAGE_MAX		(GUEST_FLAT_LIMIT - GUEST_LOAD_ADDR)

/*
 * Hypercalls: VMCALL with RAX = number, RBX and RCX the arguments; RAX
 * returns 0 (or a value), or a negative error. Only HC_NOP may be made
 * from CPL 3; the others return HC_EPERM there.
 */
#define HC_NOP			0	/* nothing: a round trip */
#define HC_WRITE		1	/* RBX = guest-physical address,
					 * RCX = length <= HC_WRITE_MAX */
#define HC_EXIT			2	/* RBX = exit code */
#define HC_EXIT_COUNT		3	/* RAX <- VM exits so far, this one
					 * included */
#define HC_WRITE_MAX		4096
#define HC_EPERM		(-1)	/* not from CPL 3 */
#define HC_EINVAL		(-22)	/* a bad length or address */
#define HC_ENOSYS		(-38)	/* no such hypercall */

/* Ports. */
#define VMM_PORT_UART		0x3f8	/* a 16550, the guest's console */
#define VMM_PORT_DEBUG_EXIT	0xf4	/* a 32-bit write of v ends the run
					 * with exit code v */
#define VMM_PORT_PM_TIMER	0x608	/* ACPI PM timer, 3.579545 MHz */
#define VMM_PORT_TESTDEV	0x5f0	/* reads VMM_TESTDEV_MAGIC */
#define VMM_TESTDEV_MAGIC	0x564d4d21	/* "!MMV" read as a dword */

/* MMIO (the local APIC is at its reset address, APIC_BASE_ADDR). */
#define VMM_MMIO_TESTDEV	0xfeb00000	/* a read/write register */
#define VMM_MMIO_TESTDEV_SIZE	0x1000

/*
 * The local APIC timer counts at the TSC rate / its divide configuration,
 * but a periodic timer's period is never shorter than this many TSC
 * ticks: some ten times what taking one timer interrupt costs, so that a
 * guest programming TMICT = 1 still runs between its interrupts.
 */
#define VMM_LAPIC_MIN_PERIOD_TICKS	10000
/* The same bound on the 8254's IRQ0: edges closer than this coalesce. */
#define VMM_PIT_MIN_PERIOD_TICKS	VMM_LAPIC_MIN_PERIOD_TICKS

/* MSRs of the hypervisor's own range (no architectural meaning). */
#define MSR_VMM_SCRATCH		0x40000100	/* reads what was written */

/* CPUID: the hypervisor leaves (the hypervisor bit, CPUID.1:ECX[31], is
 * set); leaf 0x40000000 returns the signature in EBX, ECX, EDX. */
#define CPUID_LEAF_HV_BASE	0x40000000
#define CPUID_LEAF_HV_FEATURES	0x40000001	/* none: all zero */
#define VMM_CPUID_SIGNATURE	"VMMSandboxHV"

/*
 * The machine's exit codes (README.md, "Exit codes"), in two ranges that
 * cannot be confused: 0-63 are the guest's own, chosen through HC_EXIT
 * or VMM_PORT_DEBUG_EXIT (a larger code is refused with
 * VMM_EXIT_GUEST_CODE_RANGE), and 64-95 the hypervisor's verdicts. Both
 * survive QEMU's isa-debug-exit status, (code << 1) | 1 in 8 bits, so a
 * guest's code reads there as it would under QEMU alone; the runners'
 * own 124 (time limit) and 125 (no verdict) are in neither range.
 */
#define VMM_EXIT_OK			0	/* success */
#define VMM_EXIT_GUEST_MAX		63	/* highest guest-chosen code */
#define VMM_EXIT_VERDICT_BASE		64
#define VMM_EXIT_PANIC			65	/* an internal error */
#define VMM_EXIT_BAD_BOOT		66	/* not Multiboot2, no long mode */
#define VMM_EXIT_NO_VMX			67	/* CPUID.1:ECX.VMX = 0 */
#define VMM_EXIT_VMX_LOCKED		68	/* VMX disabled and locked */
#define VMM_EXIT_HOST_FAULT		69	/* a CPU exception in the host */
#define VMM_EXIT_BAD_CONFIG		70	/* bad command line or image */
#define VMM_EXIT_GUEST_TRIPLE_FAULT	71
#define VMM_EXIT_GUEST_VIOLATION	72	/* touched what policy denies */
#define VMM_EXIT_GUEST_HALTED		73	/* HLT, nothing to wake it */
#define VMM_EXIT_VMENTRY_FAILED		74
#define VMM_EXIT_UNHANDLED_EXIT		75
#define VMM_EXIT_GUEST_CODE_RANGE	76	/* guest code above GUEST_MAX */
#define VMM_EXIT_MACHINE_CHECK		77	/* #MC: the hardware failed */
#define VMM_EXIT_NO_PROGRESS		78	/* the watchdog: no instruction
						 * retired for too long */
#define VMM_EXIT_RESET			79	/* the guest reset the machine
						 * (port 0x92 or 0xcf9) */
#define VMM_EXIT_POWER_OFF		80	/* the guest powered it off
						 * (ACPI S5 through PM1a_CNT) */
#define VMM_EXIT_VERDICT_MAX		95

#endif
