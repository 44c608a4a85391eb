#!/usr/bin/env bash
# vmexit with a small N: every case completes, the no_exit control row is
# 0, and the hypervisor counted exactly N exits for each exiting case (3N
# for hlt_wake: the write of a deadline already due, the timer's expiry at
# the next entry, the HLT; none for MOV CR8, which the TPR shadow serves
# without an exit). The ticks are per iteration, the same as at make
# bench's N (bench_vmexit_baseline holds those).
. "$(dirname "$0")/lib.sh"

N=64
build_iso GUEST=vmexit VMEXIT_N=$N CMDLINE="stats=on"
boot_bochs -t 300
expect_line 'guest: vmexit: start'
for c in cpuid vmcall inl_from_pmtimer inl_from_vmm outl_to_vmm rdmsr wrmsr \
	 wrmsr_tsc_deadline mmio_read mmio_write pio_uart; do
	expect_line "guest: vmexit: $c +$N iterations +[0-9]+ ticks +$N exits"
done
expect_line "guest: vmexit: mov_from_cr8 +$N iterations +[0-9]+ ticks +0 exits"
expect_line "guest: vmexit: mov_to_cr8 +$N iterations +[0-9]+ ticks +0 exits"
expect_line "guest: vmexit: hlt_wake +$N iterations +[0-9]+ ticks +$((3 * N)) exits"
expect_line "guest: vmexit: no_exit +$N iterations +0 ticks +0 exits"
expect_no_line 'guest: vmexit: .* (faulted|skipped).*'
expect_line 'guest: vmexit: done'
# The per-reason table holds at least what the cases counted.
cpuid=$(line_value 'vmm:   10   CPUID +([0-9]+)')
[ "${cpuid:-0}" -ge "$N" ] || fail "CPUID row $cpuid < $N"
expect_line 'vmm: exit 0'
expect_exit 0
pass
