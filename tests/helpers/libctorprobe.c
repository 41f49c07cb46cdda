/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A preload library whose constructor makes one syscall (getppid) and
 * writes "ctor: ok" or "ctor: ERRNO-NAME" on stdout: beside libcapfilter.so
 * in LD_PRELOAD it shows whether it ran before or after the filter.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((constructor)) static void ctorprobe(void)
{
	long r = syscall(SYS_getppid);
	const char *what = r < 0 ? strerrorname_np(errno) : "ok";
	char line[64] = "ctor: ";

	strncat(line, what ? what : "?", sizeof(line) - strlen(line) - 2);
	strcat(line, "\n");
	if (write(STDOUT_FILENO, line, strlen(line)) < 0) {
		/* the test sees the missing line */
	}
}
