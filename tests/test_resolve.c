/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The resolver against moby's setupSeccomp: every rule of includes/excludes,
 * archMap, the kernel version, what is copied and where it points, and the
 * real profiles (moby's fixture, Docker's default.json).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "io.h"
#include "model.h"
#include "names.h"
#include "resolve.h"
#include "lib/testutil.h"

#define CAP(n) (UINT64_C(1) << (n))
#define MAXG 64

static const struct sc_loc noloc;

/* ---- building profiles in code ---- */

static struct sc_profile *prof(void)
{
	struct sc_profile *p = sc_profile_new("t.json");

	cr_assert_not_null(p);
	cr_assert_eq(sc_set_str(&p->default_action, "SCMP_ACT_ERRNO"), 0);
	return p;
}

static void push(struct sc_strv *v, const char *s)
{
	cr_assert_eq(sc_strv_push(v, s, (size_t)-1, noloc), 0);
}

static void push_at(struct sc_strv *v, const char *s, unsigned line)
{
	struct sc_loc l = { line, 7 };

	cr_assert_eq(sc_strv_push(v, s, (size_t)-1, l), 0);
}

static struct sc_group *grp(struct sc_profile *p, const char *name)
{
	struct sc_group *g = sc_profile_add_group(p);

	cr_assert_not_null(g);
	push(&g->names, name);
	cr_assert_eq(sc_set_str(&g->action, "SCMP_ACT_ALLOW"), 0);
	return g;
}

static void min_kernel(struct sc_cond *c, const char *v)
{
	cr_assert_eq(sc_set_str(&c->min_kernel, v), 0);
}

static struct sc_target tgt(uint64_t caps, unsigned major, unsigned minor)
{
	struct sc_target t = {
		.arch = SCMP_ARCH_X86_64,
		.kernel_set = true,
		.kernel_major = major,
		.kernel_minor = minor,
		.caps = { caps },
	};
	return t;
}

static uint64_t cap(const char *name)
{
	int n = sc_cap_parse(name);

	cr_assert_geq(n, 0, "%s unknown to sc_cap_parse", name);
	return CAP(n);
}

/* ---- recording explanations ---- */

struct rec {
	size_t n;
	size_t index[MAXG];
	bool kept[MAXG];
	char why[MAXG][400];
};

static void record(void *ud, const struct sc_profile *in, size_t gi, bool kept,
		   const char *why)
{
	struct rec *r = ud;

	cr_assert_not_null(in);
	cr_assert_lt(r->n, MAXG);
	r->index[r->n] = gi;
	r->kept[r->n] = kept;
	snprintf(r->why[r->n], sizeof(r->why[0]), "%s", why);
	r->n++;
}

static struct sc_profile *resolve_ok(const struct sc_profile *in,
				     const struct sc_target *t, struct rec *r)
{
	struct sc_explain ex = { record, r };
	struct sc_profile *out = NULL;
	struct sc_error err = { 0 };
	int rc;

	if (r)
		memset(r, 0, sizeof(*r));
	rc = sc_resolve(in, t, r ? &ex : NULL, &out, &err);
	cr_assert_eq(rc, 0, "sc_resolve: %d %s", rc, err.msg);
	cr_assert_not_null(out);
	if (r)
		cr_assert_eq(r->n, in->ngroups, "explain told %zu of %zu", r->n,
			     in->ngroups);
	return out;
}

/* The first name of each group, comma-separated. */
static const char *first_names(const struct sc_profile *p)
{
	static char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->ngroups; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? "," : "",
					p->groups[i].names.n ?
						p->groups[i].names.v[0].s :
						"-");
	return buf;
}

/* Resolve a one-group profile; return whether it was kept, and why. */
static bool one(const struct sc_profile *p, const struct sc_target *t,
		char *why, size_t n)
{
	struct rec r;
	struct sc_profile *out = resolve_ok(p, t, &r);
	bool kept = out->ngroups == 1;

	cr_assert_eq(r.n, 1);
	cr_assert_eq(r.kept[0], kept, "explain disagrees with the output");
	snprintf(why, n, "%s", r.why[0]);
	sc_profile_free(out);
	return kept;
}

#define EXPECT_KEPT(p, t, text)                                           \
	do {                                                              \
		char why_[400];                                           \
		struct sc_target t_ = (t);                                \
		cr_expect(one((p), &t_, why_, sizeof(why_)), "dropped: %s", \
			  why_);                                          \
		cr_expect_str_eq(why_, (text));                           \
	} while (0)

#define EXPECT_DROPPED(p, t, text)                                        \
	do {                                                              \
		char why_[400];                                           \
		struct sc_target t_ = (t);                                \
		cr_expect_not(one((p), &t_, why_, sizeof(why_)), "kept: %s", \
			      why_);                                      \
		cr_expect_str_eq(why_, (text));                           \
	} while (0)

/* ---- unconditional groups ---- */

Test(resolve, plain_groups_all_kept_in_order)
{
	struct sc_profile *p = prof(), *out;
	struct rec r;

	grp(p, "read");
	grp(p, "write");
	grp(p, "close");
	out = resolve_ok(p, &(struct sc_target){ .arch = SCMP_ARCH_X86_64 }, &r);
	cr_expect_str_eq(first_names(out), "read,write,close");
	for (size_t i = 0; i < 3; i++) {
		cr_expect_eq(r.index[i], i);
		cr_expect(r.kept[i]);
		cr_expect_str_eq(r.why[i], "kept");
	}
	sc_profile_free(out);
	sc_profile_free(p);
}

Test(resolve, null_explain_is_fine)
{
	struct sc_profile *p = prof(), *out = NULL;
	struct sc_target t = tgt(0, 6, 1);
	struct sc_error err = { 0 };

	push(&grp(p, "mount")->includes.caps, "CAP_SYS_ADMIN");
	grp(p, "read");
	cr_assert_eq(sc_resolve(p, &t, NULL, &out, &err), 0);
	cr_expect_str_eq(first_names(out), "read");
	sc_profile_free(out);
	sc_profile_free(p);
}

/* ---- capabilities ---- */

Test(resolve, includes_caps_needs_all)
{
	struct sc_profile *p = prof();
	struct sc_group *g = grp(p, "mount");
	uint64_t admin = cap("CAP_SYS_ADMIN"), net = cap("CAP_NET_ADMIN");

	push(&g->includes.caps, "CAP_SYS_ADMIN");
	push(&g->includes.caps, "CAP_NET_ADMIN");
	EXPECT_DROPPED(p, tgt(0, 6, 1),
		       "dropped: needs CAP_SYS_ADMIN, CAP_NET_ADMIN");
	EXPECT_DROPPED(p, tgt(admin, 6, 1), "dropped: needs CAP_NET_ADMIN");
	EXPECT_DROPPED(p, tgt(net, 6, 1), "dropped: needs CAP_SYS_ADMIN");
	EXPECT_KEPT(p, tgt(admin | net, 6, 1),
		    "kept: needs CAP_SYS_ADMIN, CAP_NET_ADMIN (present)");
	EXPECT_KEPT(p, tgt(~UINT64_C(0), 6, 1),
		    "kept: needs CAP_SYS_ADMIN, CAP_NET_ADMIN (present)");
	sc_profile_free(p);
}

Test(resolve, excludes_caps_any_excludes)
{
	struct sc_profile *p = prof();
	struct sc_group *g = grp(p, "clone");
	uint64_t admin = cap("CAP_SYS_ADMIN"), net = cap("CAP_NET_ADMIN");

	push(&g->excludes.caps, "CAP_SYS_ADMIN");
	push(&g->excludes.caps, "CAP_NET_ADMIN");
	EXPECT_KEPT(p, tgt(0, 6, 1), "kept: CAP_SYS_ADMIN, CAP_NET_ADMIN absent");
	EXPECT_KEPT(p, tgt(cap("CAP_CHOWN"), 6, 1),
		    "kept: CAP_SYS_ADMIN, CAP_NET_ADMIN absent");
	EXPECT_DROPPED(p, tgt(net, 6, 1), "dropped: excluded by CAP_NET_ADMIN");
	EXPECT_DROPPED(p, tgt(admin, 6, 1), "dropped: excluded by CAP_SYS_ADMIN");
	EXPECT_DROPPED(p, tgt(admin | net, 6, 1),
		       "dropped: excluded by CAP_SYS_ADMIN");
	sc_profile_free(p);
}

/* Docker compares profile strings exactly: other spellings never match. */
Test(resolve, caps_compare_exactly)
{
	const char *spellings[] = { "cap_sys_admin", "SYS_ADMIN", "Cap_Sys_Admin",
				    " CAP_SYS_ADMIN", "CAP_SYS_ADMIN ", "21",
				    "CAP_FOO", "" };

	for (size_t i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
		struct sc_profile *in = prof(), *ex = prof();
		char want[128];

		push(&grp(in, "mount")->includes.caps, spellings[i]);
		push(&grp(ex, "clone")->excludes.caps, spellings[i]);
		snprintf(want, sizeof(want), "dropped: needs %s", spellings[i]);
		EXPECT_DROPPED(in, tgt(~UINT64_C(0), 6, 1), want);
		snprintf(want, sizeof(want), "kept: %s absent", spellings[i]);
		EXPECT_KEPT(ex, tgt(~UINT64_C(0), 6, 1), want);
		sc_profile_free(in);
		sc_profile_free(ex);
	}
}

/* Excludes are tested before includes, so a group in both is dropped. */
Test(resolve, excludes_before_includes)
{
	struct sc_profile *p = prof();
	struct sc_group *g = grp(p, "clone");
	uint64_t admin = cap("CAP_SYS_ADMIN");

	push(&g->excludes.caps, "CAP_SYS_ADMIN");
	push(&g->includes.caps, "CAP_SYS_ADMIN");
	EXPECT_DROPPED(p, tgt(admin, 6, 1), "dropped: excluded by CAP_SYS_ADMIN");
	EXPECT_DROPPED(p, tgt(0, 6, 1), "dropped: needs CAP_SYS_ADMIN");
	sc_profile_free(p);
}

/* Inside excludes: arches, caps, minKernel; then includes the same way. */
Test(resolve, order_inside_conditions)
{
	struct sc_profile *p = prof();
	struct sc_group *g = grp(p, "x");

	push(&g->excludes.arches, "amd64");
	push(&g->excludes.caps, "CAP_SYS_ADMIN");
	min_kernel(&g->excludes, "4.8");
	EXPECT_DROPPED(p, tgt(cap("CAP_SYS_ADMIN"), 6, 1),
		       "dropped: excluded on amd64");
	sc_profile_free(p);

	p = prof();
	g = grp(p, "x");
	push(&g->excludes.caps, "CAP_SYS_ADMIN");
	min_kernel(&g->excludes, "4.8");
	EXPECT_DROPPED(p, tgt(cap("CAP_SYS_ADMIN"), 6, 1),
		       "dropped: excluded by CAP_SYS_ADMIN");
	sc_profile_free(p);

	p = prof();
	g = grp(p, "x");
	push(&g->includes.arches, "s390x");
	push(&g->includes.caps, "CAP_SYS_ADMIN");
	min_kernel(&g->includes, "9.9");
	EXPECT_DROPPED(p, tgt(0, 4, 4), "dropped: only for arches s390x");
	sc_profile_free(p);

	p = prof();
	g = grp(p, "x");
	push(&g->includes.caps, "CAP_SYS_ADMIN");
	min_kernel(&g->includes, "9.9");
	EXPECT_DROPPED(p, tgt(0, 4, 4), "dropped: needs CAP_SYS_ADMIN");
	sc_profile_free(p);

	/* Everything passes: the reasons are listed in the order checked. */
	p = prof();
	g = grp(p, "x");
	push(&g->excludes.arches, "s390");
	push(&g->excludes.caps, "CAP_SYS_ADMIN");
	min_kernel(&g->excludes, "9.0");
	push(&g->includes.arches, "amd64");
	push(&g->includes.caps, "CAP_SYSLOG");
	min_kernel(&g->includes, "4.8");
	EXPECT_KEPT(p, tgt(cap("CAP_SYSLOG"), 6, 1),
		    "kept: not on s390; CAP_SYS_ADMIN absent; kernel 6.1 < 9.0; "
		    "on amd64; needs CAP_SYSLOG (present); "
		    "needs kernel >= 4.8 (have 6.1)");
	sc_profile_free(p);
}

/* ---- arches ---- */

Test(resolve, includes_arches)
{
	struct sc_profile *p = prof();
	struct sc_group *g = grp(p, "s390_runtime_instr");

	push(&g->includes.arches, "s390");
	push(&g->includes.arches, "s390x");
	EXPECT_DROPPED(p, tgt(0, 6, 1), "dropped: only for arches s390, s390x");
	sc_profile_free(p);

	p = prof();
	g = grp(p, "arch_prctl");
	push(&g->includes.arches, "amd64");
	push(&g->includes.arches, "x32");
	EXPECT_KEPT(p, tgt(0, 6, 1), "kept: on amd64");
	sc_profile_free(p);
}

/* The vocabulary is Go's: libseccomp-C and SCMP names never match. */
Test(resolve, arches_compare_go_names_exactly)
{
	const char *other[] = { "x86_64", "AMD64", "SCMP_ARCH_X86_64", "x86",
				"x32", "amd64 ", "" };

	for (size_t i = 0; i < sizeof(other) / sizeof(*other); i++) {
		struct sc_profile *in = prof(), *ex = prof();
		char want[128];

		push(&grp(in, "a")->includes.arches, other[i]);
		push(&grp(ex, "b")->excludes.arches, other[i]);
		snprintf(want, sizeof(want), "dropped: only for arches %s",
			 other[i]);
		EXPECT_DROPPED(in, tgt(0, 6, 1), want);
		snprintf(want, sizeof(want), "kept: not on %s", other[i]);
		EXPECT_KEPT(ex, tgt(0, 6, 1), want);
		sc_profile_free(in);
		sc_profile_free(ex);
	}
}

Test(resolve, excludes_arches)
{
	struct sc_profile *p = prof();
	struct sc_group *g = grp(p, "clone");

	push(&g->excludes.arches, "s390");
	push(&g->excludes.arches, "amd64");
	EXPECT_DROPPED(p, tgt(0, 6, 1), "dropped: excluded on amd64");
	sc_profile_free(p);

	p = prof();
	g = grp(p, "clone");
	push(&g->excludes.arches, "s390");
	push(&g->excludes.arches, "s390x");
	EXPECT_KEPT(p, tgt(0, 6, 1), "kept: not on s390, s390x");
	sc_profile_free(p);
}

static void add_map(struct sc_profile *p, const char *arch, const char *sub1,
		    const char *sub2, unsigned line)
{
	struct sc_archmap *m = sc_profile_add_archmap(p);

	cr_assert_not_null(m);
	m->loc = (struct sc_loc){ line, 5 };
	m->arch.loc = (struct sc_loc){ line + 1, 24 };
	cr_assert_eq(sc_set_str(&m->arch.s, arch), 0);
	if (sub1)
		push_at(&m->subs, sub1, line + 2);
	if (sub2)
		push_at(&m->subs, sub2, line + 3);
}

static const char *archs(const struct sc_profile *p)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->architectures.n; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? "," : "",
					p->architectures.v[i].s);
	return buf;
}

Test(resolve, foreign_target_arm64)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);
	struct rec r;

	t.arch = SCMP_ARCH_AARCH64;
	add_map(p, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", 3);
	add_map(p, "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", NULL, 10);
	push(&grp(p, "arm_only")->includes.arches, "arm64");
	push(&grp(p, "amd_only")->includes.arches, "amd64");
	push(&grp(p, "not_arm")->excludes.arches, "arm64");
	out = resolve_ok(p, &t, &r);
	cr_expect_str_eq(first_names(out), "arm_only");
	cr_expect_str_eq(archs(out), "SCMP_ARCH_AARCH64,SCMP_ARCH_ARM");
	cr_expect_str_eq(r.why[0], "kept: on arm64");
	cr_expect_str_eq(r.why[1], "dropped: only for arches amd64");
	cr_expect_str_eq(r.why[2], "dropped: excluded on arm64");
	cr_expect_eq(out->narchmap, 0);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* An i386 dockerd: native "x86", and default.json has no X86 entry. */
Test(resolve, i386_target)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);

	t.arch = SCMP_ARCH_X86;
	add_map(p, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", 3);
	push(&grp(p, "modify_ldt")->includes.arches, "x86");
	push(&grp(p, "arch_prctl")->includes.arches, "amd64");
	out = resolve_ok(p, &t, NULL);
	cr_expect_str_eq(first_names(out), "modify_ldt");
	cr_expect_eq(out->architectures.n, 0);
	sc_profile_free(out);
	sc_profile_free(p);
}

Test(resolve, archmap_first_match_wins)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);

	add_map(p, "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", NULL, 2);
	add_map(p, "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", NULL, 8);
	add_map(p, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", 14);
	out = resolve_ok(p, &t, NULL);
	cr_assert_str_eq(archs(out), "SCMP_ARCH_X86_64,SCMP_ARCH_X32");
	/* Each entry points at where it was written. */
	cr_expect_eq(out->architectures.v[0].loc.line, 9);
	cr_expect_eq(out->architectures.v[1].loc.line, 10);
	sc_profile_free(out);
	sc_profile_free(p);
}

Test(resolve, archmap_entry_without_subarches)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);

	add_map(p, "SCMP_ARCH_X86_64", NULL, NULL, 2);
	out = resolve_ok(p, &t, NULL);
	cr_expect_str_eq(archs(out), "SCMP_ARCH_X86_64");
	sc_profile_free(out);
	sc_profile_free(p);
}

Test(resolve, archmap_without_native_entry_gives_empty)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);

	t.arch = SCMP_ARCH_PPC64LE;
	add_map(p, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", 2);
	add_map(p, "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM", NULL, 8);
	out = resolve_ok(p, &t, NULL);
	cr_expect_eq(out->architectures.n, 0);
	cr_expect_eq(out->narchmap, 0);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* The legacy list is copied as written, whatever it says, on any arch. */
Test(resolve, architectures_verbatim)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);

	t.arch = SCMP_ARCH_AARCH64;
	push_at(&p->architectures, "SCMP_ARCH_X86", 3);
	push_at(&p->architectures, "SCMP_ARCH_X86_64", 4);
	push_at(&p->architectures, "not_an_arch", 5);
	out = resolve_ok(p, &t, NULL);
	cr_expect_str_eq(archs(out), "SCMP_ARCH_X86,SCMP_ARCH_X86_64,not_an_arch");
	cr_expect_eq(out->architectures.v[2].loc.line, 5);
	sc_profile_free(out);
	sc_profile_free(p);
}

Test(resolve, architectures_and_archmap_is_an_error)
{
	struct sc_profile *p = prof(), *out = NULL;
	struct sc_target t = tgt(0, 6, 1);
	struct sc_error err = { 0 };

	push_at(&p->architectures, "SCMP_ARCH_X86_64", 3);
	add_map(p, "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", NULL, 6);
	grp(p, "read");
	cr_assert_eq(sc_resolve(p, &t, NULL, &out, &err), -EINVAL);
	cr_expect_null(out);
	cr_expect_eq(err.code, EINVAL);
	cr_expect_str_eq(err.msg,
			 "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
	cr_expect_str_eq(err.file, "t.json");
	cr_expect_eq(err.line, 6);
	sc_profile_free(p);
}

/* ---- minKernel ---- */

Test(resolve, includes_min_kernel)
{
	struct sc_profile *p = prof();

	min_kernel(&grp(p, "ptrace")->includes, "4.8");
	EXPECT_KEPT(p, tgt(0, 4, 8), "kept: needs kernel >= 4.8 (have 4.8)");
	EXPECT_KEPT(p, tgt(0, 4, 9), "kept: needs kernel >= 4.8 (have 4.9)");
	EXPECT_KEPT(p, tgt(0, 4, 20), "kept: needs kernel >= 4.8 (have 4.20)");
	EXPECT_KEPT(p, tgt(0, 5, 0), "kept: needs kernel >= 4.8 (have 5.0)");
	EXPECT_KEPT(p, tgt(0, 6, 1), "kept: needs kernel >= 4.8 (have 6.1)");
	EXPECT_DROPPED(p, tgt(0, 4, 7), "dropped: needs kernel >= 4.8 (have 4.7)");
	EXPECT_DROPPED(p, tgt(0, 4, 4), "dropped: needs kernel >= 4.8 (have 4.4)");
	EXPECT_DROPPED(p, tgt(0, 3, 10), "dropped: needs kernel >= 4.8 (have 3.10)");
	EXPECT_DROPPED(p, tgt(0, 3, 99), "dropped: needs kernel >= 4.8 (have 3.99)");
	sc_profile_free(p);
}

Test(resolve, excludes_min_kernel)
{
	struct sc_profile *p = prof();

	min_kernel(&grp(p, "old_way")->excludes, "4.8");
	EXPECT_DROPPED(p, tgt(0, 4, 8), "dropped: excluded on kernel >= 4.8");
	EXPECT_DROPPED(p, tgt(0, 4, 9), "dropped: excluded on kernel >= 4.8");
	EXPECT_DROPPED(p, tgt(0, 5, 0), "dropped: excluded on kernel >= 4.8");
	EXPECT_KEPT(p, tgt(0, 4, 7), "kept: kernel 4.7 < 4.8");
	EXPECT_KEPT(p, tgt(0, 3, 20), "kept: kernel 3.20 < 4.8");
	sc_profile_free(p);
}

Test(resolve, min_kernel_minor_only_and_zero_major)
{
	struct sc_profile *p = prof();

	min_kernel(&grp(p, "x")->includes, "0.5");
	EXPECT_KEPT(p, tgt(0, 0, 5), "kept: needs kernel >= 0.5 (have 0.5)");
	EXPECT_DROPPED(p, tgt(0, 0, 4), "dropped: needs kernel >= 0.5 (have 0.4)");
	EXPECT_KEPT(p, tgt(0, 1, 0), "kept: needs kernel >= 0.5 (have 1.0)");
	sc_profile_free(p);
}

/* Docker's quirk: "" is version 0.0, so excludes "" always excludes. */
Test(resolve, empty_min_kernel_quirk)
{
	struct sc_profile *p = prof();

	min_kernel(&grp(p, "x")->excludes, "");
	EXPECT_DROPPED(p, tgt(0, 0, 0), "dropped: excluded by empty minKernel");
	EXPECT_DROPPED(p, tgt(0, 6, 1), "dropped: excluded by empty minKernel");
	sc_profile_free(p);

	p = prof();
	min_kernel(&grp(p, "x")->includes, "");
	EXPECT_KEPT(p, tgt(0, 0, 0), "kept: empty minKernel");
	EXPECT_KEPT(p, tgt(0, 6, 1), "kept: empty minKernel");
	sc_profile_free(p);
}

/* Without kernel_set the running kernel is asked (uname, "%d.%d"). */
Test(resolve, kernel_from_uname)
{
	struct sc_profile *p = prof();
	struct sc_target t = tgt(0, 0, 0);
	unsigned a, b;
	struct utsname u;
	char want[128];

	cr_assert_eq(uname(&u), 0);
	cr_assert_eq(sc_kernel_parse_release(u.release, &a, &b), 0);
	t.kernel_set = false;
	min_kernel(&grp(p, "x")->includes, "255.255");
	snprintf(want, sizeof(want),
		 "dropped: needs kernel >= 255.255 (have %u.%u)", a, b);
	EXPECT_DROPPED(p, t, want);
	sc_profile_free(p);

	p = prof();
	min_kernel(&grp(p, "x")->includes, "2.6");
	snprintf(want, sizeof(want), "kept: needs kernel >= 2.6 (have %u.%u)",
		 a, b);
	EXPECT_KEPT(p, t, want);
	sc_profile_free(p);
}

/* A minKernel the readers would refuse fails even on a dropped group. */
Test(resolve, bad_min_kernel_in_model)
{
	const char *bad[] = { "4", "4.x", "0.0", "4.8.1", ".8", "256.1", "-4.8" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct sc_profile *p = prof(), *out = NULL;
		struct sc_target t = tgt(0, 6, 1);
		struct sc_error err = { 0 };
		struct sc_group *g;
		char want[256];

		grp(p, "read");
		g = grp(p, "x");
		push(&g->includes.arches, "s390x");
		min_kernel(&g->includes, bad[i]);
		g->includes.min_kernel_loc = (struct sc_loc){ 12, 20 };
		cr_expect_eq(sc_resolve(p, &t, NULL, &out, &err), -EINVAL,
			     "%s accepted", bad[i]);
		cr_expect_null(out);
		snprintf(want, sizeof(want),
			 "invalid kernel version '%s' in minKernel, expected \"<kernel>.<major>\" such as \"4.8\"",
			 bad[i]);
		cr_expect_str_eq(err.msg, want);
		cr_expect_eq(err.line, 12);
		cr_expect_eq(err.col, 20);
		sc_profile_free(p);
	}
}

/* moby's TestParseRelease, and the Sscanf corners around it. */
Test(resolve, parse_release)
{
	static const struct {
		const char *in;
		unsigned major, minor;
	} good[] = {
		{ "3.8", 3, 8 },
		{ "3.8.0", 3, 8 },
		{ "3.8.0-19-generic", 3, 8 },
		{ "3.4.54.longterm-1", 3, 4 },
		{ "3.10.0-862.2.3.el7.x86_64", 3, 10 },
		{ "3.10.0-862.el7", 3, 10 },
		{ "3.12.8tag", 3, 12 },
		{ "3.12-1-amd64", 3, 12 },
		{ "3.12foobar", 3, 12 },
		{ "99.999.999-19-generic", 99, 999 },
		{ "6.1.0-18-amd64", 6, 1 },
		{ "06.01", 6, 1 },
		{ " 5.15", 5, 15 },   /* %d skips leading spaces */
		{ "5. 15", 5, 15 },
	};
	static const char *const bad[] = {
		"", "3", "3.", "3a", "3.a", "a", "a.a", "a.a.a-a", "-3", "-3.",
		"-3.8", "-3.-8", "3.-8", "+3.8", "3.+8", "3,8", ".8", "3 .8",
		"99999999999.1",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		unsigned a = 77, b = 77;

		cr_expect_eq(sc_kernel_parse_release(good[i].in, &a, &b), 0,
			     "'%s' rejected", good[i].in);
		cr_expect_eq(a, good[i].major, "'%s' major %u", good[i].in, a);
		cr_expect_eq(b, good[i].minor, "'%s' minor %u", good[i].in, b);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		unsigned a = 77, b = 77;

		cr_expect_eq(sc_kernel_parse_release(bad[i], &a, &b), -EINVAL,
			     "'%s' accepted", bad[i]);
		cr_expect_eq(a, 77, "'%s' wrote major", bad[i]);
		cr_expect_eq(b, 77, "'%s' wrote minor", bad[i]);
	}
}

/* ---- what is copied, and where it points ---- */

Test(resolve, name_and_names_is_an_error)
{
	struct sc_profile *p = prof(), *out = NULL;
	struct sc_target t = tgt(0, 6, 1);
	struct sc_error err = { 0 };
	struct sc_group *g;

	grp(p, "read");
	g = grp(p, "open");
	cr_assert_eq(sc_set_str(&g->name, "close"), 0);
	g->name_loc = (struct sc_loc){ 9, 13 };
	/* moby checks this before the conditions: even a dropped group fails. */
	push(&g->includes.arches, "s390x");
	cr_assert_eq(sc_resolve(p, &t, NULL, &out, &err), -EINVAL);
	cr_expect_null(out);
	cr_expect_str_eq(err.msg,
			 "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
	cr_expect_str_eq(err.file, "t.json");
	cr_expect_eq(err.line, 9);
	cr_expect_eq(err.col, 13);
	sc_profile_free(p);
}

Test(resolve, legacy_name_folded_into_names)
{
	struct sc_profile *p = prof(), *out;
	struct sc_group *g = sc_profile_add_group(p);

	cr_assert_not_null(g);
	cr_assert_eq(sc_set_str(&g->name, "syslog"), 0);
	g->name_loc = (struct sc_loc){ 4, 15 };
	cr_assert_eq(sc_set_str(&g->action, "SCMP_ACT_ERRNO"), 0);
	out = resolve_ok(p, &(struct sc_target){ .arch = SCMP_ARCH_X86_64 }, NULL);
	cr_assert_eq(out->ngroups, 1);
	cr_assert_eq(out->groups[0].names.n, 1);
	cr_expect_str_eq(out->groups[0].names.v[0].s, "syslog");
	cr_expect_eq(out->groups[0].names.v[0].loc.line, 4);
	cr_expect_eq(out->groups[0].names.v[0].loc.col, 15);
	cr_expect_null(out->groups[0].name);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* moby appends an entry without names too; runc then adds nothing. */
Test(resolve, group_without_names_is_kept)
{
	struct sc_profile *p = prof(), *out;
	struct sc_group *g = sc_profile_add_group(p);

	cr_assert_not_null(g);
	cr_assert_eq(sc_set_str(&g->action, "SCMP_ACT_ALLOW"), 0);
	out = resolve_ok(p, &(struct sc_target){ .arch = SCMP_ARCH_X86_64 }, NULL);
	cr_assert_eq(out->ngroups, 1);
	cr_expect_eq(out->groups[0].names.n, 0);
	sc_profile_free(out);
	sc_profile_free(p);
}

static struct sc_loc L(unsigned line, unsigned col)
{
	return (struct sc_loc){ line, col };
}

static void expect_loc(struct sc_loc got, unsigned line, unsigned col,
		       const char *what)
{
	cr_expect_eq(got.line, line, "%s line %u", what, got.line);
	cr_expect_eq(got.col, col, "%s col %u", what, got.col);
}

Test(resolve, fields_and_locations_copied)
{
	struct sc_profile *p = sc_profile_new("dir/prof.json"), *before, *out;
	struct sc_target t = tgt(cap("CAP_SYS_ADMIN"), 6, 1);
	struct sc_group *g;
	struct sc_arg *a;

	cr_assert_not_null(p);
	cr_assert_eq(sc_set_str(&p->default_action, "SCMP_ACT_ERRNO"), 0);
	p->default_action_loc = L(2, 20);
	p->has_default_errno_ret = true;
	p->default_errno_ret = 38;
	p->default_errno_ret_loc = L(3, 22);
	cr_assert_eq(sc_set_str(&p->default_errno_name, "ENOSYS"), 0);
	p->default_errno_name_loc = L(4, 19);
	p->has_flags = true;
	push_at(&p->flags, "SECCOMP_FILTER_FLAG_LOG", 5);
	cr_assert_eq(sc_set_str(&p->listener_path, "/run/l.sock"), 0);
	cr_assert_eq(sc_set_str(&p->listener_metadata, "meta"), 0);

	g = grp(p, "dropped_one");
	push(&g->includes.caps, "CAP_BPF");

	g = sc_profile_add_group(p);
	cr_assert_not_null(g);
	g->loc = L(10, 3);
	push_at(&g->names, "clone", 11);
	push_at(&g->names, "unshare", 12);
	cr_assert_eq(sc_set_str(&g->action, "SCMP_ACT_ERRNO"), 0);
	g->action_loc = L(13, 14);
	g->has_errno_ret = true;
	g->errno_ret = 1;
	g->errno_ret_loc = L(14, 16);
	cr_assert_eq(sc_set_str(&g->errno_name, "EPERM"), 0);
	g->errno_name_loc = L(15, 13);
	cr_assert_eq(sc_set_str(&g->comment, "a comment"), 0);
	push(&g->includes.caps, "CAP_SYS_ADMIN");
	min_kernel(&g->includes, "4.8");
	push(&g->excludes.arches, "s390x");
	a = sc_group_add_arg(g);
	cr_assert_not_null(a);
	a->index = 0;
	a->value = 0x7E020000;
	a->value_two = UINT64_C(18446744073709551615);
	a->loc = L(17, 9);
	cr_assert_eq(sc_set_str(&a->op, "SCMP_CMP_MASKED_EQ"), 0);
	a = sc_group_add_arg(g);
	cr_assert_not_null(a);
	a->index = 5;
	a->value = 9;
	a->loc = L(18, 9);

	before = sc_profile_dup(p);
	cr_assert_not_null(before);
	out = resolve_ok(p, &t, NULL);
	cr_expect(sc_profile_equal(p, before), "input was modified");

	cr_expect_str_eq(out->file, "dir/prof.json");
	cr_expect_str_eq(out->default_action, "SCMP_ACT_ERRNO");
	expect_loc(out->default_action_loc, 2, 20, "defaultAction");
	cr_expect(out->has_default_errno_ret);
	cr_expect_eq(out->default_errno_ret, 38);
	expect_loc(out->default_errno_ret_loc, 3, 22, "defaultErrnoRet");
	cr_expect_str_eq(out->default_errno_name, "ENOSYS");
	expect_loc(out->default_errno_name_loc, 4, 19, "defaultErrno");
	cr_expect(out->has_flags);
	cr_assert_eq(out->flags.n, 1);
	cr_expect_str_eq(out->flags.v[0].s, "SECCOMP_FILTER_FLAG_LOG");
	cr_expect_eq(out->flags.v[0].loc.line, 5);
	cr_expect_str_eq(out->listener_path, "/run/l.sock");
	cr_expect_str_eq(out->listener_metadata, "meta");
	cr_expect_eq(out->narchmap, 0);

	cr_assert_eq(out->ngroups, 1);
	g = &out->groups[0];
	expect_loc(g->loc, 10, 3, "group");
	cr_assert_eq(g->names.n, 2);
	cr_expect_str_eq(g->names.v[0].s, "clone");
	cr_expect_str_eq(g->names.v[1].s, "unshare");
	cr_expect_eq(g->names.v[0].loc.line, 11);
	cr_expect_eq(g->names.v[1].loc.line, 12);
	cr_expect_null(g->name);
	cr_expect_str_eq(g->action, "SCMP_ACT_ERRNO");
	expect_loc(g->action_loc, 13, 14, "action");
	cr_expect(g->has_errno_ret);
	cr_expect_eq(g->errno_ret, 1);
	expect_loc(g->errno_ret_loc, 14, 16, "errnoRet");
	cr_expect_str_eq(g->errno_name, "EPERM");
	expect_loc(g->errno_name_loc, 15, 13, "errno");
	cr_expect_null(g->comment);
	cr_expect_eq(g->includes.caps.n + g->includes.arches.n +
			     g->excludes.caps.n + g->excludes.arches.n,
		     0);
	cr_expect_null(g->includes.min_kernel);
	cr_expect_null(g->excludes.min_kernel);
	cr_assert_eq(g->nargs, 2);
	cr_expect_eq(g->args[0].index, 0);
	cr_expect_eq(g->args[0].value, 0x7E020000);
	cr_expect_eq(g->args[0].value_two, UINT64_C(18446744073709551615));
	cr_expect_str_eq(g->args[0].op, "SCMP_CMP_MASKED_EQ");
	expect_loc(g->args[0].loc, 17, 9, "arg 0");
	cr_expect_eq(g->args[1].index, 5);
	cr_expect_eq(g->args[1].value, 9);
	cr_expect_null(g->args[1].op);
	expect_loc(g->args[1].loc, 18, 9, "arg 1");

	sc_profile_free(before);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* Absent "flags" and "flags": [] differ to runc; both survive resolving. */
Test(resolve, flags_presence_kept)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = tgt(0, 6, 1);

	out = resolve_ok(p, &t, NULL);
	cr_expect_not(out->has_flags);
	cr_expect_not(out->has_default_errno_ret);
	cr_expect_null(out->default_errno_name);
	sc_profile_free(out);
	p->has_flags = true;
	out = resolve_ok(p, &t, NULL);
	cr_expect(out->has_flags);
	cr_expect_eq(out->flags.n, 0);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* moby would switch seccomp off; we hand back the empty profile as is. */
Test(resolve, empty_profile)
{
	struct sc_profile *p = sc_profile_new(NULL), *out;

	cr_assert_not_null(p);
	out = resolve_ok(p, &(struct sc_target){ .arch = SCMP_ARCH_X86_64 }, NULL);
	cr_expect_null(out->default_action);
	cr_expect_eq(out->ngroups, 0);
	cr_expect_eq(out->architectures.n, 0);
	cr_expect_null(out->file);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* A group decided without the kernel never needs it (target given 0.0). */
Test(resolve, default_target_is_native)
{
	struct sc_profile *p = prof(), *out;
	struct sc_target t = { 0 };
	const char *go = sc_arch_go_name(sc_arch_native());

	cr_assert_not_null(go);
	add_map(p, sc_arch_scmp_name(sc_arch_native()), NULL, NULL, 2);
	push(&grp(p, "native")->includes.arches, go);
	push(&grp(p, "not_native")->excludes.arches, go);
	out = resolve_ok(p, &t, NULL);
	cr_expect_str_eq(first_names(out), "native");
	cr_expect_str_eq(archs(out), sc_arch_scmp_name(sc_arch_native()));
	sc_profile_free(out);
	sc_profile_free(p);
}

/* ---- real profiles ---- */

static struct sc_profile *load_json(const char *path)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };
	size_t len;
	char *buf = tu_slurp(path, &len);
	int r;

	cr_assert_not_null(buf, "cannot read %s", path);
	r = sc_json_parse(path, buf, len, &p, NULL, &err);
	free(buf);
	cr_assert_eq(r, 0, "%s:%u:%u: %s", err.file, err.line, err.col, err.msg);
	return p;
}

static struct sc_profile *load_shared(const char *name)
{
	const char *shared = tu_shared_dir();

	if (!shared)
		cr_skip_test("../shared is absent: cannot read %s", name);
	return load_json(tu_path(shared, tu_path("profiles", name)));
}

static const char *resolve_names(const struct sc_profile *p, uint64_t caps)
{
	struct sc_target t = tgt(caps, 6, 1);
	struct sc_profile *out = resolve_ok(p, &t, NULL);
	const char *s = first_names(out);

	sc_profile_free(out);
	return s;
}

/* moby's TestLoadConditional. */
Test(resolve, moby_conditional_include)
{
	struct sc_profile *p =
		load_shared("moby-fixture-conditional_include.json");

	cr_expect_str_eq(resolve_names(p, 0), "chmod,ptrace");
	cr_expect_str_eq(resolve_names(p, cap("CAP_SYSLOG")),
			 "chmod,syslog,ptrace");
	cr_expect_str_eq(resolve_names(p, cap("CAP_SYS_ADMIN")), "chmod");
	cr_expect_str_eq(resolve_names(p, cap("CAP_SYS_ADMIN") |
						  cap("CAP_SYSLOG")),
			 "chmod,syslog");
	sc_profile_free(p);
}

static uint64_t docker_caps(void)
{
	uint64_t c = 0;

	for (size_t i = 0; i < sc_docker_default_ncaps; i++)
		c |= CAP(sc_docker_default_caps[i]);
	return c;
}

/*
 * Which groups of default.json survive, by index, and that each kept group
 * comes out unchanged apart from the conditions.
 */
static void check_default(const struct sc_profile *p, uint64_t caps,
			  unsigned kmaj, unsigned kmin,
			  const size_t *want, size_t nwant)
{
	struct sc_target t = tgt(caps, kmaj, kmin);
	struct sc_profile *out;
	struct rec r;
	size_t k = 0;

	out = resolve_ok(p, &t, &r);
	cr_assert_eq(out->ngroups, nwant, "kept %zu groups: %s", out->ngroups,
		     first_names(out));
	for (size_t i = 0; i < r.n; i++) {
		if (!r.kept[i])
			continue;
		cr_assert_lt(k, nwant);
		cr_expect_eq(r.index[i], want[k], "kept group %zu (%s), want %zu",
			     r.index[i], r.why[i], want[k]);
		k++;
	}
	for (size_t i = 0; i < nwant; i++) {
		const struct sc_group *a = &p->groups[want[i]], *b = &out->groups[i];

		cr_assert_eq(a->names.n, b->names.n);
		for (size_t j = 0; j < a->names.n; j++)
			cr_expect_str_eq(a->names.v[j].s, b->names.v[j].s);
		cr_expect_str_eq(a->action, b->action);
		cr_expect_eq(a->has_errno_ret, b->has_errno_ret);
		cr_expect_eq(a->errno_ret, b->errno_ret);
		cr_expect_eq(a->nargs, b->nargs);
		cr_expect_eq(a->loc.line, b->loc.line);
	}
	cr_expect_str_eq(archs(out),
			 "SCMP_ARCH_X86_64,SCMP_ARCH_X86,SCMP_ARCH_X32");
	cr_expect_str_eq(out->default_action, "SCMP_ACT_ERRNO");
	cr_expect(out->has_default_errno_ret);
	cr_expect_eq(out->default_errno_ret, 1);
	sc_profile_free(out);
}

/* Group i of default.json has names[0] == name (guards the indices). */
static void expect_group(const struct sc_profile *p, size_t i, const char *name,
			 const char *action)
{
	cr_assert_lt(i, p->ngroups);
	cr_assert_gt(p->groups[i].names.n, 0);
	cr_expect_str_eq(p->groups[i].names.v[0].s, name, "group %zu", i);
	cr_expect_str_eq(p->groups[i].action, action, "group %zu", i);
}

Test(resolve, docker_default_profile)
{
	struct sc_profile *p = load_shared("docker-default.json");
	/* default caps, amd64, 6.1: docker-semantics §2.6 */
	static const size_t std[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13,
				      18, 20, 22 };
	/* --cap-add SYS_ADMIN: the big allow list in, clone limits out */
	static const size_t admin[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13,
					17, 22 };
	/* kernel 4.4: ptrace and process_vm_* are left out */
	static const size_t old[] = { 0, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13,
				      18, 20, 22 };

	cr_assert_eq(p->ngroups, 33, "default.json changed: %zu groups",
		     p->ngroups);
	cr_expect_eq(p->groups[0].names.n, 361);
	expect_group(p, 1, "process_vm_readv", "SCMP_ACT_ALLOW");
	cr_expect_str_eq(p->groups[1].includes.min_kernel, "4.8");
	for (size_t i = 2; i <= 4; i++)
		expect_group(p, i, "socket", "SCMP_ACT_ALLOW");
	for (size_t i = 5; i <= 9; i++)
		expect_group(p, i, "personality", "SCMP_ACT_ALLOW");
	expect_group(p, 12, "arch_prctl", "SCMP_ACT_ALLOW");
	expect_group(p, 13, "modify_ldt", "SCMP_ACT_ALLOW");
	expect_group(p, 17, "bpf", "SCMP_ACT_ALLOW");
	cr_expect_str_eq(p->groups[17].includes.caps.v[0].s, "CAP_SYS_ADMIN");
	expect_group(p, 18, "clone", "SCMP_ACT_ALLOW");
	expect_group(p, 19, "clone", "SCMP_ACT_ALLOW");
	expect_group(p, 20, "clone3", "SCMP_ACT_ERRNO");
	cr_expect_eq(p->groups[20].errno_ret, 38);
	expect_group(p, 22, "chroot", "SCMP_ACT_ALLOW");

	check_default(p, docker_caps(), 6, 1, std, sizeof(std) / sizeof(*std));
	check_default(p, docker_caps() | cap("CAP_SYS_ADMIN"), 6, 1, admin,
		      sizeof(admin) / sizeof(*admin));
	check_default(p, docker_caps(), 4, 4, old, sizeof(old) / sizeof(*old));
	sc_profile_free(p);
}

Test(resolve, docker_default_explained)
{
	struct sc_profile *p = load_shared("docker-default.json"), *out;
	struct sc_target t = tgt(docker_caps(), 6, 1);
	struct rec r;

	out = resolve_ok(p, &t, &r);
	cr_expect_str_eq(r.why[0], "kept");
	cr_expect_str_eq(r.why[1], "kept: needs kernel >= 4.8 (have 6.1)");
	cr_expect_str_eq(r.why[10], "dropped: only for arches ppc64le");
	cr_expect_str_eq(r.why[12], "kept: on amd64");
	cr_expect_str_eq(r.why[17], "dropped: needs CAP_SYS_ADMIN");
	cr_expect_str_eq(r.why[18],
			 "kept: not on s390, s390x; CAP_SYS_ADMIN absent");
	cr_expect_str_eq(r.why[19], "dropped: only for arches s390, s390x");
	cr_expect_str_eq(r.why[20], "kept: CAP_SYS_ADMIN absent");
	cr_expect_str_eq(r.why[22], "kept: needs CAP_SYS_CHROOT (present)");
	sc_profile_free(out);

	t.caps.bits |= cap("CAP_SYS_ADMIN");
	out = resolve_ok(p, &t, &r);
	cr_expect_str_eq(r.why[17], "kept: needs CAP_SYS_ADMIN (present)");
	cr_expect_str_eq(r.why[18], "dropped: excluded by CAP_SYS_ADMIN");
	cr_expect_str_eq(r.why[20], "dropped: excluded by CAP_SYS_ADMIN");
	sc_profile_free(out);
	sc_profile_free(p);
}

/* The legacy format: architectures verbatim, "name" entries become names. */
Test(resolve, moby_old_format)
{
	struct sc_profile *p = load_shared("moby-fixture-default-old-format.json");
	struct sc_target t = tgt(docker_caps(), 6, 1);
	struct sc_profile *out = resolve_ok(p, &t, NULL);

	cr_expect_str_eq(archs(out),
			 "SCMP_ARCH_X86_64,SCMP_ARCH_X86,SCMP_ARCH_X32");
	cr_expect_eq(out->ngroups, 311);
	cr_assert_gt(out->ngroups, 0);
	cr_expect_str_eq(out->groups[0].names.v[0].s, "accept");
	cr_expect_str_eq(out->groups[0].action, "SCMP_ACT_ALLOW");
	for (size_t i = 0; i < out->ngroups; i++) {
		cr_expect_eq(out->groups[i].names.n, 1);
		cr_expect_null(out->groups[i].name);
	}
	sc_profile_free(out);
	sc_profile_free(p);
}

/* Lines of a resolved group are those of the file, not of the output. */
Test(resolve, json_locations_survive)
{
	const char *path = tu_path(tu_root(), "tests/data/resolve/locations.json");
	struct sc_profile *p = load_json(path), *out;
	struct sc_target t = tgt(cap("CAP_SYSLOG"), 6, 1);
	struct rec r;

	out = resolve_ok(p, &t, &r);
	cr_assert_str_eq(first_names(out), "syslog,clone,reboot");
	cr_expect_str_eq(out->file, path);
	cr_expect_str_eq(r.why[0], "dropped: needs CAP_SYS_ADMIN");
	cr_expect_str_eq(r.why[1], "kept: needs CAP_SYSLOG (present)");
	cr_expect_str_eq(r.why[2], "kept: CAP_SYS_ADMIN absent");
	cr_expect_str_eq(r.why[3], "kept");
	/* the groups open on lines 10, 17 and 25 of the file */
	cr_expect_eq(out->groups[0].loc.line, 10);
	cr_expect_eq(out->groups[0].names.v[0].loc.line, 12);
	cr_expect_eq(out->groups[1].loc.line, 17);
	cr_expect_eq(out->groups[1].names.v[0].loc.line, 19);
	cr_assert_eq(out->groups[1].nargs, 1);
	cr_expect_eq(out->groups[1].args[0].loc.line, 21);
	cr_expect_eq(out->groups[1].args[0].value, 2114060288);
	cr_expect_eq(out->groups[2].loc.line, 25);
	cr_expect_eq(out->groups[2].names.v[0].loc.line, 26);
	cr_expect_eq(out->groups[2].action_loc.line, 27);
	cr_expect_eq(out->groups[2].errno_ret_loc.line, 28);
	cr_expect_str_eq(archs(out), "SCMP_ARCH_X86_64,SCMP_ARCH_X86");
	cr_expect_eq(out->architectures.v[0].loc.line, 4);
	cr_expect_eq(out->architectures.v[1].loc.line, 5);
	sc_profile_free(out);
	sc_profile_free(p);
}

/* ---- the capability sets seccap check compiles for ---- */

static bool has_set(const uint64_t *v, size_t n, uint64_t bits)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == bits)
			return true;
	return false;
}

/*
 * none, each includes.caps list, all, and the union of two lists only
 * where their groups share a syscall (only such groups can clash).
 */
Test(resolve, cap_sets_for_check)
{
	struct sc_profile *p = prof();
	struct sc_capset all;
	uint64_t *v = NULL;
	size_t n = 0;
	uint64_t admin = cap("CAP_SYS_ADMIN"), ptrace = cap("CAP_SYS_PTRACE");
	uint64_t syslog = cap("CAP_SYSLOG");

	grp(p, "personality");
	push(&grp(p, "personality")->includes.caps, "CAP_SYS_ADMIN");
	push(&grp(p, "personality")->includes.caps, "CAP_SYS_PTRACE");
	push(&grp(p, "syslog")->includes.caps, "CAP_SYSLOG");
	push(&grp(p, "mount")->excludes.caps, "CAP_SYS_ADMIN");
	cr_assert_eq(sc_resolve_cap_sets(p, &v, &n, NULL), 0);
	cr_assert_eq(sc_capset_parse("all", &all, NULL), 0);
	cr_expect_eq(n, 6);
	cr_expect(has_set(v, n, 0));
	cr_expect(has_set(v, n, admin));
	cr_expect(has_set(v, n, ptrace));
	cr_expect(has_set(v, n, syslog));
	cr_expect(has_set(v, n, admin | ptrace), "personality's two groups together");
	cr_expect(!has_set(v, n, admin | syslog), "no syscall in common");
	cr_expect_eq(v[n - 1], all.bits, "all comes last");
	free(v);
	sc_profile_free(p);
}
