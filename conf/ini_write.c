/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The INI profile writer (format: conf/seccap-profile.5).  It never writes
 * a line the reader would refuse: no line over 197 bytes (lists go one item
 * per line or are packed and wrapped, long strings are quoted and continued
 * with '\', long comments are wrapped with a '\' marker), section labels of
 * at most 49 bytes, unique.  The same model always gives the same bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ini_format.h"
#include "io.h"

#define LINE_MAX_BYTES 197
#define LABEL_MAX 49
/* Longer bare words are quoted, so that they can be wrapped. */
#define BARE_MAX 150

struct w {
	struct sc_buf *b;
	size_t col; /* bytes on the current line */
};

static void put(struct w *w, const char *s, size_t n)
{
	sc_buf_put(w->b, s, n);
	w->col += n;
}

static void puts_(struct w *w, const char *s)
{
	put(w, s, strlen(s));
}

static void newline(struct w *w)
{
	sc_buf_put(w->b, "\n", 1);
	w->col = 0;
}

/* A continuation line of the current key. */
static void cont(struct w *w)
{
	newline(w);
	put(w, "\t", 1);
}

/* Can s be written without quotes as one item of a value? */
static bool bare_ok(const char *s)
{
	size_t n = strlen(s);

	/* '#', ';' start comments and '[' a section on an indented line. */
	if (n == 0 || n > BARE_MAX || s[0] == '#' || s[0] == ';' ||
	    s[0] == '[')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		/*
		 * '=' and ':' too: on a continuation line "caps = x" would
		 * look like a misplaced key to the reader.
		 */
		if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '=' ||
		    ch == ':')
			return false;
	}
	return true;
}

/*
 * Length of the UTF-8-shaped sequence at s (so it is never split across a
 * wrap), or 1.  Only the shape counts, not sc_utf8_seq's RFC 3629 ranges:
 * INI strings may hold any bytes, and an overlong or surrogate sequence is
 * kept whole too, so the wrap points stay as they are.
 */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 1;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/*
 * The next unit of s as written inside quotes.  At the start of a
 * continuation line inih would drop blanks and take '#' or ';' for a
 * comment; after a blank a ';' starts an inline comment: escape those.
 */
static size_t quote_unit(const char *s, size_t *used, char prev, bool start,
			 char out[8])
{
	unsigned char ch = (unsigned char)s[0];
	size_t n;

	*used = 1;
	switch (ch) {
	case '"': memcpy(out, "\\\"", 2); return 2;
	case '\\': memcpy(out, "\\\\", 2); return 2;
	case '\n': memcpy(out, "\\n", 2); return 2;
	case '\t': memcpy(out, "\\t", 2); return 2;
	case '\r': memcpy(out, "\\r", 2); return 2;
	case ';':
		if (start || prev == ' ') {
			memcpy(out, "\\;", 2);
			return 2;
		}
		break;
	case '#':
		if (start) {
			memcpy(out, "\\#", 2);
			return 2;
		}
		break;
	case ' ':
		if (start) {
			memcpy(out, "\\x20", 4);
			return 4;
		}
		break;
	default:
		if (ch < 0x20 || ch == 0x7f) {
			snprintf(out, 8, "\\x%02x", ch);
			return 4;
		}
		n = utf8_len((const unsigned char *)s);
		memcpy(out, s, n);
		*used = n;
		return n;
	}
	out[0] = (char)ch;
	return 1;
}

/* Write s as a quoted string from the current column, wrapping with '\'. */
static void put_quoted(struct w *w, const char *s)
{
	char unit[8], prev = '"';
	bool start = false;
	size_t used, n;

	put(w, "\"", 1);
	while (*s) {
		n = quote_unit(s, &used, prev, start, unit);
		/* Keep room for the closing quote or the '\' that continues. */
		if (w->col + n + 1 > LINE_MAX_BYTES) {
			put(w, "\\", 1);
			cont(w);
			start = true;
			n = quote_unit(s, &used, '\t', start, unit);
		}
		put(w, unit, n);
		prev = unit[n - 1];
		start = false;
		s += used;
	}
	put(w, "\"", 1);
}

/* Room an item takes on a line, quoted or not (an estimate for quoted). */
static size_t item_width(const char *s, bool bare)
{
	size_t n = 2;

	if (bare)
		return strlen(s);
	for (; *s; s++)
		n += (*s == '"' || *s == '\\' || *s == '\n' || *s == '\t' ||
		      *s == '\r' || *s == ';')
			     ? 2
			     : ((unsigned char)*s < 0x20 ? 4 : 1);
	return n;
}

/*
 * One item of a value: on the key's line, packed after the previous item
 * when it fits, else on a continuation line (always, with each_line).
 */
static void put_item(struct w *w, const char *s, bool bare, bool first,
		     bool each_line)
{
	size_t width = item_width(s, bare);

	if (first)
		put(w, " ", 1);
	else if (each_line || w->col + 1 + width > LINE_MAX_BYTES)
		cont(w);
	else
		put(w, " ", 1);
	if (bare)
		puts_(w, s);
	else
		put_quoted(w, s);
}

static void put_word_item(struct w *w, const char *s, bool first,
			  bool each_line)
{
	put_item(w, s, bare_ok(s), first, each_line);
}

static void key_word(struct w *w, const char *key, const char *s)
{
	puts_(w, key);
	puts_(w, " =");
	put_word_item(w, s, true, false);
	newline(w);
}

/* Free text may go bare when inih and our reader give it back unchanged. */
static bool text_bare_ok(const char *key, const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || strlen(key) + 3 + n > LINE_MAX_BYTES)
		return false;
	if (s[0] == ' ' || s[0] == '"' || s[0] == '#' || s[0] == ';' ||
	    s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f || ch == '"')
			return false;
		if (ch == ';' && s[i - 1] == ' ')
			return false;
	}
	return true;
}

static void key_text(struct w *w, const char *key, const char *s)
{
	puts_(w, key);
	puts_(w, " = ");
	if (text_bare_ok(key, s))
		puts_(w, s);
	else
		put_quoted(w, s);
	newline(w);
}

static void key_u64(struct w *w, const char *key, uint64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%" PRIu64, v);
	key_word(w, key, num);
}

static void key_action(struct w *w, const char *key, const char *s)
{
	const char *word = sc_ini_word_from_action(s);

	puts_(w, key);
	puts_(w, " =");
	if (word) {
		put(w, " ", 1);
		puts_(w, word);
		newline(w);
		return;
	}
	/* Bare, only SCMP_ACT_* is taken verbatim; quoted, anything is. */
	put_item(w, s, bare_ok(s) && strncmp(s, "SCMP_ACT_", 9) == 0, true,
		 false);
	newline(w);
}

static void key_list(struct w *w, const char *key, const struct sc_strv *v,
		     bool each_line, bool even_empty)
{
	if (!v->n && !even_empty)
		return;
	puts_(w, key);
	puts_(w, " =");
	for (size_t i = 0; i < v->n; i++)
		put_word_item(w, v->v[i].s, i == 0, each_line);
	newline(w);
}

static void key_arg(struct w *w, const struct sc_arg *a)
{
	char idx[32], v1[32], v2[32];
	const char *sym = a->op ? sc_ini_sym_from_op(a->op) : NULL;

	snprintf(idx, sizeof(idx), "arg%" PRIu64, a->index);
	puts_(w, "arg =");
	put_item(w, idx, true, true, false);
	if (a->op && strcmp(a->op, "SCMP_CMP_MASKED_EQ") == 0) {
		snprintf(v1, sizeof(v1), "0x%" PRIX64, a->value);
		snprintf(v2, sizeof(v2), "%" PRIu64, a->value_two);
		put_item(w, "&", true, false, false);
		put_item(w, v1, true, false, false);
		put_item(w, "==", true, false, false);
		put_item(w, v2, true, false, false);
		newline(w);
		return;
	}
	snprintf(v1, sizeof(v1), "%" PRIu64, a->value);
	snprintf(v2, sizeof(v2), "%" PRIu64, a->value_two);
	if (sym && a->value_two == 0) {
		put_item(w, sym, true, false, false);
	} else if (!a->op) {
		put_item(w, "-", true, false, false);
	} else {
		put_item(w, a->op,
			 bare_ok(a->op) && strncmp(a->op, "SCMP_CMP_", 9) == 0,
			 false, false);
	}
	put_item(w, v1, true, false, false);
	if (a->value_two)
		put_item(w, v2, true, false, false);
	newline(w);
}

/*
 * Can the comment go as '#' lines?  The reader drops one space after '#'
 * and trailing blanks, joins lines with '\n', and takes a '\' at the end
 * as "continued on the next line without a newline".  So each line of the
 * comment must not end in a blank or a backslash, and only '\n' and tabs
 * (not at the end) may be control characters.
 */
static bool comment_hash_ok(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		unsigned char ch = (unsigned char)s[i];
		char next = s[i + 1];
		bool eol = next == '\0' || next == '\n';

		if (ch == '\n')
			continue;
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return false;
		if (eol && (ch == ' ' || ch == '\t' || ch == '\\'))
			return false;
	}
	return true;
}

static void comment_line(struct w *w, const char *s, size_t n)
{
	/* "# " + text + "\" must fit when the line is wrapped. */
	const size_t room = LINE_MAX_BYTES - 3;

	while (n + 2 > LINE_MAX_BYTES) {
		size_t cut = room, i;

		/* Break after a space when one is near the end... */
		for (i = room; i > room / 2; i--)
			if (s[i - 1] == ' ')
				break;
		if (i > room / 2) {
			cut = i;
		} else {
			/* ...else anywhere outside a UTF-8 sequence. */
			while (cut > 1 && ((unsigned char)s[cut] & 0xc0) == 0x80)
				cut--;
		}
		puts_(w, "# ");
		put(w, s, cut);
		put(w, "\\", 1);
		newline(w);
		s += cut;
		n -= cut;
	}
	puts_(w, n ? "# " : "#");
	put(w, s, n);
	newline(w);
}

static void comment_lines(struct w *w, const char *s)
{
	for (;;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		comment_line(w, s, n);
		if (!nl)
			break;
		s = nl + 1;
	}
}

struct labels {
	char (*v)[LABEL_MAX + 1];
	size_t n;
};

static bool label_used(const struct labels *l, const char *s)
{
	if (strcasecmp(s, "profile") == 0)
		return true;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* A label for people: the first syscall name, made safe and unique. */
static void make_label(struct labels *l, const struct sc_group *g)
{
	const char *first = sc_group_name_at(g, 0);
	char base[LABEL_MAX + 1], *out = l->v[l->n];
	size_t n, len;

	if (!first || !*first)
		first = "group";
	len = strnlen(first, LABEL_MAX);
	for (n = 0; n < len; n++) {
		char ch = first[n];

		base[n] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
					  (ch >= '0' && ch <= '9') ||
					  ch == '_' || ch == '-' || ch == '.'
				  ? ch
				  : '_';
	}
	base[n] = '\0';
	snprintf(out, LABEL_MAX + 1, "%s", base);
	for (unsigned k = 2; label_used(l, out); k++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof(suffix), "-%u", k);

		snprintf(out, LABEL_MAX + 1, "%.*s%s", LABEL_MAX - sl, base,
			 suffix);
	}
	l->n++;
}

/* The header names the source file when it is a plain name. */
static void header(struct w *w, const char *file)
{
	const char *base = file ? strrchr(file, '/') : NULL;
	bool ok;

	base = base ? base + 1 : file;
	ok = base && *base && base[0] != '<' && strlen(base) < 100;
	for (size_t i = 0; ok && base[i]; i++)
		if ((unsigned char)base[i] < 0x20 || base[i] == 0x7f)
			ok = false;
	if (ok)
		sc_buf_printf(w->b, "# From %s, written by seccap; format: "
				    "seccap-profile(5)\n", base);
	else
		puts_(w, "# Written by seccap; format: seccap-profile(5)\n");
	w->col = 0;
}

static void write_profile_section(struct w *w, const struct sc_profile *p)
{
	if (!p->default_action && !p->has_default_errno_ret &&
	    !p->default_errno_name && !p->architectures.n && !p->narchmap &&
	    !p->has_flags && !(p->listener_path && *p->listener_path) &&
	    !(p->listener_metadata && *p->listener_metadata))
		return;
	puts_(w, "\n[profile]\n");
	w->col = 0;
	if (p->default_action)
		key_action(w, "default-action", p->default_action);
	if (p->has_default_errno_ret)
		key_u64(w, "default-errno", p->default_errno_ret);
	if (p->default_errno_name)
		key_word(w, "default-errno-name", p->default_errno_name);
	key_list(w, "architectures", &p->architectures, false, false);
	for (size_t i = 0; i < p->narchmap; i++) {
		const struct sc_archmap *m = &p->archmap[i];

		puts_(w, "arch-map =");
		/* A bare '-' stands for an entry without "architecture". */
		if (!m->arch.s)
			put_item(w, "-", true, true, false);
		else
			put_item(w, m->arch.s,
				 bare_ok(m->arch.s) && strcmp(m->arch.s, "-"),
				 true, false);
		for (size_t j = 0; j < m->subs.n; j++)
			put_word_item(w, m->subs.v[j].s, false, false);
		newline(w);
	}
	if (p->has_flags)
		key_list(w, "flags", &p->flags, false, true);
	if (p->listener_path && *p->listener_path)
		key_text(w, "listener-path", p->listener_path);
	if (p->listener_metadata && *p->listener_metadata)
		key_text(w, "listener-metadata", p->listener_metadata);
}

static void write_group(struct w *w, const struct sc_group *g,
			const char *label)
{
	bool hash = g->comment && *g->comment && comment_hash_ok(g->comment);

	newline(w);
	if (hash)
		comment_lines(w, g->comment);
	sc_buf_printf(w->b, "[%s]\n", label);
	if (g->comment && *g->comment && !hash)
		key_text(w, "comment", g->comment);
	if (g->action)
		key_action(w, "action", g->action);
	if (g->has_errno_ret)
		key_u64(w, "errno", g->errno_ret);
	if (g->errno_name)
		key_word(w, "errno-name", g->errno_name);
	key_list(w, "caps", &g->includes.caps, false, false);
	key_list(w, "not-caps", &g->excludes.caps, false, false);
	key_list(w, "arches", &g->includes.arches, false, false);
	key_list(w, "not-arches", &g->excludes.arches, false, false);
	if (g->includes.min_kernel)
		key_word(w, "min-kernel", g->includes.min_kernel);
	if (g->excludes.min_kernel)
		key_word(w, "not-min-kernel", g->excludes.min_kernel);
	for (size_t i = 0; i < g->nargs; i++)
		key_arg(w, &g->args[i]);
	if (g->name && *g->name)
		key_word(w, "name", g->name);
	key_list(w, "syscalls", &g->names, true, false);
}

int sc_ini_write(const struct sc_profile *p, struct sc_buf *out,
		 struct sc_error *err)
{
	struct labels labels = { 0 };
	struct w w = { out, 0 };

	/* Docker rejects these profiles too; INI has no way to say them. */
	if (p->architectures.n && p->narchmap)
		return sc_err(err, EINVAL, p->file, 0, 0,
			      "cannot write as INI: both 'architectures' and "
			      "'archMap' are specified in the seccomp profile, "
			      "use either 'architectures' or 'archMap'");
	for (size_t i = 0; i < p->ngroups; i++) {
		const struct sc_group *g = &p->groups[i];

		if (g->name && *g->name && g->names.n)
			return sc_err(err, EINVAL, p->file, g->loc.line,
				      g->loc.col,
				      "cannot write as INI: syscall entry %zu "
				      "has both 'name' and 'names', use either "
				      "'name' or 'names'",
				      i + 1);
	}

	labels.v = calloc(p->ngroups ? p->ngroups : 1, sizeof(*labels.v));
	if (!labels.v) {
		out->oom = true;
		return sc_err(err, ENOMEM, p->file, 0, 0, "out of memory");
	}
	header(&w, p->file);
	write_profile_section(&w, p);
	for (size_t i = 0; i < p->ngroups; i++) {
		make_label(&labels, &p->groups[i]);
		write_group(&w, &p->groups[i], labels.v[i]);
	}
	free(labels.v);
	if (out->oom)
		return sc_err(err, ENOMEM, p->file, 0, 0, "out of memory");
	return 0;
}
