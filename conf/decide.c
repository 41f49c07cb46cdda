/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a resolved profile decides, per arch, syscall number and argument
 * region, and how two profiles differ (decide.h).  The decisions are the
 * self-check's model's (verify_model.c); this file owns splitting the
 * argument space exactly, walking every number of every arch, and putting
 * a difference into words.
 */
#include "decide.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "verify_internal.h"

struct sc_decide {
	struct vprof v;
};

int sc_decide_open(const struct sc_profile *resolved,
		   const struct sc_compile_opts *o, struct sc_decide **ret,
		   struct sc_error *err)
{
	struct sc_decide *d;
	int r;

	*ret = NULL;
	if (!resolved || !o)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: nothing to decide on");
	d = calloc(1, sizeof(*d));
	if (!d)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	d->v.p = resolved;
	r = verify_profile_read(&d->v, o, err);
	if (r < 0) {
		sc_decide_free(d);
		return r;
	}
	*ret = d;
	return 0;
}

void sc_decide_free(struct sc_decide *d)
{
	if (!d)
		return;
	verify_profile_free(&d->v);
	free(d);
}

size_t sc_decide_narches(const struct sc_decide *d)
{
	return d->v.narch;
}

uint32_t sc_decide_arch(const struct sc_decide *d, size_t i)
{
	return i < d->v.narch ? d->v.arch[i].token : 0;
}

/*
 * p (an array of *cap elements of size bytes, n in use) with room for one
 * more, doubled from first; NULL when out of memory (p is still valid).
 */
static void *grow(void *p, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t c = *cap ? *cap * 2 : first;
	void *x;

	if (n < *cap)
		return p;
	x = realloc(p, c * size);
	if (x)
		*cap = c;
	return x;
}

/* ---- one call ------------------------------------------------------------ */

/* seccomp_data.arch and .nr of a call on the ABI token. */
static uint32_t audit_of(uint32_t token, uint32_t *nr)
{
	if (token == SCMP_ARCH_X32) {
		*nr |= X32_BIT;
		return AUDIT_ARCH_X86_64;
	}
	return token;
}

static int u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* The kernel's precedence: KILL_PROCESS first (its value is negative). */
static int act_cmp(const void *x, const void *y)
{
	int32_t a = (int32_t)*(const uint32_t *)x, b = (int32_t)*(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static void decision_of(const struct vprof *v, const struct vexpect *e,
			struct sc_decision *out)
{
	memset(out, 0, sizeof(*out));
	out->n = e->n < SC_DECIDE_MAX_ACTS ? e->n : SC_DECIDE_MAX_ACTS;
	memcpy(out->acts, e->acts, out->n * sizeof(out->acts[0]));
	qsort(out->acts, out->n, sizeof(out->acts[0]), act_cmp);
	switch (e->why) {
	case BY_RULE:
	case BY_RULES:
		out->why = SC_DECIDE_RULE;
		out->group = e->rule->group;
		out->loc = verify_name_loc(&v->p->groups[out->group],
					   e->rule->name);
		out->unconditional = e->rule->n == 0;
		return;
	case BY_DEFAULT: out->why = SC_DECIDE_DEFAULT; break;
	case BY_ENOSYS: out->why = SC_DECIDE_ENOSYS; break;
	case BY_ARCH: out->why = SC_DECIDE_ARCH; break;
	}
	out->loc = v->p->default_action_loc;
}

void sc_decide_call(const struct sc_decide *d, uint32_t arch, uint32_t nr,
		    const uint64_t args[6], struct sc_decision *out)
{
	uint32_t audit = audit_of(arch, &nr);
	struct vexpect e;

	verify_expect(&d->v, audit, nr, args, &e);
	decision_of(&d->v, &e, out);
}

/* The rules of v for nr on its section, and whether arguments matter. */
static bool rules_of(const struct vprof *v, uint32_t audit, uint32_t nr,
		     const struct varch **a, size_t *first, size_t *end)
{
	bool uncond = false;

	*a = verify_section_of(v, audit, nr);
	*first = *end = *a ? verify_first_rule(*a, nr) : 0;
	while (*a && *end < (*a)->n && (*a)->rules[*end].nr == nr)
		uncond |= (*a)->rules[(*end)++].n == 0;
	return *end > *first && !uncond;
}

/* What a call on a (not NULL) that no rule matches gets. */
static uint32_t unmatched(const struct vprof *v, const struct varch *a,
			  uint32_t nr)
{
	struct vexpect e;

	memset(&e, 0, sizeof(e));
	verify_expect_unmatched(v, a, nr, &e);
	return e.acts[0];
}

/* Every action v may give nr, whatever the arguments. */
static void possible(const struct vprof *v, uint32_t audit, uint32_t nr,
		     struct sc_decision *out)
{
	static const uint64_t zero[6];
	const struct varch *a;
	size_t first, end;
	bool uncond = false;
	struct vexpect e;

	memset(&e, 0, sizeof(e));
	rules_of(v, audit, nr, &a, &first, &end);
	for (size_t i = first; i < end; i++)
		uncond |= a->rules[i].n == 0;
	/* Arguments do not matter: no rule, or one for every call alone. */
	if (end == first || (uncond && end - first == 1)) {
		verify_expect(v, audit, nr, zero, &e);
		decision_of(v, &e, out);
		return;
	}
	e.rule = &a->rules[first];
	e.why = BY_RULES;
	decision_of(v, &e, out);
	/* Each rule's action; no rule matching only without one for all. */
	for (size_t i = first; i < end; i++)
		sc_decision_add(out, a->rules[i].action);
	if (!uncond)
		sc_decision_add(out, unmatched(v, a, nr));
}

void sc_decide_possible(const struct sc_decide *d, uint32_t arch, uint32_t nr,
			struct sc_decision *out)
{
	uint32_t audit = audit_of(arch, &nr);

	possible(&d->v, audit, nr, out);
}

uint32_t sc_decide_fallback(const struct sc_decide *d, uint32_t arch,
			    uint32_t nr)
{
	static const uint64_t zero[6];
	uint32_t audit = audit_of(arch, &nr);
	const struct varch *a = verify_section_of(&d->v, audit, nr);
	struct vexpect e;

	if (a)
		return unmatched(&d->v, a, nr);
	verify_expect(&d->v, audit, nr, zero, &e);
	return e.acts[0];
}

bool sc_decide_threshold(const struct sc_decide *d, uint32_t arch,
			 uint32_t nr, uint32_t *max, const char **name)
{
	uint32_t audit = audit_of(arch, &nr);
	const struct varch *a = verify_section_of(&d->v, audit, nr);

	if (!a || !a->has_max)
		return false;
	*max = a->max_nr;
	*name = sc_syscall_name(a->token, (int)a->max_nr);
	return true;
}

uint32_t sc_decide_abi(uint32_t audit, uint32_t nr)
{
	if (audit == AUDIT_ARCH_X86_64 && (nr & X32_BIT) && nr != UINT32_MAX)
		return SCMP_ARCH_X32;
	return audit;
}

size_t sc_decide_rules(const struct sc_decide *d, uint32_t arch, uint32_t nr,
		       const uint64_t args[6], struct sc_decide_rule *out,
		       size_t max)
{
	static const uint64_t zero[6];
	uint32_t audit = audit_of(arch, &nr);
	const struct varch *a;
	size_t first, end;

	if (!args)
		args = zero;
	rules_of(&d->v, audit, nr, &a, &first, &end);
	for (size_t i = first; i < end && i - first < max; i++) {
		const struct vrule *vr = &a->rules[i];
		struct sc_decide_rule *r = &out[i - first];

		memset(r, 0, sizeof(*r));
		r->action = vr->action;
		r->group = vr->group;
		r->loc = verify_name_loc(&d->v.p->groups[vr->group], vr->name);
		r->n = vr->n;
		r->is32 = a->is32;
		r->holds = true;
		for (unsigned c = 0; c < vr->n; c++) {
			r->c[c] = (struct sc_atom){ vr->c[c].arg, vr->c[c].op,
						    vr->c[c].datum,
						    vr->c[c].mask };
			r->c_holds[c] = verify_cond_holds(
				&vr->c[c], args[vr->c[c].arg], a->is32);
			r->holds &= r->c_holds[c];
		}
	}
	return end - first;
}

void sc_decision_add(struct sc_decision *d, uint32_t act)
{
	unsigned i = 0;

	while (i < d->n && act_cmp(&d->acts[i], &act) < 0)
		i++;
	if ((i < d->n && d->acts[i] == act) || d->n >= SC_DECIDE_MAX_ACTS)
		return;
	memmove(&d->acts[i + 1], &d->acts[i], (d->n - i) * sizeof(d->acts[0]));
	d->acts[i] = act;
	d->n++;
}

bool sc_decision_same(const struct sc_decision *a, const struct sc_decision *b)
{
	return a->n == b->n &&
	       memcmp(a->acts, b->acts, a->n * sizeof(a->acts[0])) == 0;
}

static bool ret_runs(uint32_t v)
{
	uint32_t a = v & SECCOMP_RET_ACTION_FULL;

	return sc_action_allows(a == SECCOMP_RET_ALLOW ? SC_ACT_ALLOW
				: a == SECCOMP_RET_LOG ? SC_ACT_LOG
						       : SC_ACT_INVALID);
}

bool sc_decision_may_run(const struct sc_decision *d)
{
	for (unsigned i = 0; i < d->n; i++)
		if (ret_runs(d->acts[i]))
			return true;
	return false;
}

bool sc_decision_must_run(const struct sc_decision *d)
{
	for (unsigned i = 0; i < d->n; i++)
		if (!ret_runs(d->acts[i]))
			return false;
	return d->n > 0;
}

void sc_ret_format(uint32_t v, char *buf, size_t n)
{
	uint32_t data = v & SECCOMP_RET_DATA;
	const char *e;

	switch (v & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: snprintf(buf, n, "KILL_PROCESS"); return;
	case SECCOMP_RET_KILL_THREAD: snprintf(buf, n, "KILL_THREAD"); return;
	case SECCOMP_RET_TRAP: snprintf(buf, n, "TRAP"); return;
	case SECCOMP_RET_USER_NOTIF: snprintf(buf, n, "NOTIFY"); return;
	case SECCOMP_RET_LOG: snprintf(buf, n, "LOG"); return;
	case SECCOMP_RET_ALLOW: snprintf(buf, n, "ALLOW"); return;
	case SECCOMP_RET_TRACE:
		snprintf(buf, n, "TRACE(%" PRIu32 ")", data);
		return;
	case SECCOMP_RET_ERRNO:
		e = data ? sc_errno_name((int)data) : NULL;
		if (e)
			snprintf(buf, n, "ERRNO(%s)", e);
		else
			snprintf(buf, n, "ERRNO(%" PRIu32 ")", data);
		return;
	}
	snprintf(buf, n, "0x%08" PRIx32, v);
}

void sc_decision_format(const struct sc_decision *d, char *buf, size_t n)
{
	size_t len = 0;

	if (n)
		buf[0] = '\0';
	for (unsigned i = 0; i < d->n && len + 1 < n; i++) {
		char one[40];

		sc_ret_format(d->acts[i], one, sizeof(one));
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					i ? " or " : "", one);
	}
}

const char *sc_decide_file(const struct sc_profile *p)
{
	return p->file ? p->file : "<profile>";
}

void sc_decision_source(const struct sc_decision *d,
			const struct sc_profile *p, char *buf, size_t n)
{
	switch (d->why) {
	case SC_DECIDE_RULE:
		snprintf(buf, n, "%s:%u", sc_decide_file(p), d->loc.line);
		return;
	case SC_DECIDE_DEFAULT: snprintf(buf, n, "default action"); return;
	case SC_DECIDE_ENOSYS:
		snprintf(buf, n, "ENOSYS stub (newer than the profile)");
		return;
	case SC_DECIDE_ARCH:
		snprintf(buf, n, "arch not in the profile");
		return;
	}
}

/* Same action and source: one line of a difference. */
static bool decision_same_source(const struct sc_decision *a,
				 const struct sc_decision *b)
{
	return sc_decision_same(a, b) && a->why == b->why &&
	       (a->why != SC_DECIDE_RULE ||
		(a->group == b->group && a->loc.line == b->loc.line));
}

void sc_value_format(uint64_t v, bool hex, char *buf, size_t n)
{
	if (hex || v >= 4096)
		snprintf(buf, n, "0x%" PRIx64, v);
	else
		snprintf(buf, n, "%" PRIu64, v);
}

void sc_atom_format(const struct sc_atom *a, bool holds, char *buf, size_t n)
{
	static const struct {
		int op;
		const char *yes, *no;
	} ops[] = {
		{ SCMP_CMP_NE, "!=", "==" }, { SCMP_CMP_LT, "<", ">=" },
		{ SCMP_CMP_LE, "<=", ">" },  { SCMP_CMP_EQ, "==", "!=" },
		{ SCMP_CMP_GE, ">=", "<" },  { SCMP_CMP_GT, ">", "<=" },
		{ SCMP_CMP_MASKED_EQ, "==", "!=" },
	};
	const char *sym = "?";
	char d[24], m[24];

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].op == a->op)
			sym = holds ? ops[i].yes : ops[i].no;
	sc_value_format(a->datum, false, d, sizeof(d));
	if (a->op == SCMP_CMP_MASKED_EQ) {
		sc_value_format(a->mask, true, m, sizeof(m));
		snprintf(buf, n, "arg%u & %s %s %s", a->arg, m, sym, d);
	} else {
		snprintf(buf, n, "arg%u %s %s", a->arg, sym, d);
	}
}

/* ---- the argument split ---------------------------------------------------- */

/*
 * What the literals on one argument ask: an interval, points it must
 * miss, bits fixed, and masked patterns it must not show.
 */
#define MAX_LITS SC_DECIDE_MAX_ATOMS
struct lits {
	uint64_t lo, hi;
	uint64_t fixed, value; /* bits of fixed must be those of value */
	size_t nout;
	uint64_t out[MAX_LITS];
	size_t nneq;
	uint64_t neq_mask[MAX_LITS], neq_val[MAX_LITS];
	bool unsat;
	unsigned long steps; /* the search's budget */
};

static void lits_init(struct lits *l, bool is32)
{
	memset(l, 0, sizeof(*l));
	l->hi = is32 ? 0xffffffffu : UINT64_MAX;
	l->steps = 100000;
}

static void lit_add(struct lits *l, const struct sc_atom *a, bool holds)
{
	uint64_t d = a->datum;
	int op = a->op;

	/* The negation of each is another of them. */
	if (!holds) {
		switch (op) {
		case SCMP_CMP_EQ: op = SCMP_CMP_NE; break;
		case SCMP_CMP_NE: op = SCMP_CMP_EQ; break;
		case SCMP_CMP_LT: op = SCMP_CMP_GE; break;
		case SCMP_CMP_GE: op = SCMP_CMP_LT; break;
		case SCMP_CMP_LE: op = SCMP_CMP_GT; break;
		case SCMP_CMP_GT: op = SCMP_CMP_LE; break;
		default: break;
		}
	}
	switch (op) {
	case SCMP_CMP_EQ:
		if (d < l->lo || d > l->hi)
			l->unsat = true;
		else
			l->lo = l->hi = d;
		return;
	case SCMP_CMP_NE:
		if (l->nout < MAX_LITS)
			l->out[l->nout++] = d;
		return;
	case SCMP_CMP_LT:
		if (d == 0)
			l->unsat = true;
		else if (d - 1 < l->hi)
			l->hi = d - 1;
		return;
	case SCMP_CMP_LE:
		if (d < l->hi)
			l->hi = d;
		return;
	case SCMP_CMP_GT:
		if (d == UINT64_MAX)
			l->unsat = true;
		else if (d + 1 > l->lo)
			l->lo = d + 1;
		return;
	case SCMP_CMP_GE:
		if (d > l->lo)
			l->lo = d;
		return;
	case SCMP_CMP_MASKED_EQ:
		if (holds) {
			if ((l->fixed & a->mask & (l->value ^ d)) != 0)
				l->unsat = true;
			l->fixed |= a->mask;
			l->value = (l->value & ~a->mask) | d;
		} else if (l->nneq < MAX_LITS) {
			l->neq_mask[l->nneq] = a->mask;
			l->neq_val[l->nneq++] = d;
		}
		return;
	default:
		l->unsat = true; /* verify_cond_holds: never true */
		return;
	}
}

/* The least v >= x whose bits under fixed are value's; false: none. */
static bool next_fixed(uint64_t x, uint64_t fixed, uint64_t value,
		       uint64_t *out)
{
	if ((x & fixed) == value) {
		*out = x;
		return true;
	}
	/*
	 * A larger v agrees with x above its first differing bit i, where v
	 * has 1 and x 0; the smallest has the lowest such i and the least
	 * bits below it.
	 */
	for (unsigned i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		uint64_t above = i == 63 ? 0 : ~((bit << 1) - 1);
		uint64_t below = bit - 1;

		if ((x & bit) || ((fixed & bit) && !(value & bit)))
			continue;
		if (((x & fixed) ^ value) & above)
			continue;
		*out = (x & above) | bit | (value & below);
		return true;
	}
	return false;
}

static bool excluded(const struct lits *l, uint64_t v)
{
	for (size_t i = 0; i < l->nout; i++)
		if (l->out[i] == v)
			return true;
	return false;
}

/* A value meeting the literals from neq pattern k on; 1 yes, 0 no, -1 gave up. */
static int solve(struct lits *l, size_t k, uint64_t fixed, uint64_t value,
		 uint64_t *out)
{
	uint64_t m, d, v, from;

	if (l->steps-- == 0)
		return -1;
	if (k == l->nneq) {
		from = l->lo;
		for (size_t i = 0; i <= l->nout; i++) {
			if (!next_fixed(from, fixed, value, &v) || v > l->hi)
				return 0;
			if (!excluded(l, v)) {
				*out = v;
				return 1;
			}
			if (v == UINT64_MAX)
				return 0;
			from = v + 1;
		}
		return 0;
	}
	m = l->neq_mask[k];
	d = l->neq_val[k];
	if ((fixed & m & (value ^ d)) != 0) /* already differs */
		return solve(l, k + 1, fixed, value, out);
	/* Some bit of m that is still free differs from d's: try each. */
	for (unsigned i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		int r;

		if (!(m & bit) || (fixed & bit))
			continue;
		r = solve(l, k + 1, fixed | bit, (value & ~bit) | (~d & bit),
			  out);
		if (r != 0)
			return r;
	}
	return 0;
}

static int lits_solve(struct lits *l, uint64_t *out)
{
	if (l->unsat || l->lo > l->hi)
		return 0;
	return solve(l, 0, l->fixed, l->value, out);
}

/* A region of one argument: which of its atoms hold, and a value. */
struct areg {
	uint64_t truth;
	uint64_t value;
};

struct splitter {
	struct sc_split *s;
	bool is32;
	const struct sc_decide *const *sides;
	unsigned nsides;
	uint32_t audit, nr;
};

static int region_push(struct sc_split *s, const struct sc_region *r)
{
	struct sc_region *x = grow(s->r, &s->cap, s->n, sizeof(*x), 16);

	if (!x)
		return -ENOMEM;
	s->r = x;
	s->r[s->n++] = *r;
	return 0;
}

static bool atom_holds(const struct sc_atom *a, uint64_t v, bool is32)
{
	const struct vcond c = { a->arg, a->op, a->datum, a->mask };

	return verify_cond_holds(&c, v, is32);
}

/* The region of args: truth of every atom, and each side's decision. */
static int region_add(struct splitter *sp, const uint64_t *args)
{
	struct sc_region r;

	memset(&r, 0, sizeof(r));
	memcpy(r.args, args, sizeof(r.args));
	for (size_t i = 0; i < sp->s->natoms && i < 64; i++)
		if (atom_holds(&sp->s->atoms[i], args[sp->s->atoms[i].arg],
			       sp->is32))
			r.truth |= (uint64_t)1 << i;
	for (unsigned k = 0; k < sp->nsides; k++) {
		struct vexpect e;

		verify_expect(&sp->sides[k]->v, sp->audit, sp->nr, args, &e);
		decision_of(&sp->sides[k]->v, &e, &r.side[k]);
	}
	return region_push(sp->s, &r);
}

static int atom_cmp(const void *x, const void *y)
{
	const struct sc_atom *a = x, *b = y;

	if (a->arg != b->arg)
		return a->arg < b->arg ? -1 : 1;
	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	if (a->mask != b->mask)
		return a->mask < b->mask ? -1 : 1;
	return a->datum < b->datum ? -1 : a->datum > b->datum;
}

/* Collect the atoms; false: more than SC_DECIDE_MAX_ATOMS. */
static bool atoms_collect(struct splitter *sp)
{
	struct sc_split *s = sp->s;

	for (unsigned k = 0; k < sp->nsides; k++) {
		const struct varch *a;
		size_t first, end;

		if (!rules_of(&sp->sides[k]->v, sp->audit, sp->nr, &a, &first,
			      &end))
			continue;
		sp->is32 = a->is32;
		for (size_t i = first; i < end; i++) {
			for (unsigned c = 0; c < a->rules[i].n; c++) {
				const struct vcond *vc = &a->rules[i].c[c];
				struct sc_atom at = { vc->arg, vc->op,
						      vc->datum, vc->mask };
				size_t j = 0;

				while (j < s->natoms &&
				       atom_cmp(&s->atoms[j], &at) != 0)
					j++;
				if (j < s->natoms)
					continue;
				if (s->natoms == SC_DECIDE_MAX_ATOMS)
					return false;
				s->atoms[s->natoms++] = at;
			}
		}
	}
	qsort(s->atoms, s->natoms, sizeof(s->atoms[0]), atom_cmp);
	return true;
}

/* The feasible regions of one argument's atoms, each with a value. */
static int arg_regions(struct splitter *sp, unsigned arg, struct areg **ret,
		       size_t *n)
{
	const struct sc_split *s = sp->s;
	struct areg *cur = malloc(sizeof(*cur)), *next = NULL;
	size_t ncur = 1;

	if (!cur)
		return -ENOMEM;
	cur[0] = (struct areg){ 0, 0 };
	for (size_t i = 0; i < s->natoms; i++) {
		size_t nn = 0;

		if (s->atoms[i].arg != arg)
			continue;
		next = malloc(2 * ncur * sizeof(*next));
		if (!next) {
			free(cur);
			return -ENOMEM;
		}
		for (size_t k = 0; k < ncur; k++) {
			for (int holds = 1; holds >= 0; holds--) {
				uint64_t truth = cur[k].truth |
						 ((uint64_t)holds << i);
				struct lits l;
				uint64_t v;
				int r;

				lits_init(&l, sp->is32);
				for (size_t j = 0; j <= i; j++)
					if (s->atoms[j].arg == arg)
						lit_add(&l, &s->atoms[j],
							(truth >> j) & 1);
				r = lits_solve(&l, &v);
				if (r < 0) {
					free(cur);
					free(next);
					return -E2BIG;
				}
				if (r)
					next[nn++] = (struct areg){ truth, v };
			}
		}
		free(cur);
		cur = next;
		ncur = nn;
		if (ncur > SC_DECIDE_MAX_REGIONS) {
			free(cur);
			return -E2BIG;
		}
	}
	*ret = cur;
	*n = ncur;
	return 0;
}

static int split_exact(struct splitter *sp)
{
	struct areg *regs[6] = { NULL };
	size_t nregs[6], idx[6] = { 0 }, total = 1;
	int r = 0;

	for (unsigned a = 0; a < 6 && r == 0; a++) {
		r = arg_regions(sp, a, &regs[a], &nregs[a]);
		if (r == 0 && (total *= nregs[a]) > SC_DECIDE_MAX_REGIONS)
			r = -E2BIG;
	}
	/* Every combination of one region per argument. */
	while (r == 0) {
		uint64_t args[6];
		unsigned a;

		for (a = 0; a < 6; a++)
			args[a] = regs[a][idx[a]].value;
		r = region_add(sp, args);
		for (a = 0; a < 6; a++) {
			if (++idx[a] < nregs[a])
				break;
			idx[a] = 0;
		}
		if (a == 6)
			break;
	}
	for (unsigned a = 0; a < 6; a++)
		free(regs[a]);
	return r;
}

/* Past the limits: calls at each atom's edge and inside each rule. */
static int split_samples(struct splitter *sp)
{
	const struct sc_split *s = sp->s;
	uint64_t zero[6] = { 0 };
	int r = region_add(sp, zero);

	for (size_t i = 0; r == 0 && i < s->natoms; i++) {
		for (int holds = 1; r == 0 && holds >= 0; holds--) {
			uint64_t args[6] = { 0 };
			struct lits l;

			lits_init(&l, sp->is32);
			lit_add(&l, &s->atoms[i], holds);
			if (lits_solve(&l, &args[s->atoms[i].arg]) == 1)
				r = region_add(sp, args);
		}
	}
	for (unsigned k = 0; r == 0 && k < sp->nsides; k++) {
		const struct varch *a;
		size_t first, end;

		if (!rules_of(&sp->sides[k]->v, sp->audit, sp->nr, &a, &first,
			      &end))
			continue;
		for (size_t i = first; r == 0 && i < end; i++) {
			struct lits l[6];
			uint64_t args[6] = { 0 };
			bool ok = true;

			for (unsigned g = 0; g < 6; g++)
				lits_init(&l[g], a->is32);
			for (unsigned c = 0; c < a->rules[i].n; c++) {
				const struct vcond *vc = &a->rules[i].c[c];
				struct sc_atom at = { vc->arg, vc->op,
						      vc->datum, vc->mask };

				lit_add(&l[vc->arg], &at, true);
			}
			for (unsigned g = 0; g < 6 && ok; g++)
				ok = lits_solve(&l[g], &args[g]) == 1;
			if (ok)
				r = region_add(sp, args);
		}
	}
	return r;
}

int sc_decide_split(const struct sc_decide *const *sides, unsigned nsides,
		    uint32_t arch, uint32_t nr, struct sc_split *out,
		    struct sc_error *err)
{
	struct splitter sp = { .s = out, .sides = sides, .nsides = nsides };
	int r;

	memset(out, 0, sizeof(*out));
	if (nsides < 1 || nsides > 2)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: split for %u profiles", nsides);
	sp.nr = nr;
	sp.audit = audit_of(arch, &sp.nr);
	out->exact = atoms_collect(&sp);
	out->is32 = sp.is32;
	r = out->exact ? split_exact(&sp) : -E2BIG;
	if (r == -E2BIG) {
		out->exact = false;
		out->n = 0;
		r = split_samples(&sp);
	}
	if (r < 0) {
		sc_split_free(out);
		return sc_err(err, -r, NULL, 0, 0, "out of memory");
	}
	return 0;
}

void sc_split_free(struct sc_split *s)
{
	free(s->r);
	s->r = NULL;
	s->n = s->cap = 0;
}

/* ---- a difference in words ---------------------------------------------- */

struct cube {
	uint64_t care, val;
	bool care_valid; /* still part of the answer */
};

static bool cube_covers(const struct cube *c, uint64_t truth)
{
	return ((truth ^ c->val) & c->care) == 0;
}

/* Whether every region c covers is one of want (in[i]). */
static bool cube_inside(const struct cube *c, const struct sc_split *s,
			const bool *in)
{
	for (size_t i = 0; i < s->n; i++)
		if (!in[i] && cube_covers(c, s->r[i].truth))
			return false;
	return true;
}

struct text {
	char *p;
	size_t len, cap;
	bool oom;
};

static void text_put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->oom)
		return;
	while (t->len + n + 1 > t->cap) {
		char *x = grow(t->p, &t->cap, t->cap, 1, 64);

		if (!x) {
			t->oom = true;
			return;
		}
		t->p = x;
	}
	memcpy(t->p + t->len, s, n + 1);
	t->len += n;
}

static void lit_put(struct text *t, const char *s)
{
	if (t->len)
		text_put(t, " && ");
	text_put(t, s);
}

/*
 * A cube of atoms in words, argument by argument: its comparisons of one argument
 * as the interval and the points it misses ("arg0 == 38" rather than four
 * comparisons that leave only 38), then the masked ones as they are.
 */
static void conj_put(const struct sc_atom *atoms, size_t natoms,
		     const struct cube *c, bool is32, struct text *t)
{
	const uint64_t width = is32 ? 0xffffffffu : UINT64_MAX;
	char one[96];

	for (unsigned arg = 0; arg < 6; arg++) {
		struct lits l;
		uint64_t lo, hi;
		bool any = false;

		lits_init(&l, is32);
		for (size_t a = 0; a < natoms; a++) {
			if (atoms[a].arg != arg || !((c->care >> a) & 1) ||
			    atoms[a].op == SCMP_CMP_MASKED_EQ)
				continue;
			lit_add(&l, &atoms[a], (c->val >> a) & 1);
			any = true;
		}
		/* Excluded points at the ends that leave one value: == it. */
		lo = l.lo;
		hi = l.hi;
		while (any && lo < hi && excluded(&l, lo))
			lo++;
		while (any && lo < hi && excluded(&l, hi))
			hi--;
		if (any && lo == hi) {
			snprintf(one, sizeof(one), "arg%u == ", arg);
			sc_value_format(lo, false, one + strlen(one),
				     sizeof(one) - strlen(one));
			lit_put(t, one);
		} else if (any) {
			if (l.lo > 0) {
				snprintf(one, sizeof(one), "arg%u >= ", arg);
				sc_value_format(l.lo, false, one + strlen(one),
					     sizeof(one) - strlen(one));
				lit_put(t, one);
			}
			if (l.hi < width) {
				snprintf(one, sizeof(one), "arg%u <= ", arg);
				sc_value_format(l.hi, false, one + strlen(one),
					     sizeof(one) - strlen(one));
				lit_put(t, one);
			}
			for (size_t i = 0; i < l.nout; i++) {
				bool dup = false;

				for (size_t j = 0; j < i; j++)
					dup |= l.out[j] == l.out[i];
				if (dup || l.out[i] < l.lo || l.out[i] > l.hi)
					continue;
				snprintf(one, sizeof(one), "arg%u != ", arg);
				sc_value_format(l.out[i], false, one + strlen(one),
					     sizeof(one) - strlen(one));
				lit_put(t, one);
			}
		}
		for (size_t a = 0; a < natoms; a++) {
			if (atoms[a].arg != arg || !((c->care >> a) & 1) ||
			    atoms[a].op != SCMP_CMP_MASKED_EQ)
				continue;
			sc_atom_format(&atoms[a], (c->val >> a) & 1, one,
				       sizeof(one));
			lit_put(t, one);
		}
	}
}

void sc_atoms_format(const struct sc_atom *atoms, size_t n, uint64_t holds,
		     bool is32, char *buf, size_t len)
{
	struct cube c = { n >= 64 ? UINT64_MAX : ((uint64_t)1 << n) - 1, holds,
			  true };
	struct text t = { 0 };

	conj_put(atoms, n < 64 ? n : 64, &c, is32, &t);
	snprintf(buf, len, "%s", t.oom ? "(out of memory)" : t.p ? t.p : "");
	free(t.p);
}

/*
 * The regions in[] as a condition in *ret: each grown, atom by atom, into
 * a cube that covers no region outside in[] (the atoms that do not matter
 * dropped), cubes inside others left out.  *ret NULL: in[] is every
 * region, no condition.  0 or -ENOMEM.
 */
static int cond_text(const struct sc_split *s, const bool *in, char **ret)
{
	struct cube *cubes = calloc(s->n ? s->n : 1, sizeof(*cubes));
	uint64_t all = s->natoms >= 64 ? UINT64_MAX
				       : ((uint64_t)1 << s->natoms) - 1;
	struct text t = { 0 };
	size_t nc = 0, shown = 0, kept = 0;

	*ret = NULL;
	if (!cubes)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++) {
		struct cube c = { all, s->r[i].truth, true };
		bool covered = false;

		if (!in[i])
			continue;
		for (size_t k = 0; k < nc && !covered; k++)
			covered = cube_covers(&cubes[k], s->r[i].truth);
		if (covered)
			continue;
		for (size_t a = 0; a < s->natoms; a++) {
			struct cube wider = { c.care & ~((uint64_t)1 << a),
					      c.val, true };

			if (cube_inside(&wider, s, in))
				c = wider;
		}
		c.val &= c.care;
		cubes[nc++] = c;
	}
	/* Every region: no condition. */
	if (nc == 1 && cubes[0].care == 0) {
		free(cubes);
		return 0;
	}
	/* Leave out a cube inside a wider one, or equal to an earlier one. */
	for (size_t k = 0; k < nc; k++) {
		for (size_t j = 0; j < nc; j++) {
			if (j == k || !cubes[j].care_valid ||
			    (cubes[j].care & ~cubes[k].care) ||
			    ((cubes[j].val ^ cubes[k].val) & cubes[j].care))
				continue;
			if (cubes[j].care != cubes[k].care || j < k) {
				cubes[k].care_valid = false;
				break;
			}
		}
		kept += cubes[k].care_valid;
	}
	for (size_t k = 0; k < nc; k++) {
		struct text one = { 0 };
		bool paren;

		if (!cubes[k].care_valid)
			continue;
		conj_put(s->atoms, s->natoms, &cubes[k], s->is32, &one);
		t.oom |= one.oom;
		paren = kept > 1 && one.p && strstr(one.p, " && ");
		if (shown++)
			text_put(&t, " || ");
		if (paren)
			text_put(&t, "(");
		text_put(&t, one.p ? one.p : "");
		if (paren)
			text_put(&t, ")");
		free(one.p);
	}
	free(cubes);
	if (t.oom) {
		free(t.p);
		return -ENOMEM;
	}
	*ret = t.p;
	return 0;
}

/* ---- the difference of two profiles ------------------------------------- */

static int item_push(struct sc_diff *d, struct sc_diff_item *it)
{
	struct sc_diff_item *last = d->n ? &d->v[d->n - 1] : NULL, *x;

	/* Numbers no table names, side by side, alike: one range. */
	if (last && !it->name[0] && !last->name[0] && !it->cond &&
	    !last->cond && last->arch == it->arch &&
	    last->nr_hi + 1 == it->nr_lo &&
	    decision_same_source(&last->a, &it->a) &&
	    decision_same_source(&last->b, &it->b)) {
		last->nr_hi = it->nr_hi;
		return 0;
	}
	x = grow(d->v, &d->cap, d->n, sizeof(*x), 64);
	if (!x)
		return -ENOMEM;
	d->v = x;
	d->v[d->n++] = *it;
	it->cond = NULL; /* owned by the list now */
	return 0;
}

void sc_diff_free(struct sc_diff *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].cond);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

static void number_name(uint32_t token, uint32_t nr, char *buf, size_t n)
{
	const char *s = sc_syscall_name(token, (int)nr);
	char *lib = NULL;

	if (!s) {
		lib = seccomp_syscall_resolve_num_arch(token, (int)nr);
		s = lib;
	}
	snprintf(buf, n, "%s", s ? s : "");
	free(lib);
}

/* Whether a and b say the same for every call to nr (not which line). */
static bool same_rules(const struct vprof *va, const struct vprof *vb,
		       uint32_t audit, uint32_t nr)
{
	const struct varch *a, *b;
	size_t fa, ea, fb, eb;

	rules_of(va, audit, nr, &a, &fa, &ea);
	rules_of(vb, audit, nr, &b, &fb, &eb);
	if (!a || !b || ea - fa != eb - fb)
		return false;
	for (size_t i = 0; i < ea - fa; i++) {
		const struct vrule *x = &a->rules[fa + i], *y = &b->rules[fb + i];

		if (x->n != y->n || x->action != y->action ||
		    memcmp(x->c, y->c, x->n * sizeof(x->c[0])) != 0)
			return false;
	}
	return unmatched(va, a, nr) == unmatched(vb, b, nr);
}

struct differ {
	const struct sc_decide *side[2];
	struct sc_diff *out;
	uint32_t token;
};

/*
 * Whether a region behaves differently.  Where overlapping rules leave the
 * choice among several actions to libseccomp's node order, the same set
 * on both sides is the same behaviour only when the rules for the number
 * are the same: otherwise the two programs may choose differently.
 */
static bool region_differs(const struct sc_region *r, bool rules_alike)
{
	if (!sc_decision_same(&r->side[0], &r->side[1]))
		return true;
	return !rules_alike && (r->side[0].n > 1 || r->side[1].n > 1);
}

static int diff_groups(struct differ *df, const struct sc_split *s,
		       bool rules_alike, const struct sc_diff_item *proto)
{
	bool *in = calloc(s->n, sizeof(*in)), *done = calloc(s->n, sizeof(*done));
	int r = in && done ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < s->n; i++) {
		const struct sc_region *ri = &s->r[i];
		struct sc_diff_item it = *proto;

		if (done[i] || !region_differs(ri, rules_alike))
			continue;
		for (size_t j = i; j < s->n; j++) {
			in[j] = !done[j] &&
				decision_same_source(&s->r[j].side[0],
						     &ri->side[0]) &&
				decision_same_source(&s->r[j].side[1],
						     &ri->side[1]);
			done[j] |= in[j];
		}
		it.a = ri->side[0];
		it.b = ri->side[1];
		it.opens = sc_decision_may_run(&it.b) &&
			   !sc_decision_must_run(&it.a);
		r = cond_text(s, in, &it.cond);
		if (r == 0)
			r = item_push(df->out, &it);
		free(it.cond);
		memset(in, 0, s->n * sizeof(*in));
	}
	free(in);
	free(done);
	return r;
}

/* Numbers lo..hi of the arch, which all behave as lo does. */
static int diff_numbers(struct differ *df, uint32_t lo, uint32_t hi,
			struct sc_error *err)
{
	struct sc_split s;
	struct sc_diff_item it;
	uint32_t nr = lo, audit = audit_of(df->token, &nr);
	bool same;
	int r;

	r = sc_decide_split(df->side, 2, df->token, lo, &s, err);
	if (r < 0)
		return r;
	same = same_rules(&df->side[0]->v, &df->side[1]->v, audit, nr);
	memset(&it, 0, sizeof(it));
	it.arch = df->token;
	it.nr_lo = lo;
	it.nr_hi = hi;
	if (lo == hi)
		number_name(df->token, lo, it.name, sizeof(it.name));
	if (s.exact) {
		r = diff_groups(df, &s, same, &it);
	} else if (!same) {
		/*
		 * Past the limits no region is claimed: where the rules differ,
		 * every action each side may give, and the difference said to
		 * depend on arguments; --subset fails when B may let run what
		 * A may refuse anywhere.
		 */
		possible(&df->side[0]->v, audit, nr, &it.a);
		possible(&df->side[1]->v, audit, nr, &it.b);
		it.opens = sc_decision_may_run(&it.b) &&
			   !sc_decision_must_run(&it.a);
		it.cond = strdup("depends on arguments");
		r = it.cond ? item_push(df->out, &it) : -ENOMEM;
		free(it.cond);
	}
	sc_split_free(&s);
	if (r < 0)
		return sc_err(err, -r, NULL, 0, 0, "out of memory");
	return 0;
}

struct nrs {
	size_t n, cap;
	uint32_t *v;
	bool oom;
};

static void nrs_add(struct nrs *l, uint32_t nr)
{
	uint32_t *x = grow(l->v, &l->cap, l->n, sizeof(*x), 1024);

	if (!x) {
		l->oom = true;
		return;
	}
	l->v = x;
	l->v[l->n++] = nr;
}

static const struct varch *arch_of(const struct sc_decide *d, uint32_t token)
{
	for (size_t i = 0; i < d->v.narch; i++)
		if (d->v.arch[i].token == token)
			return &d->v.arch[i];
	return NULL;
}

/*
 * The numbers where behaviour may change on the arch: every number the
 * tables name, the rules' numbers, each side's ENOSYS threshold and the
 * one above it, the ABI's first; sorted, each once.
 */
static int breakpoints(const struct differ *df, struct nrs *l)
{
	uint32_t base = df->token == SCMP_ARCH_X32 ? X32_BIT : 0;
	const char *name;
	size_t k = 0;
	int nr;

	nrs_add(l, base);
	for (size_t i = 0; (name = sc_syscall_nth(i)) != NULL; i++) {
		if (sc_syscall_resolve(name, df->token, &nr) == 0 && nr >= 0)
			nrs_add(l, (uint32_t)nr);
		if (sc_syscall_table_nr(name, df->token, &nr) == 0 && nr >= 0)
			nrs_add(l, (uint32_t)nr);
	}
	for (unsigned s = 0; s < 2; s++) {
		const struct varch *a = arch_of(df->side[s], df->token);

		for (size_t i = 0; a && i < a->n; i++)
			nrs_add(l, a->rules[i].nr);
		if (a && a->has_max) {
			nrs_add(l, a->max_nr);
			nrs_add(l, a->max_nr + 1);
		}
	}
	if (l->oom)
		return -ENOMEM;
	qsort(l->v, l->n, sizeof(l->v[0]), u32_cmp);
	for (size_t i = 0; i < l->n; i++)
		if (i == 0 || l->v[i] != l->v[k - 1])
			l->v[k++] = l->v[i];
	l->n = k;
	return 0;
}

static int diff_arch(struct differ *df, struct sc_error *err)
{
	/* The last number of the ABI: x86_64's bit 30 numbers are x32's. */
	uint32_t top = df->token == SCMP_ARCH_X86_64 ? X32_BIT - 1
		       : df->token == SCMP_ARCH_X32  ? X32_BIT | 0x3fffffffu
						     : UINT32_MAX;
	struct nrs l = { 0 };
	int r = breakpoints(df, &l);

	if (r < 0) {
		free(l.v);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; r == 0 && i < l.n && l.v[i] <= top; i++) {
		uint32_t p = l.v[i];
		bool last = i + 1 >= l.n || l.v[i + 1] > top;
		uint32_t gap_end = last ? top : l.v[i + 1] - 1;

		r = diff_numbers(df, p, p, err);
		/* The numbers up to the next one behave as the first of them. */
		if (r == 0 && p < gap_end)
			r = diff_numbers(df, p + 1, gap_end, err);
	}
	/* A tracer's -1 on x86_64, which runc judges by x32's threshold. */
	if (r == 0 && df->token == SCMP_ARCH_X86_64)
		r = diff_numbers(df, UINT32_MAX, UINT32_MAX, err);
	free(l.v);
	return r;
}

int sc_decide_diff(const struct sc_decide *a, const struct sc_decide *b,
		   struct sc_diff *out, struct sc_error *err)
{
	struct differ df = { { a, b }, out, 0 };
	uint32_t tokens[2 * MAX_ARCHES] = { 0 };
	size_t n = 0;
	int r = 0;

	memset(out, 0, sizeof(*out));
	for (unsigned s = 0; s < 2; s++) {
		for (size_t i = 0; i < df.side[s]->v.narch; i++) {
			uint32_t t = df.side[s]->v.arch[i].token;
			size_t k = 0;

			while (k < n && tokens[k] != t)
				k++;
			if (k == n)
				tokens[n++] = t;
		}
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		df.token = tokens[i];
		r = diff_arch(&df, err);
	}
	if (r < 0)
		sc_diff_free(out);
	return r;
}
