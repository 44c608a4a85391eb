#!/usr/bin/env bash
# The devices a Solo5 hvt unikernel's manifest declares, attached by name
# from the hypervisor's command line (issue 15): hvt_blk's two RAM disks
# (GUEST_MODULES), one of 512-byte and one of 4096-byte blocks, written,
# read back and range-checked through their own handles; hvt_net's two
# network devices on the built-in peer, which floods service0 with echo
# requests (ping -f -c N) and verifies every reply, at a MAC and MTU the
# command line chose.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/hvt.bash"

hvt_build
# Module paths relative to the top, as GUEST_MODULES takes them: the
# command line's words are at most 63 characters.
rel=${OUT#"$TOP"/}
hvt_disk storage $((64 * 1024))
hvt_disk scratch $((256 * 1024))

build_iso GUEST_IMAGE="$HVT_K/hvt_blk.hvt" \
	GUEST_MODULES="$rel/storage.img $rel/scratch.img" \
	CMDLINE="block:storage=$rel/storage.img block:scratch=$rel/scratch.img block-size:scratch=4096"
boot_bochs -t 120
expect_line 'guest: storage: handle 1 capacity 65536 block_size 512'
expect_line 'guest: scratch: handle 2 capacity 262144 block_size 4096'
expect_line 'guest: storage: ok'
expect_line 'guest: scratch: ok'
expect_line 'guest: SUCCESS'
expect_exit 0

n=200
build_iso GUEST_IMAGE="$HVT_K/hvt_net.hvt" GUEST_CMDLINE="limit=$n" \
	CMDLINE="net:service0=peer net:service1=peer net-ping:service0=$n net-mac:service0=02:12:34:56:78:9a net-mtu:service0=1400"
boot_bochs -t 300
expect_line 'guest: Serving ping on 10.0.0.2, with MAC: 02:12:34:56:78:9a.*'
expect_line "guest: answered $n echo requests"
expect_line 'guest: SUCCESS'
expect_line "vmm: hvt: net service0: $n echo requests sent, $n replies, $n verified, 0 bad; [0-9]+ ARP and 0 echo requests answered"
expect_exit 0
pass
