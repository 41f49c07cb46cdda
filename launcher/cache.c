/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap cache add`: fill the system filter cache, root's, which every
 * user's preload and `seccap apply` read but only root can write (the trust
 * rule is conf/cache.h's; this is a thin caller of conf/pipeline.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "pipeline.h"
#include "resolve.h"
#include "util.h"

#define MAX_CAPS 32

static const char cache_help[] =
	"Usage: seccap cache add [OPTION]... PROFILE...\n"
	"\n"
	"Compile each PROFILE (a Docker JSON or seccap INI file, or 'default':\n"
	"the embedded Docker default) for this machine and kernel and store the\n"
	"program in the system filter cache, " SC_SYSTEM_CACHE_DIR "\n"
	"($SECCAP_SYSTEM_CACHE when set to an absolute path), where\n"
	"libcapfilter.so and seccap apply of every user find it.  Root only:\n"
	"a user's own cache is not used for the default profile or for root's\n"
	"profiles, since a confined program could rewrite it.\n"
	"\n"
	"Options:\n"
	"  -c, --caps SPEC   the capability set the program is for, as seccap show\n"
	"                    --caps takes it (default: none, the permitted set of\n"
	"                    an ordinary user's process); give it again for more\n"
	"                    sets\n"
	"  -l, --log         the complain-mode program (SECCAP_LOG=1, apply --log)\n"
	"  -h, --help        show this help and exit\n"
	"      --version     show the version and exit\n"
	"\n"
	"Prints one line per entry: PROFILE, the capability set and the entry.\n"
	"Entries are keyed by the profile's bytes, the capabilities, arch, kernel\n"
	"release and the seccap build: run it again after an upgrade of either.\n"
	"\n"
	"Exit status: 0 every entry written, 1 a profile is invalid or an entry\n"
	"cannot be written (or not root), 2 usage error.\n";

int cache_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "log", no_argument, NULL, 'l' },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	struct sc_compile_opts o = { .tsync = true }; /* as the preload, apply */
	const char *specs[MAX_CAPS];
	struct sc_capset sets[MAX_CAPS];
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_error err = { 0 };
	int nspecs = 0, c, rc = APP_EXIT_OK;

	while ((c = getopt_long(argc, argv, "c:lh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			if (nspecs == MAX_CAPS)
				return app_usage("at most %d --caps", MAX_CAPS);
			if (sc_capset_parse(optarg, &sets[nspecs], &err) < 0)
				return app_usage("%s", err.msg);
			specs[nspecs++] = optarg;
			break;
		case 'l':
			o.log_mode = true;
			break;
		default:
			return app_common_option(c, cache_help);
		}
	}
	if (optind >= argc)
		return app_usage("no command given; use 'seccap cache add PROFILE'");
	if (strcmp(argv[optind], "add") != 0)
		return app_usage("unknown command '%s'; use 'seccap cache add "
				 "PROFILE'", argv[optind]);
	if (++optind >= argc)
		return app_usage("no profile given");
	if (nspecs == 0) {
		specs[0] = "none";
		sets[0].bits = 0;
		nspecs = 1;
	}
	for (int i = optind; i < argc; i++) {
		for (int k = 0; k < nspecs; k++) {
			struct sc_target t = { .caps = sets[k] };
			char entry[65];

			sc_error_clear(&err);
			if (sc_pipeline_cache_add(argv[i], &t, &o, &d, entry,
						  &err) < 0) {
				app_diag_print(&ds, SC_SEV_ERROR, &err);
				/* Not root: no use trying the others. */
				if (err.code == EPERM)
					return APP_EXIT_FAIL;
				rc = APP_EXIT_FAIL;
				break;
			}
			printf("%s\tcaps %s\t%s/%s\n", argv[i], specs[k],
			       sc_cache_system_dir(), entry);
		}
	}
	return rc;
}
