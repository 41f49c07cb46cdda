/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccap import: convert profiles between Docker JSON and INI (or normalise
 * one format).  Syntax errors are refused; a profile that merely fails
 * validation converts, so it can be fixed in the other format.  Nothing is
 * written unless every input converted, and -o replaces its file atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "io.h"
#include "model.h"
#include "util.h"

static const char import_help[] =
	"Usage: seccap import [OPTION]... FILE...\n"
	"Convert seccomp profiles between Docker JSON and INI.  The input format\n"
	"is told by content; '-' is standard input.  The same input always gives\n"
	"the same bytes, with rule order and comments kept.\n"
	"\n"
	"  -t, --to=FORMAT    output format: 'ini' (default) or 'json'; the same\n"
	"                     format as the input normalises it\n"
	"  -o, --output=OUT   write to OUT instead of standard output (one FILE\n"
	"                     only); OUT is replaced atomically, never half written\n"
	"  -h, --help         show this help and exit\n"
	"      --version      show the version and exit\n"
	"\n"
	"Several FILEs are converted to standard output one after the other.\n"
	"A syntax error refuses the file and nothing is written; import does not\n"
	"validate, run 'seccap check' for that.\n"
	"\n"
	"Exit status: 0 converted, 1 a file could not be read or converted,\n"
	"2 usage error.\n";

/* Parse FILE and append it in format to out; false (message printed) on error. */
static bool convert_one(const char *path, enum sc_format to, struct sc_buf *out,
			struct app_diag *ds)
{
	struct sc_diag d = app_diag_sink(ds);
	struct sc_profile *p = NULL;
	struct sc_error err;
	int r;

	sc_error_clear(&err);
	r = sc_profile_load(path, SC_FMT_AUTO, &p, &d, &err);
	if (r >= 0)
		r = to == SC_FMT_JSON ? sc_json_write(p, out, &err)
				      : sc_ini_write(p, out, &err);
	sc_profile_free(p);
	if (r >= 0 && out->oom)
		r = sc_err(&err, ENOMEM, NULL, 0, 0, "out of memory");
	if (r < 0) {
		app_diag_failure(ds, &err, r, path, "cannot convert");
		return false;
	}
	return true;
}

static int parse_format(const char *s, enum sc_format *ret)
{
	if (strcmp(s, "ini") == 0)
		*ret = SC_FMT_INI;
	else if (strcmp(s, "json") == 0)
		*ret = SC_FMT_JSON;
	else
		return -EINVAL;
	return 0;
}

int import_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	enum sc_format to = SC_FMT_INI;
	const char *output = NULL;
	struct app_diag ds = { 0 };
	struct sc_buf out = { 0 };
	bool ok = true;
	int c;

	while ((c = getopt_long(argc, argv, "t:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_format(optarg, &to) < 0)
				return app_usage("unknown format '%s' for "
						 "--to; use 'ini' or 'json'",
						 optarg);
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return app_common_option(c, import_help);
		}
	}
	if (optind >= argc)
		return app_usage("no profile given");
	if (output && argc - optind > 1)
		return app_usage("--output takes one input file, not %d",
				 argc - optind);
	if (output && !*output)
		return app_usage("empty file name for --output");

	/* Convert everything first: a bad file must not leave half an output. */
	for (int i = optind; i < argc; i++)
		if (!convert_one(argv[i], to, &out, &ds))
			ok = false;
	if (ok && output && strcmp(output, "-") != 0)
		ok = app_write_atomic(output, out.p ? out.p : "", out.len);
	else if (ok && out.len)
		fwrite(out.p, 1, out.len, stdout);
	sc_buf_free(&out);
	return ok ? APP_EXIT_OK : APP_EXIT_FAIL;
}
