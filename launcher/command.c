/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Owns what apply and record do alike before they run a command: finding
 * it (execvp's search, without exec) and setting the capabilities asked for.
 */
#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/*
 * What execvp would run, found with stat and access so that nothing of the
 * search (and no error message) has to happen under the filter.  Returns 0
 * with the path in buf, or an errno: ENOENT (127) or EACCES etc. (126).
 */
int cmd_find(const char *cmd, char *buf, size_t n)
{
	const char *path, *p;
	bool eacces = false;
	struct stat st;

	if (strchr(cmd, '/')) {
		if (strlen(cmd) >= n)
			return ENAMETOOLONG;
		if (stat(cmd, &st) < 0)
			return errno;
		if (S_ISDIR(st.st_mode))
			return EISDIR;
		if (!S_ISREG(st.st_mode) || faccessat(AT_FDCWD, cmd, X_OK,
						      AT_EACCESS) < 0)
			return EACCES;
		strcpy(buf, cmd);
		return 0;
	}
	path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin"; /* glibc's execvp default */
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t dl = end ? (size_t)(end - p) : strlen(p);
		int w;

		/* An empty element is the current directory, as execvp has it. */
		if (dl == 0)
			w = snprintf(buf, n, "%s", cmd);
		else
			w = snprintf(buf, n, "%.*s/%s", (int)dl, p, cmd);
		if (w > 0 && (size_t)w < n) {
			/*
			 * A directory we may not search hides nothing we could
			 * run: not found, as shells and docker run see it.
			 */
			if (stat(buf, &st) == 0) {
				if (S_ISREG(st.st_mode) &&
				    faccessat(AT_FDCWD, buf, X_OK, AT_EACCESS) == 0)
					return 0;
				eacces = true;
			}
		}
		if (!end)
			break;
		p = end;
	}
	return eacces ? EACCES : ENOENT;
}

int cmd_cannot_run(const char *cmd, int e)
{
	app_errno(e, "cannot run '%s'", cmd);
	return e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}

int cmd_wanted_caps(const struct caps_opts *o, uint64_t *want)
{
	struct sc_error err = { 0 };
	int r = caps_wanted(o, want, &err);

	if (r == 0)
		return 0;
	app_error(&err);
	if (r == -EINVAL)
		app_usage_hint();
	return EXIT_SECCAP;
}

int cmd_set_caps(const struct caps_opts *o, const char *cmd, bool *need_nnp)
{
	bool ambient_failed = false;
	struct sc_error err = { 0 };
	uint64_t want = 0;
	int r;

	r = cmd_wanted_caps(o, &want);
	if (r)
		return r;
	if (caps_setup(want, need_nnp, &ambient_failed, &err) < 0) {
		app_error(&err);
		return EXIT_SECCAP;
	}
	/* Root gets its set back from the bounding set at exec; others need ambient. */
	if (ambient_failed && geteuid() != 0)
		app_err("warning: cannot make the capabilities ambient; '%s' "
			"will not keep them across exec", cmd);
	return 0;
}

int cmd_usage(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		app_err("%s", msg);
	}
	app_usage_hint();
	return EXIT_SECCAP;
}

int cmd_caps_option(struct caps_opts *o, int c, const char *arg)
{
	bool add = c == CMD_OPT_CAP_ADD;
	struct sc_error err = { 0 };

	o->set = true;
	if (c == 'c') {
		o->spec = arg;
		return -1;
	}
	if (caps_parse_list(add ? "--cap-add" : "--cap-drop", arg,
			    add ? &o->add : &o->drop,
			    add ? &o->add_all : &o->drop_all, &err) < 0)
		return cmd_usage("%s", err.msg);
	return -1;
}
