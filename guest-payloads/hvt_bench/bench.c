/*
 * bench.c - hvt_bench: the Bochs ticks one hvt hypercall costs, for
 * make bench (scripts/bench.sh hvt): each call BENCH_N times in a loop,
 * less the same loop without the call, over BENCH_N, rounded to nearest
 * (as guest-payloads/vmexit does for exits). Under Bochs with clock:
 * sync=none the TSC counts instructions and VM exit and entry cost none,
 * so a row is the monitor's path length for that call; a PUTS of a byte
 * also waits for the UART at 115200 baud (some 3300 ticks a byte under
 * Bochs' default ips), so puts_0 is the call alone. One line each:
 *   hvt-bench: NAME N calls T ticks
 * It declares block "disk" (512-byte blocks, at least 4 KiB) and net
 * "net0" (on the built-in peer, which has nothing to send, so POLL with
 * timeout 0 and NET_READ find no frame).
 */
#include "hvt.h"
#include "mft.h"

HVT_MANIFEST(2, HVT_MFT_BLOCK("disk"), HVT_MFT_NET("net0"));

#define BENCH_N		1000
#define BIG_BLOCK	4096

static uint8_t buf[BIG_BLOCK];
static uint64_t disk, net0;

enum call { CONTROL, WALLTIME, PUTS0, PUTS1, POLL0, BLOCK_READ, BLOCK_WRITE,
	    BLOCK_READ_4K, NET_READ, NR_CALLS };

static const char *const names[NR_CALLS] = {
	[WALLTIME] = "walltime", [PUTS0] = "puts_0", [PUTS1] = "puts_1",
	[POLL0] = "poll0",
	[BLOCK_READ] = "block_read", [BLOCK_WRITE] = "block_write",
	[BLOCK_READ_4K] = "block_read_4k", [NET_READ] = "net_read_empty",
};

/* The call @c once; the control does nothing. */
static int one(enum call c)
{
	uint64_t ready, len;

	switch (c) {
	case CONTROL:
		return 0;
	case WALLTIME:
		return hvt_walltime() == 0;
	case PUTS0:
		hvt_puts("", 0);
		return 0;
	case PUTS1:
		hvt_puts(".", 1);
		return 0;
	case POLL0:
		return hvt_poll(0, &ready) != 0;
	case BLOCK_READ:
		return hvt_block_read(disk, 0, buf, 512) != HVT_R_OK;
	case BLOCK_WRITE:
		return hvt_block_write(disk, 512, buf, 512) != HVT_R_OK;
	case BLOCK_READ_4K:
		return hvt_block_read(disk, 0, buf, BIG_BLOCK) != HVT_R_OK;
	case NET_READ:
		return hvt_net_read(net0, buf, sizeof(buf), &len) !=
		       HVT_R_AGAIN;
	case NR_CALLS:
		break;
	}
	return 1;
}

static uint64_t __attribute__((noinline)) run(enum call c, int *bad)
{
	uint64_t t0 = hvt_rdtsc(), i;

	for (i = 0; i < BENCH_N; i++)
		*bad |= one(c);
	return hvt_rdtsc() - t0;
}

int hvt_main(const char *cmdline)
{
	const struct hvt_mft_entry *d, *n;
	uint64_t control, t;
	int bad = 0;
	unsigned int c;

	(void)cmdline;
	d = hvt_mft_find("disk", HVT_MFT_BLOCK_BASIC, &disk);
	n = hvt_mft_find("net0", HVT_MFT_NET_BASIC, &net0);
	if (!d || !d->attached || !n || !n->attached ||
	    d->u.block.block_size != 512 || d->u.block.capacity < BIG_BLOCK) {
		hvt_printf("FAILURE: disk (512-byte blocks, >= 4 KiB) and "
			   "net0 must be attached\n");
		return HVT_EXIT_FAILURE;
	}
	control = run(CONTROL, &bad);
	for (c = WALLTIME; c < NR_CALLS; c++) {
		t = run(c, &bad);
		if (c == PUTS1)
			hvt_printf("\n");
		if (bad) {
			hvt_printf("FAILURE: %s failed\n", names[c]);
			return HVT_EXIT_FAILURE;
		}
		hvt_printf("hvt-bench: %s %u calls %lu ticks\n", names[c],
			   BENCH_N, (t - control + BENCH_N / 2) / BENCH_N);
	}
	return HVT_EXIT_SUCCESS;
}
