#!/usr/bin/env bash
# timer_hlt_blocked: HLT inside the periodic timer's own handler (its
# vector in service, interrupts on) can never be woken: the timer fires
# into a blocked vector every period. The hypervisor says so and ends
# with the halted verdict, instead of taking the timer's exits for ever.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=timer_hlt_blocked
boot_bochs -t 60
expect_line 'guest: timer_hlt_blocked: periodic timer on; HLT in its handler'
expect_line 'vmm: guest halted forever \(HLT, the timer.s vector is blocked by TPR or ISR\) at guest RIP 0x[0-9a-f]+'
expect_line "vmm: exit $(exit_code GUEST_HALTED)"
expect_exit GUEST_HALTED
pass
