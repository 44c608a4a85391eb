#!/usr/bin/env bash
# poweroff: ACPI soft-off through the PM1 control block, as Linux's
# poweroff does it (src/dev/acpi_pm.c): SCI_EN set, nothing pending in
# PM1_STS, PM1_EN read back; a sleep type the DSDT has no object for is
# not entered; \_S5's SLP_TYP with SLP_EN ends the run with the
# POWER_OFF verdict and one line saying so.
. "$(dirname "$0")/lib.sh"

build_iso GUEST=poweroff
boot_bochs -t 120
for c in 'PM1_CNT reads SCI_EN' 'PM1_STS has no event pending' \
	 'PM1_EN reads back' \
	 'SLP_EN with S3'"'"'s type \(no _S3 object\) is not entered' \
	 'SLP_EN reads 0, SCI_EN stays set'; do
	expect_line "guest: poweroff: $c: ok"
done
expect_line 'guest: poweroff: entering S5'
expect_line 'vmm: guest powered the machine off \(ACPI S5\)'
expect_no_line 'guest: poweroff: still running after S5'
expect_exit POWER_OFF
pass
