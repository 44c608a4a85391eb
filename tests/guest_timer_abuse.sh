#!/usr/bin/env bash
# timer_abuse: a hostile guest programs the local APIC timer with values
# the SDM allows and a careless hypervisor livelocks on (a TSC deadline
# 2^63 and more ticks ahead, a periodic count of 1); every stage comes
# back and the guest ends with its own code 0. A livelock is a time-out
# (124) here. A periodic timer fires once per VMM_LAPIC_MIN_PERIOD_TICKS
# at most; a masked one costs no exit.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=timer_abuse CMDLINE="${TIMER_ABUSE_CMDLINE:-}"
boot_bochs -t 60
for ahead in 0xc000000000000000 0x8000000000000000 0x7fffffffffffffff; do
	for m in masked unmasked; do
		expect_line "guest: timer_abuse: far_deadline \+$ahead $m: 0 interrupts, deadline armed, 3 exits, ran yes"
	done
done
expect_line 'guest: timer_abuse: periodic_storm TMICT 1 for 40 minimum periods: (39|40) interrupts, TMCCT [01], ran yes'
expect_line 'guest: timer_abuse: periodic_storm: the guest kept (7[5-9]|[89][0-9]|100)% of its time'
for m in periodic oneshot; do
	expect_line "guest: timer_abuse: masked_tiny $m: 0 interrupts, TMCCT [01], 3 exits, ran yes"
done
expect_line 'guest: timer_abuse: all passed'
expect_line 'vmm: exit 0'
expect_exit 0
pass
