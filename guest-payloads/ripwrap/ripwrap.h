/*
 * ripwrap.h - where ripwrap's two CPUIDs go: the last two bytes below
 * 4 GiB, and the last two canonical bytes of the lower half (48-bit
 * linear addresses). Plain #defines, for wrap.S and ripwrap.c.
 */
#ifndef RIPWRAP_H
#define RIPWRAP_H

#define WRAP32_CPUID	0xfffffffe
#define WRAP64_CPUID	0x7ffffffffffe

#endif
