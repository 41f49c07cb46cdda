/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sc_profile_validate: each rule's exact message, severity and location,
 * on models built in code; then real profiles read by the JSON reader.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "lib/testutil.h"
#include "model.h"
#include "names.h"
#include "validate.h"

#define MAXD 128

struct entry {
	enum sc_severity sev;
	struct sc_error e;
};

struct log {
	size_t n;
	struct entry v[MAXD];
};

static void collect(void *ud, enum sc_severity sev, const struct sc_error *e)
{
	struct log *l = ud;

	if (l->n < MAXD) {
		l->v[l->n].sev = sev;
		l->v[l->n].e = *e;
	}
	l->n++;
}

static struct log lg;
static struct sc_error err;
/* The name base() gives profiles; INI tests switch it to "p.ini". */
static const char *cur_file = "p.json";
static struct sc_diag sink = { collect, &lg };

static void dump(void)
{
	for (size_t i = 0; i < lg.n && i < MAXD; i++) {
		char b[1024];

		sc_error_format(&lg.v[i].e,
				lg.v[i].sev == SC_SEV_ERROR ? "error" : "warning",
				b, sizeof(b));
		cr_log_info("diag %zu: %s", i, b);
	}
}

static int run(const struct sc_profile *p)
{
	memset(&lg, 0, sizeof(lg));
	memset(&err, 0x5a, sizeof(err));
	return sc_profile_validate(p, &sink, &err);
}

static struct sc_loc L(unsigned line, unsigned col)
{
	return (struct sc_loc){ line, col };
}

/* A valid base: defaultAction ERRNO at 2:3, no rules. */
static struct sc_profile *base(const char *def)
{
	struct sc_profile *p = sc_profile_new(cur_file);

	cr_assert_not_null(p);
	if (def) {
		cr_assert_eq(sc_set_str(&p->default_action, def), 0);
		p->default_action_loc = L(2, 3);
	}
	return p;
}

/* A rule at line `line`: action at line+1, names at line+2, +3, ... */
static struct sc_group *rule(struct sc_profile *p, unsigned line,
			     const char *action, const char *const *names)
{
	struct sc_group *g = sc_profile_add_group(p);

	cr_assert_not_null(g);
	g->loc = L(line, 3);
	if (action) {
		cr_assert_eq(sc_set_str(&g->action, action), 0);
		g->action_loc = L(line + 1, 14);
	}
	for (size_t i = 0; names && names[i]; i++)
		cr_assert_eq(sc_strv_push(&g->names, names[i], (size_t)-1,
					  L(line + 2 + (unsigned)i, 5)),
			     0);
	return g;
}

#define NAMES(...) ((const char *const[]){ __VA_ARGS__, NULL })

static struct sc_arg *arg(struct sc_group *g, unsigned line, uint64_t index,
			  const char *op, uint64_t value, uint64_t value_two)
{
	struct sc_arg *a = sc_group_add_arg(g);

	cr_assert_not_null(a);
	a->index = index;
	a->value = value;
	a->value_two = value_two;
	if (op)
		cr_assert_eq(sc_set_str(&a->op, op), 0);
	a->loc = L(line, 7);
	return a;
}

static void push(struct sc_strv *v, const char *s, unsigned line)
{
	cr_assert_eq(sc_strv_push(v, s, (size_t)-1, L(line, 9)), 0);
}

/* Exactly one diagnostic, this one. */
static void expect_one(enum sc_severity sev, unsigned line, unsigned col,
		       const char *msg)
{
	if (lg.n != 1)
		dump();
	cr_assert_eq(lg.n, 1, "want 1 diagnostic, got %zu (want '%s')", lg.n,
		     msg);
	cr_expect_eq(lg.v[0].sev, sev, "severity of '%s'", msg);
	cr_expect_str_eq(lg.v[0].e.msg, msg);
	cr_expect_eq(lg.v[0].e.line, line, "line of '%s'", msg);
	cr_expect_eq(lg.v[0].e.col, col, "col of '%s'", msg);
	cr_expect_str_eq(lg.v[0].e.file, cur_file);
}

/* Diagnostic i is this one. */
static void expect_at(size_t i, enum sc_severity sev, unsigned line,
		      const char *msg)
{
	if (lg.n <= i)
		dump();
	cr_assert_gt(lg.n, i, "want diagnostic %zu '%s', got %zu", i, msg,
		     lg.n);
	cr_expect_eq(lg.v[i].sev, sev, "severity of '%s'", msg);
	cr_expect_str_eq(lg.v[i].e.msg, msg);
	cr_expect_eq(lg.v[i].e.line, line, "line of '%s'", msg);
}

static void expect_error_one(struct sc_profile *p, unsigned line,
			     unsigned col, const char *msg)
{
	cr_expect_eq(run(p), -EINVAL);
	expect_one(SC_SEV_ERROR, line, col, msg);
	cr_expect_str_eq(err.msg, msg);
	cr_expect_eq(err.code, EINVAL);
	cr_expect_eq(err.line, line);
	sc_profile_free(p);
}

static void expect_warning_one(struct sc_profile *p, unsigned line,
			       unsigned col, const char *msg)
{
	cr_expect_eq(run(p), 0);
	expect_one(SC_SEV_WARNING, line, col, msg);
	cr_expect_eq(err.code, 0, "err must be cleared when there is no error");
	sc_profile_free(p);
}

static void expect_clean(struct sc_profile *p)
{
	int r = run(p);

	if (lg.n)
		dump();
	cr_expect_eq(r, 0);
	cr_expect_eq(lg.n, 0, "want no diagnostics, got %zu", lg.n);
	sc_profile_free(p);
}

/* ---- the whole ---- */

Test(validate, clean_profile)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");
	struct sc_group *g;

	p->has_default_errno_ret = true;
	p->default_errno_ret = 1;
	push(&p->architectures, "SCMP_ARCH_X86_64", 3);
	push(&p->architectures, "SCMP_ARCH_X86", 3);
	g = rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read", "write", "mseal"));
	push(&g->includes.arches, "amd64", 20);
	push(&g->includes.caps, "CAP_SYS_ADMIN", 21);
	cr_assert_eq(sc_set_str(&g->includes.min_kernel, "4.8"), 0);
	g = rule(p, 30, "SCMP_ACT_ERRNO", NAMES("clone3"));
	g->has_errno_ret = true;
	g->errno_ret = 38;
	g = rule(p, 40, "SCMP_ACT_ALLOW", NAMES("clone"));
	arg(g, 44, 0, "SCMP_CMP_MASKED_EQ", 0x7E020000, 0);
	push(&g->excludes.caps, "CAP_SYS_ADMIN", 45);
	push(&p->flags, "SECCOMP_FILTER_FLAG_SPEC_ALLOW", 50);
	p->has_flags = true;
	expect_clean(p);
}

Test(validate, null_sink_still_fills_err)
{
	struct sc_profile *p = base(NULL);

	sc_error_clear(&err);
	cr_expect_eq(sc_profile_validate(p, NULL, &err), -EINVAL);
	cr_expect_str_eq(err.msg,
			 "missing 'defaultAction'; set it, e.g. to 'SCMP_ACT_ERRNO'");
	cr_expect_eq(sc_profile_validate(p, NULL, NULL), -EINVAL);
	sc_profile_free(p);
}

Test(validate, every_problem_is_reported_err_is_the_first)
{
	struct sc_profile *p = base("SCMP_ACT_ALOW");
	struct sc_group *g;

	g = rule(p, 10, "SCMP_ACT_ERRNO", NAMES("chmd", "chmod", "ptrase"));
	arg(g, 20, 7, "SCMP_CMP_EQ", 1, 0);
	push(&g->includes.caps, "SYS_ADMIN", 21);
	cr_expect_eq(run(p), -EINVAL);
	cr_expect_eq(lg.n, 5);
	expect_at(0, SC_SEV_ERROR, 2,
		  "unknown action 'SCMP_ACT_ALOW'; did you mean 'SCMP_ACT_ALLOW'?");
	expect_at(1, SC_SEV_ERROR, 12,
		  "unknown syscall 'chmd'; did you mean 'chmod'?");
	expect_at(2, SC_SEV_ERROR, 14,
		  "unknown syscall 'ptrase'; did you mean 'ptrace'?");
	expect_at(3, SC_SEV_ERROR, 20,
		  "argument index 7 is out of range (0..5)");
	expect_at(4, SC_SEV_ERROR, 21,
		  "unknown capability 'SYS_ADMIN'; Docker compares capability names exactly: write 'CAP_SYS_ADMIN'");
	cr_expect_str_eq(err.msg,
			 "unknown action 'SCMP_ACT_ALOW'; did you mean 'SCMP_ACT_ALLOW'?");
	cr_expect_str_eq(err.file, "p.json");
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.col, 3);
	sc_profile_free(p);
}

Test(validate, warnings_alone_return_zero)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read", "read"));
	rule(p, 20, "SCMP_ACT_ALLOW", NAMES("chmd"));
	cr_expect_eq(run(p), 0);
	cr_expect_eq(lg.n, 2);
	expect_at(0, SC_SEV_WARNING, 13,
		  "duplicate syscall 'read' in this rule, ignoring");
	expect_at(1, SC_SEV_WARNING, 22,
		  "unknown syscall 'chmd', ignoring; did you mean 'chmod'?");
	sc_profile_free(p);
}

Test(validate, file_name_may_be_null)
{
	struct sc_profile *p = sc_profile_new(NULL);

	cr_expect_eq(run(p), -EINVAL);
	cr_expect_eq(lg.n, 1);
	cr_expect_str_eq(lg.v[0].e.file, "");
	sc_profile_free(p);
}

/* ---- actions ---- */

Test(validate, default_action_missing)
{
	expect_error_one(base(NULL), 0, 0,
			 "missing 'defaultAction'; set it, e.g. to 'SCMP_ACT_ERRNO'");
}

Test(validate, default_action_lowercase_word)
{
	expect_error_one(base("errno"), 2, 3,
			 "unknown action 'errno'; use 'SCMP_ACT_ERRNO'");
}

Test(validate, default_action_case)
{
	expect_error_one(base("scmp_act_kill_process"), 2, 3,
			 "unknown action 'scmp_act_kill_process'; use 'SCMP_ACT_KILL_PROCESS'");
}

Test(validate, default_action_typo)
{
	expect_error_one(base("SCMP_ACT_ERNO"), 2, 3,
			 "unknown action 'SCMP_ACT_ERNO'; did you mean 'SCMP_ACT_ERRNO'?");
}

Test(validate, default_action_empty)
{
	expect_error_one(base(""), 2, 3,
			 "unknown action ''; expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY");
}

Test(validate, every_action_is_accepted)
{
	for (size_t i = 0; sc_action_names[i]; i++) {
		struct sc_profile *p = base("SCMP_ACT_ERRNO");

		rule(p, 10, sc_action_names[i], NAMES("read"));
		p->listener_path = strdup("/run/notify.sock");
		expect_clean(p);
	}
}

Test(validate, rule_action_missing)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, NULL, NAMES("read"));
	expect_error_one(p, 10, 3,
			 "missing 'action'; set it, e.g. to 'SCMP_ACT_ALLOW'");
}

Test(validate, rule_action_unknown)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "allow", NAMES("read"));
	expect_error_one(p, 11, 14,
			 "unknown action 'allow'; use 'SCMP_ACT_ALLOW'");
}

Test(validate, notify_as_default)
{
	struct sc_profile *p = base("SCMP_ACT_NOTIFY");

	p->listener_path = strdup("/run/l.sock");
	expect_error_one(p, 2, 3,
			 "'SCMP_ACT_NOTIFY' cannot be the default action; runc refuses it");
}

Test(validate, notify_needs_listener_path_once)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_NOTIFY", NAMES("openat"));
	rule(p, 20, "SCMP_ACT_NOTIFY", NAMES("mount"));
	expect_error_one(p, 11, 14,
			 "'SCMP_ACT_NOTIFY' needs 'listenerPath'; runc refuses to start without it");
}

Test(validate, notify_with_listener_path)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_NOTIFY", NAMES("openat"));
	p->listener_path = strdup("/run/l.sock");
	p->listener_metadata = strdup("meta");
	expect_clean(p);
}

Test(validate, notify_on_write)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_NOTIFY", NAMES("openat", "write"));
	p->listener_path = strdup("/run/l.sock");
	expect_error_one(p, 13, 5,
			 "'SCMP_ACT_NOTIFY' cannot be used for 'write'; runc refuses it");
}

Test(validate, listener_metadata_without_path)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	p->listener_metadata = strdup("meta");
	expect_warning_one(p, 0, 0,
			   "'listenerMetadata' is set without 'listenerPath', ignoring");
}

/* ---- errno values ---- */

static struct sc_profile *errno_rule(const char *action, uint64_t v)
{
	struct sc_profile *p = base("SCMP_ACT_ALLOW");
	struct sc_group *g = rule(p, 10, action, NAMES("syslog"));

	g->has_errno_ret = true;
	g->errno_ret = v;
	g->errno_ret_loc = L(15, 16);
	return p;
}

Test(validate, errno_ret_with_other_action)
{
	expect_warning_one(errno_rule("SCMP_ACT_KILL", 1), 15, 16,
			   "'errnoRet' has no effect with action 'SCMP_ACT_KILL'; runc ignores it, crun rejects it");
}

Test(validate, default_errno_ret_with_other_action)
{
	struct sc_profile *p = base("SCMP_ACT_KILL_PROCESS");

	p->has_default_errno_ret = true;
	p->default_errno_ret = 1;
	p->default_errno_ret_loc = L(3, 22);
	expect_warning_one(p, 3, 22,
			   "'defaultErrnoRet' has no effect with action 'SCMP_ACT_KILL_PROCESS'; runc ignores it, crun rejects it");
}

Test(validate, errno_ret_16_bits)
{
	expect_error_one(errno_rule("SCMP_ACT_ERRNO", 65536), 15, 16,
			 "'errnoRet' 65536 is out of range (0..65535); seccomp keeps only 16 bits, so it would become 0");
	expect_error_one(errno_rule("SCMP_ACT_TRACE", 65537), 15, 16,
			 "'errnoRet' 65537 is out of range (0..65535); seccomp keeps only 16 bits, so it would become 1");
}

Test(validate, errno_ret_above_max_errno)
{
	/* moby's fixture example.json uses 12345: a warning, not an error. */
	expect_warning_one(errno_rule("SCMP_ACT_ERRNO", 12345), 15, 16,
			   "'errnoRet' 12345 is above 4095; the kernel caps errno values, the syscall fails with errno 4095");
	expect_clean(errno_rule("SCMP_ACT_ERRNO", 4095));
	expect_clean(errno_rule("SCMP_ACT_ERRNO", 1));
	/* TRACE's value is a message for the tracer, not an errno. */
	expect_clean(errno_rule("SCMP_ACT_TRACE", 65535));
}

Test(validate, errno_ret_zero)
{
	expect_warning_one(errno_rule("SCMP_ACT_ERRNO", 0), 15, 16,
			   "'errnoRet' 0 makes the denied syscall return 0 (success) without running it");
}

Test(validate, default_errno_ret_range)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	p->has_default_errno_ret = true;
	p->default_errno_ret = UINT64_MAX;
	p->default_errno_ret_loc = L(3, 22);
	expect_error_one(p, 3, 22,
			 "'defaultErrnoRet' 18446744073709551615 is out of range (0..65535); seccomp keeps only 16 bits, so it would become 65535");
}

static struct sc_profile *errno_name_rule(const char *name, bool has_ret,
					  uint64_t ret)
{
	struct sc_profile *p = errno_rule("SCMP_ACT_ERRNO", ret);

	p->groups[0].has_errno_ret = has_ret;
	cr_assert_eq(sc_set_str(&p->groups[0].errno_name, name), 0);
	p->groups[0].errno_name_loc = L(16, 13);
	return p;
}

Test(validate, podman_errno_names)
{
	expect_clean(errno_name_rule("EPERM", true, 1));
	expect_clean(errno_name_rule("ENOSYS", false, 0));
	expect_clean(errno_name_rule("38", true, 38));
	expect_clean(errno_name_rule("EWOULDBLOCK", true, EAGAIN));
}

Test(validate, podman_errno_disagrees)
{
	expect_warning_one(errno_name_rule("EINVAL", true, 1), 16, 13,
			   "'errno' 'EINVAL' (22) disagrees with 'errnoRet' 1; 'errnoRet' wins, as in Docker");
}

Test(validate, podman_errno_unknown)
{
	expect_error_one(errno_name_rule("eperm", false, 0), 16, 13,
			 "unknown errno name 'eperm'; use 'EPERM'");
	expect_error_one(errno_name_rule("EPREM", false, 0), 16, 13,
			 "unknown errno name 'EPREM'; did you mean 'EPERM'?");
	expect_error_one(errno_name_rule("PERMISSION", false, 0), 16, 13,
			 "unknown errno name 'PERMISSION'; use a name like 'EPERM' or a decimal number");
	expect_error_one(errno_name_rule("", false, 0), 16, 13,
			 "unknown errno name ''; use a name like 'EPERM' or a decimal number");
	expect_error_one(errno_name_rule("70000", false, 0), 16, 13,
			 "'errno' 70000 is out of range (0..65535); seccomp keeps only 16 bits, so it would become 4464");
}

Test(validate, podman_default_errno)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	p->has_default_errno_ret = true;
	p->default_errno_ret = 1;
	p->default_errno_name = strdup("ENOSYS");
	p->default_errno_name_loc = L(4, 18);
	expect_warning_one(p, 4, 18,
			   "'defaultErrno' 'ENOSYS' (38) disagrees with 'defaultErrnoRet' 1; 'defaultErrnoRet' wins, as in Docker");
}

Test(validate, podman_errno_with_other_action)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");
	struct sc_group *g = rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read"));

	g->errno_name = strdup("EPERM");
	g->errno_name_loc = L(16, 13);
	expect_warning_one(p, 16, 13,
			   "'errno' has no effect with action 'SCMP_ACT_ALLOW'; runc ignores it, crun rejects it");
}

/* ---- architectures and archMap ---- */

static struct sc_profile *arches(const char *a)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	push(&p->architectures, a, 5);
	return p;
}

Test(validate, architectures_go_name)
{
	expect_error_one(arches("amd64"), 5, 9,
			 "unknown architecture 'amd64'; use 'SCMP_ARCH_X86_64' here; Go-style names like 'amd64' belong in includes/excludes.arches");
	expect_error_one(arches("x86_64"), 5, 9,
			 "unknown architecture 'x86_64'; use 'SCMP_ARCH_X86_64' here; Go-style names like 'amd64' belong in includes/excludes.arches");
	expect_error_one(arches("aarch64"), 5, 9,
			 "unknown architecture 'aarch64'; use 'SCMP_ARCH_AARCH64' here; Go-style names like 'arm64' belong in includes/excludes.arches");
	expect_error_one(arches("i686"), 5, 9,
			 "unknown architecture 'i686'; use 'SCMP_ARCH_X86' here; Go-style names like 'x86' belong in includes/excludes.arches");
}

Test(validate, architectures_case)
{
	expect_error_one(arches("scmp_arch_x86_64"), 5, 9,
			 "unknown architecture 'scmp_arch_x86_64'; use 'SCMP_ARCH_X86_64'");
}

Test(validate, architectures_typo)
{
	expect_error_one(arches("SCMP_ARCH_X86_46"), 5, 9,
			 "unknown architecture 'SCMP_ARCH_X86_46'; did you mean 'SCMP_ARCH_X86_64'?");
	expect_error_one(arches("mainframe"), 5, 9,
			 "unknown architecture 'mainframe'");
}

Test(validate, architectures_not_runc)
{
	expect_error_one(arches("SCMP_ARCH_PARISC"), 5, 9,
			 "unknown architecture 'SCMP_ARCH_PARISC'; runc does not support it");
}

Test(validate, architectures_duplicate)
{
	struct sc_profile *p = arches("SCMP_ARCH_X86_64");

	push(&p->architectures, "SCMP_ARCH_X86", 6);
	push(&p->architectures, "SCMP_ARCH_X86_64", 7);
	expect_warning_one(p, 7, 9,
			   "duplicate architecture 'SCMP_ARCH_X86_64', ignoring");
}

Test(validate, architectures_libseccomp_cannot_build)
{
	uint32_t t = sc_arch_from_scmp_name("SCMP_ARCH_LOONGARCH64");
	const struct scmp_version *v = seccomp_version();
	char want[256];

	if (seccomp_syscall_resolve_name_arch(t, "read") != __NR_SCMP_ERROR)
		cr_skip_test("this libseccomp supports LoongArch");
	snprintf(want, sizeof(want),
		 "libseccomp %u.%u.%u cannot build filters for 'SCMP_ARCH_LOONGARCH64'",
		 v->major, v->minor, v->micro);
	expect_warning_one(arches("SCMP_ARCH_LOONGARCH64"), 5, 9, want);
}

Test(validate, architectures_and_archmap)
{
	struct sc_profile *p = arches("SCMP_ARCH_X86_64");
	struct sc_archmap *m = sc_profile_add_archmap(p);

	m->loc = L(8, 3);
	m->arch.s = strdup("SCMP_ARCH_AARCH64");
	m->arch.loc = L(9, 20);
	expect_error_one(p, 8, 3,
			 "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
}

static struct sc_archmap *archmap(struct sc_profile *p, unsigned line,
				  const char *a, const char *const *subs)
{
	struct sc_archmap *m = sc_profile_add_archmap(p);

	cr_assert_not_null(m);
	m->loc = L(line, 3);
	if (a) {
		m->arch.s = strdup(a);
		m->arch.loc = L(line + 1, 20);
	}
	for (size_t i = 0; subs && subs[i]; i++)
		push(&m->subs, subs[i], line + 2 + (unsigned)i);
	return m;
}

Test(validate, archmap_like_docker_default)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	archmap(p, 10, "SCMP_ARCH_X86_64",
		NAMES("SCMP_ARCH_X86", "SCMP_ARCH_X32"));
	archmap(p, 20, "SCMP_ARCH_AARCH64", NAMES("SCMP_ARCH_ARM"));
	archmap(p, 30, "SCMP_ARCH_RISCV64", NULL);
	/* Not buildable by libseccomp 2.5.4, but not the native entry. */
	archmap(p, 40, "SCMP_ARCH_LOONGARCH64", NULL);
	expect_clean(p);
}

Test(validate, archmap_problems)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	archmap(p, 10, NULL, NAMES("SCMP_ARCH_X86"));
	archmap(p, 20, "SCMP_ARCH_X86_64", NAMES("x32", "SCMP_ARCH_X86_64"));
	archmap(p, 30, "SCMP_ARCH_X86_64", NULL);
	cr_expect_eq(run(p), -EINVAL);
	cr_expect_eq(lg.n, 4);
	expect_at(0, SC_SEV_ERROR, 10, "missing 'architecture' in archMap entry");
	expect_at(1, SC_SEV_ERROR, 22,
		  "unknown architecture 'x32'; use 'SCMP_ARCH_X32' here; Go-style names like 'x32' belong in includes/excludes.arches");
	expect_at(2, SC_SEV_WARNING, 23,
		  "duplicate architecture 'SCMP_ARCH_X86_64', ignoring");
	expect_at(3, SC_SEV_WARNING, 31,
		  "duplicate archMap entry for 'SCMP_ARCH_X86_64'; only the first is used");
	sc_profile_free(p);
}

/* ---- includes / excludes ---- */

static struct sc_profile *cond(bool excludes, const char *arch,
			       const char *cap, const char *min_kernel)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");
	struct sc_group *g = rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read"));
	struct sc_cond *k = excludes ? &g->excludes : &g->includes;

	if (arch)
		push(&k->arches, arch, 20);
	if (cap)
		push(&k->caps, cap, 21);
	if (min_kernel) {
		k->min_kernel = strdup(min_kernel);
		k->min_kernel_loc = L(22, 18);
	}
	return p;
}

Test(validate, cond_arches)
{
	for (size_t i = 0; sc_arch_go_names[i]; i++)
		expect_clean(cond(false, sc_arch_go_names[i], NULL, NULL));
	expect_error_one(cond(false, "SCMP_ARCH_X86_64", NULL, NULL), 20, 9,
			 "unknown architecture 'SCMP_ARCH_X86_64' in includes.arches; use 'amd64' here; SCMP_ARCH_* names belong in 'architectures' and 'archMap'");
	expect_error_one(cond(true, "SCMP_ARCH_AARCH64", NULL, NULL), 20, 9,
			 "unknown architecture 'SCMP_ARCH_AARCH64' in excludes.arches; use 'arm64' here; SCMP_ARCH_* names belong in 'architectures' and 'archMap'");
	expect_error_one(cond(false, "x86_64", NULL, NULL), 20, 9,
			 "unknown architecture 'x86_64' in includes.arches; use 'amd64' here; Docker compares Go-style names");
	expect_error_one(cond(true, "AMD64", NULL, NULL), 20, 9,
			 "unknown architecture 'AMD64' in excludes.arches; use 'amd64' here; Docker compares Go-style names");
	expect_error_one(cond(false, "amd46", NULL, NULL), 20, 9,
			 "unknown architecture 'amd46' in includes.arches; did you mean 'amd64'?");
	expect_error_one(cond(false, "vax", NULL, NULL), 20, 9,
			 "unknown architecture 'vax' in includes.arches");
}

Test(validate, cond_arches_duplicate)
{
	struct sc_profile *p = cond(false, "amd64", NULL, NULL);

	push(&p->groups[0].includes.arches, "amd64", 23);
	expect_warning_one(p, 23, 9,
			   "duplicate architecture 'amd64' in includes.arches, ignoring");
}

Test(validate, cond_caps)
{
	expect_error_one(cond(false, NULL, "SYS_ADMIN", NULL), 21, 9,
			 "unknown capability 'SYS_ADMIN'; Docker compares capability names exactly: write 'CAP_SYS_ADMIN'");
	expect_error_one(cond(true, NULL, "cap_sys_admin", NULL), 21, 9,
			 "unknown capability 'cap_sys_admin'; Docker compares capability names exactly: write 'CAP_SYS_ADMIN'");
	expect_error_one(cond(false, NULL, "CAP_SYS_ADMN", NULL), 21, 9,
			 "unknown capability 'CAP_SYS_ADMN'; did you mean 'CAP_SYS_ADMIN'?");
	expect_error_one(cond(false, NULL, "SYS_ADMN", NULL), 21, 9,
			 "unknown capability 'SYS_ADMN'; did you mean 'CAP_SYS_ADMIN'?");
	expect_error_one(cond(false, NULL, "CAP_EVERYTHING", NULL), 21, 9,
			 "unknown capability 'CAP_EVERYTHING'");
	for (int i = 0; i <= sc_cap_max(); i++)
		expect_clean(cond(i & 1, NULL, sc_cap_name(i), NULL));
}

Test(validate, cond_caps_duplicate)
{
	struct sc_profile *p = cond(true, NULL, "CAP_BPF", NULL);

	push(&p->groups[0].excludes.caps, "CAP_BPF", 24);
	expect_warning_one(p, 24, 9,
			   "duplicate capability 'CAP_BPF' in excludes.caps, ignoring");
}

Test(validate, cond_min_kernel)
{
	expect_clean(cond(false, NULL, NULL, "4.8"));
	expect_clean(cond(true, NULL, NULL, "5.0"));
	expect_warning_one(cond(true, NULL, NULL, ""), 22, 18,
			   "excludes.minKernel '' always excludes this rule; Docker reads '' as kernel 0.0");
	expect_warning_one(cond(false, NULL, NULL, ""), 22, 18,
			   "includes.minKernel '' is always satisfied; Docker reads '' as kernel 0.0");
	expect_error_one(cond(false, NULL, NULL, "4.8.1"), 22, 18,
			 "invalid minKernel '4.8.1'; expected \"<kernel>.<major>\", e.g. '4.8'");
	expect_error_one(cond(false, NULL, NULL, "0.0"), 22, 18,
			 "invalid minKernel '0.0'; expected \"<kernel>.<major>\", e.g. '4.8'");
}

/* ---- args ---- */

static struct sc_profile *args_rule(struct sc_group **g)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	*g = rule(p, 10, "SCMP_ACT_ALLOW", NAMES("personality"));
	return p;
}

Test(validate, arg_index)
{
	struct sc_group *g;
	struct sc_profile *p = args_rule(&g);

	arg(g, 30, 6, "SCMP_CMP_EQ", 0, 0);
	expect_error_one(p, 30, 7, "argument index 6 is out of range (0..5)");
	p = args_rule(&g);
	arg(g, 30, UINT64_MAX, "SCMP_CMP_EQ", 0, 0);
	expect_error_one(p, 30, 7,
			 "argument index 18446744073709551615 is out of range (0..5)");
	p = args_rule(&g);
	for (unsigned i = 0; i <= 5; i++)
		arg(g, 30 + i, i, "SCMP_CMP_EQ", 0, 0);
	expect_clean(p);
}

Test(validate, arg_op)
{
	struct sc_group *g;
	struct sc_profile *p = args_rule(&g);

	arg(g, 30, 0, NULL, 0, 0);
	expect_error_one(p, 30, 7, "missing 'op'; use e.g. 'SCMP_CMP_EQ'");
	p = args_rule(&g);
	arg(g, 30, 0, "eq", 0, 0);
	expect_error_one(p, 30, 7, "unknown operator 'eq'; use 'SCMP_CMP_EQ'");
	p = args_rule(&g);
	arg(g, 30, 0, ">=", 0, 0);
	expect_error_one(p, 30, 7, "unknown operator '>='; use 'SCMP_CMP_GE'");
	p = args_rule(&g);
	arg(g, 30, 0, "SCMP_CMP_MASKEDEQ", 0, 0);
	expect_error_one(p, 30, 7,
			 "unknown operator 'SCMP_CMP_MASKEDEQ'; did you mean 'SCMP_CMP_MASKED_EQ'?");
	p = args_rule(&g);
	arg(g, 30, 0, "like", 0, 0);
	expect_error_one(p, 30, 7,
			 "unknown operator 'like'; expected one of SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ");
}

Test(validate, arg_masked_eq)
{
	struct sc_group *g;
	struct sc_profile *p = args_rule(&g);

	/* mask 0: (arg & 0) == 1 never holds. */
	arg(g, 30, 0, "SCMP_CMP_MASKED_EQ", 0, 1);
	expect_warning_one(p, 30, 7,
			   "'SCMP_CMP_MASKED_EQ' can never match: valueTwo 0x1 has bits outside the mask 0x0");
	p = args_rule(&g);
	arg(g, 30, 1, "SCMP_CMP_MASKED_EQ", 0xff, 0x100);
	expect_warning_one(p, 30, 7,
			   "'SCMP_CMP_MASKED_EQ' can never match: valueTwo 0x100 has bits outside the mask 0xff");
	/* mask 0 with valueTwo 0 always holds: legal, if pointless. */
	p = args_rule(&g);
	arg(g, 30, 0, "SCMP_CMP_MASKED_EQ", 0, 0);
	expect_clean(p);
	p = args_rule(&g);
	arg(g, 30, 0, "SCMP_CMP_MASKED_EQ", 0xff, 0x0f);
	expect_clean(p);
}

Test(validate, arg_value_two_ignored)
{
	struct sc_group *g;
	struct sc_profile *p = args_rule(&g);

	arg(g, 30, 0, "SCMP_CMP_EQ", 8, 9);
	expect_warning_one(p, 30, 7,
			   "'valueTwo' has no effect with operator 'SCMP_CMP_EQ', ignoring");
}

Test(validate, arg_index_repeated)
{
	struct sc_group *g;
	struct sc_profile *p = args_rule(&g);

	arg(g, 30, 0, "SCMP_CMP_EQ", 1, 0);
	arg(g, 31, 1, "SCMP_CMP_EQ", 1, 0);
	arg(g, 32, 0, "SCMP_CMP_EQ", 2, 0);
	arg(g, 33, 0, "SCMP_CMP_EQ", 3, 0);
	expect_warning_one(p, 32, 7,
			   "argument 0 is compared more than once; runc then applies each condition of this rule on its own (any one matching is enough)");
}

/* ---- syscall names ---- */

static struct sc_profile *names_rule(const char *def, const char *action,
				     const char *name)
{
	struct sc_profile *p = base(def);

	rule(p, 10, action, NAMES("read", name));
	return p;
}

Test(validate, unknown_syscall_in_deny_rule_is_an_error)
{
	expect_error_one(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "chmd"),
			 13, 5, "unknown syscall 'chmd'; did you mean 'chmod'?");
	expect_error_one(names_rule("SCMP_ACT_LOG", "SCMP_ACT_KILL", "ptrase"),
			 13, 5,
			 "unknown syscall 'ptrase'; did you mean 'ptrace'?");
	expect_error_one(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
				    "xyzzyplugh"),
			 13, 5, "unknown syscall 'xyzzyplugh'");
}

Test(validate, unknown_syscall_not_more_permissive_is_an_error)
{
	/* Docker's clone3 -> ENOSYS under an EPERM default. */
	expect_error_one(names_rule("SCMP_ACT_ERRNO", "SCMP_ACT_ERRNO", "clone33"),
			 13, 5, "unknown syscall 'clone33'; did you mean 'clone3'?");
	/* ALLOW under LOG lets nothing more through. */
	expect_error_one(names_rule("SCMP_ACT_LOG", "SCMP_ACT_ALLOW", "chmd"),
			 13, 5, "unknown syscall 'chmd'; did you mean 'chmod'?");
	/* TRACE without a tracer denies. */
	expect_error_one(names_rule("SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "chmd"),
			 13, 5, "unknown syscall 'chmd'; did you mean 'chmod'?");
}

Test(validate, unknown_syscall_in_allow_rule_is_a_warning)
{
	expect_warning_one(names_rule("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW", "chmd"),
			   13, 5,
			   "unknown syscall 'chmd', ignoring; did you mean 'chmod'?");
	expect_warning_one(names_rule("SCMP_ACT_KILL", "SCMP_ACT_LOG",
				      "xyzzyplugh"),
			   13, 5, "unknown syscall 'xyzzyplugh', ignoring");
}

Test(validate, syscalls_libseccomp_does_not_know_are_fine)
{
	expect_clean(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "mseal"));
	expect_clean(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
				"removexattrat"));
	/* Not on x86_64, but a syscall elsewhere. */
	expect_clean(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "_llseek"));
}

Test(validate, empty_syscall_name)
{
	expect_error_one(names_rule("SCMP_ACT_ERRNO", "SCMP_ACT_ALLOW", ""), 13,
			 5, "empty syscall name");
}

/* A rule with its own action but no names is a rule lost: an error. */
Test(validate, rule_without_names)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_ALLOW", NULL);
	expect_error_one(p, 10, 3,
			 "no syscall names in this rule, so its action "
			 "'SCMP_ACT_ALLOW' applies to nothing; list the syscalls it is for in 'names'");
}

/* The default's own action, errno included, changes nothing: a warning. */
Test(validate, rule_without_names_default_action)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_ERRNO", NULL);
	expect_warning_one(p, 10, 3, "no syscall names in this rule, ignoring");
}

/* ERRNO(38) under a default of ERRNO(1) is another action. */
Test(validate, rule_without_names_other_errno)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");
	struct sc_group *g = rule(p, 10, "SCMP_ACT_ERRNO", NULL);


	g->has_errno_ret = true;
	g->errno_ret = 38;
	expect_error_one(p, 10, 3,
			 "no syscall names in this rule, so its action "
			 "'SCMP_ACT_ERRNO' applies to nothing; list the syscalls it is for in 'names'");
}

Test(validate, duplicate_syscall)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read", "write", "read"));
	expect_warning_one(p, 14, 5,
			   "duplicate syscall 'read' in this rule, ignoring");
}

Test(validate, deprecated_name)
{
	struct sc_profile *p = base("SCMP_ACT_ALLOW");
	struct sc_group *g = rule(p, 10, "SCMP_ACT_ERRNO", NULL);

	g->name = strdup("chmd");
	g->name_loc = L(11, 12);
	expect_error_one(p, 11, 12,
			 "unknown syscall 'chmd'; did you mean 'chmod'?");
}

Test(validate, name_and_names)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");
	struct sc_group *g = rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read"));

	g->name = strdup("write");
	g->name_loc = L(11, 12);
	expect_error_one(p, 11, 12,
			 "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
}

Test(validate, user_strings_are_escaped_and_cut)
{
	char longname[200];

	expect_error_one(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
				    "ch'md\n"),
			 13, 5, "unknown syscall 'ch\\'md\\x0a'");
	memset(longname, 'q', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	expect_error_one(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", longname),
			 13, 5,
			 "unknown syscall 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq...'");
}

/* ---- flags ---- */

static struct sc_profile *flag(const char *f)
{
	struct sc_profile *p = base("SCMP_ACT_ERRNO");

	p->has_flags = true;
	push(&p->flags, f, 6);
	return p;
}

Test(validate, flags)
{
	expect_clean(flag("SECCOMP_FILTER_FLAG_TSYNC"));
	expect_clean(flag("SECCOMP_FILTER_FLAG_LOG"));
	expect_clean(flag("SECCOMP_FILTER_FLAG_SPEC_ALLOW"));
	expect_clean(flag("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
	expect_error_one(flag("SECCOMP_FILTER_FLAG_NEW_LISTENER"), 6, 9,
			 "unknown flag 'SECCOMP_FILTER_FLAG_NEW_LISTENER'; runc sets it itself when a rule uses 'SCMP_ACT_NOTIFY'");
	expect_error_one(flag("log"), 6, 9,
			 "unknown flag 'log'; use 'SECCOMP_FILTER_FLAG_LOG'");
	expect_error_one(flag("SECCOMP_FILTER_FLAG_SPEC_ALOW"), 6, 9,
			 "unknown flag 'SECCOMP_FILTER_FLAG_SPEC_ALOW'; did you mean 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'?");
	expect_error_one(flag("FAST"), 6, 9,
			 "unknown flag 'FAST'; expected one of SECCOMP_FILTER_FLAG_TSYNC, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
}

Test(validate, flags_duplicate)
{
	struct sc_profile *p = flag("SECCOMP_FILTER_FLAG_LOG");

	push(&p->flags, "SECCOMP_FILTER_FLAG_LOG", 7);
	expect_warning_one(p, 7, 9,
			   "duplicate flag 'SECCOMP_FILTER_FLAG_LOG', ignoring");
}

/* ---- the INI dialect: the same checks, in the INI file's words ---- */

#define INI() (cur_file = "p.ini")

Test(validate_ini, dialect_follows_the_file_name_or_the_caller)
{
	struct sc_profile *p;

	INI();
	expect_error_one(base(NULL), 0, 0,
			 "missing 'default-action'; set it in [profile], e.g. 'default-action = errno'");
	/* An explicit format wins over the name. */
	p = base(NULL);
	memset(&lg, 0, sizeof(lg));
	cr_expect_eq(sc_profile_validate_fmt(p, SC_FMT_JSON, &sink, &err),
		     -EINVAL);
	cr_expect_str_eq(lg.v[0].e.msg,
			 "missing 'defaultAction'; set it, e.g. to 'SCMP_ACT_ERRNO'");
	sc_profile_free(p);
	cur_file = "profile.conf";
	p = base(NULL);
	memset(&lg, 0, sizeof(lg));
	cr_expect_eq(sc_profile_validate_fmt(p, SC_FMT_INI, &sink, &err),
		     -EINVAL);
	cr_expect_str_eq(lg.v[0].e.msg,
			 "missing 'default-action'; set it in [profile], e.g. 'default-action = errno'");
	sc_profile_free(p);
	/* Upper-case extension too. */
	cur_file = "P.INI";
	p = base(NULL);
	cr_expect_eq(run(p), -EINVAL);
	cr_expect_str_eq(lg.v[0].e.msg,
			 "missing 'default-action'; set it in [profile], e.g. 'default-action = errno'");
	sc_profile_free(p);
}

Test(validate_ini, actions_and_errno_keys)
{
	struct sc_profile *p;
	struct sc_group *g;

	INI();
	p = base("SCMP_ACT_ERRNO");
	rule(p, 10, NULL, NAMES("read"));
	expect_error_one(p, 10, 3,
			 "missing 'action'; set it, e.g. 'action = allow'");

	p = base("SCMP_ACT_ALLOW");
	g = rule(p, 10, "SCMP_ACT_ERRNO", NAMES("mount"));
	g->has_errno_ret = true;
	g->errno_ret = 70000;
	g->errno_ret_loc = L(12, 9);
	expect_error_one(p, 12, 9,
			 "'errno' 70000 is out of range (0..65535); seccomp keeps only 16 bits, so it would become 4464");

	p = base("SCMP_ACT_ALLOW");
	g = rule(p, 10, "SCMP_ACT_KILL_PROCESS", NAMES("mount"));
	g->has_errno_ret = true;
	g->errno_ret = 1;
	g->errno_ret_loc = L(12, 9);
	expect_warning_one(p, 12, 9,
			   "'errno' has no effect with action 'kill-process'; runc ignores it, crun rejects it");

	p = base("SCMP_ACT_ERRNO");
	p->has_default_errno_ret = true;
	p->default_errno_ret = 1;
	p->default_errno_name = strdup("ENOSYS");
	p->default_errno_name_loc = L(4, 22);
	expect_warning_one(p, 4, 22,
			   "'default-errno-name' 'ENOSYS' (38) disagrees with 'default-errno' 1; 'default-errno' wins, as in Docker");
}

Test(validate_ini, notify_and_listener)
{
	struct sc_profile *p;

	INI();
	expect_error_one(base("SCMP_ACT_NOTIFY"), 2, 3,
			 "'notify' cannot be the default action; runc refuses it");
	p = base("SCMP_ACT_ERRNO");
	rule(p, 10, "SCMP_ACT_NOTIFY", NAMES("openat"));
	expect_error_one(p, 11, 14,
			 "'notify' needs 'listener-path'; runc refuses to start without it");
	p = base("SCMP_ACT_ERRNO");
	rule(p, 10, "SCMP_ACT_NOTIFY", NAMES("write"));
	p->listener_path = strdup("/run/l.sock");
	expect_error_one(p, 12, 5,
			 "'notify' cannot be used for 'write'; runc refuses it");
	p = base("SCMP_ACT_ERRNO");
	p->listener_metadata = strdup("m");
	expect_warning_one(p, 0, 0,
			   "'listener-metadata' is set without 'listener-path', ignoring");
}

Test(validate_ini, architectures)
{
	struct sc_profile *p;

	INI();
	expect_error_one(arches("amd64"), 5, 9,
			 "unknown architecture 'amd64'; use 'SCMP_ARCH_X86_64' here; Go-style names like 'amd64' belong in 'arches' and 'not-arches'");
	p = arches("SCMP_ARCH_X86_64");
	archmap(p, 8, "SCMP_ARCH_X86_64", NULL);
	expect_error_one(p, 8, 3,
			 "both 'architectures' and 'arch-map' are specified, use either 'architectures' or 'arch-map'");
	p = base("SCMP_ACT_ERRNO");
	archmap(p, 10, NULL, NAMES("SCMP_ARCH_X86"));
	expect_error_one(p, 10, 3,
			 "missing architecture in 'arch-map'; write it first, e.g. 'arch-map = SCMP_ARCH_X86_64 SCMP_ARCH_X86'");
	p = base("SCMP_ACT_ERRNO");
	archmap(p, 10, "SCMP_ARCH_X86_64", NULL);
	archmap(p, 20, "SCMP_ARCH_X86_64", NULL);
	expect_warning_one(p, 21, 20,
			   "duplicate 'arch-map' entry for 'SCMP_ARCH_X86_64'; only the first is used");
}

Test(validate_ini, conditions)
{
	struct sc_profile *p;

	INI();
	expect_error_one(cond(false, "x86_64", NULL, NULL), 20, 9,
			 "unknown architecture 'x86_64' in 'arches'; use 'amd64' here; Docker compares Go-style names");
	expect_error_one(cond(true, "SCMP_ARCH_X86_64", NULL, NULL), 20, 9,
			 "unknown architecture 'SCMP_ARCH_X86_64' in 'not-arches'; use 'amd64' here; SCMP_ARCH_* names belong in 'architectures' and 'arch-map'");
	p = cond(true, NULL, "CAP_BPF", NULL);
	push(&p->groups[0].excludes.caps, "CAP_BPF", 24);
	expect_warning_one(p, 24, 9,
			   "duplicate capability 'CAP_BPF' in 'not-caps', ignoring");
	p = cond(false, "amd64", NULL, NULL);
	push(&p->groups[0].includes.arches, "amd64", 23);
	expect_warning_one(p, 23, 9,
			   "duplicate architecture 'amd64' in 'arches', ignoring");
	expect_warning_one(cond(true, NULL, NULL, ""), 22, 18,
			   "'not-min-kernel' '' always excludes this rule; Docker reads '' as kernel 0.0");
	expect_warning_one(cond(false, NULL, NULL, ""), 22, 18,
			   "'min-kernel' '' is always satisfied; Docker reads '' as kernel 0.0");
	expect_error_one(cond(true, NULL, NULL, "3.12.1"), 22, 18,
			 "invalid 'not-min-kernel' '3.12.1'; expected \"<kernel>.<major>\", e.g. '4.8'");
}

Test(validate_ini, args_and_names)
{
	struct sc_group *g;
	struct sc_profile *p;

	INI();
	p = args_rule(&g);
	arg(g, 30, 0, NULL, 0, 0);
	expect_error_one(p, 30, 7,
			 "missing operator in 'arg'; write e.g. 'arg0 == 1'");
	p = args_rule(&g);
	arg(g, 30, 2, "SCMP_CMP_MASKED_EQ", 0xff, 0x100);
	expect_warning_one(p, 30, 7,
			   "'arg2 & 0xff == 0x100' can never match: the value has bits outside the mask");
	p = args_rule(&g);
	arg(g, 30, 0, "SCMP_CMP_EQ", 8, 9);
	expect_warning_one(p, 30, 7,
			   "VALUE-TWO has no effect with operator 'SCMP_CMP_EQ', ignoring");
	p = base("SCMP_ACT_ERRNO");
	g = rule(p, 10, "SCMP_ACT_ALLOW", NAMES("read"));
	g->name = strdup("write");
	g->name_loc = L(11, 8);
	expect_error_one(p, 11, 8,
			 "both 'name' and 'syscalls' are specified, use either 'name' or 'syscalls'");
	/* Messages without keys are the same in both dialects. */
	expect_error_one(names_rule("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "chmd"),
			 13, 5, "unknown syscall 'chmd'; did you mean 'chmod'?");
}

/* ---- real profiles through the JSON reader ---- */

/* Load path; any failure fails the test. */
static struct sc_profile *load_profile(const char *path)
{
	struct sc_profile *p = NULL;
	struct sc_error e;
	int r;

	sc_error_clear(&e);
	r = sc_profile_load(path, SC_FMT_AUTO, &p, NULL, &e);
	cr_assert_eq(r, 0, "%s: %s:%u:%u: %s", path, e.file, e.line, e.col,
		     e.msg);
	return p;
}

Test(validate_files, shared_profiles_have_no_errors)
{
	const char *shared = tu_shared_dir();
	const char *dir;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	if (!shared)
		cr_skip_test("../shared (or $SECCAP_SHARED) is absent: no "
			     "shared profiles to validate");
	dir = tu_path(shared, "profiles");
	d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		struct sc_profile *p;
		char path[4096];
		int r;

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		p = load_profile(path);
		r = run(p);
		for (size_t i = 0; i < lg.n && i < MAXD; i++)
			if (lg.v[i].sev == SC_SEV_ERROR)
				cr_log_error("%s:%u:%u: %s", de->d_name,
					     lg.v[i].e.line, lg.v[i].e.col,
					     lg.v[i].e.msg);
		cr_expect_eq(r, 0, "%s has errors", de->d_name);
		sc_profile_free(p);
		n++;
	}
	closedir(d);
	cr_expect_geq(n, 10, "only %zu profiles found in %s", n, dir);
}

/*
 * tests/data/validate/NAME.json or NAME.ini with NAME.expect: one line per expected
 * diagnostic, in order, "error LINE message" or "warning LINE message".
 * Columns are left to the reader; lines must match.
 */
Test(validate_files, data_directory)
{
	const char *dir = tu_path(tu_root(), "tests/data/validate");
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	cr_assert_not_null(d, "cannot open %s", dir);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), k = 0;
		char path[4096], epath[4096];
		struct sc_profile *p;
		char *expect, *line, *save = NULL;
		int r;
		bool any_error = false;

		size_t ext;

		if (len > 5 && strcmp(de->d_name + len - 5, ".json") == 0)
			ext = 5;
		else if (len > 4 && strcmp(de->d_name + len - 4, ".ini") == 0)
			ext = 4;
		else
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(epath, sizeof(epath), "%s/%.*s.expect", dir,
			 (int)(len - ext), de->d_name);
		expect = tu_slurp(epath, NULL);
		cr_assert_not_null(expect, "missing %s", epath);
		p = load_profile(path);
		r = run(p);
		for (line = strtok_r(expect, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save), k++) {
			char sev[16];
			unsigned ln;
			int off = 0;

			cr_assert_eq(sscanf(line, "%15s %u %n", sev, &ln, &off),
				     2, "%s: bad line '%s'", epath, line);
			any_error = any_error || strcmp(sev, "error") == 0;
			if (k >= lg.n) {
				cr_expect_fail("%s: missing diagnostic '%s'",
					       de->d_name, line);
				continue;
			}
			cr_expect_eq(lg.v[k].sev,
				     strcmp(sev, "error") == 0 ? SC_SEV_ERROR :
								 SC_SEV_WARNING,
				     "%s #%zu severity", de->d_name, k);
			cr_expect_eq(lg.v[k].e.line, ln, "%s #%zu line",
				     de->d_name, k);
			cr_expect_str_eq(lg.v[k].e.msg, line + off,
					 "%s #%zu message", de->d_name, k);
			cr_expect_str_eq(lg.v[k].e.file, path);
		}
		if (lg.n != k)
			dump();
		cr_expect_eq(lg.n, k, "%s: %zu diagnostics, expected %zu",
			     de->d_name, lg.n, k);
		cr_expect_eq(r, any_error ? -EINVAL : 0, "%s", de->d_name);
		free(expect);
		sc_profile_free(p);
		n++;
	}
	closedir(d);
	cr_expect_gt(n, 0, "no profiles in %s", dir);
}
