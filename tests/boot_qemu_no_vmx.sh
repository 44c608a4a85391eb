#!/usr/bin/env bash
# Under QEMU TCG (no VMX), at loglevel=3: the hypervisor boots, reports
# the memory map,
# names the missing feature in one line and exits with the no-VMX code,
# through both the serial line and QEMU's isa-debug-exit status.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="loglevel=3 bogus_option=1"
boot_qemu -t 120
expect_line 'vmm: vmm [0-9.]+, a single-purpose VMX hypervisor; image 0x[0-9a-f]+-0x[0-9a-f]+ \([0-9]+ KiB\)'
expect_line "vmm: loader 'GRUB [^']*', command line '.*loglevel=3 bogus_option=1'"
expect_line "vmm: warning: unknown command-line option 'bogus_option=1' ignored"
expect_line 'vmm: memory map: [0-9]+ regions, (2[0-9][0-9]) MiB available; host pool 0x[0-9a-f]+-0x[0-9a-f]+ \([0-9]+ MiB\)'
expect_line 'vmm: no VMX: CPUID.1:ECX.VMX = 0'
expect_line "vmm: exit $(exit_code NO_VMX)"
expect_no_line 'vmx: .*'
expect_exit NO_VMX
pass
