/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a resolved profile decides and how two differ (conf/decide.c): the
 * argument split and its conditions in words, the ENOSYS region, the
 * honest "depends on arguments" past the limits, and every difference
 * checked against the compiled programs run in the BPF interpreter (the
 * compiler's answer, not the model's) on every syscall number of every
 * arch with argument values around the rules'.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_interp.h"
#include "buf.h"
#include "decide.h"
#include "io.h"
#include "names.h"
#include "pipeline.h"
#include "lib/testutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X32_BIT 0x40000000u

struct side {
	struct sc_profile *profile, *resolved;
	struct sc_bpf *bpf;
	struct sc_decide *d;
};

/* text: a JSON profile, NULL: the embedded default, "@path": a file. */
static void side_build(const char *text, uint32_t arch, const char *caps,
		       struct side *s)
{
	struct sc_target t = { .arch = arch, .kernel_set = true,
			       .kernel_major = 6, .kernel_minor = 8 };
	struct sc_compile_opts o = { .arch = arch };
	struct sc_error err = { 0 };

	memset(s, 0, sizeof(*s));
	cr_assert_eq(sc_capset_parse(caps, &t.caps, &err), 0, "%s", err.msg);
	if (!text || text[0] == '@')
		cr_assert_eq(sc_pipeline_load(text ? text + 1 : NULL,
					      &s->profile, NULL, &err),
			     0, "%s", err.msg);
	else
		cr_assert_eq(sc_json_parse("t.json", text, strlen(text),
					   &s->profile, NULL, &err),
			     0, "%s", err.msg);
	cr_assert_eq(sc_pipeline_build(s->profile, &t, &o, NULL, NULL,
				       &s->resolved, &s->bpf, &err),
		     0, "%s", err.msg);
	cr_assert_eq(sc_decide_open(s->resolved, &o, &s->d, &err), 0, "%s",
		     err.msg);
}

static void side_free(struct side *s)
{
	sc_decide_free(s->d);
	sc_bpf_free(s->bpf);
	sc_profile_free(s->resolved);
	sc_profile_free(s->profile);
}

static uint32_t nr_of(const char *name, uint32_t arch)
{
	int nr = -1;

	cr_assert_eq(sc_syscall_resolve(name, arch, &nr), 0, "%s", name);
	return (uint32_t)nr;
}

/* The difference for name on arch, or NULL. */
static const struct sc_diff_item *item_for(const struct sc_diff *d,
					   uint32_t arch, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].arch == arch && strcmp(d->v[i].name, name) == 0)
			return &d->v[i];
	return NULL;
}

/* Two sides on x86_64 (texts as side_build takes them) and their diff. */
struct pair {
	struct side a, b;
	struct sc_diff d;
};

static void pair_open(struct pair *p, const char *ta, const char *caps_a,
		      const char *tb, const char *caps_b)
{
	struct sc_error err = { 0 };

	side_build(ta, SCMP_ARCH_X86_64, caps_a, &p->a);
	side_build(tb, SCMP_ARCH_X86_64, caps_b, &p->b);
	cr_assert_eq(sc_decide_diff(p->a.d, p->b.d, &p->d, &err), 0, "%s",
		     err.msg);
}

static void pair_close(struct pair *p)
{
	sc_diff_free(&p->d);
	side_free(&p->a);
	side_free(&p->b);
}

/* Some difference for name on arch has exactly cond (NULL: none). */
static void expect_cond(const struct sc_diff *d, uint32_t arch,
			const char *name, const char *cond)
{
	const char *seen = "(no difference)";

	for (size_t i = 0; i < d->n; i++) {
		const struct sc_diff_item *it = &d->v[i];

		if (it->arch != arch || strcmp(it->name, name) != 0)
			continue;
		if (cond ? it->cond && strcmp(it->cond, cond) == 0 : !it->cond)
			return;
		seen = it->cond ? it->cond : "(every argument)";
	}
	cr_expect_fail("%s on %#x: condition '%s', want '%s'", name, arch,
		       seen, cond ? cond : "(every argument)");
}

static bool acts_have(const struct sc_decision *d, uint32_t v)
{
	for (unsigned i = 0; i < d->n; i++)
		if (d->acts[i] == v)
			return true;
	return false;
}

/*
 * Every call where the two programs return different actions is in a
 * difference whose actions include both; no difference said to hold for
 * every argument covers a call where they agree.
 */
static void check_against_programs(const struct side *a, const struct side *b,
				   const struct sc_diff *d,
				   const uint64_t *vals, size_t nvals)
{
	unsigned long cases = 0, differing = 0;

	for (size_t ai = 0; ai < sc_decide_narches(a->d); ai++) {
		uint32_t arch = sc_decide_arch(a->d, ai);
		uint32_t base = arch == SCMP_ARCH_X32 ? X32_BIT : 0;
		uint32_t audit = arch == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64
						       : arch;

		for (uint32_t n = 0; n < 600; n++) {
			uint32_t nr = base + n;

			for (size_t k = 0; k < 1 + 3 * nvals; k++) {
				uint64_t args[6] = { 0 };
				struct seccomp_data sd;
				uint32_t ra, rb;
				const struct sc_diff_item *hit = NULL;

				if (k)
					args[(k - 1) / nvals] =
						vals[(k - 1) % nvals];
				sd = bpf_interp_data(audit, (int)nr, args[0],
						     args[1], args[2], args[3],
						     args[4], args[5]);
				cr_assert_eq(bpf_interp_run_as(a->bpf->insns,
							       a->bpf->len, &sd,
							       false, &ra,
							       NULL), 0);
				cr_assert_eq(bpf_interp_run_as(b->bpf->insns,
							       b->bpf->len, &sd,
							       false, &rb,
							       NULL), 0);
				cases++;
				for (size_t i = 0; i < d->n && !hit; i++)
					if (d->v[i].arch == arch &&
					    d->v[i].nr_lo <= nr &&
					    nr <= d->v[i].nr_hi &&
					    (ra == rb ? !d->v[i].cond
						      : acts_have(&d->v[i].a, ra) &&
								acts_have(&d->v[i].b, rb)))
						hit = &d->v[i];
				if (ra != rb) {
					differing++;
					cr_assert(hit, "arch %#x nr %#x args "
						  "%#llx %#llx %#llx: A %#x, "
						  "B %#x, and no difference "
						  "says so", arch, nr,
						  (unsigned long long)args[0],
						  (unsigned long long)args[1],
						  (unsigned long long)args[2],
						  ra, rb);
				} else {
					cr_assert_null(hit, "arch %#x nr %#x: "
						       "both %#x, yet a "
						       "difference for every "
						       "argument", arch, nr,
						       ra);
				}
			}
		}
	}
	cr_log_info("%lu calls, %lu differ", cases, differing);
}

static const uint64_t docker_vals[] = {
	0,	    1,		8,	   38,		39,
	40,	    41,		0x20000,   0x20008,	0x10000000,
	0x7e020000, 0x00020000, 0xffffffffu, UINT64_MAX, 0x100000000ull,
};

Test(decide, clone_under_docker_splits_on_its_flags)
{
	struct side s;
	struct sc_split sp;
	struct sc_error err = { 0 };
	const struct sc_decide *one[1];
	char text[64];

	side_build(NULL, SCMP_ARCH_X86_64, "docker", &s);
	one[0] = s.d;
	cr_assert_eq(sc_decide_split(one, 1, SCMP_ARCH_X86_64,
				     nr_of("clone", SCMP_ARCH_X86_64), &sp,
				     &err),
		     0, "%s", err.msg);
	cr_assert(sp.exact);
	cr_assert_eq(sp.natoms, 1);
	sc_atom_format(&sp.atoms[0], true, text, sizeof(text));
	cr_expect_str_eq(text, "arg0 & 0x7e020000 == 0");
	cr_assert_eq(sp.n, 2);
	for (size_t i = 0; i < sp.n; i++) {
		bool holds = sp.r[i].truth & 1;

		sc_decision_format(&sp.r[i].side[0], text, sizeof(text));
		cr_expect_str_eq(text, holds ? "ALLOW" : "ERRNO(EPERM)");
		cr_expect_eq((sp.r[i].args[0] & 0x7e020000) == 0, holds);
		cr_expect_eq(sp.r[i].side[0].why,
			     holds ? SC_DECIDE_RULE : SC_DECIDE_DEFAULT);
	}
	sc_split_free(&sp);
	side_free(&s);
}

Test(decide, sys_admin_opens_docker_default)
{
	struct pair p;

	pair_open(&p, NULL, "docker", NULL, "docker,CAP_SYS_ADMIN");
	cr_assert_gt(p.d.n, 10);
	expect_cond(&p.d, SCMP_ARCH_X86_64, "clone", "arg0 & 0x7e020000 != 0");
	expect_cond(&p.d, SCMP_ARCH_X86, "clone", "arg0 & 0x7e020000 != 0");
	expect_cond(&p.d, SCMP_ARCH_X86_64, "mount", NULL);
	expect_cond(&p.d, SCMP_ARCH_X86_64, "setns", NULL);
	for (size_t i = 0; i < p.d.n; i++)
		cr_expect(p.d.v[i].opens, "%s: SYS_ADMIN only opens",
			  p.d.v[i].name);
	cr_expect_null(item_for(&p.d, SCMP_ARCH_X86_64, "read"));
	check_against_programs(&p.a, &p.b, &p.d, docker_vals,
			       ARRAY_SIZE(docker_vals));
	pair_close(&p);
}

Test(decide, a_profile_against_itself_is_the_same)
{
	struct pair p;

	pair_open(&p, NULL, "docker", NULL, "docker");
	cr_expect_eq(p.d.n, 0, "first: %s", p.d.n ? p.d.v[0].name : "");
	pair_close(&p);
}

Test(decide, docker_against_podman_matches_the_programs)
{
	const char *shared = tu_shared_dir();
	char pa[4096], pb[4096];
	struct pair p;

	if (!shared)
		cr_skip_test("../shared is absent: no Docker/Podman profiles");
	snprintf(pa, sizeof(pa), "@%s",
		 tu_path(shared, "profiles/docker-default.json"));
	snprintf(pb, sizeof(pb), "@%s",
		 tu_path(shared, "profiles/podman-default.json"));
	pair_open(&p, pa, "docker", pb, "docker");
	expect_cond(&p.d, SCMP_ARCH_X86_64, "socket", "arg0 == 38");
	expect_cond(&p.d, SCMP_ARCH_X86_64, "personality",
		    "arg0 != 0 && arg0 != 8 && arg0 != 0x20000 && "
		    "arg0 != 0x20008 && arg0 != 0xffffffff");
	check_against_programs(&p.a, &p.b, &p.d, docker_vals,
			       ARRAY_SIZE(docker_vals));
	pair_close(&p);
}

#define PROFILE(rules)                                                    \
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "      \
	"[\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"], "   \
	"\"syscalls\": [{\"names\": [\"read\", \"write\", \"exit_group\"], " \
	"\"action\": \"SCMP_ACT_ALLOW\"}" rules "]}"
/* A rule for kill with the given "args". */
#define KILL_IF(args)                                                      \
	", {\"names\": [\"kill\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": " \
	"[" args "]}"

static const uint64_t small_vals[] = {
	0, 1, 2, 3, 4, 5, 7, 0xff, 0x1010, 0x1110, 0xffffffffu, UINT64_MAX,
	0xffffffff00000000ull, 0x100000001ull,
};

static void check_conditions(const char *ra, const char *rb,
			     const char *name, const char *want64,
			     const char *want32)
{
	struct pair p;

	pair_open(&p, ra, "none", rb, "none");
	if (want64)
		expect_cond(&p.d, SCMP_ARCH_X86_64, name, want64);
	else
		cr_expect_null(item_for(&p.d, SCMP_ARCH_X86_64, name));
	if (want32)
		expect_cond(&p.d, SCMP_ARCH_X86, name, want32);
	else
		cr_expect_null(item_for(&p.d, SCMP_ARCH_X86, name),
			       "x86 %s: a difference", name);
	check_against_programs(&p.a, &p.b, &p.d, small_vals,
			       ARRAY_SIZE(small_vals));
	pair_close(&p);
}

Test(decide, two_arguments_and_becomes_or_of_negations)
{
	check_conditions(
		PROFILE(KILL_IF("{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},"
				" {\"index\": 1, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}")),
		PROFILE(", {\"names\": [\"kill\"], \"action\": \"SCMP_ACT_ALLOW\"}"),
		"kill", "arg0 != 1 || arg1 != 2", "arg0 != 1 || arg1 != 2");
}

Test(decide, masks_that_overlap)
{
	check_conditions(
		PROFILE(KILL_IF("{\"index\": 0, \"value\": 3, \"valueTwo\": 1, "
				"\"op\": \"SCMP_CMP_MASKED_EQ\"}")),
		PROFILE(KILL_IF("{\"index\": 0, \"value\": 1, \"valueTwo\": 1, "
				"\"op\": \"SCMP_CMP_MASKED_EQ\"}")),
		"kill", "arg0 & 0x1 == 1 && arg0 & 0x3 != 1",
		"arg0 & 0x1 == 1 && arg0 & 0x3 != 1");
}

/* 32-bit ABIs compare the low half only: the same rule there. */
Test(decide, high_bits_do_not_matter_on_x86)
{
	const char *low = PROFILE(KILL_IF(
		"{\"index\": 0, \"value\": 4294967295, \"op\": \"SCMP_CMP_EQ\"}"));
	const char *full = PROFILE(KILL_IF(
		"{\"index\": 0, \"value\": 18446744073709551615, "
		"\"op\": \"SCMP_CMP_EQ\"}"));

	/* Two differences on x86_64, one each way. */
	check_conditions(low, full, "kill", "arg0 == 0xffffffffffffffff", NULL);
	check_conditions(low, full, "kill", "arg0 == 0xffffffff", NULL);
}

Test(decide, ranges_and_points)
{
	check_conditions(
		PROFILE(KILL_IF("{\"index\": 2, \"value\": 5, \"op\": \"SCMP_CMP_GT\"}")),
		PROFILE(KILL_IF("{\"index\": 2, \"value\": 3, \"op\": \"SCMP_CMP_GE\"}")),
		"kill", "arg2 >= 3 && arg2 <= 5", "arg2 >= 3 && arg2 <= 5");
}

/* A masked pattern with a range and a point: the solver's three parts. */
Test(decide, masked_with_range_and_point)
{
	check_conditions(
		PROFILE(KILL_IF("{\"index\": 0, \"value\": 255, \"valueTwo\": 16, "
				"\"op\": \"SCMP_CMP_MASKED_EQ\"}, {\"index\": 1, "
				"\"value\": 0, \"op\": \"SCMP_CMP_EQ\"}")
			KILL_IF("{\"index\": 0, \"value\": 4096, "
				"\"op\": \"SCMP_CMP_GT\"}")),
		PROFILE(KILL_IF("{\"index\": 0, \"value\": 4096, "
				"\"op\": \"SCMP_CMP_GT\"}")),
		"kill", "arg0 <= 0x1000 && arg0 & 0xff == 16 && arg1 == 0",
		"arg0 <= 0x1000 && arg0 & 0xff == 16 && arg1 == 0");
}

/*
 * The ENOSYS stub: above the highest number a profile names, ERRNO(ENOSYS)
 * unless a rule says otherwise; a profile naming a newer call moves it.
 */
Test(decide, the_enosys_threshold_moves)
{
	struct pair p;
	const struct sc_diff_item *it;

	pair_open(&p, PROFILE(""), "none",
		  PROFILE(", {\"names\": [\"mseal\"], \"action\": \"SCMP_ACT_ALLOW\"}"),
		  "none");
	it = item_for(&p.d, SCMP_ARCH_X86_64, "mseal");
	cr_assert(it);
	cr_expect_eq(it->a.why, SC_DECIDE_ENOSYS);
	cr_expect_eq(it->a.acts[0], SECCOMP_RET_ERRNO | ENOSYS);
	cr_expect_eq(it->b.acts[0], SECCOMP_RET_ALLOW);
	cr_expect(it->opens);
	/* Between exit_group and mseal: B's default, A's stub still. */
	it = item_for(&p.d, SCMP_ARCH_X86_64, "pidfd_open");
	cr_assert(it);
	cr_expect_eq(it->a.why, SC_DECIDE_ENOSYS);
	cr_expect_eq(it->b.why, SC_DECIDE_DEFAULT);
	cr_expect_eq(it->b.acts[0], SECCOMP_RET_ERRNO | EPERM);
	cr_expect_not(it->opens);
	check_against_programs(&p.a, &p.b, &p.d, small_vals, 1);
	pair_close(&p);
}

/* Past the atom limit no condition is claimed, and the difference stays. */
Test(decide, too_many_atoms_say_depends_on_arguments)
{
	struct sc_buf ra = { 0 }, rb = { 0 };
	const struct sc_diff_item *it;
	struct pair p;

	sc_buf_puts(&ra, PROFILE(""));
	ra.len -= 2; /* "]}" */
	for (unsigned i = 0; i < SC_DECIDE_MAX_ATOMS + 1; i++)
		sc_buf_printf(&ra, ", {\"names\": [\"kill\"], \"action\": "
			      "\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
			      "\"value\": %u, \"op\": \"SCMP_CMP_EQ\"}]}", i * 3);
	sc_buf_put(&rb, ra.p, ra.len);
	sc_buf_puts(&ra, "]}");
	/* B allows one more value. */
	sc_buf_puts(&rb, KILL_IF("{\"index\": 0, \"value\": 1000, "
				 "\"op\": \"SCMP_CMP_EQ\"}") "]}");
	cr_assert(!ra.oom && !rb.oom);
	pair_open(&p, ra.p, "none", rb.p, "none");
	it = item_for(&p.d, SCMP_ARCH_X86_64, "kill");
	cr_assert(it, "the difference is hidden");
	cr_expect_str_eq(it->cond, "depends on arguments");
	/* What each side may give: a rule's ALLOW, the default's EPERM. */
	cr_expect_eq(it->a.n, 2);
	cr_expect(acts_have(&it->a, SECCOMP_RET_ERRNO | EPERM));
	cr_expect(acts_have(&it->a, SECCOMP_RET_ALLOW));
	cr_expect(sc_decision_same(&it->a, &it->b));
	cr_expect(it->opens, "--subset must not pass what it cannot decide");
	/* The split: sample calls, one inside B's extra rule among them. */
	{
		const struct sc_decide *sides[2] = { p.a.d, p.b.d };
		struct sc_error err = { 0 };
		struct sc_split sp;
		bool inside = false;

		cr_assert_eq(sc_decide_split(sides, 2, SCMP_ARCH_X86_64,
					     nr_of("kill", SCMP_ARCH_X86_64),
					     &sp, &err), 0, "%s", err.msg);
		cr_expect_not(sp.exact);
		for (size_t i = 0; i < sp.n; i++)
			inside |= sp.r[i].args[0] == 1000 &&
				  sp.r[i].side[0].acts[0] == (SECCOMP_RET_ERRNO | EPERM) &&
				  sp.r[i].side[1].acts[0] == SECCOMP_RET_ALLOW;
		cr_expect(inside, "no sample inside B's extra rule");
		sc_split_free(&sp);
	}
	pair_close(&p);
	/* And the same rules past the limit are the same. */
	pair_open(&p, ra.p, "none", ra.p, "none");
	cr_expect_eq(p.d.n, 0);
	pair_close(&p);
	sc_buf_free(&ra);
	sc_buf_free(&rb);
}

/* An arch only one side has: the other kills every call there. */
Test(decide, an_arch_one_side_lacks)
{
	const struct sc_diff_item *it;
	struct pair p;

	pair_open(&p, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		      "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		  "none", PROFILE(""), "none");
	it = item_for(&p.d, SCMP_ARCH_X86, "read");
	cr_assert(it);
	cr_expect_eq(it->a.why, SC_DECIDE_ARCH);
	cr_expect_eq(it->a.acts[0], SECCOMP_RET_KILL_THREAD);
	cr_expect_eq(it->b.acts[0], SECCOMP_RET_ALLOW);
	cr_expect(it->opens);
	pair_close(&p);
}

/*
 * The split is a partition: random rules on arguments 0 and 1 with small
 * values and masks, and every call with arguments in 0..79 falls in a
 * region the split found, whose decisions are the call's.  A feasible
 * combination the solver missed would leave calls outside every region.
 */
Test(decide, the_split_covers_every_call)
{
	static const char *const ops[] = {
		"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
		"SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
	};
	static const char *const acts[] = {
		"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS",
	};
	unsigned long calls = 0;

	srandom(16);
	for (int round = 0; round < 60; round++) {
		struct side s[2];
		const struct sc_decide *sides[2];
		struct sc_split sp;
		struct sc_error err = { 0 };
		uint32_t nr = nr_of("kill", SCMP_ARCH_X86_64);

		for (int k = 0; k < 2; k++) {
			struct sc_buf b = { 0 };
			int nrules = 1 + (int)(random() % 4);

			sc_buf_puts(&b, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				    "\"syscalls\": [{\"names\": [\"read\"], "
				    "\"action\": \"SCMP_ACT_ALLOW\"}");
			for (int r = 0; r < nrules; r++) {
				int nargs = 1 + (int)(random() % 2);

				sc_buf_printf(&b, ", {\"names\": [\"kill\"], "
					      "\"action\": \"%s\", \"args\": [",
					      acts[random() % 3]);
				for (int a = 0; a < nargs; a++) {
					const char *op = ops[random() % 7];

					sc_buf_printf(&b, "%s{\"index\": %d, "
						      "\"value\": %ld, "
						      "\"valueTwo\": %ld, "
						      "\"op\": \"%s\"}",
						      a ? ", " : "", a,
						      random() % 64, random() % 64,
						      op);
				}
				sc_buf_puts(&b, "]}");
			}
			sc_buf_puts(&b, "]}");
			cr_assert(!b.oom);
			side_build(b.p, SCMP_ARCH_X86_64, "none", &s[k]);
			sides[k] = s[k].d;
			sc_buf_free(&b);
		}
		cr_assert_eq(sc_decide_split(sides, 2, SCMP_ARCH_X86_64, nr,
					     &sp, &err), 0, "%s", err.msg);
		cr_assert(sp.exact);
		for (uint64_t v0 = 0; v0 < 80; v0++) {
			for (uint64_t v1 = 0; v1 < 80; v1 += 3) {
				uint64_t args[6] = { v0, v1 };
				uint64_t truth = 0;
				const struct sc_region *hit = NULL;

				for (size_t i = 0; i < sp.natoms; i++) {
					const struct sc_atom *a = &sp.atoms[i];
					uint64_t x = args[a->arg];
					bool h = false;

					switch (a->op) {
					case SCMP_CMP_NE: h = x != a->datum; break;
					case SCMP_CMP_LT: h = x < a->datum; break;
					case SCMP_CMP_LE: h = x <= a->datum; break;
					case SCMP_CMP_EQ: h = x == a->datum; break;
					case SCMP_CMP_GE: h = x >= a->datum; break;
					case SCMP_CMP_GT: h = x > a->datum; break;
					case SCMP_CMP_MASKED_EQ:
						h = (x & a->mask) == a->datum;
						break;
					}
					truth |= (uint64_t)h << i;
				}
				for (size_t i = 0; i < sp.n && !hit; i++)
					if (sp.r[i].truth == truth)
						hit = &sp.r[i];
				cr_assert(hit, "round %d: args %lu %lu in no region",
					  round, (unsigned long)v0,
					  (unsigned long)v1);
				for (int k = 0; k < 2; k++) {
					struct sc_decision d;

					sc_decide_call(s[k].d, SCMP_ARCH_X86_64, nr,
						       args, &d);
					cr_assert(sc_decision_same(&d, &hit->side[k]),
						  "round %d side %d args %lu %lu",
						  round, k, (unsigned long)v0,
						  (unsigned long)v1);
				}
				calls++;
			}
		}
		sc_split_free(&sp);
		side_free(&s[0]);
		side_free(&s[1]);
	}
	cr_log_info("%lu calls", calls);
}

/*
 * Overlapping rules with different actions: libseccomp's node order picks
 * one.  The same set on both sides from rules in another order may be
 * picked differently, so it is a difference where both rules hold.
 */
Test(decide, overlapping_rules_in_another_order)
{
	const char *allow = KILL_IF("{\"index\": 0, \"value\": 1, "
				    "\"op\": \"SCMP_CMP_EQ\"}");
	const char *kill = ", {\"names\": [\"kill\"], \"action\": "
			   "\"SCMP_ACT_KILL_PROCESS\", \"args\": [{\"index\": 1, "
			   "\"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}";
	char ra[1024], rb[1024];
	const struct sc_diff_item *it;
	struct pair p;

	snprintf(ra, sizeof(ra), PROFILE("%s%s"), allow, kill);
	snprintf(rb, sizeof(rb), PROFILE("%s%s"), kill, allow);
	pair_open(&p, ra, "none", rb, "none");
	it = item_for(&p.d, SCMP_ARCH_X86_64, "kill");
	cr_assert(it, "the order of overlapping rules is hidden");
	cr_expect_str_eq(it->cond, "arg0 == 1 && arg1 == 2");
	cr_expect_eq(it->a.n, 2);
	cr_expect(sc_decision_same(&it->a, &it->b));
	check_against_programs(&p.a, &p.b, &p.d, small_vals,
			       ARRAY_SIZE(small_vals));
	pair_close(&p);
	/* The same rules in the same order: the same. */
	pair_open(&p, ra, "none", ra, "none");
	cr_expect_eq(p.d.n, 0);
	pair_close(&p);
}

/* One call as `seccap why` asks about it: its rules, what no rule gives. */
Test(decide, one_call_its_rules_and_what_no_rule_gives)
{
	const uint64_t newuser[6] = { 0x10000000 };
	struct sc_decide_rule r[8];
	struct sc_decision d;
	struct side s;
	uint32_t clone, max = 0;
	const char *top = NULL;
	char buf[128];
	size_t n;

	side_build(NULL, SCMP_ARCH_X86_64, "docker", &s);
	clone = nr_of("clone", SCMP_ARCH_X86_64);
	n = sc_decide_rules(s.d, SCMP_ARCH_X86_64, clone, newuser, r, 8);
	cr_assert_eq(n, 1);
	cr_expect_eq(r[0].action, SECCOMP_RET_ALLOW);
	cr_assert_eq(r[0].n, 1);
	cr_expect_eq(r[0].c[0].op, SCMP_CMP_MASKED_EQ);
	cr_expect_eq(r[0].c[0].mask, 0x7e020000);
	cr_expect_not(r[0].c_holds[0]);
	cr_expect_not(r[0].holds);
	cr_expect(r[0].loc.line > 0);
	cr_expect_eq(sc_decide_rules(s.d, SCMP_ARCH_X86_64, clone, NULL, NULL, 0), 1);
	cr_expect_eq(sc_decide_fallback(s.d, SCMP_ARCH_X86_64, clone),
		     SECCOMP_RET_ERRNO | EPERM);
	sc_decide_call(s.d, SCMP_ARCH_X86_64, clone, newuser, &d);
	cr_expect_eq(d.why, SC_DECIDE_DEFAULT);
	/* Without arguments: either, the more severe first. */
	sc_decide_possible(s.d, SCMP_ARCH_X86_64, clone, &d);
	sc_decision_format(&d, buf, sizeof(buf));
	cr_expect_str_eq(buf, "ERRNO(EPERM) or ALLOW");
	sc_decide_possible(s.d, SCMP_ARCH_X86_64, nr_of("getpid", SCMP_ARCH_X86_64), &d);
	cr_expect(d.unconditional);
	sc_decision_format(&d, buf, sizeof(buf));
	cr_expect_str_eq(buf, "ALLOW");
	cr_assert(sc_decide_threshold(s.d, SCMP_ARCH_X86_64, clone, &max, &top));
	cr_expect(top && max > clone, "threshold %u %s", max, top ? top : "");
	cr_expect_eq(sc_decide_abi(AUDIT_ARCH_X86_64, X32_BIT | 39), SCMP_ARCH_X32);
	cr_expect_eq(sc_decide_abi(AUDIT_ARCH_X86_64, UINT32_MAX), SCMP_ARCH_X86_64);
	cr_expect_eq(sc_decide_abi(AUDIT_ARCH_I386, 20), SCMP_ARCH_X86);
	side_free(&s);
}

/* Conditions in one form, whichever applet writes them. */
Test(decide, atoms_are_written_as_intervals_and_points)
{
	const struct sc_atom socket_rules[] = {
		{ 0, SCMP_CMP_LT, 38, 0 },
		{ 0, SCMP_CMP_EQ, 39, 0 },
		{ 0, SCMP_CMP_GT, 40, 0 },
	};
	const struct sc_atom two[] = {
		{ 0, SCMP_CMP_EQ, 8, 0 },
		{ 1, SCMP_CMP_GT, 3, 0 },
		{ 1, SCMP_CMP_MASKED_EQ, 0, 0x7e020000 },
	};
	struct sc_decision d = { .n = 0 };
	char buf[128];

	sc_atoms_format(socket_rules, 3, 0, false, buf, sizeof(buf));
	cr_expect_str_eq(buf, "arg0 >= 38 && arg0 <= 40 && arg0 != 39");
	sc_atoms_format(socket_rules, 1, 1, true, buf, sizeof(buf));
	cr_expect_str_eq(buf, "arg0 <= 37");
	sc_atoms_format(two, 3, 3, false, buf, sizeof(buf));
	cr_expect_str_eq(buf, "arg0 == 8 && arg1 >= 4 && arg1 & 0x7e020000 != 0");
	sc_decision_add(&d, SECCOMP_RET_ALLOW);
	sc_decision_add(&d, SECCOMP_RET_KILL_PROCESS);
	sc_decision_add(&d, SECCOMP_RET_ERRNO | EPERM);
	sc_decision_add(&d, SECCOMP_RET_ALLOW);
	sc_decision_format(&d, buf, sizeof(buf));
	cr_expect_str_eq(buf, "KILL_PROCESS or ERRNO(EPERM) or ALLOW");
}
