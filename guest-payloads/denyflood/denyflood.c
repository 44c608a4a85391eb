/*
 * denyflood.c - a guest that floods the denial log: reads of 100
 * different absent ports from one place, then 1000 reads of one more,
 * timed. Every read is denied (all-ones); the log must stay bounded (a
 * burst of lines, the rest counted) and a denied access must stay cheap,
 * never a console line each.
 */
#include "guest.h"

#define DISTINCT_PORTS		100
#define DISTINCT_BASE		0x100	/* 0x100-0x163: no device there */
#define REPEATS			1000
#define REPEAT_PORT		0x60	/* the i8042's data port: absent */

static uint32_t read_port(uint16_t port)
{
	return inl(port);
}

void main64(void)
{
	uint64_t t0, ticks;
	unsigned int i, bad = 0;

	printf("denyflood: %u distinct ports, then %u reads of one\n",
	       DISTINCT_PORTS, REPEATS);
	for (i = 0; i < DISTINCT_PORTS; i++)
		bad += read_port((uint16_t)(DISTINCT_BASE + i)) != ~0u;
	t0 = rdtsc();
	for (i = 0; i < REPEATS; i++)
		bad += read_port(REPEAT_PORT) != ~0u;
	ticks = rdtsc() - t0;
	printf("denyflood: %u reads not all-ones\n", bad);
	printf("denyflood: %lu ticks per denied read\n", ticks / REPEATS);
	exit_code(0);
}
