#!/usr/bin/env bash
# A Multiboot2 module given to vmm.elf by GRUB is the guest image, and
# wins over the one linked in (hello here): one vmm.elf serves any kernel.
# Its string is the guest's command line as it stands (GRUB drops the
# file name, so grub.cfg repeats it), the next module is the guest's
# first module. The ISO is made here, with its own grub.cfg.
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
build_iso GUEST=hello CMDLINE="loglevel=3"
rm -rf "$OUT/modiso" && mkdir -p "$OUT/modiso/boot/grub"
cp "$OUT/vmm.elf" "$OUT/modiso/boot/vmm.elf"
"$TOP/tests/kernels/build.sh" mb1_tiny "$OUT/modiso/boot/k.elf"
echo data > "$OUT/modiso/boot/initrd"
sed -e "s|@CMDLINE@|loglevel=3|" \
    -e "/multiboot2 /a\\
	module2 /boot/k.elf k.elf from grub\\
	module2 /boot/initrd /boot/initrd" \
	"$TOP/grub.cfg" > "$OUT/modiso/boot/grub/grub.cfg"
grub-mkrescue -o "$OUT/vmm.iso" "$OUT/modiso" > "$OUT/mkrescue.log" 2>&1 ||
	fail "grub-mkrescue: $(tail -3 "$OUT/mkrescue.log")"
boot_bochs -t 120
expect_line 'vmm: guest image: Multiboot, [0-9]+ bytes and 1 modules from boot module, .*'
expect_line 'guest: mb1_tiny: entry state as Multiboot says'
expect_line "guest: mb1_tiny: command line 'k.elf from grub'"
expect_line "guest: mb1_tiny: module '/boot/initrd'"
expect_no_line 'guest: hello.*'
expect_exit 42
pass
