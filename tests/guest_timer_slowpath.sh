#!/usr/bin/env bash
# timer with fastpath=off: the same guest behaviour when every exit goes
# through the slow dispatcher.
TIMER_CMDLINE="fastpath=off" . "$(dirname "$0")/guest_timer.sh"
