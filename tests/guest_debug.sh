#!/usr/bin/env bash
# debug: the guest takes #DB by single step (also in an STI shadow), a
# data breakpoint, an instruction breakpoint, general detect and INT1.
# #DB is intercepted (CVE-2015-8104) and reflected: the guest's handler
# must see what the CPU's own delivery gives (DR6 bits, RIP, RF, DR7.GD
# cleared), and the single step in the STI shadow must not fail the VM
# entry.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=debug CMDLINE=stats=on
boot_bochs -t 300
for c in 'single step: DR6.BS on each trap' \
	 'single step in an STI shadow: delivered' \
	 'data breakpoint: DR6.B0, RIP after the store' \
	 'instruction breakpoint: DR6.B1, RIP on it, RF 0 pushed' \
	 'general detect: DR6.BD, RIP on the MOV, DR7.GD cleared' \
	 'INT1: RIP after it'; do
	expect_line "guest: debug: $c: ok"
done
expect_line 'guest: debug: 0 checks failed'
expect_line 'vmm:   0    Exception or non-maskable interrupt \(NMI\) +[1-9][0-9]*'
expect_line 'vmm: exit 0'
expect_exit 0
pass
