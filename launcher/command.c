/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Owns what apply and record do alike before they run a command: finding
 * it (execvp's search, without exec) and setting the capabilities asked for.
 * Nothing here prints: failures go back in a struct sc_error, the ambient
 * warning to the caller's sink, and the applet's main prints them once.
 */
#include "command.h"

#include <errno.h>
#include <fcntl.h>
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

int cmd_cannot_run(const char *cmd, int e, struct sc_error *err)
{
	sc_err(err, e, NULL, 0, 0, "cannot run '%s': %s", cmd, strerror(e));
	return e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}

int cmd_set_caps(const struct caps_opts *o, const char *cmd, bool *need_nnp,
		 const struct sc_diag *d, struct sc_error *err)
{
	bool ambient_failed = false;
	uint64_t want = 0;
	int r;

	r = caps_wanted(o, &want, err);
	if (r < 0)
		return r;
	r = caps_setup(want, need_nnp, &ambient_failed, err);
	/* -EINVAL is kept for the usage error above; err still says why. */
	if (r < 0)
		return r == -EINVAL ? -EIO : r;
	/* Root gets its set back from the bounding set at exec; others need ambient. */
	if (ambient_failed && geteuid() != 0)
		sc_diag_emit(d, SC_SEV_WARNING, EPERM, NULL, 0, 0,
			     "cannot make the capabilities ambient; '%s' will "
			     "not keep them across exec", cmd);
	return 0;
}

int cmd_caps_option(struct caps_opts *o, int c, const char *arg,
		    struct sc_error *err)
{
	bool add = c == CMD_OPT_CAP_ADD;

	o->set = true;
	if (c == 'c') {
		o->spec = arg;
		return 0;
	}
	return caps_parse_list(add ? "--cap-add" : "--cap-drop", arg,
			       add ? &o->add : &o->drop,
			       add ? &o->add_all : &o->drop_all, err);
}
