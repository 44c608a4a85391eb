/*
 * rtc.h - the MC146818 real-time clock and CMOS RAM at ports 0x70/0x71
 * (rtc.c). The model is pure: time is a TSC value handed in, so the host
 * unit tests drive it with any clock; rtc.c's port handlers feed it
 * rdtsc().
 */
#ifndef DEV_RTC_H
#define DEV_RTC_H

#include <stdint.h>

/* MC146818A data sheet, "Address Map" and "Register A" to "Register D". */
#define RTC_SECONDS		0x00
#define RTC_SECONDS_ALARM	0x01
#define RTC_MINUTES		0x02
#define RTC_MINUTES_ALARM	0x03
#define RTC_HOURS		0x04
#define RTC_HOURS_ALARM		0x05
#define RTC_DAY_OF_WEEK		0x06	/* 1 = Sunday */
#define RTC_DAY_OF_MONTH	0x07
#define RTC_MONTH		0x08
#define RTC_YEAR		0x09
#define RTC_REG_A		0x0a
#define RTC_REG_B		0x0b
#define RTC_REG_C		0x0c
#define RTC_REG_D		0x0d
#define RTC_CENTURY		0x32	/* IBM PC/AT convention, as QEMU's */
#define RTC_CMOS_SIZE		128

#define RTC_INDEX_NMI_DISABLE	0x80	/* port 0x70 bit 7: the PC's NMI mask */
#define RTC_INDEX_MASK		0x7f

#define RTC_A_UIP		0x80	/* update in progress: read-only */
#define RTC_A_RESET		0x26	/* 32.768 kHz divider, 1024 Hz rate */
#define RTC_B_SET		0x80	/* updates stopped while set */
#define RTC_B_UIE		0x10
#define RTC_B_24H		0x02
#define RTC_B_BINARY		0x04	/* DM: binary, else BCD */
#define RTC_B_RESET		RTC_B_24H	/* as QEMU: 24 h, BCD */
#define RTC_C_IRQF		0x80
#define RTC_C_UF		0x10	/* an update ended since C was read */
#define RTC_D_VRT		0x80	/* valid RAM and time: battery good */
#define RTC_HOUR_PM		0x80	/* 12 h mode: the hour's PM bit */

/* The update cycle lasts 1984 us and UIP rises 244 us before it
 * (data sheet, "Update Cycle"): UIP reads 1 for those 244 us. */
#define RTC_UIP_US		244

/* The CMOS bytes QEMU's pc_cmos_init() stores and kernels read. */
#define CMOS_SHUTDOWN_STATUS	0x0f
#define CMOS_FLOPPY_TYPES	0x10
#define CMOS_EQUIPMENT		0x14
#define CMOS_BASE_MEM_LO	0x15	/* KiB below 1 MiB, at most 640 */
#define CMOS_EXT_MEM_LO		0x17	/* KiB above 1 MiB, at most 65535 */
#define CMOS_EXT_MEM2_LO	0x30	/* the same again */
#define CMOS_MEM_16M_LO		0x34	/* 64 KiB units, 16 MiB - 4 GiB */
#define CMOS_MEM_4G_LO		0x5b	/* 64 KiB units above 4 GiB, 3 bytes */
#define CMOS_NR_CPUS_M1		0x5f	/* processors - 1 */
#define CMOS_EQUIP_FPU		0x02
#define CMOS_EQUIP_PS2_MOUSE	0x04

/* A broken-down time: year in full (0-9999), month 1-12, day 1-31,
 * wday 0-6 with 0 = Sunday. */
struct rtc_time {
	int year, mon, mday, hour, min, sec, wday;
};

struct rtc {
	uint8_t cmos[RTC_CMOS_SIZE];	/* A-D, alarms and the RAM */
	uint8_t index;			/* RTC_INDEX_MASK bits */
	uint8_t nmi_disabled;		/* the last index write's bit 7 */
	uint64_t tsc0, hz, uip_ticks;	/* the clock: TSC at start, its rate */
	int64_t base;			/* guest seconds since 1970 at tsc0 */
	int64_t held;			/* the time B.SET stopped at */
	uint64_t uf_sec;		/* clock second of the last C read */
};

/* Seconds since 1970-01-01 00:00:00 and back (proleptic Gregorian). */
int64_t rtc_seconds(const struct rtc_time *t);
void rtc_break_down(int64_t secs, struct rtc_time *t);

/* A register value in the mode register B selects (BCD or binary; the
 * hour in 24 h or 12 h with RTC_HOUR_PM), and back: -1 for a value that
 * is not one (a BCD digit above 9, a 12 h hour of 0 or above 12). */
uint8_t rtc_to_reg(unsigned int v, uint8_t reg_b);
int rtc_from_reg(uint8_t r, uint8_t reg_b);
uint8_t rtc_hour_to_reg(unsigned int hour, uint8_t reg_b);
int rtc_hour_from_reg(uint8_t r, uint8_t reg_b);

/* A clock that reads @t at TSC @tsc0 and counts @hz ticks a second, its
 * RAM as QEMU's pc machine fills it for @ram bytes of guest RAM. */
void rtc_reset(struct rtc *r, const struct rtc_time *t, uint64_t tsc0,
	       uint64_t hz, uint64_t ram);

/* The register at @index (RTC_INDEX_MASK bits), read or written at TSC
 * @tsc. A write returns 0, or -1 when it would set a time that is none
 * (seconds 60, month 13, February 30th), which is not set: the caller
 * reports it as a one-line denial. */
uint8_t rtc_reg_read(struct rtc *r, unsigned int index, uint64_t tsc);
int rtc_reg_write(struct rtc *r, unsigned int index, uint8_t val,
		  uint64_t tsc);

/* Read the host's CMOS clock and the TSC rate (io_init, once). */
void rtc_init(void);
/* Nanoseconds since 1970 at TSC @tsc: the host's CMOS time read at
 * rtc_init, advanced by the TSC at its measured rate. */
uint64_t rtc_host_ns(uint64_t tsc);

#endif
