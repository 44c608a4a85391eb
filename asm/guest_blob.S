/*
 * guest_blob.S - the guest image, linked into vmm.elf as a blob. The
 * Makefile builds guest-payloads/$(GUEST) and passes its path as GUEST_BIN.
 */
	.section .rodata.guest, "a"
	.balign 4096
	.globl guest_image_start, guest_image_end
guest_image_start:
	.incbin GUEST_BIN
guest_image_end:
