/*
 * time.c - hvt_time: one POLL of 1 s (no device, so only the timeout
 * ends it), measured with the TSC at boot_info.cpu_cycle_freq: prints
 * "slept N ms", and SUCCESS if 800 <= N <= 1200 and the poll did not
 * return before its deadline (solo5_yield's promise).
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(0);

#define SLEEP_NS	NSEC_PER_SEC
#define SLEPT_MIN_MS	800
#define SLEPT_MAX_MS	1200

int hvt_main(const char *cmdline)
{
	uint64_t start, deadline, now, ms;

	(void)cmdline;
	start = hvt_monotonic_ns();
	deadline = start + SLEEP_NS;
	hvt_poll(SLEEP_NS, NULL);
	now = hvt_monotonic_ns();
	ms = (now - start) / NSEC_PER_MSEC;
	hvt_printf("slept %lu ms\n", ms);
	if (now < deadline) {
		hvt_printf("FAILURE: poll returned %lu ns before its "
			   "deadline\n", deadline - now);
		return HVT_EXIT_FAILURE;
	}
	if (ms < SLEPT_MIN_MS || ms > SLEPT_MAX_MS) {
		hvt_printf("FAILURE: slept %lu ms, not %u..%u\n", ms,
			   SLEPT_MIN_MS, SLEPT_MAX_MS);
		return HVT_EXIT_FAILURE;
	}
	hvt_printf("SUCCESS\n");
	return HVT_EXIT_SUCCESS;
}
