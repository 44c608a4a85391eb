/*
 * syscalls.c - the system calls newlib's libc expects from its platform
 * (newlib's libc/include/reent.h lists them: built with
 * MISSING_SYSCALL_NAMES, it calls them by their POSIX names). The host has
 * one output,
 * the console, no input and no files; exit() ends the machine. sbrk()
 * lives in mem.c with the heap it hands out.
 */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console.h"
#include "machine.h"

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, len);
	return (_READ_WRITE_RETURN_TYPE)len;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t len)
{
	(void)fd; (void)buf; (void)len;
	return 0;
}

int close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;	/* a terminal: newlib line-buffers stdout */
	return 0;
}

int isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)fd; (void)off; (void)whence;
	errno = ESPIPE;
	return -1;
}

pid_t getpid(void)
{
	return 1;
}

int kill(pid_t pid, int sig)
{
	(void)pid;
	/* abort() raises SIGABRT at itself: end the machine, as exit would. */
	machine_exit(128 + sig);
}

void _exit(int code)
{
	machine_exit(code);
}
