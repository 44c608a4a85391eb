/*
 * firmware16.S - the guest's minimal real-mode firmware (issue 14): the
 * code the real-mode IVT points at, copied by pc_firmware_install()
 * (src/dev/firmware.c) to guest-physical FW16_BASE, and the 16 bytes of
 * the reset vector it copies to F000:FFF0. This is guest code: it never
 * runs in the hypervisor, it is data in .rodata.
 *
 * No BIOS services: an IRQ handler sends the PIC its EOI and returns, a
 * software INT returns with CF set (the BIOS convention for "function not
 * supported", e.g. Ralf Brown's interrupt list and SeaBIOS's set_invalid()),
 * and a fault that would only repeat, or a jump to the reset vector, halts
 * with interrupts off, which the hypervisor ends as a verdict.
 *
 * Each stub is position-independent: only the reset vector's far jump
 * names an address, and it is computed from the labels here.
 */
#include "firmware.h"
#include "x86.h"

	.section .rodata.fw16, "a"
	.code16
	.globl fw16_start, fw16_end
	.globl fw16_irq_master, fw16_irq_slave, fw16_unsupported
	.globl fw16_iret, fw16_halt, fw16_reset, fw16_reset_end

fw16_start:

/*
 * IRQ0-7 (vectors 8-0xf): a non-specific EOI to the master 8259 (OCW2,
 * Intel 8259A datasheet), so the PIC delivers the next IRQ0 and a kernel
 * waiting in "sti; hlt" for the PIT is woken again and again.
 */
fw16_irq_master:
	push %ax
	mov $PIC_OCW2_EOI, %al
	out %al, $PIC_MASTER_CMD
	pop %ax
	iret

/* IRQ8-15 (vectors 0x70-0x77): EOI the slave, then the master it cascades
 * through on IRQ2 (8259A datasheet, "cascade mode"). */
fw16_irq_slave:
	push %ax
	mov $PIC_OCW2_EOI, %al
	out %al, $PIC_SLAVE_CMD
	out %al, $PIC_MASTER_CMD
	pop %ax
	iret

/*
 * Every service INT: set CF in the FLAGS image INT pushed (real-mode
 * stack after "push bp": bp, IP, CS, FLAGS; SDM vol. 3, 20.1.4) and
 * return, so the caller sees "unsupported" and goes on.
 */
fw16_unsupported:
	push %bp
	mov %sp, %bp
	orb $RFLAGS_CF, FW16_FLAGS_OFF(%bp)
	pop %bp
	iret

/* #DB, NMI, #BP, #OF (vectors 1-4): traps and NMI resume after the
 * instruction (SDM vol. 3, 6.5), so returning with FLAGS intact is safe. */
fw16_iret:
	iret

/*
 * #DE, #BR, #UD, #NM (vectors 0, 5-7) are faults: the saved IP names the
 * faulting instruction, so an IRET would repeat it forever. Halt with
 * interrupts off instead; the hypervisor reports that as the guest's end.
 * The jmp keeps the halt if an NMI wakes it.
 */
fw16_halt:
	cli
1:	hlt
	jmp 1b

fw16_end:

/*
 * The reset vector, copied to F000:FFF0 (SDM vol. 3, 9.1.4: the first
 * instruction after reset is fetched there). A guest that jumps to it to
 * reboot halts, as a real-mode kernel under a firmware with no POST.
 */
fw16_reset:
	ljmp $FW16_SEG, $(FW16_OFF + fw16_halt - fw16_start)
fw16_reset_end:

	.section .note.GNU-stack, "", @progbits
