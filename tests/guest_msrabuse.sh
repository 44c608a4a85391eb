#!/usr/bin/env bash
# msrabuse: each MSR access gets the CPU's answer: the emulated MSRs take
# only the values they hold, the read-only TSC refuses writes, the passed
# through ones fault on reserved bits and non-canonical bases as the CPU
# does, denied and hidden MSRs raise #GP, and the guest runs on to its end.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=msrabuse
boot_bochs -t 300
cat > "$OUT/expected" <<LINES
guest: msrabuse: rdmsr FEATURE_CONTROL: 0x1
guest: msrabuse: wrmsr FEATURE_CONTROL same: ok
guest: msrabuse: wrmsr FEATURE_CONTROL VMX on: #GP
guest: msrabuse: rdmsr MISC_ENABLE: 0x1
guest: msrabuse: wrmsr MISC_ENABLE 0: #GP
guest: msrabuse: wrmsr TSC: #GP
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
guest: msrabuse: done
LINES
grep -a '^guest: msrabuse: ' "$LOG" | grep -v 'msrabuse: $' > "$OUT/printed" || true
diff -u "$OUT/expected" "$OUT/printed" || fail "MSR answers differ from the CPU's"
expect_line 'vmm: policy: denied rdmsr 0x1d9 at guest RIP 0x[0-9a-f]+: not in the MSR policy; #GP injected'
expect_exit 0
pass
