/*
 * test_cmdline.c - the kernel command-line parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cmdline.h"

static int parse(const char *line, struct vmm_config *cfg, char *err)
{
	cmdline_defaults(cfg);
	return cmdline_parse(line, cfg, err, 128);
}

static void test_defaults(void **state)
{
	struct vmm_config cfg;
	char err[128];

	(void)state;
	assert_int_equal(parse("", &cfg, err), 0);
	assert_int_equal(cfg.loglevel, LOG_INFO);
	assert_int_equal(cfg.guest_mem, 64ull << 20);
	assert_int_equal(cfg.fastpath, TRI_ON);
	assert_int_equal(cfg.early_checks, TRI_AUTO);
	assert_int_equal(cfg.apicv, TRI_ON);
	assert_int_equal(cfg.stats, TRI_AUTO);
	assert_int_equal(cfg.nr_unknown, 0);
}

static void test_known_options(void **state)
{
	struct vmm_config cfg;
	char err[128];

	(void)state;
	assert_int_equal(parse("loglevel=4  guest_mem=128M fastpath=off "
			       "early_checks=on apicv=off selftest=vmcs-checks "
			       "stats=on", &cfg, err), 0);
	assert_int_equal(cfg.stats, TRI_ON);
	assert_int_equal(cfg.apicv, TRI_OFF);
	assert_int_equal(cfg.loglevel, 4);
	assert_int_equal(cfg.guest_mem, 128ull << 20);
	assert_int_equal(cfg.fastpath, TRI_OFF);
	assert_int_equal(cfg.early_checks, TRI_ON);
	assert_string_equal(cfg.selftest, "vmcs-checks");
	assert_int_equal(parse("stats=off", &cfg, err), 0);
	assert_int_equal(cfg.stats, TRI_OFF);
	assert_int_equal(parse("stats=auto", &cfg, err), 0);
	assert_int_equal(cfg.stats, TRI_AUTO);
}

static void test_path_first_word_skipped(void **state)
{
	struct vmm_config cfg;
	char err[128];

	(void)state;
	assert_int_equal(parse("/boot/vmm.elf loglevel=1", &cfg, err), 0);
	assert_int_equal(cfg.loglevel, 1);
	assert_int_equal(cfg.nr_unknown, 0);
	/* Only the first word may be the image path. */
	assert_int_equal(parse("loglevel=1 /boot/x", &cfg, err), 0);
	assert_int_equal(cfg.nr_unknown, 1);
	assert_string_equal(cfg.unknown[0], "/boot/x");
}

static void test_unknown_kept_for_warning(void **state)
{
	struct vmm_config cfg;
	char err[128];

	(void)state;
	assert_int_equal(parse("quiet loglevel=2 foo=bar", &cfg, err), 0);
	assert_int_equal(cfg.nr_unknown, 2);
	assert_string_equal(cfg.unknown[0], "quiet");
	assert_string_equal(cfg.unknown[1], "foo=bar");
	/* A prefix of a known name is not that option. */
	assert_int_equal(parse("log=3", &cfg, err), 0);
	assert_int_equal(cfg.nr_unknown, 1);
	assert_int_equal(cfg.loglevel, LOG_INFO);
}

static void test_bad_values(void **state)
{
	struct vmm_config cfg;
	char err[128];

	(void)state;
	assert_int_equal(parse("loglevel=9", &cfg, err), -1);
	assert_string_equal(err, "bad value '9' for option loglevel");
	assert_int_equal(parse("loglevel=", &cfg, err), -1);
	assert_int_equal(parse("loglevel", &cfg, err), -1);
	assert_int_equal(parse("fastpath=auto", &cfg, err), -1);
	assert_int_equal(parse("early_checks=maybe", &cfg, err), -1);
	assert_int_equal(parse("stats=yes", &cfg, err), -1);
	assert_int_equal(parse("guest_mem=12Q", &cfg, err), -1);
	assert_int_equal(parse("guest_mem=512K", &cfg, err), -1);	/* < 1M */
	assert_int_equal(parse("guest_mem=99999999999G", &cfg, err), -1);
	assert_int_equal(parse("guest_mem=1048577", &cfg, err), -1);	/* not 4K */
}

static void test_word_too_long(void **state)
{
	struct vmm_config cfg;
	char err[128], line[200];

	(void)state;
	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(parse(line, &cfg, err), -1);
}

static void test_parse_size(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_size("2k", &v), 0);
	assert_int_equal(v, 2048);
	assert_int_equal(parse_size("1G", &v), 0);
	assert_int_equal(v, 1ull << 30);
	assert_int_equal(parse_size("", &v), -1);
	assert_int_equal(parse_size("M", &v), -1);
	assert_int_equal(parse_size("-1", &v), -1);
	assert_int_equal(parse_size("18446744073709551615K", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_known_options),
		cmocka_unit_test(test_path_first_word_skipped),
		cmocka_unit_test(test_unknown_kept_for_warning),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_word_too_long),
		cmocka_unit_test(test_parse_size),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
