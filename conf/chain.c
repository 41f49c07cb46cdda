/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccap's own linear checks for a syscall whose rules libseccomp 2.5.4
 * cannot be trusted with (chain.h).
 *
 * What libseccomp 2.5.4 gets wrong, measured with random rule sets for one
 * syscall, compiled and run in tests/lib/bpf_interp against tests/oracle.c
 * (thousands of sets per class, x86_64 and i386):
 *  - it compiles !=, <, <= as the negation of ==, >=, > with the branches
 *    swapped, and on 64-bit ABIs every comparison but == becomes a pair of
 *    nodes (high word, then low word).  When two or more rules of one
 *    syscall are merged into its decision tree, those nodes are joined
 *    wrongly: a subtree is hung under the wrong branch or dropped.  The
 *    filter then allows calls no rule allows ("a2 <= 3" and
 *    "a2 >= 0x100000000", both ALLOW, let a2 = 4 through on x86_64), or
 *    denies calls a rule allows; with several conditions per rule
 *    seccomp_rule_add can also loop for ever (x86_64: "a0 != 2 && a1 == 2"
 *    and "a0 != 2 && a2 == 1").
 *  - By class (two to four rules for one syscall, one action): only == and
 *    masked ==: no difference on either ABI (1,500 sets each).  On x86_64,
 *    one condition per rule: < differs in 122 sets of 400, <= in 41; !=,
 *    > and >= in none.  One to three conditions per rule: != differs in
 *    149 sets of 1,500 and loops in 58; > and >= differ in 51 of 400 and
 *    loop in 10.  On i386 one condition per rule never differs; with one
 *    to three, != differs in 179 sets of 600, < in 41 of 400, <= in 48,
 *    > and >= in none (no loops).
 *  - A single conditional rule for a syscall is always right.
 * So seccap takes every syscall entry (of one arch) that has two or more
 * conditional rules and any comparison other than == and masked == away
 * from libseccomp and checks its rules itself, one after the other.  That
 * covers every failing class above, with room to spare on the ABIs and
 * operators that happen to work.
 *
 * The chain does what libseccomp's tree is meant to do (tests/oracle.c
 * describes the measurements): the first unconditional rule decides alone;
 * otherwise, of several matching rules, the one whose node libseccomp puts
 * first on a level wins (by argument, highest first; then ==, != and
 * masked == before < and <=, before > and >=; then by value, highest first,
 * lowest first for < and <=; a shorter rule before a longer one it is a
 * prefix of; then the order of the profile).  So Podman's "socket a0 == 40
 * -> ERRNO" still wins over its "a0 != 16 -> ALLOW".  The rules libseccomp
 * refuses with -EEXIST (the same conditions, or a prefix of a rule still in
 * its tree, with another action) are refused here too, so a profile
 * compiles or fails as it does with runc.
 */
#include "chain.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define LO32 0xffffffffu

unsigned sc_chain_normalise(struct scmp_arg_cmp *c, unsigned n, bool is32)
{
	uint64_t w = is32 ? LO32 : UINT64_MAX;
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++) {
		struct scmp_arg_cmp x = c[i];

		x.datum_a &= w;
		x.datum_b &= w;
		if (x.op == SCMP_CMP_MASKED_EQ) {
			x.datum_b &= x.datum_a;
			if (!x.datum_a)
				continue;
		} else {
			x.datum_b = 0;
		}
		c[k++] = x;
	}
	for (unsigned i = 1; i < k; i++)
		for (unsigned j = i; j > 0 && c[j].arg < c[j - 1].arg; j--) {
			struct scmp_arg_cmp t = c[j];

			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	return k;
}

/* A comparison libseccomp 2.5.4 does not merge reliably (see above). */
static bool risky_op(enum scmp_compare op)
{
	return op != SCMP_CMP_EQ && op != SCMP_CMP_MASKED_EQ;
}

/* Instructions of one condition (see emit_cond). */
static size_t cond_len(const struct scmp_arg_cmp *c, bool is32)
{
	switch (c->op) {
	case SCMP_CMP_EQ:
	case SCMP_CMP_NE:
		return is32 ? 2 : 4;
	case SCMP_CMP_MASKED_EQ:
		return is32 ? 3 : 6;
	default:
		return is32 ? 2 : 5;
	}
}

static size_t chain_len(const struct sc_chain_rule *r, size_t n, bool is32)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		for (unsigned k = 0; k < r[i].n; k++)
			len += cond_len(&r[i].c[k], is32);
		len++; /* ret */
	}
	return len;
}

static struct sock_filter ins(uint16_t code, uint32_t k, size_t jt, size_t jf)
{
	return (struct sock_filter){ .code = code, .jt = (uint8_t)jt,
				     .jf = (uint8_t)jf, .k = k };
}

/*
 * Offsets of an argument's words in struct seccomp_data as the target
 * machine lays it out: the program may be for a machine of the other byte
 * order (show --arch s390x here), whose kernel fills args in its own.
 */
static uint32_t arg_word(unsigned arg, bool high, bool big_endian)
{
	uint32_t off = (uint32_t)offsetof(struct seccomp_data, args) + 8 * arg;
	bool first = big_endian ? high : !high;

	return first ? off : off + 4;
}

#define JEQ (BPF_JMP | BPF_JEQ | BPF_K)
#define JGT (BPF_JMP | BPF_JGT | BPF_K)
#define JGE (BPF_JMP | BPF_JGE | BPF_K)
#define LDW (BPF_LD | BPF_W | BPF_ABS)
#define AND (BPF_ALU | BPF_AND | BPF_K)

/*
 * One condition at out[0..cond_len): falls through to the next instruction
 * when it holds, jumps fail instructions past its own end when not.  On a
 * 64-bit ABI the high words decide unless they are equal; on a 32-bit ABI
 * only the low word is there to compare (libseccomp's reading, too).
 */
static void emit_cond(const struct scmp_arg_cmp *c, bool is32,
		      bool big_endian, size_t fail, struct sock_filter *o)
{
	uint32_t hv = (uint32_t)(c->datum_a >> 32), lv = (uint32_t)c->datum_a;
	uint32_t hr = (uint32_t)(c->datum_b >> 32), lr = (uint32_t)c->datum_b;
	uint32_t lo = arg_word(c->arg, false, big_endian);
	uint32_t hi = arg_word(c->arg, true, big_endian);
	size_t i = 0;

	/* The jump from o[at] to the fail target. */
#define FAIL(at) (fail + cond_len(c, is32) - (at) - 1)
	if (!is32) {
		switch (c->op) {
		case SCMP_CMP_EQ:
			o[i++] = ins(LDW, hi, 0, 0);
			o[i] = ins(JEQ, hv, 0, FAIL(i)), i++;
			break;
		case SCMP_CMP_NE:
			o[i++] = ins(LDW, hi, 0, 0);
			o[i] = ins(JEQ, hv, 0, 2), i++; /* differs: holds */
			break;
		case SCMP_CMP_GT:
		case SCMP_CMP_GE:
			o[i++] = ins(LDW, hi, 0, 0);
			o[i] = ins(JGT, hv, 3, 0), i++; /* above: holds */
			o[i] = ins(JEQ, hv, 0, FAIL(i)), i++;
			break;
		case SCMP_CMP_LT:
		case SCMP_CMP_LE:
			o[i++] = ins(LDW, hi, 0, 0);
			o[i] = ins(JGT, hv, FAIL(i), 0), i++;
			o[i] = ins(JEQ, hv, 0, 2), i++; /* below: holds */
			break;
		case SCMP_CMP_MASKED_EQ:
			o[i++] = ins(LDW, hi, 0, 0);
			o[i++] = ins(AND, hv, 0, 0);
			o[i] = ins(JEQ, hr, 0, FAIL(i)), i++;
			break;
		default:
			break;
		}
	}
	o[i++] = ins(LDW, lo, 0, 0);
	switch (c->op) {
	case SCMP_CMP_EQ:
		o[i] = ins(JEQ, lv, 0, FAIL(i));
		break;
	case SCMP_CMP_NE:
		o[i] = ins(JEQ, lv, FAIL(i), 0);
		break;
	case SCMP_CMP_GT:
		o[i] = ins(JGT, lv, 0, FAIL(i));
		break;
	case SCMP_CMP_GE:
		o[i] = ins(JGE, lv, 0, FAIL(i));
		break;
	case SCMP_CMP_LT:
		o[i] = ins(JGE, lv, FAIL(i), 0);
		break;
	case SCMP_CMP_LE:
		o[i] = ins(JGT, lv, FAIL(i), 0);
		break;
	case SCMP_CMP_MASKED_EQ:
		o[i++] = ins(AND, lv, 0, 0);
		o[i] = ins(JEQ, lr, 0, FAIL(i));
		break;
	default:
		/* Not reached: compile.c refuses unknown operators first. */
		o[i] = ins(JEQ, 0, FAIL(i), FAIL(i));
		break;
	}
#undef FAIL
}

static void chain_emit(const struct sc_chain_rule *r, size_t n, bool is32,
		       bool big_endian, struct sock_filter *out)
{
	size_t pc = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = 0, at = 0;

		for (unsigned k = 0; k < r[i].n; k++)
			len += cond_len(&r[i].c[k], is32);
		/* A failing condition skips the rest of the rule and its ret. */
		for (unsigned k = 0; k < r[i].n; k++) {
			size_t cl = cond_len(&r[i].c[k], is32);

			emit_cond(&r[i].c[k], is32, big_endian,
				  len - at - cl + 1, &out[pc + at]);
			at += cl;
		}
		out[pc + len] = ins(BPF_RET | BPF_K, r[i].action, 0, 0);
		pc += len + 1;
	}
}

/* ---- which entries, and their rules in libseccomp's order ---------- */

static int op_class(enum scmp_compare op)
{
	switch (op) {
	case SCMP_CMP_EQ:
	case SCMP_CMP_NE:
	case SCMP_CMP_MASKED_EQ:
		return 3;
	case SCMP_CMP_LT:
	case SCMP_CMP_LE:
		return 2;
	default:
		return 1;
	}
}

/* The value a node compares with: masked =='s is the expected result. */
static uint64_t node_value(const struct scmp_arg_cmp *c)
{
	return c->op == SCMP_CMP_MASKED_EQ ? c->datum_b : c->datum_a;
}

/* <0: a's node comes first on a level of libseccomp's tree; 0: a tie. */
static int node_cmp(const struct scmp_arg_cmp *a, const struct scmp_arg_cmp *b)
{
	uint64_t x = node_value(a), y = node_value(b);

	if (a->arg != b->arg)
		return a->arg > b->arg ? -1 : 1;
	if (op_class(a->op) != op_class(b->op))
		return op_class(a->op) > op_class(b->op) ? -1 : 1;
	if (x == y)
		return 0;
	if (a->op == SCMP_CMP_LT || a->op == SCMP_CMP_LE)
		return x < y ? -1 : 1;
	return x > y ? -1 : 1;
}

struct ranked {
	struct sc_chain_rule r;
	size_t item;  /* for messages */
	bool live;    /* still in libseccomp's tree (for -EEXIST) */
};

static int ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	for (unsigned i = 0; i < a->r.n && i < b->r.n; i++) {
		int c = node_cmp(&a->r.c[i], &b->r.c[i]);

		if (c)
			return c;
	}
	if (a->r.n != b->r.n)
		return a->r.n < b->r.n ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

static bool cond_same(const struct scmp_arg_cmp *a, const struct scmp_arg_cmp *b)
{
	return a->arg == b->arg && a->op == b->op && a->datum_a == b->datum_a &&
	       a->datum_b == b->datum_b;
}

/* x's conditions are a proper subset of y's. */
static bool within(const struct sc_chain_rule *x, const struct sc_chain_rule *y)
{
	unsigned k = 0;

	if (x->n >= y->n)
		return false;
	for (unsigned i = 0; i < y->n && k < x->n; i++)
		if (cond_same(&x->c[k], &y->c[i]))
			k++;
	return k == x->n;
}

/* x's chain is a proper prefix of y's. */
static bool prefix(const struct sc_chain_rule *x, const struct sc_chain_rule *y)
{
	if (x->n >= y->n)
		return false;
	for (unsigned k = 0; k < x->n; k++)
		if (!cond_same(&x->c[k], &y->c[k]))
			return false;
	return true;
}

static bool same_conds(const struct sc_chain_rule *x,
		       const struct sc_chain_rule *y)
{
	if (x->n != y->n)
		return false;
	for (unsigned k = 0; k < x->n; k++)
		if (!cond_same(&x->c[k], &y->c[k]))
			return false;
	return true;
}

/*
 * One entry's items (by[0..n), the order libseccomp would be given them)
 * as the rules of a chain at out[*used..]: the first unconditional rule
 * alone, or every kept rule in the order of its tree.  The bookkeeping of
 * which rules stay in libseccomp's tree is what decides -EEXIST, as in
 * _db_tree_add: a rule with the conditions of one still there, or that
 * ends where one still there goes on, with another action, is refused; a
 * rule is not kept where one still there has a subset of its conditions,
 * and takes out those of its own action with a superset of its own.
 */
static int rank_entry(const struct sc_chain_item *const *by, size_t n,
		      const struct sc_chain_item *base, struct ranked *v,
		      size_t *ret_n, size_t *bad_a, size_t *bad_b)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		const struct sc_chain_rule *r = &by[i]->rule;
		size_t item = (size_t)(by[i] - base);
		bool dup = false, live = true;

		if (!r->n) {
			v[0] = (struct ranked){ .r = *r, .item = item };
			*ret_n = 1;
			return 0;
		}
		for (size_t k = 0; k < m && !dup; k++) {
			if (!same_conds(&v[k].r, r))
				continue;
			if (v[k].live && v[k].r.action != r->action) {
				*bad_a = v[k].item;
				*bad_b = item;
				return -EEXIST;
			}
			dup = v[k].live || v[k].r.action == r->action;
		}
		if (dup)
			continue;
		for (size_t k = 0; k < m && live; k++)
			live = !(v[k].live && within(&v[k].r, r));
		for (size_t k = 0; k < m && live; k++) {
			if (v[k].live && v[k].r.action != r->action &&
			    prefix(r, &v[k].r)) {
				*bad_a = v[k].item;
				*bad_b = item;
				return -EEXIST;
			}
		}
		for (size_t k = 0; k < m && live; k++)
			if (v[k].r.action == r->action && within(r, &v[k].r))
				v[k].live = false;
		v[m++] = (struct ranked){ .r = *r, .item = item, .live = live };
	}
	qsort(v, m, sizeof(*v), ranked_cmp);
	*ret_n = m;
	return 0;
}

static int cmp_key(const void *x, const void *y)
{
	const struct sc_chain_item *const *a = x, *const *b = y;

	if ((*a)->key != (*b)->key)
		return (*a)->key < (*b)->key ? -1 : 1;
	return *a < *b ? -1 : *a > *b; /* the profile's order within */
}

/*
 * The shape of chain.c's comment: two or more conditional rules before
 * the first unconditional one, one of them comparing other than with ==.
 */
static bool risky_entry(const struct sc_chain_item *const *by, size_t n)
{
	size_t ncond = 0;
	bool op = false;

	for (size_t i = 0; i < n && by[i]->rule.n; i++) {
		ncond++;
		for (unsigned k = 0; k < by[i]->rule.n; k++)
			op |= risky_op(by[i]->rule.c[k].op);
	}
	return ncond >= 2 && op;
}

int sc_chain_plan(const struct sc_chain_item *items, size_t n, bool *skip,
		  size_t natoms, struct sc_chains *out, size_t *bad_a,
		  size_t *bad_b)
{
	const struct sc_chain_item **by = NULL;
	size_t *start = NULL, *entry_of = NULL, ne = 0;
	bool *own = NULL, more = true;
	struct ranked *v = NULL;
	int r = 0;

	memset(out, 0, sizeof(*out));
	memset(skip, 0, natoms * sizeof(*skip));
	if (!n)
		return 0;
	/* by holds pointers: sizeof(*by) is a pointer's size, as meant. */
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	by = malloc(n * sizeof(*by));
	start = malloc((n + 1) * sizeof(*start));
	entry_of = malloc(n * sizeof(*entry_of));
	own = calloc(n, sizeof(*own));
	v = malloc(n * sizeof(*v));
	out->e = calloc(n, sizeof(*out->e));
	out->rules = malloc(n * sizeof(*out->rules));
	if (!by || !start || !entry_of || !own || !v || !out->e ||
	    !out->rules) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		by[i] = &items[i];
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	qsort(by, n, sizeof(*by), cmp_key);
	for (size_t i = 0; i < n; i++) {
		if (!i || by[i]->key != by[i - 1]->key)
			start[ne++] = i;
		entry_of[by[i] - items] = ne - 1;
	}
	start[ne] = n;
	for (size_t e = 0; e < ne; e++)
		own[e] = risky_entry(&by[start[e]], start[e + 1] - start[e]);
	/*
	 * A rule left out of libseccomp is left out of every entry it lands
	 * in, so those entries are checked by seccap as a whole too.
	 */
	while (more) {
		more = false;
		for (size_t i = 0; i < n; i++)
			if (own[entry_of[i]])
				skip[items[i].atom] = true;
		for (size_t i = 0; i < n; i++) {
			if (skip[items[i].atom] && !own[entry_of[i]]) {
				own[entry_of[i]] = true;
				more = true;
			}
		}
	}
	for (size_t e = 0; e < ne && r == 0; e++) {
		const struct sc_chain_item *const *run = &by[start[e]];
		size_t len = start[e + 1] - start[e], m = 0;

		if (!own[e])
			continue;
		for (size_t k = 0; k < len && r == 0; k++) {
			if (run[k]->own_ok)
				continue;
			*bad_a = (size_t)(run[0] - items);
			*bad_b = (size_t)(run[len > 1 ? 1 : 0] - items);
			r = -ENOTSUP;
		}
		if (r < 0)
			break;
		r = rank_entry(run, len, items, v, &m, bad_a, bad_b);
		if (r < 0)
			break;
		if (run[0]->no_entry)
			continue;
		out->e[out->ne++] = (struct sc_chain_entry){
			.nr = run[0]->nr, .first = out->nrules, .n = m,
		};
		for (size_t k = 0; k < m; k++)
			out->rules[out->nrules++] = v[k].r;
	}
out:
	free(by);
	free(start);
	free(entry_of);
	free(own);
	free(v);
	if (r < 0)
		sc_chains_free(out);
	return r;
}

void sc_chains_free(struct sc_chains *c)
{
	free(c->e);
	free(c->rules);
	memset(c, 0, sizeof(*c));
}

/*
 * ld [nr]; per entry "jeq nr, 0, 1; ja its block"; ja past the end; then
 * each block: its rules and "ja past the end".  Long jumps are ja, so no
 * block is too far for an 8-bit offset.
 */
size_t sc_chains_len(const struct sc_chains *c, bool is32)
{
	size_t len;

	if (!c->ne)
		return 0;
	len = 1 + 2 * c->ne + 1;
	for (size_t i = 0; i < c->ne; i++)
		len += chain_len(&c->rules[c->e[i].first], c->e[i].n, is32) + 1;
	return len;
}

void sc_chains_emit(const struct sc_chains *c, bool is32, bool big_endian,
		    struct sock_filter *out)
{
	size_t end = sc_chains_len(c, is32), pc = 0, block;

	if (!c->ne)
		return;
	out[pc++] = ins(LDW, (uint32_t)offsetof(struct seccomp_data, nr), 0, 0);
	block = 1 + 2 * c->ne + 1;
	for (size_t i = 0; i < c->ne; i++) {
		const struct sc_chain_entry *e = &c->e[i];

		out[pc] = ins(JEQ, e->nr, 0, 1);
		pc++;
		out[pc] = ins(BPF_JMP | BPF_JA, (uint32_t)(block - pc - 1), 0, 0);
		pc++;
		block += chain_len(&c->rules[e->first], e->n, is32) + 1;
	}
	out[pc] = ins(BPF_JMP | BPF_JA, (uint32_t)(end - pc - 1), 0, 0);
	pc++;
	for (size_t i = 0; i < c->ne; i++) {
		const struct sc_chain_entry *e = &c->e[i];

		chain_emit(&c->rules[e->first], e->n, is32, big_endian, &out[pc]);
		pc += chain_len(&c->rules[e->first], e->n, is32);
		out[pc] = ins(BPF_JMP | BPF_JA, (uint32_t)(end - pc - 1), 0, 0);
		pc++;
	}
}
