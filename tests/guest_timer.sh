#!/usr/bin/env bash
# timer: the local APIC timer in every mode (one-shot through the xAPIC
# page and x2APIC, periodic, TSC-deadline; spinning and in HLT) delivers
# exactly the programmed interrupts, none early. Every interrupt costs one
# preemption-timer exit, and each HLT-mode interrupt one HLT exit.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=timer CMDLINE="stats=on ${TIMER_CMDLINE:-}"
boot_bochs -t 600
for mode in oneshot_xapic oneshot periodic tsc_deadline oneshot_hlt \
	    periodic_hlt tsc_deadline_hlt; do
	expect_line "guest: timer: $mode +([0-9]+)/\\1 +interrupts, 0 early, lateness min [0-9]+ median [0-9]+ max [0-9]+ ticks, [0-9]+ exits"
done
expect_line 'guest: timer: all modes passed'
irqs=$(sed -n -E 's/^guest: timer: [a-z_]+ +([0-9]+)\/.*/\1/p' "$LOG" | awk '{n += $1} END {print n}')
hlt_irqs=$(sed -n -E 's/^guest: timer: [a-z_]+_hlt +([0-9]+)\/.*/\1/p' "$LOG" | awk '{n += $1} END {print n}')
expect_line "vmm:   52   VMX-preemption timer expired +$irqs"
expect_line "vmm:   12   HLT +$hlt_irqs"
expect_line 'vmm: exit 0'
expect_exit 0
pass
