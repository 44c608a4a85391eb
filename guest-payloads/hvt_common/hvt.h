/*
 * hvt.h - our bindings for the hvt test unikernels: the calls a test
 * makes (console, clocks, poll, block, net, exit), written against
 * include/hvt_abi.h only. The monitor enters _start in 64-bit mode with
 * RSP set and RDI = &struct hvt_boot_info (solo5-hvt's boot state);
 * start.c sets up the rest and calls the test's hvt_main().
 */
#ifndef HVT_H
#define HVT_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include "hvt_abi.h"

#define HVT_NORETURN	__attribute__((noreturn))
#define NSEC_PER_SEC	1000000000ull
#define NSEC_PER_MSEC	1000000ull
/* The status of a test whose fatal case the monitor let through: not 1,
 * the status of solo5-hvt's kills, so the two cannot be confused. */
#define HVT_EXIT_NOT_STOPPED	3

/* The test's body: the command line as the monitor gave it. */
int hvt_main(const char *cmdline);

extern const struct hvt_boot_info *hvt_bi;
extern char _stext[], _etext[], _erodata[], _edata[], _end[];

/* hypercall.c */
void hvt_hypercall(unsigned int nr, volatile void *arg);
void hvt_puts(const char *s, size_t len);
uint64_t hvt_walltime(void);
int hvt_poll(uint64_t timeout_ns, uint64_t *ready_set);
int hvt_block_write(uint64_t handle, uint64_t off, const void *buf,
		    uint64_t len);
int hvt_block_read(uint64_t handle, uint64_t off, void *buf, uint64_t len);
int hvt_net_write(uint64_t handle, const void *buf, uint64_t len);
int hvt_net_read(uint64_t handle, void *buf, uint64_t size, uint64_t *len);
HVT_NORETURN void hvt_halt(int status, void *cookie);

/* lib.c */
int hvt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int hvt_vprintf(const char *fmt, va_list ap);
HVT_NORETURN void hvt_exit(int status);
HVT_NORETURN void hvt_abort(const char *file, int line, const char *msg,
			    void *cookie);
#define HVT_ABORT(msg, cookie) hvt_abort(__FILE__, __LINE__, (msg), (cookie))
const struct hvt_mft_entry *hvt_mft_find(const char *name, uint32_t type,
					 uint64_t *handle);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
uint64_t hvt_atou(const char *s);

/* clock.c: the TSC scaled by boot_info.cpu_cycle_freq. */
void hvt_clock_init(uint64_t tsc_hz);
uint64_t hvt_rdtsc(void);
uint64_t hvt_monotonic_ns(void);
/* solo5_yield: poll until deadline (monotonic ns) or a net device is
 * ready. */
int hvt_yield(uint64_t deadline, uint64_t *ready_set);

/* cpu.c */
void hvt_cpu_init(void);

#endif
