/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The self-check's model (verify.c says what it stands for): the resolved
 * profile read into per-arch rule lists from the profile alone, never from
 * the compiler's tables (verify_profile_read), and what the profile says
 * one call gets (verify_expect).  verify.c owns running the program and
 * choosing the cases.
 */
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

/* ---- reading the profile ---------------------------------------------- */

static int bad_profile(const struct vprof *v, struct sc_error *err,
		       struct sc_loc loc, const char *what, const char *s)
{
	return sc_err(err, EINVAL, v->p->file, loc.line, loc.col,
		      "verify: %s '%s' (the compiler refuses this profile)",
		      what, s ? s : "");
}

/* The SECCOMP_RET_* value of an action with its errno, complain mode applied. */
static int action_of(const char *action, bool has_ret, uint64_t ret,
		     const char *errno_name, bool log_mode, uint32_t *value,
		     enum sc_action *kind)
{
	enum sc_action a = action ? sc_action_parse(action) : SC_ACT_INVALID;
	uint64_t data = EPERM;
	uint32_t base;

	if (has_ret) {
		data = ret;
	} else if (errno_name) {
		int n = sc_errno_parse(errno_name);
		char *end;

		errno = 0;
		data = n >= 0 ? (uint64_t)n : strtoull(errno_name, &end, 10);
		if (n < 0 && (*errno_name < '0' || *errno_name > '9' || *end ||
			      errno))
			return -EINVAL;
	}
	switch (a) {
	case SC_ACT_KILL_THREAD: base = SECCOMP_RET_KILL_THREAD; break;
	case SC_ACT_KILL_PROCESS: base = SECCOMP_RET_KILL_PROCESS; break;
	case SC_ACT_TRAP: base = SECCOMP_RET_TRAP; break;
	case SC_ACT_ERRNO: base = SECCOMP_RET_ERRNO; break;
	case SC_ACT_TRACE: base = SECCOMP_RET_TRACE; break;
	case SC_ACT_LOG: base = SECCOMP_RET_LOG; break;
	case SC_ACT_ALLOW: base = SECCOMP_RET_ALLOW; break;
	case SC_ACT_NOTIFY: base = SECCOMP_RET_USER_NOTIF; break;
	default: return -EINVAL;
	}
	if (a == SC_ACT_ERRNO || a == SC_ACT_TRACE) {
		if (data > SECCOMP_RET_DATA)
			return -ERANGE;
		base |= (uint32_t)data;
	}
	if (log_mode && !sc_action_allows(a)) {
		a = SC_ACT_LOG;
		base = SECCOMP_RET_LOG;
	}
	*value = base;
	*kind = a;
	return 0;
}

static int arches_init(struct vprof *v, uint32_t native, struct sc_error *err)
{
	uint32_t tokens[MAX_ARCHES];
	size_t n = 0;

	tokens[n++] = native;
	for (size_t i = 0; i < v->p->architectures.n; i++) {
		const struct sc_str *s = &v->p->architectures.v[i];
		uint32_t t = s->s ? sc_arch_from_scmp_name(s->s) : 0;
		bool seen = false;

		if (!t)
			return bad_profile(v, err, s->loc, "unknown architecture",
					   s->s);
		/* The compiler leaves the other byte order out (a warning). */
		if ((t & __AUDIT_ARCH_LE) != (native & __AUDIT_ARCH_LE))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= tokens[k] == t;
		if (!seen && n < MAX_ARCHES)
			tokens[n++] = t;
	}
	for (size_t i = 0; i < n; i++) {
		struct varch *a = &v->arch[v->narch++];

		a->token = tokens[i];
		a->audit = tokens[i] == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64
						      : tokens[i];
		a->is32 = tokens[i] == SCMP_ARCH_X32 ||
			  tokens[i] == SCMP_ARCH_MIPS64N32 ||
			  tokens[i] == SCMP_ARCH_MIPSEL64N32 ||
			  !(tokens[i] & __AUDIT_ARCH_64BIT);
	}
	return 0;
}

static int flags_init(struct vprof *v, bool tsync, struct sc_error *err)
{
	/* Only the plain table of names and bits is shared (conf/policy.c). */
	const struct sc_seccomp_flag *known = sc_seccomp_flags;

	/* runc 1.2: no "flags" key means SPEC_ALLOW, an empty list none. */
	v->flags = v->p->has_flags ? 0 : SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	for (size_t i = 0; i < v->p->flags.n; i++) {
		const struct sc_str *s = &v->p->flags.v[i];
		size_t k = 0;

		while (k < SC_SECCOMP_NFLAGS &&
		       (!s->s || strcmp(s->s, known[k].name) != 0))
			k++;
		if (k == SC_SECCOMP_NFLAGS)
			return bad_profile(v, err, s->loc, "unknown flag", s->s);
		v->flags |= known[k].flag;
	}
	if (tsync)
		v->flags |= SECCOMP_FILTER_FLAG_TSYNC;
	return 0;
}

/* Where a name's rules go on one arch. */
struct vnum {
	enum { VN_NONE, VN_DIRECT, VN_MUX } kind;
	uint32_t nr;     /* VN_DIRECT */
	uint32_t mux;    /* VN_MUX: socketcall's or ipc's number */
	uint32_t call;   /* VN_MUX: argument 0 that selects this call */
	bool has_direct; /* VN_MUX: the kernel also has the call itself */
	uint32_t direct;
};

static struct vnum number_of(const char *name, uint32_t token)
{
	struct vnum r = { .kind = VN_NONE };
	int l = seccomp_syscall_resolve_name_arch(token, name);
	int n;

	if (l >= 0) {
		r.kind = VN_DIRECT;
		r.nr = (uint32_t)l;
		return r;
	}
	/* libseccomp's pseudo numbers: -1xx socketcall's calls, -2xx ipc's. */
	if (l <= -100 && l > -10000) {
		int m = seccomp_syscall_resolve_name_arch(
			token, l > -200 ? "socketcall" : "ipc");

		if (m < 0)
			return r; /* no multiplexer here: no rule at all */
		r.kind = VN_MUX;
		r.mux = (uint32_t)m;
		r.call = (uint32_t)(l > -200 ? -l - 100 : -l - 200);
		if (sc_syscall_table_nr(name, token, &n) == 0 && n >= 0) {
			r.has_direct = true;
			r.direct = (uint32_t)n;
		}
		return r;
	}
	/* Unknown to libseccomp or not on this arch by its tables. */
	if (sc_syscall_resolve(name, token, &n) == 0 && n >= 0) {
		r.kind = VN_DIRECT;
		r.nr = (uint32_t)n;
	}
	return r;
}

static int add_rule(struct vprof *v, struct varch *a, uint32_t nr,
		    uint32_t action, const struct vcond *c, unsigned n,
		    size_t group, size_t name, struct sc_error *err)
{
	uint64_t width = a->is32 ? 0xffffffffu : UINT64_MAX;
	struct vrule *r;

	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		struct vrule *x = realloc(a->rules, cap * sizeof(*x));

		if (!x)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
		a->rules = x;
		a->cap = cap;
	}
	r = &a->rules[a->n++];
	memset(r, 0, sizeof(*r));
	r->nr = nr;
	r->action = action;
	r->seq = v->seq++;
	r->group = group;
	r->name = name;
	for (unsigned i = 0; i < n; i++) {
		struct vcond x = c[i];

		x.datum &= width;
		x.mask &= width;
		if (x.op == SCMP_CMP_MASKED_EQ) {
			x.datum &= x.mask;
			if (!x.mask)
				continue; /* always true */
		}
		r->c[r->n++] = x;
	}
	return 0;
}

/* One name of a group on one arch: its rule(s), AND or OR (split). */
static int add_name(struct vprof *v, struct varch *a, const struct vnum *num,
		    uint32_t action, const struct vcond *c, unsigned n,
		    bool split, size_t group, size_t name,
		    struct sc_error *err)
{
	unsigned parts = split ? n : 1;
	int r = 0;

	for (unsigned i = 0; i < parts && r == 0; i++) {
		const struct vcond *own = split ? &c[i] : c;
		unsigned nown = split ? 1 : n;
		struct vcond mc[7];
		unsigned m = 0;

		if (num->kind == VN_DIRECT) {
			r = add_rule(v, a, num->nr, action, own, nown, group,
				     name, err);
			continue;
		}
		/* The multiplexer: argument 0 is the call number. */
		mc[m++] = (struct vcond){ 0, SCMP_CMP_EQ, num->call, 0 };
		for (unsigned k = 0; k < nown; k++)
			if (own[k].arg != 0)
				mc[m++] = own[k];
		r = add_rule(v, a, num->mux, action, mc, m, group, name, err);
		if (r == 0 && num->has_direct)
			r = add_rule(v, a, num->direct, action, own, nown,
				     group, name, err);
	}
	return r;
}

static int rule_cmp(const void *x, const void *y)
{
	const struct vrule *a = x, *b = y;

	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/* Order by what a rule says, so that rules saying the same meet. */
static int rule_same_cmp(const void *x, const void *y)
{
	const struct vrule *a = x, *b = y;
	int c;

	if (a->nr != b->nr)
		return a->nr < b->nr ? -1 : 1;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (a->action != b->action)
		return a->action < b->action ? -1 : 1;
	c = memcmp(a->c, b->c, a->n * sizeof(a->c[0]));
	if (c)
		return c;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/*
 * A rule with the conditions and action of an earlier one for the same
 * number adds nothing to what may be returned; a profile that names a
 * syscall in many groups would otherwise cost time per call tried.  Then
 * profile order again.
 */
static void rules_dedup(struct varch *a)
{
	size_t k = 0;

	if (!a->n) /* an arch with no rule: no array to sort */
		return;
	qsort(a->rules, a->n, sizeof(a->rules[0]), rule_same_cmp);
	for (size_t i = 0; i < a->n; i++) {
		const struct vrule *prev = k ? &a->rules[k - 1] : NULL;

		if (prev && prev->nr == a->rules[i].nr &&
		    prev->n == a->rules[i].n &&
		    prev->action == a->rules[i].action &&
		    memcmp(prev->c, a->rules[i].c,
			   prev->n * sizeof(prev->c[0])) == 0)
			continue;
		a->rules[k++] = a->rules[i];
	}
	a->n = k;
	qsort(a->rules, a->n, sizeof(a->rules[0]), rule_cmp);
}

static int group_conds(const struct vprof *v, const struct sc_group *g,
		       struct vcond *c, bool *split, struct sc_error *err)
{
	bool seen[6] = { false };

	*split = false;
	for (size_t i = 0; i < g->nargs; i++) {
		const struct sc_arg *x = &g->args[i];
		int op = x->op ? sc_op_parse(x->op) : 0;

		if (x->index > 5 || op <= 0)
			return bad_profile(v, err, x->loc, "argument operator",
					   x->op);
		/* MASKED_EQ: value is the mask, valueTwo the result. */
		c[i].arg = (unsigned)x->index;
		c[i].op = op;
		c[i].datum = op == SCMP_CMP_MASKED_EQ ? x->value_two : x->value;
		c[i].mask = op == SCMP_CMP_MASKED_EQ ? x->value : 0;
		*split |= seen[x->index];
		seen[x->index] = true;
	}
	return 0;
}

struct sc_loc verify_name_loc(const struct sc_group *g, size_t i)
{
	if (g->names.n && g->names.v[i].loc.line)
		return g->names.v[i].loc;
	return g->name_loc.line ? g->name_loc : g->loc;
}

int verify_profile_read(struct vprof *v, const struct sc_compile_opts *o,
			struct sc_error *err)
{
	const struct sc_profile *p = v->p;
	uint32_t native = o->arch ? o->arch : sc_arch_native();
	enum sc_action dk, gk;
	struct vcond *c = NULL;
	uint32_t act;
	int r;

	if (action_of(p->default_action, p->has_default_errno_ret, p->default_errno_ret,
		      p->default_errno_name, o->log_mode, &v->def, &dk) < 0)
		return bad_profile(v, err, p->default_action_loc,
				   "defaultAction", p->default_action);
	v->enosys = !o->no_enosys && !sc_action_allows(dk) &&
		    dk != SC_ACT_TRACE;
	r = arches_init(v, native, err);
	if (r == 0)
		r = flags_init(v, o->tsync, err);
	for (size_t gi = 0; r == 0 && gi < p->ngroups; gi++) {
		const struct sc_group *g = &p->groups[gi];
		bool split;

		if (action_of(g->action, g->has_errno_ret,
			      g->errno_ret, g->errno_name, o->log_mode, &act,
			      &gk) < 0) {
			r = bad_profile(v, err, g->action_loc, "action",
					g->action);
			break;
		}
		free(c);
		c = calloc(g->nargs + 1, sizeof(*c));
		if (!c) {
			r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
			break;
		}
		r = group_conds(v, g, c, &split, err);
		for (size_t k = 0; r == 0 && k < sc_group_name_count(g); k++) {
			const char *name = sc_group_name_at(g, k);

			/* Unknown names: skipped, or the compiler refused. */
			if (!name || !sc_syscall_known(name))
				continue;
			for (size_t ai = 0; r == 0 && ai < v->narch; ai++) {
				struct varch *a = &v->arch[ai];
				struct vnum num = number_of(name, a->token);

				if (num.kind == VN_DIRECT &&
				    (!a->has_max || num.nr > a->max_nr)) {
					a->max_nr = num.nr;
					a->has_max = true;
				}
				if (num.kind == VN_NONE || act == v->def)
					continue;
				r = add_name(v, a, &num, act, c,
					     (unsigned)g->nargs, split, gi, k,
					     err);
			}
		}
	}
	free(c);
	for (size_t ai = 0; r == 0 && ai < v->narch; ai++)
		rules_dedup(&v->arch[ai]);
	return r;
}

void verify_profile_free(struct vprof *v)
{
	for (size_t ai = 0; ai < v->narch; ai++)
		free(v->arch[ai].rules);
}

/* ---- what the profile says for one call -------------------------------- */


static const struct varch *arch_find(const struct vprof *v, uint32_t token)
{
	for (size_t i = 0; i < v->narch; i++)
		if (v->arch[i].token == token)
			return &v->arch[i];
	return NULL;
}

/* The arch whose rules apply to (audit, nr), or NULL: not in the filter. */
const struct varch *verify_section_of(const struct vprof *v, uint32_t audit,
				      uint32_t nr)
{
	if (audit == AUDIT_ARCH_X86_64 && (nr & X32_BIT) && nr != UINT32_MAX)
		return arch_find(v, SCMP_ARCH_X32);
	for (size_t i = 0; i < v->narch; i++)
		if (v->arch[i].audit == audit &&
		    v->arch[i].token != SCMP_ARCH_X32)
			return &v->arch[i];
	return NULL;
}

/* Index of the first rule for nr (or where it would be). */
size_t verify_first_rule(const struct varch *a, uint32_t nr)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->rules[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool verify_cond_holds(const struct vcond *c, uint64_t v, bool is32)
{
	if (is32)
		v &= 0xffffffffu;
	switch (c->op) {
	case SCMP_CMP_NE: return v != c->datum;
	case SCMP_CMP_LT: return v < c->datum;
	case SCMP_CMP_LE: return v <= c->datum;
	case SCMP_CMP_EQ: return v == c->datum;
	case SCMP_CMP_GE: return v >= c->datum;
	case SCMP_CMP_GT: return v > c->datum;
	case SCMP_CMP_MASKED_EQ: return (v & c->mask) == c->datum;
	default: return false;
	}
}

static bool rule_holds(const struct vrule *r, const uint64_t *args, bool is32)
{
	for (unsigned i = 0; i < r->n; i++)
		if (!verify_cond_holds(&r->c[i], args[r->c[i].arg], is32))
			return false;
	return true;
}

static void expect_one(struct vexpect *e, uint32_t action)
{
	for (unsigned i = 0; i < e->n; i++)
		if (e->acts[i] == action)
			return;
	if (e->n < MAX_MATCH)
		e->acts[e->n++] = action;
}

void verify_expect(const struct vprof *v, uint32_t audit, uint32_t nr,
		   const uint64_t *args, struct vexpect *e)
{
	const struct varch *a = verify_section_of(v, audit, nr);
	size_t first;

	memset(e, 0, sizeof(*e));
	e->arch = a;
	if (!a) {
		e->why = BY_ARCH;
		expect_one(e, SECCOMP_RET_KILL_THREAD);
		return;
	}
	first = verify_first_rule(a, nr);
	for (size_t i = first; i < a->n && a->rules[i].nr == nr; i++) {
		if (a->rules[i].n == 0) {
			e->why = BY_RULE;
			e->rule = &a->rules[i];
			expect_one(e, a->rules[i].action);
			return;
		}
	}
	for (size_t i = first; i < a->n && a->rules[i].nr == nr; i++) {
		if (!rule_holds(&a->rules[i], args, a->is32))
			continue;
		if (!e->rule)
			e->rule = &a->rules[i];
		expect_one(e, a->rules[i].action);
	}
	if (e->rule) {
		e->why = e->n > 1 ? BY_RULES : BY_RULE;
		return;
	}
	verify_expect_unmatched(v, a, nr, e);
}

void verify_expect_unmatched(const struct vprof *v, const struct varch *a,
			     uint32_t nr, struct vexpect *e)
{
	const struct varch *x32;
	bool enosys;

	enosys = v->enosys && a->has_max &&
		 (nr > a->max_nr || (nr == 0 && (a->token == SCMP_ARCH_S390 ||
						 a->token == SCMP_ARCH_S390X)));
	/* x86_64's -1 (a tracer skipping the call): runc asks x32's limit. */
	if (a->token == SCMP_ARCH_X86_64 && nr == UINT32_MAX) {
		x32 = arch_find(v, SCMP_ARCH_X32);
		enosys = v->enosys && x32 && x32->has_max;
	}
	e->why = enosys ? BY_ENOSYS : BY_DEFAULT;
	expect_one(e, enosys ? (SECCOMP_RET_ERRNO | ENOSYS) : v->def);
}
