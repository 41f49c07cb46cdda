/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The INI profile reader (format: conf/seccap-profile.5).
 *
 * libinih 55 as Debian ships it has a 200-byte line buffer that it fills
 * with fgets-like reads: a longer line is split silently and its tail parsed
 * as a new line or, when the split falls before a space, as a continuation.
 * Its handler gets no line number and section names are cut at 49 bytes.
 * So inih reads through our own line reader, which sees every physical line
 * first: it counts lines, refuses what inih would mangle, and classifies the
 * line exactly as inih will (blank, comment, section, key, continuation).
 * The handler then takes the key and value from that classification, so the
 * result does not depend on inih's run-time knobs either; it only checks
 * that inih saw the same key.  The first error stops the parse.
 */
#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ini_format.h"
#include "io.h"
#include "names.h"
#include "text.h"

/* Longest line (bytes, without its line end) and section name we accept. */
#define LINE_MAX_BYTES 197
#define LABEL_MAX 49
/* inih keeps the name for continuation lines in a 50-byte buffer. */
#define INIH_NAME_MAX 49

enum vtype {
	V_LIST,    /* whitespace-separated items, any number of lines */
	V_ARCHMAP, /* an arch followed by its sub-architectures */
	V_ACTION,  /* a readable action word or a verbatim string */
	V_NUMBER,  /* uint64, decimal or 0x hex; errno names for errnos */
	V_WORD,    /* one bare or quoted string */
	V_KERNEL,  /* a word that must be a minKernel ("4.8", "") */
	V_TEXT,    /* free text to the end of the line, or one quoted string */
	V_ARG,     /* an argument comparison */
};

enum kid {
	/* [profile] */
	K_DEFAULT_ACTION,
	K_DEFAULT_ERRNO,
	K_DEFAULT_ERRNO_NAME,
	K_ARCHITECTURES,
	K_ARCH_MAP,
	K_FLAGS,
	K_LISTENER_PATH,
	K_LISTENER_METADATA,
	/* syscall groups */
	K_COMMENT,
	K_ACTION,
	K_ERRNO,
	K_ERRNO_NAME,
	K_NAME,
	K_SYSCALLS,
	K_ARG,
	K_CAPS,
	K_NOT_CAPS,
	K_ARCHES,
	K_NOT_ARCHES,
	K_MIN_KERNEL,
	K_NOT_MIN_KERNEL,
	K_COUNT
};

struct key {
	const char *name;
	enum kid id;
	enum vtype type;
	bool profile; /* belongs in [profile] (else in a group) */
	bool repeat;  /* may be given more than once */
};

static const struct key keys[] = {
	{ "default-action", K_DEFAULT_ACTION, V_ACTION, true, false },
	{ "default-errno", K_DEFAULT_ERRNO, V_NUMBER, true, false },
	{ "default-errno-name", K_DEFAULT_ERRNO_NAME, V_WORD, true, false },
	{ "architectures", K_ARCHITECTURES, V_LIST, true, false },
	{ "arch-map", K_ARCH_MAP, V_ARCHMAP, true, true },
	{ "flags", K_FLAGS, V_LIST, true, false },
	{ "listener-path", K_LISTENER_PATH, V_TEXT, true, false },
	{ "listener-metadata", K_LISTENER_METADATA, V_TEXT, true, false },
	{ "comment", K_COMMENT, V_TEXT, false, false },
	{ "action", K_ACTION, V_ACTION, false, false },
	{ "errno", K_ERRNO, V_NUMBER, false, false },
	{ "errno-name", K_ERRNO_NAME, V_WORD, false, false },
	{ "name", K_NAME, V_WORD, false, false },
	{ "syscalls", K_SYSCALLS, V_LIST, false, false },
	{ "arg", K_ARG, V_ARG, false, true },
	{ "caps", K_CAPS, V_LIST, false, false },
	{ "not-caps", K_NOT_CAPS, V_LIST, false, false },
	{ "arches", K_ARCHES, V_LIST, false, false },
	{ "not-arches", K_NOT_ARCHES, V_LIST, false, false },
	{ "min-kernel", K_MIN_KERNEL, V_KERNEL, false, false },
	{ "not-min-kernel", K_NOT_MIN_KERNEL, V_KERNEL, false, false },
};

static const char *const profile_vocab[] = {
	"default-action", "default-errno", "default-errno-name",
	"architectures", "arch-map", "flags", "listener-path",
	"listener-metadata", NULL,
};

static const char *const group_vocab[] = {
	"comment", "action", "errno", "errno-name", "name", "syscalls", "arg",
	"caps", "not-caps", "arches", "not-arches", "min-kernel",
	"not-min-kernel", NULL,
};

#define ARG_FORM                                                          \
	"expected 'argN OP VALUE' or 'argN & MASK == VALUE' (OP: == != < " \
	"<= > >=), or 'argN SCMP_CMP_* VALUE [VALUE-TWO]'"

enum lkind { L_BLANK, L_COMMENT, L_SECTION, L_KEY, L_CONT };

struct tok {
	char *s;
	bool quoted;
	struct sc_loc loc;
};

/* The value of the key being read; it may span continuation lines. */
struct pend {
	const struct key *k;
	struct sc_loc loc;  /* the key */
	struct sc_loc vloc; /* its value */
	struct tok *t;
	size_t n, cap;
	char *text;         /* V_TEXT written bare: the whole value */
	bool open;          /* a quoted string continues on the next line */
	unsigned open_line;
	struct sc_buf q;    /* the quoted string being read */
	struct sc_loc qloc;
};

struct ctx {
	const char *file;
	const char *buf;
	size_t len, pos;
	unsigned line;
	struct sc_profile *p;
	struct sc_error *err;
	int rc; /* first error (negative errno); 0 while all is well */
	bool done;
	bool await; /* the last line handed to inih must reach the handler */

	/* The current physical line, as the reader classified it. */
	enum lkind kind;
	const char *raw; /* its bytes, without line end (and BOM) */
	size_t rawlen;
	size_t key_off, key_len, val_off, val_len;
	unsigned cut; /* column of an inline comment cut off the value, or 0 */

	/* Mirror of inih's state: the name continuation lines belong to. */
	char prev[INIH_NAME_MAX + 1];

	enum { S_NONE, S_PROFILE, S_GROUP } sect;
	size_t gi;
	unsigned seen[K_COUNT];
	bool comment_from_hash;
	unsigned comment_line;
	unsigned architectures_line, archmap_line, name_line, syscalls_line;

	struct label {
		char name[LABEL_MAX + 1];
		unsigned line;
	} *labels;
	size_t nlabels;
	unsigned profile_line;

	/* '#' lines seen directly before the current line. */
	struct sc_buf cblock;
	bool cblock_on, cblock_cont;
	unsigned cblock_line;

	struct pend pend;
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static int fail(struct ctx *c, int code, unsigned line, unsigned col,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int fail(struct ctx *c, int code, unsigned line, unsigned col,
		const char *fmt, ...)
{
	va_list ap;

	if (c->rc)
		return c->rc;
	va_start(ap, fmt);
	c->rc = sc_verr(c->err, code, c->file, line, col, fmt, ap);
	va_end(ap);
	return c->rc;
}

static int oom(struct ctx *c)
{
	return fail(c, ENOMEM, 0, 0, "out of memory");
}

static const struct key *key_find(const char *name, size_t len, bool profile)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].profile == profile && strlen(keys[i].name) == len &&
		    memcmp(keys[i].name, name, len) == 0)
			return &keys[i];
	return NULL;
}

static struct sc_group *cur_group(struct ctx *c)
{
	return &c->p->groups[c->gi];
}

/* ---- numbers ---- */

/* Exact uint64: decimal without leading zeros, or 0x hex. */
static int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!s[2])
			return -EINVAL;
		for (i = 2; s[i]; i++) {
			char ch = s[i];
			unsigned d;

			if (ch >= '0' && ch <= '9')
				d = (unsigned)(ch - '0');
			else if (ch >= 'a' && ch <= 'f')
				d = (unsigned)(ch - 'a' + 10);
			else if (ch >= 'A' && ch <= 'F')
				d = (unsigned)(ch - 'A' + 10);
			else
				return -EINVAL;
			if (v > UINT64_MAX >> 4)
				return -ERANGE;
			v = v << 4 | d;
		}
		*out = v;
		return 0;
	}
	if (!s[0])
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	if (s[0] == '0' && s[1])
		return -EDOM;
	*out = v;
	return 0;
}

static int number_tok(struct ctx *c, const struct tok *t, const char *what,
		      bool errno_names, uint64_t *out)
{
	int r, e;

	if (!t->quoted) {
		r = parse_u64(t->s, out);
		if (r == 0)
			return 0;
		if (r == -ERANGE)
			return fail(c, EINVAL, t->loc.line, t->loc.col,
				    "number '%s' in '%s' is too large (at most "
				    "18446744073709551615)",
				    t->s, what);
		if (r == -EDOM)
			return fail(c, EINVAL, t->loc.line, t->loc.col,
				    "invalid number '%s' in '%s': leading zeros "
				    "are not allowed (there are no octal numbers)",
				    t->s, what);
		if (errno_names) {
			e = sc_errno_parse(t->s);
			if (e >= 0) {
				*out = (uint64_t)e;
				return 0;
			}
			return fail(c, EINVAL, t->loc.line, t->loc.col,
				    "invalid value '%s' for '%s': expected a "
				    "number or an errno name such as EPERM",
				    t->s, what);
		}
	}
	return fail(c, EINVAL, t->loc.line, t->loc.col,
		    "invalid number '%s' in '%s': expected decimal or 0x "
		    "hexadecimal digits",
		    t->s, what);
}

/* ---- tokens ---- */

static void pend_clear(struct pend *pd)
{
	for (size_t i = 0; i < pd->n; i++)
		free(pd->t[i].s);
	free(pd->t);
	free(pd->text);
	sc_buf_free(&pd->q);
	memset(pd, 0, sizeof(*pd));
}

static int tok_push(struct ctx *c, const char *s, size_t len, bool quoted,
		    struct sc_loc loc)
{
	struct pend *pd = &c->pend;
	char *copy;

	if (pd->n == pd->cap) {
		size_t ncap = pd->cap ? pd->cap * 2 : 8;
		struct tok *nt = realloc(pd->t, ncap * sizeof(*nt));

		if (!nt)
			return oom(c);
		pd->t = nt;
		pd->cap = ncap;
	}
	copy = strndup(s, len);
	if (!copy)
		return oom(c);
	pd->t[pd->n++] = (struct tok){ copy, quoted, loc };
	return 0;
}

/*
 * Read the inside of a quoted string from v[*i]: up to the closing quote
 * (true in *closed), or to a '\' that ends the line (the string goes on).
 */
static int quoted_part(struct ctx *c, const char *v, size_t len, size_t *i,
		       unsigned col0, bool *closed)
{
	struct pend *pd = &c->pend;
	unsigned line = c->line;

	*closed = false;
	while (*i < len) {
		char ch = v[*i];
		unsigned col = col0 + (unsigned)*i;

		if (ch == '"') {
			(*i)++;
			*closed = true;
			return 0;
		}
		if (ch != '\\') {
			sc_buf_put(&pd->q, &ch, 1);
			(*i)++;
			continue;
		}
		if (*i + 1 == len) {
			/* A backslash ending the line: continued below. */
			pd->open = true;
			pd->open_line = line;
			*i = len;
			return 0;
		}
		switch (v[*i + 1]) {
		case 'n': ch = '\n'; break;
		case 't': ch = '\t'; break;
		case 'r': ch = '\r'; break;
		case '\\': case '"': case ';': case '#':
			ch = v[*i + 1];
			break;
		case 'x': {
			int h = *i + 2 < len ? sc_hex_digit(v[*i + 2]) : -1;
			int l = *i + 3 < len ? sc_hex_digit(v[*i + 3]) : -1;

			if (h < 0 || l < 0)
				return fail(c, EINVAL, line, col,
					    "invalid escape in quoted string: "
					    "'\\x' needs two hex digits");
			ch = (char)(h << 4 | l);
			if (!ch)
				return fail(c, EINVAL, line, col,
					    "'\\x00' in quoted string: NUL "
					    "bytes are not allowed");
			sc_buf_put(&pd->q, &ch, 1);
			*i += 4;
			continue;
		}
		default:
			return fail(c, EINVAL, line, col,
				    "unknown escape '\\%c' in quoted string; "
				    "write '\\\\' for a backslash",
				    v[*i + 1]);
		}
		sc_buf_put(&pd->q, &ch, 1);
		*i += 2;
	}
	if (c->cut)
		return fail(c, EINVAL, line, c->cut,
			    "missing closing '\"' (a ';' after a space starts "
			    "a comment; inside quotes write it as '\\;')");
	return fail(c, EINVAL, line, col0 + (unsigned)len,
		    "missing closing '\"'; end the line with '\\' to continue "
		    "the string on an indented line");
}

/* After a closing quote: the end, or a space before the next item. */
static int after_quote(struct ctx *c, const char *v, size_t len, size_t i,
		       unsigned col0)
{
	struct pend *pd = &c->pend;
	int r;

	if (pd->q.oom)
		return oom(c);
	r = tok_push(c, pd->q.p ? pd->q.p : "", pd->q.len, true, pd->qloc);
	sc_buf_free(&pd->q);
	if (r < 0)
		return r;
	if (i < len && !is_ws(v[i]))
		return fail(c, EINVAL, c->line, col0 + (unsigned)i,
			    "unexpected '%c' after closing '\"'; separate "
			    "values with spaces",
			    v[i]);
	return 0;
}

/* Split one line's value v (starting at column col0) into tokens. */
static int tokenize(struct ctx *c, const char *v, size_t len, unsigned col0)
{
	struct pend *pd = &c->pend;
	size_t i = 0;
	bool closed;
	int r;

	if (pd->open) {
		pd->open = false;
		r = quoted_part(c, v, len, &i, col0, &closed);
		if (r < 0)
			return r;
		if (closed && (r = after_quote(c, v, len, i, col0)) < 0)
			return r;
	}
	while (!pd->open) {
		while (i < len && is_ws(v[i]))
			i++;
		if (i == len)
			break;
		if (v[i] == '"') {
			sc_buf_free(&pd->q);
			/* An empty string still needs a buffer. */
			sc_buf_put(&pd->q, "", 0);
			pd->qloc = (struct sc_loc){ c->line, col0 + (unsigned)i };
			i++;
			r = quoted_part(c, v, len, &i, col0, &closed);
			if (r < 0)
				return r;
			if (closed && (r = after_quote(c, v, len, i, col0)) < 0)
				return r;
			continue;
		}
		size_t j = i;

		while (j < len && !is_ws(v[j])) {
			if (v[j] == '"')
				return fail(c, EINVAL, c->line,
					    col0 + (unsigned)j,
					    "unexpected '\"' inside '%.*s'; "
					    "quote the whole value",
					    (int)(j - i + 1), v + i);
			j++;
		}
		r = tok_push(c, v + i, j - i, false,
			     (struct sc_loc){ c->line, col0 + (unsigned)i });
		if (r < 0)
			return r;
		i = j;
	}
	return 0;
}

/* ---- finishing a key: store its tokens in the model ---- */

static int one_tok(struct ctx *c, const struct tok **ret)
{
	struct pend *pd = &c->pend;

	if (pd->n == 0) {
		bool str = pd->k->type == V_WORD || pd->k->type == V_KERNEL ||
			   pd->k->type == V_TEXT || pd->k->type == V_ACTION;

		return fail(c, EINVAL, pd->loc.line, pd->loc.col,
			    "empty value for '%s'%s", pd->k->name,
			    str ? "; write \"\" for an empty string" : "");
	}
	if (pd->n > 1)
		return fail(c, EINVAL, pd->t[1].loc.line, pd->t[1].loc.col,
			    "'%s' takes a single value, but '%s' follows it",
			    pd->k->name, pd->t[1].s);
	*ret = &pd->t[0];
	return 0;
}

static int set_action(struct ctx *c, char **dst, struct sc_loc *loc)
{
	const struct tok *t;
	const char *val, *hint;
	int r = one_tok(c, &t);

	if (r < 0)
		return r;
	val = t->s;
	/* A bare word is a readable action word or an SCMP_ACT_* name. */
	if (!t->quoted) {
		const char *act = sc_ini_action_from_word(t->s);

		if (act) {
			val = act;
		} else if (strncmp(t->s, "SCMP_ACT_", 9) != 0) {
			hint = sc_suggest(t->s, sc_ini_action_words);
			if (hint)
				return fail(c, EINVAL, t->loc.line, t->loc.col,
					    "unknown action '%s'; did you mean "
					    "'%s'?",
					    t->s, hint);
			return fail(c, EINVAL, t->loc.line, t->loc.col,
				    "unknown action '%s'; expected allow, "
				    "errno, kill, kill-thread, kill-process, "
				    "trap, trace, log, notify or an SCMP_ACT_* "
				    "name",
				    t->s);
		}
	}
	if (sc_set_str(dst, val) < 0)
		return oom(c);
	*loc = t->loc;
	return 0;
}

static int set_number(struct ctx *c, bool *has, uint64_t *dst,
		      struct sc_loc *loc)
{
	const struct tok *t;
	int r = one_tok(c, &t);

	if (r < 0)
		return r;
	r = number_tok(c, t, c->pend.k->name, true, dst);
	if (r < 0)
		return r;
	*has = true;
	*loc = t->loc;
	return 0;
}

/* A word or text; "" becomes NULL where the model treats them alike. */
static int set_string(struct ctx *c, char **dst, struct sc_loc *loc,
		      bool empty_is_null)
{
	struct pend *pd = &c->pend;
	const struct tok *t;
	const char *s;
	int r;

	if (pd->text) {
		s = pd->text;
		if (loc)
			*loc = pd->vloc;
	} else {
		r = one_tok(c, &t);
		if (r < 0)
			return r;
		s = t->s;
		if (loc)
			*loc = t->loc;
	}
	if (empty_is_null && !*s)
		s = NULL;
	if (sc_set_str(dst, s) < 0)
		return oom(c);
	return 0;
}

static int set_kernel(struct ctx *c, struct sc_cond *cond)
{
	const struct tok *t;
	unsigned major, minor;
	int r = one_tok(c, &t);

	if (r < 0)
		return r;
	if (sc_min_kernel_parse(t->s, &major, &minor) < 0)
		return fail(c, EINVAL, t->loc.line, t->loc.col,
			    "invalid kernel version '%s' for '%s', expected "
			    "\"<kernel>.<major>\" such as 4.8 (or \"\")",
			    t->s, c->pend.k->name);
	if (sc_set_str(&cond->min_kernel, t->s) < 0)
		return oom(c);
	cond->min_kernel_loc = t->loc;
	return 0;
}

static int set_list(struct ctx *c, struct sc_strv *v)
{
	struct pend *pd = &c->pend;

	for (size_t i = 0; i < pd->n; i++)
		if (sc_strv_push(v, pd->t[i].s, (size_t)-1, pd->t[i].loc) < 0)
			return oom(c);
	return 0;
}

static int set_archmap(struct ctx *c)
{
	struct pend *pd = &c->pend;
	struct sc_archmap *m;

	if (pd->n == 0)
		return fail(c, EINVAL, pd->loc.line, pd->loc.col,
			    "empty value for 'arch-map'; expected an "
			    "architecture followed by its sub-architectures");
	m = sc_profile_add_archmap(c->p);
	if (!m)
		return oom(c);
	m->loc = pd->loc;
	m->arch.loc = pd->t[0].loc;
	/* A bare '-' stands for an entry without "architecture". */
	if (pd->t[0].quoted || strcmp(pd->t[0].s, "-") != 0) {
		m->arch.s = strdup(pd->t[0].s);
		if (!m->arch.s)
			return oom(c);
	}
	for (size_t i = 1; i < pd->n; i++)
		if (sc_strv_push(&m->subs, pd->t[i].s, (size_t)-1,
				 pd->t[i].loc) < 0)
			return oom(c);
	return 0;
}

static int arg_form(struct ctx *c, const struct tok *t)
{
	return fail(c, EINVAL, t->loc.line, t->loc.col,
		    "invalid 'arg': " ARG_FORM);
}

static int set_arg(struct ctx *c)
{
	struct pend *pd = &c->pend;
	const struct tok *t = pd->t;
	struct sc_arg a = { 0 }, *na;
	const char *op = NULL;
	size_t n = pd->n, min, max;
	bool sym = false;
	int r;

	if (n == 0)
		return fail(c, EINVAL, pd->loc.line, pd->loc.col,
			    "empty value for 'arg'; " ARG_FORM);
	if (t[0].quoted || strncmp(t[0].s, "arg", 3) != 0 || !t[0].s[3] ||
	    strspn(t[0].s + 3, "0123456789") != strlen(t[0].s + 3))
		return fail(c, EINVAL, t[0].loc.line, t[0].loc.col,
			    "invalid 'arg': '%s' is not an argument such as "
			    "arg0; " ARG_FORM,
			    t[0].s);
	r = parse_u64(t[0].s + 3, &a.index);
	if (r == -EDOM)
		return fail(c, EINVAL, t[0].loc.line, t[0].loc.col,
			    "invalid 'arg': leading zeros in '%s'", t[0].s);
	if (r < 0)
		return fail(c, EINVAL, t[0].loc.line, t[0].loc.col,
			    "invalid 'arg': the index in '%s' is too large",
			    t[0].s);
	if (n < 2)
		return arg_form(c, &t[0]);

	if (!t[1].quoted && strcmp(t[1].s, "&") == 0) {
		if (n != 5 || t[3].quoted || strcmp(t[3].s, "==") != 0)
			return arg_form(c, n > 3 ? &t[3] : &t[n - 1]);
		if ((r = number_tok(c, &t[2], "arg", false, &a.value)) < 0 ||
		    (r = number_tok(c, &t[4], "arg", false, &a.value_two)) < 0)
			return r;
		op = "SCMP_CMP_MASKED_EQ";
	} else {
		if (t[1].quoted) {
			/* A quoted operator is taken as written. */
			op = t[1].s;
		} else if (strcmp(t[1].s, "-") == 0) {
			op = NULL; /* Docker's "op" absent */
		} else if (strncmp(t[1].s, "SCMP_CMP_", 9) == 0) {
			op = t[1].s;
		} else {
			op = sc_ini_op_from_sym(t[1].s);
			sym = op != NULL;
			if (!sym)
				return fail(c, EINVAL, t[1].loc.line,
					    t[1].loc.col,
					    "unknown operator '%s' in 'arg'; "
					    ARG_FORM,
					    t[1].s);
		}
		/* A value-two only in the SCMP_CMP_* form. */
		min = 3;
		max = sym ? 3 : 4;
		if (n < min || n > max)
			return arg_form(c, n > max ? &t[max] : &t[n - 1]);
		if ((r = number_tok(c, &t[2], "arg", false, &a.value)) < 0)
			return r;
		if (n == 4 &&
		    (r = number_tok(c, &t[3], "arg", false, &a.value_two)) < 0)
			return r;
	}

	na = sc_group_add_arg(cur_group(c));
	if (!na)
		return oom(c);
	a.loc = pd->vloc;
	*na = a;
	if (op && sc_set_str(&na->op, op) < 0)
		return oom(c);
	return 0;
}

static int conflict_names(struct ctx *c)
{
	struct sc_group *g = cur_group(c);
	unsigned line;

	if (!g->name || !g->names.n)
		return 0;
	line = c->name_line > c->syscalls_line ? c->name_line
					       : c->syscalls_line;
	return fail(c, EINVAL, line, 1,
		    "both 'name' and 'syscalls' are specified, use either "
		    "'name' or 'syscalls'");
}

static int conflict_arches(struct ctx *c)
{
	unsigned line;

	if (!c->p->architectures.n || !c->p->narchmap)
		return 0;
	line = c->architectures_line > c->archmap_line ? c->architectures_line
						       : c->archmap_line;
	/* Docker's words, with our key names. */
	return fail(c, EINVAL, line, 1,
		    "both 'architectures' and 'arch-map' are specified, use "
		    "either 'architectures' or 'arch-map'");
}

/* The key's value is complete: check it and store it. */
static int finish_key(struct ctx *c)
{
	struct pend *pd = &c->pend;
	struct sc_profile *p = c->p;
	struct sc_group *g = c->sect == S_GROUP ? cur_group(c) : NULL;
	int r = 0;

	if (!pd->k)
		return 0;
	if (pd->open) {
		r = fail(c, EINVAL, pd->open_line, 0,
			 "quoted string ends its line with '\\' but no "
			 "indented line continues it");
		goto out;
	}
	switch (pd->k->id) {
	case K_DEFAULT_ACTION:
		r = set_action(c, &p->default_action, &p->default_action_loc);
		break;
	case K_DEFAULT_ERRNO:
		r = set_number(c, &p->has_default_errno_ret,
			       &p->default_errno_ret,
			       &p->default_errno_ret_loc);
		break;
	case K_DEFAULT_ERRNO_NAME:
		r = set_string(c, &p->default_errno_name,
			       &p->default_errno_name_loc, false);
		break;
	case K_ARCHITECTURES:
		r = set_list(c, &p->architectures);
		c->architectures_line = pd->loc.line;
		if (r == 0)
			r = conflict_arches(c);
		break;
	case K_ARCH_MAP:
		r = set_archmap(c);
		if (!c->archmap_line)
			c->archmap_line = pd->loc.line;
		if (r == 0)
			r = conflict_arches(c);
		break;
	case K_FLAGS:
		p->has_flags = true;
		r = set_list(c, &p->flags);
		break;
	case K_LISTENER_PATH:
		r = set_string(c, &p->listener_path, NULL, true);
		break;
	case K_LISTENER_METADATA:
		r = set_string(c, &p->listener_metadata, NULL, true);
		break;
	case K_COMMENT:
		r = set_string(c, &g->comment, NULL, true);
		break;
	case K_ACTION:
		r = set_action(c, &g->action, &g->action_loc);
		break;
	case K_ERRNO:
		r = set_number(c, &g->has_errno_ret, &g->errno_ret,
			       &g->errno_ret_loc);
		break;
	case K_ERRNO_NAME:
		r = set_string(c, &g->errno_name, &g->errno_name_loc, false);
		break;
	case K_NAME:
		r = set_string(c, &g->name, &g->name_loc, true);
		c->name_line = pd->loc.line;
		if (r == 0)
			r = conflict_names(c);
		break;
	case K_SYSCALLS:
		r = set_list(c, &g->names);
		c->syscalls_line = pd->loc.line;
		if (r == 0)
			r = conflict_names(c);
		break;
	case K_ARG:
		r = set_arg(c);
		break;
	case K_CAPS:
		r = set_list(c, &g->includes.caps);
		break;
	case K_NOT_CAPS:
		r = set_list(c, &g->excludes.caps);
		break;
	case K_ARCHES:
		r = set_list(c, &g->includes.arches);
		break;
	case K_NOT_ARCHES:
		r = set_list(c, &g->excludes.arches);
		break;
	case K_MIN_KERNEL:
		r = set_kernel(c, &g->includes);
		break;
	case K_NOT_MIN_KERNEL:
		r = set_kernel(c, &g->excludes);
		break;
	case K_COUNT:
		break;
	}
out:
	pend_clear(pd);
	return r;
}

/* ---- the handler inih calls ---- */

static int inih_mismatch(struct ctx *c)
{
	return fail(c, EPROTO, c->line, 0,
		    "libinih read this line differently than seccap expects "
		    "(were its run-time settings changed?)");
}

static int key_line(struct ctx *c)
{
	const char *kname = c->raw + c->key_off;
	const char *v = c->raw + c->val_off;
	unsigned kcol = (unsigned)c->key_off + 1;
	unsigned vcol = (unsigned)c->val_off + 1;
	const struct key *k;
	const char *hint;
	char name[64];

	snprintf(name, sizeof(name), "%.*s", (int)c->key_len, kname);
	if (c->sect == S_NONE)
		return fail(c, EINVAL, c->line, kcol,
			    "key '%.*s' outside any section; put it under "
			    "[profile] or under a syscall group such as [read]",
			    (int)c->key_len, kname);
	k = key_find(kname, c->key_len, c->sect == S_PROFILE);
	if (!k) {
		if (key_find(kname, c->key_len, c->sect != S_PROFILE)) {
			if (c->sect == S_PROFILE)
				return fail(c, EINVAL, c->line, kcol,
					    "'%s' belongs in a syscall group, "
					    "not in [profile]",
					    name);
			return fail(c, EINVAL, c->line, kcol,
				    "'%s' belongs in [profile], not in a "
				    "syscall group",
				    name);
		}
		hint = sc_suggest(name, c->sect == S_PROFILE ? profile_vocab
							     : group_vocab);
		if (hint)
			return fail(c, EINVAL, c->line, kcol,
				    "unknown key '%.*s'; did you mean '%s'?",
				    (int)c->key_len, kname, hint);
		return fail(c, EINVAL, c->line, kcol,
			    "unknown key '%.*s' in %s", (int)c->key_len, kname,
			    c->sect == S_PROFILE ? "[profile]"
						 : "a syscall group");
	}
	if (!k->repeat && c->seen[k->id])
		return fail(c, EINVAL, c->line, kcol,
			    "'%s' given twice in this section (first on line "
			    "%u)",
			    k->name, c->seen[k->id]);
	if (k->id == K_COMMENT && c->comment_from_hash)
		return fail(c, EINVAL, c->line, kcol,
			    "the comment is given twice: as '#' lines above "
			    "the section (line %u) and as 'comment'",
			    c->comment_line);
	c->seen[k->id] = c->line;
	c->pend.k = k;
	c->pend.loc = (struct sc_loc){ c->line, kcol };
	c->pend.vloc = (struct sc_loc){ c->line, vcol };
	if (k->type == V_TEXT && c->val_len && v[0] != '"') {
		c->pend.text = strndup(v, c->val_len);
		return c->pend.text ? 0 : oom(c);
	}
	return tokenize(c, v, c->val_len, vcol);
}

/* Does an indented line look like a key that lost its place? */
static const struct key *looks_like_key(const char *s, size_t len)
{
	size_t i = 0, j;

	while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
		i++;
	j = i;
	while (j < len && is_ws(s[j]))
		j++;
	if (i == 0 || j == len || (s[j] != '=' && s[j] != ':'))
		return NULL;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (strlen(keys[k].name) == i && memcmp(keys[k].name, s, i) == 0)
			return &keys[k];
	return NULL;
}

static int cont_line(struct ctx *c)
{
	struct pend *pd = &c->pend;
	const char *v = c->raw + c->val_off;
	unsigned vcol = (unsigned)c->val_off + 1;
	const struct key *k;

	if (!pd->k)
		return inih_mismatch(c);
	if (!pd->open && (k = looks_like_key(v, c->val_len)))
		return fail(c, EINVAL, c->line, vcol,
			    "'%s' is indented, so it continues the value of "
			    "'%s'; start it at the beginning of the line",
			    k->name, pd->k->name);
	if (pd->text)
		return fail(c, EINVAL, c->line, vcol,
			    "'%s' does not continue on indented lines; quote "
			    "its value and end the line with '\\' to continue "
			    "it",
			    pd->k->name);
	return tokenize(c, v, c->val_len, vcol);
}

static int on_value(void *user, const char *section, const char *name,
		    const char *value)
{
	struct ctx *c = user;
	int r;

	(void)section;
	(void)value;
	if (c->rc)
		return 0;
	if (!c->await) {
		/* inih called back for a line we did not hand it as a key. */
		inih_mismatch(c);
		return 0;
	}
	c->await = false;
	switch (c->kind) {
	case L_KEY:
		if (strlen(name) != c->key_len ||
		    memcmp(name, c->raw + c->key_off, c->key_len) != 0)
			r = inih_mismatch(c);
		else
			r = key_line(c);
		break;
	case L_CONT:
		if (strcmp(name, c->prev) != 0)
			r = inih_mismatch(c);
		else
			r = cont_line(c);
		break;
	default:
		r = inih_mismatch(c);
		break;
	}
	return r < 0 ? 0 : 1;
}

/* ---- the line reader ---- */

static void cblock_reset(struct ctx *c)
{
	sc_buf_free(&c->cblock);
	c->cblock_on = c->cblock_cont = false;
}

/*
 * A '#' line in column 1.  One space after '#' and trailing blanks are
 * not part of the text; a '\' at the end joins the next '#' line without
 * a newline (that is how the writer wraps long comments).
 */
static void cblock_add(struct ctx *c, const char *s, size_t len)
{
	bool cont = false;

	s++, len--;
	if (len && s[0] == ' ')
		s++, len--;
	while (len && is_ws(s[len - 1]))
		len--;
	if (len && s[len - 1] == '\\') {
		cont = true;
		len--;
	}
	if (!c->cblock_on)
		c->cblock_line = c->line;
	if (c->cblock_on && !c->cblock_cont)
		sc_buf_put(&c->cblock, "\n", 1);
	sc_buf_put(&c->cblock, s, len);
	if (!c->cblock.p)
		sc_buf_put(&c->cblock, "", 0);
	c->cblock_on = true;
	c->cblock_cont = cont;
}

/* The '#' block directly above a group's header is its comment. */
static int take_comment(struct ctx *c, struct sc_group *g)
{
	if (!c->cblock_on)
		return 0;
	if (c->cblock.oom)
		return oom(c);
	if (c->cblock.len) {
		g->comment = strdup(c->cblock.p);
		if (!g->comment)
			return oom(c);
		c->comment_from_hash = true;
		c->comment_line = c->cblock_line;
	}
	return 0;
}

static int section_line(struct ctx *c, const char *s, size_t len)
{
	const char *end = memchr(s, ']', len);
	const char *label = s + 1;
	size_t llen, i;
	struct sc_group *g;
	struct label *nl;
	int r;

	if (!end)
		return fail(c, EINVAL, c->line, 1,
			    "missing ']' in section header");
	llen = (size_t)(end - label);
	for (i = (size_t)(end - s) + 1; i < len && is_ws(s[i]); i++)
		;
	if (i < len && s[i] != ';' && s[i] != '#')
		return fail(c, EINVAL, c->line, (unsigned)i + 1,
			    "unexpected text after ']' in section header");
	if (llen == 0)
		return fail(c, EINVAL, c->line, 2, "empty section name");
	if (llen > LABEL_MAX)
		return fail(c, EINVAL, c->line, 2,
			    "section name too long (%zu bytes, at most %d)",
			    llen, LABEL_MAX);
	if (is_ws(label[0]) || is_ws(label[llen - 1]))
		return fail(c, EINVAL, c->line, 2,
			    "section name '%.*s' starts or ends with a space",
			    (int)llen, label);
	for (i = 0; i < llen; i++)
		if (strchr("[;\"", label[i]))
			return fail(c, EINVAL, c->line, (unsigned)i + 2,
				    "invalid character '%c' in section name",
				    label[i]);

	/* The previous section is complete. */
	r = finish_key(c);
	if (r < 0)
		return r;
	memset(c->seen, 0, sizeof(c->seen));
	c->comment_from_hash = false;
	c->name_line = c->syscalls_line = 0;
	c->prev[0] = '\0';

	if (llen == 7 && memcmp(label, "profile", 7) == 0) {
		if (c->profile_line)
			return fail(c, EINVAL, c->line, 1,
				    "duplicate section 'profile' (first on "
				    "line %u)",
				    c->profile_line);
		c->profile_line = c->line;
		c->sect = S_PROFILE;
		return 0;
	}
	if (llen == 7 && strncasecmp(label, "profile", 7) == 0)
		return fail(c, EINVAL, c->line, 2,
			    "section name '%.*s' is reserved; write [profile] "
			    "for the profile's settings",
			    (int)llen, label);
	for (i = 0; i < c->nlabels; i++)
		if (strlen(c->labels[i].name) == llen &&
		    memcmp(c->labels[i].name, label, llen) == 0)
			return fail(c, EINVAL, c->line, 1,
				    "duplicate section '%.*s' (first on line "
				    "%u)",
				    (int)llen, label, c->labels[i].line);
	nl = realloc(c->labels, (c->nlabels + 1) * sizeof(*nl));
	if (!nl)
		return oom(c);
	c->labels = nl;
	memcpy(nl[c->nlabels].name, label, llen);
	nl[c->nlabels].name[llen] = '\0';
	nl[c->nlabels].line = c->line;
	c->nlabels++;

	g = sc_profile_add_group(c->p);
	if (!g)
		return oom(c);
	c->gi = c->p->ngroups - 1;
	c->sect = S_GROUP;
	g->loc = (struct sc_loc){ c->line, 1 };
	return take_comment(c, g);
}

/* Cut an inline comment (';' after a blank) the way inih does; trim. */
static void value_span(struct ctx *c, size_t from)
{
	const char *s = c->raw;
	size_t i = from, end;
	bool was_space = false;

	while (i < c->rawlen && !(was_space && s[i] == ';')) {
		was_space = is_ws(s[i]);
		i++;
	}
	c->cut = i < c->rawlen ? (unsigned)i + 1 : 0;
	end = i;
	while (from < end && is_ws(s[from]))
		from++;
	while (end > from && is_ws(s[end - 1]))
		end--;
	c->val_off = from;
	c->val_len = end - from;
}

static int key_value_line(struct ctx *c, size_t start)
{
	const char *s = c->raw;
	size_t i = start, kend;
	bool was_space = false;
	int r;

	while (i < c->rawlen && s[i] != '=' && s[i] != ':' &&
	       !(was_space && s[i] == ';')) {
		was_space = is_ws(s[i]);
		i++;
	}
	if (i == c->rawlen || s[i] == ';')
		return fail(c, EINVAL, c->line, (unsigned)start + 1,
			    "expected 'key = value', a [section] or a comment");
	kend = i;
	while (kend > start && is_ws(s[kend - 1]))
		kend--;
	if (kend == start)
		return fail(c, EINVAL, c->line, (unsigned)start + 1,
			    "missing key name before '%c'", s[i]);
	/* The previous key's value ends here. */
	r = finish_key(c);
	if (r < 0)
		return r;
	c->key_off = start;
	c->key_len = kend - start;
	snprintf(c->prev, sizeof(c->prev), "%.*s", (int)c->key_len, s + start);
	value_span(c, i + 1);
	return 0;
}

/* What a line too long for inih was meant to be, for the hint. */
static const char *long_line_hint(struct ctx *c, const char *s, size_t len)
{
	const struct key *k = NULL;
	size_t i = 0, j;

	while (i < len && is_ws(s[i]))
		i++;
	if (i < len && (s[i] == '#' || s[i] == ';'))
		return "end a '#' line with '\\' to continue it on the next";
	if (i > 0 && c->prev[0]) {
		if (c->pend.k)
			k = c->pend.k;
	} else if (i < len && s[i] != '[') {
		for (j = i; j < len && s[j] != '=' && s[j] != ':'; j++)
			;
		while (j > i && is_ws(s[j - 1]))
			j--;
		for (size_t n = 0; n < sizeof(keys) / sizeof(keys[0]); n++)
			if (strlen(keys[n].name) == j - i &&
			    memcmp(keys[n].name, s + i, j - i) == 0)
				k = &keys[n];
	}
	if (!k)
		return "split it over several lines";
	switch (k->type) {
	case V_LIST:
	case V_ARCHMAP:
		if (k->id == K_SYSCALLS)
			return "split the syscalls over several lines";
		return "split the list over several lines";
	default:
		return "quote the value and end the line with '\\' to continue "
		       "it on an indented line";
	}
}

static int classify(struct ctx *c)
{
	const char *s = c->raw;
	size_t len = c->rawlen, i = 0;

	while (i < len && is_ws(s[i]))
		i++;
	if (i == len) {
		c->kind = L_BLANK;
		cblock_reset(c);
		return 0;
	}
	if (s[i] == '#' || s[i] == ';') {
		c->kind = L_COMMENT;
		if (i == 0 && s[0] == '#')
			cblock_add(c, s, len);
		else
			cblock_reset(c);
		return 0;
	}
	if (i > 0 && c->prev[0]) {
		/* inih: indented and after a key, so it continues it. */
		if (s[i] == '[' && memchr(s + i, ']', len - i) && !c->pend.open)
			return fail(c, EINVAL, c->line, (unsigned)i + 1,
				    "section header must start at the beginning "
				    "of the line");
		c->kind = L_CONT;
		cblock_reset(c);
		value_span(c, i);
		return 0;
	}
	if (s[i] == '[') {
		int r;

		c->kind = L_SECTION;
		if (i > 0)
			r = fail(c, EINVAL, c->line, (unsigned)i + 1,
				 "section header must start at the beginning "
				 "of the line");
		else
			r = section_line(c, s, len);
		cblock_reset(c);
		return r;
	}
	c->kind = L_KEY;
	cblock_reset(c);
	return key_value_line(c, i);
}

/* At the end of the input: finish what is open. */
static void finish(struct ctx *c)
{
	if (c->done)
		return;
	c->done = true;
	if (!c->rc)
		finish_key(c);
}

static char *reader(char *str, int num, void *stream)
{
	struct ctx *c = stream;
	const char *start, *nl;
	size_t len, limit;

	if (c->rc)
		return NULL;
	if (c->await) {
		/* inih skipped a key or continuation line we handed it. */
		inih_mismatch(c);
		return NULL;
	}
	if (c->pos >= c->len) {
		finish(c);
		return NULL;
	}
	/* inih needs room for "\r\n" and the NUL after the text. */
	if (num < 4) {
		fail(c, EPROTO, c->line, 0, "libinih line buffer too small");
		return NULL;
	}
	limit = (size_t)num - 3 < LINE_MAX_BYTES ? (size_t)num - 3
						  : LINE_MAX_BYTES;
	start = c->buf + c->pos;
	nl = memchr(start, '\n', c->len - c->pos);
	len = nl ? (size_t)(nl - start) : c->len - c->pos;
	c->pos += len + (nl ? 1 : 0);
	c->line++;
	if (len && start[len - 1] == '\r')
		len--;
	if (c->line == 1 && len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0)
		start += 3, len -= 3;
	c->raw = start;
	c->rawlen = len;
	c->kind = L_BLANK;

	const char *nul = memchr(start, '\0', len);

	if (nul) {
		fail(c, EINVAL, c->line, (unsigned)(nul - start) + 1,
		     "NUL byte in the profile");
		goto empty;
	}
	if (len > limit) {
		fail(c, EINVAL, c->line, 0,
		     "line too long (%zu bytes, at most %zu); %s", len, limit,
		     long_line_hint(c, start, len));
		goto empty;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)start[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			fail(c, EINVAL, c->line, (unsigned)i + 1,
			     "control character 0x%02x in the line; inside a "
			     "quoted string write it as '\\x%02x'",
			     ch, ch);
			goto empty;
		}
	}
	if (classify(c) < 0)
		goto empty;
	memcpy(str, start, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	c->await = c->kind == L_KEY || c->kind == L_CONT;
	return str;
empty:
	/* inih must not see a line we refused; it stops at the next read. */
	c->kind = L_BLANK;
	str[0] = '\n';
	str[1] = '\0';
	return str;
}

int sc_ini_parse(const char *file, const char *buf, size_t len,
		 struct sc_profile **ret, const struct sc_diag *d,
		 struct sc_error *err)
{
	struct ctx c = { 0 };
	int r;

	(void)d; /* the INI reader has no warnings: every problem is an error */
	c.file = file ? file : "<string>";
	c.buf = buf;
	c.len = len;
	c.err = err;
	c.p = sc_profile_new(c.file);
	if (!c.p)
		return sc_err(err, ENOMEM, c.file, 0, 0, "out of memory");

	r = ini_parse_stream(reader, &c, on_value, &c);
	if (c.await)
		inih_mismatch(&c);
	finish(&c);
	if (!c.rc && r == -2) {
		oom(&c);
	} else if (!c.rc && r != 0) {
		/* inih refused a line we let through: never hide that. */
		c.line = r > 0 ? (unsigned)r : 0;
		inih_mismatch(&c);
	}

	pend_clear(&c.pend);
	cblock_reset(&c);
	free(c.labels);
	if (c.rc) {
		sc_profile_free(c.p);
		return c.rc;
	}
	*ret = c.p;
	return 0;
}
