/*
 * cmdline.c - kernel command-line options (see cmdline.h).
 *
 * One table row per option: its name and a parser that stores the value
 * in struct vmm_config. GRUB's multiboot2 command passes the image path as
 * the first word; a first word that looks like a path is skipped.
 */
#include "cmdline.h"

#include <stdio.h>
#include <string.h>

#define GUEST_MEM_DEFAULT	(64ull << 20)
#define GUEST_MEM_MIN		(1ull << 20)
#define GUEST_MEM_MAX		(3ull << 30)

struct option {
	const char *name;
	int (*parse)(const char *val, struct vmm_config *cfg);
};

int parse_uint(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	char digits[CMDLINE_WORD_MAX];
	size_t n = strlen(s);
	unsigned int shift = 0;
	uint64_t v;

	if (n == 0 || n >= sizeof(digits))
		return -1;
	memcpy(digits, s, n + 1);
	switch (digits[n - 1]) {
	case 'K': case 'k': shift = 10; break;
	case 'M': case 'm': shift = 20; break;
	case 'G': case 'g': shift = 30; break;
	default: break;
	}
	if (shift)
		digits[n - 1] = '\0';
	if (parse_uint(digits, &v) || (v << shift) >> shift != v)
		return -1;
	*out = v << shift;
	return 0;
}

static int parse_tristate(const char *val, enum tristate *out, int allow_auto)
{
	if (!strcmp(val, "on"))
		*out = TRI_ON;
	else if (!strcmp(val, "off"))
		*out = TRI_OFF;
	else if (allow_auto && !strcmp(val, "auto"))
		*out = TRI_AUTO;
	else
		return -1;
	return 0;
}

static int opt_loglevel(const char *val, struct vmm_config *cfg)
{
	uint64_t v;

	if (parse_uint(val, &v) || v > LOG_DEBUG)
		return -1;
	cfg->loglevel = (unsigned int)v;
	return 0;
}

static int opt_guest_mem(const char *val, struct vmm_config *cfg)
{
	uint64_t v;

	if (parse_size(val, &v) || v < GUEST_MEM_MIN || v > GUEST_MEM_MAX ||
	    v % 4096)
		return -1;
	cfg->guest_mem = v;
	return 0;
}

static int opt_fastpath(const char *val, struct vmm_config *cfg)
{
	return parse_tristate(val, &cfg->fastpath, 0);
}

static int opt_early_checks(const char *val, struct vmm_config *cfg)
{
	return parse_tristate(val, &cfg->early_checks, 1);
}

static int opt_apicv(const char *val, struct vmm_config *cfg)
{
	return parse_tristate(val, &cfg->apicv, 0);
}

static int opt_exit_trace(const char *val, struct vmm_config *cfg)
{
	return parse_tristate(val, &cfg->exit_trace, 0);
}

static int opt_stats(const char *val, struct vmm_config *cfg)
{
	return parse_tristate(val, &cfg->stats, 1);
}

static int opt_selftest(const char *val, struct vmm_config *cfg)
{
	if (!*val)
		return -1;
	snprintf(cfg->selftest, sizeof(cfg->selftest), "%s", val);
	return 0;
}

static const struct option options[] = {
	{ "loglevel", opt_loglevel },		/* 0..4 */
	{ "guest_mem", opt_guest_mem },		/* 1M..3G, 4 KiB multiple */
	{ "fastpath", opt_fastpath },		/* on|off */
	{ "early_checks", opt_early_checks },	/* on|off|auto */
	{ "apicv", opt_apicv },			/* on|off */
	{ "exit_trace", opt_exit_trace },	/* on|off */
	{ "stats", opt_stats },			/* on|off|auto */
	{ "selftest", opt_selftest },		/* a self-test's name */
};

void cmdline_defaults(struct vmm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->loglevel = LOG_INFO;
	cfg->guest_mem = GUEST_MEM_DEFAULT;
	cfg->fastpath = TRI_ON;
	cfg->early_checks = TRI_AUTO;
	cfg->exit_trace = TRI_OFF;
	cfg->apicv = TRI_ON;
	cfg->stats = TRI_AUTO;
}

static int is_hvt_word(const char *word)
{
	static const char *const prefixes[] = {
		"block:", "block-size:", "net:", "net-mac:", "net-mtu:",
		"net-ping:",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(word, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

static int apply_word(const char *word, struct vmm_config *cfg,
		      char *err, size_t errlen)
{
	const char *eq = strchr(word, '=');
	size_t klen = eq ? (size_t)(eq - word) : strlen(word);
	const char *val = eq ? eq + 1 : "";
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		if (strlen(options[i].name) != klen ||
		    strncmp(options[i].name, word, klen))
			continue;
		if (options[i].parse(val, cfg)) {
			snprintf(err, errlen, "bad value '%s' for option %s",
				 val, options[i].name);
			return -1;
		}
		return 0;
	}
	if (is_hvt_word(word)) {
		if (cfg->nr_hvt_words == CMDLINE_MAX_HVT_WORDS) {
			snprintf(err, errlen, "more than %u hvt device options "
				 "(at '%s')", CMDLINE_MAX_HVT_WORDS, word);
			return -1;
		}
		snprintf(cfg->hvt_words[cfg->nr_hvt_words++],
			 CMDLINE_WORD_MAX, "%s", word);
		return 0;
	}
	if (cfg->nr_unknown < CMDLINE_MAX_UNKNOWN)
		snprintf(cfg->unknown[cfg->nr_unknown++], CMDLINE_WORD_MAX,
			 "%s", word);
	return 0;
}

int cmdline_parse(const char *line, struct vmm_config *cfg,
		  char *err, size_t errlen)
{
	char word[CMDLINE_WORD_MAX];
	int first = 1;

	while (*line) {
		size_t n = strcspn(line, " \t");

		if (n == 0) {
			line++;
			continue;
		}
		if (n >= sizeof(word)) {
			snprintf(err, errlen, "command-line word too long "
				 "(%lu characters, at most %lu)",
				 (unsigned long)n,
				 (unsigned long)(sizeof(word) - 1));
			return -1;
		}
		memcpy(word, line, n);
		word[n] = '\0';
		line += n;
		if (first && (word[0] == '/' || word[0] == '(') &&
		    !strchr(word, '=')) {
			first = 0;
			continue;
		}
		first = 0;
		if (apply_word(word, cfg, err, errlen))
			return -1;
	}
	return 0;
}
