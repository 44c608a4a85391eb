#!/usr/bin/env bash
# apic_ipi: every ICR form that names the one vCPU (shorthands self and
# all-including-self, its physical and logical IDs, the broadcast IDs)
# delivers to it, fixed vectors and NMIs alike, through the xAPIC page
# and the x2APIC MSRs; all-excluding-self and other IDs deliver nothing;
# lowest priority and illegal vectors set their ESR bits; INIT, SIPI and
# SMI to self are ignored (logged) and the guest runs on; an NMI sent
# from the NMI handler waits for its IRET.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=apic_ipi CMDLINE="${APIC_IPI_CMDLINE:-}"
boot_bochs -t 120
expect_no_line 'guest: apic_ipi: .* FAIL'
ok=$(grep -a -c -E '^guest: apic_ipi: .* ok$' "$LOG")
[ "$ok" = 45 ] || fail "$ok cases ok, expected 45"
expect_line 'guest: apic_ipi: xapic nmi from its handler: 2 NMIs, 1 inside the first, not nested ok'
expect_line 'guest: apic_ipi: x2apic SELF IPI register: 1 interrupts, illegal vector ESR 0x60 ok'
for m in INIT STARTUP SMI; do
	expect_line "vmm: policy: denied IPI to self 0x[0-9a-f]+ at guest RIP 0x[0-9a-f]+: $m ignored.*"
done
expect_line 'guest: apic_ipi: all passed'
expect_line 'vmm: exit 0'
expect_exit 0
pass
