/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A time limit on building a filter.  libseccomp 2.5.4 loops for ever on
 * some rule shapes; seccap compiles the shapes known to loop itself
 * (conf/chain.c), and this is the last line of defence against one not yet
 * known, or a profile simply too large.  The applets and the preload arm it
 * around the work, so such a profile ends the process with a message and
 * status 125 instead of hanging it: the program is never run unconfined.
 *
 * Glue of the launcher and the preload, not of conf/: it takes SIGALRM and
 * ITIMER_REAL for the time of the build, which a library must never do to
 * the program that links it.  It fires only when the monotonic clock says
 * the time is up, so a SIGALRM of the program's own (pending and blocked
 * since before execve, or sent by anyone during the build) cannot end it;
 * such a signal is raised again when the watchdog is put away.  Disarming
 * puts back what the process had: the disposition, the mask, and a timer
 * inherited across execve, less the time spent.
 */
#ifndef SECCAP_WATCHDOG_H
#define SECCAP_WATCHDOG_H

#include <signal.h>
#include <stdbool.h>
#include <sys/time.h>
#include <time.h>

#include "error.h"

/* Seconds when SECCAP_COMPILE_TIMEOUT is unset. */
#define SC_WATCHDOG_DEFAULT 60u
#define SC_WATCHDOG_MAX 86400u

struct sc_watchdog {
	bool armed;
	struct sigaction old_act;
	sigset_t old_mask;
	struct itimerval old_timer;
	struct timespec start;
};

/*
 * The limit from the value of SECCAP_COMPILE_TIMEOUT (NULL: the default):
 * whole seconds, 0 for none.  -EINVAL with err filled on anything else.
 */
int sc_watchdog_seconds(const char *value, unsigned *ret,
			struct sc_error *err);

/*
 * Arm: after secs seconds "<who>: <message>\n" goes to fd 2 and the
 * process exits with 125.  secs 0 arms nothing.  One watchdog at a time.
 */
int sc_watchdog_arm(struct sc_watchdog *w, const char *who, unsigned secs,
		    struct sc_error *err);
/* Disarm and put back what arm found; harmless when nothing was armed. */
void sc_watchdog_disarm(struct sc_watchdog *w);

#endif
