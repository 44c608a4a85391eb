#!/usr/bin/env bash
# apic_abuse: a hostile guest touches every xAPIC offset at every width and
# alignment, every x2APIC MSR, reserved bits, every ICR delivery mode and
# shorthand, and every IA32_APIC_BASE mode switch; each answer is the
# SDM's (or README.md's where the SDM leaves it to the model): reserved
# xAPIC offsets read 0 and log "illegal register address", odd widths
# read 0 and write nowhere, absent or reserved x2APIC accesses #GP, only
# the legal mode switches take. The machine ends with the guest's code 0.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=apic_abuse CMDLINE="${APIC_ABUSE_CMDLINE:-}"
boot_bochs -t 180
expect_line 'guest: apic_abuse: xapic_regs: 256 offsets, 209 reserved, 30 read-only, 0 wrong'
expect_line 'guest: apic_abuse: xapic_widths: [0-9]+ accesses, 0 wrong'
expect_line 'guest: apic_abuse: x2apic_msrs in xAPIC mode: 0 without #GP'
expect_line 'guest: apic_abuse: icr_modes xapic: 32 IPIs, 3 interrupts, 3 NMIs'
expect_line 'guest: apic_abuse: x2apic_msrs: 42 readable, 15 writable, 18 reserved writes, 0 wrong'
expect_line 'guest: apic_abuse: icr_modes x2apic: 32 IPIs, 3 interrupts, 3 NMIs'
expect_line 'guest: apic_abuse: mode_switches: 0 wrong'
expect_line 'guest: apic_abuse: all passed'
expect_line 'vmm: exit 0'
expect_exit 0
pass
