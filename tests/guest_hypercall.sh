#!/usr/bin/env bash
# hypercall: the write hypercall at every edge of its bounds (length 0,
# HC_WRITE_MAX and one more, the last bytes of RAM and one byte past,
# past RAM, a wrap past 2^64, the LAPIC page), from real mode and long
# mode; newlines in a write cannot forge a hypervisor line; unknown
# numbers (all 64 bits count) get -38; two back-to-back exit counts
# differ by 1; the exit hypercall ends the machine with the guest's code.
# Every guest line is compared with the list below, so a refused write
# that printed a byte, or a write that printed other bytes, fails.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hypercall CMDLINE=guest_mem=16M
boot_bochs -t 300

# The 4096-byte write: its 16-byte pattern, 256 times, printed as 16
# lines of 256 bytes (GUEST_LINE_MAX, src/dev/guest_line.h).
piece=$(printf '0123456789abcdef%.0s' $(seq 16))
max_line=$(for i in $(seq 16); do printf 'guest: %s\n' "$piece"; done)
cat > "$OUT/expected" <<LINES
guest: hypercall: written from real mode
guest: hypercall: write from real mode -> 0
guest: hypercall: exactly these bytes
guest: hypercall: write len 30 -> 0
guest: hypercall: write len 0 -> 0
$max_line
guest: hypercall: write len 4096 -> 0
guest: hypercall: write len 4097 -> -22
guest: hypercall: write len 0xffffffffffffffff -> -22
guest: hypercall: ends at the end of RAM
guest: hypercall: write of the last bytes of RAM -> 0
guest: hypercall: write crossing the end of RAM by 1 byte -> -22
guest: hypercall: write at the end of RAM -> -22
guest: hypercall: write wrapping past 2^64 -> -22
guest: hypercall: write from the LAPIC page -> -22
guest: hypercall: first line
guest: vmm: exit 0
guest: hypercall: write with a newline inside -> 0
guest: hypercall: one line
guest: hypercall: write ending in a newline -> 0
guest: hypercall: hypercall 4 -> -38
guest: hypercall: hypercall 0x100000001 -> -38
guest: hypercall: no-op -> 0
guest: hypercall: exit count, second minus first -> 1
guest: hypercall: exit 42
LINES
grep -a '^guest: ' "$LOG" > "$OUT/printed"
if ! diff -u "$OUT/expected" "$OUT/printed" > "$OUT/guest.diff"; then
	cut -c 1-120 "$OUT/guest.diff"
	fail "the guest lines differ from the expected ones (diff above)"
fi

# The guest's "vmm: exit 0" stayed inside a guest line.
expect_no_line 'vmm: exit 0'
expect_line 'vmm: guest hypercall exit 42'
# VMCALLs: 1 in real mode, 5 lengths, 5 addresses, 2 newline writes,
# 2 unknown numbers, the no-op, 2 exit counts, the exit.
expect_line 'vmm:   18   VMCALL +19'
# The 18 lines the guest sent through the UART (the reports and the exit
# line); the 7 written lines bypass it.
expect_line 'vmm: uart: 18 lines, [0-9]+ bytes out, [0-9]+ LSR reads, 0 bytes in'
expect_line 'vmm: exit 42'
expect_exit 42
pass
