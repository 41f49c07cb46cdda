/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Docker/moby JSON profile writer.  The layout is moby's default.json (tabs,
 * one array element per line) and the field order is what Go's encoder
 * gives for moby's types; Podman's "defaultErrno"/"errno" follow the
 * *ErrnoRet they go with, as in Podman's seccomp.json.  Empty optional
 * fields are left out as omitempty does, except where the model tells
 * absent from empty: "flags": [] and "minKernel": "".  The output reads back
 * (sc_json_parse) into an equal model.
 */
#include "io.h"
#include "text.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/*
 * A JSON string.  JSON cannot carry bytes that are not UTF-8; like Go's
 * encoder we write U+FFFD for them rather than emit a file no reader takes.
 */
static void put_str(struct sc_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), run = 0;

	sc_buf_put(b, "\"", 1);
	for (size_t i = 0; i < n;) {
		const char *esc = NULL;
		char u[8];
		size_t k = 1;

		switch (s[i]) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			if (s[i] < 0x20) {
				snprintf(u, sizeof(u), "\\u%04x", s[i]);
				esc = u;
			} else if (s[i] >= 0x80) {
				k = sc_utf8_seq(s + i, n - i);
				if (!k) {
					esc = "\\ufffd";
					k = 1;
				}
			}
			break;
		}
		if (esc) {
			sc_buf_put(b, str + i - run, run);
			run = 0;
			sc_buf_puts(b, esc);
		} else {
			run += k;
		}
		i += k;
	}
	sc_buf_put(b, str + n - run, run);
	sc_buf_put(b, "\"", 1);
}

static void tabs(struct sc_buf *b, int n)
{
	static const char t[] = "\t\t\t\t\t\t\t\t";

	sc_buf_put(b, t, (size_t)n < sizeof(t) - 1 ? (size_t)n : sizeof(t) - 1);
}

/* Start member `name` of an object whose members sit at depth lvl. */
static void member(struct sc_buf *b, int lvl, bool *first, const char *name)
{
	sc_buf_puts(b, *first ? "\n" : ",\n");
	*first = false;
	tabs(b, lvl);
	put_str(b, name);
	sc_buf_puts(b, ": ");
}

/* Close an object whose members sat at depth lvl. */
static void close_obj(struct sc_buf *b, int lvl, bool first)
{
	if (!first) {
		sc_buf_puts(b, "\n");
		tabs(b, lvl - 1);
	}
	sc_buf_puts(b, "}");
}

/* A string array whose opening bracket is at depth lvl. */
static void put_strv(struct sc_buf *b, int lvl, const struct sc_strv *v)
{
	if (v->n == 0) {
		sc_buf_puts(b, "[]");
		return;
	}
	sc_buf_puts(b, "[");
	for (size_t i = 0; i < v->n; i++) {
		sc_buf_puts(b, i ? ",\n" : "\n");
		tabs(b, lvl + 1);
		put_str(b, v->v[i].s ? v->v[i].s : "");
	}
	sc_buf_puts(b, "\n");
	tabs(b, lvl);
	sc_buf_puts(b, "]");
}

static bool cond_empty(const struct sc_cond *c)
{
	return !c->caps.n && !c->arches.n && !c->min_kernel;
}

static void put_cond(struct sc_buf *b, int lvl, const struct sc_cond *c)
{
	bool first = true;

	sc_buf_puts(b, "{");
	if (c->caps.n) {
		member(b, lvl + 1, &first, "caps");
		put_strv(b, lvl + 1, &c->caps);
	}
	if (c->arches.n) {
		member(b, lvl + 1, &first, "arches");
		put_strv(b, lvl + 1, &c->arches);
	}
	if (c->min_kernel) {
		member(b, lvl + 1, &first, "minKernel");
		put_str(b, c->min_kernel);
	}
	close_obj(b, lvl + 1, first);
}

static void put_arg(struct sc_buf *b, int lvl, const struct sc_arg *a)
{
	bool first = true;

	sc_buf_puts(b, "{");
	member(b, lvl + 1, &first, "index");
	sc_buf_printf(b, "%" PRIu64, a->index);
	member(b, lvl + 1, &first, "value");
	sc_buf_printf(b, "%" PRIu64, a->value);
	if (a->value_two) {
		member(b, lvl + 1, &first, "valueTwo");
		sc_buf_printf(b, "%" PRIu64, a->value_two);
	}
	if (a->op) {
		member(b, lvl + 1, &first, "op");
		put_str(b, a->op);
	}
	close_obj(b, lvl + 1, first);
}

static void put_group(struct sc_buf *b, int lvl, const struct sc_group *g)
{
	bool first = true;

	sc_buf_puts(b, "{");
	if (g->names.n) {
		member(b, lvl + 1, &first, "names");
		put_strv(b, lvl + 1, &g->names);
	}
	/* Both: no reader makes such a model; keep both, reading says no. */
	if (g->name && *g->name) {
		member(b, lvl + 1, &first, "name");
		put_str(b, g->name);
	}
	if (g->action) {
		member(b, lvl + 1, &first, "action");
		put_str(b, g->action);
	}
	if (g->has_errno_ret) {
		member(b, lvl + 1, &first, "errnoRet");
		sc_buf_printf(b, "%" PRIu64, g->errno_ret);
	}
	if (g->errno_name) {
		member(b, lvl + 1, &first, "errno");
		put_str(b, g->errno_name);
	}
	if (g->nargs) {
		member(b, lvl + 1, &first, "args");
		sc_buf_puts(b, "[");
		for (size_t i = 0; i < g->nargs; i++) {
			sc_buf_puts(b, i ? ",\n" : "\n");
			tabs(b, lvl + 2);
			put_arg(b, lvl + 2, &g->args[i]);
		}
		sc_buf_puts(b, "\n");
		tabs(b, lvl + 1);
		sc_buf_puts(b, "]");
	}
	if (g->comment && *g->comment) {
		member(b, lvl + 1, &first, "comment");
		put_str(b, g->comment);
	}
	if (!cond_empty(&g->includes)) {
		member(b, lvl + 1, &first, "includes");
		put_cond(b, lvl + 1, &g->includes);
	}
	if (!cond_empty(&g->excludes)) {
		member(b, lvl + 1, &first, "excludes");
		put_cond(b, lvl + 1, &g->excludes);
	}
	close_obj(b, lvl + 1, first);
}

static void put_archmap(struct sc_buf *b, int lvl, const struct sc_archmap *m)
{
	bool first = true;

	sc_buf_puts(b, "{");
	if (m->arch.s) {
		member(b, lvl + 1, &first, "architecture");
		put_str(b, m->arch.s);
	}
	/* No omitempty on subArchitectures: moby writes null for none. */
	member(b, lvl + 1, &first, "subArchitectures");
	if (m->subs.n)
		put_strv(b, lvl + 1, &m->subs);
	else
		sc_buf_puts(b, "null");
	close_obj(b, lvl + 1, first);
}

int sc_json_write(const struct sc_profile *p, struct sc_buf *out,
		  struct sc_error *err)
{
	bool first = true;

	sc_buf_puts(out, "{");
	if (p->default_action) {
		member(out, 1, &first, "defaultAction");
		put_str(out, p->default_action);
	}
	if (p->has_default_errno_ret) {
		member(out, 1, &first, "defaultErrnoRet");
		sc_buf_printf(out, "%" PRIu64, p->default_errno_ret);
	}
	if (p->default_errno_name) {
		member(out, 1, &first, "defaultErrno");
		put_str(out, p->default_errno_name);
	}
	if (p->architectures.n) {
		member(out, 1, &first, "architectures");
		put_strv(out, 1, &p->architectures);
	}
	if (p->has_flags || p->flags.n) {
		member(out, 1, &first, "flags");
		put_strv(out, 1, &p->flags);
	}
	if (p->listener_path && *p->listener_path) {
		member(out, 1, &first, "listenerPath");
		put_str(out, p->listener_path);
	}
	if (p->listener_metadata && *p->listener_metadata) {
		member(out, 1, &first, "listenerMetadata");
		put_str(out, p->listener_metadata);
	}
	if (p->narchmap) {
		member(out, 1, &first, "archMap");
		sc_buf_puts(out, "[");
		for (size_t i = 0; i < p->narchmap; i++) {
			sc_buf_puts(out, i ? ",\n" : "\n");
			tabs(out, 2);
			put_archmap(out, 2, &p->archmap[i]);
		}
		sc_buf_puts(out, "\n\t]");
	}
	member(out, 1, &first, "syscalls");
	if (p->ngroups) {
		sc_buf_puts(out, "[");
		for (size_t i = 0; i < p->ngroups; i++) {
			sc_buf_puts(out, i ? ",\n" : "\n");
			tabs(out, 2);
			put_group(out, 2, &p->groups[i]);
		}
		sc_buf_puts(out, "\n\t]");
	} else {
		sc_buf_puts(out, "[]");
	}
	close_obj(out, 1, first);
	sc_buf_puts(out, "\n");
	if (out->oom)
		return sc_err(err, ENOMEM, p->file, 0, 0, "out of memory");
	return 0;
}
