#!/usr/bin/env bash
# timer: the local APIC timer in every mode (one-shot through the xAPIC
# page and x2APIC, periodic, TSC-deadline; spinning and in HLT) delivers
# exactly the programmed interrupts, none early and none much later than
# recorded. Every interrupt costs one preemption-timer exit, and each
# HLT-mode interrupt one HLT exit.
. "$(dirname "$0")/lib.sh"

# mode:median for this command line, the median lateness in ticks that
# scripts/baseline/timer.json records for each mode ("default/" rows; a
# variant sets its own). Written out here, not read from the baseline, so
# that refreshing the baseline cannot move these bounds.
: "${TIMER_MEDIANS:=oneshot_xapic:840 oneshot:529 periodic:555
	tsc_deadline:391 oneshot_hlt:688 periodic_hlt:728 tsc_deadline_hlt:566}"
# A mode fails when its median is more than this above the recorded one:
# some four fast-path exits' worth (a CPUID round trip is 67 ticks) on
# every interrupt, room for handlers that grow, while a timer armed late
# by an interval or a clock rate is thousands of ticks out. The exact
# figures are held by bench_timer_baseline.
LATENESS_SLACK=250

build_iso GUEST=timer CMDLINE="stats=on ${TIMER_CMDLINE:-}"
boot_bochs -t 600
for m in $TIMER_MEDIANS; do
	mode=${m%:*}
	bound=$((${m#*:} + LATENESS_SLACK))
	expect_line "guest: timer: $mode +([0-9]+)/\\1 +interrupts, 0 early, lateness min [0-9]+ median [0-9]+ max [0-9]+ ticks, [0-9]+ exits"
	median=$(line_value "guest: timer: $mode .* median ([0-9]+) max .*")
	[ "$median" -le "$bound" ] ||
		fail "$mode: median lateness $median ticks, over the bound $bound"
done
expect_line 'guest: timer: all modes passed'
irqs=$(sed -n -E 's/^guest: timer: [a-z_]+ +([0-9]+)\/.*/\1/p' "$LOG" | awk '{n += $1} END {print n}')
hlt_irqs=$(sed -n -E 's/^guest: timer: [a-z_]+_hlt +([0-9]+)\/.*/\1/p' "$LOG" | awk '{n += $1} END {print n}')
expect_line "vmm:   52   VMX-preemption timer expired +$irqs"
expect_line "vmm:   12   HLT +$hlt_irqs"
expect_line 'vmm: exit 0'
expect_exit 0
pass
