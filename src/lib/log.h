/*
 * log.h - leveled console output; the level comes from loglevel= on the
 * kernel command line (cmdline.h names the levels).
 */
#ifndef LOG_H
#define LOG_H

#include <stdio.h>

#include "cmdline.h"

extern unsigned int vmm_loglevel;

#define pr_level(level, ...)						\
	do {								\
		if ((level) <= vmm_loglevel)				\
			printf(__VA_ARGS__);				\
	} while (0)
#define pr_err(...)	pr_level(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	pr_level(LOG_WARN, __VA_ARGS__)
#define pr_info(...)	pr_level(LOG_INFO, __VA_ARGS__)
#define pr_verbose(...)	pr_level(LOG_VERBOSE, __VA_ARGS__)
#define pr_debug(...)	pr_level(LOG_DEBUG, __VA_ARGS__)

#endif
