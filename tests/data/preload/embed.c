/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A program that confines itself through the public API, built by the
 * preload test with nothing but `pkg-config --cflags --libs libcapfilter`
 * and strict C99 (the header must stand alone).
 *   embed PROFILE [CAPS]   confine, then report getppid(2)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <seccap.h>

int main(int argc, char **argv)
{
	struct seccap_error err;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: embed PROFILE [CAPS]\n");
		return 2;
	}
	if (seccap_confine(argv[1], argc == 3 ? argv[2] : NULL, 0, &err) < 0) {
		fprintf(stderr, "embed: %s:%u: %s\n", err.file, err.line,
			err.msg);
		return 1;
	}
	if (syscall(SYS_getppid) < 0) {
		printf("getppid: %s\n", strerror(errno));
		return 0;
	}
	printf("getppid: allowed\n");
	return 0;
}
