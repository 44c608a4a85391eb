#!/usr/bin/env bash
# msrabuse: each MSR access gets the CPU's answer: the emulated MSRs take
# only the values they hold, a TSC write moves the guest's TSC (and
# TSC_ADJUST with it, and a TSC deadline stays in the TSC as moved), the passed
# through ones fault on reserved bits and non-canonical bases as the CPU
# does, denied and hidden MSRs raise #GP, and the guest runs on to its end.
# The platform MSRs (MISC_ENABLE with fast strings, PAT, MTRRCAP and
# MTRR_DEF_TYPE, MCG_CAP/MCG_STATUS) hold a PC's values and refuse what
# the SDM refuses; each feature's MSR answers exactly when CPUID shows it
# (the lines for the Bochs model the test boots, tigerlake).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=msrabuse
boot_bochs -t 300
cat > "$OUT/expected" <<LINES
guest: msrabuse: rdmsr FEATURE_CONTROL: 0x1
guest: msrabuse: wrmsr FEATURE_CONTROL same: ok
guest: msrabuse: wrmsr FEATURE_CONTROL VMX on: #GP
guest: msrabuse: rdmsr MISC_ENABLE: 0x1801
guest: msrabuse: wrmsr MISC_ENABLE 0: #GP
guest: msrabuse: wrmsr TSC: ok
guest: msrabuse: rdmsr PAT: 0x7040600070406
guest: msrabuse: wrmsr PAT all UC: ok
guest: msrabuse: wrmsr PAT reserved type: #GP
guest: msrabuse: wrmsr EFER reserved bit: #GP
guest: msrabuse: wrmsr FS_BASE non-canonical: #GP
guest: msrabuse: wrmsr KERNEL_GS_BASE non-canonical: #GP
guest: msrabuse: wrmsr LSTAR non-canonical: #GP
guest: msrabuse: wrmsr APIC_BASE reserved bit: #GP
guest: msrabuse: wrmsr APIC_BASE moved: #GP
guest: msrabuse: rdmsr DEBUGCTL: #GP
guest: msrabuse: rdmsr VMX_BASIC: #GP
guest: msrabuse: rdmsr 0xffffffff: #GP
guest: msrabuse: wrmsr scratch: ok
guest: msrabuse: rdmsr scratch: 0x123456789abcdef
guest: msrabuse: wrmsr MISC_ENABLE same: ok
guest: msrabuse: wrmsr MISC_ENABLE no fast strings: #GP
guest: msrabuse: rdmsr PAT: 0x0
guest: msrabuse: wrmsr PAT type 3 in entry 7: #GP
guest: msrabuse: wrmsr PAT type 8 in entry 4: #GP
guest: msrabuse: wrmsr PAT WC/WT/UC-: ok
guest: msrabuse: rdmsr PAT: 0x7010400070106
guest: msrabuse: rdmsr MTRRCAP: 0x0
guest: msrabuse: wrmsr MTRRCAP: #GP
guest: msrabuse: rdmsr MTRR_DEF_TYPE: 0x806
guest: msrabuse: wrmsr MTRR_DEF_TYPE off, UC: ok
guest: msrabuse: wrmsr MTRR_DEF_TYPE FE without fixed ranges: #GP
guest: msrabuse: wrmsr MTRR_DEF_TYPE type 2: #GP
guest: msrabuse: wrmsr MTRR_DEF_TYPE WC without MTRRCAP.WC: #GP
guest: msrabuse: wrmsr MTRR_DEF_TYPE reserved bit 12: #GP
guest: msrabuse: wrmsr MTRR_DEF_TYPE on, WB: ok
guest: msrabuse: rdmsr MTRR_DEF_TYPE: 0x806
guest: msrabuse: rdmsr MCG_CAP: 0x0
guest: msrabuse: wrmsr MCG_CAP: #GP
guest: msrabuse: rdmsr MCG_STATUS: 0x0
guest: msrabuse: wrmsr MCG_STATUS 0: ok
guest: msrabuse: wrmsr MCG_STATUS LMCE_S: #GP
guest: msrabuse: rdmsr MCG_CTL: #GP
guest: msrabuse: wrmsr TSC 0: ok
guest: msrabuse: rdtsc after TSC 0: near 0
guest: msrabuse: TSC_ADJUST moved with it: ok
guest: msrabuse: TSC_DEADLINE reads back: ok
guest: msrabuse: TSC deadline after TSC 0: fired, not early
guest: msrabuse: wrmsr TSC_ADJUST 0: ok
guest: msrabuse: rdtsc after TSC_ADJUST 0: the host's again
guest: msrabuse: TSC: CPUID shows, rdmsr 0x10 answered
guest: msrabuse: SEP: CPUID shows, rdmsr 0x174 answered
guest: msrabuse: MTRR: CPUID shows, rdmsr 0xfe answered
guest: msrabuse: MCA: CPUID shows, rdmsr 0x179 answered
guest: msrabuse: PAT: CPUID shows, rdmsr 0x277 answered
guest: msrabuse: DS: CPUID hides, rdmsr 0x600 #GP
guest: msrabuse: VMX: CPUID hides, rdmsr 0x480 #GP
guest: msrabuse: PDCM: CPUID hides, rdmsr 0x345 #GP
guest: msrabuse: TSC_DEADLINE: CPUID shows, rdmsr 0x6e0 answered
guest: msrabuse: TSC_ADJUST: CPUID shows, rdmsr 0x3b answered
guest: msrabuse: MPX: CPUID hides, rdmsr 0xd90 #GP
guest: msrabuse: IBRS: CPUID hides, rdmsr 0x48 #GP
guest: msrabuse: ARCH_CAPABILITIES: CPUID hides, rdmsr 0x10a #GP
guest: msrabuse: RDTSCP: CPUID shows, rdmsr 0xc0000103 answered
guest: msrabuse: 0 features disagree
guest: msrabuse: done
LINES
grep -a '^guest: msrabuse: ' "$LOG" | grep -v 'msrabuse: $' > "$OUT/printed" || true
diff -u "$OUT/expected" "$OUT/printed" || fail "MSR answers differ from the CPU's"
expect_no_line 'guest: msrabuse: .*\(WRONG\)'
expect_line 'vmm: policy: denied rdmsr 0x1d9 at guest RIP 0x[0-9a-f]+: not in the MSR policy; #GP injected'
expect_exit 0
pass
