/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the applets that run a command (apply, record) share: the exit
 * statuses of `docker run`, finding the command before anything is
 * confined, and giving the process the capability set the options ask for.
 */
#ifndef SECCAP_LAUNCHER_COMMAND_H
#define SECCAP_LAUNCHER_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caps_apply.h"
#include "error.h"
#include "util.h"

enum {
	EXIT_SECCAP = 125,   /* seccap itself failed, nothing was run */
	EXIT_CANNOT_RUN = 126,
	EXIT_NOT_FOUND = 127,
};

/* getopt_long values and entries of the capability options. */
enum { CMD_OPT_CAP_ADD = 0x200, CMD_OPT_CAP_DROP, CMD_OPT_NEXT };
#define CMD_CAPS_OPTIONS                                            \
	{ "caps", required_argument, NULL, 'c' },                   \
	{ "cap-add", required_argument, NULL, CMD_OPT_CAP_ADD },    \
	{ "cap-drop", required_argument, NULL, CMD_OPT_CAP_DROP }

/*
 * Take -c/--caps, --cap-add or --cap-drop (c as getopt_long returned it)
 * into o.  Returns 0, or -EINVAL with err for a bad value (a usage error).
 */
int cmd_caps_option(struct caps_opts *o, int c, const char *arg,
		    struct sc_error *err);

/*
 * A usage error of an applet that runs a command: the message (fmt NULL:
 * getopt's own, already printed), the hint, and 125, not 2: the small
 * numbers are the command's.
 */
#define cmd_usage(...) app_usage_exit(EXIT_SECCAP, __VA_ARGS__)

/*
 * What execvp would run, found with stat and access so that nothing of the
 * search (and no error message) has to happen under a filter.  Returns 0
 * with the path in buf, or an errno: ENOENT (127) or EACCES etc. (126).
 */
int cmd_find(const char *cmd, char *buf, size_t n);

/*
 * Fill err with "cannot run 'cmd': strerror(e)" and return the exit status
 * for e (126, 127).
 */
int cmd_cannot_run(const char *cmd, int e, struct sc_error *err);

/*
 * Give this process the set o asks for (caps_wanted, caps_setup) so that
 * cmd keeps it across exec.  *need_nnp as caps_setup sets it.  When a
 * non-root cmd will lose the set at exec, a warning goes to d.  Returns 0,
 * or -errno with err: -EINVAL for a bad --caps (a usage error) and only
 * for that.
 */
int cmd_set_caps(const struct caps_opts *o, const char *cmd, bool *need_nnp,
		 const struct sc_diag *d, struct sc_error *err);

#endif
