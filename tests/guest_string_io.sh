#!/usr/bin/env bash
# string_io: INS and OUTS checked as the CPU would check them, every
# byte with the rights of the access: at CPL 3 an element across two
# pages lands in both linear pages (not in the frame physically next),
# one across into a supervisor page raises #PF (error code, CR2 at that
# page) and moves nothing; SMAP refuses CPL 0 access to a user page
# unless AC; a non-canonical address raises #GP(0) (64-bit mode ignores
# an SS prefix); a device page takes the element; in compatibility mode
# ES's and SS's limits hold (#GP(0), #SS(0)); CR4.PKE, which the walk
# does not model, cannot be set (#GP); REP INSB over the end of
# guest RAM ends the guest with the violation code (8). Unfixed, every
# row but the in-limit control goes wrong and the last one is a #GP the
# guest survives (exit 99).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=strio
boot_bochs -t 300

expect_line 'guest: strio: SMAP: insb to a user page: #PF error 0x3, CR2 0x400000; with AC: no exception, byte 0x21'
expect_line 'guest: strio: CPL 3 insl across a page: 21 4d \| 4d 56, the next frame cc cc cc cc'
expect_line 'guest: strio: CPL 3 insl into a supervisor page: #PF error 0x7, CR2 0x403000, bytes ee ee \| ee ee'
expect_line 'guest: strio: CPL 3 outsl from a supervisor page: #PF error 0x5, CR2 0x403000'
expect_line 'guest: strio: insb to 0x800000000000: #GP error 0x0'
expect_line 'guest: strio: ss outsb from 0x800000000000: #GP error 0x0'
expect_line 'guest: strio: insl to the device page: no exception, register 0x564d4d21'
expect_line 'guest: strio: compat insl at ES:0xffc: no exception, bytes 21 4d 4d 56'
expect_line 'guest: strio: compat insl at ES:0xffd, past the limit: #GP error 0x0, bytes 00 00 00 \| cc'
expect_line 'guest: strio: compat ss outsb from SS:0x1000, past the limit: #SS error 0x0'
expect_line 'guest: strio: mov to cr4 with PKE: #GP error 0x0'
expect_line 'vmm: policy: denied CR4 bits 0x[0-9a-f]+ at guest RIP 0x[0-9a-f]+: #GP injected'
expect_line 'guest: strio: rep insb over the end of guest RAM at 0x4000000'
expect_line 'vmm: sandbox violation: guest string I/O \(INS\) write of guest-physical 0x4000000 \(outside guest RAM, no device\), linear address 0x4000000 at guest RIP 0x[0-9a-f]+'
expect_no_line 'guest: strio: past the end of RAM was not stopped.*'
expect_line "vmm: exit $(exit_code GUEST_VIOLATION)"
expect_exit GUEST_VIOLATION
pass
