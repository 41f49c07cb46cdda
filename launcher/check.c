/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccap check: read each profile and judge it without loading anything.
 * Every diagnostic goes to stderr in GNU form; all files are checked even
 * after one fails, so one run shows every problem.  A profile that passes
 * validation is also resolved and compiled through conf/pipeline.c for the
 * target arch and kernel, under every capability set that can bring two of
 * its groups together (sc_resolve_cap_sets), so that "check passes" means
 * apply, show and the preload will build its filter.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "io.h"
#include "model.h"
#include "names.h"
#include "pipeline.h"
#include "resolve.h"
#include "util.h"
#include "validate.h"
#include "watchdog.h"

static const char check_help[] =
	"Usage: seccap check [OPTION]... FILE...\n"
	"Validate seccomp profiles without loading them.  Each FILE is a Docker\n"
	"JSON or an INI profile (told apart by content); '-' is standard input.\n"
	"\n"
	"  -s, --strict      treat warnings as errors (an unknown syscall in an\n"
	"                    allow rule, an unknown JSON key, ...)\n"
	"  -q, --quiet       do not print warnings that do not change the exit\n"
	"                    status\n"
	"  -a, --arch ARCH   compile for this architecture (as seccap show\n"
	"                    --arch; default: this machine's)\n"
	"  -k, --kernel X.Y  kernel version for minKernel (default: uname)\n"
	"  -c, --caps SPEC   compile for this capability set only (as seccap show\n"
	"                    --caps); default: every set that can bring two of\n"
	"                    the profile's groups together\n"
	"  -h, --help        show this help and exit\n"
	"      --version     show the version and exit\n"
	"\n"
	"A profile that validates is also resolved and compiled, as apply, show\n"
	"and the preload do, so what they would refuse fails here too; each\n"
	"program is checked against the profile as 'seccap show --verify' does.\n"
	"A compiled filter (seccap show --format compiled) is judged as apply\n"
	"loads it: intact, for this arch, and for --caps when given.\n"
	"Nothing is printed for a valid profile.  Each problem is printed on\n"
	"standard error as FILE:LINE:COL: error: MESSAGE (or warning:).\n"
	"\n"
	"Exit status: 0 every profile is valid, 1 a profile is invalid or cannot\n"
	"be read (or has a warning, with --strict), 2 usage error, 125 building\n"
	"a filter took longer than SECCAP_COMPILE_TIMEOUT.\n";

static bool blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' &&
		    buf[i] != '\n')
			return false;
	return true;
}

struct check {
	bool strict;
	struct sc_target target;    /* arch set; caps unused unless caps_spec */
	const char *caps_spec;      /* NULL: every set sc_resolve_cap_sets gives */
};

/*
 * Resolve and compile p as apply would, under each capability set; the
 * first failure is printed as apply prints it, and a note says for which
 * set when that is not the only one tried.
 */
static bool builds(const struct check *ck, const struct sc_profile *p,
		   const char *name, struct app_diag *ds)
{
	struct sc_diag d = app_diag_sink(ds);
	struct sc_compile_opts o = { .arch = ck->target.arch, .tsync = true };
	struct sc_target t = ck->target;
	struct sc_error err = { 0 };
	uint64_t *sets = NULL, one = t.caps.bits;
	size_t nsets = 1;
	bool ok = true;

	if (!ck->caps_spec && sc_resolve_cap_sets(p, &sets, &nsets, &err) < 0) {
		app_diag_print(ds, SC_SEV_ERROR, &err);
		return false;
	}
	for (size_t i = 0; i < nsets && ok; i++) {
		struct sc_watchdog wd;
		char caps[256];
		int r;

		t.caps.bits = sets ? sets[i] : one;
		if (app_watchdog_arm(&wd, name) < 0) {
			ok = false;
			break;
		}
		sc_error_clear(&err);
		/* Warnings are the same under every set: tell them once. */
		r = sc_pipeline_build_verified(p, &t, &o, i == 0 ? &d : NULL,
					       NULL, NULL, &err);
		sc_watchdog_disarm(&wd);
		if (r >= 0)
			continue;
		app_diag_failure(ds, &err, r, name, "cannot build the filter");
		if (sets && t.caps.bits)
			app_err("%s: this fails when the capability set is %s "
				"(--caps chooses the set to check)", name,
				sc_capset_describe(&t.caps, caps, sizeof(caps)));
		ok = false;
	}
	free(sets);
	return ok;
}

/*
 * A compiled file is loaded as it is: judge it as apply and the preload
 * would (header, digest, arch, and the capability set with --caps).
 */
static bool compiled_loads(const struct check *ck, const char *name,
			   const char *buf, size_t len, struct app_diag *ds)
{
	struct sc_pipeline_src src = {
		.name = name, .bytes = buf, .len = len, .compiled = true,
	};
	struct sc_error err = { 0 };
	struct sc_bpf *b = NULL;
	int r;

	r = sc_pipeline_compiled(&src, ck->target.arch,
				 ck->caps_spec ? &ck->target.caps : NULL, false,
				 NULL, &b, &err);
	sc_bpf_free(b);
	if (r < 0) {
		app_diag_failure(ds, &err, r, name, "cannot read the compiled filter");
		return false;
	}
	return true;
}

/* Returns true when the file passes. */
static bool check_one(const struct check *ck, const char *path,
		      struct app_diag *ds)
{
	struct sc_diag d = app_diag_sink(ds);
	struct sc_profile *p = NULL;
	struct sc_error err;
	unsigned errors = ds->errors, warnings = ds->warnings;
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	enum sc_format fmt = SC_FMT_AUTO;
	char *buf = NULL;
	size_t len = 0;
	bool ok;
	int r;

	/*
	 * Not sc_profile_load: the validator names keys the way the file's
	 * own format spells them, so it needs the format the content has,
	 * not one guessed from a name (stdin, an INI called .conf).
	 */
	sc_error_clear(&err);
	r = sc_read_file(path, &buf, &len, &err);
	if (r >= 0 && sc_compiled_is(buf, len)) {
		ok = compiled_loads(ck, name, buf, len, ds);
		free(buf);
		return ok;
	}
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
	ok = r >= 0 && ds->errors == errors;
	/* Only a valid profile reaches the pipeline, as in apply. */
	if (ok)
		ok = builds(ck, p, name, ds);
	sc_profile_free(p);
	if (!ok)
		return false;
	return !(ck->strict && ds->warnings != warnings);
}

int check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "caps", required_argument, NULL, 'c' },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	struct app_diag ds = { 0 };
	struct check ck = { 0 };
	struct sc_error err = { 0 };
	bool quiet = false, ok = true;
	int c, r;

	while ((c = getopt_long(argc, argv, "sqa:k:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			ck.strict = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'a':
			r = app_parse_arch(optarg, &ck.target.arch);
			if (r)
				return r;
			break;
		case 'k':
			if (sc_kernel_parse_release(optarg,
						    &ck.target.kernel_major,
						    &ck.target.kernel_minor) < 0)
				return app_usage("invalid kernel version '%s' for "
						 "--kernel; expected X.Y such as "
						 "6.1", optarg);
			ck.target.kernel_set = true;
			break;
		case 'c':
			ck.caps_spec = optarg;
			break;
		default:
			return app_common_option(c, check_help);
		}
	}
	if (optind >= argc)
		return app_usage("no profile given");
	if (ck.caps_spec) {
		if (sc_capset_parse(ck.caps_spec, &ck.target.caps, &err) < 0)
			return app_usage("%s", err.msg);
		ck.target.caps_asked = true;
	}
	if (!ck.target.arch)
		ck.target.arch = sc_arch_native();
	/* With --strict a warning decides the outcome, so it is shown. */
	ds.quiet_warnings = quiet && !ck.strict;

	for (int i = optind; i < argc; i++)
		if (!check_one(&ck, argv[i], &ds))
			ok = false;
	return ok ? APP_EXIT_OK : APP_EXIT_FAIL;
}
