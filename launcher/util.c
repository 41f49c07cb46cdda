/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"
#include "names.h"
#include "resolve.h"
#include "watchdog.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SECCAP_VERSION
#define SECCAP_VERSION "unknown"
#endif

const char *app_name;

/*
 * Every message is one line: a syscall name or a file name may hold a
 * newline or an escape sequence, and those must neither split the line a
 * script or an editor parses nor reach the terminal raw.
 */
static void put_line(const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
			fprintf(stderr, "\\x%02x", *c);
		else
			fputc(*c, stderr);
	}
	fputc('\n', stderr);
}

static void vmsg(int errnum, const char *fmt, va_list ap)
{
	char msg[SC_FILE_MAX + SC_MSG_MAX + 128];
	size_t n;

	if (app_name)
		n = (size_t)snprintf(msg, sizeof(msg), "seccap %s: ", app_name);
	else
		n = (size_t)snprintf(msg, sizeof(msg), "seccap: ");
	if (n < sizeof(msg))
		vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	n = strlen(msg);
	if (errnum && n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	put_line(msg);
}

void app_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void app_errno(int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(errnum, fmt, ap);
	va_end(ap);
}

void app_error(const struct sc_error *e)
{
	char line[SC_FILE_MAX + SC_MSG_MAX + 64];

	if (!e->file[0]) {
		app_err("%s", e->msg);
		return;
	}
	sc_error_format(e, "error", line, sizeof(line));
	put_line(line);
}

int app_usage_hint(void)
{
	if (app_name)
		fprintf(stderr, "see 'seccap %s --help'\n", app_name);
	else
		fprintf(stderr, "see 'seccap --help'\n");
	return APP_EXIT_USAGE;
}

int app_usage_exit(int status, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vmsg(0, fmt, ap);
		va_end(ap);
	}
	app_usage_hint();
	return status;
}

int app_help(const char *text)
{
	fputs(text, stdout);
	return APP_EXIT_OK;
}

int app_version(void)
{
	printf("seccap %s\n", SECCAP_VERSION);
	return APP_EXIT_OK;
}

int app_common_option(int c, const char *help)
{
	switch (c) {
	case 'h':
		return app_help(help);
	case APP_OPT_VERSION:
		return app_version();
	default:
		return app_usage_hint();
	}
}

void app_diag_print(struct app_diag *ds, enum sc_severity sev,
		    const struct sc_error *e)
{
	char line[SC_FILE_MAX + SC_MSG_MAX + 64];
	const char *word = sev == SC_SEV_ERROR ? "error" : "warning";

	if (sev == SC_SEV_ERROR)
		ds->errors++;
	else
		ds->warnings++;
	if (sev == SC_SEV_WARNING && ds->quiet_warnings)
		return;
	/*
	 * A problem that is not about a file (out of memory) reads as the
	 * applet's own message rather than a bare "error: ...".
	 */
	if (!e->file[0]) {
		app_err("%s: %s", word, e->msg);
		return;
	}
	sc_error_format(e, word, line, sizeof(line));
	put_line(line);
}

void app_diag_failure(struct app_diag *ds, struct sc_error *err, int r,
		      const char *file, const char *what)
{
	if (!err->msg[0])
		sc_err(err, -r, file, 0, 0, "%s: %s", what, strerror(-r));
	app_diag_print(ds, SC_SEV_ERROR, err);
}

void app_diag_fn(void *ud, enum sc_severity sev, const struct sc_error *e)
{
	app_diag_print(ud, sev, e);
}

int app_exit(int status)
{
	int failed = ferror(stdout);

	/*
	 * fclose, not fflush: the last buffered write can fail only here (full
	 * disk, closed pipe), and exit() would swallow that error.
	 */
	errno = 0;
	if (fclose(stdout) != 0 || failed) {
		if (errno)
			app_errno(errno, "write error on standard output");
		else
			app_err("write error on standard output");
		return APP_EXIT_FAIL;
	}
	return status;
}

int app_watchdog_arm(struct sc_watchdog *w, const char *path)
{
	struct sc_error err = { 0 };
	char who[SC_FILE_MAX + 64];
	unsigned secs;

	snprintf(who, sizeof(who), "seccap %s: %s", app_name ? app_name : "",
		 path);
	if (sc_watchdog_seconds(secure_getenv("SECCAP_COMPILE_TIMEOUT"), &secs,
				&err) < 0 ||
	    sc_watchdog_arm(w, who, secs, &err) < 0) {
		app_err("%s%s%s", err.file, *err.file ? ": " : "", err.msg);
		return -1;
	}
	return 0;
}

int app_parse_arch(const char *s, uint32_t *ret)
{
	uint32_t a = sc_arch_from_go_name(s);

	if (!a)
		a = sc_arch_from_scmp_name(s);
	if (!a) {
		const char *hint = sc_suggest(s, sc_arch_go_names);

		if (hint)
			return app_usage("unknown architecture '%s' for --arch; "
					 "did you mean '%s'?", s, hint);
		return app_usage("unknown architecture '%s' for --arch; use a Go "
				 "name such as amd64, arm64, x86 or an "
				 "SCMP_ARCH_* name", s);
	}
	*ret = a;
	return 0;
}

int app_parse_kernel(const char *s, unsigned *major, unsigned *minor)
{
	if (sc_kernel_parse_release(s, major, minor) < 0)
		return app_usage("invalid kernel version '%s' for --kernel; "
				 "expected X.Y such as 6.1", s);
	return 0;
}

int app_target_caps(struct sc_target *t, const char *spec)
{
	struct sc_error err = { 0 };

	if (spec) {
		if (sc_capset_parse(spec, &t->caps, &err) < 0)
			return app_usage("%s", err.msg);
		t->caps_asked = true;
	} else if (sc_capset_of_self(SC_CAPS_PERMITTED, &t->caps, &err) < 0) {
		app_error(&err);
		return APP_EXIT_USAGE;
	}
	return 0;
}

int app_target_arch(struct sc_target *t)
{
	if (!t->arch)
		t->arch = sc_arch_native();
	if (!t->arch) {
		app_err("cannot tell the architecture of this machine; give "
			"--arch");
		return APP_EXIT_USAGE;
	}
	return 0;
}

void app_arch_short_name(uint32_t arch, char *buf, size_t n)
{
	const char *s = sc_arch_scmp_name(arch);
	size_t i = 0;

	if (!s) {
		snprintf(buf, n, "0x%08x", arch);
		return;
	}
	if (strncmp(s, "SCMP_ARCH_", 10) == 0)
		s += 10;
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[i] = '\0';
}

int app_write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Write into a temporary file beside path and rename it over path, so a
 * reader of path sees the old content or the whole new one, never a part.
 */
bool app_write_atomic(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = malloc(strlen(path) + sizeof("/..XXXXXX"));
	struct stat st;
	mode_t mode, mask;
	int fd = -1, r;

	if (!tmp) {
		app_errno(ENOMEM, "cannot write '%s'", path);
		return false;
	}
	/*
	 * A device, a FIFO (/dev/null, /dev/stdout, a pipe) is written in
	 * place: renaming over it would replace the device by a file.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		free(tmp);
		fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		r = fd < 0 ? -errno : app_write_all(fd, data, len);
		if (fd >= 0 && close(fd) < 0 && r == 0)
			r = -errno;
		if (r < 0)
			app_errno(-r, "cannot write '%s'", path);
		return r == 0;
	}
	/* Hidden name in the same directory: rename(2) stays atomic there. */
	sprintf(tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		app_errno(errno, "cannot create '%s'", path);
		free(tmp);
		return false;
	}
	/*
	 * mkostemp makes 0600; a profile is not secret, so take the mode of
	 * the file we replace, or what a plain create would give.
	 */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 0777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	r = fchmod(fd, mode) < 0 ? -errno : 0;
	if (r == 0)
		r = app_write_all(fd, data, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		app_errno(-r, "cannot write '%s'", path);
		unlink(tmp);
	}
	free(tmp);
	return r == 0;
}
