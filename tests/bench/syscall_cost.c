/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 2: nanoseconds per raw syscall under no filter, the floor (two
 * instructions: load an argument, allow -- what every filter that cannot
 * be skipped by the kernel's action cache costs at least), seccap's filter,
 * crun's and runc >= 1.2's (binary tree behind the ENOSYS stub) for
 * Docker's default profile.  Each measurement runs in a fresh child that
 * loads the filter and times a tight loop; the filters take turns, one run
 * of each, and the figure is the median of repeated runs.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define LOOPS 200000
#define RUNS 9

enum call { CALL_PERSONALITY, CALL_DENIED, NCALLS };
static const char *const call_names[] = { "personality", "denied" };
static int loops = LOOPS;

struct filt {
	const char *name;
	const struct sock_filter *f;
	size_t len;
};

static long do_call(enum call c)
{
	if (c == CALL_PERSONALITY)
		return syscall(SYS_personality, 0xffffffffUL);
	/* keyctl: not in Docker's default profile; denied with EPERM. */
	return syscall(SYS_keyctl, -1L, 0L, 0L, 0L, 0L);
}

/* In the child: load, check the call behaves as the filter says, time it. */
static int child(const struct filt *ft, enum call c, int fd)
{
	struct sock_fprog prog = { .len = (unsigned short)ft->len,
				   .filter = (struct sock_filter *)ft->f };
	uint64_t t0, t1;
	double ns;

	if (ft->f) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			return 2;
	}
	if (c == CALL_DENIED && ft->f && ft->len > 2 &&
	    (do_call(c) != -1 || errno != EPERM))
		return 3;
	for (int i = 0; i < 1000; i++)
		do_call(c);
	t0 = bench_now_ns();
	for (int i = 0; i < loops; i++)
		do_call(c);
	t1 = bench_now_ns();
	ns = (double)(t1 - t0) / loops;
	if (write(fd, &ns, sizeof(ns)) != sizeof(ns))
		return 4;
	return 0;
}

static double one_run(const struct filt *ft, enum call c)
{
	int p[2], st;
	double ns;
	pid_t pid;

	if (pipe(p) < 0)
		bench_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		close(p[0]);
		_exit(child(ft, c, p[1]));
	}
	close(p[1]);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		bench_die("%s/%s: child failed (status 0x%x)", ft->name,
			  call_names[c], st);
	if (read(p[0], &ns, sizeof(ns)) != sizeof(ns))
		bench_die("no result from the child");
	close(p[0]);
	return ns;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "contrib/profiles/docker-default.json";
	struct bench_set set;

	bench_set_build(&set, path);
	static const struct sock_filter floor_prog[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	const struct filt filts[] = {
		{ "none", NULL, 0 },
		{ "floor", floor_prog, 2 },
		{ "seccap", set.seccap->insns, set.seccap->len },
		{ "crun", set.crun, set.crun_len },
		{ "runc", set.runc, set.runc_len },
	};
	int runs = bench_runs(RUNS);
	loops = bench_runs(LOOPS);
	enum { NF = sizeof(filts) / sizeof(filts[0]) };
	double v[NF][NCALLS][RUNS];

	/* Interleaved, so drift of the machine hits every filter alike. */
	for (int run = 0; run < runs; run++)
		for (int c = 0; c < NCALLS; c++)
			for (int f = 0; f < NF; f++)
				v[f][c][run] = one_run(&filts[f], (enum call)c);
	for (int c = 0; c < NCALLS; c++)
		for (int f = 0; f < NF; f++)
			printf("ns.%s.%s %.1f\n", filts[f].name, call_names[c],
			       bench_median(v[f][c], (size_t)runs));
	printf("loops %d\nruns %d\n", loops, runs);
	bench_set_free(&set);
	return 0;
}
