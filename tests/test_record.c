/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The recording model and the profile made from it (conf/record.c): which
 * groups and names are kept, the comments, --base none, the merge with an
 * earlier recording, the report of calls the base denies, and the promise
 * that matters most: the recorded profile never allows what its base
 * denies.  That is checked with the oracle (tests/oracle.c) on every arch
 * (x86_64, x32, i386) x syscall number x argument vector, for the
 * reference profiles and random recordings, for three capability sets.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "lib/kernel.h"
#include "lib/testutil.h"
#include "model.h"
#include "names.h"
#include "oracle.h"
#include "pipeline.h"
#include "record.h"
#include "resolve.h"

#define X86_64 SCMP_ARCH_X86_64
#define CAP(n) (UINT64_C(1) << (n))

static struct sc_profile *load(const char *path)
{
	struct sc_error err = { 0 };
	struct sc_profile *p = NULL;

	cr_assert_eq(sc_pipeline_load(path, &p, NULL, &err), 0, "%s: %s",
		     path ? path : "default", err.msg);
	return p;
}

static struct sc_target target(uint64_t caps)
{
	struct sc_target t = { .arch = X86_64, .kernel_set = true,
			       .kernel_major = 6, .kernel_minor = 1 };

	t.caps.bits = caps;
	return t;
}

static struct sc_recording *rec_new(const struct sc_profile *base)
{
	struct sc_recording *r = NULL;
	struct sc_error err = { 0 };

	cr_assert_eq(sc_recording_new(base, X86_64, &r, &err), 0, "%s",
		     err.msg);
	return r;
}

static void call(struct sc_recording *r, uint32_t arch, const char *name,
		 uint64_t a0, uint64_t a1)
{
	uint64_t args[6] = { a0, a1, 0, 0, 0, 0 };
	int nr;

	cr_assert_eq(sc_syscall_resolve(name, arch, &nr), 0, "%s", name);
	cr_assert_eq(sc_recording_add(r, arch == SCMP_ARCH_X32 ? X86_64 : arch,
				      nr, args), 0);
}

struct denied_log {
	char names[2048];
};

static void on_denied(void *ud, uint32_t arch, const char *name)
{
	struct denied_log *l = ud;

	(void)arch;
	strncat(l->names, name, sizeof(l->names) - strlen(l->names) - 2);
	strcat(l->names, " ");
}

static struct sc_profile *make(const struct sc_recording *r,
			       const struct sc_profile *base,
			       const struct sc_profile *prev, uint64_t caps,
			       struct denied_log *dl)
{
	struct sc_target t = target(caps);
	struct sc_record_opts o = { .base = base, .base_name = "default",
				    .prev = prev, .target = &t };
	struct sc_record_denied d = { on_denied, dl };
	struct sc_profile *out = NULL;
	struct sc_error err = { 0 };

	cr_assert_eq(sc_record_profile(r, &o, dl ? &d : NULL, &out, &err), 0,
		     "%s", err.msg);
	return out;
}

/* Groups of p that name name, as "label-ish" argument strings. */
static size_t groups_naming(const struct sc_profile *p, const char *name,
			    const struct sc_group **first)
{
	size_t n = 0;

	for (size_t i = 0; i < p->ngroups; i++)
		for (size_t k = 0; k < sc_group_name_count(&p->groups[i]); k++)
			if (strcmp(sc_group_name_at(&p->groups[i], k), name) == 0) {
				if (!n && first)
					*first = &p->groups[i];
				n++;
			}
	return n;
}

static bool names_anywhere(const struct sc_profile *p, const char *name)
{
	return groups_naming(p, name, NULL) > 0;
}

Test(record, keeps_only_the_groups_and_names_that_matched)
{
	struct sc_profile *base = load(NULL), *out;
	struct sc_recording *r = rec_new(base);
	const struct sc_group *g = NULL;

	call(r, X86_64, "read", 0, 0);
	call(r, X86_64, "socket", 2 /* AF_INET */, 1);
	call(r, X86_64, "personality", 0xffffffff, 0);
	out = make(r, base, NULL, 0, NULL);

	cr_assert(names_anywhere(out, "read"));
	cr_assert(!names_anywhere(out, "write"), "never called");
	/* socket: only "arg0 < 38" of the three socket groups. */
	cr_assert_eq(groups_naming(out, "socket", &g), 1);
	cr_assert_eq(g->nargs, 1);
	cr_assert_str_eq(g->args[0].op, "SCMP_CMP_LT");
	cr_assert_eq(g->args[0].value, 38);
	cr_assert_eq(g->names.n, 1, "the group keeps only socket");
	/* personality: the 0xffffffff group alone. */
	cr_assert_eq(groups_naming(out, "personality", &g), 1);
	cr_assert_eq(g->args[0].value, 0xffffffff);
	/* The base's fields are kept, the comments point at it. */
	cr_assert_str_eq(out->default_action, base->default_action);
	cr_assert_eq(out->default_errno_ret, base->default_errno_ret);
	cr_assert_eq(out->narchmap, base->narchmap);
	cr_assert(strstr(g->comment, "default:") != NULL, "%s", g->comment);
	cr_assert(strstr(out->groups[0].comment, "Recorded by seccap record"));
	sc_profile_free(out);
	sc_recording_free(r);
	sc_profile_free(base);
}

Test(record, conditions_kept_and_cap_groups_kept_when_matched)
{
	struct sc_profile *base = load(NULL), *out;
	struct sc_recording *r = rec_new(base);
	const struct sc_group *g = NULL;

	call(r, X86_64, "clone", 0x3d0f00 /* glibc's thread flags */, 0);
	call(r, X86_64, "unshare", 0x10000000, 0);
	out = make(r, base, NULL, 0, NULL);
	/* clone: the non-CAP_SYS_ADMIN group, with its mask, and the
	 * CAP_SYS_ADMIN one (it matches any flags): both keep conditions. */
	cr_assert_eq(groups_naming(out, "clone", &g), 2);
	for (size_t i = 0; i < out->ngroups; i++)
		if (out->groups[i].excludes.caps.n &&
		    strcmp(out->groups[i].names.v[0].s, "clone") == 0)
			g = &out->groups[i];
	cr_assert_eq(g->excludes.caps.n, 1);
	cr_assert_str_eq(g->excludes.caps.v[0].s, "CAP_SYS_ADMIN");
	cr_assert_str_eq(g->args[0].op, "SCMP_CMP_MASKED_EQ");
	/* unshare is CAP_SYS_ADMIN's only: the group keeps that condition. */
	cr_assert_eq(groups_naming(out, "unshare", &g), 1);
	cr_assert_eq(g->includes.caps.n, 1);
	cr_assert_str_eq(g->includes.caps.v[0].s, "CAP_SYS_ADMIN");
	sc_profile_free(out);
	sc_recording_free(r);
	sc_profile_free(base);
}

Test(record, denied_calls_are_reported_not_added)
{
	struct sc_profile *base = load(NULL), *out;
	struct sc_recording *r = rec_new(base);
	struct denied_log dl = { "" };

	call(r, X86_64, "getpid", 0, 0);
	call(r, X86_64, "socket", 40 /* AF_VSOCK */, 1);
	call(r, X86_64, "kexec_load", 0, 0);
	call(r, X86_64, "unshare", 0x10000000, 0); /* needs CAP_SYS_ADMIN */
	out = make(r, base, NULL, 0, &dl);
	cr_assert(strstr(dl.names, "socket ") && strstr(dl.names, "kexec_load ") &&
		  strstr(dl.names, "unshare "), "%s", dl.names);
	cr_assert(!strstr(dl.names, "getpid"), "%s", dl.names);
	cr_assert(!names_anywhere(out, "kexec_load"));
	cr_assert_eq(groups_naming(out, "socket", NULL), 0);
	cr_assert(strstr(out->groups[0].comment, "so does this profile: "
			 "kexec_load, socket, unshare"), "%s", out->groups[0].comment);
	sc_profile_free(out);
	/* With CAP_SYS_ADMIN the base allows unshare: not reported. */
	dl.names[0] = '\0';
	out = make(r, base, NULL, CAP(21), &dl);
	cr_assert(!strstr(dl.names, "unshare"), "%s", dl.names);
	sc_profile_free(out);
	sc_recording_free(r);
	sc_profile_free(base);
}

/* A profile in code: default errno, groups given as (action, name, arg0 op). */
static struct sc_profile *tiny(const char *def)
{
	struct sc_profile *p = sc_profile_new("tiny.json");
	struct sc_group *g;
	struct sc_loc l = { 0, 0 };

	cr_assert_eq(sc_set_str(&p->default_action, def), 0);
	g = sc_profile_add_group(p);
	cr_assert_eq(sc_set_str(&g->action, "SCMP_ACT_ALLOW"), 0);
	cr_assert_eq(sc_strv_push(&g->names, "getpid", (size_t)-1, l), 0);
	cr_assert_eq(sc_strv_push(&g->names, "getppid", (size_t)-1, l), 0);
	g = sc_profile_add_group(p);
	cr_assert_eq(sc_set_str(&g->action, "SCMP_ACT_ERRNO"), 0);
	cr_assert_eq(sc_strv_push(&g->names, "getpid", (size_t)-1, l), 0);
	cr_assert_eq(sc_strv_push(&g->names, "mount", (size_t)-1, l), 0);
	return p;
}

Test(record, denying_groups_keep_seen_names_and_all_under_an_allowing_default)
{
	struct sc_profile *base = tiny("SCMP_ACT_ERRNO"), *out;
	struct sc_recording *r = rec_new(base);
	const struct sc_group *g = NULL;

	call(r, X86_64, "getpid", 0, 0);
	out = make(r, base, NULL, 0, NULL);
	cr_assert_eq(out->ngroups, 2);
	cr_assert_eq(groups_naming(out, "getpid", NULL), 2,
		     "the ERRNO rule for a seen name stays");
	cr_assert(!names_anywhere(out, "mount"), "unseen, default denies");
	cr_assert(!names_anywhere(out, "getppid"));
	sc_profile_free(out);
	sc_profile_free(base);
	sc_recording_free(r);

	base = tiny("SCMP_ACT_ALLOW");
	r = rec_new(base);
	call(r, X86_64, "getpid", 0, 0);
	out = make(r, base, NULL, 0, NULL);
	cr_assert_eq(groups_naming(out, "mount", &g), 1,
		     "under an allowing default, dropping a deny would allow");
	cr_assert_str_eq(g->action, "SCMP_ACT_ERRNO");
	sc_profile_free(out);
	sc_profile_free(base);
	sc_recording_free(r);
}

Test(record, base_none_lists_what_was_seen)
{
	struct sc_recording *r = rec_new(NULL);
	struct sc_profile *out, *prev;

	call(r, X86_64, "read", 0, 0);
	call(r, X86_64, "kexec_load", 0, 0);
	call(r, SCMP_ARCH_X86, "getpid", 0, 0);
	out = make(r, NULL, NULL, 0, NULL);
	cr_assert_str_eq(out->default_action, "SCMP_ACT_ERRNO");
	cr_assert_eq(out->default_errno_ret, EPERM);
	cr_assert_eq(out->architectures.n, 2);
	cr_assert_eq(out->ngroups, 1);
	cr_assert_eq(out->groups[0].names.n, 3);
	cr_assert_str_eq(out->groups[0].names.v[0].s, "getpid");
	cr_assert_str_eq(out->groups[0].names.v[1].s, "kexec_load");
	sc_recording_free(r);
	/* --append: the earlier names stay. */
	prev = out;
	r = rec_new(NULL);
	call(r, X86_64, "write", 0, 0);
	out = make(r, NULL, prev, 0, NULL);
	cr_assert_eq(out->groups[0].names.n, 4);
	sc_profile_free(out);
	sc_profile_free(prev);
	sc_recording_free(r);
}

/* Same groups, names and rules (comments aside). */
static void assert_same_groups(const struct sc_profile *a,
			       const struct sc_profile *b)
{
	cr_assert_eq(a->ngroups, b->ngroups);
	for (size_t i = 0; i < a->ngroups; i++) {
		const struct sc_group *x = &a->groups[i], *y = &b->groups[i];

		cr_assert(sc_group_same_rule(x, y), "group %zu", i);
		cr_assert_eq(x->names.n, y->names.n, "group %zu", i);
		for (size_t k = 0; k < x->names.n; k++)
			cr_assert_str_eq(x->names.v[k].s, y->names.v[k].s);
	}
}

Test(record, append_equals_one_recording_of_both_runs)
{
	struct sc_profile *base = load(NULL), *a, *merged, *both;
	struct sc_recording *ra = rec_new(base), *rb = rec_new(base),
			    *rab = rec_new(base);

	call(ra, X86_64, "read", 0, 0);
	call(ra, X86_64, "socket", 1, 0);
	call(rab, X86_64, "read", 0, 0);
	call(rab, X86_64, "socket", 1, 0);
	call(rb, X86_64, "write", 0, 0);
	call(rb, X86_64, "socket", 39, 0);
	call(rb, X86_64, "personality", 8, 0);
	call(rab, X86_64, "write", 0, 0);
	call(rab, X86_64, "socket", 39, 0);
	call(rab, X86_64, "personality", 8, 0);
	a = make(ra, base, NULL, 0, NULL);
	merged = make(rb, base, a, 0, NULL);
	both = make(rab, base, NULL, 0, NULL);
	assert_same_groups(merged, both);
	cr_assert_eq(groups_naming(merged, "socket", NULL), 2);
	sc_profile_free(a);
	sc_profile_free(merged);
	sc_profile_free(both);
	sc_recording_free(ra);
	sc_recording_free(rb);
	sc_recording_free(rab);
	sc_profile_free(base);
}

Test(record, groups_of_another_base_are_counted)
{
	struct sc_profile *base = load(NULL), *tb = tiny("SCMP_ACT_ERRNO");
	struct sc_recording *r = rec_new(base);
	struct sc_profile *out;

	call(r, X86_64, "read", 0, 0);
	call(r, X86_64, "socket", 1, 0);
	out = make(r, base, NULL, 0, NULL);
	cr_assert_eq(sc_record_foreign_groups(base, out), 0);
	/* tiny's ERRNO group (no errno value) is no rule of Docker's. */
	cr_assert_eq(sc_record_foreign_groups(base, tb), 1);
	cr_assert_eq(sc_record_foreign_groups(NULL, tb), 0);
	sc_profile_free(out);
	sc_profile_free(tb);
	sc_recording_free(r);
	sc_profile_free(base);
}

Test(record, the_written_profile_reads_back_and_validates)
{
	struct sc_profile *base = load(NULL), *out, *back = NULL;
	struct sc_recording *r = rec_new(base);
	struct sc_error err = { 0 };
	struct sc_buf b = { 0 };

	call(r, X86_64, "read", 0, 0);
	call(r, X86_64, "clone", 0x3d0f00, 0);
	call(r, X86_64, "kexec_load", 0, 0);
	out = make(r, base, NULL, 0, NULL);
	for (int fmt = 0; fmt < 2; fmt++) {
		struct sc_pipeline_src src = { .name = "rec" };

		b.len = 0;
		cr_assert_eq(fmt ? sc_json_write(out, &b, &err)
				 : sc_ini_write(out, &b, &err), 0, "%s", err.msg);
		src.bytes = b.p;
		src.len = b.len;
		cr_assert_eq(sc_pipeline_parse(&src, &back, NULL, &err), 0,
			     "%s:%u: %s", fmt ? "json" : "ini", err.line,
			     err.msg);
		assert_same_groups(out, back);
		sc_profile_free(back);
	}
	sc_buf_free(&b);
	sc_profile_free(out);
	sc_recording_free(r);
	sc_profile_free(base);
}

/* ---- what record relies on in the kernel ---- */

static void *pending_getppid(void *arg)
{
	long *ret = arg;

	ret[0] = syscall(SYS_getppid);
	ret[1] = errno;
	return NULL;
}

/*
 * A filter handing getppid to a listener; a thread's call is pending when
 * the listener is closed (what happens when seccap record is killed).
 * Exit 0: the pending call and a later one both failed with ENOSYS.
 */
static int closed_listener(void *arg)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	long got[2] = { 0, 0 };
	pthread_t t;
	int fd;

	(void)arg;
	fd = tu_load_getppid_listener();
	if (fd < 0)
		return 11;
	if (pthread_create(&t, NULL, pending_getppid, got) != 0)
		return 12;
	nanosleep(&pause, NULL);
	close(fd);
	pthread_join(t, NULL);
	if (got[0] != -1 || got[1] != ENOSYS)
		return 1;
	if (syscall(SYS_getppid) != -1 || errno != ENOSYS)
		return 2;
	return 0;
}

Test(record, a_closed_listener_fails_calls_with_enosys)
{
	const char *why = NULL;
	int st;

	if (!tu_kernel_has(TU_USERNOTIF, &why))
		cr_skip_test("%s", why);
	st = tu_run_child(closed_listener, NULL);
	cr_assert(tu_exited_with(st, 0), "status %#x: 1 = the pending call, "
		  "2 = a later call did not fail with ENOSYS", st);
}

/* ---- never wider than the base ---- */

static bool allows(uint32_t ret)
{
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;

	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG;
}

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

struct fed {
	size_t n;
	struct { uint32_t arch; int nr; uint64_t args[6]; } v[400];
};

/* A random recording: numbers with and without rules, telling arguments. */
static void feed(struct sc_recording *r, uint64_t seed, struct fed *f)
{
	static const uint64_t pool[] = {
		0, 1, 2, 8, 10, 16, 38, 39, 40, 41, 0x20000, 0x20008,
		0xffffffff, 0x7e020000, 0x10000000, 0x3d0f00, UINT64_MAX,
		0x100000000,
	};
	uint64_t s = seed;

	f->n = 0;
	for (size_t i = 0; i < 400; i++) {
		unsigned k = (unsigned)(next(&s) % 10);
		uint32_t arch = k < 7 ? X86_64 : k < 9 ? AUDIT_ARCH_I386
						       : X86_64;
		int nr = (int)(next(&s) % 460);

		if (k == 9)
			nr |= 0x40000000; /* x32 */
		f->v[i].arch = arch;
		f->v[i].nr = nr;
		for (int a = 0; a < 6; a++)
			f->v[i].args[a] = next(&s) % 4 == 0
				? next(&s) : pool[next(&s) % (sizeof(pool) /
							      sizeof(pool[0]))];
		cr_assert_eq(sc_recording_add(r, arch, nr, f->v[i].args), 0);
		f->n++;
	}
}

struct wide_tally {
	unsigned long cases, wider, lost;
};

static struct oracle *oracle_of(const struct sc_profile *p, uint64_t caps,
				const char *what)
{
	struct sc_target t = target(caps);
	struct oracle_opts oo = { .native = X86_64 };
	struct sc_profile *res = NULL;
	struct sc_error err = { 0 };
	struct oracle *o = NULL;
	char why[256] = "";

	if (sc_resolve(p, &t, NULL, &res, &err) < 0)
		return NULL;
	if (oracle_new(res, &oo, &o, why, sizeof(why)) < 0)
		o = NULL;
	sc_profile_free(res);
	cr_log_info("%s: %s", what, o ? "oracle built" : why);
	return o;
}

static void compare(const struct oracle *ob, const struct oracle *orr,
		    uint32_t audit, bool x32, struct wide_tally *t,
		    uint64_t *seed)
{
	static uint64_t vec[200][6];

	for (uint32_t n = 0; n < 1024; n++) {
		uint32_t nr = x32 ? n | 0x40000000 : n;
		size_t nv = oracle_arg_vectors(ob, audit, nr, vec, 100, seed);
		struct seccomp_data d = { .nr = (int)nr, .arch = audit };

		nv += oracle_arg_vectors(orr, audit, nr, vec + nv, 99, seed);
		memset(vec[nv], 0, sizeof(vec[nv]));
		nv++;
		for (size_t v = 0; v < nv; v++) {
			uint32_t b, r;

			memcpy(d.args, vec[v], sizeof(d.args));
			b = oracle_eval(ob, &d, NULL, 0);
			r = oracle_eval(orr, &d, NULL, 0);
			t->cases++;
			if (allows(r) && !allows(b)) {
				if (t->wider < 5)
					cr_log_error("wider: arch %#x nr %u args "
						     "%#llx %#llx: base %#x, "
						     "recorded %#x",
						     audit, nr,
						     (unsigned long long)d.args[0],
						     (unsigned long long)d.args[1],
						     b, r);
				t->wider++;
			}
		}
	}
}

/* What was fed and the base allows, the recording must allow too. */
static void replay(const struct oracle *ob, const struct oracle *orr,
		   const struct fed *f, struct wide_tally *t)
{
	for (size_t i = 0; i < f->n; i++) {
		struct seccomp_data d = { .nr = f->v[i].nr,
					  .arch = f->v[i].arch };

		memcpy(d.args, f->v[i].args, sizeof(d.args));
		if (f->v[i].arch == AUDIT_ARCH_I386)
			for (int a = 0; a < 6; a++)
				d.args[a] &= 0xffffffff;
		if (allows(oracle_eval(ob, &d, NULL, 0)) &&
		    !allows(oracle_eval(orr, &d, NULL, 0))) {
			char why[256] = "";

			oracle_eval(orr, &d, why, sizeof(why));
			if (t->lost < 5)
				cr_log_error("lost: arch %#x nr %#x args %#llx "
					     "%#llx %#llx: %s", d.arch, d.nr,
					     (unsigned long long)d.args[0],
					     (unsigned long long)d.args[1],
					     (unsigned long long)d.args[2], why);
			t->lost++;
		}
	}
}

static void never_wider(const char *path, struct sc_profile *base,
			struct wide_tally *t)
{
	static const uint64_t capsets[] = { 0, 0xa80425fb /* docker */,
					     UINT64_MAX };

	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct sc_recording *r = rec_new(base);
		struct sc_profile *out;
		struct fed f;

		feed(r, seed * 0x9e3779b97f4a7c15u, &f);
		for (size_t c = 0; c < 3; c++) {
			struct oracle *ob, *orr;
			uint64_t vs = seed;

			out = make(r, base, NULL, capsets[c], NULL);
			ob = oracle_of(base, capsets[c], path);
			if (!ob) {
				sc_profile_free(out);
				continue;
			}
			orr = oracle_of(out, capsets[c], "recorded");
			cr_assert_not_null(orr, "%s: the recorded profile does "
					   "not build", path);
			compare(ob, orr, AUDIT_ARCH_X86_64, false, t, &vs);
			compare(ob, orr, AUDIT_ARCH_X86_64, true, t, &vs);
			compare(ob, orr, AUDIT_ARCH_I386, false, t, &vs);
			replay(ob, orr, &f, t);
			oracle_free(ob);
			oracle_free(orr);
			sc_profile_free(out);
		}
		sc_recording_free(r);
	}
}

static void check_file(const char *path, void *ud)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };

	if (sc_pipeline_load(path, &p, NULL, &err) < 0)
		return;
	never_wider(path, p, ud);
	sc_profile_free(p);
}

Test(record, never_wider_than_the_base, .timeout = 600)
{
	struct wide_tally t = { 0 };
	struct sc_profile *def = load(NULL);
	const char *shared = tu_shared_dir();

	never_wider("default", def, &t);
	sc_profile_free(def);
	tu_walk(tu_path(tu_root(), "contrib/profiles"), false, check_file, &t);
	if (shared)
		tu_walk(tu_path(shared, "profiles"), true, check_file, &t);
	else
		cr_log_warn("../shared is absent: its profiles are not checked");
	fprintf(stderr, "record never wider: %lu cases, %lu wider, %lu "
		"recorded calls lost\n", t.cases, t.wider, t.lost);
	cr_assert_gt(t.cases, 100000);
	cr_expect_eq(t.wider, 0, "the recorded profile allows %lu cases its "
		     "base denies", t.wider);
	cr_expect_eq(t.lost, 0, "%lu recorded calls the base allows are "
		     "denied by the recording", t.lost);
}
