/* SPDX-License-Identifier: Apache-2.0 */
#include "caps_apply.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "names.h"
#include "resolve.h"
#include "text.h"

#define BIT(c) (UINT64_C(1) << (c))
#define QUOTE_MAX 60

static int parse_one(const char *opt, const char *item, size_t len,
		     uint64_t *bits, bool *all, struct sc_error *err)
{
	const char *hint;
	int cap;

	if (len == 3 && strncasecmp(item, "ALL", 3) == 0) {
		*all = true;
		return 0;
	}
	cap = sc_cap_parse_loose(item, len);
	if (cap >= 0) {
		*bits |= BIT(cap);
		return 0;
	}
	/* Spelled as conf/capset.c spells its hints for --caps. */
	hint = sc_cap_suggest_loose(item, len);
	if (hint)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "unknown capability '%.*s' in %s; did you mean '%s'?",
			      (int)(len > QUOTE_MAX ? QUOTE_MAX : len), item,
			      opt, hint);
	return sc_err(err, EINVAL, NULL, 0, 0,
		      "unknown capability '%.*s' in %s; names look like "
		      "CAP_SYS_ADMIN or SYS_ADMIN, or ALL",
		      (int)(len > QUOTE_MAX ? QUOTE_MAX : len), item, opt);
}

int caps_parse_list(const char *opt, const char *value, uint64_t *bits,
		    bool *all, struct sc_error *err)
{
	const char *p = value;

	for (bool more = true; more;) {
		const char *item;
		size_t len;
		int r;

		more = sc_list_split(&p, &item, &len);
		if (!len)
			return sc_err(err, EINVAL, NULL, 0, 0,
				      "empty capability name in %s '%.*s'", opt,
				      QUOTE_MAX, value);
		r = parse_one(opt, item, len, bits, all, err);
		if (r < 0)
			return r;
	}
	return 0;
}

static int set_proc(uint64_t p, uint64_t e, uint64_t i,
		    struct sc_error *err)
{
	int nk = sc_cap_kernel_count();
	cap_t caps = cap_init();
	int r = 0;

	if (!caps)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	for (int c = 0; c < nk && r == 0; c++) {
		cap_value_t v = (cap_value_t)c;

		if ((p & BIT(c)) && cap_set_flag(caps, CAP_PERMITTED, 1, &v, CAP_SET) < 0)
			r = -1;
		if ((e & BIT(c)) && cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_SET) < 0)
			r = -1;
		if ((i & BIT(c)) && cap_set_flag(caps, CAP_INHERITABLE, 1, &v, CAP_SET) < 0)
			r = -1;
	}
	if (r == 0 && cap_set_proc(caps) < 0)
		r = -1;
	if (r < 0) {
		int er = errno ? errno : EINVAL;

		r = sc_err(err, er, NULL, 0, 0,
			   "cannot set the capabilities of this process: %s",
			   strerror(er));
	}
	cap_free(caps);
	return r;
}

/* True if the comma-separated spec has the item "all" (any case). */
static bool spec_has_all(const char *spec)
{
	const char *p = spec;

	for (;;) {
		const char *end = strchr(p, ','), *e = end ? end : p + strlen(p);

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e - p == 3 && strncasecmp(p, "all", 3) == 0)
			return true;
		if (!end)
			return false;
		p = end + 1;
	}
}

/*
 * The set the process is to have, as docker run's TweakCapabilities.  "all"
 * and "ALL" are what Docker's list of capabilities holds: those of this
 * kernel that are in our own bounding set ("available in the current
 * environment").
 */
int caps_wanted(const struct caps_opts *o, uint64_t *ret,
		struct sc_error *err)
{
	struct sc_caps_state st;
	struct sc_capset cs;
	uint64_t avail, base;
	int r;

	r = sc_caps_of_self(&st, err);
	if (r < 0)
		return r;
	avail = sc_cap_kernel_mask() & st.bounding;
	if (o->spec) {
		/* A bad --caps is a usage error, whatever the parser said. */
		if (sc_capset_parse(o->spec, &cs, err) < 0) {
			err->code = EINVAL;
			return -EINVAL;
		}
		base = cs.bits;
		if (spec_has_all(o->spec))
			base &= avail;
	} else {
		base = st.permitted;
	}
	if (o->add_all)
		*ret = avail & ~o->drop;
	else if (o->drop_all)
		*ret = o->add;
	else
		*ret = (base & ~o->drop) | o->add;
	return 0;
}


int caps_setup(uint64_t want, bool *need_nnp, bool *ambient_failed,
	       struct sc_error *err)
{
	struct sc_caps_state st;
	uint64_t missing, inh;
	char names[1024];
	int nk = sc_cap_kernel_count(), r;

	*need_nnp = false;
	*ambient_failed = false;
	r = sc_caps_of_self(&st, err);
	if (r < 0)
		return r;

	missing = want & ~st.permitted;
	if (missing) {
		struct sc_capset m = { missing };

		return sc_err(err, EPERM, NULL, 0, 0,
			      "cannot grant %s: seccap itself does not have %s",
			      sc_capset_prose(&m, names, sizeof(names)),
			      (missing & (missing - 1)) ? "them" : "it");
	}

	/* Everything we may use, in effect, for the steps below. */
	r = set_proc(st.permitted, st.permitted, st.inheritable, err);
	if (r < 0)
		return r;

	if (st.bounding & ~want) {
		if (st.permitted & BIT(CAP_SETPCAP)) {
			for (int c = 0; c < nk; c++) {
				if (!(st.bounding & BIT(c)) || (want & BIT(c)))
					continue;
				if (prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0,
					  0) < 0) {
					int e = errno;

					return sc_err(err, e, NULL, 0, 0,
						      "cannot drop %s from the "
						      "bounding set: %s",
						      sc_cap_name(c) ? sc_cap_name(c)
								     : "a capability",
						      strerror(e));
				}
			}
			st.bounding &= want;
		} else {
			*need_nnp = true;
		}
	}

	/* The kernel lets inheritable grow only within the bounding set. */
	inh = want & (st.inheritable | st.bounding);
	r = set_proc(want, want, inh, err);
	if (r < 0)
		return r;

	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) {
		/* EINVAL: a kernel before 4.3, which has no ambient set. */
		if (errno != EINVAL) {
			int e = errno;

			return sc_err(err, e, NULL, 0, 0,
				      "cannot clear the ambient capabilities: %s",
				      strerror(e));
		}
		*ambient_failed = want != 0;
		return 0;
	}
	for (int c = 0; c < nk; c++) {
		if (!(want & BIT(c)))
			continue;
		if (!(inh & BIT(c)) ||
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)c,
			  0, 0) < 0)
			*ambient_failed = true;
	}
	return 0;
}
