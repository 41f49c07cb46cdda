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

#define CAP_BITS 64
#define BIT(c) (UINT64_C(1) << (c))
#define QUOTE_MAX 60

static int kernel_caps(void)
{
	int n = (int)cap_max_bits();

	if (n <= 0)
		n = CAP_LAST_CAP + 1;
	return n > CAP_BITS ? CAP_BITS : n;
}

uint64_t caps_kernel_mask(void)
{
	int n = kernel_caps();

	return n >= CAP_BITS ? ~UINT64_C(0) : BIT(n) - 1;
}

const char *caps_names(uint64_t v, char *buf, size_t n)
{
	size_t len = 0;

	if (n)
		buf[0] = '\0';
	for (int c = 0; c < CAP_BITS && len < n; c++) {
		const char *name = sc_cap_name(c);
		char num[16];
		int w;

		if (!(v & BIT(c)))
			continue;
		if (!name) {
			snprintf(num, sizeof(num), "capability %d", c);
			name = num;
		}
		w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

int caps_read(struct caps_state *st, char *msg, size_t n)
{
	struct caps_state s = { 0 };
	int nk = kernel_caps();
	cap_t caps = cap_get_proc();

	if (!caps) {
		int e = errno ? errno : ENOMEM;

		snprintf(msg, n, "cannot read the capabilities of this process: %s",
			 strerror(e));
		return -e;
	}
	for (int c = 0; c < nk; c++) {
		cap_flag_value_t p = CAP_CLEAR, e = CAP_CLEAR, i = CAP_CLEAR;
		int b;

		if (cap_get_flag(caps, (cap_value_t)c, CAP_PERMITTED, &p) < 0 ||
		    cap_get_flag(caps, (cap_value_t)c, CAP_EFFECTIVE, &e) < 0 ||
		    cap_get_flag(caps, (cap_value_t)c, CAP_INHERITABLE, &i) < 0) {
			int er = errno ? errno : EINVAL;

			cap_free(caps);
			snprintf(msg, n, "cannot read capability %d of this process: %s",
				 c, strerror(er));
			return -er;
		}
		b = prctl(PR_CAPBSET_READ, (unsigned long)c, 0, 0, 0);
		if (b < 0) {
			int er = errno;

			cap_free(caps);
			snprintf(msg, n, "cannot read the bounding set: %s",
				 strerror(er));
			return -er;
		}
		if (p == CAP_SET)
			s.permitted |= BIT(c);
		if (e == CAP_SET)
			s.effective |= BIT(c);
		if (i == CAP_SET)
			s.inheritable |= BIT(c);
		if (b)
			s.bounding |= BIT(c);
	}
	cap_free(caps);
	*st = s;
	return 0;
}

static int parse_one(const char *opt, const char *item, size_t len,
		     uint64_t *bits, bool *all, char *msg, size_t n)
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
		snprintf(msg, n, "unknown capability '%.*s' in %s; did you mean '%s'?",
			 (int)(len > QUOTE_MAX ? QUOTE_MAX : len), item, opt,
			 hint);
	else
		snprintf(msg, n, "unknown capability '%.*s' in %s; names look like "
			 "CAP_SYS_ADMIN or SYS_ADMIN, or ALL",
			 (int)(len > QUOTE_MAX ? QUOTE_MAX : len), item, opt);
	return -EINVAL;
}

int caps_parse_list(const char *opt, const char *value, uint64_t *bits,
		    bool *all, char *msg, size_t n)
{
	const char *p = value;

	for (bool more = true; more;) {
		const char *item;
		size_t len;
		int r;

		more = sc_list_split(&p, &item, &len);
		if (!len) {
			snprintf(msg, n, "empty capability name in %s '%.*s'", opt,
				 QUOTE_MAX, value);
			return -EINVAL;
		}
		r = parse_one(opt, item, len, bits, all, msg, n);
		if (r < 0)
			return r;
	}
	return 0;
}

static int set_proc(uint64_t p, uint64_t e, uint64_t i, char *msg, size_t n)
{
	int nk = kernel_caps();
	cap_t caps = cap_init();
	int r = 0;

	if (!caps) {
		snprintf(msg, n, "out of memory");
		return -ENOMEM;
	}
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

		snprintf(msg, n, "cannot set the capabilities of this process: %s",
			 strerror(er));
		r = -er;
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
int caps_wanted(const struct caps_opts *o, uint64_t *ret, char *msg,
		size_t n)
{
	struct sc_capset cs, bnd;
	struct sc_error err = { 0 };
	uint64_t avail, base;

	if (sc_capset_of_self(SC_CAPS_BOUNDING, &bnd, &err) < 0)
		goto fail;
	avail = caps_kernel_mask() & bnd.bits;
	if (o->spec) {
		if (sc_capset_parse(o->spec, &cs, &err) < 0) {
			snprintf(msg, n, "%s", err.msg);
			return -EINVAL;
		}
		base = cs.bits;
		if (spec_has_all(o->spec))
			base &= avail;
	} else if (sc_capset_of_self(SC_CAPS_PERMITTED, &cs, &err) < 0) {
		goto fail;
	} else {
		base = cs.bits;
	}
	if (o->add_all)
		*ret = avail & ~o->drop;
	else if (o->drop_all)
		*ret = o->add;
	else
		*ret = (base & ~o->drop) | o->add;
	return 0;
fail:
	snprintf(msg, n, "%s", err.msg);
	return -(err.code ? err.code : EIO);
}


int caps_setup(uint64_t want, bool *need_nnp, bool *ambient_failed,
	       char *msg, size_t n)
{
	struct caps_state st;
	uint64_t missing, inh;
	char names[1024];
	int nk = kernel_caps(), r;

	*need_nnp = false;
	*ambient_failed = false;
	r = caps_read(&st, msg, n);
	if (r < 0)
		return r;

	missing = want & ~st.permitted;
	if (missing) {
		caps_names(missing, names, sizeof(names));
		snprintf(msg, n, "cannot grant %s: seccap itself does not have %s",
			 names, (missing & (missing - 1)) ? "them" : "it");
		return -EPERM;
	}

	/* Everything we may use, in effect, for the steps below. */
	r = set_proc(st.permitted, st.permitted, st.inheritable, msg, n);
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

					snprintf(msg, n, "cannot drop %s from the "
						 "bounding set: %s",
						 sc_cap_name(c) ? sc_cap_name(c)
								: "a capability",
						 strerror(e));
					return -e;
				}
			}
			st.bounding &= want;
		} else {
			*need_nnp = true;
		}
	}

	/* The kernel lets inheritable grow only within the bounding set. */
	inh = want & (st.inheritable | st.bounding);
	r = set_proc(want, want, inh, msg, n);
	if (r < 0)
		return r;

	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) {
		/* EINVAL: a kernel before 4.3, which has no ambient set. */
		if (errno != EINVAL) {
			int e = errno;

			snprintf(msg, n, "cannot clear the ambient capabilities: %s",
				 strerror(e));
			return -e;
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
