/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Owns the recording model of `seccap record` and the profile made from it
 * (see record.h): which arguments are worth keeping, the table of calls
 * seen, the base restricted to them, the merge with an earlier recording
 * and the report of calls the base denies.
 */
#include "record.h"

#include <errno.h>
#include <stdarg.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "policy.h"

/* AUDIT_ARCH_* flag of the 64-bit ABIs (linux/audit.h's __AUDIT_ARCH_64BIT). */
#define ARCH_64BIT 0x80000000u
#define X32_BIT 0x40000000

/* One (arch, number): whether it was seen and the tested arguments' values. */
struct entry {
	uint32_t arch;
	int32_t nr;
	bool used, seen;
	uint8_t mask;           /* bit i: some rule tests argument i */
	size_t n, cap;
	uint64_t (*tuples)[6];  /* distinct values, untested arguments 0 */
};

struct sc_recording {
	size_t cap, used;       /* open addressing, cap a power of two */
	struct entry *tab;
	size_t count;
};

/* ---- the table ---- */

static size_t slot_of(uint32_t arch, int32_t nr, size_t cap)
{
	uint64_t h = ((uint64_t)arch << 32 | (uint32_t)nr) * 0x9e3779b97f4a7c15u;

	return (size_t)(h >> 32) & (cap - 1);
}

static struct entry *find(const struct sc_recording *r, uint32_t arch,
			  int32_t nr)
{
	for (size_t i = slot_of(arch, nr, r->cap);; i = (i + 1) & (r->cap - 1)) {
		struct entry *e = &r->tab[i];

		if (!e->used)
			return NULL;
		if (e->arch == arch && e->nr == nr)
			return e;
	}
}

static int grow_table(struct sc_recording *r)
{
	size_t cap = r->cap ? r->cap * 2 : 256;
	struct entry *tab = calloc(cap, sizeof(*tab));

	if (!tab)
		return -ENOMEM;
	for (size_t i = 0; i < r->cap; i++) {
		const struct entry *e = &r->tab[i];
		size_t k;

		if (!e->used)
			continue;
		for (k = slot_of(e->arch, e->nr, cap); tab[k].used;
		     k = (k + 1) & (cap - 1))
			;
		tab[k] = *e;
	}
	free(r->tab);
	r->tab = tab;
	r->cap = cap;
	return 0;
}

static struct entry *get(struct sc_recording *r, uint32_t arch, int32_t nr)
{
	struct entry *e = r->cap ? find(r, arch, nr) : NULL;
	size_t i;

	if (e)
		return e;
	/* At most half full, so a probe always ends. */
	if ((r->used + 1) * 2 > r->cap && grow_table(r) < 0)
		return NULL;
	for (i = slot_of(arch, nr, r->cap); r->tab[i].used;
	     i = (i + 1) & (r->cap - 1))
		;
	e = &r->tab[i];
	e->used = true;
	e->arch = arch;
	e->nr = nr;
	r->used++;
	return e;
}

/* The kernel reports x32 calls as x86_64 with the x32 bit in the number. */
static uint32_t abi_of(uint32_t arch, int nr)
{
	if (arch == SCMP_ARCH_X86_64 && (nr & X32_BIT))
		return SCMP_ARCH_X32;
	return arch;
}

/*
 * The number the kernel gives name on arch.  libseccomp answers 1 for the
 * calls it multiplexes on x86 (socket, ...), which have direct numbers too.
 */
static bool kernel_nr(const char *name, uint32_t arch, int *nr)
{
	int r = sc_syscall_resolve(name, arch, nr);

	if (r == 0 && *nr >= 0)
		return true;
	return sc_syscall_table_nr(name, arch, nr) == 0 && *nr >= 0;
}

static bool is32(uint32_t arch)
{
	return !(arch & ARCH_64BIT);
}

/* ---- building an empty recording ---- */

/* The arches a filter built from base on this machine covers. */
static size_t base_arches(const struct sc_profile *base, uint32_t native,
			  uint32_t *out, size_t max)
{
	size_t n = 0;

	out[n++] = native;
	for (size_t i = 0; i < base->architectures.n && n < max; i++)
		out[n++] = sc_arch_from_scmp_name(base->architectures.v[i].s);
	for (size_t i = 0; i < base->narchmap; i++) {
		const struct sc_archmap *m = &base->archmap[i];

		if (!m->arch.s || sc_arch_from_scmp_name(m->arch.s) != native)
			continue;
		for (size_t k = 0; k < m->subs.n && n < max; k++)
			out[n++] = sc_arch_from_scmp_name(m->subs.v[k].s);
	}
	return n;
}

int sc_recording_new(const struct sc_profile *base, uint32_t native,
		     struct sc_recording **ret, struct sc_error *err)
{
	struct sc_recording *r = calloc(1, sizeof(*r));
	uint32_t arches[32];
	size_t narch;

	if (!r || grow_table(r) < 0)
		goto oom;
	if (!base) {
		*ret = r;
		return 0;
	}
	narch = base_arches(base, native, arches, 32);
	for (size_t i = 0; i < base->ngroups; i++) {
		const struct sc_group *g = &base->groups[i];
		uint8_t mask = 0;

		for (size_t k = 0; k < g->nargs; k++)
			if (g->args[k].index < 6)
				mask |= (uint8_t)(1u << g->args[k].index);
		if (!mask)
			continue;
		for (size_t k = 0; k < sc_group_name_count(g); k++) {
			for (size_t a = 0; a < narch; a++) {
				struct entry *e;
				int nr;

				if (!arches[a] ||
				    !kernel_nr(sc_group_name_at(g, k),
					       arches[a], &nr))
					continue;
				e = get(r, arches[a], nr);
				if (!e)
					goto oom;
				e->mask |= mask;
			}
		}
	}
	*ret = r;
	return 0;
oom:
	sc_recording_free(r);
	return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
}

void sc_recording_free(struct sc_recording *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->cap; i++)
		free(r->tab[i].tuples);
	free(r->tab);
	free(r);
}

/* ---- recording ---- */

int sc_recording_add(struct sc_recording *r, uint32_t arch, int nr,
		     const uint64_t args[6])
{
	uint64_t t[6] = { 0 };
	struct entry *e;

	arch = abi_of(arch, nr);
	e = get(r, arch, nr);
	if (!e)
		return -ENOMEM;
	if (!e->seen) {
		e->seen = true;
		r->count++;
	}
	if (!e->mask)
		return 0;
	for (unsigned i = 0; i < 6; i++)
		if (e->mask & (1u << i))
			t[i] = is32(arch) ? args[i] & 0xffffffffu : args[i];
	for (size_t i = 0; i < e->n; i++)
		if (memcmp(e->tuples[i], t, sizeof(t)) == 0)
			return 0;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 4;
		uint64_t (*v)[6] = realloc(e->tuples, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		e->tuples = v;
		e->cap = cap;
	}
	memcpy(e->tuples[e->n++], t, sizeof(t));
	r->count++;
	return 0;
}

size_t sc_recording_count(const struct sc_recording *r)
{
	return r->count;
}

/* ---- matching seen calls against a group ---- */

/* One condition as libseccomp compiles it for an ABI of that width. */
static bool arg_holds(const struct sc_arg *a, uint64_t v, bool narrow)
{
	uint64_t w = narrow ? 0xffffffffu : UINT64_MAX;
	uint64_t x = a->value & w;

	v &= w;
	switch (sc_op_parse(a->op ? a->op : "")) {
	case SCMP_CMP_NE: return v != x;
	case SCMP_CMP_LT: return v < x;
	case SCMP_CMP_LE: return v <= x;
	case SCMP_CMP_EQ: return v == x;
	case SCMP_CMP_GE: return v >= x;
	case SCMP_CMP_GT: return v > x;
	case SCMP_CMP_MASKED_EQ: return (v & x) == (a->value_two & w & x);
	default: return false;
	}
}

static bool args_hold(const struct sc_group *g, const uint64_t *t,
		      bool narrow)
{
	for (size_t i = 0; i < g->nargs; i++)
		if (g->args[i].index >= 6 ||
		    !arg_holds(&g->args[i], t[g->args[i].index], narrow))
			return false;
	return true;
}

/* The arches a seen call was made on (a handful: native, its 32-bit ABIs). */
struct arches {
	size_t n;
	uint32_t v[16];
};

static void seen_arches(const struct sc_recording *r, struct arches *a)
{
	a->n = 0;
	for (size_t i = 0; i < r->cap; i++) {
		const struct entry *e = &r->tab[i];
		size_t k;

		if (!e->used || !e->seen)
			continue;
		for (k = 0; k < a->n && a->v[k] != e->arch; k++)
			;
		if (k == a->n && a->n < 16)
			a->v[a->n++] = e->arch;
	}
}

/* Was name called on some arch with arguments g's conditions accept? */
static bool name_matched(const struct sc_recording *r, const struct arches *a,
			 const struct sc_group *g, const char *name)
{
	uint8_t need = 0;

	for (size_t i = 0; i < g->nargs; i++)
		if (g->args[i].index < 6)
			need |= (uint8_t)(1u << g->args[i].index);
	for (size_t k = 0; k < a->n; k++) {
		const struct entry *e;
		int nr;

		if (!kernel_nr(name, a->v[k], &nr))
			continue;
		e = find(r, a->v[k], nr);
		if (!e || !e->seen)
			continue;
		if (!g->nargs)
			return true;
		/* Values the recording did not keep cannot prove a match. */
		if ((e->mask & need) != need)
			continue;
		for (size_t i = 0; i < e->n; i++)
			if (args_hold(g, e->tuples[i], is32(a->v[k])))
				return true;
	}
	return false;
}

static bool name_seen(const struct sc_recording *r, const struct arches *a,
		      const char *name)
{
	for (size_t k = 0; k < a->n; k++) {
		const struct entry *e;
		int nr;

		if (kernel_nr(name, a->v[k], &nr) &&
		    (e = find(r, a->v[k], nr)) && e->seen)
			return true;
	}
	return false;
}

static bool group_has_name(const struct sc_group *g, const char *name)
{
	for (size_t i = 0; i < sc_group_name_count(g); i++)
		if (strcmp(sc_group_name_at(g, i), name) == 0)
			return true;
	return false;
}

static bool in_list(const struct sc_strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].s && s && strcmp(v->v[i].s, s) == 0)
			return true;
	return false;
}

/* Docker tests includes/excludes.arches against its own (native) arch. */
static bool applies_here(const struct sc_group *g, uint32_t native)
{
	const char *go = sc_arch_go_name(native);

	if (g->includes.arches.n && !in_list(&g->includes.arches, go))
		return false;
	return !in_list(&g->excludes.arches, go);
}

/* ---- the earlier recording (--append) ---- */

/* prev kept name in a group with g's rule. */
static bool prev_kept(const struct sc_profile *prev, const struct sc_group *g,
		      const char *name)
{
	for (size_t i = 0; prev && i < prev->ngroups; i++)
		if (sc_group_same_rule(&prev->groups[i], g) &&
		    group_has_name(&prev->groups[i], name))
			return true;
	return false;
}

static bool prev_named(const struct sc_profile *prev, const char *name,
		       bool only_allowing)
{
	for (size_t i = 0; prev && i < prev->ngroups; i++)
		if ((!only_allowing ||
		     sc_action_lets_run(prev->groups[i].action)) &&
		    group_has_name(&prev->groups[i], name))
			return true;
	return false;
}

size_t sc_record_foreign_groups(const struct sc_profile *base,
				const struct sc_profile *prev)
{
	size_t n = 0;

	for (size_t i = 0; base && prev && i < prev->ngroups; i++) {
		size_t k;

		for (k = 0; k < base->ngroups; k++)
			if (sc_group_same_rule(&prev->groups[i],
					       &base->groups[k]))
				break;
		n += k == base->ngroups;
	}
	return n;
}

/* ---- the profile ---- */

static int strset_add(struct sc_strv *v, const char *s)
{
	if (in_list(v, s))
		return 0;
	return sc_strv_push(v, s, (size_t)-1, (struct sc_loc){ 0, 0 });
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(((const struct sc_str *)a)->s,
		      ((const struct sc_str *)b)->s);
}

/* "name" of a seen (arch, nr), or "syscall N" in buf. */
static const char *call_name(uint32_t arch, int nr, char *buf, size_t n)
{
	const char *s = sc_syscall_name(arch, nr);

	if (s)
		return s;
	snprintf(buf, n, "syscall %d", nr);
	return buf;
}

/*
 * Every seen call no allowing rule of the resolved base matches: to denied,
 * and by name (once) to list.
 */
static int find_denied(const struct sc_recording *r,
		       const struct sc_profile *resolved,
		       const struct sc_record_denied *denied,
		       struct sc_strv *list)
{
	for (size_t i = 0; i < r->cap; i++) {
		const struct entry *e = &r->tab[i];
		bool allowed = false;
		const char *name;
		char buf[32];

		if (!e->used || !e->seen)
			continue;
		name = call_name(e->arch, e->nr, buf, sizeof(buf));
		for (size_t k = 0; k < resolved->ngroups && !allowed; k++) {
			const struct sc_group *g = &resolved->groups[k];

			if (!sc_action_lets_run(g->action) ||
			    !group_has_name(g, name))
				continue;
			if (!g->nargs)
				allowed = true;
			for (size_t t = 0; t < e->n && !allowed; t++)
				allowed = args_hold(g, e->tuples[t],
						    is32(e->arch));
		}
		if (allowed)
			continue;
		if (denied && denied->fn)
			denied->fn(denied->ud, e->arch, name);
		if (strset_add(list, name) < 0)
			return -ENOMEM;
	}
	if (list->n > 1)
		qsort(list->v, list->n, sizeof(list->v[0]), cmp_str);
	return 0;
}

static int set_comment(struct sc_group *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int set_comment(struct sc_group *g, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	free(g->comment);
	g->comment = s;
	return 0;
}

/* A copy of g with only the names keep says, or no group at all. */
static int add_restricted(struct sc_profile *out, const struct sc_group *g,
			  const char *base_name,
			  bool (*keep)(void *ud, const struct sc_group *g,
				       const char *name),
			  void *ud)
{
	struct sc_strv names = { 0 };
	struct sc_group *c;
	int rc = -ENOMEM;

	for (size_t i = 0; i < sc_group_name_count(g); i++) {
		const char *n = sc_group_name_at(g, i);

		if (keep(ud, g, n) && strset_add(&names, n) < 0)
			goto out;
	}
	if (!names.n)
		return 0;
	c = sc_profile_add_group_copy(out, g);
	if (!c)
		goto out;
	sc_strv_clear(&c->names);
	free(c->name);
	c->name = NULL;
	c->names = names;
	names = (struct sc_strv){ 0 };
	if (g->comment && *g->comment)
		rc = set_comment(c, "%s\n(from %s:%u)", g->comment, base_name,
				 g->loc.line);
	else
		rc = set_comment(c, "from %s:%u", base_name, g->loc.line);
out:
	sc_strv_clear(&names);
	return rc;
}

struct keep_ctx {
	const struct sc_recording *r;
	const struct sc_record_opts *o;
	struct arches arches;
	uint32_t native;
	bool default_runs;
};

static bool same_action(const struct sc_group *a, const struct sc_group *b)
{
	return sc_action_parse(a->action ? a->action : "") ==
		       sc_action_parse(b->action ? b->action : "") &&
	       a->has_errno_ret == b->has_errno_ret &&
	       a->errno_ret == b->errno_ret;
}

/*
 * Does base give name argument conditions with different actions?  Taking
 * some of those rules away can leave two that libseccomp refuses to hold
 * together (the same or a prefix chain with another action: -EEXIST, e.g.
 * Podman's socket rules on x86, where the arguments of socketcall cannot
 * be tested), so such a name keeps all its rules or none.
 */
static bool mixed_conditions(const struct sc_profile *base, const char *name)
{
	const struct sc_group *first = NULL;

	for (size_t i = 0; i < base->ngroups; i++) {
		const struct sc_group *g = &base->groups[i];

		if (!g->nargs || !group_has_name(g, name))
			continue;
		if (!first)
			first = g;
		else if (!same_action(first, g))
			return true;
	}
	return false;
}

/* The calls x86 multiplexes through socketcall(2) and ipc(2). */
static const char *const socket_calls[] = {
	"socket", "bind", "connect", "listen", "accept", "getsockname",
	"getpeername", "socketpair", "send", "recv", "sendto", "recvfrom",
	"shutdown", "setsockopt", "getsockopt", "sendmsg", "recvmsg",
	"accept4", "recvmmsg", "sendmmsg", NULL,
};
static const char *const ipc_calls[] = {
	"semop", "semget", "semctl", "semtimedop", "msgsnd", "msgrcv",
	"msgget", "msgctl", "shmat", "shmdt", "shmget", "shmctl", NULL,
};

/*
 * On x86 libseccomp writes the rules of a multiplexed call on its
 * multiplexer too, where the arguments cannot be tested: mixed rules then
 * hold together only behind the base's own rule for the multiplexer, so it
 * stays when such a call stays.
 */
static bool multiplexer_needed(const struct keep_ctx *k, const char *name)
{
	const char *const *calls = strcmp(name, "socketcall") == 0 ? socket_calls
				   : strcmp(name, "ipc") == 0 ? ipc_calls : NULL;

	for (size_t i = 0; calls && calls[i]; i++)
		if (mixed_conditions(k->o->base, calls[i]) &&
		    (name_seen(k->r, &k->arches, calls[i]) ||
		     prev_named(k->o->prev, calls[i], false)))
			return true;
	return false;
}

static bool keep_name(void *ud, const struct sc_group *g, const char *name)
{
	const struct keep_ctx *k = ud;

	if (multiplexer_needed(k, name))
		return true;

	if (sc_action_lets_run(g->action) &&
	    !mixed_conditions(k->o->base, name))
		return applies_here(g, k->native) &&
		       (name_matched(k->r, &k->arches, g, name) ||
			prev_kept(k->o->prev, g, name));
	/*
	 * A rule that stops the call: dropping it could only let the call
	 * reach an allowing rule or default.  Allowing rules keep only seen
	 * names, so an unseen name then falls to a denying default.  (And a
	 * name with mixed conditional rules, as the base has them.)
	 */
	return k->default_runs || name_seen(k->r, &k->arches, name) ||
	       prev_named(k->o->prev, name, false);
}

static int restrict_base(const struct sc_recording *r,
			 const struct sc_record_opts *o,
			 struct sc_profile *out)
{
	struct keep_ctx k = { .r = r, .o = o };
	const char *base_name = o->base_name ? o->base_name : "base";

	seen_arches(r, &k.arches);
	k.native = o->target && o->target->arch ? o->target->arch
						: sc_arch_native();
	k.default_runs = sc_action_lets_run(o->base->default_action);
	for (size_t i = 0; i < o->base->ngroups; i++) {
		int rc = add_restricted(out, &o->base->groups[i], base_name,
					keep_name, &k);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* --base none: one allow rule of every name seen, on the arches seen. */
static int plain_profile(const struct sc_recording *r,
			 const struct sc_profile *prev, struct sc_profile *out)
{
	struct sc_strv names = { 0 };
	struct arches a;
	struct sc_group *g;
	int rc = -ENOMEM;

	seen_arches(r, &a);
	if (sc_set_str(&out->default_action, "SCMP_ACT_ERRNO") < 0)
		goto out;
	out->has_default_errno_ret = true;
	out->default_errno_ret = EPERM;
	for (size_t i = 0; i < a.n; i++)
		if (strset_add(&out->architectures,
			       sc_arch_scmp_name(a.v[i])) < 0)
			goto out;
	for (size_t i = 0; prev && i < prev->architectures.n; i++)
		if (strset_add(&out->architectures,
			       prev->architectures.v[i].s) < 0)
			goto out;
	for (size_t i = 0; i < r->cap; i++) {
		const struct entry *e = &r->tab[i];
		char buf[32];

		if (e->used && e->seen &&
		    strset_add(&names, call_name(e->arch, e->nr, buf,
						 sizeof(buf))) < 0)
			goto out;
	}
	for (size_t i = 0; prev && i < prev->ngroups; i++) {
		const struct sc_group *pg = &prev->groups[i];

		if (!sc_action_lets_run(pg->action))
			continue;
		for (size_t k = 0; k < sc_group_name_count(pg); k++)
			if (strset_add(&names, sc_group_name_at(pg, k)) < 0)
				goto out;
	}
	if (!names.n)
		return 0;
	qsort(names.v, names.n, sizeof(names.v[0]), cmp_str);
	g = sc_profile_add_group(out);
	if (!g || sc_set_str(&g->action, "SCMP_ACT_ALLOW") < 0)
		goto out;
	g->names = names;
	return 0;
out:
	sc_strv_clear(&names);
	return rc;
}

/* The first group's comment says what the file is and what was left out. */
static int summary(struct sc_profile *out, const struct sc_record_opts *o,
		   const struct sc_strv *denied)
{
	struct sc_group *g = out->ngroups ? &out->groups[0] : NULL;
	char *list = NULL, *s;
	size_t len = 0;
	int rc;

	if (!g)
		return 0;
	for (size_t i = 0; i < denied->n; i++)
		len += strlen(denied->v[i].s) + 2;
	list = calloc(1, len + 1);
	if (!list)
		return -ENOMEM;
	for (size_t i = 0; i < denied->n; i++) {
		if (i)
			strcat(list, ", ");
		strcat(list, denied->v[i].s);
	}
	s = g->comment;
	g->comment = NULL;
	if (o->base)
		rc = set_comment(g, "Recorded by seccap record: %s restricted "
				 "to the calls seen.%s%s%s%s", o->base_name ?
				 o->base_name : "the base", denied->n ?
				 "\nCalled, but the base denies them, and so does this "
				 "profile: " : "",
				 list, s ? "\n\n" : "", s ? s : "");
	else
		rc = set_comment(g, "Recorded by seccap record: the calls "
				 "seen, no base.%s%s", s ? "\n\n" : "",
				 s ? s : "");
	free(s);
	free(list);
	return rc;
}

int sc_record_profile(const struct sc_recording *r,
		      const struct sc_record_opts *o,
		      const struct sc_record_denied *denied,
		      struct sc_profile **ret, struct sc_error *err)
{
	struct sc_strv denied_names = { 0 };
	struct sc_profile *out = NULL, *resolved = NULL;
	int rc;

	if (o->base) {
		rc = sc_resolve(o->base, o->target, NULL, &resolved, err);
		if (rc < 0)
			return rc;
		out = sc_profile_dup(o->base);
		if (!out)
			goto oom;
		sc_profile_clear_groups(out);
		if (sc_set_str(&out->file, NULL) < 0 ||
		    restrict_base(r, o, out) < 0 ||
		    find_denied(r, resolved, denied, &denied_names) < 0)
			goto oom;
	} else {
		out = sc_profile_new(NULL);
		if (!out || plain_profile(r, o->prev, out) < 0)
			goto oom;
	}
	if (summary(out, o, &denied_names) < 0)
		goto oom;
	*ret = out;
	out = NULL;
	rc = 0;
	goto done;
oom:
	rc = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
done:
	sc_strv_clear(&denied_names);
	sc_profile_free(resolved);
	sc_profile_free(out);
	return rc;
}
