/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap why`'s view of a resolved profile: the self-check's model
 * (verify_model.c) asked about one call, and the rules of a syscall number
 * with their conditions, so the applet can say what matched and what would
 * not.  Owns nothing of the model; it only reads it.
 */
#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_interp.h"
#include "explain_call.h"
#include "names.h"
#include "verify_internal.h"

struct sc_call_model {
	struct vprof v;
};

int sc_call_model_new(const struct sc_profile *resolved, uint32_t arch,
		      struct sc_call_model **ret, struct sc_error *err)
{
	struct sc_compile_opts o = { .arch = arch };
	struct sc_call_model *m = calloc(1, sizeof(*m));
	int r;

	*ret = NULL;
	if (!m)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	m->v.p = resolved;
	r = verify_profile_read(&m->v, &o, err);
	if (r < 0) {
		sc_call_model_free(m);
		return r;
	}
	*ret = m;
	return 0;
}

void sc_call_model_free(struct sc_call_model *m)
{
	if (!m)
		return;
	verify_profile_free(&m->v);
	free(m);
}

size_t sc_call_model_arches(const struct sc_call_model *m, uint32_t *out,
			    size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < m->v.narch && k < n; i++)
		out[k++] = m->v.arch[i].token;
	return k;
}

void sc_call_explain(const struct sc_call_model *m, uint32_t audit,
		     uint32_t nr, const uint64_t *args, struct sc_call_answer *a)
{
	static const uint64_t zero[6];
	struct vexpect e;
	const struct varch *sec;

	verify_expect(&m->v, audit, nr, args ? args : zero, &e);
	memset(a, 0, sizeof(*a));
	memcpy(a->acts, e.acts, e.n * sizeof(e.acts[0]));
	a->nacts = e.n;
	switch (e.why) {
	case BY_RULE: a->why = SC_CALL_BY_RULE; break;
	case BY_RULES: a->why = SC_CALL_BY_RULES; break;
	case BY_DEFAULT: a->why = SC_CALL_BY_DEFAULT; break;
	case BY_ENOSYS: a->why = SC_CALL_BY_ENOSYS; break;
	case BY_ARCH: a->why = SC_CALL_BY_ARCH; break;
	}
	a->loc = m->v.p->default_action_loc;
	if (e.rule) {
		a->group = &m->v.p->groups[e.rule->group];
		a->name = e.rule->name;
		a->loc = verify_name_loc(a->group, e.rule->name);
		a->unconditional = e.rule->n == 0;
	}
	/* What no rule matching gives: the same model asked past the rules. */
	a->fallback = a->acts[0];
	sec = verify_section_of(&m->v, audit, nr);
	if (sec) {
		struct vprof bare = m->v;
		struct vexpect f;

		for (size_t i = 0; i < bare.narch; i++)
			bare.arch[i].n = 0;
		verify_expect(&bare, audit, nr, zero, &f);
		a->fallback = f.acts[0];
		a->has_max = sec->has_max;
		a->max_nr = sec->max_nr;
	}
}

size_t sc_call_rules(const struct sc_call_model *m, uint32_t audit,
		     uint32_t nr, const uint64_t *args,
		     struct sc_call_rule *out, size_t max)
{
	static const uint64_t zero[6];
	const struct varch *a = verify_section_of(&m->v, audit, nr);
	size_t k = 0;

	if (!a)
		return 0;
	if (!args)
		args = zero;
	for (size_t i = verify_first_rule(a, nr); i < a->n && a->rules[i].nr == nr;
	     i++, k++) {
		const struct vrule *vr = &a->rules[i];
		struct sc_call_rule *r;

		if (k >= max)
			continue;
		r = &out[k];
		memset(r, 0, sizeof(*r));
		r->action = vr->action;
		r->group = &m->v.p->groups[vr->group];
		r->name = vr->name;
		r->loc = verify_name_loc(r->group, vr->name);
		r->n = vr->n;
		r->holds = true;
		for (unsigned c = 0; c < vr->n; c++) {
			r->c[c].arg = vr->c[c].arg;
			r->c[c].op = vr->c[c].op;
			r->c[c].datum = vr->c[c].datum;
			r->c[c].mask = vr->c[c].mask;
			r->c[c].holds = verify_cond_holds(
				&vr->c[c], args[vr->c[c].arg], a->is32);
			r->holds &= r->c[c].holds;
		}
	}
	return k;
}

uint32_t sc_call_abi(uint32_t audit, uint32_t nr)
{
	if (audit == AUDIT_ARCH_X86_64 && (nr & X32_BIT) && nr != UINT32_MAX)
		return SCMP_ARCH_X32;
	return audit;
}

uint32_t sc_call_audit_arch(uint32_t token)
{
	return token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
}

bool sc_call_allows(uint32_t ret)
{
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;

	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG;
}

void sc_call_action_text(uint32_t ret, char *buf, size_t n)
{
	uint32_t data = ret & SECCOMP_RET_DATA;
	const char *name;

	if ((ret & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ERRNO) {
		bpf_interp_format_ret(ret, buf, n);
		return;
	}
	name = sc_errno_name((int)data);
	if (name)
		snprintf(buf, n, "ERRNO(%s)", name);
	else
		snprintf(buf, n, "ERRNO(%" PRIu32 ")", data);
}
