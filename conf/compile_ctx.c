/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler's second pass: for each arch, the libseccomp contexts (the
 * main one, the native helper for numbers libseccomp has no name for
 * there), the rules added in a fast order that gives the same program, the
 * syscalls libseccomp would compile wrongly handed to conf/chain.c, and
 * the contexts' programs exported.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compile_internal.h"
#include "names.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif

/* ------------------------------------------------------------------ */
/* libseccomp contexts (pass two) */

void compile_ctx_release(struct arch_ctx *c)
{
	if (c->main)
		seccomp_release(c->main);
	if (c->helper)
		seccomp_release(c->helper);
	sc_chains_free(&c->chains);
	memset(c, 0, sizeof(*c));
}

const char *compile_arch_label(const struct filter_arch *a)
{
	const char *s = sc_arch_scmp_name(a->token);

	return s ? s : "?";
}

int compile_lib_err(const struct prep *pp, struct sc_error *err, int rc,
		    struct sc_loc loc, const char *what)
{
	return compile_err(pp, err, rc < 0 ? -rc : EINVAL, loc,
			   "libseccomp: %s: %s", what, strerror(rc < 0 ? -rc : EINVAL));
}

static int new_ctx(const struct prep *pp, uint32_t token, uint32_t badarch,
		   scmp_filter_ctx *ret, const struct filter_arch *a,
		   struct sc_error *err)
{
	scmp_filter_ctx ctx;
	uint32_t native = seccomp_arch_native();
	char what[128];
	int r;

	ctx = seccomp_init(compile_lib_value(pp, pp->def.value));
	if (!ctx)
		return sc_err(err, ENOMEM, compile_file(pp), 0, 0,
			      "libseccomp could not create a filter");
	if (token != native) {
		/* In this order: libseccomp refuses to mix byte orders. */
		r = seccomp_arch_remove(ctx, native);
		if (r == 0)
			r = seccomp_arch_add(ctx, token);
		if (r < 0) {
			seccomp_release(ctx);
			if (a && a->spelling)
				return compile_err(pp, err, ENOTSUP, a->loc,
						   "architecture '%s' is not supported by this libseccomp",
						   a->spelling);
			return sc_err(err, ENOTSUP, compile_file(pp), 0, 0,
				      "the native architecture '%s' is not supported by this libseccomp",
				      a ? compile_arch_label(a) : "?");
		}
	}
	/*
	 * Binary tree as runc does; no NO_NEW_PRIVS (loading is ours);
	 * bad-arch returns a value of its own so we can find them.
	 */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch);
	if (r < 0) {
		seccomp_release(ctx);
		snprintf(what, sizeof(what), "setting filter attributes");
		return compile_lib_err(pp, err, r, (struct sc_loc){ 0, 0 },
				       what);
	}
	*ret = ctx;
	return 0;
}

/*
 * One seccomp_rule_add call: a group's rule for one name, all its conditions
 * ANDed, or, when an argument index repeats, one of its conditions (runc
 * makes each its own rule).
 */
struct atom {
	const struct rule_group *rg;
	uint32_t id;  /* the name */
	int cond;     /* the condition of a split group; -1: all of them */
	int nr;       /* what libseccomp is given */
	int32_t key;  /* the entry it lands in (key_of) */
	bool helper;  /* into the helper context, by number */
	bool exact;
	bool dup;     /* an earlier atom does exactly this: leave it out */
	bool skip;    /* not for libseccomp: see plan_chains */
	int64_t entry; /* the arch's number it lands on; -1: shared or none */
};

static int add_atom(const struct prep *pp, const struct atom *at,
		    scmp_filter_ctx ctx, bool mask32)
{
	const struct rule_group *rg = at->rg;
	struct scmp_arg_cmp cmp[6];
	const struct scmp_arg_cmp *src = rg->cmp;
	unsigned n = (unsigned)rg->ncmp;

	if (at->cond >= 0) {
		src = &rg->cmp[at->cond];
		n = 1;
	}
	if (mask32) {
		for (unsigned i = 0; i < n; i++) {
			cmp[i] = src[i];
			cmp[i].datum_a &= 0xffffffffu;
			cmp[i].datum_b &= 0xffffffffu;
		}
		src = cmp;
	}
	if (at->exact)
		return seccomp_rule_add_exact_array(
			ctx, compile_lib_value(pp, rg->action.value), at->nr,
			n, src);
	return seccomp_rule_add_array(ctx,
				      compile_lib_value(pp, rg->action.value),
				      at->nr, n, src);
}

static int atom_err(const struct prep *pp, const struct atom *at, int r,
		    struct sc_error *err)
{
	const char *name = pp->names[at->id].s;
	struct sc_loc loc = compile_pick_loc(at->rg->g->loc,
					     at->rg->g->action_loc);
	char what[256];

	if (r == -EEXIST)
		return compile_err(pp, err, EEXIST, loc,
				   "syscall '%s' already has a rule with the same arguments and a different action",
				   name);
	snprintf(what, sizeof(what), "adding the rule for '%s'", name);
	return compile_lib_err(pp, err, r, loc, what);
}

/* What the helper context cannot do (a 32-bit libseccomp, 64-bit ABI). */
static bool helper_refuses(const struct filter_arch *a,
			   const struct rule_group *rg)
{
	return rg->ncmp && compile_arch_is_32bit(seccomp_arch_native()) &&
	       !compile_arch_is_32bit(a->token);
}

/* Every call for arch a, in the profile's order. */
static int collect_atoms(const struct prep *pp, const struct filter_arch *a,
			 struct atom **ret, size_t *ret_n, struct sc_error *err)
{
	struct atom *v = NULL;
	size_t n = 0, cap = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < pp->ngroups; i++) {
			const struct rule_group *rg = &pp->groups[i];
			size_t nn = sc_group_name_count(rg->g);
			size_t per = rg->split ? rg->ncmp : 1;

			if (rg->same_as_default)
				continue;
			for (size_t k = 0; k < nn; k++) {
				uint32_t id = rg->ids[k];
				const struct name_route *r =
					&pp->routes[id * pp->narches + a->index];

				if (!pp->names[id].known || r->route == ROUTE_SKIP)
					continue;
				if (pass == 0) {
					cap += per;
					continue;
				}
				for (size_t c = 0; c < per; c++) {
					struct atom *at = &v[n++];

					at->rg = rg;
					at->id = id;
					at->cond = rg->split ? (int)c : -1;
					at->key = r->key;
					at->helper = r->route == ROUTE_HELPER;
					at->exact = r->route != ROUTE_LIB;
					at->nr = r->route == ROUTE_LIB ? pp->names[id].lnr
								       : r->nr;
					at->entry = r->route == ROUTE_HELPER ? r->nr :
						    r->key == KEY_SHARED ? -1 :
									   r->key;
					if (at->helper && a->token == SCMP_ARCH_X32)
						at->nr = (int)((uint32_t)at->nr &
							       ~X32_BIT);
				}
			}
		}
		if (pass == 0) {
			v = calloc(cap ? cap : 1, sizeof(*v));
			if (!v)
				return sc_err(err, ENOMEM, NULL, 0, 0,
					      "out of memory");
		}
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/*
 * The rule as libseccomp stores it (db_col_rule_add): a chain indexed by
 * argument, EQ and the like comparing the whole value, MASKED_EQ value and
 * valueTwo; what it is called with beyond that makes no difference.
 */
#define ATOM_WORDS (4 + 6 * 3)
static void atom_words(const struct atom *at, uint64_t *w)
{
	const struct rule_group *rg = at->rg;
	size_t from = at->cond >= 0 ? (size_t)at->cond : 0;
	size_t to = at->cond >= 0 ? from + 1 : rg->ncmp;

	memset(w, 0, ATOM_WORDS * sizeof(*w));
	w[0] = (uint32_t)at->nr;
	w[1] = at->exact;
	w[2] = rg->action.value;
	w[3] = to - from;
	for (size_t i = from; i < to; i++) {
		const struct scmp_arg_cmp *c = &rg->cmp[i];
		uint64_t *slot = &w[4 + 3 * (c->arg % 6)];

		slot[0] = 1 + (uint64_t)c->op;
		slot[1] = c->op == SCMP_CMP_MASKED_EQ ? c->datum_a : UINT64_MAX;
		slot[2] = c->op == SCMP_CMP_MASKED_EQ ? c->datum_b : c->datum_a;
	}
}

/* Conditions of the atom as libseccomp is given them. */
static size_t atom_ncmp(const struct atom *at)
{
	return at->cond >= 0 ? 1 : at->rg->ncmp;
}

/* At most one condition, an equality (see order_atoms). */
static bool simple_atom(const struct atom *at)
{
	const struct rule_group *rg = at->rg;

	if (!atom_ncmp(at))
		return true;
	return atom_ncmp(at) == 1 &&
	       rg->cmp[at->cond >= 0 ? at->cond : 0].op == SCMP_CMP_EQ;
}

static uint64_t words_hash(const uint64_t *w)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < ATOM_WORDS; i++)
		h = (h ^ w[i]) * 1099511628211u;
	return h ^ (h >> 29);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The main context's atoms in the order they are added: by entry, highest
 * first, each entry's atoms in the profile's order.  libseccomp keeps its
 * entries in a list sorted by number and walks it from the lowest on every
 * add, so adding the highest first makes each walk one step; since rules of
 * different entries never meet, the filter is the same.
 *
 * Rules that change nothing in libseccomp are marked, as each add costs
 * bookkeeping that grows with every rule already there (its commit walks
 * them all): in an entry of its own (not KEY_SHARED)
 *  - every rule after an unconditional one: libseccomp drops them whatever
 *    their action or conditions (db_rule_add: "syscall exists without any
 *    chains"), as runc's first unconditional rule wins;
 *  - an exact duplicate where every rule of the entry has one action and at
 *    most one condition, an equality: the tree is then one node per
 *    argument value (two on 64-bit ABIs, high half then low) ending in that
 *    action, and the same chain again finds itself in it.
 * Elsewhere a duplicate can change the tree: with mixed actions a 64-bit
 * GT/LT rule rewrites the action of a node rules share; with one action,
 * how libseccomp prunes longer chains (other comparisons, masks, several
 * conditions) depends on what came in between.  Those stay (tested).
 */
static int order_atoms(struct atom *v, size_t n,
		       size_t **ret, size_t *ret_n, struct sc_error *err)
{
	uint64_t *keys = NULL, w[ATOM_WORDS], w2[ATOM_WORDS];
	size_t *order = NULL, *slots = NULL, nslots = 16, m = 0;
	int r = 0;

	for (size_t i = 0; i < n; i++)
		m += !v[i].helper;
	while (nslots < 2 * m)
		nslots *= 2;
	keys = malloc((m ? m : 1) * sizeof(*keys));
	order = malloc((m ? m : 1) * sizeof(*order));
	slots = calloc(nslots, sizeof(*slots));
	if (!keys || !order || !slots) {
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (!v[i].helper)
			keys[m++] = ((uint64_t)((int64_t)INT32_MAX - v[i].key)
				     << 32) | i;
	qsort(keys, m, sizeof(*keys), cmp_u64);
	for (size_t i = 0; i < m; i++)
		order[i] = (size_t)(keys[i] & 0xffffffffu);

	for (size_t run = 0, end; run < m; run = end) {
		bool simple = simple_atom(&v[order[run]]), after_all = false;

		for (end = run + 1; end < m && v[order[end]].key ==
						      v[order[run]].key; end++)
			simple = simple && simple_atom(&v[order[end]]) &&
				 v[order[end]].rg->action.value ==
					 v[order[run]].rg->action.value;
		if (v[order[run]].key == KEY_SHARED)
			continue;
		for (size_t i = run; i < end; i++) {
			struct atom *at = &v[order[i]];
			size_t s;

			if (after_all) {
				at->dup = true;
				continue;
			}
			after_all = !atom_ncmp(at);
			if (!simple)
				continue;

			atom_words(at, w);
			for (s = words_hash(w) & (nslots - 1); slots[s];
			     s = (s + 1) & (nslots - 1)) {
				atom_words(&v[slots[s] - 1], w2);
				if (memcmp(w, w2, sizeof(w)) == 0) {
					at->dup = true;
					break;
				}
			}
			if (!at->dup)
				slots[s] = order[i] + 1;
		}
	}
	*ret = order;
	*ret_n = m;
	order = NULL;
out:
	free(keys);
	free(order);
	free(slots);
	return r;
}

/* Where an atom's group is, for messages. */
static struct sc_loc atom_loc(const struct atom *at)
{
	return compile_pick_loc(at->rg->g->loc, at->rg->g->action_loc);
}

/* An atom's conditions as libseccomp is given them, normalised for a. */
static struct sc_chain_rule atom_rule(const struct atom *at, bool is32)
{
	struct sc_chain_rule r = { .action = at->rg->action.value };

	r.n = (unsigned)atom_ncmp(at);
	if (r.n) /* cmp is NULL for a group without conditions */
		memcpy(r.c, &at->rg->cmp[at->cond >= 0 ? at->cond : 0],
		       r.n * sizeof(*r.c));
	r.n = sc_chain_normalise(r.c, r.n, is32);
	return r;
}

/*
 * Where a rule for a socket or IPC call lands on an arch that multiplexes
 * them (x86, s390, s390x, ppc, ppc64, ppc64le), as libseccomp 2.5.4 puts it
 * (measured with its PFC): on socketcall or ipc with argument 0 replaced
 * by the call's number (its pseudo number on x86: -101 is socket's call 1,
 * -202 semget's call 2), then on the direct syscall as it is, where there
 * is one (x86: Linux 4.3's numbers, none for accept, send, recv, semop,
 * semtimedop), and on its pseudo number where the name has one there (a
 * tree libseccomp builds, and can loop on, but never exports).  Writes 1
 * to 3 items (socketcall and ipc themselves are direct), or 0 for a name
 * that reaches no entry.
 */
static size_t mux_items(const struct prep *pp, const struct filter_arch *a,
			const struct atom *at, size_t atom,
			struct sc_chain_item *out)
{
	const char *name = pp->names[at->id].s;
	bool is32 = compile_arch_is_32bit(a->token);
	int l = seccomp_syscall_resolve_name_arch(a->token, name);
	int call = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name);
	struct sc_chain_rule r = atom_rule(at, is32), m = r;
	int mux, direct = l;
	size_t n = 0;

	if (strcmp(name, "socketcall") == 0 || strcmp(name, "ipc") == 0)
		call = 0;
	else if (call > -100 || call <= -300)
		call = 0; /* not multiplexed */
	if (!call) {
		if (l < 0)
			return 0;
		out[n++] = (struct sc_chain_item){ .atom = atom, .key = (uint32_t)l,
						   .nr = (uint32_t)l,
						   .own_ok = true, .rule = r };
		return n;
	}
	mux = seccomp_syscall_resolve_name_arch(a->token, call > -200 ? "socketcall"
								    : "ipc");
	if (mux < 0)
		return 0;
	m.n = 0;
	m.c[m.n++] = (struct scmp_arg_cmp){
		.arg = 0, .op = SCMP_CMP_EQ,
		.datum_a = (uint64_t)(call > -200 ? -call % 100 : -call % 200),
	};
	for (unsigned i = 0; i < r.n; i++)
		if (r.c[i].arg != 0)
			m.c[m.n++] = r.c[i];
	out[n++] = (struct sc_chain_item){ .atom = atom, .key = (uint32_t)mux,
					   .nr = (uint32_t)mux,
					   .own_ok = true, .rule = m };
	/* libseccomp keeps the rule on the pseudo number too (no program). */
	if (l < 0)
		out[n++] = (struct sc_chain_item){ .atom = atom,
						   .key = (1ull << 40) | at->id,
						   .own_ok = true, .no_entry = true,
						   .rule = r };
	if (direct < 0 && (sc_syscall_table_nr(name, a->token, &direct) < 0 ||
			   direct < 0))
		return n;
	out[n++] = (struct sc_chain_item){ .atom = atom, .key = (uint32_t)direct,
					   .nr = (uint32_t)direct,
					   .own_ok = true, .rule = r };
	return n;
}

/*
 * The syscall entries of arch a whose rules libseccomp 2.5.4 compiles
 * wrongly or loops on (chain.c): their atoms are marked skip and their
 * checks go to *ret, for the tail of the section.  Each atom becomes the
 * items of the entries it lands in: its number's; a socket or IPC call's
 * two where the arch multiplexes them (mux_items).  A pseudo number
 * reaches no program: taken over, its rules are just left out.  What else
 * shares an entry seccap cannot name (KEY_SHARED) may not be taken over.
 */
static int plan_chains(const struct prep *pp, const struct filter_arch *a,
		       struct atom *v, size_t n, struct sc_chains *ret,
		       struct sc_error *err)
{
	bool is32 = compile_arch_is_32bit(a->token);
	struct sc_chain_item *items = NULL;
	int32_t muxbuf[ARRAY_SIZE(compile_mux_family)];
	bool muxes = compile_mux_entries(a, muxbuf) > 0, *skip = NULL;
	size_t ni = 0, ba = 0, bb = 0;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!n)
		return 0;
	items = calloc(3 * n, sizeof(*items));
	skip = calloc(n, sizeof(*skip));
	if (!items || !skip) {
		free(items);
		free(skip);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const struct atom *at = &v[i];
		struct sc_chain_item *it = &items[ni];

		if (at->entry < 0 && muxes) {
			size_t k = mux_items(pp, a, at, i, it);

			ni += k;
			if (k)
				continue;
		}
		*it = (struct sc_chain_item){ .atom = i,
					      .rule = atom_rule(at, is32) };
		if (at->entry >= 0) {
			it->key = (uint64_t)at->entry;
			it->nr = (uint32_t)at->entry;
			it->own_ok = true;
		} else if (seccomp_syscall_resolve_name_arch(
				   a->token, pp->names[at->id].s) < 0) {
			it->key = (1ull << 40) | at->id;
			it->own_ok = it->no_entry = true;
		} else {
			it->key = (2ull << 40) | at->id;
		}
		ni++;
	}
	r = sc_chain_plan(items, ni, skip, n, ret, &ba, &bb);
	for (size_t i = 0; r == 0 && i < n; i++)
		v[i].skip = skip[i];
	if (r == 0 || r == -ENOMEM) {
		free(items);
		free(skip);
		return r ? sc_err(err, ENOMEM, NULL, 0, 0, "out of memory") : 0;
	}
	ba = items[ba].atom;
	bb = items[bb].atom;
	free(items);
	free(skip);
	if (r == -EEXIST)
		return atom_err(pp, &v[bb], -EEXIST, err);
	return compile_err(pp, err, ENOTSUP, atom_loc(&v[bb]),
			   "the rules for '%s' at %s:%u and %s:%u (several for one syscall, comparing with != < <= > >=) are merged wrongly by libseccomp 2.5.4, and on %s seccap cannot check this call itself (libseccomp files it with other names): use one rule, or only == and masked == conditions",
			   pp->names[v[bb].id].s, compile_file(pp),
			   atom_loc(&v[ba]).line, compile_file(pp),
			   atom_loc(&v[bb]).line, compile_arch_label(a));
}

/*
 * The contexts for arch a.  main holds everything libseccomp can number
 * there.  libseccomp 2.5.4 translates every number through the name its
 * native arch gives it, so on another arch it refuses numbers it has no
 * name for (-EFAULT, even with the exact API).  Those rules go into a
 * "helper": a native context given the numbers of arch a, on the native
 * arch too, so that the program does not depend on the machine that
 * compiled it (compile_prep_routes).  Its program is made to act for arch a
 * when assembled in: its arch check is dropped (compile_helper_body), on
 * 32-bit ABIs the high argument halves read as 0
 * (libseccomp compares only the low halves there) and x32 numbers are
 * compared without bit 30.  Its default is also its bad-arch action, so
 * every path that matches no rule returns the default, which then
 * continues to the ENOSYS check.
 *
 * Syscalls whose rules libseccomp 2.5.4 gets wrong are left out of both
 * and checked by seccap (plan_chains).  The other rules go in the order
 * order_atoms gives; should anything fail, the contexts are built again in
 * the profile's order, one rule after the other as runc adds them, so the
 * error is the one that order meets first.
 */
int compile_build_arch(const struct prep *pp, const struct filter_arch *a,
		       struct arch_ctx *ret, struct sc_error *err)
{
	struct arch_ctx c = { 0 };
	struct sc_chains chains = { 0 };
	bool mask32 = compile_arch_is_32bit(a->token) &&
		      !compile_arch_is_32bit(seccomp_arch_native());
	struct atom *v = NULL;
	size_t *order = NULL, n = 0, m = 0;
	bool fast = !pp->o->in_order;
	int r;

	r = collect_atoms(pp, a, &v, &n, err);
	if (r < 0)
		return r;
	r = plan_chains(pp, a, v, n, &chains, err);
	if (r == 0 && fast)
		r = order_atoms(v, n, &order, &m, err);
	if (r < 0)
		goto out;
again:
	r = new_ctx(pp, a->token, pp->badarch_value, &c.main, a, err);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < (fast ? m : 0); i++) {
		const struct atom *at = &v[order[i]];

		if (!at->dup && !at->skip &&
		    add_atom(pp, at, c.main, false) < 0)
			goto slow;
	}
	for (size_t i = 0; i < n; i++) {
		const struct atom *at = &v[i];

		if ((!at->helper && fast) || at->skip)
			continue;
		if (!at->helper) {
			r = add_atom(pp, at, c.main, false);
		} else if (helper_refuses(a, at->rg)) {
			if (fast)
				goto slow;
			r = compile_err(pp, err, ENOTSUP,
					compile_pick_loc(at->rg->g->loc,
							 at->rg->g->action_loc),
					"cannot compile argument conditions for '%s' on %s with a 32-bit libseccomp",
					pp->names[at->id].s, compile_arch_label(a));
			goto out;
		} else {
			if (!c.helper) {
				r = new_ctx(pp, seccomp_arch_native(),
					    compile_lib_value(pp, pp->def.value),
					    &c.helper, NULL, err);
				if (r < 0 && fast)
					goto slow;
				if (r < 0)
					goto out;
			}
			r = add_atom(pp, at, c.helper, mask32);
		}
		if (r < 0 && fast)
			goto slow;
		if (r < 0) {
			r = atom_err(pp, at, r, err);
			goto out;
		}
	}
	c.chains = chains;
	memset(&chains, 0, sizeof(chains));
	*ret = c;
	memset(&c, 0, sizeof(c));
	r = 0;
	goto out;
slow:
	compile_ctx_release(&c);
	fast = false;
	goto again;
out:
	compile_ctx_release(&c);
	sc_chains_free(&chains);
	free(order);
	free(v);
	return r;
}

int compile_open_scratch(void)
{
	int fd = (int)syscall(SYS_memfd_create, "seccap-bpf", MFD_CLOEXEC);

	if (fd >= 0)
		return fd;
	/* memfd_create may be filtered away already; fall back to a file. */
	fd = open("/tmp", O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	return fd;
}

int compile_export_bpf(const struct prep *pp, scmp_filter_ctx ctx,
		       struct sock_filter **ret, size_t *ret_len,
		       struct sc_error *err)
{
	struct sock_filter *f = NULL;
	struct stat st;
	size_t len, got = 0;
	int fd, r;

	fd = compile_open_scratch();
	if (fd < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot create a scratch file for the filter: %s",
			      strerror(errno));
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0) {
		close(fd);
		return compile_lib_err(pp, err, r, (struct sc_loc){ 0, 0 },
				       "exporting the filter");
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    st.st_size % (off_t)sizeof(*f) != 0 ||
	    st.st_size > (off_t)(BPF_MAXINSNS * 16 * sizeof(*f))) {
		close(fd);
		return sc_err(err, EIO, NULL, 0, 0,
			      "libseccomp exported a filter of unexpected size");
	}
	len = (size_t)st.st_size;
	f = malloc(len);
	if (!f) {
		close(fd);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	while (got < len) {
		ssize_t n = pread(fd, (char *)f + got, len - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? errno : EIO;
			free(f);
			close(fd);
			return sc_err(err, r, NULL, 0, 0,
				      "cannot read the exported filter back: %s",
				      strerror(r));
		}
		got += (size_t)n;
	}
	close(fd);
	*ret = f;
	*ret_len = len / sizeof(*f);
	return 0;
}
