#!/usr/bin/env bash
# timer_abuse with fastpath=off apicv=off: the longest way to take a timer
# interrupt (every exit through handle_exit, injection, EOI through an
# exit), against which VMM_LAPIC_MIN_PERIOD_TICKS was chosen. Same lines,
# same verdict.
TIMER_ABUSE_CMDLINE="fastpath=off apicv=off" . "$(dirname "$0")/guest_timer_abuse.sh"
