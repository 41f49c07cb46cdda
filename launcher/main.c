/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Dispatch only: find the applet from the name the binary was run under
 * (busybox style) or from argv[1], and the few options of seccap itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applets.h"
#include "names.h"
#include "util.h"

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;
};

static const struct applet applets[] = {
#define SECCAP_APPLET_ENTRY(name, fn, summary) { #name, fn, summary },
	SECCAP_APPLETS(SECCAP_APPLET_ENTRY)
#undef SECCAP_APPLET_ENTRY
};
#define NAPPLETS (sizeof(applets) / sizeof(applets[0]))

/* Symlinks are named LINK_PREFIX + applet; the bare name works as well. */
#define PROG "seccap"
#define LINK_PREFIX PROG "-"

static const char main_help[] =
	"Usage: seccap APPLET [ARG]...\n"
	"   or: seccap-APPLET [ARG]...   (or APPLET, through a symlink)\n"
	"   or: seccap --list | --install DIR | --help | --version\n"
	"\n"
	"Confine unmodified programs with Docker-format seccomp profiles.\n"
	"\n"
	"Options:\n"
	"      --list         list the applets with a summary each\n"
	"      --install DIR  create a symlink seccap-APPLET in DIR for every applet\n"
	"  -h, --help         show this help and exit\n"
	"      --version      show the version and exit\n"
	"\n"
	"Applets:\n";

static const struct applet *find_applet(const char *name)
{
	for (size_t i = 0; i < NAPPLETS; i++)
		if (strcmp(applets[i].name, name) == 0)
			return &applets[i];
	return NULL;
}

static void list_applets(FILE *f, const char *indent)
{
	size_t w = 0;

	for (size_t i = 0; i < NAPPLETS; i++)
		if (strlen(applets[i].name) > w)
			w = strlen(applets[i].name);
	for (size_t i = 0; i < NAPPLETS; i++)
		fprintf(f, "%s%-*s  %s\n", indent, (int)w, applets[i].name,
			applets[i].summary);
}

static int run_applet(const struct applet *a, int argc, char **argv)
{
	static char prog[64];

	/*
	 * Whatever name we were run under, the applet (and getopt's messages)
	 * call itself "seccap NAME".  Only the argv slot changes; the name the
	 * user typed is never resolved or rewritten anywhere else.
	 */
	snprintf(prog, sizeof(prog), PROG " %s", a->name);
	argv[0] = prog;
	app_name = a->name;
	return app_exit(a->main(argc, argv));
}

static int unknown_applet(const char *name)
{
	const char *vocab[NAPPLETS + 1];
	const char *hint;

	for (size_t i = 0; i < NAPPLETS; i++)
		vocab[i] = applets[i].name;
	vocab[NAPPLETS] = NULL;
	hint = sc_suggest(name, vocab);
	app_err("unknown applet '%s'; %s%s%s", name,
		hint ? "did you mean '" : "see 'seccap --list'",
		hint ? hint : "", hint ? "'?" : "");
	return APP_EXIT_UNKNOWN;
}

/* Where the links point: our own binary, relative if it lives in dir. */
static int own_binary(const char *argv0, char *path, size_t n, struct stat *st,
		      struct sc_error *err)
{
	ssize_t len = readlink("/proc/self/exe", path, n - 1);

	if (len >= 0) {
		path[len] = '\0';
	} else if (argv0 && argv0[0] == '/' && strlen(argv0) < n) {
		/* No /proc (a chroot): an absolute argv[0] is as good. */
		strcpy(path, argv0);
	} else {
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot find the seccap binary through "
			      "'/proc/self/exe' (is /proc mounted?): %s",
			      strerror(errno));
	}
	if (stat(path, st) < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot find the seccap binary at '%s': %s", path,
			      strerror(errno));
	return 0;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static int install_links(const char *dir, const char *argv0)
{
	char exe[PATH_MAX], exedir[PATH_MAX];
	const char *target = exe, *sep = "/", *slash;
	struct stat exe_st, dir_st, st;
	struct sc_error err = { 0 };
	int dfd, rc = APP_EXIT_OK;

	if (own_binary(argv0, exe, sizeof(exe), &exe_st, &err) < 0)
		goto fail;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		sc_err(&err, errno, NULL, 0, 0, "cannot open directory '%s': %s",
		       dir, strerror(errno));
		goto fail;
	}
	if (fstat(dfd, &dir_st) < 0) {
		sc_err(&err, errno, NULL, 0, 0, "cannot stat directory '%s': %s",
		       dir, strerror(errno));
		close(dfd);
		goto fail;
	}
	/* A link beside the binary stays valid when the tree is moved. */
	slash = strrchr(exe, '/');
	if (slash) {
		snprintf(exedir, sizeof(exedir), "%.*s",
			 (int)(slash - exe) ? (int)(slash - exe) : 1, exe);
		if (stat(exedir, &st) == 0 && same_file(&st, &dir_st))
			target = slash + 1;
	}
	if (dir[0] && dir[strlen(dir) - 1] == '/')
		sep = "";

	for (size_t i = 0; i < NAPPLETS; i++) {
		char name[128];

		snprintf(name, sizeof(name), LINK_PREFIX "%s", applets[i].name);
		if (symlinkat(target, dfd, name) == 0)
			continue;
		/*
		 * Any name that already reaches this very binary is fine
		 * (relative or absolute link, hard link).  Anything else is a
		 * stale or foreign file: say so instead of keeping it quietly,
		 * or an upgrade would leave an old applet behind.
		 */
		if (errno != EEXIST)
			sc_err(&err, errno, NULL, 0, 0, "cannot create '%s%s%s': %s",
			       dir, sep, name, strerror(errno));
		else if (fstatat(dfd, name, &st, 0) == 0 &&
			 same_file(&st, &exe_st))
			continue;
		else
			sc_err(&err, EEXIST, NULL, 0, 0,
			       "'%s%s%s' already exists and is not a link to "
			       "'%s'; remove it and run --install again",
			       dir, sep, name, exe);
		/* Every link is tried: each failure is told, then the next. */
		app_error(&err);
		rc = APP_EXIT_FAIL;
	}
	close(dfd);
	return rc;
fail:
	app_error(&err);
	return APP_EXIT_FAIL;
}

/* `seccap ARGS`: seccap's own options, or the applet named in argv[1]. */
static int multicall(int argc, char **argv)
{
	const char *arg = argc > 1 ? argv[1] : NULL;
	const struct applet *a;

	if (!arg || strcmp(arg, "--list") == 0) {
		if (argc > 2)
			return app_usage("unexpected argument '%s'", argv[2]);
		list_applets(stdout, "");
		return app_exit(APP_EXIT_OK);
	}
	if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
		fputs(main_help, stdout);
		list_applets(stdout, "  ");
		fputs("\nRun 'seccap APPLET --help' for an applet's options; "
		      "see seccap(1).\n", stdout);
		return app_exit(APP_EXIT_OK);
	}
	if (strcmp(arg, "--version") == 0) {
		if (argc > 2)
			return app_usage("unexpected argument '%s'", argv[2]);
		return app_exit(app_version());
	}
	if (strcmp(arg, "--install") == 0 ||
	    strncmp(arg, "--install=", 10) == 0) {
		const char *dir = arg[9] == '=' ? arg + 10 : argv[2];
		int next = arg[9] == '=' ? 2 : 3;

		if (!dir || !*dir)
			return app_usage("option '--install' requires a "
					 "directory");
		if (argc > next)
			return app_usage("unexpected argument '%s'",
					 argv[next]);
		return app_exit(install_links(dir, argv[0]));
	}
	if (arg[0] == '-' && arg[1] != '\0')
		return app_usage("unrecognized option '%s'", arg);
	a = find_applet(arg);
	if (!a)
		return unknown_applet(arg);
	return run_applet(a, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	static char *fallback[] = { PROG, NULL };
	const struct applet *a;
	const char *base;

	/* execve may pass no argv at all; behave as plain "seccap". */
	if (argc < 1 || !argv[0]) {
		argc = 1;
		argv = fallback;
	}
	base = strrchr(argv[0], '/');
	base = base ? base + 1 : argv[0];

	a = find_applet(base);
	if (!a && strncmp(base, LINK_PREFIX, strlen(LINK_PREFIX)) == 0)
		a = find_applet(base + strlen(LINK_PREFIX));
	if (a)
		return run_applet(a, argc, argv);
	/*
	 * "seccap" and "seccap" plus a suffix that is no applet
	 * (seccap-x86_64, seccap.debug) are the multicall binary itself.
	 */
	if (strncmp(base, PROG, strlen(PROG)) == 0)
		return multicall(argc, argv);
	return unknown_applet(base);
}
