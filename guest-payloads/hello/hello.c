/*
 * hello.c - the smallest guest that proves the path: real mode printed
 * (real16.S), long mode reached, the hypervisor's CPUID vendor leaf read,
 * the guest's SSE registers untouched by the exits it takes, and a clean
 * exit with code 0 through port 0xf4.
 */
#include "guest.h"

#define XMM_ROUNDS	100	/* each: CPUID, VMCALL 0 (fast), VMCALL 3 (slow) */

/*
 * The hypervisor is built with -mgeneral-regs-only and never saves the
 * guest's FPU/SSE state (DESIGN.md): fill XMM0-XMM15, take fast-path and
 * slow-path exits, and compare. Returns the number of differing quadwords.
 */
static int xmm_survives_exits(void)
{
	static uint64_t pattern[32] __attribute__((aligned(16)));
	static uint64_t after[32] __attribute__((aligned(16)));
	int i, bad = 0;

	for (i = 0; i < 32; i++)
		pattern[i] = 0x0123456789abcdefull * (uint64_t)(i + 1);
	__asm__ volatile(
		"movdqa 0x00(%0), %%xmm0\n\t movdqa 0x10(%0), %%xmm1\n\t"
		"movdqa 0x20(%0), %%xmm2\n\t movdqa 0x30(%0), %%xmm3\n\t"
		"movdqa 0x40(%0), %%xmm4\n\t movdqa 0x50(%0), %%xmm5\n\t"
		"movdqa 0x60(%0), %%xmm6\n\t movdqa 0x70(%0), %%xmm7\n\t"
		"movdqa 0x80(%0), %%xmm8\n\t movdqa 0x90(%0), %%xmm9\n\t"
		"movdqa 0xa0(%0), %%xmm10\n\t movdqa 0xb0(%0), %%xmm11\n\t"
		"movdqa 0xc0(%0), %%xmm12\n\t movdqa 0xd0(%0), %%xmm13\n\t"
		"movdqa 0xe0(%0), %%xmm14\n\t movdqa 0xf0(%0), %%xmm15\n\t"
		"mov %2, %%r8d\n"
		"1:\n\t"
		"xor %%eax, %%eax\n\t xor %%ecx, %%ecx\n\t cpuid\n\t"
		"xor %%eax, %%eax\n\t vmcall\n\t"
		"mov %3, %%eax\n\t vmcall\n\t"
		"dec %%r8d\n\t jnz 1b\n\t"
		"movdqa %%xmm0, 0x00(%1)\n\t movdqa %%xmm1, 0x10(%1)\n\t"
		"movdqa %%xmm2, 0x20(%1)\n\t movdqa %%xmm3, 0x30(%1)\n\t"
		"movdqa %%xmm4, 0x40(%1)\n\t movdqa %%xmm5, 0x50(%1)\n\t"
		"movdqa %%xmm6, 0x60(%1)\n\t movdqa %%xmm7, 0x70(%1)\n\t"
		"movdqa %%xmm8, 0x80(%1)\n\t movdqa %%xmm9, 0x90(%1)\n\t"
		"movdqa %%xmm10, 0xa0(%1)\n\t movdqa %%xmm11, 0xb0(%1)\n\t"
		"movdqa %%xmm12, 0xc0(%1)\n\t movdqa %%xmm13, 0xd0(%1)\n\t"
		"movdqa %%xmm14, 0xe0(%1)\n\t movdqa %%xmm15, 0xf0(%1)\n\t"
		: : "r"(pattern), "r"(after), "i"(XMM_ROUNDS), "i"(HC_EXIT_COUNT)
		: "rax", "rbx", "rcx", "rdx", "r8", "memory", "xmm0", "xmm1",
		  "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
		  "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	for (i = 0; i < 32; i++)
		bad += pattern[i] != after[i];
	return bad;
}

void main64(void)
{
	struct cpuid_regs r;
	char vendor[13];
	int i;

	printf("hello from long mode\n");

	/* The signature is EBX, ECX, EDX as 12 ASCII bytes, like "KVMKVMKVM". */
	r = cpuid(CPUID_LEAF_HV_BASE, 0);
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.ecx, 4);
	memcpy(vendor + 8, &r.edx, 4);
	for (i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e)
			vendor[i] = '.';	/* keep the console line clean */
	vendor[12] = '\0';
	printf("hypervisor vendor: %s\n", vendor);

	/* One string I/O exit: the hypervisor reads the bytes through the
	 * guest's page tables (no LSR polling: the UART is never busy). */
	{
		static const char line[] = "hello via rep outsb\n";
		const char *p = line;
		unsigned long n = sizeof(line) - 1;

		__asm__ volatile("cld; rep outsb"
				 : "+S"(p), "+c"(n)
				 : "d"(VMM_PORT_UART + UART_THR) : "memory");
	}

	i = xmm_survives_exits();
	if (i) {
		printf("xmm0-xmm15: %d quadwords changed across %d exits\n", i,
		       3 * XMM_ROUNDS);
		exit_code(1);
	}
	printf("xmm0-xmm15 intact across %d exits\n", 3 * XMM_ROUNDS);

	printf("bye\n");
	exit_code(0);
}
