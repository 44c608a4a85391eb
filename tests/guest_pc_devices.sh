#!/usr/bin/env bash
# pc_devices: the small PC's devices answer a guest as their data sheets
# and QEMU's models do (guest-payloads/pcdevs): the CMOS clock starts at
# the host's date, holds under B.SET while a time is written field by
# field, runs from it when SET is cleared, reads it in BCD, binary and
# 12 h forms, and refuses a time that is none, running or under SET;
# the CMOS RAM holds QEMU's memory bytes for guest_mem=64M; fw_cfg gives
# its signature, ID, RAM size, CPU count and etc/e820 (pc_memmap()'s
# map); PCI mechanism #1 shows the i440FX at 00:00.0 and all-ones for
# every absent function; pc-testdev's ports and MMIO scratch read what
# was written; the UART's divisor latch takes bytes that are not output;
# IPIs to an absent APIC go nowhere with delivery status idle; and a
# byte OUT to isa-debug-exit ends the run with AL alone.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=pcdevs CMDLINE="guest_mem=64M"
before=$(date +%F)
boot_bochs -t 120
after=$(date +%F)
# Bochs' CMOS (time0=1) is the host's local time at its start.
boot=$(line_value 'guest: pcdevs: rtc boot ([0-9-]+) [0-9]{2}:[0-9]{2}')
[ "$boot" = "$before" ] || [ "$boot" = "$after" ] ||
	fail "the guest's clock started on '$boot', the host's date is $before"
cat > "$OUT/expected" <<LINES
guest: pcdevs: rtc A 0x26 B 0x02 C 0x00 D 0x80
guest: pcdevs: rtc D with NMI masked 0x80
guest: pcdevs: rtc held 2024-02-29 22:45:10 dow 5
guest: pcdevs: rtc runs 2024-02-29 22:45 dow 5
guest: pcdevs: rtc binary 2024-2-29 22:45
guest: pcdevs: rtc 12h bcd hour 0x90
guest: pcdevs: rtc 12h binary hour 0x8a
guest: pcdevs: rtc 1 PM in 24 h 13
guest: pcdevs: rtc after bad writes 02-29 13:45
guest: pcdevs: rtc after a bad set 02-29 13:45
guest: pcdevs: cmos base 640 ext 64512 ext2 64512 16m 768 4g 0
guest: pcdevs: cmos equipment 0x06 floppy 0x00 cpus-1 0 shutdown 0x00
guest: pcdevs: cmos ram 0xa5 0x5a
guest: pcdevs: fw_cfg signature QEMU past the end 0
guest: pcdevs: fw_cfg id 0x1 ram 0x4000000 cpus 1
guest: pcdevs: fw_cfg files 1
guest: pcdevs: fw_cfg file etc/e820 key 0x20 size 80
guest: pcdevs: fw_cfg e820 0x0 0x9fc00 1
guest: pcdevs: fw_cfg e820 0x9fc00 0x400 2
guest: pcdevs: fw_cfg e820 0xe0000 0x20000 2
guest: pcdevs: fw_cfg e820 0x100000 0x3f00000 1
guest: pcdevs: fw_cfg word read 0xffff
guest: pcdevs: pci address reads back 0x80000000
guest: pcdevs: pci address after a byte write 0x80000000
guest: pcdevs: pci 00:00.0 id 0x12378086 words 0x8086 0x1237 bytes 0x80 0x12
guest: pcdevs: pci 00:00.0 class/rev 0x06000002 header 0x00 subsystem 0x11001af4
guest: pcdevs: pci absent 00:01.0 0xffffffff 00:00.1 0xffffffff 01:00.0 0xffffffff disabled 0xffffffff byte 0xff
guest: pcdevs: pci command after 0xffff 0x0407, id after 0 0x12378086
guest: pcdevs: testdev port 0x11223344 0x1122 0x33
guest: pcdevs: testdev byte view 0xbbccaa44 0xbb
guest: pcdevs: testdev flush page taken, port 0xbbccaa44
guest: pcdevs: testdev mmio 0x1122334455667788 0x11223344 0x5566 0x11
guest: pcdevs: testdev mmio 0xcafef00d 0x5abeef
guest: pcdevs: uart divisor 0x005a lcr 0x83 lsr 0x60 msr 0xb0
guest: pcdevs: uart scr 0xa5 mcr 0x0b
guest: pcdevs: uart iir 0x01 fifo 0xc1 thri 0xc2 then 0xc1
guest: pcdevs: lapic INIT to APIC 1: icr 0x4500, delivery status 0, irr 0x50 0, esr 0x0
guest: pcdevs: lapic INIT de-assert to APIC 1: icr 0x8500, delivery status 0, irr 0x50 0, esr 0x0
guest: pcdevs: lapic SIPI to APIC 1: icr 0x4610, delivery status 0, irr 0x50 0, esr 0x0
guest: pcdevs: lapic fixed to APIC 1: icr 0x4050, delivery status 0, irr 0x50 0, esr 0x0
guest: pcdevs: lapic self-IPI 0x51: irr 1, delivery status 0
guest: pcdevs: done
LINES
grep -a '^guest: pcdevs: ' "$LOG" | grep -v ' rtc boot ' > "$OUT/printed" || true
diff -u "$OUT/expected" "$OUT/printed" || fail "device answers differ"
# The divisor latch's 'Z' reached no console line.
expect_no_line 'guest: Z.*'
expect_line 'vmm: policy: denied CMOS write 0x0 at guest RIP 0x[0-9a-f]+: not a valid time; dropped'
expect_line 'vmm: policy: denied CMOS write 0x7 at guest RIP 0x[0-9a-f]+: not a valid time; dropped'
expect_line 'vmm: policy: denied CMOS write 0xb at guest RIP 0x[0-9a-f]+: not a valid time; dropped'
expect_line 'vmm: guest wrote 42 to the debug-exit port'
expect_exit 42
pass
