/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A tiny program the preload tests run under libcapfilter.so.  Each command
 * makes one syscall and prints what happened on stdout:
 *   probe create FILE     create FILE in main (fail-closed tests check that
 *                         it does not exist afterwards)
 *   probe chmod FILE      chmod(FILE, 0600)
 *   probe getppid         getppid(2) through syscall(2)
 *   probe unshare-user    unshare(CLONE_NEWUSER)
 *   probe secure          print getauxval(AT_SECURE)
 * It prints "ok" or the errno name and exits 0 or 1.  With PROBE_CTOR_FILE
 * set, its own constructor (which runs after the preload's) creates that
 * file first, to show the preload stopped the process before it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((constructor)) static void probe_ctor(void)
{
	const char *f = getenv("PROBE_CTOR_FILE");
	int fd;

	if (!f)
		return;
	fd = open(f, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
}

static int report(long r)
{
	if (r < 0) {
		printf("%s\n", strerrorname_np(errno) ? strerrorname_np(errno) : "?");
		return 1;
	}
	printf("ok\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "create") == 0) {
		int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);

		if (fd >= 0)
			close(fd);
		return report(fd);
	}
	if (argc == 3 && strcmp(argv[1], "chmod") == 0)
		return report(chmod(argv[2], 0600));
	if (argc == 2 && strcmp(argv[1], "getppid") == 0)
		return report(syscall(SYS_getppid));
	if (argc == 2 && strcmp(argv[1], "unshare-user") == 0)
		return report(unshare(CLONE_NEWUSER));
	if (argc == 2 && strcmp(argv[1], "secure") == 0) {
		printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
		return 0;
	}
	fprintf(stderr, "usage: probe create FILE | chmod FILE | getppid | unshare-user | secure\n");
	return 2;
}
