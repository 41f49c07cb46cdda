/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Docker/moby JSON profile reader.
 *
 * dockerd reads a profile with Go's encoding/json into moby's types
 * (profiles/seccomp: Seccomp, Syscall, Filter, Architecture and the embedded
 * runtime-spec types), so this reader copies that decoder, not "JSON" in
 * general:
 *
 *  1. json-c in strict mode checks the syntax, so most syntax errors carry
 *     its wording.
 *  2. json-c's strict mode still lets through what Go refuses (NaN, "1.",
 *     'quotes', -01, raw control characters in strings, CESU-8 and overlong
 *     UTF-8, nesting deeper than Go's 10000), so a second scanner applies
 *     Go's grammar.  We also refuse invalid UTF-8 where Go would substitute
 *     U+FFFD: no valid name contains it and a security tool fails closed.
 *  3. Values are then decoded from the text, not from json-c's tree.  Go
 *     decodes every occurrence of a repeated (or case-variant) key in
 *     document order, into what the earlier occurrence left: objects merge,
 *     arrays reuse their old elements (golang/go#21092).  json-c keeps only
 *     the last occurrence, and its integers saturate or go through double.
 *     Decoding the text also gives every value its line:col for free.
 */
#include "io.h"
#include "text.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

/* encoding/json's maxNestingDepth: 10000 nested containers parse, 10001 not. */
#define MAX_DEPTH 10000

/* The text being read and where we are in it. */
struct rd {
	const char *s;
	size_t len;
	size_t pos; /* decoder: start of the next token, or just past a value */
	const char *file;
	const struct sc_diag *d;
	struct sc_error *err;
	/* loc_at()'s cache: offset lc_off is on line lc_line, which starts at
	 * offset lc_start */
	size_t lc_off, lc_start;
	unsigned lc_line;
	/* the key of the member being decoded (decoded bytes, may hold NULs) */
	char *key;
	size_t keylen, keycap, key_off;
};

/*
 * Go's slices keep their old elements beyond the visible length, and a later
 * occurrence of the key decodes into them.  The model's arrays hold those
 * backing elements while we decode; these are the visible lengths.
 */
struct group_shadow {
	size_t names, args, inc_caps, inc_arches, exc_caps, exc_arches;
	bool nil;       /* a JSON null in "syscalls": a nil *Syscall in Go */
	size_t nil_off;
};

struct rprof {
	struct sc_profile *p;
	size_t arches, flags, archmap, groups; /* visible lengths */
	bool flags_set;                        /* non-nil slice: has_flags */
	size_t *subs;                          /* per archmap backing entry */
	struct group_shadow *gs;               /* per group backing entry */
};

/* ------------------------------------------------------------------ */
/* Positions and messages                                             */

static struct sc_loc loc_at(struct rd *r, size_t off)
{
	struct sc_loc l;

	if (off > r->len)
		off = r->len;
	if (off < r->lc_off) {
		r->lc_off = r->lc_start = 0;
		r->lc_line = 1;
	}
	while (r->lc_off < off) {
		const char *nl;

		nl = memchr(r->s + r->lc_off, '\n', off - r->lc_off);

		if (!nl)
			break;
		r->lc_line++;
		r->lc_start = (size_t)(nl - r->s) + 1;
		r->lc_off = r->lc_start;
	}
	r->lc_off = off;
	l.line = r->lc_line;
	l.col = (unsigned)(off - r->lc_start + 1);
	return l;
}

__attribute__((format(printf, 3, 4)))
static int fail_at(struct rd *r, size_t off, const char *fmt, ...)
{
	struct sc_loc l = loc_at(r, off);
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sc_verr(r->err, EINVAL, r->file, l.line, l.col, fmt, ap);
	va_end(ap);
	return rc;
}

static int oom(struct rd *r)
{
	return sc_err(r->err, ENOMEM, r->file, 0, 0, "out of memory");
}

__attribute__((format(printf, 3, 4)))
static void warn_at(struct rd *r, size_t off, const char *fmt, ...)
{
	char msg[SC_MSG_MAX];
	struct sc_loc l;
	va_list ap;

	if (!r->d || !r->d->fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	l = loc_at(r, off);
	sc_diag_emit(r->d, SC_SEV_WARNING, EINVAL, r->file, l.line, l.col,
		     "%s", msg);
}

#define SHOW_MAX 64

/*
 * A piece of user text fit for a one-line message: control bytes escaped,
 * cut (on a character boundary) with "..." when long.
 */
static const char *show(char out[SHOW_MAX], const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t need = c < 0x20 || c == 0x7f ? 4 : 1;

		if (w + need > SHOW_MAX - 4) {
			/* drop the start of a character cut in two */
			while (w > 0 && ((unsigned char)s[i] & 0xc0) == 0x80) {
				i--;
				w--;
			}
			memcpy(out + w, "...", 4);
			return out;
		}
		if (need == 4)
			w += (size_t)snprintf(out + w, 5, "\\x%02x", c);
		else
			out[w++] = (char)c;
	}
	out[w] = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* Lexical helpers shared by the scanner and the decoder              */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_ws(const struct rd *r, size_t i)
{
	while (i < r->len && is_ws(r->s[i]))
		i++;
	return i;
}

/* ------------------------------------------------------------------ */
/* Stage 1: json-c                                                    */

/*
 * What to add to json-c's message: the character it stopped at (for
 * "unexpected character") and the likely cause.
 */
static const char *jsonc_hint(const struct rd *r, enum json_tokener_error e,
			      size_t off, char *buf, size_t n)
{
	const char *why;
	unsigned char c;
	size_t prev = off;

	if (e == json_tokener_error_depth)
		return " (more than 10000 levels)";
	if (off >= r->len)
		return "";
	c = (unsigned char)r->s[off];
	while (prev > 0 && is_ws(r->s[prev - 1]))
		prev--;
	why = c == '\'' ? " (JSON strings take double quotes)" :
	      c == '/' ? " (JSON has no comments)" :
	      (c == '}' || c == ']') && prev > 0 && r->s[prev - 1] == ',' ?
	      " (trailing comma)" : "";
	if (c <= 0x20 || c >= 0x7f)
		snprintf(buf, n, " (byte 0x%02x)", c);
	else if (e != json_tokener_error_parse_unexpected)
		snprintf(buf, n, "%s", why);
	else
		snprintf(buf, n, " '%c'%s", c, why);
	return buf;
}

static int jsonc_check(struct rd *r)
{
	char hint[64];
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error e;
	size_t end;

	/*
	 * json-c counts a scalar inside an object as a level of its own; one
	 * more than Go's limit lets all Go accepts through, and the scanner
	 * applies the exact limit.
	 */
	tok = json_tokener_new_ex(MAX_DEPTH + 1);
	if (!tok)
		return oom(r);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, r->s, (int)r->len);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (e == json_tokener_continue) {
		/* a top-level scalar ends only at the end; json-c needs a NUL */
		o = json_tokener_parse_ex(tok, "", 1);
		e = json_tokener_get_error(tok);
		if (e == json_tokener_continue)
			e = json_tokener_error_parse_eof;
		end = r->len;
	}
	json_object_put(o);
	json_tokener_free(tok);
	if (e == json_tokener_success)
		return 0;
	return fail_at(r, end, "JSON syntax: %s%s", json_tokener_error_desc(e),
		       jsonc_hint(r, e, end, hint, sizeof(hint)));
}

/* ------------------------------------------------------------------ */
/* Stage 2: Go's grammar                                              */

static int unexpected(struct rd *r, size_t i)
{
	unsigned char c;

	if (i >= r->len)
		return fail_at(r, i, "JSON syntax: unexpected end of data");
	c = (unsigned char)r->s[i];
	if (c == '\'')
		return fail_at(r, i, "JSON syntax: unexpected character '''"
				     " (JSON strings take double quotes)");
	if (c > 0x20 && c < 0x7f)
		return fail_at(r, i, "JSON syntax: unexpected character '%c'",
			       c);
	return fail_at(r, i, "JSON syntax: unexpected byte 0x%02x", c);
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* *i at the opening quote; on success just past the closing one. */
static int scan_string(struct rd *r, size_t *i)
{
	const unsigned char *s = (const unsigned char *)r->s;
	size_t k = *i + 1;

	for (;;) {
		size_t n;

		if (k >= r->len)
			return fail_at(r, *i, "JSON syntax: unterminated "
					      "string");
		if (s[k] == '"')
			break;
		if (s[k] == '\n')
			return fail_at(r, k, "JSON syntax: line break in a "
					     "string (missing closing quote?)");
		if (s[k] < 0x20)
			return fail_at(r, k, "JSON syntax: control character "
					     "0x%02x in a string, write it as "
					     "\\u%04x", s[k], s[k]);
		if (s[k] == '\\') {
			if (k + 1 >= r->len)
				return unexpected(r, k + 1);
			switch (s[k + 1]) {
			case '"': case '\\': case '/': case 'b':
			case 'f': case 'n': case 'r': case 't':
				k += 2;
				continue;
			case 'u':
				for (size_t j = 2; j < 6; j++)
					if (k + j >= r->len ||
					    !is_hex((char)s[k + j]))
						return fail_at(r, k,
							"JSON syntax: invalid "
							"\\u escape (four hex "
							"digits expected)");
				k += 6;
				continue;
			default:
				return fail_at(r, k, "JSON syntax: invalid "
						     "escape in a string");
			}
		}
		n = sc_utf8_seq(s + k, r->len - k);
		if (!n)
			return fail_at(r, k, "JSON syntax: invalid UTF-8 in "
					     "a string");
		k += n;
	}
	*i = k + 1;
	return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(struct rd *r, size_t *i)
{
	const char *s = r->s;
	size_t k = *i;

	if (s[k] == '-')
		k++;
	if (k >= r->len || !is_digit(s[k]))
		return fail_at(r, *i, "JSON syntax: invalid number");
	if (s[k] == '0') {
		k++;
		if (k < r->len && is_digit(s[k]))
			return fail_at(r, *i, "JSON syntax: invalid number "
					      "(leading zero)");
	} else {
		while (k < r->len && is_digit(s[k]))
			k++;
	}
	if (k < r->len && s[k] == '.') {
		k++;
		if (k >= r->len || !is_digit(s[k]))
			return fail_at(r, *i, "JSON syntax: invalid number "
					      "(digit expected after '.')");
		while (k < r->len && is_digit(s[k]))
			k++;
	}
	if (k < r->len && (s[k] == 'e' || s[k] == 'E')) {
		k++;
		if (k < r->len && (s[k] == '+' || s[k] == '-'))
			k++;
		if (k >= r->len || !is_digit(s[k]))
			return fail_at(r, *i, "JSON syntax: invalid number "
					      "(digit expected in exponent)");
		while (k < r->len && is_digit(s[k]))
			k++;
	}
	*i = k;
	return 0;
}

static int scan_literal(struct rd *r, size_t *i, const char *lit)
{
	size_t n = strlen(lit);

	if (r->len - *i < n || memcmp(r->s + *i, lit, n) != 0)
		return fail_at(r, *i, "JSON syntax: invalid literal, '%s' "
			       "expected", lit);
	*i += n;
	return 0;
}

/* The containers open at the scan position: one bit per level, 1 = object. */
struct nest {
	size_t depth;
	unsigned char obj[(MAX_DEPTH + 7) / 8];
};

static void nest_push(struct nest *n, bool obj)
{
	unsigned char bit = (unsigned char)(1u << (n->depth % 8));

	if (obj)
		n->obj[n->depth / 8] |= bit;
	else
		n->obj[n->depth / 8] &= (unsigned char)~bit;
	n->depth++;
}

static bool nest_in_obj(const struct nest *n)
{
	return n->obj[(n->depth - 1) / 8] & (1u << ((n->depth - 1) % 8));
}

static char nest_close(const struct nest *n)
{
	return nest_in_obj(n) ? '}' : ']';
}

static int scan_scalar(struct rd *r, size_t *i)
{
	char c = *i < r->len ? r->s[*i] : '\0';

	if (c == '"')
		return scan_string(r, i);
	if (c == '-' || is_digit(c))
		return scan_number(r, i);
	if (c == 't')
		return scan_literal(r, i, "true");
	if (c == 'f')
		return scan_literal(r, i, "false");
	if (c == 'n')
		return scan_literal(r, i, "null");
	return unexpected(r, *i);
}

/* A key and its ':'; *i ends at the value. */
static int scan_key(struct rd *r, size_t *i)
{
	int rc;

	if (*i >= r->len || r->s[*i] != '"') {
		if (*i < r->len && r->s[*i] != '\'' &&
		    (unsigned char)r->s[*i] > 0x20)
			return fail_at(r, *i, "JSON syntax: expected a key in "
					      "double quotes");
		return unexpected(r, *i);
	}
	rc = scan_string(r, i);
	if (rc < 0)
		return rc;
	*i = skip_ws(r, *i);
	if (*i >= r->len)
		return unexpected(r, *i);
	if (r->s[*i] != ':')
		return fail_at(r, *i, "JSON syntax: expected ':' after a key");
	*i = skip_ws(r, *i + 1);
	return 0;
}

/* Without recursion: the nesting may be as deep as Go allows. */
static int scan(struct rd *r)
{
	struct nest n;
	size_t i = skip_ws(r, 0);
	int rc;

	n.depth = 0;
	for (;;) {
		/* a value starts at i */
		if (i < r->len && (r->s[i] == '{' || r->s[i] == '[')) {
			bool obj = r->s[i] == '{';

			if (n.depth == MAX_DEPTH)
				return fail_at(r, i, "JSON syntax: nesting "
					       "deeper than %d levels",
					       MAX_DEPTH);
			nest_push(&n, obj);
			i = skip_ws(r, i + 1);
			if (i >= r->len || r->s[i] != nest_close(&n)) {
				if (obj && (rc = scan_key(r, &i)) < 0)
					return rc;
				continue;
			}
			n.depth--;
			i++;
		} else if ((rc = scan_scalar(r, &i)) < 0) {
			return rc;
		}

		/* after a value: close what ends here, then a ',' */
		for (;;) {
			i = skip_ws(r, i);
			if (n.depth == 0) {
				if (i < r->len)
					return fail_at(r, i, "JSON syntax: "
						       "unexpected data after "
						       "the top-level value");
				return 0;
			}
			if (i >= r->len)
				return unexpected(r, i);
			if (r->s[i] != nest_close(&n))
				break;
			n.depth--;
			i++;
		}
		if (r->s[i] != ',')
			return fail_at(r, i, "JSON syntax: expected ',' or "
				       "'%c'", nest_close(&n));
		i = skip_ws(r, i + 1);
		if (i < r->len && r->s[i] == nest_close(&n))
			return fail_at(r, i, "JSON syntax: trailing comma "
				       "before '%c'", nest_close(&n));
		if (nest_in_obj(&n) && (rc = scan_key(r, &i)) < 0)
			return rc;
	}
}

/*
 * json-c first; when it refuses, Go's grammar may have failed earlier in the
 * text (json-c reports "01" at the character after it, and 'quotes' only
 * where it gives up), and the first problem in the text is the one to show.
 */
static int syntax_check(struct rd *r)
{
	struct sc_error *caller = r->err, ej, es;
	int rc;

	r->err = &ej;
	rc = jsonc_check(r);
	r->err = caller;
	if (rc == 0)
		return scan(r);
	if (rc == -EINVAL) {
		r->err = &es;
		if (scan(r) < 0 && (es.line < ej.line ||
				    (es.line == ej.line && es.col < ej.col)))
			ej = es;
		r->err = caller;
	}
	if (caller)
		*caller = ej;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Stage 3: the decoder's view of the (now valid) text                */

enum jkind { J_OBJ, J_ARR, J_STR, J_NUM, J_BOOL, J_NULL };

static enum jkind kind_at(const struct rd *r)
{
	switch (r->s[r->pos]) {
	case '{': return J_OBJ;
	case '[': return J_ARR;
	case '"': return J_STR;
	case 't': case 'f': return J_BOOL;
	case 'n': return J_NULL;
	default: return J_NUM;
	}
}

/* Just past the string whose opening quote is at i. */
static size_t str_end(const struct rd *r, size_t i)
{
	for (i++; r->s[i] != '"'; i++)
		if (r->s[i] == '\\')
			i++;
	return i + 1;
}

/* Just past the number or literal at i. */
static size_t scalar_end(const struct rd *r, size_t i)
{
	while (i < r->len && !is_ws(r->s[i]) && r->s[i] != ',' &&
	       r->s[i] != ']' && r->s[i] != '}')
		i++;
	return i;
}

/* Skip the value at r->pos (without recursion: it may nest 10000 deep). */
static void skip_value(struct rd *r)
{
	size_t depth = 0;

	do {
		char c;

		r->pos = skip_ws(r, r->pos);
		c = r->s[r->pos];
		if (c == '{' || c == '[') {
			depth++;
			r->pos++;
		} else if (c == '}' || c == ']') {
			depth--;
			r->pos++;
		} else if (c == ',' || c == ':') {
			r->pos++;
			continue;
		} else if (c == '"') {
			r->pos = str_end(r, r->pos);
		} else {
			r->pos = scalar_end(r, r->pos);
		}
	} while (depth > 0);
}

static uint32_t hex4(const char *p)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (is_digit(c))
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else
			v |= (uint32_t)(c - 'A' + 10);
	}
	return v;
}

static size_t utf8_put(char *dst, uint32_t u)
{
	if (u < 0x80) {
		dst[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		dst[0] = (char)(0xc0 | (u >> 6));
		dst[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		dst[0] = (char)(0xe0 | (u >> 12));
		dst[1] = (char)(0x80 | ((u >> 6) & 0x3f));
		dst[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	dst[0] = (char)(0xf0 | (u >> 18));
	dst[1] = (char)(0x80 | ((u >> 12) & 0x3f));
	dst[2] = (char)(0x80 | ((u >> 6) & 0x3f));
	dst[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

/*
 * Decode the string token [i, end) into dst, which has room for end - i
 * bytes (decoding never grows).  Surrogates as Go's unquote does: a valid
 * pair is one code point, anything else U+FFFD.
 */
static size_t unescape(const char *s, size_t i, size_t end, char *dst)
{
	size_t w = 0;

	end--; /* the closing quote */
	for (i++; i < end;) {
		uint32_t u, lo;

		if (s[i] != '\\') {
			dst[w++] = s[i++];
			continue;
		}
		i += 2;
		switch (s[i - 1]) {
		case 'b': dst[w++] = '\b'; continue;
		case 'f': dst[w++] = '\f'; continue;
		case 'n': dst[w++] = '\n'; continue;
		case 'r': dst[w++] = '\r'; continue;
		case 't': dst[w++] = '\t'; continue;
		case 'u': break;
		default: dst[w++] = s[i - 1]; continue;
		}
		u = hex4(s + i);
		i += 4;
		if (u >= 0xd800 && u < 0xe000) {
			if (u < 0xdc00 && i < end && s[i] == '\\' &&
			    s[i + 1] == 'u' &&
			    (lo = hex4(s + i + 2)) >= 0xdc00 && lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			} else {
				u = 0xfffd;
			}
		}
		w += utf8_put(dst + w, u);
	}
	return w;
}

/* Decode the string value at r->pos into a new buffer; *n its length. */
static int read_str(struct rd *r, char **out, size_t *n)
{
	size_t end = str_end(r, r->pos);
	char *s = malloc(end - r->pos);

	if (!s)
		return oom(r);
	*n = unescape(r->s, r->pos, end, s);
	s[*n] = '\0';
	*out = s;
	r->pos = end;
	return 0;
}

/* At '{' or '[': step inside. */
static void open_container(struct rd *r)
{
	r->pos++;
}

/*
 * Next array element: 1 with r->pos at it, or 0 past the closing ']'.
 */
static int arr_next(struct rd *r)
{
	r->pos = skip_ws(r, r->pos);
	if (r->s[r->pos] == ',')
		r->pos = skip_ws(r, r->pos + 1);
	if (r->s[r->pos] == ']') {
		r->pos++;
		return 0;
	}
	return 1;
}

/*
 * Next object member: 1 with the decoded key in r->key and r->pos at the
 * value, 0 past the closing '}', or -ENOMEM.
 */
static int obj_next(struct rd *r)
{
	size_t end;

	r->pos = skip_ws(r, r->pos);
	if (r->s[r->pos] == ',')
		r->pos = skip_ws(r, r->pos + 1);
	if (r->s[r->pos] == '}') {
		r->pos++;
		return 0;
	}
	end = str_end(r, r->pos);
	if (end - r->pos > r->keycap) {
		char *k = realloc(r->key, end - r->pos);

		if (!k)
			return oom(r);
		r->key = k;
		r->keycap = end - r->pos;
	}
	r->key_off = r->pos;
	r->keylen = unescape(r->s, r->pos, end, r->key);
	r->pos = skip_ws(r, end);
	r->pos = skip_ws(r, r->pos + 1); /* the ':' */
	return 1;
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 'a' - 'A') : c;
}

/*
 * Go prefers an exact match and falls back to Unicode simple case folding;
 * our field names differ even when folded, so folding decides alone.  Of
 * the non-ASCII runes only U+017F (long s, folds with 's') and U+212A
 * (Kelvin sign, folds with 'k') fold onto ASCII letters.
 */
static bool key_matches(const char *k, size_t n, const char *name)
{
	size_t i = 0;

	for (; *name; name++) {
		char c = lower(*name);

		if (i < n && (unsigned char)k[i] < 0x80 && lower(k[i]) == c) {
			i++;
		} else if (c == 's' && n - i >= 2 &&
			   memcmp(k + i, "\xc5\xbf", 2) == 0) {
			i += 2;
		} else if (c == 'k' && n - i >= 3 &&
			   memcmp(k + i, "\xe2\x84\xaa", 3) == 0) {
			i += 3;
		} else {
			return false;
		}
	}
	return i == n;
}

static int lookup(const struct rd *r, const char *const *keys)
{
	for (int i = 0; keys[i]; i++)
		if (key_matches(r->key, r->keylen, keys[i]))
			return i;
	return -1;
}

/* Edit distance counting a swap of neighbours as one edit ("vlaue"). */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b), d[65][33];

	if (la >= 65 || lb >= 33)
		return SIZE_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] +
				      (lower(a[i - 1]) != lower(b[j - 1]));

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

static bool in_list(const struct rd *r, const char *const *names)
{
	for (size_t i = 0; names && names[i]; i++)
		if (key_matches(r->key, r->keylen, names[i]))
			return true;
	return false;
}

/*
 * Docker ignores unknown keys; we say so, since a misspelt "includes" or
 * "args" silently widens a rule.  misplaced: keys that belong one level
 * down, with the hint to give for them.
 */
static void unknown_key(struct rd *r, const char *where,
			const char *const *keys, const char *const *misplaced,
			const char *misplaced_hint)
{
	char k[SHOW_MAX], hint[128] = "";
	size_t best = SIZE_MAX, len;
	const char *cand = NULL;

	if (in_list(r, misplaced)) {
		snprintf(hint, sizeof(hint), "; %s", misplaced_hint);
	} else {
		for (size_t i = 0; keys[i]; i++) {
			size_t dist = edit_distance(r->key, r->keylen, keys[i]);

			if (dist < best) {
				best = dist;
				cand = keys[i];
			}
		}
		len = cand ? strlen(cand) : 0;
		if (cand && best <= (len >= 5 ? 2u : 1u))
			snprintf(hint, sizeof(hint), "; did you mean '%s'?",
				 cand);
	}
	warn_at(r, r->key_off, "unknown key '%s' %s, ignoring (Docker ignores "
		"it too%s)", show(k, r->key, r->keylen), where, hint);
}

/* Track keys seen in one object; warn about a repeat. */
static void seen_key(struct rd *r, unsigned *seen, int f, const char *where)
{
	char k[SHOW_MAX];

	if (*seen & (1u << f))
		warn_at(r, r->key_off, "duplicate key '%s' %s; Docker applies "
			"each occurrence in order, later values override "
			"earlier ones", show(k, r->key, r->keylen), where);
	*seen |= 1u << f;
}

/*
 * The next key of a Go struct being decoded and which of keys it is (*f).
 * A key that is not one of them is warned about (with misplaced_hint when
 * it is one of misplaced) and skipped, as encoding/json ignores it; a key
 * seen before is warned about.  Returns what obj_next does: > 0 with *f
 * set, 0 at the end of the object, < 0 on error.
 */
static int next_field(struct rd *r, const char *where, const char *const *keys,
		      const char *const *misplaced, const char *misplaced_hint,
		      unsigned *seen, int *f)
{
	int rc;

	while ((rc = obj_next(r)) > 0) {
		*f = lookup(r, keys);
		if (*f >= 0) {
			seen_key(r, seen, *f, where);
			break;
		}
		unknown_key(r, where, keys, misplaced, misplaced_hint);
		skip_value(r);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Values, with Go's rules for each Go type                           */

/* "an array", "'\"5\"'": what was found where something else was needed. */
static const char *describe(struct rd *r, char out[SHOW_MAX + 2])
{
	char tmp[SHOW_MAX];
	size_t end;

	switch (kind_at(r)) {
	case J_OBJ: return "an object";
	case J_ARR: return "an array";
	case J_STR: end = str_end(r, r->pos); break;
	default: end = scalar_end(r, r->pos); break;
	}
	snprintf(out, SHOW_MAX + 2, "'%s'", show(tmp, r->s + r->pos,
						 end - r->pos));
	return out;
}

static int type_err(struct rd *r, const char *what)
{
	char d[SHOW_MAX + 2];

	return fail_at(r, r->pos, "%s, got %s", what, describe(r, d));
}

static int nul_err(struct rd *r, size_t off, const char *field)
{
	return fail_at(r, off, "'%s' must not contain a NUL character "
			       "(\\u0000)", field);
}

/* string: null leaves it as it was (Go ignores null for non-pointers). */
static int dec_str(struct rd *r, const char *field, char **dst,
		   struct sc_loc *loc)
{
	char what[96], *s;
	size_t off = r->pos, n;
	int rc;

	switch (kind_at(r)) {
	case J_NULL:
		skip_value(r);
		return 0;
	case J_STR:
		break;
	default:
		snprintf(what, sizeof(what), "'%s' must be a string", field);
		return type_err(r, what);
	}
	rc = read_str(r, &s, &n);
	if (rc < 0)
		return rc;
	if (strlen(s) != n) {
		free(s);
		return nul_err(r, off, field);
	}
	free(*dst);
	*dst = s;
	if (loc)
		*loc = loc_at(r, off);
	return 0;
}

static int uint_err(struct rd *r, const char *field)
{
	char what[128];

	snprintf(what, sizeof(what), "'%s' must be an unsigned integer "
		 "(0..18446744073709551615)", field);
	return type_err(r, what);
}

/* An integer literal into a Go uint / uint64: digits only, exact. */
static int read_uint(struct rd *r, const char *field, uint64_t *out)
{
	size_t end = scalar_end(r, r->pos);
	uint64_t v = 0;

	if (kind_at(r) != J_NUM)
		return uint_err(r, field);
	for (size_t i = r->pos; i < end; i++) {
		unsigned dgt = (unsigned)(r->s[i] - '0');

		if (!is_digit(r->s[i]) || v > (UINT64_MAX - dgt) / 10)
			return uint_err(r, field);
		v = v * 10 + dgt;
	}
	*out = v;
	r->pos = end;
	return 0;
}

/* uint64 / uint: null leaves the value as it was. */
static int dec_u64(struct rd *r, const char *field, uint64_t *dst)
{
	if (kind_at(r) == J_NULL) {
		skip_value(r);
		return 0;
	}
	return read_uint(r, field, dst);
}

/* *uint: null makes it absent. */
static int dec_uptr(struct rd *r, const char *field, bool *has, uint64_t *dst,
		    struct sc_loc *loc)
{
	size_t off = r->pos;
	int rc;

	if (kind_at(r) == J_NULL) {
		skip_value(r);
		*has = false;
		*dst = 0;
		return 0;
	}
	rc = read_uint(r, field, dst);
	if (rc < 0)
		return rc;
	*has = true;
	*loc = loc_at(r, off);
	return 0;
}

static void strv_truncate(struct sc_strv *v, size_t n)
{
	if (n == 0) {
		sc_strv_clear(v);
		return;
	}
	for (size_t i = n; i < v->n; i++)
		free(v->v[i].s);
	if (n < v->n)
		v->n = n;
}

/*
 * []string: null is a nil slice, [] an empty one (set says which); elements
 * decode into the old backing elements, and a null element leaves one as
 * it was ("" when new).
 */
static int dec_strv(struct rd *r, const char *field, struct sc_strv *b,
		    size_t *vis, bool *set)
{
	char what[96];
	size_t i = 0;

	switch (kind_at(r)) {
	case J_NULL:
		skip_value(r);
		sc_strv_clear(b);
		*vis = 0;
		if (set)
			*set = false;
		return 0;
	case J_ARR:
		break;
	default:
		snprintf(what, sizeof(what), "'%s' must be an array of strings",
			 field);
		return type_err(r, what);
	}
	open_container(r);
	while (arr_next(r)) {
		size_t off = r->pos, n;
		enum jkind k = kind_at(r);
		char *s;
		int rc;

		if (i == b->n &&
		    sc_strv_push(b, "", 0, loc_at(r, off)) < 0)
			return oom(r);
		if (k == J_NULL) {
			skip_value(r);
			i++;
			continue;
		}
		if (k != J_STR) {
			snprintf(what, sizeof(what), "'%s' entries must be "
				 "strings", field);
			return type_err(r, what);
		}
		rc = read_str(r, &s, &n);
		if (rc < 0)
			return rc;
		if (strlen(s) != n) {
			free(s);
			return nul_err(r, off, field);
		}
		free(b->v[i].s);
		b->v[i].s = s;
		b->v[i].loc = loc_at(r, off);
		i++;
	}
	if (i == 0)
		sc_strv_clear(b);
	*vis = i;
	if (set)
		*set = true;
	return 0;
}

static void cond_reset(struct sc_cond *c)
{
	sc_strv_clear(&c->caps);
	sc_strv_clear(&c->arches);
	free(c->min_kernel);
	memset(c, 0, sizeof(*c));
}

static void args_reset(struct sc_group *g)
{
	for (size_t i = 0; i < g->nargs; i++)
		free(g->args[i].op);
	free(g->args);
	g->args = NULL;
	g->nargs = 0;
}

static void group_reset(struct sc_group *g)
{
	sc_strv_clear(&g->names);
	free(g->name);
	free(g->action);
	free(g->errno_name);
	free(g->comment);
	args_reset(g);
	cond_reset(&g->includes);
	cond_reset(&g->excludes);
	memset(g, 0, sizeof(*g));
}

/* A suffix saying why a minKernel string is refused. */
static const char *kernel_why(const char *s)
{
	const char *dot = strchr(s, '.');
	bool digits = dot && dot != s && dot[1] != '\0', zero = digits;

	for (const char *p = s; digits && *p; p++) {
		if (p == dot)
			continue;
		if (!is_digit(*p))
			digits = false;
		else if (*p != '0')
			zero = false;
	}
	if (!digits)
		return "";
	if (zero)
		return ": version cannot be 0.0";
	return ": each part must be a number from 0 to 255";
}

/*
 * *KernelVersion with its own UnmarshalJSON: null makes it nil; a string
 * must be "" (kept: Docker's {0,0}) or "<0..255>.<0..255>" except 0.0;
 * anything else is an error.
 */
static int dec_min_kernel(struct rd *r, struct sc_cond *c)
{
	char buf[SHOW_MAX];
	size_t off = r->pos, n;
	unsigned major, minor;
	char *s;
	int rc;

	switch (kind_at(r)) {
	case J_NULL:
		skip_value(r);
		free(c->min_kernel);
		c->min_kernel = NULL;
		return 0;
	case J_STR:
		break;
	case J_OBJ:
	case J_ARR:
		return fail_at(r, off, "invalid kernel version: %s, expected "
			       "\"<kernel>.<major>\" as a string",
			       kind_at(r) == J_OBJ ? "an object" : "an array");
	default:
		n = scalar_end(r, off) - off;
		return fail_at(r, off, "invalid kernel version: %s, expected "
			       "\"<kernel>.<major>\" as a string",
			       show(buf, r->s + off, n));
	}
	rc = read_str(r, &s, &n);
	if (rc < 0)
		return rc;
	if (strlen(s) != n) {
		free(s);
		return nul_err(r, off, "minKernel");
	}
	if (*s && sc_min_kernel_parse(s, &major, &minor) < 0) {
		rc = fail_at(r, off, "invalid kernel version: %s, expected "
			     "\"<kernel>.<major>\"%s", show(buf, s, n),
			     kernel_why(s));
		free(s);
		return rc;
	}
	/* UnmarshalJSON returns early on "", leaving a version already read */
	if (!*s && c->min_kernel) {
		free(s);
		return 0;
	}
	free(c->min_kernel);
	c->min_kernel = s;
	c->min_kernel_loc = loc_at(r, off);
	return 0;
}

static const char *const filter_keys[] = { "caps", "arches", "minKernel",
					    NULL };
enum { F_CAPS, F_ARCHES, F_MIN_KERNEL };

/* *Filter: null makes it nil (the empty filter); an object decodes into it. */
static int dec_filter(struct rd *r, const char *field, struct sc_cond *c,
		      size_t *caps, size_t *arches)
{
	char what[96], where[48];
	unsigned seen = 0;
	int rc, f;

	switch (kind_at(r)) {
	case J_NULL:
		skip_value(r);
		cond_reset(c);
		*caps = *arches = 0;
		return 0;
	case J_OBJ:
		break;
	default:
		snprintf(what, sizeof(what), "'%s' must be an object", field);
		return type_err(r, what);
	}
	snprintf(where, sizeof(where), "in '%s'", field);
	open_container(r);
	while ((rc = next_field(r, where, filter_keys, NULL, NULL, &seen,
				&f)) > 0) {
		switch (f) {
		case F_CAPS:
			rc = dec_strv(r, "caps", &c->caps, caps, NULL);
			break;
		case F_ARCHES:
			rc = dec_strv(r, "arches", &c->arches, arches, NULL);
			break;
		default:
			rc = dec_min_kernel(r, c);
			break;
		}
		if (rc < 0)
			return rc;
	}
	return rc;
}

static const char *const arg_keys[] = { "index", "value", "valueTwo", "op",
					 NULL };
enum { A_INDEX, A_VALUE, A_VALUE_TWO, A_OP };

/* LinuxSeccompArg (a struct value: the caller handles null). */
static int dec_arg(struct rd *r, struct sc_arg *a)
{
	const char *where = "in 'args' entry";
	unsigned seen = 0;
	int rc, f;

	a->loc = loc_at(r, r->pos);
	open_container(r);
	while ((rc = next_field(r, where, arg_keys, NULL, NULL, &seen,
				&f)) > 0) {
		switch (f) {
		case A_INDEX:
			rc = dec_u64(r, "index", &a->index);
			break;
		case A_VALUE:
			rc = dec_u64(r, "value", &a->value);
			break;
		case A_VALUE_TWO:
			rc = dec_u64(r, "valueTwo", &a->value_two);
			break;
		default:
			rc = dec_str(r, "op", &a->op, NULL);
			break;
		}
		if (rc < 0)
			return rc;
	}
	return rc;
}

/*
 * A JSON array decoded into a Go slice of structs the way encoding/json
 * does it: null empties the slice; otherwise element i decodes into what an
 * earlier occurrence of the key left there (the slice grows when the array
 * is longer), a null element is the element type's business (dec_null; a
 * no-op for a struct when NULL) and an empty array empties the slice.
 * *seen is how many elements this occurrence had.
 */
struct slice_dec {
	const char *field;
	void *ctx;
	size_t (*len)(const void *ctx);
	int (*grow)(struct rd *r, void *ctx);
	void (*reset)(void *ctx);
	void (*dec_null)(struct rd *r, void *ctx, size_t i);
	int (*dec)(struct rd *r, void *ctx, size_t i);
};

static int dec_slice(struct rd *r, const struct slice_dec *s, size_t *seen)
{
	char what[64];
	size_t i = 0;

	switch (kind_at(r)) {
	case J_NULL:
		skip_value(r);
		s->reset(s->ctx);
		*seen = 0;
		return 0;
	case J_ARR:
		break;
	default:
		snprintf(what, sizeof(what), "'%s' must be an array of objects",
			 s->field);
		return type_err(r, what);
	}
	open_container(r);
	while (arr_next(r)) {
		int rc = 0;

		if (i == s->len(s->ctx) && (rc = s->grow(r, s->ctx)) < 0)
			return rc;
		switch (kind_at(r)) {
		case J_NULL:
			if (s->dec_null)
				s->dec_null(r, s->ctx, i);
			else
				skip_value(r);
			break;
		case J_OBJ:
			rc = s->dec(r, s->ctx, i);
			break;
		default:
			snprintf(what, sizeof(what),
				 "'%s' entries must be objects", s->field);
			return type_err(r, what);
		}
		if (rc < 0)
			return rc;
		i++;
	}
	if (i == 0)
		s->reset(s->ctx);
	*seen = i;
	return 0;
}

static size_t args_len(const void *ctx)
{
	return ((const struct sc_group *)ctx)->nargs;
}

static int args_grow(struct rd *r, void *ctx)
{
	struct sc_arg *a = sc_group_add_arg(ctx);

	if (!a)
		return oom(r);
	a->loc = loc_at(r, r->pos);
	return 0;
}

static void args_reset_ctx(void *ctx)
{
	args_reset(ctx);
}

static int args_dec(struct rd *r, void *ctx, size_t i)
{
	return dec_arg(r, &((struct sc_group *)ctx)->args[i]);
}

/* []LinuxSeccompArg: element structs are reused; a null element is a no-op. */
static int dec_args(struct rd *r, struct sc_group *g, size_t *vis)
{
	const struct slice_dec s = { .field = "args", .ctx = g,
				     .len = args_len, .grow = args_grow,
				     .reset = args_reset_ctx, .dec = args_dec };

	return dec_slice(r, &s, vis);
}

static const char *const group_keys[] = {
	"names", "name", "action", "errnoRet", "args", "comment", "includes",
	"excludes", "errno", NULL
};
enum { G_NAMES, G_NAME, G_ACTION, G_ERRNO_RET, G_ARGS, G_COMMENT,
       G_INCLUDES, G_EXCLUDES, G_ERRNO };

/* Filter keys written straight into a group, where Docker ignores them. */
static const char *const group_misplaced[] = { "caps", "arches", "minKernel",
					       NULL };

/* Syscall: decodes into what an earlier occurrence left. */
static int dec_group(struct rd *r, struct sc_group *g, struct group_shadow *sh)
{
	const char *where = "in syscall group";
	unsigned seen = 0;
	int rc, f;

	g->loc = loc_at(r, r->pos);
	open_container(r);
	while ((rc = next_field(r, where, group_keys, group_misplaced,
				"it belongs inside 'includes' or 'excludes'",
				&seen, &f)) > 0) {
		switch (f) {
		case G_NAMES:
			rc = dec_strv(r, "names", &g->names, &sh->names, NULL);
			break;
		case G_NAME:
			rc = dec_str(r, "name", &g->name, &g->name_loc);
			break;
		case G_ACTION:
			rc = dec_str(r, "action", &g->action, &g->action_loc);
			break;
		case G_ERRNO_RET:
			rc = dec_uptr(r, "errnoRet", &g->has_errno_ret,
				      &g->errno_ret, &g->errno_ret_loc);
			break;
		case G_ARGS:
			rc = dec_args(r, g, &sh->args);
			break;
		case G_COMMENT:
			rc = dec_str(r, "comment", &g->comment, NULL);
			break;
		case G_INCLUDES:
			rc = dec_filter(r, "includes", &g->includes,
					&sh->inc_caps, &sh->inc_arches);
			break;
		case G_EXCLUDES:
			rc = dec_filter(r, "excludes", &g->excludes,
					&sh->exc_caps, &sh->exc_arches);
			break;
		default:
			rc = dec_str(r, "errno", &g->errno_name,
				     &g->errno_name_loc);
			break;
		}
		if (rc < 0)
			return rc;
	}
	return rc;
}

static void groups_reset(struct rprof *rp)
{
	struct sc_profile *p = rp->p;

	for (size_t i = 0; i < p->ngroups; i++)
		group_reset(&p->groups[i]);
	free(p->groups);
	p->groups = NULL;
	p->ngroups = 0;
	free(rp->gs);
	rp->gs = NULL;
	rp->groups = 0;
}

static int add_group(struct rd *r, struct rprof *rp)
{
	struct group_shadow *gs;

	if (!sc_profile_add_group(rp->p))
		return oom(r);
	gs = realloc(rp->gs, rp->p->ngroups * sizeof(*gs));
	if (!gs)
		return oom(r);
	rp->gs = gs;
	memset(&gs[rp->p->ngroups - 1], 0, sizeof(*gs));
	return 0;
}

static size_t groups_len(const void *ctx)
{
	return ((const struct rprof *)ctx)->p->ngroups;
}

static int groups_grow(struct rd *r, void *ctx)
{
	return add_group(r, ctx);
}

static void groups_reset_ctx(void *ctx)
{
	groups_reset(ctx);
}

static void groups_dec_null(struct rd *r, void *ctx, size_t i)
{
	struct rprof *rp = ctx;
	struct group_shadow *sh = &rp->gs[i];

	group_reset(&rp->p->groups[i]);
	memset(sh, 0, sizeof(*sh));
	sh->nil = true;
	sh->nil_off = r->pos;
	skip_value(r);
}

static int groups_dec(struct rd *r, void *ctx, size_t i)
{
	struct rprof *rp = ctx;

	rp->gs[i].nil = false;
	return dec_group(r, &rp->p->groups[i], &rp->gs[i]);
}

/* []*Syscall: a null element is a nil pointer (moby would crash on it). */
static int dec_syscalls(struct rd *r, struct rprof *rp)
{
	const struct slice_dec s = { .field = "syscalls", .ctx = rp,
				     .len = groups_len, .grow = groups_grow,
				     .reset = groups_reset_ctx,
				     .dec_null = groups_dec_null,
				     .dec = groups_dec };

	return dec_slice(r, &s, &rp->groups);
}

static const char *const archmap_keys[] = { "architecture",
					     "subArchitectures", NULL };
enum { M_ARCH, M_SUBS };

/* Architecture (a struct value: the caller handles null). */
static int dec_arch(struct rd *r, struct sc_archmap *m, size_t *subs)
{
	const char *where = "in 'archMap' entry";
	unsigned seen = 0;
	int rc, f;

	m->loc = loc_at(r, r->pos);
	open_container(r);
	while ((rc = next_field(r, where, archmap_keys, NULL, NULL, &seen,
				&f)) > 0) {
		if (f == M_ARCH)
			rc = dec_str(r, "architecture", &m->arch.s,
				     &m->arch.loc);
		else
			rc = dec_strv(r, "subArchitectures", &m->subs, subs,
				      NULL);
		if (rc < 0)
			return rc;
	}
	return rc;
}

static void archmap_reset(struct rprof *rp)
{
	struct sc_profile *p = rp->p;

	for (size_t i = 0; i < p->narchmap; i++) {
		free(p->archmap[i].arch.s);
		sc_strv_clear(&p->archmap[i].subs);
	}
	free(p->archmap);
	p->archmap = NULL;
	p->narchmap = 0;
	free(rp->subs);
	rp->subs = NULL;
	rp->archmap = 0;
}

static size_t archmap_len(const void *ctx)
{
	return ((const struct rprof *)ctx)->p->narchmap;
}

static int archmap_grow(struct rd *r, void *ctx)
{
	struct rprof *rp = ctx;
	struct sc_profile *p = rp->p;
	struct sc_archmap *m = sc_profile_add_archmap(p);
	size_t *subs;

	if (!m)
		return oom(r);
	m->loc = loc_at(r, r->pos);
	subs = realloc(rp->subs, p->narchmap * sizeof(*subs));
	if (!subs)
		return oom(r);
	rp->subs = subs;
	subs[p->narchmap - 1] = 0;
	return 0;
}

static void archmap_reset_ctx(void *ctx)
{
	archmap_reset(ctx);
}

static int archmap_dec(struct rd *r, void *ctx, size_t i)
{
	struct rprof *rp = ctx;

	return dec_arch(r, &rp->p->archmap[i], &rp->subs[i]);
}

static int dec_archmap(struct rd *r, struct rprof *rp)
{
	const struct slice_dec s = { .field = "archMap", .ctx = rp,
				     .len = archmap_len, .grow = archmap_grow,
				     .reset = archmap_reset_ctx,
				     .dec = archmap_dec };

	return dec_slice(r, &s, &rp->archmap);
}

static const char *const profile_keys[] = {
	"defaultAction", "defaultErrnoRet", "architectures", "flags",
	"listenerPath", "listenerMetadata", "archMap", "syscalls",
	"defaultErrno", NULL
};
enum { P_DEFAULT_ACTION, P_DEFAULT_ERRNO_RET, P_ARCHITECTURES, P_FLAGS,
       P_LISTENER_PATH, P_LISTENER_METADATA, P_ARCHMAP, P_SYSCALLS,
       P_DEFAULT_ERRNO };

/* Group keys written at the top level, where Docker ignores them. */
static const char *const profile_misplaced[] = {
	"names", "name", "action", "errnoRet", "args", "includes", "excludes",
	NULL
};

static int dec_profile(struct rd *r, struct rprof *rp)
{
	const char *where = "at top level";
	struct sc_profile *p = rp->p;
	unsigned seen = 0;
	int rc, f;

	open_container(r);
	while ((rc = next_field(r, where, profile_keys, profile_misplaced,
				"it belongs inside a 'syscalls' entry",
				&seen, &f)) > 0) {
		switch (f) {
		case P_DEFAULT_ACTION:
			rc = dec_str(r, "defaultAction", &p->default_action,
				     &p->default_action_loc);
			break;
		case P_DEFAULT_ERRNO_RET:
			rc = dec_uptr(r, "defaultErrnoRet",
				      &p->has_default_errno_ret,
				      &p->default_errno_ret,
				      &p->default_errno_ret_loc);
			break;
		case P_ARCHITECTURES:
			rc = dec_strv(r, "architectures", &p->architectures,
				      &rp->arches, NULL);
			break;
		case P_FLAGS:
			rc = dec_strv(r, "flags", &p->flags, &rp->flags,
				      &rp->flags_set);
			break;
		case P_LISTENER_PATH:
			rc = dec_str(r, "listenerPath", &p->listener_path,
				     NULL);
			break;
		case P_LISTENER_METADATA:
			rc = dec_str(r, "listenerMetadata",
				     &p->listener_metadata, NULL);
			break;
		case P_ARCHMAP:
			rc = dec_archmap(r, rp);
			break;
		case P_SYSCALLS:
			rc = dec_syscalls(r, rp);
			break;
		default:
			rc = dec_str(r, "defaultErrno", &p->default_errno_name,
				     &p->default_errno_name_loc);
			break;
		}
		if (rc < 0)
			return rc;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Stage 4: what Go decoded, as the model; moby's own checks          */

static void empty_to_null(char **s)
{
	if (*s && !**s) {
		free(*s);
		*s = NULL;
	}
}

static bool loc_before(struct sc_loc a, struct sc_loc b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

static int finish(struct rd *r, struct rprof *rp)
{
	struct sc_profile *p = rp->p;

	strv_truncate(&p->architectures, rp->arches);
	strv_truncate(&p->flags, rp->flags);
	p->has_flags = rp->flags_set;
	empty_to_null(&p->listener_path);
	empty_to_null(&p->listener_metadata);

	for (size_t i = rp->archmap; i < p->narchmap; i++) {
		free(p->archmap[i].arch.s);
		sc_strv_clear(&p->archmap[i].subs);
	}
	p->narchmap = rp->archmap;
	for (size_t i = 0; i < p->narchmap; i++)
		strv_truncate(&p->archmap[i].subs, rp->subs[i]);

	for (size_t i = rp->groups; i < p->ngroups; i++)
		group_reset(&p->groups[i]);
	p->ngroups = rp->groups;

	/* The order of moby's setupSeccomp. */
	if (p->architectures.n && p->narchmap) {
		struct sc_loc a = p->architectures.v[0].loc;
		struct sc_loc m = p->archmap[0].loc;
		struct sc_loc l = loc_before(a, m) ? m : a;

		return sc_err(r->err, EINVAL, r->file, l.line, l.col,
			      "both 'architectures' and 'archMap' are "
			      "specified in the seccomp profile, use either "
			      "'architectures' or 'archMap'");
	}
	for (size_t i = 0; i < p->ngroups; i++) {
		struct group_shadow *sh = &rp->gs[i];
		struct sc_group *g = &p->groups[i];

		if (sh->nil)
			return fail_at(r, sh->nil_off, "'syscalls' entries "
				       "must be objects, got 'null'");
		strv_truncate(&g->names, sh->names);
		if (sh->args < g->nargs) {
			for (size_t j = sh->args; j < g->nargs; j++)
				free(g->args[j].op);
			g->nargs = sh->args;
		}
		strv_truncate(&g->includes.caps, sh->inc_caps);
		strv_truncate(&g->includes.arches, sh->inc_arches);
		strv_truncate(&g->excludes.caps, sh->exc_caps);
		strv_truncate(&g->excludes.arches, sh->exc_arches);
		empty_to_null(&g->name);
		empty_to_null(&g->comment);
		if (g->name && g->names.n)
			return sc_err(r->err, EINVAL, r->file, g->loc.line,
				      g->loc.col, "both 'name' and 'names' are "
				      "specified in the seccomp profile, use "
				      "either 'name' or 'names'");
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int check_text(struct rd *r)
{
	const char *nul;
	size_t i;

	if (r->len > SC_PROFILE_MAX_BYTES)
		return sc_err(r->err, EINVAL, r->file, 0, 0,
			      "profile too large (%zu bytes, at most %u)",
			      r->len, SC_PROFILE_MAX_BYTES);
	nul = memchr(r->s, '\0', r->len);
	if (nul)
		return fail_at(r, (size_t)(nul - r->s), "JSON syntax: NUL byte "
			       "in the profile (is it a text file?)");
	i = skip_ws(r, 0);
	if (i == r->len)
		return fail_at(r, i, "empty profile, expected a JSON object");
	return 0;
}

int sc_json_parse(const char *file, const char *buf, size_t len,
		  struct sc_profile **ret, const struct sc_diag *d,
		  struct sc_error *err)
{
	struct rd r = {
		.s = buf ? buf : "",
		.len = len,
		.file = file ? file : "<string>",
		.d = d,
		.err = err,
		.lc_line = 1,
	};
	struct rprof rp = { 0 };
	int rc;

	if (!ret || (!buf && len))
		return sc_err(err, EINVAL, r.file, 0, 0,
			      "sc_json_parse: invalid arguments");
	/* Go's decoder refuses a BOM too; say what it is rather than "bad UTF-8". */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		return sc_err(err, EINVAL, r.file, 1, 1,
			      "JSON syntax: the file starts with a UTF-8 byte order mark; save it without one");
	rc = check_text(&r);
	if (rc == 0)
		rc = syntax_check(&r);
	if (rc < 0)
		return rc;

	r.pos = skip_ws(&r, 0);
	if (kind_at(&r) != J_OBJ) {
		char dsc[SHOW_MAX + 2];

		return fail_at(&r, r.pos, "a seccomp profile must be a JSON "
			       "object, got %s", describe(&r, dsc));
	}
	rp.p = sc_profile_new(r.file);
	if (!rp.p)
		return oom(&r);
	rc = dec_profile(&r, &rp);
	if (rc == 0)
		rc = finish(&r, &rp);
	if (rc == 0) {
		*ret = rp.p;
		rp.p = NULL;
	}
	sc_profile_free(rp.p);
	free(rp.gs);
	free(rp.subs);
	free(r.key);
	return rc;
}
