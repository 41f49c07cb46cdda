/* SPDX-License-Identifier: Apache-2.0 */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int sc_verr(struct sc_error *err, int code, const char *file, unsigned line,
	    unsigned col, const char *fmt, va_list ap)
{
	if (code <= 0)
		code = EINVAL;
	if (!err)
		return -code;
	err->code = code;
	err->line = line;
	err->col = col;
	err->file[0] = '\0';
	if (file)
		snprintf(err->file, sizeof(err->file), "%s", file);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -code;
}

int sc_err(struct sc_error *err, int code, const char *file, unsigned line,
	   unsigned col, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sc_verr(err, code, file, line, col, fmt, ap);
	va_end(ap);
	return r;
}

int sc_err_prefix(struct sc_error *err, const char *what)
{
	size_t room = sizeof(err->msg) - 1;
	size_t w = strlen(what), pre, len;

	if (w > room - 2)
		w = room - 2;
	pre = w + 2;
	len = strnlen(err->msg, room);
	if (len > room - pre)
		len = room - pre; /* the end of the message gives way */
	memmove(err->msg + pre, err->msg, len);
	memcpy(err->msg, what, w);
	memcpy(err->msg + w, ": ", 2);
	err->msg[pre + len] = '\0';
	if (err->code <= 0)
		err->code = EINVAL;
	return -err->code;
}

void sc_error_clear(struct sc_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

void sc_diag_emit(const struct sc_diag *d, enum sc_severity sev, int code,
		  const char *file, unsigned line, unsigned col,
		  const char *fmt, ...)
{
	struct sc_error e;
	va_list ap;

	if (!d || !d->fn)
		return;
	va_start(ap, fmt);
	sc_verr(&e, code, file, line, col, fmt, ap);
	va_end(ap);
	d->fn(d->ud, sev, &e);
}

size_t sc_error_format(const struct sc_error *e, const char *severity,
		       char *buf, size_t n)
{
	char where[SC_FILE_MAX + 32] = "";
	int w;

	if (e->file[0] && e->line && e->col)
		snprintf(where, sizeof(where), "%s:%u:%u: ", e->file, e->line,
			 e->col);
	else if (e->file[0] && e->line)
		snprintf(where, sizeof(where), "%s:%u: ", e->file, e->line);
	else if (e->file[0])
		snprintf(where, sizeof(where), "%s: ", e->file);
	w = snprintf(buf, n, "%s%s%s%s", where, severity ? severity : "",
		     severity ? ": " : "", e->msg);
	return w < 0 ? 0 : (size_t)w;
}
