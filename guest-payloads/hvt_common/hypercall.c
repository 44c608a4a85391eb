/*
 * hypercall.c - the hvt hypercalls: a 32-bit OUT of the argument
 * struct's guest-physical address (== its address: the map is identity)
 * to port HVT_PORT_BASE + nr, as Solo5's bindings/hvt do.
 */
#include "hvt.h"

void hvt_hypercall(unsigned int nr, volatile void *arg)
{
	uint32_t gpa = (uint32_t)(uintptr_t)arg;
	uint16_t port = HVT_PORT_BASE + nr;

	__asm__ __volatile__("outl %0, %1" : : "a"(gpa), "Nd"(port)
			     : "memory");
}

void hvt_puts(const char *s, size_t len)
{
	volatile struct hvt_hc_puts p = { .data = (uintptr_t)s, .len = len };

	hvt_hypercall(HVT_HC_PUTS, &p);
}

uint64_t hvt_walltime(void)
{
	volatile struct hvt_hc_walltime w = { 0 };

	hvt_hypercall(HVT_HC_WALLTIME, &w);
	return w.nsecs;
}

int hvt_poll(uint64_t timeout_ns, uint64_t *ready_set)
{
	volatile struct hvt_hc_poll p = { .timeout_nsecs = timeout_ns };

	hvt_hypercall(HVT_HC_POLL, &p);
	if (ready_set)
		*ready_set = p.ready_set;
	return p.ret;
}

static int block_call(unsigned int nr, uint64_t handle, uint64_t off,
		      const void *buf, uint64_t len)
{
	volatile struct hvt_hc_block b = {
		.handle = handle, .offset = off,
		.data = (uintptr_t)buf, .len = len, .ret = -1,
	};

	hvt_hypercall(nr, &b);
	return b.ret;
}

int hvt_block_write(uint64_t handle, uint64_t off, const void *buf,
		    uint64_t len)
{
	return block_call(HVT_HC_BLOCK_WRITE, handle, off, buf, len);
}

int hvt_block_read(uint64_t handle, uint64_t off, void *buf, uint64_t len)
{
	return block_call(HVT_HC_BLOCK_READ, handle, off, buf, len);
}

int hvt_net_write(uint64_t handle, const void *buf, uint64_t len)
{
	volatile struct hvt_hc_net n = {
		.handle = handle, .data = (uintptr_t)buf, .len = len,
		.ret = -1,
	};

	hvt_hypercall(HVT_HC_NET_WRITE, &n);
	return n.ret;
}

/* solo5-hvt sets len to the bytes read when ret is HVT_R_OK. */
int hvt_net_read(uint64_t handle, void *buf, uint64_t size, uint64_t *len)
{
	volatile struct hvt_hc_net n = {
		.handle = handle, .data = (uintptr_t)buf, .len = size,
		.ret = -1,
	};

	hvt_hypercall(HVT_HC_NET_READ, &n);
	*len = n.len;
	return n.ret;
}

/* The monitor does not come back from HALT; spin if it does. */
void hvt_halt(int status, void *cookie)
{
	volatile struct hvt_hc_halt h = {
		.cookie = (uintptr_t)cookie, .exit_status = status,
	};

	hvt_hypercall(HVT_HC_HALT, &h);
	for (;;)
		__asm__ __volatile__("pause");
}
