/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compile-time self-check (verify.h): what the resolved profile says
 * each syscall gets, worked out from the model alone, against what the
 * program returns in the interpreter.  It never asks conf/compile.c: a
 * mistake there, or in libseccomp under it, must show up as a difference
 * here, not be repeated.
 *
 * What the profile says (runc 1.2 on libseccomp 2.5.4, docker-semantics.md
 * §4-§7, as tests/oracle.c also reads it):
 *  - arches: the native one and every one the profile lists with the
 *    native byte order; any other seccomp_data.arch gets KILL_THREAD; on
 *    x86_64 a number with bit 30 set (not -1) is an x32 call;
 *  - a group whose action equals the default adds no rule, but its names
 *    count for the ENOSYS threshold;
 *  - conditions: AND, unless an argument index repeats (then OR); unsigned;
 *    on 32-bit ABIs on the low 32 bits only; MASKED_EQ compares
 *    (arg & value) with (valueTwo & value) and is always true for mask 0;
 *  - per syscall number the first unconditional rule decides; without one,
 *    a matching conditional rule; without that, ERRNO(ENOSYS) when the
 *    default neither allows nor traces and the number is above the highest
 *    the profile names on that arch (x86_64's -1 only when x32 is there;
 *    s390's 0 always), else the default;
 *  - socket and SysV IPC calls on arches that multiplex them (socketcall,
 *    ipc): a rule on the multiplexer with argument 0 == the call number in
 *    place of the condition on argument 0, and one on the direct syscall
 *    when the kernel has one.
 * When conditional rules with different actions match the same call,
 * libseccomp's node order picks one of them (tests/oracle.c models that
 * order exactly); here each of their actions is accepted, so the check is
 * that the program never returns an action that no rule matching the call
 * (or, with none, the default) gives.
 *
 * This file runs the program on the cases and reports the differences;
 * verify_model.c reads the profile into the model and says what each call
 * should get.
 */
#include "verify.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_interp.h"
#include "names.h"
#include "policy.h"
#include "verify_internal.h"

/* ---- running the program ---------------------------------------------- */

struct vrun {
	const struct vprof *v;
	const struct sock_filter *insns; /* in this machine's byte order */
	size_t len;
	bool big_endian; /* the target machine's order: how it lays out args */
	unsigned max_report;
	const struct sc_diag *d;
	struct sc_verify_stats st;
	int failed; /* an interpreter failure or no memory, negative errno */
	struct vvec {
		uint64_t a[6];
	} *vec; /* the calls tried on one syscall number */
	size_t nvec, capvec;
};

static const char *arch_label(uint32_t token, char *buf, size_t n)
{
	const char *s = sc_arch_scmp_name(token);

	if (s && strncmp(s, "SCMP_ARCH_", 10) == 0)
		return s + 10;
	snprintf(buf, n, "arch 0x%08" PRIx32, token);
	return buf;
}

static void report(struct vrun *run, uint32_t audit, uint32_t nr,
		   const uint64_t *args, const struct vexpect *e, uint32_t got)
{
	const struct sc_profile *p = run->v->p;
	const struct sc_group *g = e->rule ? &p->groups[e->rule->group] : NULL;
	struct sc_loc loc = { 0, 0 };
	uint32_t token = e->arch ? e->arch->token : audit;
	char want[96] = "", one[32], have[32], archbuf[24], argtext[128] = "";
	char *lib = NULL;
	const char *name = "?", *why = "";

	for (unsigned i = 0; i < e->n; i++) {
		bpf_interp_format_ret(e->acts[i], one, sizeof(one));
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "%s%s", i ? " or " : "", one);
	}
	bpf_interp_format_ret(got, have, sizeof(have));
	if (g) {
		name = sc_group_name_at(g, e->rule->name);
		loc = verify_name_loc(g, e->rule->name);
	} else {
		loc = p->default_action_loc;
		lib = seccomp_syscall_resolve_num_arch(token, (int)nr);
		if (lib)
			name = lib;
	}
	switch (e->why) {
	case BY_RULE: why = "the rule for it here"; break;
	case BY_RULES: why = "the overlapping rules for it, the first here"; break;
	case BY_DEFAULT: why = "no rule matches: defaultAction"; break;
	case BY_ENOSYS: why = "no rule matches and the number is above the highest the profile names: ENOSYS"; break;
	case BY_ARCH: why = "an ABI the profile does not name"; break;
	}
	if (args[0] | args[1] | args[2] | args[3] | args[4] | args[5] ||
	    (e->rule && e->rule->n))
		snprintf(argtext, sizeof(argtext),
			 " args %#" PRIx64 " %#" PRIx64 " %#" PRIx64
			 " %#" PRIx64 " %#" PRIx64 " %#" PRIx64,
			 args[0], args[1], args[2], args[3], args[4], args[5]);
	sc_diag_emit(run->d, SC_SEV_ERROR, EPROTO, p->file, loc.line, loc.col,
		     "verify: %s syscall %s (nr %" PRIu32 ")%s: the profile "
		     "says %s (%s), the compiled filter returns %s",
		     e->arch ? arch_label(token, archbuf, sizeof(archbuf))
			     : arch_label(audit, archbuf, sizeof(archbuf)),
		     name, nr, argtext, want, why, have);
	free(lib);
}

static void run_case(struct vrun *run, uint32_t audit, uint32_t nr,
		     const uint64_t *args)
{
	struct seccomp_data d;
	struct vexpect e;
	uint32_t got = 0;
	int r;

	memset(&d, 0, sizeof(d));
	d.nr = (int)nr;
	d.arch = audit;
	for (unsigned i = 0; i < 6; i++)
		d.args[i] = args[i];
	verify_expect(run->v, audit, nr, args, &e);
	run->st.cases++;
	r = bpf_interp_exec(run->insns, run->len, &d, run->big_endian, &got,
			    NULL);
	if (r < 0) {
		run->failed = r;
		got = UINT32_MAX; /* no action: always a difference */
	}
	for (unsigned i = 0; i < e.n; i++)
		if (e.acts[i] == got)
			return;
	if (++run->st.diffs <= run->max_report)
		report(run, audit, nr, args, &e, got);
}

/* ---- the cases --------------------------------------------------------- */

struct vals {
	size_t n;
	uint64_t v[MAX_VALUES];
};

static void val_add(struct vals *vs, uint64_t x)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == x)
			return;
	if (vs->n < MAX_VALUES)
		vs->v[vs->n++] = x;
}

/* The values a condition names and their neighbours. */
static void cond_values(const struct vcond *c, struct vals *vs)
{
	uint64_t d = c->datum, lo = d & 0xffffffffu, hi = d >> 32;

	val_add(vs, d);
	val_add(vs, d - 1);
	val_add(vs, d + 1);
	/* Each 32-bit half on its own and one off, the other kept. */
	val_add(vs, lo);
	val_add(vs, hi << 32);
	val_add(vs, (hi + 1) << 32 | lo);
	val_add(vs, (hi - 1) << 32 | lo);
	val_add(vs, 0xffffffff00000000u | lo);
	if (c->op == SCMP_CMP_MASKED_EQ) {
		uint64_t m = c->mask, low = m & -m, high = m;

		while (high & (high - 1))
			high &= high - 1;
		val_add(vs, m);
		val_add(vs, d | ~m);
		val_add(vs, (d | ~m) & 0xffffffffu);
		val_add(vs, d ^ low);
		val_add(vs, d ^ high);
	}
}

/* A value for c's argument that makes c hold (want) or fail; false: none. */
static bool cond_pick(const struct vcond *c, bool want, bool is32,
		      uint64_t *out)
{
	const uint64_t d = c->datum;
	const uint64_t tries[] = { d, d + 1, d - 1, d ^ (c->mask & -c->mask),
				   ~d, 0 };

	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		if (verify_cond_holds(c, tries[i], is32) == want) {
			*out = tries[i];
			return true;
		}
	}
	return false;
}

static void vec_push(struct vrun *run, const uint64_t *args)
{
	if (run->nvec == run->capvec) {
		size_t cap = run->capvec ? run->capvec * 2 : 256;
		struct vvec *x = realloc(run->vec, cap * sizeof(*x));

		if (!x) {
			run->failed = -ENOMEM;
			return;
		}
		run->vec = x;
		run->capvec = cap;
	}
	memcpy(run->vec[run->nvec++].a, args, sizeof(run->vec[0].a));
}

static int vec_cmp(const void *x, const void *y)
{
	return memcmp(x, y, sizeof(struct vvec));
}

/*
 * Every case for one syscall number of one ABI: the all-zero call, and
 * where conditional rules decide, from it and from a call each rule (of
 * the first MAX_BASES) lets through, every value of every argument any
 * rule looks at, one at a time, and each condition of the rule broken on
 * its own; and every pair of those values on two arguments.  Each
 * distinct call once.
 */
static void check_number(struct vrun *run, uint32_t audit, uint32_t nr)
{
	static const uint64_t zero[6];
	const struct varch *a = verify_section_of(run->v, audit, nr);
	size_t first = a ? verify_first_rule(a, nr) : 0, end = first;
	struct vals vals[6];
	bool used[6] = { false }, uncond = false;

	while (a && end < a->n && a->rules[end].nr == nr)
		uncond |= a->rules[end++].n == 0;
	/* Arguments matter only to conditional rules. */
	if (end == first || uncond) {
		run_case(run, audit, nr, zero);
		return;
	}

	memset(vals, 0, sizeof(vals));
	for (size_t i = first; i < end; i++) {
		for (unsigned k = 0; k < a->rules[i].n; k++) {
			const struct vcond *c = &a->rules[i].c[k];

			if (!used[c->arg]) {
				val_add(&vals[c->arg], 0);
				val_add(&vals[c->arg], UINT64_MAX);
				val_add(&vals[c->arg], 0xffffffffu);
			}
			used[c->arg] = true;
			cond_values(c, &vals[c->arg]);
		}
	}
	run->nvec = 0;
	for (size_t b = first; b <= end && b <= first + MAX_BASES; b++) {
		const struct vrule *r = b < end && b < first + MAX_BASES
						? &a->rules[b] : NULL;
		uint64_t base[6] = { 0 }, x[6];

		for (unsigned k = 0; r && k < r->n; k++)
			if (!cond_pick(&r->c[k], true, a->is32,
				       &base[r->c[k].arg]))
				break;
		vec_push(run, base);
		for (unsigned k = 0; r && k < r->n; k++) {
			memcpy(x, base, sizeof(x));
			if (cond_pick(&r->c[k], false, a->is32,
				      &x[r->c[k].arg]))
				vec_push(run, x);
		}
		for (unsigned i = 0; i < 6; i++) {
			for (size_t k = 0; used[i] && k < vals[i].n; k++) {
				memcpy(x, base, sizeof(x));
				x[i] = vals[i].v[k];
				vec_push(run, x);
			}
		}
	}
	/*
	 * Two arguments at once, from the all-zero call: libseccomp's wrong
	 * merges show where one argument's chain ends inside another's.
	 */
	for (unsigned i = 0; i < 6; i++) {
		for (unsigned j = i + 1; used[i] && j < 6; j++) {
			for (size_t k = 0; used[j] && k < vals[i].n &&
					   k < MAX_PAIRED; k++) {
				for (size_t m = 0; m < vals[j].n &&
						   m < MAX_PAIRED; m++) {
					uint64_t x[6] = { 0 };

					x[i] = vals[i].v[k];
					x[j] = vals[j].v[m];
					vec_push(run, x);
				}
			}
		}
	}
	if (run->nvec > 1)
		qsort(run->vec, run->nvec, sizeof(run->vec[0]), vec_cmp);
	for (size_t i = 0; i < run->nvec; i++)
		if (i == 0 || vec_cmp(&run->vec[i - 1], &run->vec[i]) != 0)
			run_case(run, audit, nr, run->vec[i].a);
}

/*
 * Every number of one arch of the filter up to the highest the profile
 * names there, and past it: the two above (the ENOSYS threshold), the
 * largest of the ABI and -1.  Above the threshold every number takes the
 * same path of the program, so the rest of the 32-bit range adds time, not
 * cases.
 */
/* Every number below this, from the ABI's first, gets a case. */
#define VERIFY_DENSE 1024u

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static void add_near(uint32_t *out, size_t *n, uint32_t v, uint32_t from,
		     uint32_t to)
{
	for (uint32_t d = 0; d < 5; d++) {
		uint32_t x = v - 2 + d;

		if (v + d >= 2 && x >= from && x <= to)
			out[(*n)++] = x;
	}
}

/*
 * Numbers from..to, past the dense range (ARM's private calls sit at
 * 0xf0000): those the profile names and those the program compares with,
 * each with its neighbours.  Between two such numbers a program that only
 * compares the number cannot tell numbers apart, so these stand for all.
 */
static void check_sparse(struct vrun *run, const struct varch *a,
			 uint32_t from, uint32_t to)
{
	size_t cap = (a->n + run->len + 1) * 5, n = 0;
	uint32_t *nrs = malloc(cap * sizeof(*nrs));

	if (!nrs) {
		run->failed = -ENOMEM;
		return;
	}
	for (size_t i = 0; i < a->n; i++)
		add_near(nrs, &n, a->rules[i].nr, from, to);
	for (size_t i = 0; i < run->len; i++) {
		const struct sock_filter *in = &run->insns[i];

		if (BPF_CLASS(in->code) == BPF_JMP && BPF_OP(in->code) != BPF_JA &&
		    BPF_SRC(in->code) == BPF_K)
			add_near(nrs, &n, in->k, from, to);
	}
	add_near(nrs, &n, to, from, to);
	qsort(nrs, n, sizeof(*nrs), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || nrs[i] != nrs[i - 1])
			check_number(run, a->audit, nrs[i]);
	free(nrs);
}

static void check_arch(struct vrun *run, const struct varch *a)
{
	uint32_t base = a->token == SCMP_ARCH_X32 ? X32_BIT : 0;
	uint32_t top = base + 63; /* an arch none of the names is on */
	uint32_t dense_end = base + VERIFY_DENSE - 1;

	if (a->has_max)
		top = a->max_nr;
	if (a->n && a->rules[a->n - 1].nr > top)
		top = a->rules[a->n - 1].nr;
	for (uint32_t nr = base; nr <= top + 2 && nr <= dense_end; nr++)
		check_number(run, a->audit, nr);
	if (top + 2 > dense_end)
		check_sparse(run, a, dense_end + 1, top + 2);
	/* x32 shares x86_64's -1. */
	check_number(run, a->audit, base | 0x3fffffffu);
	if (a->token != SCMP_ARCH_X32)
		check_number(run, a->audit, UINT32_MAX);
}

/* ABIs the filter must refuse: audit values of other arches, x32 on x86_64. */
static void check_foreign(struct vrun *run)
{
	static const uint32_t audits[] = {
		AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64,
		AUDIT_ARCH_ARM, AUDIT_ARCH_PPC64LE, AUDIT_ARCH_PPC64,
		AUDIT_ARCH_S390X, AUDIT_ARCH_RISCV64, AUDIT_ARCH_MIPSEL,
		AUDIT_ARCH_MIPS, 0, UINT32_MAX,
	};

	for (size_t i = 0; i < sizeof(audits) / sizeof(audits[0]); i++) {
		for (uint32_t nr = 0; nr < 3; nr++) {
			if (!verify_section_of(run->v, audits[i], nr))
				check_number(run, audits[i], nr);
			if (audits[i] == AUDIT_ARCH_X86_64 &&
			    !verify_section_of(run->v, audits[i], X32_BIT | nr))
				check_number(run, audits[i], X32_BIT | nr);
		}
	}
}

static bool host_little_endian(void)
{
	const uint16_t one = 1;
	uint8_t first;

	memcpy(&first, &one, 1);
	return first == 1;
}

int sc_verify(const struct sc_profile *resolved,
	      const struct sc_compile_opts *o, const struct sc_bpf *b,
	      unsigned max_report, const struct sc_diag *d,
	      struct sc_verify_stats *st, struct sc_error *err)
{
	struct vprof v = { .p = resolved };
	struct vrun run = { .v = &v, .max_report = max_report, .d = d };
	struct sock_filter *host = NULL;
	size_t bad = 0;
	int r;

	if (!resolved || !o || !b || !b->insns)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: nothing to verify");
	r = verify_profile_read(&v, o, err);
	if (r < 0)
		goto out;
	run.insns = b->insns;
	run.len = b->len;
	run.big_endian = (v.arch[0].token & __AUDIT_ARCH_LE) == 0;
	/* A program for the other byte order: read it in this one. */
	if (run.big_endian == host_little_endian()) {
		host = calloc(b->len ? b->len : 1, sizeof(*host));
		if (!host) {
			r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
			goto out;
		}
		memcpy(host, b->insns, b->len * sizeof(*host));
		bpf_interp_swap(host, b->len);
		run.insns = host;
	}
	if (bpf_interp_check(run.insns, run.len, &bad) < 0) {
		run.st.diffs = 1;
		r = sc_err(err, EPROTO, resolved->file, 0, 0,
			   "verify: the kernel would refuse the compiled filter "
			   "(instruction %zu of %zu)", bad, run.len);
		goto out;
	}
	/*
	 * A program that can hand a call to an agent must be loaded with a
	 * listener (and, with TSYNC, TSYNC_ESRCH), and only then: whether it
	 * notifies the right calls is the cases' business.
	 */
	for (size_t i = 0; i < run.len; i++)
		if (run.insns[i].code == (BPF_RET | BPF_K) &&
		    (run.insns[i].k & SECCOMP_RET_ACTION_FULL) ==
			    SECCOMP_RET_USER_NOTIF) {
			v.flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
			if (v.flags & SECCOMP_FILTER_FLAG_TSYNC)
				v.flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
			break;
		}
	if (b->flags != v.flags) {
		run.st.diffs++;
		sc_diag_emit(d, SC_SEV_ERROR, EPROTO, resolved->file, 0, 0,
			     "verify: the compiled filter's load flags are "
			     "0x%x, the profile says 0x%x", b->flags, v.flags);
	}
	for (size_t i = 0; i < v.narch; i++)
		check_arch(&run, &v.arch[i]);
	check_foreign(&run);
	if (run.st.diffs)
		r = sc_err(err, EPROTO, resolved->file, 0, 0,
			   "verify: the compiled filter does not do what the "
			   "profile says in %lu of %lu cases%s; it must not be "
			   "loaded (a seccap bug: please report it with the "
			   "profile)",
			   run.st.diffs, run.st.cases,
			   run.st.diffs > max_report ? " (the first ones above)"
						     : "");
	else if (run.failed == -ENOMEM)
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
out:
	free(run.vec);
	if (st)
		*st = run.st;
	free(host);
	verify_profile_free(&v);
	return r;
}
