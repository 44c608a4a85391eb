#!/usr/bin/env bash
# hello: real mode, then long mode on its own page tables, CPUID's
# hypervisor leaf, XMM0-XMM15 unchanged across 300 exits (the host never
# touches SSE state), exit 0 through the debug-exit port. The exit
# statistics agree with what the guest did: 1 + 100 CPUIDs, 200 VMCALLs,
# per byte printed one LSR read and one THR write, except one line sent by
# a single rep outsb (string I/O through the guest's page tables), plus the
# final write to port 0xf4.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="stats=on"
boot_bochs -t 300
expect_line 'guest: hello from real mode'
expect_line 'guest: hello from long mode'
expect_line 'guest: hypervisor vendor: VMMSandboxHV'
expect_line 'guest: hello via rep outsb'
expect_line 'guest: xmm0-xmm15 intact across 300 exits'
expect_line 'guest: bye'
expect_line 'vmm: guest wrote 0 to the debug-exit port'
expect_line 'vmm:   10   CPUID +101'
expect_line 'vmm:   18   VMCALL +200'
expect_line 'vmm:   28   Control-register accesses +2'
expect_line 'vmm: uart: 6 lines, [0-9]+ bytes out, [0-9]+ LSR reads, 0 bytes in'
bytes=$(line_value 'vmm: uart: [0-9]+ lines, ([0-9]+) bytes out.*')
lsr=$(line_value 'vmm: uart: [0-9]+ lines, [0-9]+ bytes out, ([0-9]+) LSR reads.*')
io=$(line_value 'vmm:   30   I/O instruction +([0-9]+)')
# The six lines the guest printed, each with its newline.
printed=$(grep -a '^guest: ' "$LOG" | sed 's/^guest: //' | awk '{n += length($0) + 1} END {print n}')
[ "$bytes" = "$printed" ] || fail "UART counted $bytes bytes, the guest printed $printed"
# One exit for the 20 bytes of "hello via rep outsb\n", one per byte else.
[ "$io" = $((bytes - 20 + 1 + lsr + 1)) ] || fail "I/O exits $io != $bytes THR writes (20 in one rep outsb) + $lsr LSR reads + 1 exit write"
expect_line 'vmm: exit 0'
expect_exit 0
pass
