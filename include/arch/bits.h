/*
 * bits.h - a bit of a register, spelled so that C and assembly can share
 * the hardware headers: in C an unsigned constant of the register's width,
 * in assembly a plain number.
 */
#ifndef ARCH_BITS_H
#define ARCH_BITS_H

#ifdef __ASSEMBLY__
#define X86_BIT(n)	(1 << (n))
#define X86_BIT32(n)	(1 << (n))
#else
#define X86_BIT(n)	(1ul << (n))	/* a 64-bit register's bit */
#define X86_BIT32(n)	(1u << (n))	/* a 32-bit register's bit */
#endif

#endif
