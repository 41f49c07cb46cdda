/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The validator's checks of one syscalls[] rule (validate_check_group):
 * its names, its action and errno fields (through the profile-level checks
 * in validate.c, which judge defaultAction the same way), its args, and its
 * includes/excludes conditions.  validate.c owns the profile-level checks,
 * the message helpers and the order in which everything is checked.
 *
 * Messages (as in validate.c: E = error, W = warning, "ini:" = INI text):
 *
 * syscall names
 *   E both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'
 *     ini: both 'name' and 'syscalls' are specified, use either 'name' or 'syscalls'
 *   E no syscall names in this rule, so its action '%s' applies to nothing; list the syscalls it is for in 'names'
 *     ini: ... in 'syscalls'
 *                         (an action other than the default one)
 *   W no syscall names in this rule, ignoring   (the default action, or none)
 *   E empty syscall name
 *   W duplicate syscall '%s' in this rule, ignoring
 *   E unknown syscall '%s'; did you mean '%s'?   (rule not more permissive
 *   E unknown syscall '%s'                        than the default action)
 *   W unknown syscall '%s', ignoring; did you mean '%s'?   (allowing rule)
 *   W unknown syscall '%s', ignoring
 * args
 *   E argument index %llu is out of range (0..5)
 *   E missing 'op'; use e.g. 'SCMP_CMP_EQ'
 *     ini: missing operator in 'arg'; write e.g. 'arg0 == 1'
 *   E unknown operator '%s'; use '%s'
 *   E unknown operator '%s'; did you mean '%s'?
 *   E unknown operator '%s'; expected one of SCMP_CMP_NE, ..., SCMP_CMP_MASKED_EQ
 *   W 'SCMP_CMP_MASKED_EQ' can never match: valueTwo 0x%llx has bits outside the mask 0x%llx
 *     ini: 'arg%llu & 0x%llx == 0x%llx' can never match: the value has bits outside the mask
 *   W 'valueTwo' has no effect with operator '%s', ignoring
 *     ini: VALUE-TWO has no effect with operator '%s', ignoring
 *   W argument %llu is compared more than once; runc then applies each condition of this rule on its own (any one matching is enough)
 * includes / excludes (%s after "in" = includes.arches, excludes.arches,
 *                      includes.caps, excludes.caps;
 *                      ini: 'arches', 'not-arches', 'caps', 'not-caps')
 *   E unknown architecture '%s' in %s; use '%s' here; SCMP_ARCH_* names belong in 'architectures' and 'archMap'
 *     ini: ... belong in 'architectures' and 'arch-map'
 *   E unknown architecture '%s' in %s; use '%s' here; Docker compares Go-style names
 *   E unknown architecture '%s' in %s; did you mean '%s'?
 *   E unknown architecture '%s' in %s
 *   W duplicate architecture '%s' in %s, ignoring
 *   E unknown capability '%s'; Docker compares capability names exactly: write '%s'
 *   E unknown capability '%s'; did you mean '%s'?
 *   E unknown capability '%s'
 *   W duplicate capability '%s' in %s, ignoring
 *   W excludes.minKernel '' always excludes this rule; Docker reads '' as kernel 0.0
 *     ini: 'not-min-kernel' '' always excludes this rule; ...
 *   W includes.minKernel '' is always satisfied; Docker reads '' as kernel 0.0
 *     ini: 'min-kernel' '' is always satisfied; ...
 *   E invalid minKernel '%s'; expected "<kernel>.<major>", e.g. '4.8'
 *     ini: invalid 'min-kernel' '%s'; ... (or 'not-min-kernel')
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"
#include "policy.h"
#include "validate_internal.h"

/* ---- syscall names ---- */

/*
 * Whether name i of g repeats an earlier one.  Docker's default has a rule
 * of some 300 names: comparing each with all before it would be most of the
 * validator's time, so a rule that long gets a hash set (seen: 2^k slots of
 * name index + 1; NULL when it is short or there was no memory for one).
 */
static bool repeats(const struct sc_group *g, size_t i, uint32_t *seen,
		    size_t nseen)
{
	const char *s = sc_group_name_at(g, i);
	uint32_t h = 2166136261u;

	if (!seen) {
		for (size_t j = 0; j < i; j++) {
			const char *t = sc_group_name_at(g, j);

			if (t && strcmp(t, s) == 0)
				return true;
		}
		return false;
	}
	for (const char *p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (size_t k = h & (nseen - 1);; k = (k + 1) & (nseen - 1)) {
		if (!seen[k]) {
			seen[k] = (uint32_t)i + 1;
			return false;
		}
		if (strcmp(sc_group_name_at(g, seen[k] - 1), s) == 0)
			return true;
	}
}

static void check_names(struct vctx *c, const struct sc_group *g,
			enum sc_action a)
{
	char q[QBUF];
	size_t n = sc_group_name_count(g);
	size_t nseen = 16;
	uint32_t *seen = NULL;
	/*
	 * A rule that lets through what the default would stop may skip an
	 * unknown name, as Docker does; in any other rule a misspelt name
	 * silently leaves the syscall to a more permissive default.
	 */
	bool lenient = sc_action_allows(a) && !sc_action_allows(c->def);

	if (g->names.n && g->name)
		ERROR(c, &g->name_loc, "%s", c->v->both_name);
	/*
	 * A rule that would change something but names no syscall is a rule
	 * lost, as a misspelt name in it would be; one that repeats the
	 * default changes nothing either way.
	 */
	if (n == 0 && a != SC_ACT_INVALID && g->action &&
	    !sc_group_same_as_default(c->p, g)) {
		ERROR(c, &g->loc, "no syscall names in this rule, so its action "
		      "'%s' applies to nothing; list the syscalls it is for in '%s'",
		      validate_action_shown(c, q, g->action),
		      c->v->ini ? "syscalls" : "names");
		return;
	}
	if (n == 0) {
		WARN(c, &g->loc, "no syscall names in this rule, ignoring");
		return;
	}
	if (n > 16 && n < UINT32_MAX / 4) {
		while (nseen < 2 * n)
			nseen *= 2;
		seen = calloc(nseen, sizeof(*seen));
	}
	for (size_t i = 0; i < n; i++) {
		const char *s = sc_group_name_at(g, i);
		const struct sc_loc *loc =
			g->names.n ? &g->names.v[i].loc : &g->name_loc;
		const char *hint;

		if (!s || !*s) {
			ERROR(c, loc, "empty syscall name");
			continue;
		}
		if (repeats(g, i, seen, nseen)) {
			WARN(c, loc,
			     "duplicate syscall '%s' in this rule, ignoring",
			     validate_quote(q, s));
			continue;
		}
		if (a == SC_ACT_NOTIFY && strcmp(s, "write") == 0)
			ERROR(c, loc,
			      "'%s' cannot be used for 'write'; runc refuses it",
			      c->v->notify);
		if (sc_syscall_known(s))
			continue;
		hint = sc_syscall_suggest(s);
		if (lenient && hint)
			WARN(c, loc,
			     "unknown syscall '%s', ignoring; did you mean '%s'?",
			     validate_quote(q, s), hint);
		else if (lenient)
			WARN(c, loc, "unknown syscall '%s', ignoring",
			     validate_quote(q, s));
		else if (hint)
			ERROR(c, loc, "unknown syscall '%s'; did you mean '%s'?",
			      validate_quote(q, s), hint);
		else
			ERROR(c, loc, "unknown syscall '%s'",
			      validate_quote(q, s));
	}
	free(seen);
}

/* ---- args ---- */

static const struct {
	const char *sym;
	const char *name;
} op_symbols[] = {
	{ "==", "SCMP_CMP_EQ" }, { "!=", "SCMP_CMP_NE" },
	{ "<", "SCMP_CMP_LT" },  { "<=", "SCMP_CMP_LE" },
	{ ">", "SCMP_CMP_GT" },  { ">=", "SCMP_CMP_GE" },
	{ "&", "SCMP_CMP_MASKED_EQ" },
};

static int check_op(struct vctx *c, const struct sc_arg *arg)
{
	char q[QBUF], norm[NBUF], list[256];
	const char *use = NULL, *hint;
	int op;

	if (!arg->op) {
		ERROR(c, &arg->loc, "%s", c->v->missing_op);
		return 0;
	}
	if ((op = sc_op_parse(arg->op)))
		return op;
	for (size_t i = 0; i < ARRAY_SIZE(op_symbols) && !use; i++)
		if (strcmp(arg->op, op_symbols[i].sym) == 0)
			use = op_symbols[i].name;
	if (!use &&
	    validate_normalise(norm, sizeof(norm), "SCMP_CMP_", arg->op) &&
	    sc_op_parse(norm))
		use = norm;
	if (use)
		ERROR(c, &arg->loc, "unknown operator '%s'; use '%s'",
		      validate_quote(q, arg->op), use);
	else if ((hint = sc_suggest(arg->op, sc_op_names)))
		ERROR(c, &arg->loc, "unknown operator '%s'; did you mean '%s'?",
		      validate_quote(q, arg->op), hint);
	else
		ERROR(c, &arg->loc, "unknown operator '%s'; expected one of %s",
		      validate_quote(q, arg->op),
		      validate_join(list, sizeof(list), sc_op_names));
	return 0;
}

static void check_args(struct vctx *c, const struct sc_group *g)
{
	char q[QBUF];
	unsigned seen = 0, warned = 0;

	for (size_t i = 0; i < g->nargs; i++) {
		const struct sc_arg *arg = &g->args[i];
		int op;

		if (arg->index > 5) {
			ERROR(c, &arg->loc,
			      "argument index %" PRIu64
			      " is out of range (0..5)",
			      arg->index);
		} else {
			unsigned bit = 1u << arg->index;

			if ((seen & bit) && !(warned & bit)) {
				WARN(c, &arg->loc,
				     "argument %" PRIu64
				     " is compared more than once; runc then applies each condition of this rule on its own (any one matching is enough)",
				     arg->index);
				warned |= bit;
			}
			seen |= bit;
		}
		op = check_op(c, arg);
		if (!op)
			continue;
		if (op == SCMP_CMP_MASKED_EQ) {
			if (!(arg->value_two & ~arg->value))
				continue;
			if (c->v->ini)
				WARN(c, &arg->loc,
				     "'arg%" PRIu64 " & 0x%" PRIx64 " == 0x%" PRIx64
				     "' can never match: the value has bits outside the mask",
				     arg->index, arg->value, arg->value_two);
			else
				WARN(c, &arg->loc,
				     "'SCMP_CMP_MASKED_EQ' can never match: valueTwo 0x%" PRIx64
				     " has bits outside the mask 0x%" PRIx64,
				     arg->value_two, arg->value);
		} else if (arg->value_two) {
			WARN(c, &arg->loc,
			     "%s has no effect with operator '%s', ignoring",
			     c->v->ini ? "VALUE-TWO" : "'valueTwo'",
			     validate_quote(q, arg->op));
		}
	}
}

/* ---- includes / excludes ---- */

static void check_cond_arches(struct vctx *c, const struct sc_strv *v,
			      bool excludes)
{
	const char *which = c->v->arches[excludes];
	char q[QBUF], norm[NBUF];
	const char *hint;

	for (size_t i = 0; i < v->n; i++) {
		const char *s = v->v[i].s ? v->v[i].s : "";
		const struct sc_loc *loc = &v->v[i].loc;
		bool dup = false;
		uint32_t t;

		for (size_t j = 0; j < i && !dup; j++)
			dup = v->v[j].s && strcmp(v->v[j].s, s) == 0;
		if (dup) {
			WARN(c, loc,
			     "duplicate architecture '%s' in %s, ignoring",
			     validate_quote(q, s), which);
			continue;
		}
		if (sc_arch_from_go_name(s))
			continue;
		if (validate_normalise(norm, sizeof(norm), "SCMP_ARCH_", s) &&
		    strncasecmp(s, "SCMP_ARCH_", 10) == 0) {
			/* Any SCMP_ARCH_* libseccomp knows, runc's or not. */
			t = 0;
			for (size_t j = 0; sc_arch_go_names[j] && !t; j++) {
				uint32_t k = sc_arch_from_go_name(
					sc_arch_go_names[j]);

				if (strcmp(sc_arch_scmp_name(k), norm) == 0)
					t = k;
			}
			if (t) {
				ERROR(c, loc,
				      "unknown architecture '%s' in %s; use '%s' here; SCMP_ARCH_* names belong in %s",
				      validate_quote(q, s), which,
				      sc_arch_go_name(t), c->v->scmp_home);
				continue;
			}
		}
		if ((t = validate_arch_alias(s))) {
			ERROR(c, loc,
			      "unknown architecture '%s' in %s; use '%s' here; Docker compares Go-style names",
			      validate_quote(q, s), which, sc_arch_go_name(t));
		} else if ((hint = sc_suggest(s, sc_arch_go_names))) {
			ERROR(c, loc,
			      "unknown architecture '%s' in %s; did you mean '%s'?",
			      validate_quote(q, s), which, hint);
		} else {
			ERROR(c, loc, "unknown architecture '%s' in %s",
			      validate_quote(q, s), which);
		}
	}
}

static void check_cond_caps(struct vctx *c, const struct sc_strv *v,
			    bool excludes)
{
	const char *which = c->v->caps[excludes];
	char q[QBUF], norm[NBUF];
	const char *vocab[70];
	const char *hint;
	size_t nv = 0;

	for (int i = 0; i <= sc_cap_max() && nv + 1 < ARRAY_SIZE(vocab); i++)
		if (sc_cap_name(i))
			vocab[nv++] = sc_cap_name(i);
	vocab[nv] = NULL;

	for (size_t i = 0; i < v->n; i++) {
		const char *s = v->v[i].s ? v->v[i].s : "";
		const struct sc_loc *loc = &v->v[i].loc;
		bool dup = false, normed;

		for (size_t j = 0; j < i && !dup; j++)
			dup = v->v[j].s && strcmp(v->v[j].s, s) == 0;
		if (dup) {
			WARN(c, loc,
			     "duplicate capability '%s' in %s, ignoring",
			     validate_quote(q, s), which);
			continue;
		}
		if (sc_cap_parse(s) >= 0)
			continue;
		normed = validate_normalise(norm, sizeof(norm), "CAP_", s);
		if (normed && sc_cap_parse(norm) >= 0)
			ERROR(c, loc,
			      "unknown capability '%s'; Docker compares capability names exactly: write '%s'",
			      validate_quote(q, s), norm);
		else if ((hint = sc_suggest(normed ? norm : s, vocab)))
			ERROR(c, loc,
			      "unknown capability '%s'; did you mean '%s'?",
			      validate_quote(q, s), hint);
		else
			ERROR(c, loc, "unknown capability '%s'",
			      validate_quote(q, s));
	}
}

static void check_cond(struct vctx *c, const struct sc_cond *k,
		       bool excludes)
{
	const char *key = c->v->min_kernel[excludes];
	char q[QBUF];
	unsigned maj, min;

	/* In the order moby's Filter struct (and so every writer) has them. */
	check_cond_caps(c, &k->caps, excludes);
	check_cond_arches(c, &k->arches, excludes);
	if (!k->min_kernel)
		return;
	if (sc_min_kernel_parse(k->min_kernel, &maj, &min) < 0)
		ERROR(c, &k->min_kernel_loc,
		      "invalid %s '%s'; expected \"<kernel>.<major>\", e.g. '4.8'",
		      c->v->min_kernel_field ? c->v->min_kernel_field : key,
		      validate_quote(q, k->min_kernel));
	else if (!*k->min_kernel && excludes)
		WARN(c, &k->min_kernel_loc,
		     "%s '' always excludes this rule; Docker reads '' as kernel 0.0",
		     key);
	else if (!*k->min_kernel)
		WARN(c, &k->min_kernel_loc,
		     "%s '' is always satisfied; Docker reads '' as kernel 0.0",
		     key);
}

/* ---- one rule ---- */

void validate_check_group(struct vctx *c, const struct sc_group *g)
{
	enum sc_action a = sc_action_parse(g->action);

	check_names(c, g, a);
	if (!g->action)
		ERROR(c, &g->loc, "%s", c->v->missing_action);
	else
		validate_check_action(c, g->action, &g->action_loc);
	if (a == SC_ACT_NOTIFY && !c->p->listener_path &&
	    !c->notify_reported) {
		ERROR(c, &g->action_loc,
		      "'%s' needs '%s'; runc refuses to start without it",
		      c->v->notify, c->v->listener_path);
		c->notify_reported = true;
	}
	validate_check_errno_ret(c, c->v->errno_ret, g->has_errno_ret,
				 g->errno_ret, a, g->action, &g->errno_ret_loc);
	validate_check_errno_name(c, c->v->errno_name, g->errno_name,
				  c->v->errno_ret, g->has_errno_ret,
				  g->errno_ret, a, g->action,
				  &g->errno_name_loc);
	check_args(c, g);
	check_cond(c, &g->includes, false);
	check_cond(c, &g->excludes, true);
}

