#!/usr/bin/env bash
# timer with apicv=off: interrupts injected through the VM-entry
# interruption field (with interrupt windows and TPR thresholds), as on a
# CPU without virtual-interrupt delivery; the guest sees the same. The
# medians are the "apicv=off/" rows of scripts/baseline/timer.json.
TIMER_CMDLINE="apicv=off"
TIMER_MEDIANS="oneshot_xapic:1100 oneshot:789 periodic:818 tsc_deadline:651
	oneshot_hlt:795 periodic_hlt:839 tsc_deadline_hlt:673"
. "$(dirname "$0")/guest_timer.sh"
