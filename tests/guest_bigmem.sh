#!/usr/bin/env bash
# bigmem with 1 GiB of RAM, all of it first filled with "DIRTYRAM"
# (selftest=dirty-ram: Bochs' RAM starts zero, which would hide a page
# handed over unzeroed): pages scattered over the whole gigabyte read as
# zero, then keep what is written; a write hypercall from a page the guest
# never touched prints nothing (zeros), not the stale bytes; a timer
# interrupt whose delivery is a fresh stack page's first touch still
# arrives (delivered again after the page is mapped). The
# statistics count exactly the pages that were zeroed on demand:
#   2 MiB: every 2 MiB block the guest names (all lie past its own first
#          block, wholly in RAM, and Bochs has 2 MiB EPT pages), the
#          hypercall's block among them (zeroed by the hypervisor);
#   4 KiB: the first block stays in 4 KiB pages: the loader's image pages
#          and the firmware's (hypervisor_mapped_pages, lib.sh), the three page-table pages at 0x1000-0x3fff (entry16.S), the
#          real-mode stack page 0x6000 (SP = 0x7000) and the .bss pages
#          (zeroed by entry16.S, the long-mode stack among them).
# The EPT-violation exits are the same faults less the hypervisor's own
# (the image and firmware pages and the hypercall's block), and one more: the guest's
# last act, a write to the first byte past RAM, which ends it (the
# violation verdict).
. "$(dirname "$0")/lib.sh"

PAGE=4096
build_iso GUEST=bigmem CMDLINE="guest_mem=1G selftest=dirty-ram ${BIGMEM_CMDLINE:-}"
boot_bochs -t 300 -m 1100
expect_line 'vmm: self-test dirty-ram'
expect_no_line 'guest: bigmem: .*not zero.*'
expect_no_line 'guest: .*DIRTYRAM.*'
expect_line 'guest: bigmem: hypercall write from untouched 0x30123000:'
# Sixteen zero bytes, each escaped by the sanitizer (src/dev/guest_line.c).
expect_line 'guest: (\\x00){16}'
expect_no_line 'guest: bigmem: .* was lost'
expect_line 'guest: bigmem: touched 0x1c000000: an interrupt was delivered onto it'
expect_line 'guest: bigmem: 13 pages read as zero until written'
expect_line 'vmm: sandbox violation: guest write of guest-physical 0x40000000 \(outside guest RAM, no device\), linear address 0x40000000 at guest RIP 0x[0-9a-f]+'
expect_no_line 'guest: bigmem: the write past RAM was not stopped'

touched=$(sed -n -E 's/^guest: bigmem: touched (0x[0-9a-f]+): .*/\1/p' "$LOG")
[ "$(wc -w <<< "$touched")" = 14 ] || fail "14 touched pages expected, got: $touched"
blocks=$(for a in $touched; do echo $((a >> 21)); done | sort -u | wc -l)

elf="$OUT/guest/bigmem.elf"
sym() { printf '%d' "0x$(nm "$elf" | awk -v s="$1" '$3 == s {print $1}')"; }
mapped=$(hypervisor_mapped_pages "$OUT/guest/bigmem.bin")
bss_start=$(sym __bss_start)
bss_end=$(sym __bss_end)
bss_pages=$(( (bss_end - 1) / PAGE - bss_start / PAGE + 1 ))
small=$(( mapped + 3 + 1 + bss_pages ))

expect_line "vmm: demand-zero faults: $blocks \(2 MiB\) \+ $small \(4 KiB\)"
expect_line "vmm:   48   EPT violation +$(( blocks - 1 + small - mapped + 1 ))"
expect_line "vmm: exit $(exit_code GUEST_VIOLATION)"
expect_exit GUEST_VIOLATION
pass
