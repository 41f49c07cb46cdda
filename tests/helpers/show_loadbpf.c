/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Load a raw classic-BPF program (an array of struct sock_filter, what
 * `seccap show --format bpf` writes and `bwrap --seccomp FD` reads) the way
 * bubblewrap does -- no_new_privs, then prctl(PR_SET_SECCOMP) -- and exec a
 * command under it:  show_loadbpf FILE COMMAND [ARG]...
 * Exit status: 125 when the file is unusable or the load fails (with a
 * message), 127 when COMMAND cannot be executed, else COMMAND's.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_BYTES (BPF_MAXINSNS * sizeof(struct sock_filter))

int main(int argc, char **argv)
{
	static struct sock_filter insns[BPF_MAXINSNS + 1];
	struct sock_fprog prog;
	size_t len = 0;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: %s FILE COMMAND [ARG]...\n", argv[0]);
		return 125;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(errno));
		return 125;
	}
	for (;;) {
		ssize_t n = read(fd, (char *)insns + len, sizeof(insns) - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1],
				strerror(errno));
			return 125;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len == 0 || len % sizeof(struct sock_filter) || len > MAX_BYTES) {
		fprintf(stderr, "%s: %s: %zu bytes is not a BPF program\n",
			argv[0], argv[1], len);
		return 125;
	}
	prog.len = (unsigned short)(len / sizeof(struct sock_filter));
	prog.filter = insns;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		fprintf(stderr, "%s: cannot load %s: %s\n", argv[0], argv[1],
			strerror(errno));
		return 125;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[2], strerror(errno));
	return 127;
}
