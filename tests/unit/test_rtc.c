/*
 * test_rtc.c - the MC146818 RTC and CMOS model (src/dev/rtc.c) against
 * its data sheet and QEMU's hw/rtc/mc146818rtc.c and hw/i386/pc.c: the
 * BCD and binary register forms, 12 h hours with the PM bit, the calendar,
 * UIP, register C's update flag, B.SET holding the clock while the guest
 * sets it, the guest's bound on the time it writes, and the RAM bytes
 * firmware leaves. Time is a TSC value the test hands in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rtc.h"

struct vcpu;
void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail);
void vcpu_deny(struct vcpu *v, const char *kind, uint64_t what,
	       const char *detail)
{
	(void)v; (void)kind; (void)what; (void)detail;
}

#define HZ	1000000ull
#define T0	5000ull
#define MIB	(1024ull * 1024)

static void test_bcd_binary(void **state)
{
	(void)state;
	assert_int_equal(rtc_to_reg(59, 0), 0x59);
	assert_int_equal(rtc_to_reg(59, RTC_B_BINARY), 59);
	assert_int_equal(rtc_to_reg(0, 0), 0x00);
	assert_int_equal(rtc_from_reg(0x59, 0), 59);
	assert_int_equal(rtc_from_reg(0x3b, RTC_B_BINARY), 59);
	assert_int_equal(rtc_from_reg(0x5a, 0), -1);
	assert_int_equal(rtc_from_reg(0xa0, 0), -1);
}

/* Data sheet, table 3: hours 1-12, bit 7 = PM; midnight is 12 AM. */
static void test_12h(void **state)
{
	(void)state;
	assert_int_equal(rtc_hour_to_reg(0, 0), 0x12);
	assert_int_equal(rtc_hour_to_reg(1, 0), 0x01);
	assert_int_equal(rtc_hour_to_reg(11, 0), 0x11);
	assert_int_equal(rtc_hour_to_reg(12, 0), 0x92);
	assert_int_equal(rtc_hour_to_reg(13, 0), 0x81);
	assert_int_equal(rtc_hour_to_reg(23, 0), 0x91);
	assert_int_equal(rtc_hour_to_reg(23, RTC_B_BINARY), 0x8b);
	assert_int_equal(rtc_hour_to_reg(23, RTC_B_24H), 0x23);
	assert_int_equal(rtc_hour_to_reg(23, RTC_B_24H | RTC_B_BINARY), 23);
	assert_int_equal(rtc_hour_from_reg(0x12, 0), 0);
	assert_int_equal(rtc_hour_from_reg(0x92, 0), 12);
	assert_int_equal(rtc_hour_from_reg(0x81, 0), 13);
	assert_int_equal(rtc_hour_from_reg(0x8b, RTC_B_BINARY), 23);
	assert_int_equal(rtc_hour_from_reg(0x00, 0), -1);
	assert_int_equal(rtc_hour_from_reg(0x13, 0), -1);
	assert_int_equal(rtc_hour_from_reg(0x23, RTC_B_24H), 23);
}

static void test_calendar(void **state)
{
	struct rtc_time t = { 1970, 1, 1, 0, 0, 0, 0 }, u;
	int64_t s;

	(void)state;
	assert_int_equal(rtc_seconds(&t), 0);
	t = (struct rtc_time){ 2024, 2, 29, 12, 34, 56, 0 };
	assert_int_equal(rtc_seconds(&t), 1709210096);
	t = (struct rtc_time){ 2000, 3, 1, 0, 0, 0, 0 };
	assert_int_equal(rtc_seconds(&t), 951868800);
	rtc_break_down(1709210096, &u);
	assert_int_equal(u.year, 2024);
	assert_int_equal(u.mon, 2);
	assert_int_equal(u.mday, 29);
	assert_int_equal(u.hour, 12);
	assert_int_equal(u.min, 34);
	assert_int_equal(u.sec, 56);
	assert_int_equal(u.wday, 4);	/* a Thursday */
	rtc_break_down(0, &u);
	assert_int_equal(u.wday, 4);
	/* Every day from year 0 to 9999 and back. */
	t = (struct rtc_time){ 0, 1, 1, 23, 59, 59, 0 };
	for (s = rtc_seconds(&t); ; s += 86400) {
		rtc_break_down(s, &u);
		assert_int_equal(rtc_seconds(&u), s);
		assert_int_equal(u.hour, 23);
		if (u.year == 9999 && u.mon == 12 && u.mday == 31)
			break;
		assert_true(u.year <= 9999);
	}
	rtc_break_down(-1, &u);
	assert_int_equal(u.year, 1969);
	assert_int_equal(u.mday, 31);
	assert_int_equal(u.sec, 59);
	assert_int_equal(u.wday, 3);
}

static const struct rtc_time leap_eve = { 2024, 2, 29, 23, 59, 58, 0 };

static void setup(struct rtc *r)
{
	rtc_reset(r, &leap_eve, T0, HZ, 256 * MIB);
}

#define RD(r, i, t)	rtc_reg_read(r, i, t)

static void test_time_registers(void **state)
{
	struct rtc r;

	(void)state;
	setup(&r);
	assert_int_equal(RD(&r, RTC_SECONDS, T0), 0x58);
	assert_int_equal(RD(&r, RTC_MINUTES, T0), 0x59);
	assert_int_equal(RD(&r, RTC_HOURS, T0), 0x23);
	assert_int_equal(RD(&r, RTC_DAY_OF_WEEK, T0), 5);
	assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0), 0x29);
	assert_int_equal(RD(&r, RTC_MONTH, T0), 0x02);
	assert_int_equal(RD(&r, RTC_YEAR, T0), 0x24);
	assert_int_equal(RD(&r, RTC_CENTURY, T0), 0x20);
	/* The TSC carries it into March. */
	assert_int_equal(RD(&r, RTC_SECONDS, T0 + HZ - 1), 0x58);
	assert_int_equal(RD(&r, RTC_SECONDS, T0 + HZ), 0x59);
	assert_int_equal(RD(&r, RTC_SECONDS, T0 + 2 * HZ), 0x00);
	assert_int_equal(RD(&r, RTC_HOURS, T0 + 2 * HZ), 0x00);
	assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0 + 2 * HZ), 0x01);
	assert_int_equal(RD(&r, RTC_MONTH, T0 + 2 * HZ), 0x03);
	assert_int_equal(RD(&r, RTC_DAY_OF_WEEK, T0 + 2 * HZ), 6);
	/* Binary, then 12 h: the registers follow B at once. */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B,
				       RTC_B_24H | RTC_B_BINARY, T0), 0);
	assert_int_equal(RD(&r, RTC_SECONDS, T0), 58);
	assert_int_equal(RD(&r, RTC_YEAR, T0), 24);
	assert_int_equal(RD(&r, RTC_CENTURY, T0), 20);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_BINARY, T0), 0);
	assert_int_equal(RD(&r, RTC_HOURS, T0), 0x8b);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, 0, T0), 0);
	assert_int_equal(RD(&r, RTC_HOURS, T0), 0x91);
	assert_int_equal(RD(&r, RTC_HOURS, T0 + 2 * HZ), 0x12);
	assert_int_equal(RD(&r, RTC_REG_B, T0), 0);
}

static void test_status_registers(void **state)
{
	struct rtc r;

	(void)state;
	setup(&r);
	assert_int_equal(RD(&r, RTC_REG_A, T0), RTC_A_RESET);
	assert_int_equal(RD(&r, RTC_REG_B, T0), RTC_B_24H);
	assert_int_equal(RD(&r, RTC_REG_D, T0), RTC_D_VRT);
	/* UIP: the last 244 us of each second. */
	assert_int_equal(RD(&r, RTC_REG_A, T0 + HZ - 244), RTC_A_RESET | RTC_A_UIP);
	assert_int_equal(RD(&r, RTC_REG_A, T0 + HZ - 1), RTC_A_RESET | RTC_A_UIP);
	assert_int_equal(RD(&r, RTC_REG_A, T0 + HZ - 245), RTC_A_RESET);
	assert_int_equal(RD(&r, RTC_REG_A, T0 + HZ), RTC_A_RESET);
	/* UIP is read-only. */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_A, 0xa5, T0), 0);
	assert_int_equal(RD(&r, RTC_REG_A, T0 + 1), 0x25);
	/* C: UF once per second that ended; IRQF with UIE; read clears. */
	assert_int_equal(RD(&r, RTC_REG_C, T0 + 10), 0);
	assert_int_equal(RD(&r, RTC_REG_C, T0 + HZ), RTC_C_UF);
	assert_int_equal(RD(&r, RTC_REG_C, T0 + HZ + 5), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_UIE,
				       T0), 0);
	assert_int_equal(RD(&r, RTC_REG_C, T0 + 3 * HZ),
			 RTC_C_UF | RTC_C_IRQF);
	/* C and D are read-only. */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_D, 0, T0), 0);
	assert_int_equal(RD(&r, RTC_REG_D, T0), RTC_D_VRT);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_C, 0xff, T0), 0);
	assert_int_equal(RD(&r, RTC_REG_C, T0 + 3 * HZ), 0);
}

/* B.SET: the clock holds, the guest writes, clearing SET runs it. */
static void test_set_mode(void **state)
{
	struct rtc r;
	uint64_t t1 = T0 + 10 * HZ;

	(void)state;
	setup(&r);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_SET |
				       RTC_B_UIE, t1), 0);
	assert_int_equal(RD(&r, RTC_REG_B, t1), RTC_B_24H | RTC_B_SET);
	assert_int_equal(RD(&r, RTC_SECONDS, t1 + 7 * HZ), 0x08);
	assert_int_equal(RD(&r, RTC_REG_A, t1 + HZ - 1), RTC_A_RESET);
	assert_int_equal(rtc_reg_write(&r, RTC_SECONDS, 0x30, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_MINUTES, 0x15, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_HOURS, 0x07, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_DAY_OF_MONTH, 0x04, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_MONTH, 0x07, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_YEAR, 0x76, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_CENTURY, 0x19, t1), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_DAY_OF_WEEK, 0x01, t1), 0);
	assert_int_equal(RD(&r, RTC_SECONDS, t1 + 50 * HZ), 0x30);
	assert_int_equal(RD(&r, RTC_DAY_OF_WEEK, t1), 1);	/* Sunday */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H,
				       t1 + 100 * HZ), 0);
	assert_int_equal(RD(&r, RTC_SECONDS, t1 + 100 * HZ), 0x30);
	assert_int_equal(RD(&r, RTC_SECONDS, t1 + 103 * HZ), 0x33);
	assert_int_equal(RD(&r, RTC_MINUTES, t1 + 103 * HZ), 0x15);
	assert_int_equal(RD(&r, RTC_HOURS, t1 + 103 * HZ), 0x07);
	assert_int_equal(RD(&r, RTC_YEAR, t1 + 103 * HZ), 0x76);
	assert_int_equal(RD(&r, RTC_CENTURY, t1 + 103 * HZ), 0x19);
	/* Written while running, a field moves the offset at once. */
	assert_int_equal(rtc_reg_write(&r, RTC_MINUTES, 0x40,
				       t1 + 103 * HZ), 0);
	assert_int_equal(RD(&r, RTC_MINUTES, t1 + 104 * HZ), 0x40);
	assert_int_equal(RD(&r, RTC_SECONDS, t1 + 104 * HZ), 0x34);
}

/* Under SET the registers are bytes: any order, any value, any form
 * change leaves them as written; the time is judged when SET clears. */
static void test_set_mode_bytes(void **state)
{
	struct rtc r;

	(void)state;
	setup(&r);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_SET,
				       T0), 0);
	/* 31 before the month is 1: February 31st on the way. */
	assert_int_equal(rtc_reg_write(&r, RTC_DAY_OF_MONTH, 0x31, T0), 0);
	assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0), 0x31);
	assert_int_equal(rtc_reg_write(&r, RTC_MONTH, 0x01, T0), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_DAY_OF_WEEK, 0x07, T0), 0);
	assert_int_equal(RD(&r, RTC_DAY_OF_WEEK, T0), 0x07);
	/* A form change under SET converts nothing (QEMU neither). */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_SET |
				       RTC_B_BINARY, T0), 0);
	assert_int_equal(RD(&r, RTC_SECONDS, T0), 0x58);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_SET,
				       T0), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H, T0 + HZ), 0);
	assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0 + HZ), 0x31);
	assert_int_equal(RD(&r, RTC_MONTH, T0 + HZ), 0x01);
	assert_int_equal(RD(&r, RTC_SECONDS, T0 + HZ), 0x58);
	assert_int_equal(RD(&r, RTC_DAY_OF_WEEK, T0 + HZ), 4);	/* Wed */

	/* Not a time when SET clears: refused, the clock runs on from
	 * where SET stopped it. */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H | RTC_B_SET,
				       T0 + 3 * HZ), 0);
	assert_int_equal(RD(&r, RTC_MONTH, T0 + 3 * HZ), 0x02);
	assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0 + 3 * HZ), 0x01);
	assert_int_equal(rtc_reg_write(&r, RTC_DAY_OF_MONTH, 0x31, T0), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, RTC_B_24H, T0 + 9 * HZ),
			 -1);
	assert_int_equal(RD(&r, RTC_REG_B, T0), RTC_B_24H);
	assert_int_equal(RD(&r, RTC_MONTH, T0 + 9 * HZ), 0x02);
	assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0 + 9 * HZ), 0x01);
	assert_int_equal(RD(&r, RTC_SECONDS, T0 + 9 * HZ), 0x00);
	assert_int_equal(RD(&r, RTC_SECONDS, T0 + 10 * HZ), 0x01);
}

/* A time that is none is refused and changes nothing. */
static void test_bad_time_refused(void **state)
{
	static const struct { uint8_t index, val; } bad[] = {
		{ RTC_SECONDS, 0x60 }, { RTC_SECONDS, 0x5a },
		{ RTC_MINUTES, 0x60 }, { RTC_HOURS, 0x24 },
		{ RTC_DAY_OF_MONTH, 0x30 },	/* February 30th */
		{ RTC_DAY_OF_MONTH, 0x00 }, { RTC_MONTH, 0x13 },
		{ RTC_MONTH, 0x00 }, { RTC_YEAR, 0xff }, { RTC_CENTURY, 0xa0 },
	};
	struct rtc r;
	unsigned int i;

	(void)state;
	setup(&r);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(rtc_reg_write(&r, bad[i].index, bad[i].val,
					       T0), -1);
		assert_int_equal(RD(&r, RTC_SECONDS, T0), 0x58);
		assert_int_equal(RD(&r, RTC_DAY_OF_MONTH, T0), 0x29);
		assert_int_equal(RD(&r, RTC_MONTH, T0), 0x02);
		assert_int_equal(RD(&r, RTC_YEAR, T0), 0x24);
	}
	/* 12 h mode: hour 0 is no hour; 12 AM is. */
	assert_int_equal(rtc_reg_write(&r, RTC_REG_B, 0, T0), 0);
	assert_int_equal(rtc_reg_write(&r, RTC_HOURS, 0x00, T0), -1);
	assert_int_equal(rtc_reg_write(&r, RTC_HOURS, 0x12, T0), 0);
	assert_int_equal(RD(&r, RTC_HOURS, T0), 0x12);
	/* 2023 has no February 29th. */
	assert_int_equal(rtc_reg_write(&r, RTC_YEAR, 0x23, T0), -1);
}

/* QEMU's pc_cmos_init(): KiB below 1 MiB (at most 640), KiB above it
 * (at most 65535), 64 KiB units from 16 MiB to 4 GiB and above 4 GiB. */
static void test_cmos_ram(void **state)
{
	struct rtc r;

	(void)state;
	setup(&r);
	assert_int_equal(RD(&r, CMOS_BASE_MEM_LO, T0), 0x80);
	assert_int_equal(RD(&r, CMOS_BASE_MEM_LO + 1, T0), 0x02);
	assert_int_equal(RD(&r, CMOS_EXT_MEM_LO, T0), 0xff);
	assert_int_equal(RD(&r, CMOS_EXT_MEM_LO + 1, T0), 0xff);
	assert_int_equal(RD(&r, CMOS_EXT_MEM2_LO, T0), 0xff);
	assert_int_equal(RD(&r, CMOS_EXT_MEM2_LO + 1, T0), 0xff);
	assert_int_equal(RD(&r, CMOS_MEM_16M_LO, T0), 0x00);
	assert_int_equal(RD(&r, CMOS_MEM_16M_LO + 1, T0), 0x0f);
	assert_int_equal(RD(&r, CMOS_MEM_4G_LO, T0), 0);
	assert_int_equal(RD(&r, CMOS_EQUIPMENT, T0), 0x06);
	assert_int_equal(RD(&r, CMOS_NR_CPUS_M1, T0), 0);
	assert_int_equal(RD(&r, CMOS_FLOPPY_TYPES, T0), 0);
	assert_int_equal(RD(&r, CMOS_SHUTDOWN_STATUS, T0), 0);

	rtc_reset(&r, &leap_eve, T0, HZ, 8 * MIB);
	assert_int_equal(RD(&r, CMOS_EXT_MEM_LO, T0), 0x00);
	assert_int_equal(RD(&r, CMOS_EXT_MEM_LO + 1, T0), 0x1c);
	assert_int_equal(RD(&r, CMOS_MEM_16M_LO, T0), 0);
	assert_int_equal(RD(&r, CMOS_MEM_16M_LO + 1, T0), 0);

	rtc_reset(&r, &leap_eve, T0, HZ, 5120 * MIB);
	assert_int_equal(RD(&r, CMOS_MEM_16M_LO, T0), 0x00);
	assert_int_equal(RD(&r, CMOS_MEM_16M_LO + 1, T0), 0xff);
	assert_int_equal(RD(&r, CMOS_MEM_4G_LO, T0), 0x00);
	assert_int_equal(RD(&r, CMOS_MEM_4G_LO + 1, T0), 0x40);
	assert_int_equal(RD(&r, CMOS_MEM_4G_LO + 2, T0), 0x00);

	/* The rest is RAM; the index wraps at 128 (bit 7 is the NMI's). */
	assert_int_equal(rtc_reg_write(&r, 0x40, 0xab, T0), 0);
	assert_int_equal(RD(&r, 0x40, T0), 0xab);
	assert_int_equal(RD(&r, 0xc0, T0), 0xab);
	assert_int_equal(rtc_reg_write(&r, CMOS_SHUTDOWN_STATUS, 0x0a, T0), 0);
	assert_int_equal(RD(&r, CMOS_SHUTDOWN_STATUS, T0), 0x0a);
	assert_int_equal(rtc_reg_write(&r, RTC_SECONDS_ALARM, 0x33, T0), 0);
	assert_int_equal(RD(&r, RTC_SECONDS_ALARM, T0), 0x33);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bcd_binary),
		cmocka_unit_test(test_12h),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_time_registers),
		cmocka_unit_test(test_status_registers),
		cmocka_unit_test(test_set_mode),
		cmocka_unit_test(test_set_mode_bytes),
		cmocka_unit_test(test_bad_time_refused),
		cmocka_unit_test(test_cmos_ram),
	};

	return cmocka_run_group_tests_name("rtc", tests, NULL, NULL);
}
