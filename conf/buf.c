/* SPDX-License-Identifier: Apache-2.0 */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(struct sc_buf *b, size_t more)
{
	size_t want;
	char *p;

	if (b->oom)
		return false;
	if (more > (size_t)-1 / 2 - b->len) {
		b->oom = true;
		return false;
	}
	want = b->len + more + 1;
	if (want <= b->cap)
		return true;
	if (want < 2 * b->cap)
		want = 2 * b->cap;
	if (want < 256)
		want = 256;
	p = realloc(b->p, want);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = want;
	return true;
}

void sc_buf_put(struct sc_buf *b, const char *s, size_t len)
{
	if (!reserve(b, len))
		return;
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void sc_buf_puts(struct sc_buf *b, const char *s)
{
	sc_buf_put(b, s, strlen(s));
}

void sc_buf_printf(struct sc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sc_buf_free(struct sc_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->oom = false;
}
