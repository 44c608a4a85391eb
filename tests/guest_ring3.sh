#!/usr/bin/env bash
# ring3: at CPL 3 (IOPL 0) the write, exit, exit-count and an unknown
# hypercall answer -1 and do nothing; the no-op answers 0; CPUID shows
# the hypervisor leaf; an OUT to the debug-exit port raises #GP in the
# guest and never reaches the hypervisor. Back at CPL 0 through a DPL 3
# gate, the same write and exit count work, and the exit hypercall ends
# the machine with code 43. Every guest line is compared with the list
# below, so the refused write printing anything fails.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=ring3
boot_bochs -t 300

cat > "$OUT/expected" <<'LINES'
guest: ring3: entering CPL 3 with IOPL 0
guest: ring3: back at CPL 0 through int 0x80 from CS 0x2b
guest: ring3: CPL 3: CS.RPL 3
guest: ring3: CPL 3: vmcall write -> -1
guest: ring3: CPL 3: vmcall exit -> -1
guest: ring3: CPL 3: vmcall exit count -> -1
guest: ring3: CPL 3: vmcall 4 -> -1
guest: ring3: CPL 3: vmcall no-op -> 0
guest: ring3: CPL 3: cpuid 0x40000000 -> VMMSandboxHV
guest: ring3: CPL 3: out to port 0xf4 -> #GP, error code 0x0, from CPL 3
guest: ring3: written at CPL 0 only
guest: ring3: CPL 0: vmcall write -> 0
guest: ring3: CPL 0: vmcall exit count > 0
guest: ring3: exit 43
LINES
grep -a '^guest: ' "$LOG" > "$OUT/printed"
if ! diff -u "$OUT/expected" "$OUT/printed" > "$OUT/guest.diff"; then
	cut -c 1-120 "$OUT/guest.diff"
	fail "the guest lines differ from the expected ones (diff above)"
fi

# The refused exit and the faulting OUT never ended the run.
expect_no_line 'vmm: guest hypercall exit 99'
expect_no_line 'vmm: guest wrote .* to the debug-exit port'
expect_line 'vmm: guest hypercall exit 43'
# VMCALLs: 5 at CPL 3 (write, exit, exit count, 4, no-op), 3 at CPL 0
# (write, exit count, exit). The one CPUID, at CPL 3. The #GP stayed in
# the guest: no exception exit.
expect_line 'vmm:   18   VMCALL +8'
expect_line 'vmm:   10   CPUID +1'
expect_no_line 'vmm:   0    .*'
expect_line 'vmm: exit 43'
expect_exit 43
pass
