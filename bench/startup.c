/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 3: what confining costs a program's start.  fork + execve + wait
 * of /bin/true, plain and under the preload (compiled file, warm cache,
 * no cache) and under `seccap apply` (warm cache), interleaved so drift hits
 * all alike; medians of many runs.  Beside them, in-process: what
 * libseccomp needs to build the same three-arch filter in one context (the
 * reference for the first run) and what seccap's pipeline needs.
 *
 * usage: startup LIBCAPFILTER SECCAP PROFILE COMPILED CACHEDIR [STATIC EMPTY]
 * STATIC: a libcapfilter.so linked with its libraries' .a files (how much of
 * the cost is loading four shared libraries); EMPTY: an empty preload.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "pipeline.h"

#define RUNS 151
#define SLOW_RUNS 31
#define COMPILE_RUNS 31

static const char *const true_bin = "/bin/true";

struct variant {
	const char *name;
	char *const *argv;
	char *const *envp;
	int runs;
	double *v;
};

static double spawn(char *const argv[], char *const envp[])
{
	uint64_t t0 = bench_now_ns();
	pid_t pid = fork();
	int st;

	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		bench_die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		bench_die("%s exited with status 0x%x", argv[0], st);
	return (double)(bench_now_ns() - t0) / 1e3; /* microseconds */
}

/*
 * fork, (load f,) _exit, wait: what the kernel alone charges for a filter
 * of f's length (converting, JIT-compiling, preparing its action cache,
 * freeing it at exit), whoever built it.
 */
static double fork_load(const struct sock_filter *f, size_t len)
{
	struct sock_fprog prog = { .len = (unsigned short)len,
				   .filter = (struct sock_filter *)f };
	uint64_t t0 = bench_now_ns();
	pid_t pid = fork();
	int st;

	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0) {
		if (f && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
			  syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				  SECCOMP_FILTER_FLAG_TSYNC, &prog) < 0))
			_exit(3);
		_exit(0);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		bench_die("loading a filter failed (status 0x%x)", st);
	return (double)(bench_now_ns() - t0) / 1e3;
}

static void kernel_load_costs(const struct sc_profile *r)
{
	struct sc_bpf *b = bench_seccap_bpf(r);
	size_t rlen;
	struct sock_filter *ref = bench_reference_bpf(r, &rlen);
	static const struct sock_filter two[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	double v[4][RUNS];

	for (int k = 0; k < RUNS; k++) {
		v[0][k] = fork_load(NULL, 0);
		v[1][k] = fork_load(two, 2);
		v[2][k] = fork_load(b->insns, b->len);
		v[3][k] = fork_load(ref, rlen);
	}
	printf("us.fork_exit %.1f\n", bench_median(v[0], RUNS));
	printf("us.fork_load_floor %.1f\n", bench_median(v[1], RUNS));
	printf("us.fork_load_seccap %.1f\n", bench_median(v[2], RUNS));
	printf("us.fork_load_crun %.1f\n", bench_median(v[3], RUNS));
	free(ref);
	sc_bpf_free(b);
}

int main(int argc, char **argv)
{
	char preload[4200], prof[4200], comp[4200], xdg[4200], spre[4200],
		epre[4200];
	char *plain_argv[] = { (char *)true_bin, NULL };
	char *plain_env[] = { "PATH=/usr/bin:/bin", NULL };
	char *pc_env[] = { "PATH=/usr/bin:/bin", preload, comp, NULL };
	char *pw_env[] = { "PATH=/usr/bin:/bin", preload, prof,
			   "SECCAP_CAPS=docker", xdg, NULL };
	char *pn_env[] = { "PATH=/usr/bin:/bin", preload, prof,
			   "SECCAP_CAPS=docker", "SECCAP_CACHE=0", NULL };
	char *ap_argv[] = { NULL, "apply", NULL, "--", (char *)true_bin, NULL };
	char *ap_env[] = { "PATH=/usr/bin:/bin", xdg, NULL };
	char *sc_env[] = { "PATH=/usr/bin:/bin", spre, comp, NULL };
	char *em_env[] = { "PATH=/usr/bin:/bin", epre, NULL };
	char *pu_env[] = { "PATH=/usr/bin:/bin", preload, NULL };
	double lsc[COMPILE_RUNS], ours[COMPILE_RUNS];

	if (argc != 6 && argc != 8)
		bench_die("usage: startup LIBCAPFILTER SECCAP PROFILE COMPILED CACHEDIR [STATIC EMPTY]");
	snprintf(spre, sizeof(spre), "LD_PRELOAD=%s", argc == 8 ? argv[6] : "");
	snprintf(epre, sizeof(epre), "LD_PRELOAD=%s", argc == 8 ? argv[7] : "");
	snprintf(preload, sizeof(preload), "LD_PRELOAD=%s", argv[1]);
	snprintf(prof, sizeof(prof), "SECCAP_PROFILE=%s", argv[3]);
	snprintf(comp, sizeof(comp), "SECCAP_PROFILE=%s", argv[4]);
	snprintf(xdg, sizeof(xdg), "XDG_CACHE_HOME=%s", argv[5]);
	ap_argv[0] = argv[2];
	ap_argv[2] = argv[3];

	struct variant vs[] = {
		{ "plain", plain_argv, plain_env, RUNS, NULL },
		{ "preload_compiled", plain_argv, pc_env, RUNS, NULL },
		{ "preload_cached", plain_argv, pw_env, RUNS, NULL },
		{ "apply_cached", ap_argv, ap_env, RUNS, NULL },
		{ "preload_nocache", plain_argv, pn_env, SLOW_RUNS, NULL },
		{ "preload_unset", plain_argv, pu_env, RUNS, NULL },
		{ "preload_static_compiled", plain_argv, sc_env, RUNS, NULL },
		{ "preload_empty", plain_argv, em_env, RUNS, NULL },
	};
	int NV = argc == 8 ? 8 : 6;

	for (int i = 0; i < NV; i++) {
		vs[i].v = calloc((size_t)vs[i].runs, sizeof(double));
		if (!vs[i].v)
			bench_die("out of memory");
		/* Warm the page cache and the filter cache. */
		for (int k = 0; k < 3; k++)
			spawn(vs[i].argv, vs[i].envp);
	}
	for (int run = 0; run < RUNS; run++)
		for (int i = 0; i < NV; i++)
			if (run < vs[i].runs)
				vs[i].v[run] = spawn(vs[i].argv, vs[i].envp);
	for (int i = 0; i < NV; i++) {
		printf("us.%s %.1f\n", vs[i].name, bench_median(vs[i].v, (size_t)vs[i].runs));
		free(vs[i].v);
	}

	/* In-process compile times, parse included for seccap. */
	struct sc_profile *r = bench_docker_resolved(argv[3]);

	for (int k = 0; k < COMPILE_RUNS; k++) {
		struct sc_target t = { 0 };
		struct sc_compile_opts o = { .tsync = true };
		struct sc_error e = { 0 };
		struct sc_profile *p = NULL;
		struct sc_bpf *b = NULL;
		struct sock_filter *f;
		size_t len;
		uint64_t t0 = bench_now_ns();

		f = bench_reference_bpf(r, &len);
		lsc[k] = (double)(bench_now_ns() - t0) / 1e3;
		free(f);
		t0 = bench_now_ns();
		if (sc_capset_parse("docker", &t.caps, &e) < 0 ||
		    sc_pipeline_load(argv[3], &p, NULL, &e) < 0 ||
		    sc_pipeline_build(p, &t, &o, NULL, NULL, NULL, &b, &e) < 0)
			bench_die("%s", e.msg);
		ours[k] = (double)(bench_now_ns() - t0) / 1e3;
		sc_bpf_free(b);
		sc_profile_free(p);
	}
	printf("us.libseccomp_one_context %.1f\n", bench_median(lsc, COMPILE_RUNS));
	printf("us.seccap_pipeline %.1f\n", bench_median(ours, COMPILE_RUNS));
	kernel_load_costs(r);
	sc_profile_free(r);
	return 0;
}
