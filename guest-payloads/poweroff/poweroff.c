/*
 * poweroff.c - ACPI soft-off as an OS does it (src/dev/acpi_pm.c): the
 * PM1 control block reads SCI_EN (always in ACPI mode), PM1_EN reads
 * back, PM1_STS has nothing pending; SLP_EN with a sleep type the DSDT
 * names no \_Sx object for (S3) is not entered, and the guest runs on;
 * SLP_EN with \_S5's SLP_TYP, written as one word, ends the run with
 * VMM_EXIT_POWER_OFF. Exit code 1 when a check failed, 2 when S5 did
 * not end the run.
 */
#include "guest.h"

#define PM1_STS		0x600
#define PM1_EN		0x602
#define PM1_CNT		0x604
#define SCI_EN		0x0001
#define SLP_EN		0x2000
#define SLP_TYP(t)	((t) << 10)
#define S3_TYP		3
#define S5_TYP		5		/* the DSDT's \_S5 (acpi.h) */

static int failed;

static void check(int ok, const char *what)
{
	printf("poweroff: %s: %s\n", what, ok ? "ok" : "FAILED");
	failed |= !ok;
}

void main64(void)
{
	check(inw(PM1_CNT) & SCI_EN, "PM1_CNT reads SCI_EN");
	check(inw(PM1_STS) == 0, "PM1_STS has no event pending");
	outw(PM1_EN, 0x0120);
	check(inw(PM1_EN) == 0x0120, "PM1_EN reads back");
	outw(PM1_CNT, SCI_EN | SLP_TYP(S3_TYP) | SLP_EN);
	check(1, "SLP_EN with S3's type (no _S3 object) is not entered");
	check((inw(PM1_CNT) & (SLP_EN | SCI_EN)) == SCI_EN,
	      "SLP_EN reads 0, SCI_EN stays set");
	if (failed)
		exit_code(1);
	printf("poweroff: entering S5\n");
	outw(PM1_CNT, SCI_EN | SLP_TYP(S5_TYP) | SLP_EN);
	printf("poweroff: still running after S5\n");
	exit_code(2);
}
