/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The resolver: moby's setupSeccomp (moby/profiles seccomp/seccomp_linux.go)
 * rebuilt step for step, so a profile keeps or drops exactly the groups
 * dockerd would for the same capability set, native arch and kernel.
 *
 * One deliberate difference: moby returns no profile at all (seccomp off)
 * when defaultAction is "" and there are no syscalls.  sc_resolve cannot say
 * "off", so it returns the (empty) profile and leaves that decision to the
 * caller, which sees default_action == NULL and ngroups == 0.
 */
#include "resolve.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "names.h"

/* Explanations are short; a longer one is cut, never an error. */
#define WHY_MAX 320

struct why {
	bool on; /* someone listens; otherwise skip the formatting */
	size_t len;
	char buf[WHY_MAX];
};

static void why_vadd(struct why *w, const char *sep, const char *fmt,
		     va_list ap)
{
	int k;

	if (!w->on || w->len >= sizeof(w->buf) - 1)
		return;
	if (w->len && sep) {
		k = snprintf(w->buf + w->len, sizeof(w->buf) - w->len, "%s",
			     sep);
		w->len += k > 0 ? (size_t)k : 0;
		if (w->len >= sizeof(w->buf))
			w->len = sizeof(w->buf) - 1;
	}
	k = vsnprintf(w->buf + w->len, sizeof(w->buf) - w->len, fmt, ap);
	w->len += k > 0 ? (size_t)k : 0;
	if (w->len >= sizeof(w->buf))
		w->len = sizeof(w->buf) - 1;
}

/* A part of the "kept: ..." text: what was checked and passed. */
__attribute__((format(printf, 2, 3)))
static void why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	why_vadd(w, "; ", fmt, ap);
	va_end(ap);
}

/* The whole text of a "dropped: ..." decision. */
__attribute__((format(printf, 2, 3)))
static void why_set(struct why *w, const char *fmt, ...)
{
	va_list ap;

	w->len = 0;
	w->buf[0] = '\0';
	va_start(ap, fmt);
	why_vadd(w, NULL, fmt, ap);
	va_end(ap);
}

/* "a, b, c" of a list, for explanations (cut to fit). */
static const char *join(const struct sc_strv *v, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < v->n && len < n - 1; i++) {
		int k = snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
				 v->v[i].s);

		len += k > 0 ? (size_t)k : 0;
	}
	return buf;
}

/* Go's isSpace for the bytes a kernel release can hold. */
static bool go_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * One "%d" of Go's fmt.Sscanf into an unsigned field: spaces skipped, no
 * sign, decimal digits.  Returns the scanner's error text or NULL.
 */
static const char *scan_uint(const char **pp, unsigned *out)
{
	const char *p = *pp;
	unsigned long long v = 0;

	while (go_space(*p))
		p++;
	if (*p == '\n')
		return "unexpected newline";
	if (*p == '\0')
		return "EOF";
	if (*p < '0' || *p > '9')
		return "expected integer";
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned)(*p - '0');
		if (v > 0xffffffffULL)
			return "value out of range";
	}
	*out = (unsigned)v;
	*pp = p;
	return NULL;
}

/* fmt.Sscanf(release, "%d.%d", ...): the reason it fails, or NULL. */
static const char *parse_release(const char *release, unsigned *major,
				 unsigned *minor)
{
	const char *p = release, *why;
	unsigned a, b;

	why = scan_uint(&p, &a);
	if (why)
		return why;
	if (*p == '\0')
		return "unexpected EOF";
	if (*p != '.')
		return "input does not match format";
	p++;
	why = scan_uint(&p, &b);
	if (why)
		return why;
	*major = a;
	*minor = b;
	return NULL;
}

int sc_kernel_parse_release(const char *release, unsigned *major,
			    unsigned *minor)
{
	if (!release || parse_release(release, major, minor))
		return -EINVAL;
	return 0;
}

struct ctx {
	const struct sc_profile *in;
	const struct sc_target *t;
	const char *arch;      /* native Go-style name: "amd64" */
	bool kernel_known;
	unsigned kmajor, kminor;
};

/*
 * The kernel version, asked only when a condition that is evaluated needs
 * it (moby's uname error fires only then), and at most once.
 */
static int kernel_version(struct ctx *c, const struct sc_loc *loc,
			  struct sc_error *err)
{
	struct utsname u;
	const char *why;

	if (c->kernel_known)
		return 0;
	if (c->t->kernel_set) {
		c->kmajor = c->t->kernel_major;
		c->kminor = c->t->kernel_minor;
		c->kernel_known = true;
		return 0;
	}
	if (uname(&u) < 0) {
		int e = errno;

		return sc_err(err, e, c->in->file, loc->line, loc->col,
			      "cannot read the kernel version for minKernel: uname: %s",
			      strerror(e));
	}
	why = parse_release(u.release, &c->kmajor, &c->kminor);
	if (why)
		return sc_err(err, EINVAL, c->in->file, loc->line, loc->col,
			      "failed to parse kernel version \"%s\": %s",
			      u.release, why);
	c->kernel_known = true;
	return 0;
}

/* kernel >= minKernel; 1, 0 or a negative errno. */
static int kernel_at_least(struct ctx *c, const struct sc_cond *cond,
			   unsigned *maj, unsigned *min, struct sc_error *err)
{
	int r;

	/* Checked up front in check_min_kernels; cannot fail here. */
	if (sc_min_kernel_parse(cond->min_kernel, maj, min) < 0)
		return -EINVAL;
	r = kernel_version(c, &cond->min_kernel_loc, err);
	if (r < 0)
		return r;
	return c->kmajor > *maj || (c->kmajor == *maj && c->kminor >= *min);
}

static bool has_cap(const struct sc_capset *set, const char *name)
{
	int n = sc_cap_parse(name);

	return n >= 0 && n < 64 && (set->bits & (UINT64_C(1) << n));
}

static bool strv_has(const struct sc_strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (s && strcmp(v->v[i].s, s) == 0)
			return true;
	return false;
}

/* Keep (1) or drop (0) one group, in moby's order; negative on error. */
static int decide(struct ctx *c, const struct sc_group *g, struct why *w,
		  struct sc_error *err)
{
	const struct sc_cond *ex = &g->excludes, *in = &g->includes;
	const struct sc_capset *caps = &c->t->caps;
	char list[WHY_MAX];
	unsigned maj, min;
	int r;

	if (ex->arches.n) {
		if (strv_has(&ex->arches, c->arch)) {
			why_set(w, "dropped: excluded on %s", c->arch);
			return 0;
		}
		why_add(w, "not on %s", join(&ex->arches, list, sizeof(list)));
	}
	if (ex->caps.n) {
		for (size_t i = 0; i < ex->caps.n; i++) {
			if (has_cap(caps, ex->caps.v[i].s)) {
				why_set(w, "dropped: excluded by %s",
					ex->caps.v[i].s);
				return 0;
			}
		}
		why_add(w, "%s absent", join(&ex->caps, list, sizeof(list)));
	}
	if (ex->min_kernel) {
		r = kernel_at_least(c, ex, &maj, &min, err);
		if (r < 0)
			return r;
		if (r) {
			if (*ex->min_kernel)
				why_set(w, "dropped: excluded on kernel >= %u.%u",
					maj, min);
			else
				why_set(w, "dropped: excluded by empty minKernel");
			return 0;
		}
		why_add(w, "kernel %u.%u < %u.%u", c->kmajor, c->kminor, maj,
			min);
	}

	if (in->arches.n) {
		if (!strv_has(&in->arches, c->arch)) {
			why_set(w, "dropped: only for arches %s",
				join(&in->arches, list, sizeof(list)));
			return 0;
		}
		why_add(w, "on %s", c->arch);
	}
	if (in->caps.n) {
		bool missing = false;
		size_t len = 0;

		/* moby stops at the first missing cap; naming all helps more. */
		list[0] = '\0';
		for (size_t i = 0; i < in->caps.n; i++) {
			int k;

			if (has_cap(caps, in->caps.v[i].s))
				continue;
			missing = true;
			if (len >= sizeof(list) - 1)
				continue;
			k = snprintf(list + len, sizeof(list) - len, "%s%s",
				     len ? ", " : "", in->caps.v[i].s);
			len += k > 0 ? (size_t)k : 0;
		}
		if (missing) {
			why_set(w, "dropped: needs %s", list);
			return 0;
		}
		why_add(w, "needs %s (present)",
			join(&in->caps, list, sizeof(list)));
	}
	if (in->min_kernel) {
		r = kernel_at_least(c, in, &maj, &min, err);
		if (r < 0)
			return r;
		if (!r) {
			why_set(w, "dropped: needs kernel >= %u.%u (have %u.%u)",
				maj, min, c->kmajor, c->kminor);
			return 0;
		}
		if (*in->min_kernel)
			why_add(w, "needs kernel >= %u.%u (have %u.%u)", maj,
				min, c->kmajor, c->kminor);
		else
			why_add(w, "empty minKernel");
	}
	return 1;
}

/*
 * Go's decoder rejects a bad minKernel while reading the file, before any
 * decision; the readers do the same, but a model built another way gets
 * the same check here so no rule is decided on a value we cannot read.
 */
static int check_min_kernels(const struct sc_profile *in,
			     struct sc_error *err)
{
	for (size_t i = 0; i < in->ngroups; i++) {
		const struct sc_cond *conds[2] = { &in->groups[i].excludes,
						   &in->groups[i].includes };

		for (size_t k = 0; k < 2; k++) {
			unsigned a, b;

			if (!conds[k]->min_kernel ||
			    sc_min_kernel_parse(conds[k]->min_kernel, &a, &b) == 0)
				continue;
			return sc_err(err, EINVAL, in->file,
				      conds[k]->min_kernel_loc.line,
				      conds[k]->min_kernel_loc.col,
				      "invalid kernel version '%s' in minKernel, expected \"<kernel>.<major>\" such as \"4.8\"",
				      conds[k]->min_kernel);
		}
	}
	return 0;
}

/* What runc gets of a group: names, action, errno, args; no conditions. */
static int emit_group(struct sc_profile *out, const struct sc_group *g)
{
	struct sc_group *d = sc_profile_add_group(out);
	int r;

	if (!d || sc_group_copy_action(d, g) < 0)
		return -ENOMEM;
	if (g->names.n)
		r = sc_strv_append(&d->names, &g->names);
	else if (g->name && *g->name)
		r = sc_strv_push(&d->names, g->name, (size_t)-1, g->name_loc);
	else
		r = 0;
	return r < 0 ? r : 0;
}

/* The first archMap entry for the native arch: [arch] + subArchitectures. */
static int expand_archmap(struct sc_profile *out, const struct sc_profile *in,
			  const char *scmp_arch)
{
	for (size_t i = 0; i < in->narchmap; i++) {
		const struct sc_archmap *m = &in->archmap[i];

		if (!m->arch.s || strcmp(m->arch.s, scmp_arch) != 0)
			continue;
		if (sc_strv_push(&out->architectures, m->arch.s, (size_t)-1,
				 m->arch.loc) < 0 ||
		    sc_strv_append(&out->architectures, &m->subs) < 0)
			return -ENOMEM;
		break;
	}
	return 0;
}

static int oom(const struct sc_profile *in, struct sc_error *err)
{
	return sc_err(err, ENOMEM, in->file, 0, 0,
		      "out of memory while resolving the profile");
}

int sc_resolve(const struct sc_profile *in, const struct sc_target *t,
	       const struct sc_explain *ex, struct sc_profile **ret,
	       struct sc_error *err)
{
	struct ctx c = { .in = in, .t = t };
	struct sc_profile *out = NULL;
	const char *scmp_arch;
	uint32_t arch;
	int r;

	if (!in || !t || !ret)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "sc_resolve: missing profile, target or result");
	arch = t->arch ? t->arch : sc_arch_native();
	if (!arch)
		return sc_err(err, EINVAL, in->file, 0, 0,
			      "cannot tell the native architecture of this machine");
	c.arch = sc_arch_go_name(arch);
	scmp_arch = sc_arch_scmp_name(arch);
	if (!c.arch || !scmp_arch)
		return sc_err(err, EINVAL, in->file, 0, 0,
			      "unknown target architecture 0x%08x", arch);

	r = check_min_kernels(in, err);
	if (r < 0)
		return r;
	if (in->architectures.n && in->narchmap) {
		const struct sc_loc *l = &in->archmap[0].loc;

		return sc_err(err, EINVAL, in->file, l->line, l->col,
			      "both 'architectures' and 'archMap' are specified in the seccomp profile, use either 'architectures' or 'archMap'");
	}

	out = sc_profile_new(in->file);
	if (!out || sc_profile_copy_settings(out, in) < 0 ||
	    expand_archmap(out, in, scmp_arch) < 0) {
		r = oom(in, err);
		goto fail;
	}

	for (size_t i = 0; i < in->ngroups; i++) {
		const struct sc_group *g = &in->groups[i];
		struct why w = { .on = ex && ex->fn };

		if (g->name && *g->name && g->names.n) {
			const struct sc_loc *l = g->name_loc.line ? &g->name_loc
								  : &g->loc;

			r = sc_err(err, EINVAL, in->file, l->line, l->col,
				   "both 'name' and 'names' are specified in the seccomp profile, use either 'name' or 'names'");
			goto fail;
		}
		r = decide(&c, g, &w, err);
		if (r < 0)
			goto fail;
		if (r && emit_group(out, g) < 0) {
			r = oom(in, err);
			goto fail;
		}
		if (w.on) {
			char text[WHY_MAX + 8];

			if (!r)
				ex->fn(ex->ud, in, i, false, w.buf);
			else {
				snprintf(text, sizeof(text), "kept%s%s",
					 w.len ? ": " : "", w.buf);
				ex->fn(ex->ud, in, i, true, text);
			}
		}
	}
	*ret = out;
	return 0;
fail:
	sc_profile_free(out);
	return r;
}

/*
 * A list of capability names as bits.  A name has_cap cannot read counts
 * as none: it never matches, whatever the set, so it never decides.
 */
static uint64_t caps_bits(const struct sc_strv *caps)
{
	uint64_t bits = 0;

	for (size_t i = 0; i < caps->n; i++) {
		const char *name = caps->v[i].s;
		int c = name ? sc_cap_parse(name) : -1;

		if (c >= 0 && c < 64)
			bits |= UINT64_C(1) << c;
	}
	return bits;
}

static uint64_t includes_bits(const struct sc_group *g)
{
	return caps_bits(&g->includes.caps);
}

void sc_resolve_inputs(const struct sc_profile *p,
		       struct sc_resolve_inputs *ret)
{
	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; i < p->ngroups; i++) {
		const struct sc_group *g = &p->groups[i];
		const struct sc_cond *conds[2] = { &g->includes, &g->excludes };

		for (size_t k = 0; k < 2; k++) {
			unsigned a, b;

			/* decide() reads exactly these two lists for caps. */
			ret->caps |= caps_bits(&conds[k]->caps);
			if (!conds[k]->min_kernel ||
			    sc_min_kernel_parse(conds[k]->min_kernel, &a, &b) < 0)
				continue;
			if (!ret->min_kernel || a > ret->kmajor ||
			    (a == ret->kmajor && b > ret->kminor)) {
				ret->kmajor = a;
				ret->kminor = b;
			}
			ret->min_kernel = true;
		}
	}
}

/* Whether g and h name a syscall in common: only then can their rules clash. */
static bool share_a_name(const struct sc_group *g, const struct sc_group *h)
{
	size_t gn = sc_group_name_count(g), hn = sc_group_name_count(h);

	for (size_t i = 0; i < gn; i++) {
		const char *a = sc_group_name_at(g, i);

		for (size_t j = 0; a && j < hn; j++) {
			const char *b = sc_group_name_at(h, j);

			if (b && strcmp(a, b) == 0)
				return true;
		}
	}
	return false;
}

static void add_set(uint64_t *v, size_t *n, uint64_t bits)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i] == bits)
			return;
	v[(*n)++] = bits;
}

int sc_resolve_cap_sets(const struct sc_profile *p, uint64_t **ret,
			size_t *n, struct sc_error *err)
{
	uint64_t *inc = NULL, *v;
	struct sc_capset all;

	*ret = NULL;
	*n = 0;
	inc = calloc(p->ngroups + 1, sizeof(*inc));
	v = calloc(SC_CAP_SETS_MAX, sizeof(*v));
	if (!inc || !v) {
		free(inc);
		free(v);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	add_set(v, n, 0);
	for (size_t i = 0; i < p->ngroups && *n < SC_CAP_SETS_MAX - 1; i++) {
		inc[i] = includes_bits(&p->groups[i]);
		if (inc[i])
			add_set(v, n, inc[i]);
	}
	for (size_t i = 0; i < p->ngroups; i++)
		for (size_t j = i + 1; inc[i] && j < p->ngroups; j++)
			if (*n < SC_CAP_SETS_MAX - 1 && inc[j] &&
			    (inc[i] | inc[j]) != inc[i] &&
			    (inc[i] | inc[j]) != inc[j] &&
			    share_a_name(&p->groups[i], &p->groups[j]))
				add_set(v, n, inc[i] | inc[j]);
	/* Last: a conflict is told with the least set that shows it. */
	if (sc_capset_parse("all", &all, NULL) == 0)
		add_set(v, n, all.bits);
	free(inc);
	*ret = v;
	return 0;
}
