#!/usr/bin/env bash
# timer with apicv=off: interrupts injected through the VM-entry
# interruption field (with interrupt windows and TPR thresholds), as on a
# CPU without virtual-interrupt delivery; the guest sees the same.
TIMER_CMDLINE="apicv=off" . "$(dirname "$0")/guest_timer.sh"
