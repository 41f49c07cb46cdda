/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sc_profile_validate: every problem of a profile that the readers' syntax
 * checks cannot see, each reported once through the diag sink, pointing at
 * the line and column of the offending field.
 *
 * Order of the checks (so "the first error" is stable): defaultAction,
 * defaultErrnoRet, defaultErrno, architectures, archMap, flags, listener
 * fields, then each syscalls[] rule in file order: name/names, names,
 * action, errnoRet, errno, args, includes, excludes (caps, arches,
 * minKernel).
 *
 * Every message (E = error, W = warning), as for a JSON profile; where an
 * INI profile reads differently, the INI text follows on a "ini:" line.
 * %s in quotes is a user string, shown with control bytes escaped and cut
 * to 64 characters.  The texts are relied on by tests/bad (the corpus run
 * by tests/cli/test_corpus.sh) and tests/data/validate: change them only
 * together.
 *
 * actions (ini: the action words allow, errno, kill-thread ...)
 *   E missing 'defaultAction'; set it, e.g. to 'SCMP_ACT_ERRNO'
 *     ini: missing 'default-action'; set it in [profile], e.g. 'default-action = errno'
 *   E missing 'action'; set it, e.g. to 'SCMP_ACT_ALLOW'
 *     ini: missing 'action'; set it, e.g. 'action = allow'
 *   E unknown action '%s'; use '%s'                  (case or prefix slip)
 *   E unknown action '%s'; did you mean '%s'?
 *   E unknown action '%s'; expected one of SCMP_ACT_KILL, ..., SCMP_ACT_NOTIFY
 *   E 'SCMP_ACT_NOTIFY' cannot be the default action; runc refuses it
 *     ini: 'notify' cannot be the default action; runc refuses it
 *   E 'SCMP_ACT_NOTIFY' needs 'listenerPath'; runc refuses to start without it
 *     ini: 'notify' needs 'listener-path'; runc refuses to start without it
 *   E 'SCMP_ACT_NOTIFY' cannot be used for 'write'; runc refuses it
 *     ini: 'notify' cannot be used for 'write'; runc refuses it
 *   W 'listenerMetadata' is set without 'listenerPath', ignoring
 *     ini: 'listener-metadata' is set without 'listener-path', ignoring
 * errno values (%s = errnoRet, defaultErrnoRet, errno or defaultErrno;
 *               ini: errno, default-errno, errno-name, default-errno-name)
 *   W '%s' has no effect with action '%s'; runc ignores it, crun rejects it
 *   E '%s' %llu is out of range (0..65535); seccomp keeps only 16 bits, so it would become %u
 *   W '%s' %llu is above 4095; the kernel caps errno values, the syscall fails with errno 4095
 *   W '%s' 0 makes the denied syscall return 0 (success) without running it
 *   E unknown errno name '%s'; use '%s'
 *   E unknown errno name '%s'; did you mean '%s'?
 *   E unknown errno name '%s'; use a name like 'EPERM' or a decimal number
 *   W '%s' '%s' (%d) disagrees with '%s' %llu; '%s' wins, as in Docker
 * architectures and archMap
 *   E both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'
 *     ini: both 'architectures' and 'arch-map' are specified, use either 'architectures' or 'arch-map'
 *   E unknown architecture '%s'; use '%s' here; Go-style names like '%s' belong in includes/excludes.arches
 *     ini: ... belong in 'arches' and 'not-arches'
 *   E unknown architecture '%s'; use '%s'
 *   E unknown architecture '%s'; runc does not support it
 *   E unknown architecture '%s'; did you mean '%s'?
 *   E unknown architecture '%s'
 *   W duplicate architecture '%s', ignoring
 *   E missing 'architecture' in archMap entry
 *     ini: missing architecture in 'arch-map'; write it first, e.g. 'arch-map = SCMP_ARCH_X86_64 SCMP_ARCH_X86'
 *   W duplicate archMap entry for '%s'; only the first is used
 *     ini: duplicate 'arch-map' entry for '%s'; only the first is used
 *   W libseccomp %u.%u.%u cannot build filters for '%s'
 * flags
 *   E unknown flag '%s'; runc sets it itself when a rule uses 'SCMP_ACT_NOTIFY'
 *                         (%s = SECCOMP_FILTER_FLAG_NEW_LISTENER in any case)
 *   E unknown flag '%s'; use '%s'
 *   E unknown flag '%s'; did you mean '%s'?
 *   E unknown flag '%s'; expected one of SECCOMP_FILTER_FLAG_TSYNC, ...
 *   W duplicate flag '%s', ignoring
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
#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "names.h"
#include "policy.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Room for a quoted user string: 64 characters, each up to \xNN, and "...". */
#define QUOTE_CHARS 64
#define QBUF (QUOTE_CHARS * 4 + 4)
/* Room for a normalised spelling ("SCMP_ACT_" + word). */
#define NBUF 96

/*
 * What the user wrote depends on the dialect: messages name the keys (and
 * actions) as they appear in the file, so an INI user never reads about
 * 'errnoRet'.  [0] is includes (INI: plain keys), [1] excludes (not-*).
 */
struct vocab {
	bool ini;
	const char *missing_default;
	const char *missing_action;
	const char *missing_op;
	const char *missing_archmap_arch;
	const char *both_arch;
	const char *both_name;
	const char *errno_ret, *default_errno_ret;
	const char *errno_name, *default_errno_name;
	const char *archmap_entry;
	const char *notify;
	const char *listener_path, *listener_metadata;
	const char *go_home;   /* where Go-style arch names belong */
	const char *scmp_home; /* where SCMP_ARCH_* names belong */
	const char *arches[2], *caps[2], *min_kernel[2];
	const char *min_kernel_field;
};

static const struct vocab json_vocab = {
	.ini = false,
	.missing_default =
		"missing 'defaultAction'; set it, e.g. to 'SCMP_ACT_ERRNO'",
	.missing_action = "missing 'action'; set it, e.g. to 'SCMP_ACT_ALLOW'",
	.missing_op = "missing 'op'; use e.g. 'SCMP_CMP_EQ'",
	.missing_archmap_arch = "missing 'architecture' in archMap entry",
	/* moby's own words (setupSeccomp), as the JSON reader uses them. */
	.both_arch =
		"both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'",
	.both_name =
		"both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'",
	.errno_ret = "errnoRet",
	.default_errno_ret = "defaultErrnoRet",
	.errno_name = "errno",
	.default_errno_name = "defaultErrno",
	.archmap_entry = "archMap entry",
	.notify = "SCMP_ACT_NOTIFY",
	.listener_path = "listenerPath",
	.listener_metadata = "listenerMetadata",
	.go_home = "includes/excludes.arches",
	.scmp_home = "'architectures' and 'archMap'",
	.arches = { "includes.arches", "excludes.arches" },
	.caps = { "includes.caps", "excludes.caps" },
	.min_kernel = { "includes.minKernel", "excludes.minKernel" },
	.min_kernel_field = "minKernel",
};

static const struct vocab ini_vocab = {
	.ini = true,
	.missing_default =
		"missing 'default-action'; set it in [profile], e.g. 'default-action = errno'",
	.missing_action = "missing 'action'; set it, e.g. 'action = allow'",
	.missing_op = "missing operator in 'arg'; write e.g. 'arg0 == 1'",
	.missing_archmap_arch =
		"missing architecture in 'arch-map'; write it first, e.g. 'arch-map = SCMP_ARCH_X86_64 SCMP_ARCH_X86'",
	.both_arch =
		"both 'architectures' and 'arch-map' are specified, use either 'architectures' or 'arch-map'",
	.both_name =
		"both 'name' and 'syscalls' are specified, use either 'name' or 'syscalls'",
	.errno_ret = "errno",
	.default_errno_ret = "default-errno",
	.errno_name = "errno-name",
	.default_errno_name = "default-errno-name",
	.archmap_entry = "'arch-map' entry",
	.notify = "notify",
	.listener_path = "listener-path",
	.listener_metadata = "listener-metadata",
	.go_home = "'arches' and 'not-arches'",
	.scmp_home = "'architectures' and 'arch-map'",
	.arches = { "'arches'", "'not-arches'" },
	.caps = { "'caps'", "'not-caps'" },
	.min_kernel = { "'min-kernel'", "'not-min-kernel'" },
	.min_kernel_field = NULL, /* uses min_kernel[] */
};

struct vctx {
	const struct sc_profile *p;
	const struct sc_diag *d;
	struct sc_error *err;
	const struct vocab *v;
	unsigned nerrors;
	enum sc_action def;
	bool notify_reported;
};

static const struct sc_loc no_loc;

/*
 * A user string made safe to print inside '...': control bytes, quotes,
 * backslashes and non-ASCII bytes escaped, long strings cut.
 */
static const char *quote(char *buf, const char *s)
{
	size_t o = 0, n = 0;

	if (!s)
		s = "";
	for (; *s && n < QUOTE_CHARS; s++, n++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch >= 0x7f) {
			o += (size_t)snprintf(buf + o, QBUF - o, "\\x%02x", ch);
		} else {
			if (ch == '\'' || ch == '\\')
				buf[o++] = '\\';
			buf[o++] = (char)ch;
		}
	}
	if (*s) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static void report(struct vctx *c, enum sc_severity sev,
		   const struct sc_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct vctx *c, enum sc_severity sev,
		   const struct sc_loc *loc, const char *fmt, ...)
{
	struct sc_error e;
	va_list ap;

	if (!loc)
		loc = &no_loc;
	va_start(ap, fmt);
	sc_verr(&e, EINVAL, c->p->file, loc->line, loc->col, fmt, ap);
	va_end(ap);
	if (c->d && c->d->fn)
		c->d->fn(c->d->ud, sev, &e);
	if (sev == SC_SEV_ERROR && c->nerrors++ == 0 && c->err)
		*c->err = e;
}

#define ERROR(c, loc, ...) report(c, SC_SEV_ERROR, loc, __VA_ARGS__)
#define WARN(c, loc, ...) report(c, SC_SEV_WARNING, loc, __VA_ARGS__)

/*
 * prefix + word in upper case, the prefix not doubled: "errno" and
 * "scmp_act_errno" both give "SCMP_ACT_ERRNO".  false if it does not fit.
 */
static bool normalise(char *out, size_t n, const char *prefix,
		      const char *word)
{
	size_t lp = strlen(prefix), lw = strlen(word), o = 0;

	if (lw >= lp && strncasecmp(word, prefix, lp) == 0) {
		word += lp;
		lw -= lp;
	}
	if (lw == 0 || lp + lw + 1 > n)
		return false;
	memcpy(out, prefix, lp);
	o = lp;
	for (size_t i = 0; i < lw; i++)
		out[o++] = (char)toupper((unsigned char)word[i]);
	out[o] = '\0';
	return true;
}

/* "A, B, C" from a NULL-terminated list. */
static const char *join(char *buf, size_t n, const char *const *v)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; v[i] && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i ? ", " : "",
				      v[i]);
	return buf;
}

/* ---- actions ---- */

/*
 * An action as the user wrote it: the INI reader turned "kill-thread" into
 * SCMP_ACT_KILL_THREAD, so turn it back.
 */
static const char *action_shown(const struct vctx *c, char *buf,
				const char *written)
{
	size_t o = 0;

	if (!written)
		return "";
	if (!c->v->ini || sc_action_parse(written) == SC_ACT_INVALID)
		return quote(buf, written);
	for (const char *p = written + strlen("SCMP_ACT_"); *p && o + 1 < QBUF;
	     p++)
		buf[o++] = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	buf[o] = '\0';
	return buf;
}

static enum sc_action check_action(struct vctx *c, const char *s,
				   const struct sc_loc *loc)
{
	char q[QBUF], norm[NBUF], list[512];
	enum sc_action a = sc_action_parse(s);
	const char *hint;

	if (a != SC_ACT_INVALID)
		return a;
	if (normalise(norm, sizeof(norm), "SCMP_ACT_", s) &&
	    sc_action_parse(norm) != SC_ACT_INVALID) {
		ERROR(c, loc, "unknown action '%s'; use '%s'", quote(q, s),
		      norm);
	} else if ((hint = sc_suggest(s, sc_action_names))) {
		ERROR(c, loc, "unknown action '%s'; did you mean '%s'?",
		      quote(q, s), hint);
	} else {
		ERROR(c, loc, "unknown action '%s'; expected one of %s",
		      quote(q, s), join(list, sizeof(list), sc_action_names));
	}
	return SC_ACT_INVALID;
}

/* ---- errno values ---- */

static bool takes_errno(enum sc_action a)
{
	return a == SC_ACT_ERRNO || a == SC_ACT_TRACE;
}

/* A value for errnoRet & co. once we know the action wants one. */
static void check_errno_value(struct vctx *c, const char *field,
			      uint64_t v, enum sc_action a,
			      const struct sc_loc *loc)
{
	if (v > 65535) {
		ERROR(c, loc,
		      "'%s' %" PRIu64
		      " is out of range (0..65535); seccomp keeps only 16 bits, so it would become %u",
		      field, v, (unsigned)(v & 0xffff));
		return;
	}
	/* For TRACE the value is the tracer's message, not an errno. */
	if (a != SC_ACT_ERRNO)
		return;
	if (v > 4095)
		WARN(c, loc,
		     "'%s' %" PRIu64
		     " is above 4095; the kernel caps errno values, the syscall fails with errno 4095",
		     field, v);
	else if (v == 0)
		WARN(c, loc,
		     "'%s' 0 makes the denied syscall return 0 (success) without running it",
		     field);
}

/*
 * An errno field beside a known action that takes none: warn and return
 * true, as there is nothing more to check in a value nobody uses.
 */
static bool warn_errno_unused(struct vctx *c, const char *field,
			      enum sc_action a, const char *written,
			      const struct sc_loc *loc)
{
	char q[QBUF];

	if (a == SC_ACT_INVALID || takes_errno(a))
		return false;
	WARN(c, loc,
	     "'%s' has no effect with action '%s'; runc ignores it, crun rejects it",
	     field, action_shown(c, q, written));
	return true;
}

static void check_errno_ret(struct vctx *c, const char *field, bool has,
			    uint64_t v, enum sc_action a, const char *written,
			    const struct sc_loc *loc)
{
	if (!has || warn_errno_unused(c, field, a, written, loc))
		return;
	check_errno_value(c, field, v, a, loc);
}

/* Podman's errno names: a name from <errno.h> or a decimal number. */
static void check_errno_name(struct vctx *c, const char *field,
			     const char *s, const char *ret_field,
			     bool has_ret, uint64_t ret, enum sc_action a,
			     const char *written, const struct sc_loc *loc)
{
	char q[QBUF], q2[QBUF], norm[NBUF];
	const char *vocab[160];
	const char *hint;
	uint64_t v = 0;
	size_t nv = 0;
	int n;

	if (!s || warn_errno_unused(c, field, a, written, loc))
		return;
	if (*s && strspn(s, "0123456789") == strlen(s)) {
		for (const char *p = s; *p && v <= UINT32_MAX; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		check_errno_value(c, field, v, a, loc);
		if (v > 65535)
			return;
		n = (int)v;
	} else if ((n = sc_errno_parse(s)) < 0) {
		for (int i = 1; i < 4096 && nv + 1 < ARRAY_SIZE(vocab); i++)
			if (sc_errno_name(i))
				vocab[nv++] = sc_errno_name(i);
		vocab[nv] = NULL;
		if (normalise(norm, sizeof(norm), "", s) &&
		    sc_errno_parse(norm) >= 0)
			ERROR(c, loc, "unknown errno name '%s'; use '%s'",
			      quote(q, s), norm);
		else if ((hint = sc_suggest(s, vocab)))
			ERROR(c, loc,
			      "unknown errno name '%s'; did you mean '%s'?",
			      quote(q, s), hint);
		else
			ERROR(c, loc,
			      "unknown errno name '%s'; use a name like 'EPERM' or a decimal number",
			      quote(q, s));
		return;
	}
	if (has_ret && (uint64_t)n != ret)
		WARN(c, loc,
		     "'%s' '%s' (%d) disagrees with '%s' %" PRIu64
		     "; '%s' wins, as in Docker",
		     field, quote(q2, s), n, ret_field, ret, ret_field);
}

/* ---- architectures ---- */

/* Every SCMP_ARCH_* name runc accepts, NULL-terminated. */
static void scmp_vocab(const char **v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; sc_arch_go_names[i] && k + 1 < n; i++) {
		const char *s =
			sc_arch_scmp_name(sc_arch_from_go_name(sc_arch_go_names[i]));
		bool dup = false;

		if (!s || !sc_arch_from_scmp_name(s))
			continue;
		for (size_t j = 0; j < k; j++)
			dup = dup || strcmp(v[j], s) == 0;
		if (!dup)
			v[k++] = s;
	}
	v[k] = NULL;
}

/*
 * The arch another vocabulary means: Go names in any case, libseccomp's
 * C names ("x86_64", "aarch64") and uname machines ("i686", "armv7l").
 */
static uint32_t arch_alias(const char *s)
{
	char low[NBUF];
	size_t len = strlen(s);
	uint32_t t;

	if (len == 0 || len >= sizeof(low))
		return 0;
	for (size_t i = 0; i <= len; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	if ((t = sc_arch_from_go_name(low)))
		return t;
	if (strcmp(low, "x86-64") == 0)
		return SCMP_ARCH_X86_64;
	if (len == 4 && low[0] == 'i' && low[1] >= '3' && low[1] <= '6' &&
	    strcmp(low + 2, "86") == 0)
		return SCMP_ARCH_X86;
	if (strncmp(low, "armv", 4) == 0)
		return SCMP_ARCH_ARM;
	/* Not "native": that is libseccomp's word for "whatever I run on". */
	if (strcmp(low, "native") == 0)
		return 0;
	t = seccomp_arch_resolve_name(low);
	return sc_arch_scmp_name(t) ? t : 0;
}

/* An SCMP_ARCH_* name known to libseccomp but refused by runc. */
static bool scmp_not_runc(const char *s)
{
	uint32_t t;

	if (strncmp(s, "SCMP_ARCH_", 10) != 0)
		return false;
	for (size_t i = 0; sc_arch_go_names[i]; i++) {
		t = sc_arch_from_go_name(sc_arch_go_names[i]);
		if (sc_arch_scmp_name(t) &&
		    strcmp(sc_arch_scmp_name(t), s) == 0)
			return !sc_arch_from_scmp_name(s);
	}
	return false;
}

static bool libseccomp_supports(uint32_t token)
{
	/* "read" exists on every arch; only an unknown arch fails here. */
	return seccomp_syscall_resolve_name_arch(token, "read") !=
	       __NR_SCMP_ERROR;
}

/* One name of architectures / archMap; returns its token or 0. */
static uint32_t check_scmp_arch(struct vctx *c, const struct sc_str *a)
{
	char q[QBUF], norm[NBUF];
	const char *vocab[32];
	const char *s = a->s ? a->s : "";
	const char *hint;
	bool prefixed = strncasecmp(s, "SCMP_", 5) == 0;
	bool normed = normalise(norm, sizeof(norm), "SCMP_ARCH_", s);
	uint32_t t = sc_arch_from_scmp_name(s);

	if (t)
		return t;
	if (prefixed && normed && sc_arch_from_scmp_name(norm)) {
		ERROR(c, &a->loc, "unknown architecture '%s'; use '%s'",
		      quote(q, s), norm);
	} else if (scmp_not_runc(s) || (prefixed && normed &&
					scmp_not_runc(norm))) {
		ERROR(c, &a->loc,
		      "unknown architecture '%s'; runc does not support it",
		      quote(q, s));
	} else if ((t = arch_alias(s)) &&
		   sc_arch_from_scmp_name(sc_arch_scmp_name(t))) {
		ERROR(c, &a->loc,
		      "unknown architecture '%s'; use '%s' here; Go-style names like '%s' belong in %s",
		      quote(q, s), sc_arch_scmp_name(t), sc_arch_go_name(t),
		      c->v->go_home);
	} else {
		scmp_vocab(vocab, ARRAY_SIZE(vocab));
		if ((hint = sc_suggest(s, vocab)))
			ERROR(c, &a->loc,
			      "unknown architecture '%s'; did you mean '%s'?",
			      quote(q, s), hint);
		else
			ERROR(c, &a->loc, "unknown architecture '%s'",
			      quote(q, s));
	}
	return 0;
}

static void warn_unsupported(struct vctx *c, uint32_t t,
			     const struct sc_loc *loc)
{
	const struct scmp_version *v;

	if (!t || libseccomp_supports(t))
		return;
	v = seccomp_version();
	WARN(c, loc, "libseccomp %u.%u.%u cannot build filters for '%s'",
	     v ? v->major : 0, v ? v->minor : 0, v ? v->micro : 0,
	     sc_arch_scmp_name(t));
}

/*
 * Element i of an arch sequence: an archMap entry is its architecture
 * followed by its subArchitectures; a plain list has no head.
 */
static const struct sc_str *seq_at(const struct sc_str *head,
				   const struct sc_strv *v, size_t i)
{
	if (head)
		return i == 0 ? head : &v->v[i - 1];
	return &v->v[i];
}

static void check_scmp_arch_seq(struct vctx *c, const struct sc_str *head,
				const struct sc_strv *v, bool warn_libseccomp)
{
	size_t n = v->n + (head ? 1 : 0);
	char q[QBUF];

	for (size_t i = 0; i < n; i++) {
		const struct sc_str *e = seq_at(head, v, i);
		bool dup = false;
		uint32_t t;

		for (size_t j = 0; j < i && !dup; j++) {
			const struct sc_str *f = seq_at(head, v, j);

			dup = e->s && f->s && strcmp(e->s, f->s) == 0;
		}
		if (dup) {
			WARN(c, &e->loc, "duplicate architecture '%s', ignoring",
			     quote(q, e->s));
			continue;
		}
		t = check_scmp_arch(c, e);
		if (warn_libseccomp)
			warn_unsupported(c, t, &e->loc);
	}
}

static void check_archmap(struct vctx *c)
{
	const struct sc_profile *p = c->p;
	char q[QBUF];

	for (size_t i = 0; i < p->narchmap; i++) {
		const struct sc_archmap *m = &p->archmap[i];
		bool dup = false;

		if (!m->arch.s) {
			ERROR(c, &m->loc, "%s", c->v->missing_archmap_arch);
			check_scmp_arch_seq(c, NULL, &m->subs, false);
			continue;
		}
		for (size_t j = 0; j < i && !dup; j++)
			dup = p->archmap[j].arch.s &&
			      strcmp(p->archmap[j].arch.s, m->arch.s) == 0;
		if (dup)
			WARN(c, &m->arch.loc,
			     "duplicate %s for '%s'; only the first is used",
			     c->v->archmap_entry, quote(q, m->arch.s));
		check_scmp_arch_seq(c, &m->arch, &m->subs, false);
	}
}

/* ---- flags ---- */


static void check_flags(struct vctx *c)
{
	const struct sc_strv *f = &c->p->flags;
	char q[QBUF], norm[NBUF], list[256];
	const char *hint;

	for (size_t i = 0; i < f->n; i++) {
		const char *s = f->v[i].s ? f->v[i].s : "";
		const struct sc_loc *loc = &f->v[i].loc;
		bool known = false, dup = false;

		for (size_t j = 0; sc_seccomp_flag_names[j]; j++)
			known = known ||
				strcmp(s, sc_seccomp_flag_names[j]) == 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = f->v[j].s && strcmp(f->v[j].s, s) == 0;
		if (dup) {
			WARN(c, loc, "duplicate flag '%s', ignoring",
			     quote(q, s));
			continue;
		}
		if (known)
			continue;
		if (normalise(norm, sizeof(norm), "SECCOMP_FILTER_FLAG_", s) &&
		    strcmp(norm, "SECCOMP_FILTER_FLAG_NEW_LISTENER") == 0) {
			ERROR(c, loc,
			      "unknown flag '%s'; runc sets it itself when a rule uses 'SCMP_ACT_NOTIFY'",
			      quote(q, s));
			continue;
		}
		known = false;
		for (size_t j = 0; sc_seccomp_flag_names[j] && !known; j++)
			known = normalise(norm, sizeof(norm),
					  "SECCOMP_FILTER_FLAG_", s) &&
				strcmp(norm, sc_seccomp_flag_names[j]) == 0;
		if (known)
			ERROR(c, loc, "unknown flag '%s'; use '%s'",
			      quote(q, s), norm);
		else if ((hint = sc_suggest(s, sc_seccomp_flag_names)))
			ERROR(c, loc, "unknown flag '%s'; did you mean '%s'?",
			      quote(q, s), hint);
		else
			ERROR(c, loc, "unknown flag '%s'; expected one of %s",
			      quote(q, s),
			      join(list, sizeof(list), sc_seccomp_flag_names));
	}
}

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
		      action_shown(c, q, g->action),
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
			     quote(q, s));
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
			     quote(q, s), hint);
		else if (lenient)
			WARN(c, loc, "unknown syscall '%s', ignoring",
			     quote(q, s));
		else if (hint)
			ERROR(c, loc, "unknown syscall '%s'; did you mean '%s'?",
			      quote(q, s), hint);
		else
			ERROR(c, loc, "unknown syscall '%s'", quote(q, s));
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
	if (!use && normalise(norm, sizeof(norm), "SCMP_CMP_", arg->op) &&
	    sc_op_parse(norm))
		use = norm;
	if (use)
		ERROR(c, &arg->loc, "unknown operator '%s'; use '%s'",
		      quote(q, arg->op), use);
	else if ((hint = sc_suggest(arg->op, sc_op_names)))
		ERROR(c, &arg->loc, "unknown operator '%s'; did you mean '%s'?",
		      quote(q, arg->op), hint);
	else
		ERROR(c, &arg->loc, "unknown operator '%s'; expected one of %s",
		      quote(q, arg->op), join(list, sizeof(list), sc_op_names));
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
			     quote(q, arg->op));
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
			     quote(q, s), which);
			continue;
		}
		if (sc_arch_from_go_name(s))
			continue;
		if (normalise(norm, sizeof(norm), "SCMP_ARCH_", s) &&
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
				      quote(q, s), which, sc_arch_go_name(t),
				      c->v->scmp_home);
				continue;
			}
		}
		if ((t = arch_alias(s))) {
			ERROR(c, loc,
			      "unknown architecture '%s' in %s; use '%s' here; Docker compares Go-style names",
			      quote(q, s), which, sc_arch_go_name(t));
		} else if ((hint = sc_suggest(s, sc_arch_go_names))) {
			ERROR(c, loc,
			      "unknown architecture '%s' in %s; did you mean '%s'?",
			      quote(q, s), which, hint);
		} else {
			ERROR(c, loc, "unknown architecture '%s' in %s",
			      quote(q, s), which);
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
			     quote(q, s), which);
			continue;
		}
		if (sc_cap_parse(s) >= 0)
			continue;
		normed = normalise(norm, sizeof(norm), "CAP_", s);
		if (normed && sc_cap_parse(norm) >= 0)
			ERROR(c, loc,
			      "unknown capability '%s'; Docker compares capability names exactly: write '%s'",
			      quote(q, s), norm);
		else if ((hint = sc_suggest(normed ? norm : s, vocab)))
			ERROR(c, loc,
			      "unknown capability '%s'; did you mean '%s'?",
			      quote(q, s), hint);
		else
			ERROR(c, loc, "unknown capability '%s'", quote(q, s));
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
		      quote(q, k->min_kernel));
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

static void check_group(struct vctx *c, const struct sc_group *g)
{
	enum sc_action a = sc_action_parse(g->action);

	check_names(c, g, a);
	if (!g->action)
		ERROR(c, &g->loc, "%s", c->v->missing_action);
	else
		check_action(c, g->action, &g->action_loc);
	if (a == SC_ACT_NOTIFY && !c->p->listener_path &&
	    !c->notify_reported) {
		ERROR(c, &g->action_loc,
		      "'%s' needs '%s'; runc refuses to start without it",
		      c->v->notify, c->v->listener_path);
		c->notify_reported = true;
	}
	check_errno_ret(c, c->v->errno_ret, g->has_errno_ret, g->errno_ret, a,
			g->action, &g->errno_ret_loc);
	check_errno_name(c, c->v->errno_name, g->errno_name, c->v->errno_ret,
			 g->has_errno_ret, g->errno_ret, a, g->action,
			 &g->errno_name_loc);
	check_args(c, g);
	check_cond(c, &g->includes, false);
	check_cond(c, &g->excludes, true);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = s ? strlen(s) : 0, lx = strlen(suffix);

	return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

int sc_profile_validate_fmt(const struct sc_profile *p, enum sc_format fmt,
			    const struct sc_diag *d, struct sc_error *err)
{
	struct vctx c = { .p = p, .d = d, .err = err, .def = SC_ACT_INVALID };
	if (!p)
		return sc_err(err, EINVAL, NULL, 0, 0, "no profile");
	if (fmt == SC_FMT_AUTO)
		fmt = ends_with(p->file, ".ini") ? SC_FMT_INI : SC_FMT_JSON;
	c.v = fmt == SC_FMT_INI ? &ini_vocab : &json_vocab;

	if (!p->default_action) {
		ERROR(&c, NULL, "%s", c.v->missing_default);
	} else {
		c.def = check_action(&c, p->default_action,
				     &p->default_action_loc);
		if (c.def == SC_ACT_NOTIFY)
			ERROR(&c, &p->default_action_loc,
			      "'%s' cannot be the default action; runc refuses it",
			      c.v->notify);
	}
	check_errno_ret(&c, c.v->default_errno_ret, p->has_default_errno_ret,
			p->default_errno_ret, c.def, p->default_action,
			&p->default_errno_ret_loc);
	check_errno_name(&c, c.v->default_errno_name, p->default_errno_name,
			 c.v->default_errno_ret, p->has_default_errno_ret,
			 p->default_errno_ret, c.def, p->default_action,
			 &p->default_errno_name_loc);

	if (p->architectures.n && p->narchmap)
		ERROR(&c, &p->archmap[0].loc, "%s", c.v->both_arch);
	check_scmp_arch_seq(&c, NULL, &p->architectures, true);
	check_archmap(&c);
	check_flags(&c);
	if (p->listener_metadata && !p->listener_path)
		WARN(&c, NULL, "'%s' is set without '%s', ignoring",
		     c.v->listener_metadata, c.v->listener_path);

	for (size_t i = 0; i < p->ngroups; i++)
		check_group(&c, &p->groups[i]);

	if (c.nerrors)
		return -EINVAL;
	if (err)
		sc_error_clear(err);
	return 0;
}

int sc_profile_validate(const struct sc_profile *p, const struct sc_diag *d,
			struct sc_error *err)
{
	return sc_profile_validate_fmt(p, SC_FMT_AUTO, d, err);
}
