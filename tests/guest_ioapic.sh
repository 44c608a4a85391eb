#!/usr/bin/env bash
# ioapic: the I/O APIC as a kernel in symmetric I/O mode uses it
# (guest-payloads/ioapic), the 8259 masked: ID and version, entries
# masked at reset, pc-testdev's ISA lines delivered by their entries
# (edges, masks, polarity, a level entry opened on a raised line), the
# PIT's IRQ0 on pin 2 waking HLT, and nothing kept for a software-
# disabled local APIC.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=ioapic
boot_bochs -t 120
for c in 'ID 1, version 0x11, 24 entries' \
	 'entries masked at reset' \
	 'ISA line 5 up: its vector' \
	 'one interrupt per edge' \
	 'an edge while masked is lost' \
	 'active low: the rising edge does nothing' \
	 'active low: the falling edge fires' \
	 'a level entry unmasked on a raised line fires' \
	 'nothing kept for a software-disabled APIC' \
	 'PIT IRQ0 on pin 2 wakes HLT'; do
	expect_line "guest: ioapic: $c: ok"
done
expect_no_line 'guest: ioapic: .*FAILED'
expect_line 'guest: ioapic: all checks passed'
expect_exit 0
pass
