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
 *
 * The messages of one syscalls[] rule (names, args, includes/excludes) are
 * listed in validate_rule.c, which checks them.
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
#include "validate_internal.h"


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

static const struct sc_loc no_loc;

/*
 * A user string made safe to print inside '...': control bytes, quotes,
 * backslashes and non-ASCII bytes escaped, long strings cut.
 */
const char *validate_quote(char *buf, const char *s)
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

void validate_report(struct vctx *c, enum sc_severity sev,
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

/*
 * prefix + word in upper case, the prefix not doubled: "errno" and
 * "scmp_act_errno" both give "SCMP_ACT_ERRNO".  false if it does not fit.
 */
bool validate_normalise(char *out, size_t n, const char *prefix,
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
const char *validate_join(char *buf, size_t n, const char *const *v)
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
const char *validate_action_shown(const struct vctx *c, char *buf,
				  const char *written)
{
	size_t o = 0;

	if (!written)
		return "";
	if (!c->v->ini || sc_action_parse(written) == SC_ACT_INVALID)
		return validate_quote(buf, written);
	for (const char *p = written + strlen("SCMP_ACT_"); *p && o + 1 < QBUF;
	     p++)
		buf[o++] = *p == '_' ? '-' : (char)tolower((unsigned char)*p);
	buf[o] = '\0';
	return buf;
}

enum sc_action validate_check_action(struct vctx *c, const char *s,
				     const struct sc_loc *loc)
{
	char q[QBUF], norm[NBUF], list[512];
	enum sc_action a = sc_action_parse(s);
	const char *hint;

	if (a != SC_ACT_INVALID)
		return a;
	if (validate_normalise(norm, sizeof(norm), "SCMP_ACT_", s) &&
	    sc_action_parse(norm) != SC_ACT_INVALID) {
		ERROR(c, loc, "unknown action '%s'; use '%s'",
		      validate_quote(q, s), norm);
	} else if ((hint = sc_suggest(s, sc_action_names))) {
		ERROR(c, loc, "unknown action '%s'; did you mean '%s'?",
		      validate_quote(q, s), hint);
	} else {
		ERROR(c, loc, "unknown action '%s'; expected one of %s",
		      validate_quote(q, s),
		      validate_join(list, sizeof(list), sc_action_names));
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
	     field, validate_action_shown(c, q, written));
	return true;
}

void validate_check_errno_ret(struct vctx *c, const char *field, bool has,
			      uint64_t v, enum sc_action a, const char *written,
			      const struct sc_loc *loc)
{
	if (!has || warn_errno_unused(c, field, a, written, loc))
		return;
	check_errno_value(c, field, v, a, loc);
}

/* Podman's errno names: a name from <errno.h> or a decimal number. */
void validate_check_errno_name(struct vctx *c, const char *field,
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
		if (validate_normalise(norm, sizeof(norm), "", s) &&
		    sc_errno_parse(norm) >= 0)
			ERROR(c, loc, "unknown errno name '%s'; use '%s'",
			      validate_quote(q, s), norm);
		else if ((hint = sc_suggest(s, vocab)))
			ERROR(c, loc,
			      "unknown errno name '%s'; did you mean '%s'?",
			      validate_quote(q, s), hint);
		else
			ERROR(c, loc,
			      "unknown errno name '%s'; use a name like 'EPERM' or a decimal number",
			      validate_quote(q, s));
		return;
	}
	if (has_ret && (uint64_t)n != ret)
		WARN(c, loc,
		     "'%s' '%s' (%d) disagrees with '%s' %" PRIu64
		     "; '%s' wins, as in Docker",
		     field, validate_quote(q2, s), n, ret_field, ret,
		     ret_field);
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
uint32_t validate_arch_alias(const char *s)
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
	bool normed = validate_normalise(norm, sizeof(norm), "SCMP_ARCH_", s);
	uint32_t t = sc_arch_from_scmp_name(s);

	if (t)
		return t;
	if (prefixed && normed && sc_arch_from_scmp_name(norm)) {
		ERROR(c, &a->loc, "unknown architecture '%s'; use '%s'",
		      validate_quote(q, s), norm);
	} else if (scmp_not_runc(s) || (prefixed && normed &&
					scmp_not_runc(norm))) {
		ERROR(c, &a->loc,
		      "unknown architecture '%s'; runc does not support it",
		      validate_quote(q, s));
	} else if ((t = validate_arch_alias(s)) &&
		   sc_arch_from_scmp_name(sc_arch_scmp_name(t))) {
		ERROR(c, &a->loc,
		      "unknown architecture '%s'; use '%s' here; Go-style names like '%s' belong in %s",
		      validate_quote(q, s), sc_arch_scmp_name(t),
		      sc_arch_go_name(t), c->v->go_home);
	} else {
		scmp_vocab(vocab, ARRAY_SIZE(vocab));
		if ((hint = sc_suggest(s, vocab)))
			ERROR(c, &a->loc,
			      "unknown architecture '%s'; did you mean '%s'?",
			      validate_quote(q, s), hint);
		else
			ERROR(c, &a->loc, "unknown architecture '%s'",
			      validate_quote(q, s));
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
			     validate_quote(q, e->s));
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
			     c->v->archmap_entry, validate_quote(q, m->arch.s));
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
			     validate_quote(q, s));
			continue;
		}
		if (known)
			continue;
		if (validate_normalise(norm, sizeof(norm),
				       "SECCOMP_FILTER_FLAG_", s) &&
		    strcmp(norm, "SECCOMP_FILTER_FLAG_NEW_LISTENER") == 0) {
			ERROR(c, loc,
			      "unknown flag '%s'; runc sets it itself when a rule uses 'SCMP_ACT_NOTIFY'",
			      validate_quote(q, s));
			continue;
		}
		known = false;
		for (size_t j = 0; sc_seccomp_flag_names[j] && !known; j++)
			known = validate_normalise(norm, sizeof(norm),
						   "SECCOMP_FILTER_FLAG_", s) &&
				strcmp(norm, sc_seccomp_flag_names[j]) == 0;
		if (known)
			ERROR(c, loc, "unknown flag '%s'; use '%s'",
			      validate_quote(q, s), norm);
		else if ((hint = sc_suggest(s, sc_seccomp_flag_names)))
			ERROR(c, loc, "unknown flag '%s'; did you mean '%s'?",
			      validate_quote(q, s), hint);
		else
			ERROR(c, loc, "unknown flag '%s'; expected one of %s",
			      validate_quote(q, s),
			      validate_join(list, sizeof(list),
					    sc_seccomp_flag_names));
	}
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
		c.def = validate_check_action(&c, p->default_action,
					      &p->default_action_loc);
		if (c.def == SC_ACT_NOTIFY)
			ERROR(&c, &p->default_action_loc,
			      "'%s' cannot be the default action; runc refuses it",
			      c.v->notify);
	}
	validate_check_errno_ret(&c, c.v->default_errno_ret,
				 p->has_default_errno_ret, p->default_errno_ret,
				 c.def, p->default_action,
				 &p->default_errno_ret_loc);
	validate_check_errno_name(&c, c.v->default_errno_name,
				  p->default_errno_name, c.v->default_errno_ret,
				  p->has_default_errno_ret,
				  p->default_errno_ret, c.def,
				  p->default_action,
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
		validate_check_group(&c, &p->groups[i]);

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
