/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Capability sets: what --caps says, or what this process holds.  A set is
 * a plain 64-bit mask, the width of the kernel's own capability words.
 */
#include "resolve.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "names.h"
#include "text.h"

#define CAPSET_BITS 64
/* Longer than any capability name ("CAP_CHECKPOINT_RESTORE" is 22). */
#define CAP_NAME_MAX 48
/* How much of a bad item to quote back; the message buffer is fixed. */
#define QUOTE_MAX 80

static const char *const keywords[] = {
	"docker", "all", "none", "effective", "permitted", "bounding", NULL,
};

/*
 * Read straight from the kernel (capget(2), PR_CAPBSET_READ), not through
 * libcap: the preload asks on every start, and libcap's per-capability
 * calls and its constructor cost far more than the two syscalls this needs.
 */

/* 1 if cap is in the bounding set, 0 if not, -1 (errno) past the last. */
static int bound_has(int cap)
{
	return prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0);
}

int sc_cap_kernel_count(void)
{
	/* The kernel's highest capability is the last PR_CAPBSET_READ takes. */
	int lo = 0, hi = CAPSET_BITS;

	if (bound_has(0) < 0)
		return CAP_LAST_CAP + 1;
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;

		if (bound_has(mid) < 0)
			hi = mid;
		else
			lo = mid;
	}
	return lo + 1;
}

uint64_t sc_cap_kernel_mask(void)
{
	int n = sc_cap_kernel_count();

	return n >= CAPSET_BITS ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

static int read_failed(struct sc_error *err, const char *what)
{
	int e = errno ? errno : EINVAL;

	return sc_err(err, e, NULL, 0, 0, "cannot read %s of this process: %s",
		      what, strerror(e));
}

/* The permitted, effective and inheritable sets, with one capget(2). */
static int read_sets(struct sc_caps_state *st, struct sc_error *err)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return read_failed(err, "the capabilities");
	st->permitted = d[0].permitted | (uint64_t)d[1].permitted << 32;
	st->effective = d[0].effective | (uint64_t)d[1].effective << 32;
	st->inheritable =
		d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static int read_bounding(uint64_t *ret, struct sc_error *err)
{
	int n = sc_cap_kernel_count();
	uint64_t b = 0;

	for (int i = 0; i < n; i++) {
		int v = bound_has(i);

		if (v < 0)
			return read_failed(err, "the bounding set");
		if (v)
			b |= UINT64_C(1) << i;
	}
	*ret = b;
	return 0;
}

int sc_caps_of_self(struct sc_caps_state *ret, struct sc_error *err)
{
	struct sc_caps_state st = { 0 };
	int r;

	r = read_sets(&st, err);
	if (r == 0)
		r = read_bounding(&st.bounding, err);
	if (r == 0)
		*ret = st;
	return r;
}

int sc_capset_of_self(enum sc_capset_kind kind, struct sc_capset *ret,
		      struct sc_error *err)
{
	struct sc_caps_state st = { 0 };
	int r;

	switch (kind) {
	case SC_CAPS_EFFECTIVE:
	case SC_CAPS_PERMITTED:
		r = read_sets(&st, err);
		break;
	case SC_CAPS_BOUNDING:
		r = read_bounding(&st.bounding, err);
		break;
	default:
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "unknown kind of capability set %d", (int)kind);
	}
	if (r < 0)
		return r;
	ret->bits = kind == SC_CAPS_EFFECTIVE ? st.effective :
		    kind == SC_CAPS_PERMITTED ? st.permitted : st.bounding;
	return 0;
}

/* Append s to buf the way snprintf would: *len counts what did not fit. */
static void put(char *buf, size_t n, size_t *len, const char *s)
{
	size_t l = strlen(s);

	if (n && *len < n - 1) {
		size_t room = n - 1 - *len;
		size_t k = l < room ? l : room;

		memcpy(buf + *len, s, k);
		buf[*len + k] = '\0';
	}
	*len += l;
}

/* The names of c's capabilities joined by sep; unknown ones as unknown_fmt. */
static size_t format(const struct sc_capset *c, const char *sep,
		     const char *unknown_fmt, char *buf, size_t n)
{
	size_t len = 0;

	if (n)
		buf[0] = '\0';
	for (int i = 0; i < CAPSET_BITS; i++) {
		char num[32];
		const char *name;

		if (!(c->bits & (UINT64_C(1) << i)))
			continue;
		name = sc_cap_name(i);
		if (!name) {
			snprintf(num, sizeof(num), unknown_fmt, i);
			name = num;
		}
		if (len)
			put(buf, n, &len, sep);
		put(buf, n, &len, name);
	}
	return len;
}

size_t sc_capset_format(const struct sc_capset *c, char *buf, size_t n)
{
	/* A cap the kernel has but our table lacks: libcap's style. */
	return format(c, ",", "%d", buf, n);
}

const char *sc_capset_prose(const struct sc_capset *c, char *buf, size_t n)
{
	format(c, ", ", "capability %d", buf, n);
	return buf;
}

const char *sc_capset_describe(const struct sc_capset *c, char *buf,
			       size_t n)
{
	static const char *const words[] = { "all", "docker" };

	if (!c->bits)
		return "none";
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct sc_capset w;

		if (sc_capset_parse(words[i], &w, NULL) == 0 && c->bits == w.bits)
			return words[i];
	}
	if (sc_capset_format(c, buf, n) >= n)
		snprintf(buf, n, "of %d capabilities", __builtin_popcountll(c->bits));
	return buf;
}

static bool item_is(const char *item, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(item, word, len) == 0;
}

/*
 * "sys_admin", "CAP_SYS_ADMIN", "Cap_Sys_Admin" -> "CAP_SYS_ADMIN" in out.
 * False when the item cannot be a capability name at all (too long).
 */
static bool normalise_cap(const char *item, size_t len, char *out,
			  size_t outsz)
{
	size_t o = 0;

	if (len < 4 || strncasecmp(item, "CAP_", 4) != 0) {
		if (outsz < 5)
			return false;
		memcpy(out, "CAP_", 4);
		o = 4;
	}
	if (o + len >= outsz)
		return false;
	for (size_t i = 0; i < len; i++)
		out[o++] = (char)toupper((unsigned char)item[i]);
	out[o] = '\0';
	return true;
}

int sc_cap_parse_loose(const char *item, size_t len)
{
	char norm[CAP_NAME_MAX];
	int cap;

	if (!normalise_cap(item, len, norm, sizeof(norm)))
		return -1;
	cap = sc_cap_parse(norm);
	return cap < 0 || cap >= CAPSET_BITS ? -1 : cap;
}

const char *sc_cap_suggest_loose(const char *item, size_t len)
{
	const char *vocab[CAPSET_BITS + 1];
	char norm[CAP_NAME_MAX];
	size_t nv = 0;
	int top = sc_cap_max();

	if (!normalise_cap(item, len, norm, sizeof(norm)))
		return NULL;
	for (int i = 0; i <= top && i < CAPSET_BITS; i++) {
		const char *name = sc_cap_name(i);

		if (name)
			vocab[nv++] = name;
	}
	vocab[nv] = NULL;
	return sc_suggest(norm, vocab);
}

static int unknown_cap(const char *item, size_t len, struct sc_error *err)
{
	char lower[CAP_NAME_MAX];
	const char *hint = sc_cap_suggest_loose(item, len);

	if (!hint && len < sizeof(lower)) {
		for (size_t i = 0; i < len; i++)
			lower[i] = (char)tolower((unsigned char)item[i]);
		lower[len] = '\0';
		hint = sc_suggest(lower, keywords);
	}
	if (hint)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "unknown capability '%.*s' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN; did you mean '%s'?",
			      (int)(len > QUOTE_MAX ? QUOTE_MAX : len), item,
			      hint);
	return sc_err(err, EINVAL, NULL, 0, 0,
		      "unknown capability '%.*s' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN",
		      (int)(len > QUOTE_MAX ? QUOTE_MAX : len), item);
}

static int add_self(enum sc_capset_kind kind, uint64_t *bits,
		    struct sc_error *err)
{
	struct sc_capset c;
	int r = sc_capset_of_self(kind, &c, err);

	if (r < 0)
		return r;
	*bits |= c.bits;
	return 0;
}

/* One trimmed, non-empty item of the spec. */
static int add_item(const char *item, size_t len, uint64_t *bits,
		    struct sc_error *err)
{
	int cap;

	if (item_is(item, len, "none"))
		return 0;
	if (item_is(item, len, "docker")) {
		for (size_t i = 0; i < sc_docker_default_ncaps; i++)
			if (sc_docker_default_caps[i] >= 0 &&
			    sc_docker_default_caps[i] < CAPSET_BITS)
				*bits |= UINT64_C(1) << sc_docker_default_caps[i];
		return 0;
	}
	if (item_is(item, len, "all")) {
		for (int i = 0; i <= sc_cap_max() && i < CAPSET_BITS; i++)
			*bits |= UINT64_C(1) << i;
		return 0;
	}
	if (item_is(item, len, "effective"))
		return add_self(SC_CAPS_EFFECTIVE, bits, err);
	if (item_is(item, len, "permitted"))
		return add_self(SC_CAPS_PERMITTED, bits, err);
	if (item_is(item, len, "bounding"))
		return add_self(SC_CAPS_BOUNDING, bits, err);

	cap = sc_cap_parse_loose(item, len);
	if (cap < 0)
		return unknown_cap(item, len, err);
	*bits |= UINT64_C(1) << cap;
	return 0;
}

int sc_capset_parse(const char *spec, struct sc_capset *ret,
		    struct sc_error *err)
{
	const char *p = spec;
	uint64_t bits = 0;
	bool blank = true;

	for (const char *s = spec; s && *s; s++)
		if (!isspace((unsigned char)*s))
			blank = false;
	if (blank)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "empty --caps; give capability names such as CAP_SYS_ADMIN, or one of docker, all, none, effective, permitted, bounding");

	for (bool more = true; more;) {
		const char *item;
		size_t len;
		int r;

		more = sc_list_split(&p, &item, &len);
		if (!len)
			return sc_err(err, EINVAL, NULL, 0, 0,
				      "empty item in the capability list '%.*s'; separate capability names with single commas",
				      QUOTE_MAX * 2, spec);
		r = add_item(item, len, &bits, err);
		if (r < 0)
			return r;
	}
	ret->bits = bits;
	return 0;
}
