#!/usr/bin/env bash
# Under Bochs (tigerlake), at loglevel=3: the banner and the VMX
# capability report with the values Bochs 2.7's tigerlake model has, then
# exit 0.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=hello CMDLINE="loglevel=3"
boot_bochs -t 300
expect_line 'vmm: vmm [0-9.]+, a single-purpose VMX hypervisor; .*'
expect_line 'vmm: memory map: [0-9]+ regions, [0-9]+ MiB available; .*'
expect_line 'vmx: VMCS revision 0x4, region 4096 bytes, memory type 6, true controls yes'
expect_line 'vmx: IA32_FEATURE_CONTROL 0x5: locked, VMX outside SMX on'
expect_line 'vmx: EPT yes: walk length 4, memory types UC WB, pages 4K 2M 1G, A/D flags yes, execute-only yes, INVEPT yes'
expect_line 'vmx: controls allowed-1: pin 0x0000007f proc 0xfff9fffe proc2 0x02977fff exit 0x107fffff entry 0x0010ffff'
expect_line 'vmx: VPID yes \(INVVPID\), unrestricted guest yes, VMCS shadowing yes'
expect_line 'vmx: preemption timer yes, rate TSC/1, HLT activity state yes'
expect_line 'vmx: physical-address width 40 bits, bare metal \(no hypervisor bit\)'
expect_line 'vmm: [0-9]+ ticks from kmain to the capability report'
expect_line 'vmm: exit 0'
expect_exit 0
pass
