/* SPDX-License-Identifier: Apache-2.0 */
#include "watchdog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WATCHDOG_EXIT 125

/* Formatted at arm time: the handler may only write(2) and _exit. */
static char fire_msg[512];
static size_t fire_len;

static void fire(int sig)
{
	(void)sig;
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
		     "%s: building the filter took more than %u s; libseccomp 2.5.4 can loop for ever on some rules with != or range comparisons of 64-bit arguments, so the program was not run (SECCAP_COMPILE_TIMEOUT sets the limit)\n",
		     who, secs);
	fire_len = n < 0 ? 0 : (size_t)n >= sizeof(fire_msg) ? sizeof(fire_msg) - 1 : (size_t)n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fire;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	if (clock_gettime(CLOCK_MONOTONIC, &w->start) < 0 ||
	    sigaction(SIGALRM, &sa, &w->old_act) < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot set the compile time limit: %s",
			      strerror(errno));
	if (sigprocmask(SIG_UNBLOCK, &alrm, &w->old_mask) < 0 ||
	    setitimer(ITIMER_REAL, &limit, &w->old_timer) < 0) {
		int e = errno;

		sigaction(SIGALRM, &w->old_act, NULL);
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
}
