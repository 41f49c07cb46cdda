/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The differential filter checker: every valid profile we know (tests/data,
 * contrib/profiles, ../shared/profiles) is resolved for every arch
 * libseccomp 2.5.4 builds filters for (x86_64, x86, x32, aarch64, arm,
 * riscv64, s390x, s390, ppc64le, ppc64, ppc, the six MIPS ABIs, parisc64,
 * parisc) with no capabilities, Docker's default set and all of them,
 * compiled for that arch, and the program is run in conf/bpf_interp,
 * as that arch's machine would run it (its byte order), over every syscall
 * number 0-1023 of its ABIs (and foreign ABIs) with argument vectors made
 * from the profile's own comparison values; each answer must be the one
 * tests/oracle.c computes from the resolved profile.  A difference prints
 * the case (profile, arch, caps, options, ABI, nr, args, expected, got,
 * the oracle's reason); the cases are counted per arch.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "io.h"
#include "bpf_interp.h"
#include "lib/kernel.h"
#include "lib/testutil.h"
#include "model.h"
#include "names.h"
#include "oracle.h"
#include "pipeline.h"
#include "resolve.h"

#define MAX_PRINT 12
#define SEED 0x5ecca9d1ff0001ull

/*
 * Every arch libseccomp 2.5.4 builds filters for, as the native arch of
 * the filter (the profile resolved for it: its archMap and includes).
 */
static const struct target {
	uint32_t token;
	const char *name; /* libseccomp's */
} targets[] = {
	{ SCMP_ARCH_X86_64, "x86_64" },     { SCMP_ARCH_X86, "x86" },
	{ SCMP_ARCH_X32, "x32" },           { SCMP_ARCH_AARCH64, "aarch64" },
	{ SCMP_ARCH_ARM, "arm" },           { SCMP_ARCH_RISCV64, "riscv64" },
	{ SCMP_ARCH_S390X, "s390x" },       { SCMP_ARCH_S390, "s390" },
	{ SCMP_ARCH_PPC64LE, "ppc64le" },   { SCMP_ARCH_PPC64, "ppc64" },
	{ SCMP_ARCH_PPC, "ppc" },           { SCMP_ARCH_MIPS64, "mips64" },
	{ SCMP_ARCH_MIPS64N32, "mips64n32" }, { SCMP_ARCH_MIPS, "mips" },
	{ SCMP_ARCH_MIPSEL64, "mipsel64" }, { SCMP_ARCH_MIPSEL64N32, "mipsel64n32" },
	{ SCMP_ARCH_MIPSEL, "mipsel" },     { SCMP_ARCH_PARISC64, "parisc64" },
	{ SCMP_ARCH_PARISC, "parisc" },
};
#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

struct tally {
	unsigned profiles, skipped, builds;
	unsigned long cases, diffs;
	unsigned long arch_cases[NTARGETS], arch_diffs[NTARGETS];
	unsigned arch_builds[NTARGETS];
};

struct variant {
	const char *caps;
	const char *what;
	struct sc_compile_opts copts;
};

static const struct variant variants[] = {
	{ "none", "", { 0 } },
	{ "docker", "", { 0 } },
	{ "all", "", { 0 } },
	{ "docker", " log-mode", { .log_mode = true } },
	{ "docker", " no-enosys", { .no_enosys = true } },
	{ "all", " tsync", { .tsync = true } },
};

/*
 * One resolved profile, one arch, one set of options: compile, build the
 * oracle, compare.  Both must refuse the same profiles.
 */
static void check_resolved(const char *path, const struct sc_profile *res,
			   const struct variant *v, size_t ti,
			   struct tally *t)
{
	struct sc_compile_opts co = v->copts;
	struct oracle_opts oo = {
		.native = targets[ti].token,
		.log_mode = v->copts.log_mode,
		.no_enosys = v->copts.no_enosys,
		.tsync = v->copts.tsync,
	};
	struct oracle_report rep = { .out = stderr, .max_print = MAX_PRINT,
				     .seed = SEED };
	struct sc_error err = { 0 };
	struct sc_bpf *bpf = NULL;
	struct oracle *o = NULL;
	char why[256] = "", label[1024];
	int rc, ro;

	co.arch = targets[ti].token;
	snprintf(label, sizeof(label), "%s [%s, caps %s%s]", path,
		 targets[ti].name, v->caps, v->what);
	rc = sc_compile(res, &co, &bpf, NULL, &err);
	ro = oracle_new(res, &oo, &o, why, sizeof(why));
	if (rc < 0 || ro < 0) {
		if ((rc < 0) != (ro < 0)) {
			cr_log_error("%s: the compiler %s (%s) but the oracle %s (%s)",
				     label, rc < 0 ? "refuses it" : "accepts it",
				     rc < 0 ? err.msg : "-",
				     ro < 0 ? "refuses it" : "accepts it",
				     ro < 0 ? why : "-");
			t->diffs++;
			t->arch_diffs[ti]++;
		} else if (ti == 0) {
			fprintf(stderr, "%s: refused by both: %s\n", label,
				err.msg);
		}
		sc_bpf_free(bpf);
		oracle_free(o);
		return;
	}
	t->builds++;
	t->arch_builds[ti]++;
	if (bpf->flags != oracle_flags(o)) {
		cr_log_error("%s: load flags 0x%x, expected 0x%x", label,
			     bpf->flags, oracle_flags(o));
		t->diffs++;
		t->arch_diffs[ti]++;
	}
	rep.label = label;
	oracle_check_program(o, bpf->insns, bpf->len, &rep);
	if (rep.diffs > MAX_PRINT)
		fprintf(stderr, "%s: ... %lu differences in all\n", label,
			rep.diffs);
	t->cases += rep.cases;
	t->diffs += rep.diffs;
	t->arch_cases[ti] += rep.cases;
	t->arch_diffs[ti] += rep.diffs;
	sc_bpf_free(bpf);
	oracle_free(o);
}

/* Every variant of one profile file; false if it is not a valid profile. */
static bool check_file(const char *path, struct tally *t)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };

	if (sc_pipeline_load(path, &p, NULL, &err) < 0)
		return false;
	t->profiles++;
	for (size_t ti = 0; ti < NTARGETS; ti++) {
		for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]);
		     i++) {
			struct sc_target tg = { .arch = targets[ti].token,
						.kernel_set = true,
						.kernel_major = 6,
						.kernel_minor = 1 };
			struct sc_profile *res = NULL;

			cr_assert_eq(sc_capset_parse(variants[i].caps, &tg.caps,
						     &err),
				     0, "%s", err.msg);
			if (sc_resolve(p, &tg, NULL, &res, &err) < 0) {
				/* A resolver error is the resolver tests'. */
				cr_log_info("%s [%s]: not resolvable (%s), skipped",
					    path, targets[ti].name, err.msg);
				continue;
			}
			check_resolved(path, res, &variants[i], ti, t);
			sc_profile_free(res);
		}
	}
	sc_profile_free(p);
	return true;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && strcmp(s + n - k, suf) == 0;
}

/*
 * libseccomp takes SCMP_ACT_NOTIFY only from a kernel with user
 * notification (not under qemu-user), which the oracle does not model: a
 * profile with notify rules is left out there, and said so.
 */
static bool notify_unsupported(const char *path)
{
	const char *why;
	char *text;
	bool notify;

	if (tu_kernel_has(TU_USERNOTIF, &why))
		return false;
	text = tu_slurp(path, NULL);
	cr_assert_not_null(text, "%s: cannot read it", path);
	notify = strstr(text, "SCMP_ACT_NOTIFY") ||
		 strstr(text, "= notify") || strstr(text, "=notify");
	free(text);
	if (notify)
		fprintf(stderr, "differential: %s left out (notify rules): %s\n",
			path, why);
	return notify;
}

/* A profile file (by its name) goes through check_file. */
static void check_cb(const char *path, void *ud)
{
	struct tally *t = ud;

	if ((has_suffix(path, ".json") || has_suffix(path, ".ini")) &&
	    (notify_unsupported(path) || !check_file(path, t)))
		t->skipped++;
}

static void report(const char *what, const struct tally *t)
{
	cr_log_info("%s: %u profiles (%u files not valid profiles, skipped), %u filters, %lu cases, %lu differences",
		    what, t->profiles, t->skipped, t->builds, t->cases,
		    t->diffs);
	fprintf(stderr, "differential %s: %u profiles, %u filters, %lu cases, %lu differences\n",
		what, t->profiles, t->builds, t->cases, t->diffs);
	for (size_t ti = 0; ti < NTARGETS; ti++)
		fprintf(stderr, "differential %s: %s: %u filters, %lu cases, %lu differences\n",
			what, targets[ti].name, t->arch_builds[ti],
			t->arch_cases[ti], t->arch_diffs[ti]);
}

/* Reported, every arch checked, no difference. */
static void expect_clean(const char *what, const struct tally *t)
{
	report(what, t);
	for (size_t ti = 0; ti < NTARGETS; ti++)
		cr_expect_gt(t->arch_cases[ti], 0, "%s: no case ran for %s",
			     what, targets[ti].name);
	cr_expect_eq(t->diffs, 0, "%lu differences (printed above)", t->diffs);
}

/* Every profile in dir (and below it if deep): some, and no difference. */
static void check_dir(const char *what, const char *dir, bool deep)
{
	struct tally t = { 0 };

	tu_walk(dir, deep, check_cb, &t);
	cr_expect_gt(t.profiles, 0, "no valid profile in %s", dir);
	/* Profiles that all fail to resolve or compile would check nothing. */
	cr_expect_gt(t.builds, 0, "no filter was built from %s", dir);
	expect_clean(what, &t);
}

Test(differential, shared_profiles, .timeout = 300)
{
	const char *shared = tu_shared_dir();

	if (!shared)
		cr_skip_test("../shared is absent: no shared profiles to check");
	check_dir("shared profiles", tu_path(shared, "profiles"), false);
}

Test(differential, test_data_profiles, .timeout = 300)
{
	check_dir("tests/data", tu_path(tu_root(), "tests/data"), true);
}

Test(differential, contrib_profiles, .timeout = 300)
{
	check_dir("contrib/profiles", tu_path(tu_root(), "contrib/profiles"),
		  false);
}

Test(differential, embedded_default, .timeout = 300)
{
	struct tally t = { 0 };

	cr_assert(check_file(SC_DEFAULT_PROFILE_NAME, &t),
		  "the embedded default does not load");
	expect_clean("embedded default", &t);
}

/*
 * The checker itself: a program with one return changed must be caught,
 * else a broken compiler could pass it.
 */
Test(differential, catches_a_changed_return)
{
	struct sc_profile *p = NULL, *res = NULL;
	struct sc_target tg = { .arch = SCMP_ARCH_X86_64, .kernel_set = true,
				.kernel_major = 6, .kernel_minor = 1 };
	struct sc_compile_opts co = { .arch = SCMP_ARCH_X86_64 };
	struct oracle_opts oo = { .native = SCMP_ARCH_X86_64 };
	struct oracle_report rep = { .out = stderr, .max_print = 2,
				     .label = "planted", .seed = SEED };
	struct sc_error err = { 0 };
	struct sc_bpf *bpf = NULL;
	struct oracle *o = NULL;
	char why[256];
	size_t hits = 0;

	cr_assert_eq(sc_pipeline_load(NULL, &p, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_capset_parse("docker", &tg.caps, &err), 0);
	cr_assert_eq(sc_resolve(p, &tg, NULL, &res, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_compile(res, &co, &bpf, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(oracle_new(res, &oo, &o, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(oracle_check_program(o, bpf->insns, bpf->len, &rep), 0,
		     "the unchanged program differs");

	/* Each ALLOW return in turn becomes ERRNO(1): each must be seen. */
	for (size_t pc = 0; pc < bpf->len && hits < 8; pc++) {
		struct sock_filter *in = &bpf->insns[pc];

		if (in->code != (BPF_RET | BPF_K) || in->k != SECCOMP_RET_ALLOW)
			continue;
		in->k = SECCOMP_RET_ERRNO | 1;
		rep.diffs = 0;
		rep.max_print = 0;
		oracle_check_program(o, bpf->insns, bpf->len, &rep);
		cr_expect_gt(rep.diffs, 0,
			     "an ALLOW at instruction %zu became ERRNO(1) unseen",
			     pc);
		in->k = SECCOMP_RET_ALLOW;
		hits++;
	}
	cr_assert_gt(hits, 0, "no ALLOW return in the default profile's program");
	oracle_free(o);
	sc_bpf_free(bpf);
	sc_profile_free(res);
	sc_profile_free(p);
}

/*
 * A libseccomp 2.5.4 defect the oracle does not copy (see oracle.c): two
 * AND rules over crossing arguments are merged into a tree that allows
 * personality(0, 2), which neither rule allows (runc and crun build that
 * filter).  seccap checks such rules itself (conf/chain.c).
 */
static const char crossing_chains[] =
	"{ \"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
	"  { \"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"    \"args\": [ { \"index\": 1, \"value\": 2, \"op\": \"SCMP_CMP_GE\" },\n"
	"                { \"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_GT\" } ] },\n"
	"  { \"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"    \"args\": [ { \"index\": 1, \"value\": 2, \"valueTwo\": 0, \"op\": \"SCMP_CMP_MASKED_EQ\" },\n"
	"                { \"index\": 0, \"value\": 0, \"op\": \"SCMP_CMP_GE\" } ] } ] }\n";

/* Parse, resolve for amd64, compile, build the oracle; all must work. */
static void build_both(const char *label, const char *json,
		       struct sc_profile **p, struct sc_profile **res,
		       struct sc_bpf **bpf, struct oracle **o)
{
	struct sc_target tg = { .arch = SCMP_ARCH_X86_64, .kernel_set = true,
				.kernel_major = 6, .kernel_minor = 1 };
	struct sc_compile_opts co = { .arch = SCMP_ARCH_X86_64 };
	struct oracle_opts oo = { .native = SCMP_ARCH_X86_64 };
	struct sc_error err = { 0 };
	char why[256];

	cr_assert_eq(sc_json_parse(label, json, strlen(json), p, NULL, &err),
		     0, "%s: %s", label, err.msg);
	cr_assert_eq(sc_resolve(*p, &tg, NULL, res, &err), 0, "%s: %s", label,
		     err.msg);
	cr_assert_eq(sc_compile(*res, &co, bpf, NULL, &err), 0, "%s: %s",
		     label, err.msg);
	cr_assert_eq(oracle_new(*res, &oo, o, why, sizeof(why)), 0, "%s: %s",
		     label, why);
}

static void free_both(struct sc_profile *p, struct sc_profile *res,
		      struct sc_bpf *bpf, struct oracle *o)
{
	oracle_free(o);
	sc_bpf_free(bpf);
	sc_profile_free(res);
	sc_profile_free(p);
}

Test(differential, libseccomp_crossing_chains)
{
	struct sc_profile *p = NULL, *res = NULL;
	struct oracle_report rep = { .out = stderr, .max_print = 4,
				     .label = "crossing chains", .seed = SEED };
	struct seccomp_data d = bpf_interp_data(AUDIT_ARCH_X86_64,
						135 /* personality */, 0, 2,
						0, 0, 0, 0);
	struct sc_bpf *bpf = NULL;
	struct oracle *o = NULL;
	uint32_t got = 0;
	char why[256];

	build_both("crossing.json", crossing_chains, &p, &res, &bpf, &o);
	cr_assert_eq(oracle_eval(o, &d, why, sizeof(why)),
		     SECCOMP_RET_ERRNO | 1, "the oracle: %s", why);
	cr_assert_eq(bpf_interp_run(bpf->insns, bpf->len, &d, &got, NULL), 0);
	cr_expect_eq(got, SECCOMP_RET_ERRNO | 1,
		     "personality(0, 2) gets 0x%08x", got);
	oracle_check_program(o, bpf->insns, bpf->len, &rep);
	cr_expect_eq(rep.diffs, 0, "%lu differences (printed above)",
		     rep.diffs);
	free_both(p, res, bpf, o);
}

/*
 * The other shapes libseccomp 2.5.4 gets wrong (conf/chain.c says how they
 * were found), each for the x86 family at once: the filter must be the
 * oracle's on x86_64, x32 and i386 (i386 multiplexes socket through
 * socketcall).  A line of each says what libseccomp alone did with it.
 */
#define SHAPE_HEAD "{ \"defaultAction\": \"SCMP_ACT_ERRNO\", " \
	"\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], " \
	"\"syscalls\": [\n"
/* Without i386, where libseccomp refuses Podman's rules (-EEXIST). */
#define SHAPE_HEAD64 "{ \"defaultAction\": \"SCMP_ACT_ERRNO\", " \
	"\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X32\"], " \
	"\"syscalls\": [\n"
#define RULE(names, action, args) \
	"{ \"names\": [" names "], \"action\": \"" action "\", \"args\": [" args "] }"
#define DENY(names, e, args) \
	"{ \"names\": [" names "], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": " #e ", \"args\": [" args "] }"
#define ARG(i, op, v) "{ \"index\": " #i ", \"value\": " #v ", \"op\": \"SCMP_CMP_" #op "\" }"
#define MASK(i, m, v) "{ \"index\": " #i ", \"value\": " #m ", \"valueTwo\": " #v ", \"op\": \"SCMP_CMP_MASKED_EQ\" }"

static const struct {
	const char *what, *json;
} shapes[] = {
	{ "one condition each, <= and >= on 64 bits (a2 = 4 was allowed)",
	  SHAPE_HEAD RULE("\"personality\"", "SCMP_ACT_ALLOW", ARG(2, LE, 3)) ",\n"
	  RULE("\"personality\"", "SCMP_ACT_ALLOW", ARG(2, GE, 4294967296)) "] }" },
	{ "< with one condition each (a1 = 0 was allowed)",
	  SHAPE_HEAD RULE("\"getppid\"", "SCMP_ACT_ALLOW", ARG(1, LT, 1)) ",\n"
	  RULE("\"getppid\"", "SCMP_ACT_ALLOW", ARG(1, LT, 4294967296)) ",\n"
	  RULE("\"getppid\"", "SCMP_ACT_ALLOW", ARG(0, GT, 2)) "] }" },
	{ "!= in two AND rules (seccomp_rule_add looped)",
	  SHAPE_HEAD RULE("\"personality\"", "SCMP_ACT_ALLOW", ARG(0, NE, 2) "," ARG(1, EQ, 2)) ",\n"
	  RULE("\"personality\"", "SCMP_ACT_ALLOW", ARG(0, NE, 2) "," ARG(2, EQ, 1)) "] }" },
	{ "> and >= over crossing arguments, several syscalls",
	  SHAPE_HEAD RULE("\"getppid\", \"personality\"", "SCMP_ACT_ALLOW", ARG(0, GT, 1) "," ARG(2, GE, 4294967295)) ",\n"
	  RULE("\"getppid\", \"personality\"", "SCMP_ACT_ALLOW", ARG(2, LE, 2) "," ARG(1, GE, 3)) "] }" },
	{ "mixed actions, Podman's socket rules (AF_VSOCK denied)",
	  SHAPE_HEAD64 DENY("\"socket\"", 18, ARG(0, EQ, 40)) ",\n"
	  DENY("\"socket\"", 22, ARG(0, EQ, 16) "," ARG(2, EQ, 9)) ",\n"
	  RULE("\"socket\"", "SCMP_ACT_ALLOW", ARG(0, EQ, 16) "," ARG(2, NE, 9)) ",\n"
	  RULE("\"socket\"", "SCMP_ACT_ALLOW", ARG(0, NE, 16)) "] }" },
	{ "Docker's socket rules with a TRAP beside them, and socketcall",
	  SHAPE_HEAD RULE("\"socket\"", "SCMP_ACT_ALLOW", ARG(0, LT, 38)) ",\n"
	  RULE("\"socket\"", "SCMP_ACT_ALLOW", ARG(0, EQ, 39)) ",\n"
	  RULE("\"socket\"", "SCMP_ACT_ALLOW", ARG(0, GT, 40)) ",\n"
	  RULE("\"connect\"", "SCMP_ACT_TRAP", ARG(1, NE, 0) "," ARG(2, LE, 16)) ",\n"
	  RULE("\"socketcall\"", "SCMP_ACT_LOG", ARG(0, EQ, 3) "," ARG(1, EQ, 7)) "] }" },
	{ "masks and ranges, an unconditional rule after them",
	  SHAPE_HEAD RULE("\"getppid\"", "SCMP_ACT_ALLOW", MASK(0, 3, 1) "," ARG(1, LE, 5)) ",\n"
	  RULE("\"getppid\"", "SCMP_ACT_ALLOW", ARG(1, GT, 7) "," MASK(0, 4294967296, 0)) ",\n"
	  RULE("\"getppid\"", "SCMP_ACT_LOG", "") ",\n"
	  RULE("\"getppid\"", "SCMP_ACT_ALLOW", ARG(3, LT, 9)) "] }" },
};

Test(differential, libseccomp_shapes)
{
	unsigned long cases = 0;

	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct sc_profile *p = NULL, *res = NULL;
		struct oracle_report rep = { .out = stderr, .max_print = 4,
					     .label = shapes[i].what,
					     .seed = SEED };
		struct sc_bpf *bpf = NULL;
		struct oracle *o = NULL;

		build_both(shapes[i].what, shapes[i].json, &p, &res, &bpf, &o);
		cr_expect(oracle_simple(o),
			  "%s: the oracle does not vouch for it", shapes[i].what);
		oracle_check_program(o, bpf->insns, bpf->len, &rep);
		cr_expect_eq(rep.diffs, 0, "%s: %lu differences (printed above)",
			     shapes[i].what, rep.diffs);
		cases += rep.cases;
		free_both(p, res, bpf, o);
	}
	fprintf(stderr, "differential libseccomp shapes: %zu profiles, %lu cases\n",
		sizeof(shapes) / sizeof(shapes[0]), cases);
}
