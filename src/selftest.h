/*
 * selftest.h - self-tests chosen on the command line (selftest=NAME): each
 * changes what the machine does so a test can watch a failure path that a
 * well-behaved run never takes.
 */
#ifndef SELFTEST_H
#define SELFTEST_H

#include "vcpu.h"

/* Returns 0, or -1 when @name is not a known self-test (printed). */
int selftest_before_entry(struct vcpu *v, const char *name);

#endif
