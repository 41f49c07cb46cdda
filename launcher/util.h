/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the applets: the exit statuses, the message printers
 * (`seccap APPLET: msg` for the applet's own errors, GNU `file:line:col:
 * error: msg` for problems in a profile) and the usage-error convention (one
 * line plus a hint, status 2).  Only the launcher prints; conf/ fills a
 * struct sc_error and these print it.
 */
#ifndef SECCAP_LAUNCHER_UTIL_H
#define SECCAP_LAUNCHER_UTIL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "error.h"

/* Exit statuses of every applet (documented in seccap.1, EXIT STATUS). */
enum {
	APP_EXIT_OK = 0,
	APP_EXIT_FAIL = 1,      /* invalid profile, I/O error, ... */
	APP_EXIT_USAGE = 2,     /* bad command line */
	APP_EXIT_UNKNOWN = 127, /* no such applet */
};

/*
 * getopt_long values of the options every applet has.  --help is also -h;
 * --version has no short form so applets keep -V free.
 */
enum { APP_OPT_VERSION = 0x100 };
#define APP_OPTIONS_COMMON                                   \
	{ "help", no_argument, NULL, 'h' },                  \
	{ "version", no_argument, NULL, APP_OPT_VERSION }

/*
 * Name of the running applet ("check"), set by main before it calls the
 * applet; NULL while main itself is talking ("seccap: ...").
 */
extern const char *app_name;

/* "seccap APPLET: msg" on stderr. */
void app_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "seccap APPLET: msg: strerror(errnum)" on stderr. */
void app_errno(int errnum, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Print a library error once: in GNU form ("file:line:col: error: msg") when
 * it is about a file, else as the applet's own message ("seccap APPLET:
 * msg").  The one way an applet prints a struct sc_error outside a
 * validation pass.
 */
void app_error(const struct sc_error *e);

/*
 * A usage error: "seccap APPLET: msg" (none when fmt is NULL: getopt said
 * it) and "see 'seccap APPLET --help'" on stderr.  Returns status, for
 * `return app_usage_exit(...)`; app_usage returns APP_EXIT_USAGE, and
 * applets whose small statuses are their command's use their own.
 */
int app_usage_exit(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define app_usage(...) app_usage_exit(APP_EXIT_USAGE, __VA_ARGS__)
/*
 * The same after getopt_long returned '?': getopt has already printed the
 * line (argv[0] is "seccap APPLET" so it reads like ours); add the hint.
 */
int app_usage_hint(void);

/* --help: text to stdout.  --version: "seccap VERSION".  Both return 0. */
int app_help(const char *text);
int app_version(void);
/*
 * The rest of APP_OPTIONS_COMMON, for the default case of an applet's
 * getopt_long switch: -h/--help prints help, --version the version, and
 * anything else is what getopt refused (app_usage_hint).  Returns the exit
 * status.
 */
int app_common_option(int c, const char *help);

/*
 * A diag sink that prints every diagnostic in GNU form on stderr and counts
 * them.  Warnings are not printed when quiet_warnings is set (they are still
 * counted).  Use: struct app_diag ds = { 0 }; struct sc_diag d =
 * app_diag_sink(&ds);
 */
struct app_diag {
	unsigned errors, warnings;
	bool quiet_warnings;
};
void app_diag_fn(void *ud, enum sc_severity sev, const struct sc_error *e);
static inline struct sc_diag app_diag_sink(struct app_diag *ds)
{
	struct sc_diag d = { app_diag_fn, ds };
	return d;
}
/* Print e as a diagnostic of severity sev through ds (and count it). */
void app_diag_print(struct app_diag *ds, enum sc_severity sev,
		    const struct sc_error *e);
/*
 * Print a failure r (negative errno) as an error through ds.  If the library
 * left err empty, it is filled first with file and "WHAT: strerror(-r)", so
 * the failure is never told by the exit status alone.
 */
void app_diag_failure(struct app_diag *ds, struct sc_error *err, int r,
		      const char *file, const char *what);

/*
 * The applet's last word: flush stdout and turn a failed write (full disk,
 * closed pipe) into an error message and APP_EXIT_FAIL; otherwise status.
 */
int app_exit(int status);

/* write(2) all n bytes, again after EINTR; 0 or -errno. */
int app_write_all(int fd, const char *p, size_t n);

/*
 * Write data into a temporary file beside path and rename it over path, so
 * a reader sees the old content or the whole new one; the mode is the old
 * file's or a plain create's.  Prints the error; false on failure.
 */
bool app_write_atomic(const char *path, const char *data, size_t len);

/*
 * Arm the compile time limit (preload/watchdog.h) from SECCAP_COMPILE_TIMEOUT
 * for the profile at path; prints the error and returns -1 when the
 * variable is not a number.
 */
struct sc_watchdog;
int app_watchdog_arm(struct sc_watchdog *w, const char *path);

/*
 * --arch's value: a Go-style name (amd64, arm64, x86) or SCMP_ARCH_*.
 * Returns 0 with *ret set, or the usage error's exit status (printed).
 */
int app_parse_arch(const char *s, uint32_t *ret);
/*
 * --kernel's value: X.Y as sc_kernel_parse_release reads it.  Returns 0
 * with *major, *minor set, or the usage error's exit status (printed).
 */
int app_parse_kernel(const char *s, unsigned *major, unsigned *minor);

struct sc_target;
/*
 * --caps's value into t->caps (caps_asked set), or without one the
 * permitted set of this process.  Returns 0, or the exit status of the
 * usage error or failure (printed).
 */
int app_target_caps(struct sc_target *t, const char *spec);
/* t->arch, this machine's when not given.  0, or the exit status (printed). */
int app_target_arch(struct sc_target *t);

/* "SCMP_ARCH_X86_64" -> "x86_64", libseccomp's own spelling. */
void app_arch_short_name(uint32_t arch, char *buf, size_t n);

#endif
