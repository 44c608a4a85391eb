#!/usr/bin/env bash
# A CPU exception in the hypervisor itself (selftest=host-ud runs UD2) is
# reported by the IDT handler with vector, error code, RIP, CR2 and the
# registers, and ends the machine with the host-fault code (5).
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="selftest=host-ud"
boot_bochs -t 300
expect_line 'vmm: host exception #UD \(vector 6\) error 0x0 at RIP 0x[0-9a-f]+ CR2 0x[0-9a-f]+'
expect_line '  rax [0-9a-f]{16} rbx [0-9a-f]{16} rcx [0-9a-f]{16} rdx [0-9a-f]{16}'
expect_line '  r12 [0-9a-f]{16} r13 [0-9a-f]{16} r14 [0-9a-f]{16} r15 [0-9a-f]{16}'
expect_no_line 'guest: .*'
expect_line "vmm: exit $(exit_code HOST_FAULT)"
expect_exit HOST_FAULT
pass
