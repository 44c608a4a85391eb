#!/usr/bin/env bash
# timer with fastpath=off: the same guest behaviour when every exit goes
# through the slow dispatcher. The medians are the "fastpath=off/" rows of
# scripts/baseline/timer.json.
TIMER_CMDLINE="fastpath=off"
TIMER_MEDIANS="oneshot_xapic:973 oneshot:596 periodic:637 tsc_deadline:489
	oneshot_hlt:909 periodic_hlt:799 tsc_deadline_hlt:805"
. "$(dirname "$0")/guest_timer.sh"
