/*
 * hypercalls.c - hvt_hypercalls: every hypercall's good path (walltime
 * nonzero and advancing, one PUTS of more than a page, POLL with timeout
 * 0, HALT by the exit), then, if the command line names one, ONE error
 * path, which solo5-hvt ends with exit 1 (so one run per error; if the
 * monitor lets it return: FAILURE and HVT_EXIT_NOT_STOPPED):
 *   badptr      PUTS whose data lies past RAM
 *   badstruct   PUTS whose argument struct lies past RAM
 *   in          an IN (inl) from a hypercall port
 *   width       an 8-bit OUT to a hypercall port
 *   unattached  BLOCK_READ with no block device declared (no handler)
 *   badport     a 32-bit OUT to a port past the last hypercall
 * The manifest declares no device.
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(0);

#define BIG_PUTS	5000		/* > one 4 KiB page in one PUTS */
#define BAD_PORT	(HVT_PORT_BASE + 0xf)
#define SPIN_NS		(10 * NSEC_PER_MSEC)
#define BIG_PREFIX	"big puts: "

static char big[BIG_PUTS];

static int good_paths(void)
{
	uint64_t t0, t1, ready = ~0ull, start;
	size_t i;
	int ret;

	t0 = hvt_walltime();
	start = hvt_monotonic_ns();
	while (hvt_monotonic_ns() - start < SPIN_NS)
		;
	t1 = hvt_walltime();
	if (t0 == 0 || t1 <= t0) {
		hvt_printf("FAILURE: walltime %lu then %lu\n", t0, t1);
		return 0;
	}
	hvt_printf("walltime advances\n");

	memcpy(big, BIG_PREFIX, sizeof(BIG_PREFIX) - 1);
	for (i = sizeof(BIG_PREFIX) - 1; i < BIG_PUTS - 1; i++)
		big[i] = '.';
	big[BIG_PUTS - 1] = '\n';
	hvt_puts(big, BIG_PUTS);

	ret = hvt_poll(0, &ready);
	if (ret != 0 || ready != 0) {
		hvt_printf("FAILURE: poll(0) ret %d ready_set 0x%lx\n", ret,
			   ready);
		return 0;
	}
	hvt_printf("poll with timeout 0 returns\n");
	return 1;
}

static int bad_path(const char *which)
{
	volatile struct hvt_hc_puts p = { .data = hvt_bi->mem_size, .len = 16 };
	volatile struct hvt_hc_block b = { .len = 512 };
	uint32_t v;

	hvt_printf("taking error path '%s'\n", which);
	if (!strcmp(which, "badptr")) {
		hvt_hypercall(HVT_HC_PUTS, &p);
	} else if (!strcmp(which, "badstruct")) {
		hvt_hypercall(HVT_HC_PUTS, (void *)(uintptr_t)hvt_bi->mem_size);
	} else if (!strcmp(which, "in")) {
		__asm__ __volatile__("inl %1, %0" : "=a"(v)
				     : "Nd"((uint16_t)(HVT_PORT_BASE +
						       HVT_HC_PUTS)));
	} else if (!strcmp(which, "width")) {
		__asm__ __volatile__("outb %0, %1" : : "a"((uint8_t)0),
				     "Nd"((uint16_t)(HVT_PORT_BASE +
						     HVT_HC_PUTS)));
	} else if (!strcmp(which, "unattached")) {
		hvt_hypercall(HVT_HC_BLOCK_READ, &b);
	} else if (!strcmp(which, "badport")) {
		__asm__ __volatile__("outl %0, %1" : : "a"((uint32_t)0),
				     "Nd"((uint16_t)BAD_PORT));
	} else {
		hvt_printf("FAILURE: unknown error path '%s'\n", which);
		return HVT_EXIT_FAILURE;
	}
	hvt_printf("FAILURE: the monitor let error path '%s' return\n",
		   which);
	return HVT_EXIT_NOT_STOPPED;
}

int hvt_main(const char *cmdline)
{
	if (!good_paths())
		return HVT_EXIT_FAILURE;
	if (*cmdline)
		return bad_path(cmdline);
	hvt_printf("SUCCESS\n");
	return HVT_EXIT_SUCCESS;
}
