/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public API (preload/seccap.h) through the shared library, as an
 * embedding program uses it.  Every filter is loaded in a forked child
 * (tu_run_child) that reports through its exit status: 0 = as expected,
 * anything else names the check that failed.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccap.h"
#include "lib/kernel.h"
#include "lib/testutil.h"

#define CAP_BIT(n) (UINT64_C(1) << (n))
#define CAP_SYS_ADMIN_BIT 21

static const char *data(const char *name)
{
	return tu_path(tu_path(tu_root(), "tests/data/preload"), name);
}

/* The errno getppid(2) gets now: 0 if allowed. */
static int getppid_errno(void)
{
	return syscall(SYS_getppid) < 0 ? errno : 0;
}

static struct seccap_profile *load_ok(const char *path)
{
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	int r = seccap_profile_load_file(path, NULL, &p, &err);

	cr_assert_eq(r, 0, "load %s: %d %s:%u: %s", path, r, err.file,
		     err.line, err.msg);
	cr_assert_not_null(p);
	return p;
}

static struct seccap_filter *compile_ok(const struct seccap_profile *p,
					const struct seccap_caps *caps,
					const struct seccap_options *o)
{
	struct seccap_filter *f = NULL;
	struct seccap_error err = { 0 };
	int r = seccap_filter_compile(p, caps, o, &f, &err);

	cr_assert_eq(r, 0, "compile: %d %s:%u: %s", r, err.file, err.line,
		     err.msg);
	cr_assert_not_null(f);
	cr_assert_gt(seccap_filter_length(f), 0);
	return f;
}

static struct seccap_filter *filter_of(const char *name,
				       const struct seccap_caps *caps,
				       const struct seccap_options *o)
{
	struct seccap_profile *p = load_ok(data(name));
	struct seccap_filter *f = compile_ok(p, caps, o);

	seccap_profile_free(p);
	return f;
}

/* ---- version, loading, errors ---- */

Test(api, version_is_the_build_version)
{
	cr_assert_str_eq(seccap_version(), SECCAP_VERSION);
}

Test(api, error_struct_has_the_documented_layout)
{
	struct seccap_error e;

	cr_assert_eq(offsetof(struct seccap_error, code), 0);
	cr_assert_eq(sizeof(e.file), SECCAP_FILE_MAX);
	cr_assert_eq(sizeof(e.msg), SECCAP_MSG_MAX);
	cr_assert_eq(SECCAP_FILE_MAX, 256);
	cr_assert_eq(SECCAP_MSG_MAX, 512);
}

Test(api, error_format_names_only_the_place_it_knows)
{
	struct seccap_error e = { .code = EINVAL, .line = 6, .col = 12 };
	char buf[64];

	snprintf(e.file, sizeof(e.file), "bad.ini");
	snprintf(e.msg, sizeof(e.msg), "unknown syscall 'sockett'");
	cr_expect_eq(seccap_error_format(&e, buf, sizeof(buf)),
		     strlen("bad.ini:6:12: unknown syscall 'sockett'"));
	cr_expect_str_eq(buf, "bad.ini:6:12: unknown syscall 'sockett'");
	e.col = 0;
	seccap_error_format(&e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "bad.ini:6: unknown syscall 'sockett'");
	/* an unreadable file has no line: no ":0:" */
	e.line = 0;
	snprintf(e.msg, sizeof(e.msg), "cannot read the profile");
	seccap_error_format(&e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "bad.ini: cannot read the profile");
	e.file[0] = '\0';
	seccap_error_format(&e, buf, sizeof(buf));
	cr_expect_str_eq(buf, "cannot read the profile");
	/* truncated but terminated, and the full length told */
	cr_expect_eq(seccap_error_format(&e, buf, 7),
		     strlen("cannot read the profile"));
	cr_expect_str_eq(buf, "cannot");
	cr_expect_eq(seccap_error_format(NULL, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "");
}

Test(api, loads_a_json_file_and_the_default)
{
	struct seccap_profile *p = load_ok(data("deny.json"));
	struct seccap_profile *d = NULL;
	struct seccap_error err = { 0 };

	seccap_profile_free(p);
	cr_assert_eq(seccap_profile_load_default(NULL, &d, &err), 0, "%s",
		     err.msg);
	cr_assert_not_null(d);
	seccap_profile_free(d);
}

Test(api, loads_dockers_own_default_from_shared)
{
	const char *shared = tu_shared_dir();
	struct seccap_caps docker;
	struct seccap_profile *p;
	struct seccap_filter *f;

	if (!shared)
		cr_skip_test("../shared is absent: no reference profiles");
	p = load_ok(tu_path(shared, "profiles/docker-default.json"));
	cr_assert_eq(seccap_caps_parse("docker", &docker, NULL), 0);
	f = compile_ok(p, &docker, NULL);
	seccap_filter_free(f);
	seccap_profile_free(p);
}

Test(api, load_string_takes_json_and_names_it_in_errors)
{
	static const char good[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";
	static const char bad[] = "{\n\t\"defaultAction\": \"SCMP_ACT_ALLOW\",\n\t\"syscalls\": [\n\t\t{ \"names\": [\"getppid\"] \"action\": \"SCMP_ACT_ERRNO\" }\n\t]\n}\n";
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	int r;

	/* Not NUL-terminated at len: only len bytes may be read. */
	r = seccap_profile_load_string(good, sizeof(good) - 1, "mem.json",
				       NULL, &p, &err);
	cr_assert_eq(r, 0, "%s", err.msg);
	seccap_profile_free(p);
	p = NULL;

	r = seccap_profile_load_string(bad, strlen(bad), "mem.json", NULL, &p,
				       &err);
	cr_assert_eq(r, -EINVAL);
	cr_assert_null(p);
	cr_assert_eq(err.code, EINVAL);
	cr_assert_str_eq(err.file, "mem.json");
	cr_assert_eq(err.line, 4, "line %u: %s", err.line, err.msg);
	cr_assert_neq(err.msg[0], '\0');
}

Test(api, load_string_detects_ini_by_content)
{
	static const char ini[] = "; comment\n[syscalls\nallow = read\n";
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	int r;

	/* Broken INI: the error must come from the INI reader, at line 2. */
	r = seccap_profile_load_string(ini, strlen(ini), "mem.ini", NULL, &p,
				       &err);
	cr_assert_lt(r, 0);
	cr_assert_null(p);
	cr_assert_str_eq(err.file, "mem.ini");
	cr_assert_eq(err.line, 2, "line %u: %s", err.line, err.msg);
}

Test(api, syntax_error_carries_file_and_line)
{
	struct seccap_profile *p = (void *)&p; /* must stay untouched */
	struct seccap_error err = { 0 };
	const char *path = data("broken-syntax.json");
	int r = seccap_profile_load_file(path, NULL, &p, &err);

	cr_assert_eq(r, -EINVAL);
	cr_assert_eq(p, (void *)&p, "ret written on failure");
	cr_assert_eq(err.code, EINVAL);
	cr_assert_str_eq(err.file, path);
	cr_assert_eq(err.line, 6, "line %u: %s", err.line, err.msg);
}

Test(api, unknown_capability_is_an_error_at_its_line)
{
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	const char *path = data("unknown-cap.json");
	int r = seccap_profile_load_file(path, NULL, &p, &err);

	cr_assert_eq(r, -EINVAL);
	cr_assert_null(p);
	cr_assert_str_eq(err.file, path);
	cr_assert_eq(err.line, 9, "line %u: %s", err.line, err.msg);
	cr_assert_not_null(strstr(err.msg, "CAP_SYS_ADMN"), "%s", err.msg);
}

Test(api, misspelled_syscall_in_a_deny_rule_is_an_error)
{
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	const char *path = data("typo-deny.json");
	int r = seccap_profile_load_file(path, NULL, &p, &err);

	cr_assert_eq(r, -EINVAL);
	cr_assert_null(p);
	cr_assert_str_eq(err.file, path);
	cr_assert_eq(err.line, 10, "line %u: %s", err.line, err.msg);
	cr_assert_not_null(strstr(err.msg, "unshre"), "%s", err.msg);
}

Test(api, missing_file_is_enoent)
{
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	const char *path = data("no-such-profile.json");
	int r = seccap_profile_load_file(path, NULL, &p, &err);

	cr_assert_eq(r, -ENOENT);
	cr_assert_null(p);
	cr_assert_eq(err.code, ENOENT);
	cr_assert_neq(err.msg[0], '\0');
	cr_assert(strstr(err.file, "no-such-profile.json") ||
			  strstr(err.msg, "no-such-profile.json"),
		  "the message names the file: %s: %s", err.file, err.msg);
	/* A NULL error struct is allowed. */
	cr_assert_eq(seccap_profile_load_file(path, NULL, &p, NULL), -ENOENT);
}

Test(api, bad_arguments_are_einval)
{
	struct seccap_profile *p = NULL;
	struct seccap_filter *f = NULL;
	struct seccap_error err = { 0 };

	cr_assert_eq(seccap_profile_load_file(NULL, NULL, &p, &err), -EINVAL);
	cr_assert_eq(seccap_profile_load_file(data("deny.json"), NULL, NULL,
					      &err),
		     -EINVAL);
	cr_assert_eq(seccap_profile_load_string(NULL, 3, "x", NULL, &p, &err),
		     -EINVAL);
	cr_assert_eq(seccap_filter_compile(NULL, NULL, NULL, &f, &err),
		     -EINVAL);
	cr_assert_eq(seccap_filter_apply(NULL, 0, &err), -EINVAL);
	cr_assert_eq(seccap_filter_export_bpf(NULL, 1, &err), -EINVAL);
	cr_assert_null(p);
	cr_assert_null(f);
	/* Destructors take NULL. */
	seccap_profile_free(NULL);
	seccap_filter_free(NULL);
	cr_assert_eq(seccap_filter_length(NULL), 0);
}

struct seen {
	int n;
	unsigned line;
	char file[SECCAP_FILE_MAX];
};

static void record_warning(void *ud, const struct seccap_error *w)
{
	struct seen *s = ud;

	if (s->n++ == 0) {
		s->line = w->line;
		memcpy(s->file, w->file, sizeof(s->file));
	}
}

Test(api, warnings_reach_the_callback_with_their_line)
{
	struct seen seen = { 0 };
	struct seccap_options o = SECCAP_OPTIONS_INIT;
	struct seccap_profile *p = NULL;
	struct seccap_error err = { 0 };
	const char *path = data("warn.json");

	o.warning = record_warning;
	o.warning_ud = &seen;
	cr_assert_eq(seccap_profile_load_file(path, &o, &p, &err), 0, "%s",
		     err.msg);
	cr_assert_geq(seen.n, 1);
	cr_assert_eq(seen.line, 3);
	cr_assert_str_eq(seen.file, path);
	seccap_profile_free(p);

	/* Without a callback the warning is dropped, the load still works. */
	p = NULL;
	cr_assert_eq(seccap_profile_load_file(path, NULL, &p, &err), 0);
	seccap_profile_free(p);
}

/* ---- capability sets ---- */

Test(api, caps_parse_docker_plus_names)
{
	static const int docker[] = { 0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31 };
	struct seccap_caps c = { 0 };
	struct seccap_error err = { 0 };
	uint64_t want = 0;

	for (size_t i = 0; i < sizeof(docker) / sizeof(docker[0]); i++)
		want |= CAP_BIT(docker[i]);
	cr_assert_eq(seccap_caps_parse("docker", &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.bits, want, "docker = %#llx",
		     (unsigned long long)c.bits);
	cr_assert_eq(seccap_caps_parse("docker,CAP_SYS_ADMIN", &c, &err), 0);
	cr_assert_eq(c.bits, want | CAP_BIT(CAP_SYS_ADMIN_BIT));
	cr_assert_eq(seccap_caps_parse("none", &c, &err), 0);
	cr_assert_eq(c.bits, 0);
}

Test(api, caps_parse_rejects_unknown_items)
{
	struct seccap_caps c = { .bits = 42 };
	struct seccap_error err = { 0 };

	cr_assert_eq(seccap_caps_parse("docker,CAP_BOGUS", &c, &err), -EINVAL);
	cr_assert_eq(c.bits, 42, "ret written on failure");
	cr_assert_eq(err.code, EINVAL);
	cr_assert_not_null(strstr(err.msg, "BOGUS"), "%s", err.msg);
}

/* ---- options ---- */

Test(api, options_size_is_checked_for_abi_growth)
{
	struct {
		struct seccap_options o;
		uint64_t newer_field;
	} big;
	struct seccap_profile *p = load_ok(data("deny.json"));
	struct seccap_filter *f = NULL;
	struct seccap_error err = { 0 };
	struct seccap_options small = { .size = 0 };

	cr_assert_eq(seccap_filter_compile(p, NULL, &small, &f, &err), -EINVAL);
	cr_assert_not_null(strstr(err.msg, "SECCAP_OPTIONS_INIT"), "%s",
			   err.msg);

	/* A newer caller's bigger struct: fine while the new fields are 0. */
	memset(&big, 0, sizeof(big));
	big.o.size = sizeof(big);
	cr_assert_eq(seccap_filter_compile(p, NULL, &big.o, &f, &err), 0, "%s",
		     err.msg);
	seccap_filter_free(f);
	f = NULL;
	big.newer_field = 1;
	cr_assert_eq(seccap_filter_compile(p, NULL, &big.o, &f, &err), -E2BIG);
	cr_assert_null(f);

	struct seccap_options bad_flags = SECCAP_OPTIONS_INIT;

	bad_flags.flags = 1u << 30;
	cr_assert_eq(seccap_filter_compile(p, NULL, &bad_flags, &f, &err),
		     -EINVAL);
	seccap_profile_free(p);
}

Test(api, unknown_arch_is_einval_with_a_hint)
{
	struct seccap_options o = SECCAP_OPTIONS_INIT;
	struct seccap_profile *p = load_ok(data("deny.json"));
	struct seccap_filter *f = NULL;
	struct seccap_error err = { 0 };

	o.arch = "amd46";
	cr_assert_eq(seccap_filter_compile(p, NULL, &o, &f, &err), -EINVAL);
	cr_assert_null(f);
	cr_assert_not_null(strstr(err.msg, "'amd46'"), "%s", err.msg);
	cr_assert_not_null(strstr(err.msg, "amd64"), "hint: %s", err.msg);

	/* Both vocabularies name the same arch. */
	o.arch = "SCMP_ARCH_AARCH64";
	f = compile_ok(p, NULL, &o);
	seccap_filter_free(f);
	o.arch = "arm64";
	f = compile_ok(p, NULL, &o);
	seccap_filter_free(f);
	seccap_profile_free(p);
}

/* ---- export ---- */

Test(api, export_bpf_writes_len_times_8_bytes)
{
	struct seccap_filter *f = filter_of("deny.json", NULL, NULL);
	size_t len = seccap_filter_length(f), got = 0;
	struct seccap_error err = { 0 };
	struct sock_filter *prog;
	int fd = memfd_create("bpf", MFD_CLOEXEC);
	ssize_t r;

	cr_assert_geq(fd, 0);
	cr_assert_eq(seccap_filter_export_bpf(f, fd, &err), 0, "%s", err.msg);
	cr_assert_eq(lseek(fd, 0, SEEK_END), (off_t)(len * 8));
	prog = calloc(len + 1, sizeof(*prog));
	cr_assert_not_null(prog);
	cr_assert_eq(lseek(fd, 0, SEEK_SET), 0);
	while ((r = read(fd, (char *)prog + got, (len + 1) * 8 - got)) > 0)
		got += (size_t)r;
	cr_assert_eq(got, len * 8);
	/* Every seccomp program starts by checking the architecture. */
	cr_assert_eq(prog[0].code, BPF_LD | BPF_W | BPF_ABS);
	cr_assert_eq(prog[0].k, offsetof(struct seccomp_data, arch));
	free(prog);
	close(fd);
	seccap_filter_free(f);
}

Test(api, export_bpf_reports_write_errors)
{
	struct seccap_filter *f = filter_of("deny.json", NULL, NULL);
	struct seccap_error err = { 0 };
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	cr_assert_geq(fd, 0);
	cr_assert_eq(seccap_filter_export_bpf(f, fd, &err), -EBADF);
	cr_assert_eq(err.code, EBADF);
	close(fd);
	cr_assert_eq(seccap_filter_export_bpf(f, -1, &err), -EINVAL);
	seccap_filter_free(f);
}

/* The exported bytes, loaded the way bwrap --seccomp FD does, confine. */
static int load_exported(void *arg)
{
	int fd = *(int *)arg;
	struct sock_filter insns[4096];
	struct sock_fprog prog = { 0 };
	ssize_t n = pread(fd, insns, sizeof(insns), 0);

	if (n <= 0 || n % 8)
		return 10;
	prog.len = (unsigned short)(n / 8);
	prog.filter = insns;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return 11;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return 12;
	if (getppid_errno() != EXDEV)
		return 13;
	return getpid() > 0 ? 0 : 14;
}

Test(api, exported_program_loads_like_bwrap_seccomp_fd)
{
	struct seccap_filter *f = filter_of("deny.json", NULL, NULL);
	int fd = memfd_create("bpf", MFD_CLOEXEC);
	int st;

	cr_assert_geq(fd, 0);
	cr_assert_eq(seccap_filter_export_bpf(f, fd, NULL), 0);
	seccap_filter_free(f);
	st = tu_run_child(load_exported, &fd);
	cr_assert(tu_exited_with(st, 0), "child status %#x", st);
	close(fd);
}

/* ---- apply, in children ---- */

struct apply_case {
	const char *profile;
	const char *caps;              /* NULL: the default (permitted) */
	struct seccap_options opts;
	unsigned flags;
	int want_getppid;              /* errno getppid(2) gets after */
	int want_nnp;                  /* -1: do not check */
};

static int apply_child(void *arg)
{
	const struct apply_case *c = arg;
	struct seccap_caps caps, *cp = NULL;
	struct seccap_profile *p = NULL;
	struct seccap_filter *f = NULL;
	struct seccap_error err = { 0 };

	if (c->caps) {
		if (seccap_caps_parse(c->caps, &caps, &err) < 0)
			return 20;
		cp = &caps;
	}
	if (seccap_profile_load_file(data(c->profile), NULL, &p, &err) < 0)
		return 21;
	if (seccap_filter_compile(p, cp, c->opts.size ? &c->opts : NULL, &f,
				  &err) < 0)
		return 22;
	seccap_profile_free(p);
	if (getppid_errno() != 0)
		return 23;
	if (seccap_filter_apply(f, c->flags, &err) < 0)
		return 24;
	seccap_filter_free(f);
	if (getppid_errno() != c->want_getppid)
		return 25;
	if (c->want_nnp >= 0 &&
	    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != c->want_nnp)
		return 26;
	return 0;
}

static void run_apply(const struct apply_case *c)
{
	int st = tu_run_child(apply_child, (void *)c);

	cr_assert(tu_exited_with(st, 0), "%s: child status %#x (exit %d)",
		  c->profile, st, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

Test(api, apply_denies_with_the_profiles_errno_and_sets_nnp)
{
	struct apply_case c = { .profile = "deny.json",
				.want_getppid = EXDEV,
				.want_nnp = 1 };

	run_apply(&c);
}

static bool have_sys_admin(void)
{
	struct seccap_caps eff;

	return seccap_caps_parse("effective", &eff, NULL) == 0 &&
	       (eff.bits & CAP_BIT(CAP_SYS_ADMIN_BIT));
}

Test(api, apply_no_nnp_keeps_privileges_only_with_cap_sys_admin)
{
	struct apply_case c = { .profile = "deny.json",
				.flags = SECCAP_APPLY_NO_NNP,
				.want_getppid = EXDEV };

	/* Without CAP_SYS_ADMIN the kernel needs no_new_privs anyway. */
	c.want_nnp = have_sys_admin() ? 0 : 1;
	run_apply(&c);
}

Test(api, apply_rejects_unknown_flags)
{
	struct seccap_filter *f = filter_of("deny.json", NULL, NULL);
	struct seccap_error err = { 0 };

	cr_assert_eq(seccap_filter_apply(f, 1u << 20, &err), -EINVAL);
	cr_assert_eq(getppid_errno(), 0, "nothing was loaded");
	seccap_filter_free(f);
}

Test(api, log_mode_lets_denied_calls_through)
{
	struct apply_case c = { .profile = "deny.json",
				.opts = SECCAP_OPTIONS_INIT,
				.want_getppid = 0,
				.want_nnp = -1 };

	c.opts.flags = SECCAP_OPT_LOG;
	run_apply(&c);
}

Test(api, caps_decide_conditional_rules)
{
	struct apply_case c = { .profile = "caps-gated.json",
				.caps = "none",
				.want_getppid = EXDEV,
				.want_nnp = -1 };

	run_apply(&c);
	c.caps = "CAP_SYS_ADMIN";
	c.want_getppid = 0;
	run_apply(&c);
	c.caps = "docker";
	c.want_getppid = EXDEV;
	run_apply(&c);
}

Test(api, kernel_override_decides_min_kernel)
{
	struct apply_case c = { .profile = "min-kernel.json",
				.opts = SECCAP_OPTIONS_INIT,
				.want_getppid = EXDEV,
				.want_nnp = -1 };

	c.opts.flags = SECCAP_OPT_KERNEL;
	c.opts.kernel_major = 4;
	c.opts.kernel_minor = 19;
	run_apply(&c);
	c.opts.kernel_major = 5;
	c.opts.kernel_minor = 0;
	c.want_getppid = 0;
	run_apply(&c);
}

static const char *foreign_arch(void)
{
	struct utsname u;

	if (uname(&u) == 0 && strcmp(u.machine, "aarch64") == 0)
		return "amd64";
	return "arm64";
}

static int foreign_child(void *arg)
{
	struct seccap_filter *f = arg;
	struct seccap_error err = { 0 };

	if (seccap_filter_apply(f, 0, &err) != -EINVAL)
		return 30;
	if (!strstr(err.msg, "compiled for"))
		return 31;
	/* Refused before anything was loaded. */
	return getppid_errno() == 0 ? 0 : 32;
}

Test(api, apply_refuses_a_filter_for_another_arch)
{
	struct seccap_options o = SECCAP_OPTIONS_INIT;
	struct seccap_filter *f;
	int st;

	o.arch = foreign_arch();
	f = filter_of("deny.json", NULL, &o);
	st = tu_run_child(foreign_child, f);
	cr_assert(tu_exited_with(st, 0), "child status %#x", st);
	seccap_filter_free(f);
}

/* A thread that exists before apply is confined too (TSYNC). */
static int go_flag;
static int thread_errno = -1;

static void *early_thread(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&go_flag, __ATOMIC_ACQUIRE))
		usleep(1000);
	thread_errno = getppid_errno();
	return NULL;
}

static int tsync_child(void *arg)
{
	struct seccap_filter *f = arg;
	pthread_t t;

	if (pthread_create(&t, NULL, early_thread, NULL) != 0)
		return 40;
	if (seccap_filter_apply(f, 0, NULL) < 0)
		return 41;
	__atomic_store_n(&go_flag, 1, __ATOMIC_RELEASE);
	if (pthread_join(t, NULL) != 0)
		return 42;
	return thread_errno == EXDEV ? 0 : 43;
}

Test(api, apply_confines_threads_that_already_run)
{
	struct seccap_filter *f = filter_of("deny.json", NULL, NULL);
	int st = tu_run_child(tsync_child, f);

	cr_assert(tu_exited_with(st, 0), "child status %#x", st);
	seccap_filter_free(f);
}

/* ---- seccap_confine ---- */

static int confine_default_docker(void *arg)
{
	struct seccap_error err = { 0 };

	(void)arg;
	if (seccap_confine("default", "docker", 0, &err) < 0)
		return 50;
	/* Docker's default without CAP_SYS_ADMIN: no new namespaces. */
	if (unshare(CLONE_NEWUSER) == 0 || errno != EPERM)
		return 51;
	/* Ordinary work still runs. */
	if (getppid_errno() != 0 || getpid() <= 0)
		return 52;
	return 0;
}

Test(api, confine_with_the_default_profile_and_docker_caps)
{
	int st = tu_run_child(confine_default_docker, NULL);

	cr_assert(tu_exited_with(st, 0), "child status %#x", st);
}

static int confine_file(void *arg)
{
	struct seccap_error err = { 0 };

	(void)arg;
	if (seccap_confine(data("deny.json"), NULL, 0, &err) < 0)
		return 60;
	return getppid_errno() == EXDEV ? 0 : 61;
}

Test(api, confine_with_a_file)
{
	int st = tu_run_child(confine_file, NULL);

	cr_assert(tu_exited_with(st, 0), "child status %#x", st);
}

static int confine_broken(void *arg)
{
	struct seccap_error err = { 0 };

	(void)arg;
	if (seccap_confine(data("unknown-cap.json"), NULL, 0, &err) != -EINVAL)
		return 70;
	if (err.line != 9 || !strstr(err.file, "unknown-cap.json"))
		return 71;
	if (seccap_confine(data("deny.json"), "CAP_NOPE", 0, &err) != -EINVAL)
		return 72;
	/* Neither call confined the process. */
	return getppid_errno() == 0 ? 0 : 73;
}

Test(api, confine_fails_without_confining)
{
	int st = tu_run_child(confine_broken, NULL);

	cr_assert(tu_exited_with(st, 0), "child status %#x", st);
}

/* tests/helpers/notify_agent in the build tree ($SECCAP_BUILD or build/). */
static const char *agent_path(void)
{
	const char *b = getenv("SECCAP_BUILD");

	if (!b || !*b)
		b = "build";
	if (b[0] != '/')
		b = tu_path(tu_root(), b);
	return tu_path(b, "tests/helpers/notify_agent");
}

/*
 * seccap_filter_apply with a notify profile: the listener goes to the
 * agent at listenerPath, which fails mkdir with EROFS and gets the state.
 * Exit 0 when all of that held.
 */
static int confine_notify(void *arg)
{
	char dir[] = "/tmp/seccap-api-notify.XXXXXX", sock[128], state[128];
	char json[512], got[4096] = "", made[160];
	struct seccap_profile *p = NULL;
	struct seccap_filter *f = NULL;
	struct seccap_error err = { 0 };
	struct stat st;
	pid_t agent;
	int fd, r = 0;

	(void)arg;
	if (!mkdtemp(dir))
		return 90;
	snprintf(sock, sizeof(sock), "%s/agent.sock", dir);
	snprintf(state, sizeof(state), "%s/state.json", dir);
	snprintf(made, sizeof(made), "%s/made", dir);
	agent = fork();
	if (agent == 0) {
		execl(agent_path(), "notify_agent", sock, state, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 50 && stat(sock, &st) < 0; i++)
		usleep(100 * 1000);
	snprintf(json, sizeof(json),
		 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"%s\","
		 " \"listenerMetadata\": \"api-metadata\", \"syscalls\": [{\"names\":"
		 " [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}",
		 sock);
	if (seccap_profile_load_string(json, strlen(json), "notify.json",
				       NULL, &p, &err) < 0)
		r = 91;
	else if (seccap_filter_compile(p, NULL, NULL, &f, &err) < 0)
		r = 92;
	else if (seccap_filter_apply(f, 0, &err) < 0)
		r = 93;
	else if (mkdir(made, 0700) == 0 || errno != EROFS)
		r = 94;
	fd = open(state, O_RDONLY);
	if (!r && (fd < 0 || read(fd, got, sizeof(got) - 1) <= 0))
		r = 95;
	if (!r && (!strstr(got, "\"metadata\":\"api-metadata\"") ||
		   !strstr(got, "\"fds\":[\"seccompFd\"]")))
		r = 96;
	if (r && err.msg[0])
		fprintf(stderr, "confine_notify: %s\n", err.msg);
	kill(agent, SIGKILL);
	waitpid(agent, NULL, 0);
	seccap_filter_free(f);
	seccap_profile_free(p);
	return r;
}

Test(api, a_notify_profile_hands_its_listener_to_the_agent)
{
	const char *why = NULL;
	int st;

	if (access(agent_path(), X_OK) < 0)
		cr_skip_test("%s is not built (make check builds it)",
			     agent_path());
	if (!tu_kernel_has(TU_USERNOTIF, &why))
		cr_skip_test("%s", why);
	st = tu_run_child(confine_notify, NULL);
	cr_assert(tu_exited_with(st, 0), "child status %#x: 91 load, 92 "
		  "compile, 93 apply, 94 mkdir not EROFS, 95-96 the state",
		  st);
}
