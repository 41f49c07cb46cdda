/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one home of the policy decisions on a resolved profile (see
 * policy.h): typed actions, "same as the default", the ENOSYS stub, the
 * execve the launcher needs, no_new_privs, the seccomp flag table.
 */
#include "policy.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "resolve.h"


/* SECCOMP_RET_DATA: the part of the number the kernel hands back. */
#define RET_DATA_MASK 0xffffu

bool sc_errno_value(const char *name, uint64_t *ret)
{
	int n = sc_errno_parse(name);
	unsigned long long v;
	char *end;

	if (n >= 0) {
		*ret = (uint64_t)n;
		return true;
	}
	/* Digits only: strtoull alone would also take a sign or blanks. */
	if (*name < '0' || *name > '9')
		return false;
	errno = 0;
	v = strtoull(name, &end, 10);
	if (*end || errno)
		return false;
	*ret = v;
	return true;
}

bool sc_action_data(const char *action, bool has, uint64_t v,
		    const char *name, uint64_t *ret)
{
	enum sc_action act = sc_action_parse(action ? action : "");

	if (act != SC_ACT_ERRNO && act != SC_ACT_TRACE)
		return false;
	if (has)
		*ret = v;
	else if (!name || !sc_errno_value(name, ret))
		*ret = 1; /* runc and crun: EPERM */
	return true;
}

struct sc_action_value sc_action_value_of(const char *action, bool has,
					  uint64_t v, const char *name)
{
	struct sc_action_value a = {
		.kind = sc_action_parse(action ? action : ""),
	};
	uint64_t e;

	if (sc_action_data(action, has, v, name, &e))
		a.errno_ret = (uint32_t)(e & RET_DATA_MASK);
	return a;
}

struct sc_action_value sc_group_action(const struct sc_group *g)
{
	return sc_action_value_of(g->action, g->has_errno_ret, g->errno_ret,
				  g->errno_name);
}

struct sc_action_value sc_default_action(const struct sc_profile *p)
{
	return sc_action_value_of(p->default_action, p->has_default_errno_ret,
				  p->default_errno_ret, p->default_errno_name);
}

bool sc_group_same_as_default(const struct sc_profile *p,
			      const struct sc_group *g)
{
	struct sc_action_value ga, da;

	if (!g->action || !p->default_action)
		return false;
	ga = sc_group_action(g);
	da = sc_default_action(p);
	return ga.kind == da.kind && ga.errno_ret == da.errno_ret;
}

bool sc_enosys_wanted(struct sc_action_value def)
{
	/*
	 * Even where the default is ERRNO(ENOSYS) itself: runc's stub then
	 * still answers x86_64 numbers from 0x80000000, which without it
	 * die as libseccomp's bad arch.
	 */
	return !sc_action_allows(def.kind) && def.kind != SC_ACT_TRACE;
}

bool sc_enosys_threshold(const struct sc_profile *r, uint32_t arch,
			 uint32_t *nr, const char **name)
{
	const char *maxname = NULL;
	uint32_t max = 0;

	for (size_t i = 0; i < r->ngroups; i++) {
		const struct sc_group *g = &r->groups[i];
		size_t n = sc_group_name_count(g);

		for (size_t k = 0; k < n; k++) {
			const char *s = sc_group_name_at(g, k);
			int v = -1;

			if (!s || sc_syscall_resolve(s, arch, &v) != 0 || v < 0)
				continue;
			if (!maxname || (uint32_t)v > max) {
				max = (uint32_t)v;
				maxname = s;
			}
		}
	}
	if (!maxname)
		return false;
	*nr = max;
	if (name)
		*name = maxname;
	return true;
}

bool sc_action_lets_run(const char *action)
{
	return sc_action_allows(sc_action_parse(action ? action : ""));
}

/* Complain mode turns every action that does not let a syscall run into LOG. */
static bool lets_run(const char *action, bool log_mode)
{
	return log_mode || sc_action_lets_run(action);
}

static bool names_execve(const struct sc_group *g)
{
	for (size_t k = 0; k < g->names.n; k++)
		if (g->names.v[k].s && strcmp(g->names.v[k].s, "execve") == 0)
			return true;
	return false;
}

bool sc_exec_refused(const struct sc_profile *r, bool log_mode,
		     struct sc_error *err)
{
	const char *file = r->file ? r->file : "profile";
	const struct sc_group *cond_deny = NULL;

	for (size_t i = 0; i < r->ngroups; i++) {
		const struct sc_group *g = &r->groups[i];

		if (!names_execve(g) || sc_group_same_as_default(r, g))
			continue;
		if (!g->nargs) {
			if (lets_run(g->action, log_mode))
				return false;
			sc_err(err, EPERM, file, g->loc.line, 0,
			       "the profile gives execve %s", g->action);
			return true;
		}
		if (!cond_deny && !lets_run(g->action, log_mode))
			cond_deny = g;
	}
	if (cond_deny) {
		sc_err(err, EPERM, file, cond_deny->loc.line, 0,
		       "the profile gives execve %s for some arguments",
		       cond_deny->action);
		return true;
	}
	if (!lets_run(r->default_action, log_mode)) {
		sc_err(err, EPERM, file, 0, 0,
		       "the profile does not allow execve (its default action "
		       "is %s)",
		       r->default_action ? r->default_action : "missing");
		return true;
	}
	return false;
}

int sc_nnp_needed(bool asked, bool *need, struct sc_error *err)
{
	struct sc_capset eff;
	int r;

	*need = true;
	r = sc_capset_of_self(SC_CAPS_EFFECTIVE, &eff, err);
	if (r < 0)
		return r;
	*need = asked || !(eff.bits & (UINT64_C(1) << CAP_SYS_ADMIN));
	return 0;
}

/* The one list of flags; the table and the names are made from it. */
#define FLAGS(X) X(TSYNC) X(LOG) X(SPEC_ALLOW) X(WAIT_KILLABLE_RECV)
#define FLAG_ROW(n) { "SECCOMP_FILTER_FLAG_" #n, SECCOMP_FILTER_FLAG_##n },
#define FLAG_NAME(n) "SECCOMP_FILTER_FLAG_" #n,

const struct sc_seccomp_flag sc_seccomp_flags[SC_SECCOMP_NFLAGS] = {
	FLAGS(FLAG_ROW)
};

const char *const sc_seccomp_flag_names[SC_SECCOMP_NFLAGS + 1] = {
	FLAGS(FLAG_NAME) NULL,
};
