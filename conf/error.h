/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one error type of seccap.  The caller owns it; it has a fixed size and
 * filling it never allocates, so it works inside the preload's constructor.
 * Library code returns a negative errno and fills the struct; only the
 * applets and the preload glue print it.
 */
#ifndef SECCAP_ERROR_H
#define SECCAP_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#define SC_FILE_MAX 256
#define SC_MSG_MAX 512

struct sc_error {
	int code;               /* positive errno value; 0 = no error */
	unsigned line, col;     /* 1-based; 0 = not known */
	char file[SC_FILE_MAX]; /* "" = not about a file */
	char msg[SC_MSG_MAX];   /* lowercase, no final full stop */
};

enum sc_severity { SC_SEV_WARNING, SC_SEV_ERROR };

/*
 * Where diagnostics that do not stop the work go (warnings, and every error
 * of a validation pass).  A NULL sink, or a NULL fn, drops them.
 */
struct sc_diag {
	void (*fn)(void *ud, enum sc_severity sev, const struct sc_error *e);
	void *ud;
};

/* Fill err (if not NULL) and return -code.  code must be > 0. */
int sc_err(struct sc_error *err, int code, const char *file, unsigned line,
	   unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int sc_verr(struct sc_error *err, int code, const char *file, unsigned line,
	    unsigned col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

void sc_error_clear(struct sc_error *err);

/*
 * Say what failed in front of err's message ("cannot load the filter: "
 * + msg); file and line stay.  Returns -err->code.
 */
int sc_err_prefix(struct sc_error *err, const char *what);

/* Send one diagnostic to d (no-op when d or d->fn is NULL). */
void sc_diag_emit(const struct sc_diag *d, enum sc_severity sev, int code,
		  const char *file, unsigned line, unsigned col,
		  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * GNU form: "file:line:col: error: msg", "file:line: warning: msg",
 * "file: error: msg" or "error: msg" when parts are unknown.  severity is
 * the word to print ("error", "warning") or NULL to leave it out.  Returns
 * the length that was (or would have been) written, like snprintf.
 */
size_t sc_error_format(const struct sc_error *e, const char *severity,
		       char *buf, size_t n);

#endif
