/* SPDX-License-Identifier: Apache-2.0 */
/* The compile time limit of the launcher and the preload (watchdog.h). */
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WATCHDOG_EXIT 125

/*
 * Set at arm time: the handler may only read these, call clock_gettime,
 * setitimer, write(2) and _exit.
 */
static char fire_msg[512];
static size_t fire_len;
static struct timespec deadline;
/* A SIGALRM came that was not ours: raise it again at disarm. */
static volatile sig_atomic_t foreign;

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/*
 * Only the clock decides.  A SIGALRM before the deadline is the process's
 * own -- one pending since before execve is delivered the moment arm
 * unblocks it -- so it is remembered, and the timer set again for what is
 * left in case the signal was a timer expiry merged with it.
 */
static void fire(int sig)
{
	int saved = errno;
	struct timespec now;

	(void)sig;
	if (clock_gettime(CLOCK_MONOTONIC, &now) == 0 && before(&now, &deadline)) {
		long long left_us = (long long)(deadline.tv_sec - now.tv_sec) *
					    1000000 +
				    (deadline.tv_nsec - now.tv_nsec) / 1000 + 1;
		struct itimerval rest = {
			.it_value = { .tv_sec = (time_t)(left_us / 1000000),
				      .tv_usec = (suseconds_t)(left_us % 1000000) },
		};

		foreign = 1;
		setitimer(ITIMER_REAL, &rest, NULL);
		errno = saved;
		return;
	}
	if (write(STDERR_FILENO, fire_msg, fire_len) < 0) {
		/* nothing left to tell anyone */
	}
	_exit(WATCHDOG_EXIT);
}

int sc_watchdog_seconds(const char *value, unsigned *ret,
			struct sc_error *err)
{
	unsigned long v = 0;

	if (!value) {
		*ret = SC_WATCHDOG_DEFAULT;
		return 0;
	}
	if (!*value)
		goto bad;
	for (const char *p = value; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > SC_WATCHDOG_MAX)
			goto bad;
	}
	*ret = (unsigned)v;
	return 0;
bad:
	return sc_err(err, EINVAL, "SECCAP_COMPILE_TIMEOUT", 0, 0,
		      "'%.64s' is not a number of seconds from 0 to %u (0 turns the limit off)",
		      value, SC_WATCHDOG_MAX);
}

int sc_watchdog_arm(struct sc_watchdog *w, const char *who, unsigned secs,
		    struct sc_error *err)
{
	struct sigaction sa;
	struct itimerval limit = { .it_value = { .tv_sec = secs } };
	sigset_t alrm;
	int n;

	memset(w, 0, sizeof(*w));
	if (!secs)
		return 0;
	n = snprintf(fire_msg, sizeof(fire_msg),
		     "%s: building the filter took more than %u s, so the program was not run; raise SECCAP_COMPILE_TIMEOUT (0: no limit) if the profile is just large\n",
		     who, secs);
	fire_len = n < 0 ? 0 : (size_t)n >= sizeof(fire_msg) ? sizeof(fire_msg) - 1 : (size_t)n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fire;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	foreign = 0;
	/* What the failure path puts back, should the unblock never happen. */
	sigprocmask(SIG_BLOCK, NULL, &w->old_mask);
	if (clock_gettime(CLOCK_MONOTONIC, &w->start) < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot set the compile time limit: %s",
			      strerror(errno));
	deadline = w->start;
	deadline.tv_sec += (time_t)secs;
	if (sigaction(SIGALRM, &sa, &w->old_act) < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot set the compile time limit: %s",
			      strerror(errno));
	/*
	 * The timer before the mask: a SIGALRM pending since before execve
	 * arrives the moment it is unblocked, and the handler's timer must not
	 * be taken for the one the process had.
	 */
	if (setitimer(ITIMER_REAL, &limit, &w->old_timer) < 0 ||
	    sigprocmask(SIG_UNBLOCK, &alrm, &w->old_mask) < 0) {
		int e = errno;

		w->armed = true;
		sc_watchdog_disarm(w);
		return sc_err(err, e, NULL, 0, 0,
			      "cannot set the compile time limit: %s",
			      strerror(e));
	}
	w->armed = true;
	return 0;
}

/* What is left of the process's own timer after the time we took. */
static void left_of(struct timeval *tv, const struct timespec *start)
{
	struct timespec now;
	long long used_us, left_us;

	if (clock_gettime(CLOCK_MONOTONIC, &now) < 0)
		return; /* keep the whole value */
	used_us = (long long)(now.tv_sec - start->tv_sec) * 1000000 +
		  (now.tv_nsec - start->tv_nsec) / 1000;
	left_us = (long long)tv->tv_sec * 1000000 + tv->tv_usec - used_us;
	if (left_us < 1)
		left_us = 1; /* due already: let it fire now */
	tv->tv_sec = (time_t)(left_us / 1000000);
	tv->tv_usec = (suseconds_t)(left_us % 1000000);
}

void sc_watchdog_disarm(struct sc_watchdog *w)
{
	struct itimerval off = { 0 };

	if (!w->armed)
		return;
	w->armed = false;
	setitimer(ITIMER_REAL, &off, NULL);
	/* The disposition first: a due timer of the process must find it. */
	sigaction(SIGALRM, &w->old_act, NULL);
	sigprocmask(SIG_SETMASK, &w->old_mask, NULL);
	if (w->old_timer.it_value.tv_sec || w->old_timer.it_value.tv_usec) {
		left_of(&w->old_timer.it_value, &w->start);
		setitimer(ITIMER_REAL, &w->old_timer, NULL);
	}
	/*
	 * The program's own SIGALRM, taken while we held the signal: pending
	 * again if the program blocks it, delivered as it would have been if
	 * not.  kill, not raise: it was process-directed.
	 */
	if (foreign) {
		foreign = 0;
		kill(getpid(), SIGALRM);
	}
}
