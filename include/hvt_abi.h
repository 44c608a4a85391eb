/*
 * hvt_abi.h - the Solo5 hvt guest ABI, as this hypervisor implements it
 * (issue 15): written here from the public ABI (Solo5's hvt_abi.h,
 * mft_abi.h and elf_abi.h describe the same bytes), shared by the
 * hypervisor's hvt loader and hypercalls and by our hvt test unikernels
 * in guest-payloads/, as Solo5's header is shared by tender and guest.
 *
 * x86-64 only; every struct has the layout of the C declaration on
 * x86-64 (LP64), pinned by the static asserts at the end. Guest pointers
 * are guest-physical addresses (the guest runs on an identity map).
 */
#ifndef HVT_ABI_H
#define HVT_ABI_H

#include <stdint.h>

/* The ABI note (".note.solo5.abi"): name "Solo5", type "ABI1". */
#define HVT_NOTE_NAME		"Solo5"
#define HVT_NOTE_NAMESZ		6		/* with the NUL */
#define HVT_NOTE_HDR_SIZE	20		/* Elf64_Nhdr + name, 4-aligned */
#define HVT_ABI1_NOTE_TYPE	0x31494241u	/* "ABI1" */
#define HVT_ABI_TARGET_HVT	1
#define HVT_ABI_VERSION		2
#define HVT_ABI1_DESC_SIZE	16		/* target, version, 2 reserved */

/* The manifest note (".note.solo5.manifest"), type "MFT1". Its struct
 * hvt_mft is 8-aligned, so it starts 4 bytes into the descriptor. */
#define HVT_MFT1_NOTE_TYPE	0x3154464du	/* "MFT1" */
#define HVT_MFT1_DESC_PAD	4
#define HVT_MFT_VERSION		1
#define HVT_MFT_MAX_ENTRIES	64
#define HVT_MFT_NAME_SIZE	68		/* with the NUL */
#define HVT_MFT_BLOCK_BASIC	1
#define HVT_MFT_NET_BASIC	2
#define HVT_MFT_RESERVED_FIRST	0x40000000u	/* entry 0's type */

/* Memory. */
#define HVT_GUEST_MIN_BASE	0x100000	/* segments load at or above */
#define HVT_BOOT_INFO_GPA	0x10000		/* RDI at entry */
#define HVT_MFT_GPA		(HVT_BOOT_INFO_GPA + 40)
#define HVT_CMDLINE_SIZE	8192		/* with the NUL */
#define HVT_HALT_COOKIE_MAX	512

/* Hypercalls: a 32-bit OUT of the struct's guest-physical address to
 * port HVT_PORT_BASE + n. */
#define HVT_PORT_BASE		0x500
#define HVT_HC_WALLTIME		1
#define HVT_HC_PUTS		2
#define HVT_HC_POLL		3
#define HVT_HC_BLOCK_WRITE	4
#define HVT_HC_BLOCK_READ	5
#define HVT_HC_NET_WRITE	6
#define HVT_HC_NET_READ		7
#define HVT_HC_HALT		8
#define HVT_HC_MAX		9

/* solo5_result_t */
#define HVT_R_OK		0
#define HVT_R_AGAIN		1
#define HVT_R_EINVAL		2
#define HVT_R_EUNSPEC		3

/* Halt statuses with a meaning (solo5.h). */
#define HVT_EXIT_SUCCESS	0
#define HVT_EXIT_FAILURE	1
#define HVT_EXIT_ABORT		255

#ifndef __ASSEMBLY__
struct hvt_boot_info {
	uint64_t mem_size;		/* bytes of guest RAM */
	uint64_t kernel_end;		/* end of the highest segment */
	uint64_t cpu_cycle_freq;	/* the TSC's rate, Hz */
	uint64_t cmdline;		/* a C string */
	uint64_t mft;			/* struct hvt_mft */
};

struct hvt_mft_entry {
	char name[HVT_MFT_NAME_SIZE];
	uint32_t type;
	union {
		struct {
			uint64_t capacity;	/* bytes */
			uint16_t block_size;
		} block;
		struct {
			uint8_t mac[6];
			uint16_t mtu;
		} net;
	} u;
	uint64_t monitor_private;	/* the monitor's: guests ignore it */
	uint8_t attached;		/* a C bool */
};

struct hvt_mft {
	uint32_t version;
	uint32_t entries;
	struct hvt_mft_entry e[];
};

struct hvt_hc_walltime { uint64_t nsecs; };
struct hvt_hc_puts { uint64_t data, len; };
struct hvt_hc_poll { uint64_t timeout_nsecs, ready_set; int32_t ret; };
struct hvt_hc_block {		/* BLOCK_WRITE and BLOCK_READ */
	uint64_t handle, offset, data, len;
	int32_t ret;
};
struct hvt_hc_net {		/* NET_WRITE and NET_READ */
	uint64_t handle, data, len;
	int32_t ret;
};
struct hvt_hc_halt { uint64_t cookie; int32_t exit_status; };

/* The frame a Solo5 trap handler passes as the halt cookie. */
struct hvt_trap_regs { uint64_t cr2, ec, rip, cs, rflags, rsp, ss; };

_Static_assert(sizeof(struct hvt_boot_info) == 40, "boot info");
_Static_assert(sizeof(struct hvt_mft_entry) == 104, "manifest entry");
_Static_assert(__builtin_offsetof(struct hvt_mft_entry, u) == 72, "u");
_Static_assert(__builtin_offsetof(struct hvt_mft_entry, attached) == 96,
	       "attached");
_Static_assert(sizeof(struct hvt_mft) == 8, "manifest");
_Static_assert(sizeof(struct hvt_hc_block) == 40, "block");
_Static_assert(sizeof(struct hvt_hc_net) == 32, "net");
_Static_assert(sizeof(struct hvt_hc_poll) == 24, "poll");
_Static_assert(sizeof(struct hvt_hc_halt) == 16, "halt");
#endif

#endif
