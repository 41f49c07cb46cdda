/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The LD_PRELOAD constructor of libcapfilter.so.
 *
 * Runs before the program's main (and before the constructors of the
 * program itself, after those of the libraries it links).  Asked through
 * SECCAP_PROFILE, it loads, validates, resolves and compiles the profile
 * and loads the filter for every thread; any failure ends the process with
 * one line on fd 2 and status 125, so the program never runs unconfined.
 *
 * Rules of this file: no stdio (the program owns its streams and may still
 * call setvbuf), no exit() (the program's atexit handlers must not run), no
 * threads, nothing exported, and no work at all when SECCAP_PROFILE is unset.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "pipeline.h"
#include "resolve.h"
#include "watchdog.h"

/* The status of a process the preload refused to run. */
#define CAPF_EXIT_FAILURE 125
#define LINE_MAX_BYTES (SC_FILE_MAX + SC_MSG_MAX + 64)
#define OUR_NAME "libcapfilter.so"

extern char **environ;

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

/* "libcapfilter: FILE:LINE: [warning: ]message\n" as one write. */
static void say(const struct sc_error *e, const char *severity)
{
	char line[LINE_MAX_BYTES];
	struct sc_error where = *e;
	size_t n, len;

	/* The contract is FILE:LINE; a column would not help at this point. */
	where.col = 0;
	n = (size_t)snprintf(line, sizeof(line), "libcapfilter: ");
	sc_error_format(&where, severity, line + n, sizeof(line) - n);
	len = strlen(line);
	for (size_t i = 0; i < len; i++)
		if (line[i] == '\n')
			line[i] = ' ';
	if (len >= sizeof(line) - 1)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	write_all(STDERR_FILENO, line, len);
}

static __attribute__((noreturn)) void fail(struct sc_error *e,
					   const char *file)
{
	if (!e->file[0] && file)
		snprintf(e->file, sizeof(e->file), "%s", file);
	if (!e->msg[0])
		snprintf(e->msg, sizeof(e->msg), "cannot confine the process");
	say(e, NULL);
	_exit(CAPF_EXIT_FAILURE);
}

static void print_warning(void *ud, enum sc_severity sev,
			  const struct sc_error *e)
{
	(void)ud;
	say(e, sev == SC_SEV_WARNING ? "warning" : "error");
}

/* A switch variable: unset, "" and "0" are off, "1" is on. */
static int env_switch(const char *name, bool *ret, struct sc_error *e)
{
	const char *v = secure_getenv(name);

	if (!v || !*v || strcmp(v, "0") == 0) {
		*ret = false;
		return 0;
	}
	if (strcmp(v, "1") == 0) {
		*ret = true;
		return 0;
	}
	return sc_err(e, EINVAL, name, 0, 0,
		      "invalid value '%.64s'; use 1 to turn it on or 0 for off",
		      v);
}

/* True if the LD_PRELOAD entry p[0..n) names this library. */
static bool is_ours(const char *p, size_t n)
{
	size_t base = n;

	while (base > 0 && p[base - 1] != '/')
		base--;
	return n - base >= strlen(OUR_NAME) &&
	       strncmp(p + base, OUR_NAME, strlen(OUR_NAME)) == 0;
}

/*
 * Drop our entries from an LD_PRELOAD value, in place (the result is never
 * longer), keeping the others in order, ':'-separated as ld.so accepts.
 */
static void strip_preload_list(char *v)
{
	char *r = v, *w = v;

	while (*r) {
		size_t n;

		while (*r == ' ' || *r == ':')
			r++;
		n = strcspn(r, " :");
		if (n && !is_ours(r, n)) {
			if (w != v)
				*w++ = ':';
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
}

/*
 * The filter is in the kernel now and every child inherits it; a child that
 * loaded the library again would only stack a second copy (and the kernel
 * caps the total), and our variables would tell the program its policy.
 * Edit environ in place: no allocation, and main's envp is the same array.
 */
static void scrub_environment(void)
{
	static const char ld_preload[] = "LD_PRELOAD=";
	char **r, **w;

	if (!environ)
		return;
	for (r = w = environ; *r; r++) {
		if (strncmp(*r, "SECCAP_", 7) == 0)
			continue;
		if (strncmp(*r, ld_preload, sizeof(ld_preload) - 1) == 0) {
			strip_preload_list(*r + sizeof(ld_preload) - 1);
			if (!(*r)[sizeof(ld_preload) - 1])
				continue;
		}
		*w++ = *r;
	}
	*w = NULL;
}

/*
 * Only a regular file (or "default"): a pipe, FIFO or terminal behind a name
 * such as /dev/stdin is a stream the program may own, which the preload must
 * neither consume nor take a policy from, and reading one could block the
 * start for ever; a device or directory is no profile.  stat follows links,
 * so a link to a profile is fine.  Whoever could swap the name for a FIFO
 * after this check could as well rewrite the profile: the check is about
 * mistakes, and the read then fails or blocks, never loosens the filter.
 * A name that cannot be stat'ed is left to the read, whose message says why.
 */
static void refuse_unless_regular(const char *path)
{
	struct sc_error e = { 0 };
	struct stat st;

	if (stat(path, &st) < 0 || S_ISREG(st.st_mode))
		return;
	sc_err(&e, EINVAL, path, 0, 0,
	       "not a regular file (%s): the preload reads a profile or "
	       "compiled file, never a pipe, device or directory; name the "
	       "file itself or 'default'",
	       S_ISDIR(st.st_mode)  ? "a directory" :
	       S_ISFIFO(st.st_mode) ? "a pipe or FIFO" :
	       S_ISCHR(st.st_mode)  ? "a character device" :
	       S_ISBLK(st.st_mode)  ? "a block device" :
	       S_ISSOCK(st.st_mode) ? "a socket" : "a special file");
	fail(&e, NULL);
}

static void confine(const char *path)
{
	struct sc_error e = { 0 };
	struct sc_target t = { 0 };
	struct sc_compile_opts o = { 0 };
	struct sc_diag d = { 0 };
	struct sc_bpf *b = NULL;
	struct sc_pipeline_job job;
	struct sc_watchdog wd;
	char who[SC_FILE_MAX + 16];
	const char *caps;
	bool verbose, log_mode;
	unsigned limit;
	int r;

	if (env_switch("SECCAP_VERBOSE", &verbose, &e) < 0 ||
	    env_switch("SECCAP_LOG", &log_mode, &e) < 0)
		fail(&e, NULL);
	if (!*path) {
		sc_err(&e, EINVAL, "SECCAP_PROFILE", 0, 0,
		       "empty; set it to a profile file or to 'default'");
		fail(&e, NULL);
	}
	/*
	 * "-" is standard input to the applets; here that is the program's
	 * own input, which the preload must neither read nor take a policy from.
	 */
	if (strcmp(path, "-") == 0) {
		sc_err(&e, EINVAL, "SECCAP_PROFILE", 0, 0,
		       "'-' (standard input) cannot be used here: that is the "
		       "program's own input; name a profile file or 'default'");
		fail(&e, NULL);
	}
	if (strcmp(path, SC_DEFAULT_PROFILE_NAME) != 0)
		refuse_unless_regular(path);
	if (verbose)
		d.fn = print_warning;

	/*
	 * The permitted set by default: what this process could ever raise.
	 * The bounding set of an ordinary host process is full and would keep
	 * every capability-gated rule.
	 */
	caps = secure_getenv("SECCAP_CAPS");
	if (caps) {
		if (sc_capset_parse(caps, &t.caps, &e) < 0)
			fail(&e, "SECCAP_CAPS");
		t.caps_asked = true;
	} else if (sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &e) < 0) {
		fail(&e, NULL);
	}

	o.log_mode = log_mode;
	/* Library constructors that ran before ours may have started threads. */
	o.tsync = true;
	/*
	 * A compiled file is loaded as it is; a profile comes from the cache
	 * when an entry for exactly this profile, capability set, arch, kernel
	 * and seccap passes every check, and is compiled (and cached) otherwise.
	 * SECCAP_VERBOSE compiles afresh: it promises every warning.
	 */
	if (sc_watchdog_seconds(secure_getenv("SECCAP_COMPILE_TIMEOUT"), &limit,
				&e) < 0)
		fail(&e, NULL);
	r = sc_pipeline_bpf_start(path, &t, &o, verbose, &d, &job, &b, NULL,
				  &e);
	if (r < 0)
		fail(&e, path);
	/* The time limit is the compile's: a warm start pays no timer. */
	if (r == 0) {
		snprintf(who, sizeof(who), "libcapfilter: %s", path);
		if (sc_watchdog_arm(&wd, who, limit, &e) < 0) {
			sc_pipeline_job_free(&job);
			fail(&e, NULL);
		}
		r = sc_pipeline_bpf_finish(&job, &t, &o, &d, &b, NULL, &e);
		sc_watchdog_disarm(&wd);
		if (r < 0)
			fail(&e, path);
	}

	/*
	 * no_new_privs only when the kernel requires it (no CAP_SYS_ADMIN).
	 * No agent: a constructor must not block on a socket.
	 */
	r = capf_load(b, true, NULL, NULL, &e);
	sc_bpf_free(b);
	if (r < 0)
		fail(&e, path);

	scrub_environment();
}

__attribute__((constructor)) static void capfilter_init(void)
{
	/* NULL in a secure-exec (setuid, file capabilities) process. */
	const char *path = secure_getenv("SECCAP_PROFILE");

	if (path)
		confine(path);
}
