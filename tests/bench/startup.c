/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What confining costs a program's start (issue 13, part 2), every figure
 * beside the reference its target names, all measured in ONE interleaved
 * loop: each round runs one of every measurement in turn, so the drift of
 * a shared machine hits configurations and references alike; each prints
 * its median.
 *
 * Measurements:
 *  - fork + execve + wait of /bin/true: plain; under LD_PRELOAD of an empty
 *    .so, of libcapfilter.so with SECCAP_PROFILE unset, with a compiled
 *    file, a warm cache, the built-in default (warm), no cache, the static
 *    build of the preload; `seccap apply` warm; the minimal C loader of the
 *    raw program apply loads;
 *  - fork + load + _exit + wait, and fork + _exit + wait: the kernel's own
 *    charge for taking a program (converting it, preparing its action
 *    cache, freeing it) for the programs the rows above load, a two-
 *    instruction floor, crun's linear filter and runc >= 1.2's binary tree
 *    behind its ENOSYS stub;
 *  - in-process: libseccomp's one-context build of the same profile for the
 *    same arches (the first-run reference) and seccap's parse..compile.
 *
 * usage: startup WORKDIR SECCAP LIBCAPFILTER EMPTY_SO LOADER PROFILE [STATIC_SO]
 * WORKDIR (tests/bench/run.sh prepares it) holds cache/ (XDG_CACHE_HOME),
 * sys/seccap (SECCAP_SYSTEM_CACHE), docker.scbpf (compiled, --caps docker),
 * docker.bpf, default.bpf (raw, --caps docker: what the preload rows load)
 * and apply.bpf (raw, this process's caps: what `seccap apply` loads).
 */
#include <errno.h>
#include <stdarg.h>
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
#define MAX_ENV 8

static const char *const true_bin = "/bin/true";

enum kind { SPAWN, FORK_LOAD, BUILD_LIBSECCAP, BUILD_SECCAP };

struct measure {
	const char *name;
	enum kind kind;
	int runs;
	/* SPAWN: argv (default /bin/true); env: the common part, then extra */
	const char *argv[6];
	const char *extra[4];
	const char *env[MAX_ENV];
	/* FORK_LOAD: NULL for fork+exit alone */
	const struct sock_filter *f;
	size_t len;
	double *v;
};

/* In the child: exec the row's command. */
__attribute__((noreturn)) static void spawn(const struct measure *m)
{
	execve(m->argv[0], (char *const *)m->argv, (char *const *)m->env);
	_exit(127);
}

/* In the child: load the row's program (if any) and leave. */
__attribute__((noreturn)) static void load_exit(const struct measure *m)
{
	struct sock_fprog prog = { .len = (unsigned short)m->len,
				   .filter = (struct sock_filter *)m->f };

	if (m->f && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0))
		_exit(3);
	_exit(0);
}

/* fork, child(m), wait: microseconds; the child must exit 0. */
static double timed_child(const struct measure *m,
			  void (*child)(const struct measure *))
{
	uint64_t t0 = bench_now_ns();
	pid_t pid = fork();
	int st;

	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0)
		child(m);
	if (waitpid(pid, &st, 0) < 0)
		bench_die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		bench_die("%s: the child exited with status 0x%x", m->name, st);
	return (double)(bench_now_ns() - t0) / 1e3;
}

static const char *profile_path;
static const struct sc_profile *resolved;

static double build_libseccomp(void)
{
	uint64_t t0 = bench_now_ns();
	size_t len;

	free(bench_reference_bpf(resolved, &len));
	return (double)(bench_now_ns() - t0) / 1e3;
}

/* Parse included: what a first run does before the kernel sees anything. */
static double build_seccap(void)
{
	struct sc_target t = { 0 };
	struct sc_compile_opts o = { .tsync = true };
	struct sc_error e = { 0 };
	struct sc_profile *p = NULL;
	struct sc_bpf *b = NULL;
	uint64_t t0 = bench_now_ns();

	if (sc_capset_parse("docker", &t.caps, &e) < 0 ||
	    sc_pipeline_load(profile_path, &p, NULL, &e) < 0 ||
	    sc_pipeline_build(p, &t, &o, NULL, NULL, NULL, &b, &e) < 0)
		bench_die("%s", e.msg);
	double us = (double)(bench_now_ns() - t0) / 1e3;

	sc_bpf_free(b);
	sc_profile_free(p);
	return us;
}

static double once(const struct measure *m)
{
	switch (m->kind) {
	case SPAWN:
		return timed_child(m, spawn);
	case FORK_LOAD:
		return timed_child(m, load_exit);
	case BUILD_LIBSECCAP:
		return build_libseccomp();
	case BUILD_SECCAP:
		return build_seccap();
	}
	return 0;
}

/* Strings built for the rows, freed at the end. */
static char *owned[32];
static size_t nowned;

__attribute__((format(printf, 1, 2))) static const char *str(const char *f, ...)
{
	va_list ap;
	char *s = NULL;
	int rc;

	va_start(ap, f);
	rc = vasprintf(&s, f, ap);
	va_end(ap);
	if (rc < 0 || nowned == sizeof(owned) / sizeof(owned[0]))
		bench_die("out of memory");
	return owned[nowned++] = s;
}

static const char *common_env[4];

static void set_env(struct measure *m)
{
	size_t n = 0;

	for (size_t i = 0; common_env[i]; i++)
		m->env[n++] = common_env[i];
	for (size_t i = 0; i < 4 && m->extra[i]; i++)
		m->env[n++] = m->extra[i];
	m->env[n] = NULL;
}

int main(int argc, char **argv)
{
	static const struct sock_filter two[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	if (argc != 7 && argc != 8)
		bench_die("usage: startup WORKDIR SECCAP LIBCAPFILTER EMPTY_SO LOADER PROFILE [STATIC_SO]");
	const char *dir = argv[1], *seccap = argv[2];
	profile_path = argv[6];
	common_env[0] = "PATH=/usr/bin:/bin";
	common_env[1] = str("XDG_CACHE_HOME=%s/cache", dir);
	common_env[2] = str("SECCAP_SYSTEM_CACHE=%s/sys/seccap", dir);

	const char *preload = str("LD_PRELOAD=%s", argv[3]);
	const char *compiled = str("SECCAP_PROFILE=%s/docker.scbpf", dir);
	const char *profile = str("SECCAP_PROFILE=%s", profile_path);
	const char *caps = "SECCAP_CAPS=docker";
	const char *apply_bpf = str("%s/apply.bpf", dir);
	struct bench_set set;
	size_t docker_len, default_len, apply_len;
	struct sock_filter *docker_f =
		bench_read_bpf(str("%s/docker.bpf", dir), &docker_len);
	struct sock_filter *default_f =
		bench_read_bpf(str("%s/default.bpf", dir), &default_len);
	struct sock_filter *apply_f = bench_read_bpf(apply_bpf, &apply_len);

	bench_set_build(&set, profile_path);
	resolved = set.r;
	struct measure ms[] = {
		{ .name = "plain", .kind = SPAWN, .runs = RUNS },
		{ .name = "preload_empty", .kind = SPAWN, .runs = RUNS,
		  .extra = { str("LD_PRELOAD=%s", argv[4]) } },
		{ .name = "preload_unset", .kind = SPAWN, .runs = RUNS,
		  .extra = { preload } },
		{ .name = "preload_compiled", .kind = SPAWN, .runs = RUNS,
		  .extra = { preload, compiled } },
		{ .name = "preload_cached", .kind = SPAWN, .runs = RUNS,
		  .extra = { preload, profile, caps } },
		{ .name = "preload_default", .kind = SPAWN, .runs = RUNS,
		  .extra = { preload, "SECCAP_PROFILE=default", caps } },
		{ .name = "apply_cached", .kind = SPAWN, .runs = RUNS,
		  .argv = { seccap, "apply", profile_path, "--", true_bin } },
		{ .name = "minimal_loader", .kind = SPAWN, .runs = RUNS,
		  .argv = { argv[5], apply_bpf, true_bin } },
		{ .name = "preload_nocache", .kind = SPAWN, .runs = SLOW_RUNS,
		  .extra = { preload, profile, caps, "SECCAP_CACHE=0" } },
		{ .name = "fork_exit", .kind = FORK_LOAD, .runs = RUNS },
		{ .name = "fork_load_floor", .kind = FORK_LOAD, .runs = RUNS,
		  .f = two, .len = 2 },
		{ .name = "fork_load_docker", .kind = FORK_LOAD, .runs = RUNS,
		  .f = docker_f, .len = docker_len },
		{ .name = "fork_load_default", .kind = FORK_LOAD, .runs = RUNS,
		  .f = default_f, .len = default_len },
		{ .name = "fork_load_apply", .kind = FORK_LOAD, .runs = RUNS,
		  .f = apply_f, .len = apply_len },
		{ .name = "fork_load_crun", .kind = FORK_LOAD, .runs = RUNS,
		  .f = set.crun, .len = set.crun_len },
		{ .name = "fork_load_runc", .kind = FORK_LOAD, .runs = RUNS,
		  .f = set.runc, .len = set.runc_len },
		{ .name = "libseccomp_one_context", .kind = BUILD_LIBSECCAP,
		  .runs = COMPILE_RUNS },
		{ .name = "seccap_pipeline", .kind = BUILD_SECCAP,
		  .runs = COMPILE_RUNS },
		/* last: absent without the .a files */
		{ .name = "preload_static_compiled", .kind = SPAWN, .runs = RUNS,
		  .extra = { str("LD_PRELOAD=%s", argc == 8 ? argv[7] : ""),
			     compiled } },
	};
	size_t nm = sizeof(ms) / sizeof(ms[0]) - (argc == 8 ? 0 : 1);

	for (size_t i = 0; i < nm; i++) {
		if (ms[i].kind != SPAWN)
			continue;
		if (!ms[i].argv[0])
			ms[i].argv[0] = true_bin;
		set_env(&ms[i]);
	}

	int rounds = 0;

	for (size_t i = 0; i < nm; i++) {
		ms[i].runs = bench_runs(ms[i].runs);
		if (ms[i].runs > rounds)
			rounds = ms[i].runs;
		ms[i].v = calloc((size_t)ms[i].runs, sizeof(double));
		if (!ms[i].v)
			bench_die("out of memory");
		/* Warm the page cache, the filter cache, the allocator. */
		for (int k = 0; k < 2; k++)
			once(&ms[i]);
	}
	for (int run = 0; run < rounds; run++)
		for (size_t i = 0; i < nm; i++)
			if (run < ms[i].runs)
				ms[i].v[run] = once(&ms[i]);
	for (size_t i = 0; i < nm; i++) {
		size_t n = (size_t)ms[i].runs;

		/* The median sorts: the quartiles say how noisy the run was. */
		printf("us.%s %.1f\n", ms[i].name, bench_median(ms[i].v, n));
		printf("us.%s.iqr %.1f\n", ms[i].name,
		       ms[i].v[n * 3 / 4] - ms[i].v[n / 4]);
		free(ms[i].v);
	}
	printf("startup.runs %d\nstartup.slow_runs %d\nstartup.compile_runs %d\n",
	       bench_runs(RUNS), bench_runs(SLOW_RUNS), bench_runs(COMPILE_RUNS));
	printf("len.docker %zu\nlen.default %zu\nlen.apply %zu\n"
	       "len.crun %zu\nlen.runc %zu\nlen.runc_stub %zu\n",
	       docker_len, default_len, apply_len, set.crun_len, set.runc_len,
	       set.stub_len);
	bench_set_free(&set);
	free(docker_f);
	free(default_f);
	free(apply_f);
	while (nowned)
		free(owned[--nowned]);
	return 0;
}
