/*
 * trap.c - pcprobe's IDT: every vector reaches trap(). An interrupt is
 * counted and acknowledged; a #GP raised by rdmsr_safe()/wrmsr_safe() is
 * recorded and the 2-byte instruction skipped (so a missing MSR prints a
 * line instead of killing the probe); any other exception ends the run
 * with EXIT_UNEXPECTED_TRAP after naming it.
 */
#include "probe.h"

#define CODE_SEL	0x08
#define VEC_NMI		2
#define VEC_GP		13
#define LAPIC_EOI	0xfee000b0u

#ifdef __x86_64__
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vec, err, ip, cs, flags, sp, ss;
};

struct gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));
#else
struct trap_frame {
	uint32_t edi, esi, ebp, esp0, ebx, edx, ecx, eax;
	uint32_t vec, err, ip, cs, flags;
};

struct gate {
	uint16_t off0, sel;
	uint8_t zero, type;
	uint16_t off1;
} __attribute__((packed));
#endif

/* SDM vol. 3, 6.14.1 / 6.11: present, DPL 0, interrupt gate (IF cleared). */
#define GATE_INTR	0x8e
#define STUB_SIZE	16

extern const uint8_t isr_stubs[];
static struct gate idt[256] __attribute__((aligned(16)));

volatile unsigned int irq_count[16];
volatile unsigned int self_ipi_count;
volatile unsigned int nmi_count;
static volatile int msr_armed, msr_faulted;

void trap(struct trap_frame *f);
void trap(struct trap_frame *f)
{
	unsigned int vec = (unsigned int)(f->vec & 0xff);

	if (vec == VEC_GP && msr_armed) {
		/* RDMSR and WRMSR are both 2 bytes (0f 32, 0f 30). */
		msr_faulted = 1;
		f->ip += 2;
		return;
	}
	if (vec == VEC_NMI) {
		nmi_count++;
		return;
	}
	if (vec < 32) {
		print("pcprobe: unexpected exception %u error 0x%x at 0x%lx\n",
		      vec, (unsigned int)f->err, (unsigned long)f->ip);
		probe_exit(EXIT_UNEXPECTED_TRAP);
	}
	if (vec >= VEC_PIC_BASE && vec < VEC_PIC_BASE + 16) {
		irq_count[vec - VEC_PIC_BASE]++;
		pic_eoi(vec - VEC_PIC_BASE);
	} else if (vec == VEC_SELF_IPI) {
		self_ipi_count++;
		mmio_write32(LAPIC_EOI, 0);
	}
}

void trap_init(void)
{
	struct {
		uint16_t limit;
		uintptr_t base;
	} __attribute__((packed)) desc = { sizeof(idt) - 1, (uintptr_t)idt };
	unsigned int i;

	for (i = 0; i < 256; i++) {
		uintptr_t a = (uintptr_t)isr_stubs + i * STUB_SIZE;

		memset(&idt[i], 0, sizeof(idt[i]));
		idt[i].off0 = (uint16_t)a;
		idt[i].sel = CODE_SEL;
		idt[i].type = GATE_INTR;
		idt[i].off1 = (uint16_t)(a >> 16);
#ifdef __x86_64__
		idt[i].off2 = (uint32_t)(a >> 32);
#endif
	}
	__asm__ volatile("lidt %0" : : "m"(desc));
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	msr_faulted = 0;
	msr_armed = 1;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr), "0"(0), "1"(0)
			 : "memory");
	msr_armed = 0;
	*val = ((uint64_t)hi << 32) | lo;
	return msr_faulted ? -1 : 0;
}

int wrmsr_safe(uint32_t msr, uint64_t val)
{
	msr_faulted = 0;
	msr_armed = 1;
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)val),
			 "d"((uint32_t)(val >> 32)) : "memory");
	msr_armed = 0;
	return msr_faulted ? -1 : 0;
}
