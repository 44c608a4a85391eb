#!/usr/bin/env bash
# cr4: the guest sets CR4 bits one at a time. A bit whose feature its
# CPUID hides (UMIP, PKE, LA57, OSXSAVE, VMXE, ... under this policy)
# raises #GP, as on a CPU without the feature; a bit whose feature it
# shows takes. The guest's exit code is the number of bits that did not.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=cr4
boot_bochs -t 300
for b in UMIP PKE VMXE OSXSAVE 'LA57 \(real mode\)'; do
	expect_line "guest: cr4: $b: CPUID hides it, MOV to CR4 raised #GP"
done
expect_line 'guest: cr4: PGE: CPUID shows it, MOV to CR4 took'
# MCE is shown with MCA (MCG_CAP reads 0 banks: src/vcpu/msr_state.c).
expect_line 'guest: cr4: MCE: CPUID shows it, MOV to CR4 took'
expect_no_line 'guest: .*\(WRONG\)'
expect_line 'guest: cr4: 0 bits wrong'
expect_line 'vmm: exit 0'
expect_exit 0
pass
