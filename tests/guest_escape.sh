#!/usr/bin/env bash
# escape: every attempt to leave the sandbox is stopped and reported, and
# the hypervisor survives to print the statistics. The last attempt, a
# write beyond guest RAM, ends the guest with the violation code (8).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=escape
boot_bochs -t 300
expect_line 'guest: escape: wrote and read back own RAM at 0x100000'
expect_line 'vmm: policy: denied port read 0x60 at guest RIP 0x[0-9a-f]+: no device; reads all-ones'
expect_line 'guest: escape: port 0x60 read 0xff'
expect_line 'vmm: policy: denied port write 0x608 at guest RIP 0x[0-9a-f]+: read-only device; write dropped'
expect_line 'guest: escape: port 0x608 write returned'
expect_line 'vmm: policy: denied rdmsr 0xc0010000 at guest RIP 0x[0-9a-f]+: not in the MSR policy; #GP injected'
expect_line 'guest: escape: rdmsr 0xc0010000 raised #GP'
expect_line 'vmm: policy: denied instruction \(exit reason\) 0x1b at guest RIP 0x[0-9a-f]+: VMXON'
expect_line 'guest: escape: vmxon raised #UD'
expect_line 'guest: escape: write beyond guest RAM at 0x8000000'
expect_line 'vmm: sandbox violation: guest write of guest-physical 0x8000000 \(outside guest RAM, no device\), linear address 0x8000000 at guest RIP 0x[0-9a-f]+'
expect_no_line 'guest: escape: write beyond RAM was not stopped'
expect_line 'vmm:   27   VMXON +1'
expect_line 'vmm:   31   RDMSR +1'
# One EPT violation for the write beyond RAM; the others are the
# guest's first touches of its RAM (all but the pages the hypervisor mapped itself).
big=$(line_value 'vmm: demand-zero faults: ([0-9]+) \(2 MiB\) .*')
small=$(line_value 'vmm: demand-zero faults: [0-9]+ \(2 MiB\) \+ ([0-9]+) \(4 KiB\)')
[ -n "$big" ] && [ -n "$small" ] || fail "no demand-zero faults line"
mapped=$(hypervisor_mapped_pages "$OUT/guest/escape.bin")
expect_line "vmm:   48   EPT violation +$(( 1 + big + small - mapped ))"
expect_line 'vmm: exit statistics'
expect_line "vmm: exit $(exit_code GUEST_VIOLATION)"
expect_exit GUEST_VIOLATION
pass
