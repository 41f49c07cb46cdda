/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap why`: what a profile gives one call (or each call of a file of
 * kernel audit records), which rule or default decided it, and what would
 * change the outcome: a capability more or less, another kernel version
 * against the profile's minKernel values, other argument values.  Every
 * "would" is the profile resolved again and asked again, never a guess;
 * the asking is conf/decide.h (the self-check's model, as `seccap diff`
 * asks it), the reading of audit records conf/audit.h.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "audit.h"
#include "decide.h"
#include "model.h"
#include "names.h"
#include "pipeline.h"
#include "resolve.h"
#include "util.h"

static const char why_help[] =
	"Usage: seccap why [OPTION]... [PROFILE] SYSCALL [ARG]...\n"
	"   or: seccap why [OPTION]... [PROFILE] --audit FILE\n"
	"\n"
	"Say what PROFILE gives a call after capability resolution: the action,\n"
	"the rule (file:line) or default that decided it, the condition that\n"
	"matched or failed, and what would change the outcome: a capability\n"
	"added or removed, a kernel version across the profile's minKernel\n"
	"values, other argument values.\n"
	"\n"
	"PROFILE is a Docker JSON or seccap INI file, or 'default' (the embedded\n"
	"Docker default).  The first operand is PROFILE when it is 'default' or\n"
	"names an existing file and more operands follow; otherwise the profile\n"
	"is the embedded default and the first operand is SYSCALL.\n"
	"SYSCALL is a name (unshare) or a number on the target arch (272); each\n"
	"ARG a number (decimal, 0x hex, 0 octal; after '--' also negative), at\n"
	"most six; arguments not given are 0.\n"
	"\n"
	"Options:\n"
	"  -c, --caps SPEC      capability set to resolve against, as in 'seccap\n"
	"                       show' (default: the permitted set of this process;\n"
	"                       --caps docker for a default container)\n"
	"  -a, --arch ARCH      target architecture (default: this machine's)\n"
	"  -k, --kernel X.Y     kernel version for minKernel (default: uname)\n"
	"      --audit FILE     explain each distinct (arch, syscall) of the\n"
	"                       seccomp records in FILE ('-': standard input), as\n"
	"                       printed by dmesg, journalctl -k or auditd's\n"
	"                       audit.log; other lines are skipped\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Exit status: 0 answered, 2 bad input: a bad option, profile, syscall or\n"
	"argument, or (--audit) a malformed seccomp record, which is reported\n"
	"with its line while the others are still explained.\n";

#define MAX_ARGS 6
#define MAX_KVERS 64

/* One resolution of the profile, kept for the questions that follow. */
struct variant {
	uint32_t arch;
	uint64_t caps;
	bool kernel_set;
	unsigned kmajor, kminor;
	struct sc_profile *resolved;
	struct sc_decide *model;
	struct variant *next;
};

struct kver {
	unsigned major, minor;
};

struct distinct {
	uint32_t arch, nr;
	unsigned line, count;
	bool has_code, codes_differ;
	uint32_t code;
	char comm[64];
};

struct why {
	const char *profile_path;   /* NULL: the embedded default */
	const char *caps_spec;
	const char *audit_path;
	bool arch_given;
	struct sc_target target;    /* arch 0 when not given */
	char kernel_text[80];

	struct sc_profile *profile;
	struct variant *vars;       /* a list: pointers to them are kept */
	int caps[64];               /* named in the profile's conditions */
	size_t ncaps;
	uint64_t sets[64];          /* includes.caps lists of 2 and more */
	size_t nsets;
	struct kver kv[MAX_KVERS];  /* the profile's minKernel values, sorted */
	size_t nkv;

	struct distinct *recs;      /* --audit */
	size_t nrecs;
	unsigned bad_records;
	bool oom;
};

/* One call asked about. */
struct call {
	uint32_t nr, token;          /* token: the ABI, SCMP_ARCH_* */
	const char *name;            /* NULL: no syscall of that number */
	const uint64_t *args;        /* NULL: not known (audit records) */
	unsigned nargs;
};

/* ---- resolutions ---- */

static int variant_get(struct why *w, uint32_t arch, uint64_t caps,
		       bool kernel_set, unsigned kmajor, unsigned kminor,
		       const struct variant **ret, struct sc_error *err)
{
	struct sc_target t = {
		.arch = arch, .kernel_set = kernel_set,
		.kernel_major = kmajor, .kernel_minor = kminor,
		.caps = { caps }, .caps_asked = true,
	};
	struct variant *v;
	int r;

	for (v = w->vars; v; v = v->next) {
		if (v->arch == arch && v->caps == caps &&
		    v->kernel_set == kernel_set &&
		    (!kernel_set ||
		     (v->kmajor == kmajor && v->kminor == kminor))) {
			*ret = v;
			return 0;
		}
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	*v = (struct variant){ arch, caps, kernel_set, kmajor, kminor, NULL,
			       NULL, w->vars };
	r = sc_resolve(w->profile, &t, NULL, &v->resolved, err);
	if (r == 0) {
		struct sc_compile_opts o = { .arch = arch };

		r = sc_decide_open(v->resolved, &o, &v->model, err);
	}
	if (r < 0) {
		sc_profile_free(v->resolved);
		free(v);
		return r;
	}
	w->vars = v;
	*ret = v;
	return 0;
}

static int variant_base(struct why *w, uint32_t arch,
			const struct variant **ret, struct sc_error *err)
{
	return variant_get(w, arch, w->target.caps.bits, w->target.kernel_set,
			   w->target.kernel_major, w->target.kernel_minor, ret,
			   err);
}

/*
 * What the call gets (*a: with its arguments, or all zero), and in *o
 * every action it may get: with arguments, *a's; without (an audit record
 * has none), every action whatever the arguments.
 */
static void outcome_of(const struct sc_decide *m, const struct call *c,
		       struct sc_decision *o, struct sc_decision *a)
{
	static const uint64_t zero[6];

	sc_decide_call(m, c->token, c->nr, c->args ? c->args : zero, a);
	if (c->args)
		*o = *a;
	else
		sc_decide_possible(m, c->token, c->nr, o);
}

/* "allowed", "ERRNO(EPERM)", "ERRNO(EPERM) or ALLOW". */
static void outcome_text(const struct sc_decision *o, bool verb, char *buf,
			 size_t n)
{
	if (verb && sc_decision_must_run(o))
		snprintf(buf, n, "allowed");
	else
		sc_decision_format(o, buf, n);
}

/* ---- words ---- */

static const char *arch_word(uint32_t token, char *buf, size_t n)
{
	/* The spelling show and diff print: libseccomp's, in lower case. */
	app_arch_short_name(token, buf, n);
	return buf;
}

/* The capability set resolved for, for the headers: as the user gave it. */
static const char *caps_word(const struct why *w)
{
	return w->caps_spec ? w->caps_spec : "the permitted set of this process";
}

/* "default:486" or "the default action, default:15". */
static void decider_text(const struct sc_profile *p,
			 const struct sc_decision *a, char *buf, size_t n)
{
	switch (a->why) {
	case SC_DECIDE_RULE:
		sc_decision_source(a, p, buf, n);
		break;
	case SC_DECIDE_DEFAULT:
		snprintf(buf, n, "the default action, %s:%u",
			 sc_decide_file(p), a->loc.line);
		break;
	case SC_DECIDE_ENOSYS:
		snprintf(buf, n, "the ENOSYS rule for numbers above the "
			 "profile's");
		break;
	case SC_DECIDE_ARCH:
		snprintf(buf, n, "the action for ABIs the filter lacks");
		break;
	}
}

/* A rule's conditions, all of which must hold: "arg0 == 1 && arg2 > 3". */
static void rule_conds_text(const struct sc_decide_rule *r, char *buf,
			    size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < r->n && len < n; i++) {
		char c[96];

		sc_atom_format(&r->c[i], true, c, sizeof(c));
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					i ? " && " : "", c);
	}
}

/* ---- one call ---- */

static void put_rules(const struct variant *v, const struct call *c,
		      const struct sc_decision *a)
{
	struct sc_decide_rule rules[64];
	size_t n = sc_decide_rules(v->model, c->token, c->nr, c->args, rules, 64);
	const char *name = c->name ? c->name : "this number";

	if (a->why == SC_DECIDE_ARCH || a->why == SC_DECIDE_ENOSYS)
		return;
	if (!n) {
		printf("  condition: none; after resolution the profile has no "
		       "rule for %s that differs from the default\n", name);
		return;
	}
	if (a->unconditional) {
		printf("  condition: none; the rule applies to every call of "
		       "%s\n", name);
		return;
	}
	if (!c->args)
		printf("  condition: the record does not carry the arguments; "
		       "the rules for %s decide by them:\n", name);
	else
		printf("  condition: the rules for %s, with the arguments "
		       "given:\n", name);
	for (size_t i = 0; i < n && i < 64; i++) {
		const struct sc_decide_rule *r = &rules[i];
		char act[48], conds[256];

		sc_ret_format(r->action, act, sizeof(act));
		rule_conds_text(r, conds, sizeof(conds));
		printf("    %s:%u: %s if %s", sc_decide_file(v->resolved),
		       r->loc.line, act, conds);
		if (!c->args) {
			printf("\n");
			continue;
		}
		printf(": %s (", r->holds ? "holds" : "fails");
		for (unsigned k = 0; k < r->n; k++) {
			const struct sc_atom *cc = &r->c[k];
			uint64_t val = c->args[cc->arg];
			char vt[32], mt[32];

			if (cc->op == SCMP_CMP_MASKED_EQ) {
				sc_value_format(cc->mask, true, mt, sizeof(mt));
				sc_value_format(val & cc->mask, false, vt,
					   sizeof(vt));
				printf("%sarg%u & %s is %s", k ? ", " : "",
				       cc->arg, mt, vt);
			} else {
				sc_value_format(val, false, vt, sizeof(vt));
				printf("%sarg%u is %s", k ? ", " : "", cc->arg,
				       vt);
			}
			if (cc->arg >= c->nargs)
				printf(", not given");
		}
		printf(")\n");
	}
}

/* What other capability sets make of the call: each named one toggled. */
/* One capability set tried: a line when it gives another outcome. */
static int try_caps(struct why *w, const struct call *c, uint32_t arch,
		    const struct sc_decision *base, uint64_t caps, bool *flips,
		    struct sc_decision *o, char *where, size_t n,
		    struct sc_error *err)
{
	const struct variant *v;
	struct sc_decision a;
	int r;

	r = variant_get(w, arch, caps, w->target.kernel_set,
			w->target.kernel_major, w->target.kernel_minor, &v, err);
	if (r < 0)
		return r;
	outcome_of(v->model, c, o, &a);
	*flips = !sc_decision_same(o, base);
	if (*flips)
		decider_text(v->resolved, &a, where, n);
	return 0;
}

/*
 * What other capability sets make of the call: each capability the
 * profile's conditions name, added or removed; then, for groups that
 * include only with several capabilities, the missing ones together.
 */
static int put_caps_changes(struct why *w, const struct call *c,
			    uint32_t arch, const struct sc_decision *base,
			    unsigned *told, struct sc_error *err)
{
	uint64_t have = w->target.caps.bits, single = 0;
	char verb[128], where[128];
	struct sc_decision o;
	bool flips;
	int r;

	for (size_t i = 0; i < w->ncaps; i++) {
		uint64_t bit = 1ULL << w->caps[i];

		r = try_caps(w, c, arch, base, have ^ bit, &flips, &o, where,
			     sizeof(where), err);
		if (r < 0)
			return r;
		if (!flips)
			continue;
		single |= bit;
		outcome_text(&o, true, verb, sizeof(verb));
		printf("    %s %s %s (%s)\n", verb,
		       have & bit ? "without" : "with",
		       sc_cap_name(w->caps[i]), where);
		(*told)++;
	}
	for (size_t i = 0; i < w->nsets; i++) {
		struct sc_capset missing = { w->sets[i] & ~have };
		char names[512];

		/* One of them alone was told already, or one is missing. */
		if (__builtin_popcountll(missing.bits) < 2 ||
		    (missing.bits & single))
			continue;
		r = try_caps(w, c, arch, base, have | missing.bits, &flips, &o,
			     where, sizeof(where), err);
		if (r < 0)
			return r;
		if (!flips)
			continue;
		outcome_text(&o, true, verb, sizeof(verb));
		printf("    %s with %s together (%s)\n", verb,
		       sc_capset_prose(&missing, names, sizeof(names)), where);
		(*told)++;
	}
	return 0;
}

static void kver_text(const struct kver *k, char *buf, size_t n)
{
	snprintf(buf, n, "%u.%u", k->major, k->minor);
}

/*
 * The kernel versions between the profile's minKernel values: range 0 is
 * below the lowest, range i (1..nkv) starts at kv[i-1] and ends below
 * kv[i].  Runs of ranges that give another outcome than the base are told.
 */
static int put_kernel_changes(struct why *w, const struct call *c,
			      uint32_t arch, const struct sc_decision *base,
			      unsigned *told, struct sc_error *err)
{
	struct sc_decision o[MAX_KVERS + 1];
	char where[MAX_KVERS + 1][128];
	size_t from = w->nkv && !w->kv[0].major && !w->kv[0].minor ? 1 : 0;

	for (size_t i = from; i <= w->nkv; i++) {
		struct kver lo = i ? w->kv[i - 1] : (struct kver){ 0, 0 };
		const struct variant *v;
		struct sc_decision a;
		int r;

		r = variant_get(w, arch, w->target.caps.bits, true, lo.major,
				lo.minor, &v, err);
		if (r < 0)
			return r;
		outcome_of(v->model, c, &o[i], &a);
		decider_text(v->resolved, &a, where[i], sizeof(where[i]));
	}
	for (size_t i = from; i <= w->nkv;) {
		size_t j = i + 1;
		char verb[128], lo[16], hi[16];

		if (sc_decision_same(&o[i], base)) {
			i++;
			continue;
		}
		while (j <= w->nkv && sc_decision_same(&o[j], &o[i]))
			j++;
		/* ranges i..j-1: from kv[i-1] (or 0.0) to below kv[j-1] */
		outcome_text(&o[i], true, verb, sizeof(verb));
		if (i)
			kver_text(&w->kv[i - 1], lo, sizeof(lo));
		if (j <= w->nkv)
			kver_text(&w->kv[j - 1], hi, sizeof(hi));
		if (!i)
			printf("    %s on kernels < %s (%s)\n", verb, hi,
			       where[i]);
		else if (j > w->nkv)
			printf("    %s on kernels >= %s (%s)\n", verb, lo,
			       where[i]);
		else
			printf("    %s on kernels >= %s and < %s (%s)\n", verb,
			       lo, hi, where[i]);
		(*told)++;
		i = j;
	}
	return 0;
}

/* Other rules of the syscall: what their conditions would give. */
static void put_arg_changes(const struct variant *v, const struct call *c,
			    const struct sc_decision *a,
			    const struct sc_decision *base, unsigned *told)
{
	struct sc_decide_rule rules[64];
	size_t n;
	struct sc_decision f = { .n = 0 };

	if (!c->args || a->unconditional || a->why == SC_DECIDE_ARCH ||
	    a->why == SC_DECIDE_ENOSYS)
		return;
	n = sc_decide_rules(v->model, c->token, c->nr, c->args, rules, 64);
	if (!n)
		return;
	for (size_t i = 0; i < n && i < 64; i++) {
		struct sc_decision o = { .n = 0 };
		char verb[128], conds[256];

		sc_decision_add(&o, rules[i].action);
		if (sc_decision_same(&o, base))
			continue;
		outcome_text(&o, true, verb, sizeof(verb));
		sc_atoms_format(rules[i].c, rules[i].n,
				((uint64_t)1 << rules[i].n) - 1, rules[i].is32,
				conds, sizeof(conds));
		printf("    %s when %s (%s:%u)\n", verb, conds,
		       sc_decide_file(v->resolved), rules[i].loc.line);
		(*told)++;
	}
	sc_decision_add(&f, sc_decide_fallback(v->model, c->token, c->nr));
	if (!sc_decision_same(&f, base)) {
		char verb[128], conds[512] = "";
		struct sc_atom negated[64];
		bool all_single = true;

		/* One condition each: their negations read as one. */
		for (size_t i = 0; i < n && i < 64; i++) {
			all_single &= rules[i].n == 1;
			negated[i] = rules[i].c[0];
		}
		if (all_single)
			sc_atoms_format(negated, n < 64 ? n : 64, 0,
					rules[0].is32, conds, sizeof(conds));
		outcome_text(&f, true, verb, sizeof(verb));
		if (all_single)
			printf("    %s when %s (the default action, %s:%u)\n",
			       verb, conds, sc_decide_file(v->resolved),
			       v->resolved->default_action_loc.line);
		else
			printf("    %s when no rule above holds (the default "
			       "action, %s:%u)\n", verb, sc_decide_file(v->resolved),
			       v->resolved->default_action_loc.line);
		(*told)++;
	}
}

static void put_decided(const struct variant *v, const struct call *c,
			const struct sc_decision *a)
{
	const struct sc_profile *p = v->resolved;
	char an[32], buf[32];
	const char *top = NULL;
	uint32_t max = 0;

	switch (a->why) {
	case SC_DECIDE_RULE:
		if (a->n > 1) {
			printf("  decided:   overlapping rules with different "
			       "actions, the first at %s:%u; the filter may "
			       "return any of them\n", sc_decide_file(p),
			       a->loc.line);
			break;
		}
		printf("  decided:   the rule at %s:%u\n", sc_decide_file(p),
		       a->loc.line);
		break;
	case SC_DECIDE_DEFAULT:
		printf("  decided:   the default action (%s:%u)\n", sc_decide_file(p),
		       a->loc.line);
		break;
	case SC_DECIDE_ENOSYS:
		sc_decide_threshold(v->model, c->token, c->nr, &max, &top);
		printf("  decided:   the ENOSYS rule: nr %" PRIu32 " is above "
		       "%" PRIu32 " (%s), the highest number the profile "
		       "names on %s, so the call fails as on an older "
		       "kernel (runc does the same)\n", c->nr, max,
		       top ? top : "?", arch_word(c->token, an, sizeof(an)));
		break;
	case SC_DECIDE_ARCH:
		printf("  decided:   %s is not an architecture of the filter "
		       "(the profile's architectures and archMap name the "
		       "ABIs it handles)\n",
		       arch_word(c->token, buf, sizeof(buf)));
		break;
	}
}

static int explain(struct why *w, const struct call *c, uint32_t arch,
		   struct sc_error *err)
{
	const struct variant *v;
	struct sc_decision a;
	struct sc_decision o;
	char an[32], act[128];
	unsigned told = 0;
	bool by_args;
	int r;

	r = variant_base(w, arch, &v, err);
	if (r < 0)
		return r;
	outcome_of(v->model, c, &o, &a);
	outcome_text(&o, false, act, sizeof(act));
	/* No arguments known and rules that look at them: no one decider. */
	by_args = !c->args && !a.unconditional &&
		  a.why != SC_DECIDE_ARCH && a.why != SC_DECIDE_ENOSYS &&
		  sc_decide_rules(v->model, c->token, c->nr, NULL, NULL, 0);
	if (by_args) {
		printf("  action:    %s, depending on the arguments\n", act);
		printf("  decided:   by the arguments: the rules below, else "
		       "the default action (%s:%u)\n", sc_decide_file(v->resolved),
		       v->resolved->default_action_loc.line);
	} else {
		printf("  action:    %s (%s)\n", act,
		       sc_decision_must_run(&o) ? "allowed" : "denied");
		put_decided(v, c, &a);
	}
	put_rules(v, c, &a);
	printf("  would change it:\n");
	r = put_caps_changes(w, c, arch, &o, &told, err);
	if (r == 0)
		r = put_kernel_changes(w, c, arch, &o, &told, err);
	if (r < 0)
		return r;
	put_arg_changes(v, c, &a, &o, &told);
	if (!told)
		printf("    nothing: no capability the profile's conditions "
		       "name, no minKernel of it%s changes it on %s\n",
		       c->args && !a.unconditional ? " and no argument" : "",
		       arch_word(c->token, an, sizeof(an)));
	return 0;
}

/* "unshare (amd64, nr 272)", or "nr 999 (no syscall) on amd64". */
static void call_header(const struct call *c, const char *prefix)
{
	char an[32], nr[16];

	if (c->token == SCMP_ARCH_X32)
		snprintf(nr, sizeof(nr), "0x%" PRIx32, c->nr);
	else
		snprintf(nr, sizeof(nr), "%" PRIu32, c->nr);
	if (c->name)
		printf("%s%s (%s, nr %s)", prefix, c->name,
		       arch_word(c->token, an, sizeof(an)), nr);
	else
		printf("%snr %s (no syscall) on %s", prefix, nr,
		       arch_word(c->token, an, sizeof(an)));
	if (c->args && c->nargs) {
		printf(" args");
		for (unsigned i = 0; i < c->nargs; i++)
			printf(" %#" PRIx64, c->args[i]);
	}
}

/* ---- the profile's conditions ---- */

static int kver_cmp(const void *x, const void *y)
{
	const struct kver *a = x, *b = y;

	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	return a->minor < b->minor ? -1 : (a->minor > b->minor);
}

static void note_kernel(struct why *w, const char *s)
{
	struct kver k;

	if (!s || sc_min_kernel_parse(s, &k.major, &k.minor) < 0)
		return;
	for (size_t i = 0; i < w->nkv; i++)
		if (w->kv[i].major == k.major && w->kv[i].minor == k.minor)
			return;
	if (w->nkv < MAX_KVERS)
		w->kv[w->nkv++] = k;
}

static void note_caps(struct why *w, const struct sc_strv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		int c = v->v[i].s ? sc_cap_parse(v->v[i].s) : -1;
		bool seen = false;

		if (c < 0 || c >= 64)
			continue;
		for (size_t k = 0; k < w->ncaps; k++)
			seen |= w->caps[k] == c;
		if (!seen && w->ncaps < 64)
			w->caps[w->ncaps++] = c;
	}
}

/* A group's includes.caps list of several capabilities, as a set. */
static void note_set(struct why *w, const struct sc_strv *v)
{
	uint64_t set = 0;

	for (size_t i = 0; i < v->n; i++) {
		int c = v->v[i].s ? sc_cap_parse(v->v[i].s) : -1;

		if (c < 0 || c >= 64)
			return; /* a capability no set can hold: never kept */
		set |= 1ULL << c;
	}
	if (__builtin_popcountll(set) < 2)
		return;
	for (size_t i = 0; i < w->nsets; i++)
		if (w->sets[i] == set)
			return;
	if (w->nsets < 64)
		w->sets[w->nsets++] = set;
}

static int int_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;

	return (a > b) - (a < b);
}

static void collect_conditions(struct why *w)
{
	for (size_t i = 0; i < w->profile->ngroups; i++) {
		const struct sc_group *g = &w->profile->groups[i];

		note_caps(w, &g->includes.caps);
		note_caps(w, &g->excludes.caps);
		note_set(w, &g->includes.caps);
		note_kernel(w, g->includes.min_kernel);
		note_kernel(w, g->excludes.min_kernel);
	}
	qsort(w->caps, w->ncaps, sizeof(w->caps[0]), int_cmp);
	qsort(w->kv, w->nkv, sizeof(w->kv[0]), kver_cmp);
}

/* ---- the command line's call ---- */

static bool parse_number(const char *s, uint64_t *ret)
{
	char *end;

	if (!*s)
		return false;
	errno = 0;
	if (s[0] == '-')
		*ret = (uint64_t)strtoll(s, &end, 0);
	else
		*ret = strtoull(s, &end, 0);
	return !errno && *end == '\0';
}

/* Whether an operand is taken for the profile (when more follow). */
static bool names_profile(const char *s)
{
	struct stat st;

	return strcmp(s, SC_DEFAULT_PROFILE_NAME) == 0 ||
	       (stat(s, &st) == 0 && !S_ISDIR(st.st_mode));
}

/* The syscall operand on the target arch; a usage error's status or -1. */
static int parse_call(const char *s, uint32_t token, struct call *c)
{
	char an[32];
	uint64_t n;
	int nr, r;

	c->token = token;
	if (parse_number(s, &n)) {
		if (n > UINT32_MAX)
			return app_usage("syscall number '%s' is out of range",
					 s);
		c->nr = (uint32_t)n;
		c->name = sc_syscall_name(token, (int)c->nr);
		/* x32's numbers carry their bit: the ABI of the number given. */
		c->token = sc_decide_abi(token == SCMP_ARCH_X32
						 ? SCMP_ARCH_X86_64 : token,
					 c->nr);
		return -1;
	}
	r = sc_syscall_resolve(s, token, &nr);
	if (r == -ENOENT) {
		const char *hint = sc_syscall_suggest(s);

		if (names_profile(s))
			return app_usage("unknown syscall '%s'; as a profile it "
					 "needs a SYSCALL after it", s);
		if (hint)
			return app_usage("unknown syscall '%s'; did you mean "
					 "'%s'?", s, hint);
		return app_usage("unknown syscall '%s'", s);
	}
	if (r != 0 || nr < 0)
		return app_usage("'%s' is not a syscall on %s; give --arch for "
				 "another architecture", s,
				 arch_word(token, an, sizeof(an)));
	c->nr = (uint32_t)nr;
	c->name = sc_syscall_name(token, nr);
	if (!c->name)
		c->name = s;
	return -1;
}

/* ---- --audit ---- */

static void on_record(void *ud, const struct sc_audit_record *r,
		      const struct sc_error *bad)
{
	struct why *w = ud;
	struct distinct *d = NULL, *x;

	if (bad) {
		app_error(bad);
		w->bad_records++;
		return;
	}
	for (size_t i = 0; i < w->nrecs; i++)
		if (w->recs[i].arch == r->arch && w->recs[i].nr == r->nr)
			d = &w->recs[i];
	if (!d) {
		x = realloc(w->recs, (w->nrecs + 1) * sizeof(*x));
		if (!x) {
			w->oom = true;
			return;
		}
		w->recs = x;
		d = &w->recs[w->nrecs++];
		memset(d, 0, sizeof(*d));
		d->arch = r->arch;
		d->nr = r->nr;
		d->line = r->line;
		d->has_code = r->has_code;
		d->code = r->code;
		snprintf(d->comm, sizeof(d->comm), "%s", r->comm);
	} else if (r->has_code != d->has_code ||
		   (r->code & SECCOMP_RET_ACTION_FULL) !=
			   (d->code & SECCOMP_RET_ACTION_FULL)) {
		d->codes_differ = true;
	}
	d->count++;
}

/* Whether the kernel's action is one the profile could give the call. */
static bool code_matches(uint32_t code, const struct sc_decision *o)
{
	for (unsigned i = 0; i < o->n; i++)
		if ((o->acts[i] & SECCOMP_RET_ACTION_FULL) ==
		    (code & SECCOMP_RET_ACTION_FULL))
			return true;
	return false;
}

/* The arch to resolve for a record's ABI: --arch, this machine's, or its own. */
static int record_target(struct why *w, uint32_t token, uint32_t *arch,
			 struct sc_error *err)
{
	uint32_t native = w->target.arch ? w->target.arch : sc_arch_native();
	const struct variant *v;
	int r;

	*arch = native;
	if (w->arch_given)
		return 0;
	r = variant_base(w, native, &v, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sc_decide_narches(v->model); i++)
		if (sc_decide_arch(v->model, i) == token)
			return 0;
	/* A record from another machine: judge it as that machine would. */
	*arch = token == SCMP_ARCH_X32 ? SCMP_ARCH_X86_64 : token;
	return 0;
}

static int explain_record(struct why *w, const struct distinct *d,
			  struct sc_error *err)
{
	struct call c = { .nr = d->nr };
	const struct variant *v;
	struct sc_decision a;
	struct sc_decision o;
	uint32_t arch;
	char an[32], act[128];
	int r;

	c.token = sc_decide_abi(d->arch, d->nr);
	if (!sc_arch_scmp_name(c.token)) {
		struct sc_error e = { 0 };

		sc_err(&e, EINVAL, w->audit_path, d->line, 0,
		       "seccomp record of an unknown architecture 0x%08" PRIx32
		       " (an AUDIT_ARCH_* value); it cannot be explained",
		       d->arch);
		app_error(&e);
		w->bad_records++;
		return 0;
	}
	c.name = sc_syscall_name(c.token, (int)c.nr);
	printf("\n%s:%u: ", w->audit_path, d->line);
	call_header(&c, "");
	printf(", %u record%s", d->count, d->count == 1 ? "" : "s");
	if (d->comm[0])
		printf(", comm \"%s\"", d->comm);
	printf("\n");
	r = record_target(w, c.token, &arch, err);
	if (r == 0)
		r = variant_base(w, arch, &v, err);
	if (r < 0)
		return r;
	outcome_of(v->model, &c, &o, &a);
	if (d->has_code) {
		printf("  kernel:    %s (code=0x%" PRIx32 ")%s\n",
		       sc_audit_action_name(d->code), d->code,
		       d->codes_differ ? "; other records of it differ" : "");
		if (!code_matches(d->code, &o)) {
			outcome_text(&o, false, act, sizeof(act));
			printf("  note:      the kernel took %s but the profile "
			       "gives %s here: the process may have been "
			       "confined by another profile, capability set, "
			       "kernel or arch than these\n",
			       sc_audit_action_name(d->code), act);
		}
	} else {
		printf("  kernel:    no code= in the record (a kernel before "
		       "4.14)\n");
	}
	if (arch != (w->target.arch ? w->target.arch : sc_arch_native()))
		printf("  target:    %s, the record's own architecture\n",
		       arch_word(arch, an, sizeof(an)));
	return explain(w, &c, arch, err);
}

static int run_audit(struct why *w, struct sc_error *err)
{
	FILE *f = stdin;
	const char *name = w->audit_path;
	int r;

	if (strcmp(name, "-") != 0) {
		f = fopen(name, "re");
		if (!f)
			return sc_err(err, errno, NULL, 0, 0,
				      "cannot open '%s': %s", name,
				      strerror(errno));
	} else {
		w->audit_path = "<stdin>";
	}
	r = sc_audit_read(f, w->audit_path, on_record, w, err);
	if (f != stdin)
		fclose(f);
	if (r == 0 && w->oom)
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	if (r < 0)
		return r;
	printf("%zu distinct seccomp call%s in %s (profile %s, caps %s, "
	       "kernel %s)\n", w->nrecs, w->nrecs == 1 ? "" : "s",
	       w->audit_path, sc_decide_file(w->profile), caps_word(w),
	       w->kernel_text);
	for (size_t i = 0; i < w->nrecs && r == 0; i++)
		r = explain_record(w, &w->recs[i], err);
	return r;
}

/* ---- main ---- */

enum { WHY_OPT_AUDIT = APP_OPT_VERSION + 1 };

/* Returns -1 to go on (*first = the first operand after PROFILE). */
static int parse_args(struct why *w, int argc, char **argv, int *first)
{
	static const struct option longopts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "audit", required_argument, NULL, WHY_OPT_AUDIT },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	int c, r, nops;

	while ((c = getopt_long(argc, argv, "c:a:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			w->caps_spec = optarg;
			break;
		case 'a':
			r = app_parse_arch(optarg, &w->target.arch);
			if (r)
				return r;
			w->arch_given = true;
			break;
		case 'k':
			r = app_parse_kernel(optarg, &w->target.kernel_major,
					     &w->target.kernel_minor);
			if (r)
				return r;
			w->target.kernel_set = true;
			break;
		case WHY_OPT_AUDIT:
			if (!*optarg)
				return app_usage("empty file name for --audit");
			w->audit_path = optarg;
			break;
		default:
			return app_common_option(c, why_help);
		}
	}
	nops = argc - optind;
	*first = optind;
	if (w->audit_path) {
		if (nops > 1)
			return app_usage("unexpected argument '%s'; --audit "
					 "takes at most a PROFILE",
					 argv[optind + 1]);
		if (nops == 1) {
			w->profile_path = argv[optind];
			(*first)++;
		}
		return -1;
	}
	if (nops == 0)
		return app_usage("missing SYSCALL");
	if (nops > 1 && names_profile(argv[optind])) {
		w->profile_path = argv[optind];
		(*first)++;
	} else if (nops == 1 && names_profile(argv[optind]) &&
		   strcmp(argv[optind], SC_DEFAULT_PROFILE_NAME) == 0) {
		return app_usage("missing SYSCALL after the profile '%s'",
				 argv[optind]);
	}
	if (argc - *first > 1 + MAX_ARGS)
		return app_usage("unexpected argument '%s'; a syscall has at "
				 "most %d arguments", argv[*first + 1 + MAX_ARGS],
				 MAX_ARGS);
	return -1;
}

static int fill_target(struct why *w)
{
	struct utsname u;
	int r = app_target_caps(&w->target, w->caps_spec);

	if (r)
		return r;
	if (w->target.kernel_set)
		snprintf(w->kernel_text, sizeof(w->kernel_text), "%u.%u",
			 w->target.kernel_major, w->target.kernel_minor);
	else if (uname(&u) == 0)
		snprintf(w->kernel_text, sizeof(w->kernel_text), "%.64s",
			 u.release);
	else
		snprintf(w->kernel_text, sizeof(w->kernel_text), "unknown");
	return app_target_arch(&w->target);
}

static int run_call(struct why *w, int argc, char **argv, int first,
		    struct sc_error *err)
{
	uint64_t args[MAX_ARGS] = { 0 };
	struct call c = { .args = args };
	int r;

	r = parse_call(argv[first], w->target.arch, &c);
	if (r >= 0)
		return r;
	for (int i = first + 1; i < argc; i++) {
		if (!parse_number(argv[i], &args[c.nargs]))
			return app_usage("argument %d '%s' of %s is not a number "
					 "(decimal, 0x hex or 0 octal)",
					 i - first - 1, argv[i], argv[first]);
		c.nargs++;
	}
	call_header(&c, "syscall:   ");
	printf("\n");
	printf("  profile:   %s, caps %s, kernel %s\n", sc_decide_file(w->profile),
	       caps_word(w), w->kernel_text);
	r = explain(w, &c, w->target.arch, err);
	return r < 0 ? APP_EXIT_USAGE : APP_EXIT_OK;
}

int why_main(int argc, char **argv)
{
	struct why w = { 0 };
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_error err = { 0 };
	int rc, first = 0;

	rc = parse_args(&w, argc, argv, &first);
	if (rc >= 0)
		return rc;
	rc = fill_target(&w);
	if (rc)
		return rc;
	if (sc_pipeline_load(w.profile_path, &w.profile, &d, &err) < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		return APP_EXIT_USAGE;
	}
	collect_conditions(&w);
	if (w.audit_path) {
		rc = run_audit(&w, &err) < 0 ? APP_EXIT_USAGE : APP_EXIT_OK;
		if (rc == APP_EXIT_OK && w.bad_records)
			rc = APP_EXIT_USAGE;
	} else {
		rc = run_call(&w, argc, argv, first, &err);
	}
	if (err.code)
		app_error(&err);
	while (w.vars) {
		struct variant *next = w.vars->next;

		sc_decide_free(w.vars->model);
		sc_profile_free(w.vars->resolved);
		free(w.vars);
		w.vars = next;
	}
	free(w.recs);
	sc_profile_free(w.profile);
	return rc;
}
