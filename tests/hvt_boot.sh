#!/usr/bin/env bash
# Our Solo5 hvt test unikernels (guest-payloads/hvt_*), each laid out as
# Solo5's toolchain lays out a unikernel, boot from our ISO under Bochs
# as solo5-hvt runs them (issue 15): they print, get their command line,
# make every hypercall's good path (a PUTS longer than a page arrives
# whole), sleep a second as their own TSC measures it, and end with their
# status as the machine's exit code: a solo5_exit status, an abort (a
# #PF and a #UD through their own IDT, a smashed stack) as 255 with the
# trap frame printed, a status past 63 as 76 (GUEST_CODE_RANGE).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/hvt.bash"

hvt_build
for k in hello hypercalls blk net wx abort time; do
	hvt_check_layout "$HVT_K/hvt_$k.hvt"
done

hvt_run hello Hello_Solo5 CMDLINE="loglevel=3"
expect_line 'vmm: guest image: hvt, [0-9]+ bytes and 0 modules from vmm.elf, in \[0x100000, 0x3fffff8\), entered in 64-bit mode at 0x[0-9a-f]+; .*'
expect_line 'guest: Hello, World'
expect_line "guest: Command line is: 'Hello_Solo5'"
expect_line 'guest: SUCCESS'
expect_line 'guest: Solo5: solo5_exit\(0\) called'
expect_exit 0

# The PUTS of 5000 bytes, one hypercall: the UART's line wrap splits it,
# the dots in order give "big puts: ", 4989 dots and the newline.
hvt_run hypercalls ""
expect_line 'guest: walltime advances'
big=$(sed -n '/^guest: big puts: /,/^guest: poll with timeout 0 returns$/p' \
	"$LOG" | sed '$d' | sed 's/^guest: //' | tr -d '\n')
[ "$big" = "big puts: $(printf '%*s' 4989 '' | tr ' ' .)" ] ||
	fail "the big PUTS arrived as ${#big} bytes, not 4999: ${big:0:40}..."
expect_line 'guest: poll with timeout 0 returns'
expect_line 'guest: SUCCESS'
expect_exit 0

hvt_run time ""
ms=$(line_value 'guest: slept ([0-9]+) ms')
[ -n "$ms" ] || fail "no 'slept N ms' line"
[ "$ms" -ge 800 ] && [ "$ms" -le 1200 ] || fail "slept $ms ms, not 1000 +- 200"
expect_line 'guest: SUCCESS'
expect_exit 0

# ud first: the #PF's own lines are checked on the log it leaves.
for c in ud pf; do
	hvt_run abort $c
	v=$(echo $c | tr a-z A-Z)
	expect_line "guest: Solo5: trap: type=#$v ec=0x[0-9a-f]+ rip=0x[0-9a-f]+ rsp=0x[0-9a-f]+ rflags=0x[0-9a-f]+"
	expect_line 'guest: Solo5: ABORT: .*: Fatal trap'
	expect_line 'vmm: hvt: trap frame at 0x[0-9a-f]+: rip=0x[0-9a-f]+ rsp=0x[0-9a-f]+ rflags=0x[0-9a-f]+ cr2=0x[0-9a-f]+ ec=0x[0-9a-f]+ cs=0x8 ss=0x10'
	expect_exit 255
done
expect_line 'guest: Solo5: trap: type=#PF ec=0x2 .*'
expect_line 'guest: Solo5: trap: cr2=0x8'

hvt_run abort ssp
expect_line 'guest: Solo5: ABORT: Stack corruption detected'
expect_exit 255

hvt_run abort exit7
expect_line 'guest: Solo5: solo5_exit\(7\) called'
expect_exit 7

hvt_run abort exit200
expect_line 'vmm: hvt: halt status 200 is outside 0..63 and 255'
expect_exit GUEST_CODE_RANGE
pass
