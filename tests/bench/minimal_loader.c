/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reference `seccap apply` is measured against (issue 13): the least
 * a program can do to run a command under a filter someone else compiled.
 * Read a raw BPF program (`seccap show --format bpf`), set no_new_privs,
 * load it with seccomp(2), exec the command.  libc only, no parsing, no
 * cache, no capability handling.
 *
 *   usage: minimal_loader BPF-FILE COMMAND [ARG]...
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sock_filter insns[BPF_MAXINSNS];

int main(int argc, char **argv)
{
	struct sock_fprog prog = { .filter = insns };
	ssize_t n;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: minimal_loader BPF-FILE COMMAND [ARG]...\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "minimal_loader: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	n = read(fd, insns, sizeof(insns));
	close(fd);
	if (n <= 0 || n % (ssize_t)sizeof(insns[0])) {
		fprintf(stderr, "minimal_loader: %s: not a raw BPF program\n", argv[1]);
		return 1;
	}
	prog.len = (unsigned short)(n / (ssize_t)sizeof(insns[0]));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		fprintf(stderr, "minimal_loader: loading %s: %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	execv(argv[2], argv + 2);
	fprintf(stderr, "minimal_loader: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
