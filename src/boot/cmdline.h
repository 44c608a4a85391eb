/*
 * cmdline.h - the kernel command line GRUB passes, as named options.
 *
 * The line is words separated by spaces, each `name=value` or `name`.
 * Every option the hypervisor knows is a row of one table (cmdline.c);
 * an unknown word is kept so the caller can warn about it by name, and a
 * known option with a bad value is an error naming the option and value.
 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stddef.h>
#include <stdint.h>

enum tristate { TRI_OFF = 0, TRI_ON = 1, TRI_AUTO = 2 };

#define CMDLINE_MAX_UNKNOWN	8
#define CMDLINE_WORD_MAX	64
#define CMDLINE_MAX_HVT_WORDS	16

struct vmm_config {
	unsigned int loglevel;		/* 0 quiet .. 4 debug; default 2 */
	uint64_t guest_mem;		/* bytes of guest RAM; default 64 MiB */
	enum tristate fastpath;		/* on/off; default on */
	enum tristate early_checks;	/* on/off/auto; default auto */
	enum tristate apicv;		/* on/off; default on (when the CPU
					 * has virtual-interrupt delivery) */
	enum tristate exit_trace;	/* on/off: print every exit; off */
	enum tristate stats;		/* exit statistics: on/off/auto;
					 * auto: at an abnormal end or
					 * loglevel=3 and up */
	char selftest[CMDLINE_WORD_MAX];	/* "" = none */
	/* An hvt guest's devices, as solo5-hvt's options without the
	 * dashes: block:NAME=FILE, block-size:NAME=N, net:NAME=peer,
	 * net-mac:NAME=MAC, and ours, net-mtu:NAME=N, net-ping:NAME=N;
	 * kept as words for src/loader/hvt_attach.c. */
	unsigned int nr_hvt_words;
	char hvt_words[CMDLINE_MAX_HVT_WORDS][CMDLINE_WORD_MAX];
	unsigned int nr_unknown;
	char unknown[CMDLINE_MAX_UNKNOWN][CMDLINE_WORD_MAX];
};

#define LOG_ERR		0
#define LOG_WARN	1
#define LOG_INFO	2
#define LOG_VERBOSE	3
#define LOG_DEBUG	4

void cmdline_defaults(struct vmm_config *cfg);

/*
 * Parse @line into @cfg (which holds the defaults on entry). Returns 0, or
 * -1 with a one-line reason in @err for a known option with a bad value or
 * a word too long to be an option.
 */
int cmdline_parse(const char *line, struct vmm_config *cfg,
		  char *err, size_t errlen);

/* Decimal digits only, no overflow: the value, or -1 when malformed. */
int parse_uint(const char *s, uint64_t *out);

/* "64M", "1G", "4096K", "65536": a size in bytes; -1 when malformed. */
int parse_size(const char *s, uint64_t *out);

#endif
