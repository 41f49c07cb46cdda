/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Owns `seccap show --format oci`: the resolved profile as the OCI
 * linux.seccomp object that Docker hands to runc, byte for byte as moby's
 * setupSeccomp output marshals with Go's encoding/json (field order, tabs,
 * HTML-safe escaping, null for an empty list).  launcher/show.c is the
 * applet that chooses it.
 */
#include "show_oci.h"

#include <errno.h>
#include <stddef.h>

#include "buf.h"
#include "model.h"

/* Go's encoding/json string escaping (HTML-safe, as json.Marshal does). */
static void put_json_string(struct sc_buf *b, const char *s)
{
	sc_buf_puts(b, "\"");
	for (const unsigned char *c = (const unsigned char *)(s ? s : "");
	     *c; c++) {
		switch (*c) {
		case '"':
			sc_buf_puts(b, "\\\"");
			break;
		case '\\':
			sc_buf_puts(b, "\\\\");
			break;
		case '\n':
			sc_buf_puts(b, "\\n");
			break;
		case '\r':
			sc_buf_puts(b, "\\r");
			break;
		case '\t':
			sc_buf_puts(b, "\\t");
			break;
		case '<':
		case '>':
		case '&':
			sc_buf_printf(b, "\\u%04x", *c);
			break;
		default:
			if (*c < 0x20)
				sc_buf_printf(b, "\\u%04x", *c);
			else if (c[0] == 0xe2 && c[1] == 0x80 &&
				 (c[2] == 0xa8 || c[2] == 0xa9)) {
				sc_buf_printf(b, "\\u20%s",
					      c[2] == 0xa8 ? "28" : "29");
				c += 2;
			} else {
				sc_buf_put(b, (const char *)c, 1);
			}
		}
	}
	sc_buf_puts(b, "\"");
}

static void put_json_strv(struct sc_buf *b, const struct sc_strv *v,
			  const char *indent)
{
	if (!v->n) {
		sc_buf_puts(b, "null");
		return;
	}
	sc_buf_puts(b, "[\n");
	for (size_t i = 0; i < v->n; i++) {
		sc_buf_printf(b, "%s\t", indent);
		put_json_string(b, v->v[i].s);
		sc_buf_puts(b, i + 1 < v->n ? ",\n" : "\n");
	}
	sc_buf_printf(b, "%s]", indent);
}

int show_oci(const struct sc_profile *r, struct sc_buf *b)
{
	/* moby: no defaultAction and no syscalls means no seccomp at all. */
	if ((!r->default_action || !*r->default_action) && !r->ngroups) {
		sc_buf_puts(b, "null\n");
		return b->oom ? -ENOMEM : 0;
	}
	sc_buf_puts(b, "{\n\t\"defaultAction\": ");
	put_json_string(b, r->default_action);
	if (r->has_default_errno_ret)
		sc_buf_printf(b, ",\n\t\"defaultErrnoRet\": %llu",
			      (unsigned long long)r->default_errno_ret);
	if (r->architectures.n) {
		sc_buf_puts(b, ",\n\t\"architectures\": ");
		put_json_strv(b, &r->architectures, "\t");
	}
	if (r->flags.n) {
		sc_buf_puts(b, ",\n\t\"flags\": ");
		put_json_strv(b, &r->flags, "\t");
	}
	if (r->listener_path && *r->listener_path) {
		sc_buf_puts(b, ",\n\t\"listenerPath\": ");
		put_json_string(b, r->listener_path);
	}
	if (r->listener_metadata && *r->listener_metadata) {
		sc_buf_puts(b, ",\n\t\"listenerMetadata\": ");
		put_json_string(b, r->listener_metadata);
	}
	if (r->ngroups) {
		sc_buf_puts(b, ",\n\t\"syscalls\": [\n");
		for (size_t i = 0; i < r->ngroups; i++) {
			const struct sc_group *g = &r->groups[i];

			sc_buf_puts(b, "\t\t{\n\t\t\t\"names\": ");
			put_json_strv(b, &g->names, "\t\t\t");
			sc_buf_puts(b, ",\n\t\t\t\"action\": ");
			put_json_string(b, g->action);
			if (g->has_errno_ret)
				sc_buf_printf(b, ",\n\t\t\t\"errnoRet\": %llu",
					      (unsigned long long)g->errno_ret);
			if (g->nargs) {
				sc_buf_puts(b, ",\n\t\t\t\"args\": [\n");
				for (size_t k = 0; k < g->nargs; k++) {
					const struct sc_arg *a = &g->args[k];

					sc_buf_printf(b,
						      "\t\t\t\t{\n"
						      "\t\t\t\t\t\"index\": %llu,\n"
						      "\t\t\t\t\t\"value\": %llu,\n",
						      (unsigned long long)a->index,
						      (unsigned long long)a->value);
					if (a->value_two)
						sc_buf_printf(b,
							      "\t\t\t\t\t\"valueTwo\": %llu,\n",
							      (unsigned long long)a->value_two);
					sc_buf_puts(b, "\t\t\t\t\t\"op\": ");
					put_json_string(b, a->op);
					sc_buf_puts(b, k + 1 < g->nargs
							       ? "\n\t\t\t\t},\n"
							       : "\n\t\t\t\t}\n");
				}
				sc_buf_puts(b, "\t\t\t]");
			}
			sc_buf_puts(b, i + 1 < r->ngroups ? "\n\t\t},\n"
							  : "\n\t\t}\n");
		}
		sc_buf_puts(b, "\t]");
	}
	sc_buf_puts(b, "\n}\n");
	return b->oom ? -ENOMEM : 0;
}
