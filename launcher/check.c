/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccap check: read each profile and judge it without loading anything.
 * Every diagnostic goes to stderr in GNU form; all files are checked even
 * after one fails, so one run shows every problem.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "model.h"
#include "pipeline.h"
#include "util.h"
#include "validate.h"
#include "watchdog.h"

static const char check_help[] =
	"Usage: seccap check [OPTION]... FILE...\n"
	"Validate seccomp profiles without loading them.  Each FILE is a Docker\n"
	"JSON or an INI profile (told apart by content); '-' is standard input.\n"
	"A valid profile is also compiled as apply would compile it here (this\n"
	"process's permitted set, this machine's arch) and the program checked\n"
	"against it as 'seccap show --verify' does.\n"
	"\n"
	"  -s, --strict   treat warnings as errors (an unknown syscall in an\n"
	"                 allow rule, an unknown JSON key, ...)\n"
	"  -q, --quiet    do not print warnings that do not change the exit status\n"
	"  -h, --help     show this help and exit\n"
	"      --version  show the version and exit\n"
	"\n"
	"Nothing is printed for a valid profile.  Each problem is printed on\n"
	"standard error as FILE:LINE:COL: error: MESSAGE (or warning:).\n"
	"\n"
	"Exit status: 0 every profile is valid, 1 a profile is invalid or cannot\n"
	"be read (or has a warning, with --strict), 2 usage error.\n";

static bool blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' &&
		    buf[i] != '\n')
			return false;
	return true;
}

/*
 * What apply would load here, with the self-check of show --verify: the
 * profile resolved for this process's permitted set and compiled for this
 * machine.  Warnings of the compile are the validator's again; only its
 * errors count.  Returns true when it passes.
 */
static bool verify_native(const struct sc_profile *p, const char *name,
			  struct app_diag *ds)
{
	struct app_diag cds = { .quiet_warnings = true };
	struct sc_diag d = app_diag_sink(&cds);
	struct sc_target t = { 0 };
	struct sc_compile_opts o = { 0 };
	struct sc_error err = { 0 };
	struct sc_watchdog wd;
	int r;

	r = sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &err);
	if (r == 0 && app_watchdog_arm(&wd, name) < 0)
		return false;
	if (r == 0) {
		r = sc_pipeline_build_verified(p, &t, &o, &d, NULL, NULL, &err);
		sc_watchdog_disarm(&wd);
	}
	if (r < 0)
		app_diag_failure(&cds, &err, r, name, "cannot compile");
	ds->errors += cds.errors;
	return r == 0;
}

/* Returns true when the file passes. */
static bool check_one(const char *path, bool strict, struct app_diag *ds)
{
	struct sc_diag d = app_diag_sink(ds);
	struct sc_profile *p = NULL;
	struct sc_error err;
	unsigned errors = ds->errors, warnings = ds->warnings;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	enum sc_format fmt = SC_FMT_AUTO;
	char *buf = NULL;
	size_t len = 0;
	int r;

	/*
	 * Not sc_profile_load: the validator names keys the way the file's
	 * own format spells them, so it needs the format the content has,
	 * not one guessed from a name (stdin, an INI called .conf).
	 */
	sc_error_clear(&err);
	r = sc_read_file(path, &buf, &len, &err);
	if (r >= 0) {
		fmt = sc_format_detect(buf, len);
		r = sc_profile_parse(name, buf, len, fmt, &p, &d, &err);
		/* Nothing to tell the format by: let the validator go by name. */
		if (blank(buf, len))
			fmt = SC_FMT_AUTO;
		free(buf);
	}
	if (r < 0) {
		app_diag_failure(ds, &err, r, name, "cannot read profile");
		return false;
	}
	sc_error_clear(&err);
	r = sc_profile_validate_fmt(p, fmt, &d, &err);
	/*
	 * The validator sends every problem to the sink; a failure that never
	 * went there (out of memory) must still be told, or the exit status
	 * would be the only trace.
	 */
	if (r < 0 && ds->errors == errors)
		app_diag_failure(ds, &err, r, name, "validation failed");
	if (r == 0 && ds->errors == errors)
		r = verify_native(p, name, ds) ? 0 : -EPROTO;
	sc_profile_free(p);
	if (r < 0 || ds->errors != errors)
		return false;
	return !(strict && ds->warnings != warnings);
}

int check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	struct app_diag ds = { 0 };
	bool strict = false, quiet = false, ok = true;
	int c;

	while ((c = getopt_long(argc, argv, "sqh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			strict = true;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			return app_common_option(c, check_help);
		}
	}
	if (optind >= argc)
		return app_usage("no profile given");
	/* With --strict a warning decides the outcome, so it is shown. */
	ds.quiet_warnings = quiet && !strict;

	for (int i = optind; i < argc; i++)
		if (!check_one(argv[i], strict, &ds))
			ok = false;
	return ok ? APP_EXIT_OK : APP_EXIT_FAIL;
}
