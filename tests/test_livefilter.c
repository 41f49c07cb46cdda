/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the kernel holds is what `seccap show --format bpf` prints: a
 * process is confined by the preload (LD_PRELOAD=libcapfilter.so) or by
 * `seccap apply`, stopped by ptrace right after its seccomp(2) call
 * returned, and its filter is read back with PTRACE_SECCOMP_GET_FILTER.
 * The program must equal show's instruction for instruction, and the
 * differential checker (tests/oracle.c) runs over the dumped program too.
 * Needs root (CAP_SYS_ADMIN for PTRACE_SECCOMP_GET_FILTER) and a kernel
 * with CONFIG_CHECKPOINT_RESTORE; skips with a message otherwise.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "lib/testutil.h"
#include "names.h"
#include "oracle.h"
#include "pipeline.h"
#include "resolve.h"

#if defined(__SANITIZE_ADDRESS__)
#define BUILT_WITH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BUILT_WITH_ASAN 1
#endif
#endif

static const char *build_dir(void)
{
	const char *b = getenv("SECCAP_BUILD");

	return b && *b ? b : tu_path(tu_root(), "build");
}

static void need_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root: PTRACE_SECCOMP_GET_FILTER requires CAP_SYS_ADMIN");
}

/* The program `seccap show --format bpf` prints for profile and caps. */
static struct sock_filter *show_bpf(const char *profile, const char *caps,
				    size_t *len)
{
	char out[] = "/tmp/seccap-livefilter-XXXXXX";
	char *seccap = strdup(tu_path(build_dir(), "seccap"));
	char *err = NULL, *buf;
	size_t n = 0;
	int fd = mkstemp(out), st;

	cr_assert(fd >= 0 && seccap);
	close(fd);
	{
		char *argv[] = { seccap, "show", "--format", "bpf", "--caps",
				 (char *)caps, "-o", out, (char *)profile,
				 NULL };

		st = tu_run_cmd(argv, NULL, NULL, &err);
	}
	cr_assert(tu_exited_with(st, 0), "seccap show %s failed: %s", profile,
		  err);
	buf = tu_slurp(out, &n);
	unlink(out);
	free(err);
	free(seccap);
	cr_assert_not_null(buf);
	cr_assert(n > 0 && n % sizeof(struct sock_filter) == 0,
		  "show printed %zu bytes", n);
	*len = n / sizeof(struct sock_filter);
	return (struct sock_filter *)buf;
}

/* Where the ASan runtime of this (sanitizer) build is, for LD_PRELOAD. */
static const char *asan_runtime(void)
{
#ifdef BUILT_WITH_ASAN
	static char path[4096];
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096 + 128];

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '/');

		if (p && strstr(p, "/libasan.so")) {
			p[strcspn(p, "\n")] = '\0';
			snprintf(path, sizeof(path), "%s", p);
			fclose(f);
			return path;
		}
	}
	fclose(f);
#endif
	return NULL;
}

struct dump {
	struct sock_filter *insns;
	size_t len;
	int status; /* of the child, killed after the dump */
	char why[256];
};

/*
 * Run argv/envp under ptrace, stepping from syscall to syscall, and dump
 * the newest filter at the exit of the first seccomp(2) that succeeds.
 */
static int run_and_dump(char *const argv[], char *const envp[],
			struct dump *d)
{
	long last_nr = -1, last_op = -1;
	pid_t pid;
	int st, sig = 0;
	bool first = true;

	memset(d, 0, sizeof(*d));
	fflush(NULL);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			_exit(120);
		raise(SIGSTOP);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	for (;;) {
		struct __ptrace_syscall_info info;
		long n;

		if (waitpid(pid, &st, 0) < 0) {
			snprintf(d->why, sizeof(d->why), "waitpid: %s",
				 strerror(errno));
			return -1;
		}
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			snprintf(d->why, sizeof(d->why),
				 "the process ended (status 0x%x) before it loaded a filter",
				 st);
			d->status = st;
			return -1;
		}
		if (first) {
			first = false;
			if (ptrace(PTRACE_SETOPTIONS, pid, NULL,
				   (void *)(long)(PTRACE_O_TRACESYSGOOD |
						  PTRACE_O_EXITKILL |
						  PTRACE_O_TRACEEXEC)) < 0)
				cr_assert_fail("PTRACE_SETOPTIONS: %s", strerror(errno));
			sig = 0;
		} else if (WSTOPSIG(st) == (SIGTRAP | 0x80)) {
			sig = 0;
			n = ptrace(PTRACE_GET_SYSCALL_INFO, pid,
				   (void *)sizeof(info), &info);
			if (n <= 0)
				cr_assert_fail("PTRACE_GET_SYSCALL_INFO: %s",
					 strerror(errno));
			if (info.op == PTRACE_SYSCALL_INFO_ENTRY) {
				last_nr = (long)info.entry.nr;
				last_op = (long)info.entry.args[0];
			} else if (info.op == PTRACE_SYSCALL_INFO_EXIT &&
				   last_nr == SYS_seccomp &&
				   last_op == SECCOMP_SET_MODE_FILTER &&
				   info.exit.rval == 0) {
				/* libseccomp's probes (GET_ACTION_AVAIL) are not it. */
				break;
			}
		} else if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
			sig = 0;
		} else {
			sig = WSTOPSIG(st);
		}
		if (ptrace(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig) < 0)
			cr_assert_fail("PTRACE_SYSCALL: %s", strerror(errno));
	}

	errno = 0;
	long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)0, NULL);
	int e = errno;

	if (n > 0) {
		d->insns = calloc((size_t)n, sizeof(*d->insns));
		cr_assert_not_null(d->insns);
		d->len = (size_t)ptrace(PTRACE_SECCOMP_GET_FILTER, pid,
					(void *)0, d->insns);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (n <= 0) {
		snprintf(d->why, sizeof(d->why),
			 "PTRACE_SECCOMP_GET_FILTER: %s", strerror(e));
		return e == EINVAL || e == EOPNOTSUPP || e == EIO ? 1 : -1;
	}
	return 0;
}

static void print_first_difference(const struct sock_filter *a, size_t na,
				   const struct sock_filter *b, size_t nb)
{
	for (size_t i = 0; i < na && i < nb; i++) {
		char x[96], y[96];

		if (!memcmp(&a[i], &b[i], sizeof(a[i])))
			continue;
		bpf_interp_format(&a[i], i, x, sizeof(x));
		bpf_interp_format(&b[i], i, y, sizeof(y));
		cr_log_error("first difference: kernel has '%s', show prints '%s'",
			     x, y);
		return;
	}
}

/* The dumped program through the differential checker. */
static void check_with_oracle(const char *profile, const char *caps,
			      const struct dump *d)
{
	struct sc_profile *p = NULL, *res = NULL;
	struct sc_target t = { 0 };
	struct oracle_opts oo = { .native = sc_arch_native() };
	struct oracle_report rep = { .out = stderr, .max_print = 10,
				     .seed = 0x11fe };
	struct sc_error err = { 0 };
	struct oracle *o = NULL;
	char why[256], label[512];

	cr_assert_eq(sc_pipeline_load(profile, &p, NULL, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(sc_capset_parse(caps, &t.caps, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_resolve(p, &t, NULL, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(oracle_new(res, &oo, &o, why, sizeof(why)), 0, "%s", why);
	snprintf(label, sizeof(label), "live %s [caps %s]", profile, caps);
	rep.label = label;
	oracle_check_program(o, d->insns, d->len, &rep);
	cr_expect_eq(rep.diffs, 0,
		     "%s: the kernel's program differs from the oracle in %lu of %lu cases (printed above)",
		     label, rep.diffs, rep.cases);
	oracle_free(o);
	sc_profile_free(res);
	sc_profile_free(p);
}

enum how { VIA_PRELOAD, VIA_APPLY };

static void live(enum how how, const char *profile, const char *caps)
{
	char *seccap = strdup(tu_path(build_dir(), "seccap"));
	char *so = strdup(tu_path(build_dir(), "libcapfilter.so"));
	char env_pre[8192], env_prof[4096], env_caps[256];
	struct sock_filter *want;
	size_t nwant;
	struct dump d;
	int r;

	cr_assert(seccap && so);
	want = show_bpf(profile, caps, &nwant);
	if (how == VIA_PRELOAD) {
		const char *asan = asan_runtime();
		char *argv[] = { "/bin/sleep", "60", NULL };
		char *envp[] = { env_pre, env_prof, env_caps,
				 "ASAN_OPTIONS=detect_leaks=0", NULL };

		snprintf(env_pre, sizeof(env_pre), "LD_PRELOAD=%s%s%s",
			 asan ? asan : "", asan ? ":" : "", so);
		snprintf(env_prof, sizeof(env_prof), "SECCAP_PROFILE=%s",
			 profile);
		snprintf(env_caps, sizeof(env_caps), "SECCAP_CAPS=%s", caps);
		r = run_and_dump(argv, envp, &d);
	} else {
		char *argv[] = { seccap, "apply", "--caps", (char *)caps,
				 (char *)profile, "--", "/bin/sleep", "60",
				 NULL };
		char *envp[] = { "PATH=/usr/bin:/bin",
				 "ASAN_OPTIONS=detect_leaks=0", NULL };

		r = run_and_dump(argv, envp, &d);
	}
	if (r > 0) {
		free(want);
		free(seccap);
		free(so);
		cr_skip_test("this kernel cannot show filters (%s; it needs CONFIG_CHECKPOINT_RESTORE)",
			     d.why);
	}
	cr_assert_eq(r, 0, "%s", d.why);
	if (d.len != nwant || memcmp(d.insns, want, nwant * sizeof(*want)))
		print_first_difference(d.insns, d.len, want, nwant);
	cr_expect_eq(d.len, nwant,
		     "%s %s [caps %s]: the kernel holds %zu instructions, show prints %zu",
		     how == VIA_PRELOAD ? "preload" : "apply", profile, caps,
		     d.len, nwant);
	cr_expect(d.len == nwant &&
			  !memcmp(d.insns, want, nwant * sizeof(*want)),
		  "%s %s [caps %s]: the kernel's program is not show's",
		  how == VIA_PRELOAD ? "preload" : "apply", profile, caps);
	check_with_oracle(profile, caps, &d);
	free(d.insns);
	free(want);
	free(seccap);
	free(so);
}

static const char *shared_profile(const char *name)
{
	const char *s = tu_shared_dir();

	if (!s)
		cr_skip_test("../shared is absent: no %s", name);
	return tu_path(tu_path(s, "profiles"), name);
}

Test(livefilter, preload_default_docker_caps, .timeout = 120)
{
	need_root();
	live(VIA_PRELOAD, "default", "docker");
}

Test(livefilter, preload_default_no_caps, .timeout = 120)
{
	need_root();
	live(VIA_PRELOAD, "default", "none");
}

Test(livefilter, preload_strict_ini, .timeout = 120)
{
	need_root();
	live(VIA_PRELOAD, tu_path(tu_root(), "contrib/profiles/cli-strict.ini"),
	     "none");
}

Test(livefilter, apply_default_docker_caps, .timeout = 120)
{
	need_root();
	live(VIA_APPLY, "default", "docker");
}

Test(livefilter, apply_shared_podman_all_caps, .timeout = 120)
{
	const char *p;

	need_root();
	p = shared_profile("podman-default.json");
	live(VIA_APPLY, p, "all");
}

Test(livefilter, apply_denylist, .timeout = 120)
{
	need_root();
	live(VIA_APPLY,
	     tu_path(tu_root(), "tests/data/differential/default-allow-denylist.json"),
	     "docker");
}
