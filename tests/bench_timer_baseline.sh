#!/usr/bin/env bash
# bench_timer_baseline: the timer benchmark (the timer guest by default,
# with fastpath=off and with apicv=off) equals scripts/baseline/timer.json
# exactly: lateness min/median/max, exits and interrupts of every mode.
# The figures are deterministic under Bochs (the same in repeated runs).
BENCH_BASELINE=timer . "$(dirname "$0")/bench_vmexit_baseline.sh"
