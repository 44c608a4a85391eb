#!/usr/bin/env bash
# pit: the legacy interrupt path without the local APIC. The guest
# programs the 8259 pair and PIT channel 0 in mode 2 and waits for IRQ0
# with `sti; hlt`: each HLT is woken by exactly one IRQ0, at its PIT
# edge in PM-timer ticks (the two share one clock), none early, at
# regular TSC intervals. A masked IRQ0 does not end a HLT (the APIC
# timer does) and is delivered once unmasked; the ELCR keeps IRQ0-2
# edge-triggered; channel 2 calibrates as kernels do it through port
# 0x61; CPUID 15H/16H tell the TSC rate the PIT measures. Its last act,
# a write to 0xcf9, ends the run as a reset.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=pit CMDLINE="stats=on"
boot_bochs -t 120
for c in 'each sti; hlt woken by one IRQ0' \
	 'IRQ0 at every 3N PM ticks, none early' \
	 'TSC intervals regular within 1%' \
	 'CPUID 15H: the TSC rate the PIT measures, within 0.2%' \
	 'CPUID 16H: the same rate in MHz' \
	 'masked IRQ0 does not wake HLT; the APIC timer does' \
	 'masked IRQ0 latched in IRR' \
	 'unmasking delivers the latched IRQ0' \
	 'ELCR: IRQ 0-2 stay edge-triggered' \
	 'channel 2 mode 0: OUT2 rises 3N PM ticks after the load' \
	 'port 0x61 refresh bit toggles' \
	 'channel 2 latched count ran past 0' \
	 'gate 2 low: OUT2 stays low'; do
	expect_line "guest: pit: $c: ok"
done
expect_no_line 'guest: pit: .*FAILED'
expect_line 'guest: pit: all checks passed; resetting through port 0xcf9'
expect_line 'vmm: guest reset the machine \(port 0xcf9\)'
expect_no_line 'guest: pit: still running after the reset'
expect_exit RESET
pass
