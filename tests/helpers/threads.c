/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Threads started by a library constructor, before the preload ran, must be
 * confined too (TSYNC).  Prints one line per thread and exits 0 only if the
 * library saw no filter at its constructor and every thread, main included,
 * got the profile's errno from getppid(2).
 *   threads ERRNO_NAME
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int threadctor_run(int *errs, int *ctor_mode);

static const char *name_of(int e)
{
	if (e == 0)
		return "allowed";
	if (e < 0)
		return "no-filter";
	return strerrorname_np(e) ? strerrorname_np(e) : "?";
}

int main(int argc, char **argv)
{
	int errs[16], ctor_mode = -1, n, fails = 0, me;

	if (argc != 2) {
		fprintf(stderr, "usage: threads ERRNO_NAME\n");
		return 2;
	}
	n = threadctor_run(errs, &ctor_mode);
	me = syscall(SYS_getppid) < 0 ? errno : 0;
	printf("ctor-seccomp %d\n", ctor_mode);
	printf("threads %d\n", n);
	printf("main %s\n", name_of(me));
	fails += strcmp(name_of(me), argv[1]) != 0;
	for (int i = 0; i < n; i++) {
		printf("thread%d %s\n", i, name_of(errs[i]));
		fails += strcmp(name_of(errs[i]), argv[1]) != 0;
	}
	if (ctor_mode != 0 || n < 1)
		fails++;
	return fails ? 1 : 0;
}
