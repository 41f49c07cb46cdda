/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler's first pass: the resolved profile checked once more and
 * turned into values, as compile_internal.h's struct prep holds them: the
 * default and each group's action as the kernel returns it, conditions as
 * libseccomp takes them, every distinct syscall name looked up once, the
 * load flags, and the values libseccomp is given in place of those it
 * refuses.  The arches and routes are compile_routes.c's.
 *
 * What conf/validate.c checks (actions, errnos, argument indexes and
 * operators, flags, architectures, empty names) is checked here once more,
 * in the terse words of a library: the pipeline and the embedding API
 * always validate first, but sc_compile is also called on profiles nobody
 * validated (the fuzz targets' generated ones, whose refusals must match
 * tests/oracle.c's; test_compile's), and these checks are what keeps such
 * a profile from indexing past a group's six arguments or handing
 * libseccomp an operator or action it does not have.  names_checked is
 * how a caller that validated says so, for the one check that warns.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compile_internal.h"
#include "names.h"

/* ------------------------------------------------------------------ */
/* The profile, checked and turned into values (pass one) */

const char *compile_file(const struct prep *pp)
{
	return pp->p->file;
}

struct sc_loc compile_pick_loc(struct sc_loc a, struct sc_loc b)
{
	return a.line ? a : b;
}

int compile_err(const struct prep *pp, struct sc_error *err, int code,
		struct sc_loc loc, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sc_verr(err, code, compile_file(pp), loc.line, loc.col, fmt, ap);
	va_end(ap);
	return r;
}

/* Kernel precedence of stacked results: higher wins. */
static int precedence(enum sc_action a)
{
	switch (a) {
	case SC_ACT_KILL_PROCESS:
		return 7;
	case SC_ACT_KILL_THREAD:
		return 6;
	case SC_ACT_TRAP:
		return 5;
	case SC_ACT_ERRNO:
		return 4;
	case SC_ACT_NOTIFY:
		return 3;
	case SC_ACT_TRACE:
		return 2;
	case SC_ACT_LOG:
		return 1;
	default:
		return 0;
	}
}

struct action_src {
	const char *action;
	struct sc_loc action_loc;
	bool has_errno_ret;
	uint64_t errno_ret;
	struct sc_loc errno_ret_loc;
	const char *errno_name;
	struct sc_loc errno_name_loc;
	struct sc_loc notify_loc; /* where to point for NOTIFY */
	bool is_default;
};

static int parse_action(const struct prep *pp, const struct action_src *s,
			struct filter_action *ret, struct sc_error *err)
{
	enum sc_action a;
	uint64_t data = 0;
	struct sc_loc data_loc = s->errno_ret_loc;
	const char *hint;

	if (!s->action || !*s->action) {
		if (s->is_default)
			return compile_err(pp, err, EINVAL, s->action_loc,
					   "the profile has no defaultAction");
		return compile_err(pp, err, EINVAL, s->notify_loc,
				   "rule has no action");
	}
	a = sc_action_parse(s->action);
	if (a == SC_ACT_NOTIFY && s->is_default)
		return compile_err(pp, err, EINVAL, s->notify_loc,
				   "'SCMP_ACT_NOTIFY' cannot be the default action; "
				   "runc refuses it");
	if (a == SC_ACT_INVALID) {
		hint = sc_suggest(s->action, sc_action_names);
		if (hint)
			return compile_err(pp, err, EINVAL, s->action_loc,
					   "unknown action '%s'; did you mean '%s'?",
					   s->action, hint);
		return compile_err(pp, err, EINVAL, s->action_loc,
				   "unknown action '%s'", s->action);
	}
	/*
	 * The number itself is policy.c's (sc_action_data); the compiler only
	 * refuses what policy.c would read as 1: an errno field that is
	 * neither a name nor a number, whatever the action.
	 */
	if (!s->has_errno_ret && s->errno_name) {
		if (!sc_errno_value(s->errno_name, &data))
			return compile_err(pp, err, EINVAL, s->errno_name_loc,
					   "unknown errno '%s'",
					   s->errno_name);
		data_loc = s->errno_name_loc;
	}
	sc_action_data(s->action, s->has_errno_ret, s->errno_ret,
		       s->errno_name, &data);

	memset(ret, 0, sizeof(*ret));
	ret->kind = a;
	ret->orig = a;
	switch (a) {
	case SC_ACT_KILL_THREAD:
		ret->value = SECCOMP_RET_KILL_THREAD;
		break;
	case SC_ACT_KILL_PROCESS:
		ret->value = SECCOMP_RET_KILL_PROCESS;
		break;
	case SC_ACT_TRAP:
		ret->value = SECCOMP_RET_TRAP;
		break;
	case SC_ACT_LOG:
		ret->value = SECCOMP_RET_LOG;
		break;
	case SC_ACT_ALLOW:
		ret->value = SECCOMP_RET_ALLOW;
		break;
	case SC_ACT_NOTIFY:
		ret->value = SECCOMP_RET_USER_NOTIF;
		break;
	case SC_ACT_ERRNO:
	case SC_ACT_TRACE:
		/*
		 * sc_action_data gave EPERM (1) when nothing was written; for
		 * TRACE the same 1 is the tracer's message.  policy.c keeps 16
		 * bits of a larger number, as the kernel would; a compiled
		 * program refuses it instead.
		 */
		if (data > SECCOMP_RET_DATA)
			return compile_err(pp, err, EINVAL,
					   compile_pick_loc(data_loc,
							    s->action_loc),
					   "errno value %" PRIu64
					   " is out of range (0 to 65535)",
					   data);
		ret->value = (a == SC_ACT_ERRNO ? SECCOMP_RET_ERRNO
						: SECCOMP_RET_TRACE) |
			     (uint32_t)data;
		break;
	default:
		return compile_err(pp, err, EINVAL, s->action_loc,
				   "unknown action '%s'", s->action);
	}
	return 0;
}

/* Complain mode: whatever does not let the syscall run is logged instead. */
static void complain(struct filter_action *a)
{
	if (sc_action_allows(a->kind))
		return;
	a->kind = SC_ACT_LOG;
	a->value = SECCOMP_RET_LOG;
}

static int parse_args(const struct prep *pp, struct rule_group *rg,
		      struct sc_error *err)
{
	const struct sc_group *g = rg->g;
	unsigned count[6] = { 0 };
	const char *hint;

	if (!g->nargs)
		return 0;
	rg->cmp = calloc(g->nargs, sizeof(*rg->cmp));
	if (!rg->cmp)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < g->nargs; i++) {
		const struct sc_arg *a = &g->args[i];
		struct sc_loc loc = compile_pick_loc(a->loc, g->loc);
		int op;

		if (a->index > 5)
			return compile_err(pp, err, EINVAL, loc,
					   "argument index %" PRIu64
					   " is out of range (syscalls have arguments 0 to 5)",
					   a->index);
		if (!a->op || !*a->op)
			return compile_err(pp, err, EINVAL, loc,
					   "argument %" PRIu64 " has no operator",
					   a->index);
		op = sc_op_parse(a->op);
		if (op <= 0) {
			hint = sc_suggest(a->op, sc_op_names);
			if (hint)
				return compile_err(pp, err, EINVAL, loc,
						   "unknown operator '%s'; did you mean '%s'?",
						   a->op, hint);
			return compile_err(pp, err, EINVAL, loc,
					   "unknown operator '%s'", a->op);
		}
		/* For MASKED_EQ value is the mask, valueTwo the result. */
		rg->cmp[i] = (struct scmp_arg_cmp){
			.arg = (unsigned int)a->index,
			.op = (enum scmp_compare)op,
			.datum_a = a->value,
			.datum_b = a->value_two,
		};
		if (++count[a->index] > 1)
			rg->split = true;
	}
	rg->ncmp = g->nargs;
	return 0;
}

static struct sc_loc name_loc(const struct sc_group *g, size_t i)
{
	if (g->names.n)
		return compile_pick_loc(g->names.v[i].loc, g->loc);
	return compile_pick_loc(g->name_loc, g->loc);
}

/* FNV-1a: the names are short and few; any decent spread will do. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Slot of s in the index: its entry, or the free slot where it belongs. */
uint32_t *compile_name_slot(const struct prep *pp, const char *s)
{
	size_t mask = pp->nslots - 1;

	for (size_t i = name_hash(s) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &pp->slots[i];

		if (!*slot || strcmp(pp->names[*slot - 1].s, s) == 0)
			return slot;
	}
}

/* Size the name index for every name of every group (pass one). */
static int names_init(struct prep *pp, struct sc_error *err)
{
	size_t total = 0;

	for (size_t i = 0; i < pp->p->ngroups; i++)
		total += sc_group_name_count(&pp->p->groups[i]);
	pp->nslots = 16;
	while (pp->nslots < 2 * total)
		pp->nslots *= 2;
	pp->slots = calloc(pp->nslots, sizeof(*pp->slots));
	pp->names = calloc(total ? total : 1, sizeof(*pp->names));
	if (!pp->slots || !pp->names)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* The entry of a (non-empty) name, looked up in the tables the first time. */
static uint32_t intern_name(struct prep *pp, const char *s)
{
	uint32_t *slot = compile_name_slot(pp, s);
	struct syscall_name *sn;

	if (*slot)
		return *slot - 1;
	sn = &pp->names[pp->nnames];
	sn->s = s;
	sn->lnr = seccomp_syscall_resolve_name(s);
	/* sc_syscall_known: libseccomp's table, else the generated one. */
	sn->known = sn->lnr != __NR_SCMP_ERROR || sc_syscall_known(s);
	/*
	 * libseccomp 2.5.4 gives two names one pseudo number on some arches
	 * (sys_debug_setcontext and switch_endian: -10191 on x86_64) and
	 * translates a rule given that number to the first name's syscall on
	 * the others: a rule for switch_endian compiled here for ppc64le
	 * would land on sys_debug_setcontext.  Such names go by number.
	 */
	if (sn->lnr < 0 && sn->lnr != __NR_SCMP_ERROR) {
		char *back = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
							      sn->lnr);

		sn->misrouted = !back || strcmp(back, s) != 0;
		free(back);
	}
	*slot = (uint32_t)++pp->nnames;
	return *slot - 1;
}

/*
 * A name no table knows: skipping it is harmless where the rule would have
 * let the syscall through (Docker skips it), but in a rule that denies it
 * would leave the syscall to a more permissive default: fail closed.
 */
static int check_names(struct prep *pp, struct rule_group *rg,
		       const struct sc_diag *d, struct sc_error *err)
{
	const struct sc_group *g = rg->g;
	size_t n = sc_group_name_count(g);
	bool allowing =
		precedence(rg->action.orig) < precedence(pp->def.orig) ||
		sc_action_allows(rg->action.orig);

	if (n) {
		rg->ids = calloc(n, sizeof(*rg->ids));
		if (!rg->ids)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = sc_group_name_at(g, i);
		struct sc_loc loc = name_loc(g, i);

		if (!name || !*name)
			return compile_err(pp, err, EINVAL, loc,
					   "empty syscall name");
		rg->ids[i] = intern_name(pp, name);
		if (pp->names[rg->ids[i]].known)
			continue;
		if (!allowing)
			return compile_err(pp, err, EINVAL, loc,
					   "unknown syscall '%s' in a rule that denies; skipping it would leave it allowed",
					   name);
		if (!pp->o->names_checked)
			sc_diag_emit(d, SC_SEV_WARNING, EINVAL, compile_file(pp),
				     loc.line, loc.col,
				     "unknown syscall '%s', ignoring", name);
	}
	return 0;
}

static int prep_flags(struct prep *pp, struct sc_error *err)
{
	const struct sc_profile *p = pp->p;
	const char *hint;

	/* runc 1.2: no "flags" at all means SPEC_ALLOW; [] means none. */
	if (!p->has_flags)
		pp->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	for (size_t i = 0; i < p->flags.n; i++) {
		const struct sc_str *s = &p->flags.v[i];
		bool found = false;

		for (size_t k = 0; k < SC_SECCOMP_NFLAGS; k++) {
			if (s->s &&
			    strcmp(s->s, sc_seccomp_flags[k].name) == 0) {
				pp->flags |= sc_seccomp_flags[k].flag;
				found = true;
			}
		}
		if (found)
			continue;
		hint = s->s ? sc_suggest(s->s, sc_seccomp_flag_names) : NULL;
		if (hint)
			return compile_err(pp, err, EINVAL, s->loc,
					   "unknown seccomp flag '%s'; did you mean '%s'?",
					   s->s ? s->s : "", hint);
		return compile_err(pp, err, EINVAL, s->loc,
				   "unknown seccomp flag '%s'", s->s ? s->s : "");
	}
	if (pp->o->tsync)
		pp->flags |= SECCOMP_FILTER_FLAG_TSYNC;
	return 0;
}

static bool value_used(const struct prep *pp, uint32_t v)
{
	if (pp->def.value == v)
		return true;
	for (size_t i = 0; i < pp->ngroups; i++)
		if (pp->groups[i].action.value == v)
			return true;
	for (size_t i = 0; i < pp->nsubstitutes; i++)
		if (pp->substitutes[i].lib == v)
			return true;
	return false;
}

/* ERRNO(n) for the highest n libseccomp accepts that nothing uses yet. */
static int spare_errno(const struct prep *pp, uint32_t *ret)
{
	for (uint32_t e = LIB_ERRNO_LIMIT - 1; e > 0; e--) {
		uint32_t v = SECCOMP_RET_ERRNO | e;

		if (!value_used(pp, v)) {
			*ret = v;
			return 0;
		}
	}
	return -ENOSPC;
}

/*
 * Values libseccomp will not take: ERRNO data from 4095 on, and the actions
 * it accepts only after asking the running kernel (KILL_PROCESS, LOG), so
 * that compiling never depends on where it runs.
 */
static bool lib_refuses(uint32_t v)
{
	if (v == SECCOMP_RET_KILL_PROCESS || v == SECCOMP_RET_LOG)
		return true;
	return (v & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO &&
	       (v & SECCOMP_RET_DATA) >= LIB_ERRNO_LIMIT;
}

/*
 * Values libseccomp refuses (lib_refuses) get a substitute, an ERRNO value
 * nothing else uses, and are put back into the exported program: runc hands
 * the kernel ERRNO data above 4095 (the kernel caps it).  The bad-arch
 * action is a substitute too, so its returns can be told from the default's.
 */
static int prep_substitutes(struct prep *pp, struct sc_error *err)
{
	size_t cap = pp->ngroups + 1;

	pp->substitutes = calloc(cap, sizeof(*pp->substitutes));
	if (!pp->substitutes)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i <= pp->ngroups; i++) {
		uint32_t v = i < pp->ngroups ? pp->groups[i].action.value
					     : pp->def.value;
		bool seen = false;

		if (!lib_refuses(v))
			continue;
		for (size_t k = 0; k < pp->nsubstitutes; k++)
			seen |= pp->substitutes[k].real == v;
		if (seen)
			continue;
		if (spare_errno(pp, &pp->substitutes[pp->nsubstitutes].lib) < 0)
			return sc_err(err, ENOSPC, compile_file(pp), 0, 0,
				      "too many different errno values");
		pp->substitutes[pp->nsubstitutes++].real = v;
	}
	if (spare_errno(pp, &pp->badarch_value) < 0)
		return sc_err(err, ENOSPC, compile_file(pp), 0, 0,
			      "too many different errno values");
	return 0;
}

uint32_t compile_lib_value(const struct prep *pp, uint32_t real)
{
	for (size_t i = 0; i < pp->nsubstitutes; i++)
		if (pp->substitutes[i].real == real)
			return pp->substitutes[i].lib;
	return real;
}

uint32_t compile_real_value(const struct prep *pp, uint32_t lib)
{
	for (size_t i = 0; i < pp->nsubstitutes; i++)
		if (pp->substitutes[i].lib == lib)
			return pp->substitutes[i].real;
	return lib;
}

void compile_prep_free(struct prep *pp)
{
	for (size_t i = 0; i < pp->ngroups; i++) {
		free(pp->groups[i].cmp);
		free(pp->groups[i].ids);
	}
	free(pp->groups);
	free(pp->names);
	free(pp->slots);
	free(pp->routes);
	free(pp->arches);
	free(pp->substitutes);
	memset(pp, 0, sizeof(*pp));
}

int compile_prep_init(struct prep *pp, const struct sc_profile *p,
		      const struct sc_compile_opts *o, const struct sc_diag *d,
		      struct sc_error *err)
{
	struct action_src src;
	int r;

	memset(pp, 0, sizeof(*pp));
	pp->p = p;
	pp->o = o;

	src = (struct action_src){
		.action = p->default_action,
		.action_loc = p->default_action_loc,
		.has_errno_ret = p->has_default_errno_ret,
		.errno_ret = p->default_errno_ret,
		.errno_ret_loc = p->default_errno_ret_loc,
		.errno_name = p->default_errno_name,
		.errno_name_loc = p->default_errno_name_loc,
		.notify_loc = p->default_action_loc,
		.is_default = true,
	};
	r = parse_action(pp, &src, &pp->def, err);
	if (r < 0)
		return r;
	if (o->log_mode)
		complain(&pp->def);

	r = names_init(pp, err);
	if (r < 0)
		return r;
	if (p->ngroups) {
		pp->groups = calloc(p->ngroups, sizeof(*pp->groups));
		if (!pp->groups)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < p->ngroups; i++) {
		const struct sc_group *g = &p->groups[i];
		struct rule_group *rg = &pp->groups[pp->ngroups++];

		rg->g = g;
		src = (struct action_src){
			.action = g->action,
			.action_loc = compile_pick_loc(g->action_loc, g->loc),
			.has_errno_ret = g->has_errno_ret,
			.errno_ret = g->errno_ret,
			.errno_ret_loc = g->errno_ret_loc,
			.errno_name = g->errno_name,
			.errno_name_loc = g->errno_name_loc,
			.notify_loc = compile_pick_loc(g->loc, g->action_loc),
		};
		r = parse_action(pp, &src, &rg->action, err);
		if (r < 0)
			return r;
		if (o->log_mode)
			complain(&rg->action);
		/*
		 * Not sc_group_same_as_default, which asks about the profile
		 * as written (runc leaves such a rule out).  The compiler
		 * skips the rules whose action is the default as the kernel
		 * will see it, the value libseccomp compares when it refuses
		 * a rule that repeats the filter's default: after complain
		 * mode (a KILL rule under an ERRNO default is LOG like the
		 * default, so it needs no rule), and errno numbers as the 16
		 * bits the program holds (5000 is not 4095 here, though the
		 * kernel caps both to 4095 when it returns them).
		 */
		rg->same_as_default = rg->action.value == pp->def.value;
		r = parse_args(pp, rg, err);
		if (r < 0)
			return r;
		r = check_names(pp, rg, d, err);
		if (r < 0)
			return r;
	}

	r = compile_prep_arches(pp, d, err);
	if (r < 0)
		return r;
	r = compile_prep_routes(pp, err);
	if (r < 0)
		return r;
	/* Nothing to gain where the default lets the syscall run (or tries to). */
	pp->enosys = !o->no_enosys &&
		     sc_enosys_wanted((struct sc_action_value){
			     pp->def.kind, pp->def.value & SECCOMP_RET_DATA });
	r = prep_flags(pp, err);
	if (r < 0)
		return r;
	return prep_substitutes(pp, err);
}
