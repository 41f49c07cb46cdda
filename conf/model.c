/* SPDX-License-Identifier: Apache-2.0 */
#include "model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


/* Grow an array of elem-sized items by one zeroed item; NULL on ENOMEM. */
static void *grow(void **arr, size_t *n, size_t elem)
{
	char *p;

	if (*n >= SIZE_MAX / elem - 1)
		return NULL;
	p = realloc(*arr, (*n + 1) * elem);
	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * elem, 0, elem);
	return p + (*n)++ * elem;
}

struct sc_profile *sc_profile_new(const char *file)
{
	struct sc_profile *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	if (file && sc_set_str(&p->file, file) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

void sc_strv_clear(struct sc_strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].s);
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

static void cond_clear(struct sc_cond *c)
{
	sc_strv_clear(&c->caps);
	sc_strv_clear(&c->arches);
	free(c->min_kernel);
	c->min_kernel = NULL;
}

static void group_clear(struct sc_group *g)
{
	sc_strv_clear(&g->names);
	free(g->name);
	free(g->action);
	free(g->errno_name);
	for (size_t i = 0; i < g->nargs; i++)
		free(g->args[i].op);
	free(g->args);
	free(g->comment);
	cond_clear(&g->includes);
	cond_clear(&g->excludes);
}

void sc_profile_clear_groups(struct sc_profile *p)
{
	for (size_t i = 0; i < p->ngroups; i++)
		group_clear(&p->groups[i]);
	free(p->groups);
	p->groups = NULL;
	p->ngroups = 0;
}

void sc_profile_free(struct sc_profile *p)
{
	if (!p)
		return;
	free(p->file);
	free(p->default_action);
	free(p->default_errno_name);
	sc_strv_clear(&p->architectures);
	for (size_t i = 0; i < p->narchmap; i++) {
		free(p->archmap[i].arch.s);
		sc_strv_clear(&p->archmap[i].subs);
	}
	free(p->archmap);
	sc_strv_clear(&p->flags);
	free(p->listener_path);
	free(p->listener_metadata);
	sc_profile_clear_groups(p);
	free(p);
}

struct sc_group *sc_profile_add_group(struct sc_profile *p)
{
	return grow((void **)&p->groups, &p->ngroups, sizeof(*p->groups));
}

struct sc_arg *sc_group_add_arg(struct sc_group *g)
{
	return grow((void **)&g->args, &g->nargs, sizeof(*g->args));
}

struct sc_archmap *sc_profile_add_archmap(struct sc_profile *p)
{
	return grow((void **)&p->archmap, &p->narchmap, sizeof(*p->archmap));
}

int sc_strv_push(struct sc_strv *v, const char *s, size_t len,
		 struct sc_loc loc)
{
	struct sc_str *e;
	char *copy;

	if (len == (size_t)-1)
		len = strlen(s);
	copy = strndup(s, len);
	if (!copy)
		return -ENOMEM;
	e = grow((void **)&v->v, &v->n, sizeof(*v->v));
	if (!e) {
		free(copy);
		return -ENOMEM;
	}
	e->s = copy;
	e->loc = loc;
	return 0;
}

int sc_set_str(char **dst, const char *s)
{
	char *copy = NULL;

	if (s) {
		copy = strdup(s);
		if (!copy)
			return -ENOMEM;
	}
	free(*dst);
	*dst = copy;
	return 0;
}

int sc_strv_append(struct sc_strv *dst, const struct sc_strv *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (sc_strv_push(dst, src->v[i].s, (size_t)-1, src->v[i].loc) < 0)
			return -ENOMEM;
	return 0;
}

static int cond_copy(struct sc_cond *dst, const struct sc_cond *src)
{
	dst->min_kernel_loc = src->min_kernel_loc;
	if (sc_strv_append(&dst->caps, &src->caps) < 0 ||
	    sc_strv_append(&dst->arches, &src->arches) < 0 ||
	    sc_set_str(&dst->min_kernel, src->min_kernel) < 0)
		return -ENOMEM;
	return 0;
}

int sc_group_copy_action(struct sc_group *dst, const struct sc_group *src)
{
	*dst = *src;
	memset(&dst->names, 0, sizeof(dst->names));
	dst->name = dst->action = dst->errno_name = dst->comment = NULL;
	dst->nargs = 0;
	dst->args = NULL;
	memset(&dst->includes, 0, sizeof(dst->includes));
	memset(&dst->excludes, 0, sizeof(dst->excludes));

	if (sc_set_str(&dst->action, src->action) < 0 ||
	    sc_set_str(&dst->errno_name, src->errno_name) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < src->nargs; i++) {
		struct sc_arg *a = sc_group_add_arg(dst);

		if (!a)
			return -ENOMEM;
		*a = src->args[i];
		a->op = NULL;
		if (sc_set_str(&a->op, src->args[i].op) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int group_copy(struct sc_group *dst, const struct sc_group *src)
{
	if (sc_group_copy_action(dst, src) < 0 ||
	    sc_strv_append(&dst->names, &src->names) < 0 ||
	    sc_set_str(&dst->name, src->name) < 0 ||
	    sc_set_str(&dst->comment, src->comment) < 0 ||
	    cond_copy(&dst->includes, &src->includes) < 0 ||
	    cond_copy(&dst->excludes, &src->excludes) < 0)
		return -ENOMEM;
	return 0;
}

struct sc_group *sc_profile_add_group_copy(struct sc_profile *p,
					   const struct sc_group *src)
{
	struct sc_group *g = sc_profile_add_group(p);

	if (!g)
		return NULL;
	if (group_copy(g, src) < 0) {
		group_clear(g);
		p->ngroups--;
		return NULL;
	}
	return g;
}

int sc_profile_copy_settings(struct sc_profile *dst,
			     const struct sc_profile *src)
{
	dst->default_action_loc = src->default_action_loc;
	dst->has_default_errno_ret = src->has_default_errno_ret;
	dst->default_errno_ret = src->default_errno_ret;
	dst->default_errno_ret_loc = src->default_errno_ret_loc;
	dst->default_errno_name_loc = src->default_errno_name_loc;
	dst->has_flags = src->has_flags;
	if (sc_set_str(&dst->default_action, src->default_action) < 0 ||
	    sc_set_str(&dst->default_errno_name, src->default_errno_name) < 0 ||
	    sc_set_str(&dst->listener_path, src->listener_path) < 0 ||
	    sc_set_str(&dst->listener_metadata, src->listener_metadata) < 0 ||
	    sc_strv_append(&dst->architectures, &src->architectures) < 0 ||
	    sc_strv_append(&dst->flags, &src->flags) < 0)
		return -ENOMEM;
	return 0;
}

struct sc_profile *sc_profile_dup(const struct sc_profile *p)
{
	struct sc_profile *d = sc_profile_new(p->file);

	if (!d)
		return NULL;
	if (sc_profile_copy_settings(d, p) < 0)
		goto fail;
	for (size_t i = 0; i < p->narchmap; i++) {
		struct sc_archmap *m = sc_profile_add_archmap(d);

		if (!m)
			goto fail;
		m->loc = p->archmap[i].loc;
		m->arch.loc = p->archmap[i].arch.loc;
		if (sc_set_str(&m->arch.s, p->archmap[i].arch.s) < 0 ||
		    sc_strv_append(&m->subs, &p->archmap[i].subs) < 0)
			goto fail;
	}
	for (size_t i = 0; i < p->ngroups; i++) {
		struct sc_group *g = sc_profile_add_group(d);

		if (!g || group_copy(g, &p->groups[i]) < 0)
			goto fail;
	}
	return d;
fail:
	sc_profile_free(d);
	return NULL;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* For fields where Docker's omitempty makes "" and absent the same. */
static bool str_eq_empty(const char *a, const char *b)
{
	return str_eq(a && *a ? a : NULL, b && *b ? b : NULL);
}

static bool strv_eq(const struct sc_strv *a, const struct sc_strv *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!str_eq(a->v[i].s, b->v[i].s))
			return false;
	return true;
}

static bool cond_eq(const struct sc_cond *a, const struct sc_cond *b)
{
	return strv_eq(&a->caps, &b->caps) &&
	       strv_eq(&a->arches, &b->arches) &&
	       str_eq(a->min_kernel, b->min_kernel);
}

bool sc_group_same_rule(const struct sc_group *a, const struct sc_group *b)
{
	if (!str_eq(a->action, b->action) ||
	    a->has_errno_ret != b->has_errno_ret ||
	    (a->has_errno_ret && a->errno_ret != b->errno_ret) ||
	    !str_eq(a->errno_name, b->errno_name) ||
	    !cond_eq(&a->includes, &b->includes) ||
	    !cond_eq(&a->excludes, &b->excludes) || a->nargs != b->nargs)
		return false;
	for (size_t i = 0; i < a->nargs; i++) {
		const struct sc_arg *x = &a->args[i], *y = &b->args[i];

		if (x->index != y->index || x->value != y->value ||
		    x->value_two != y->value_two || !str_eq(x->op, y->op))
			return false;
	}
	return true;
}

static bool group_eq(const struct sc_group *a, const struct sc_group *b)
{
	return strv_eq(&a->names, &b->names) &&
	       str_eq_empty(a->name, b->name) &&
	       str_eq_empty(a->comment, b->comment) && sc_group_same_rule(a, b);
}

bool sc_profile_equal(const struct sc_profile *a, const struct sc_profile *b)
{
	if (!str_eq(a->default_action, b->default_action) ||
	    a->has_default_errno_ret != b->has_default_errno_ret ||
	    (a->has_default_errno_ret &&
	     a->default_errno_ret != b->default_errno_ret) ||
	    !str_eq(a->default_errno_name, b->default_errno_name) ||
	    !strv_eq(&a->architectures, &b->architectures) ||
	    a->has_flags != b->has_flags || !strv_eq(&a->flags, &b->flags) ||
	    !str_eq_empty(a->listener_path, b->listener_path) ||
	    !str_eq_empty(a->listener_metadata, b->listener_metadata) ||
	    a->narchmap != b->narchmap || a->ngroups != b->ngroups)
		return false;
	for (size_t i = 0; i < a->narchmap; i++)
		if (!str_eq(a->archmap[i].arch.s, b->archmap[i].arch.s) ||
		    !strv_eq(&a->archmap[i].subs, &b->archmap[i].subs))
			return false;
	for (size_t i = 0; i < a->ngroups; i++)
		if (!group_eq(&a->groups[i], &b->groups[i]))
			return false;
	return true;
}

static int parse_u8(const char *s, size_t len, unsigned *out)
{
	unsigned v = 0;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > 255)
			return -EINVAL;
	}
	*out = v;
	return 0;
}

int sc_min_kernel_parse(const char *s, unsigned *major, unsigned *minor)
{
	const char *dot;
	unsigned a, b;

	if (*s == '\0') {
		*major = *minor = 0;
		return 0;
	}
	dot = strchr(s, '.');
	/* Go's SplitN(v, ".", 3) must give exactly two parts. */
	if (!dot || strchr(dot + 1, '.'))
		return -EINVAL;
	if (parse_u8(s, (size_t)(dot - s), &a) < 0 ||
	    parse_u8(dot + 1, strlen(dot + 1), &b) < 0)
		return -EINVAL;
	if (a == 0 && b == 0)
		return -EINVAL;
	*major = a;
	*minor = b;
	return 0;
}

size_t sc_group_name_count(const struct sc_group *g)
{
	if (g->names.n)
		return g->names.n;
	return g->name && *g->name ? 1 : 0;
}

const char *sc_group_name_at(const struct sc_group *g, size_t i)
{
	if (g->names.n)
		return i < g->names.n ? g->names.v[i].s : NULL;
	return i == 0 && g->name && *g->name ? g->name : NULL;
}
