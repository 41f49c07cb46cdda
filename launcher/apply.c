/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap apply`: give this process the capability set asked for, resolve
 * the profile against the set it then has, load the filter for all threads
 * and exec the command -- the filter survives exec, so static binaries are
 * confined too.  Exit statuses follow `docker run` (and env, timeout,
 * chroot): 125 seccap failed, 126 the command cannot be run, 127 it was not
 * found, otherwise it is the command's own.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "caps_apply.h"
#include "command.h"
#include "compile.h"
#include "model.h"
#include "names.h"
#include "pipeline.h"
#include "policy.h"
#include "resolve.h"
#include "util.h"
#include "watchdog.h"

enum {
	OPT_NO_NEW_PRIVS = CMD_OPT_NEXT,
	OPT_NATIVE_ONLY,
};

static const char apply_help[] =
	"Usage: seccap apply [OPTION]... [PROFILE] -- COMMAND [ARG]...\n"
	"\n"
	"Run COMMAND confined by PROFILE (a Docker JSON or seccap INI file;\n"
	"without PROFILE, or 'default': the embedded Docker default profile).\n"
	"seccap sets the capabilities, resolves the profile's conditional rules\n"
	"against the capabilities the process then has, loads the filter for\n"
	"all threads and executes COMMAND (searched in PATH) in its place.\n"
	"\n"
	"Options:\n"
	"  -c, --caps SET       start from this capability set: comma-separated\n"
	"                       names (SYS_ADMIN, CAP_SYS_ADMIN, any case) and the\n"
	"                       words docker (Docker's 14 defaults), all, none,\n"
	"                       effective, permitted, bounding\n"
	"      --cap-add CAP    add CAP (or ALL: every capability available here)\n"
	"                       to the set, as docker run does\n"
	"      --cap-drop CAP   drop CAP (or ALL) from the set; repeatable\n"
	"  -l, --log            complain mode: what the profile denies is allowed\n"
	"                       and logged by the kernel (audit) instead\n"
	"  -n, --no-new-privs   set no_new_privs even when it is not required\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Capabilities: without --caps, --cap-add and --cap-drop the process keeps\n"
	"the capabilities it has and the profile is resolved against its\n"
	"permitted set.  With them the set starts from --caps (default: the\n"
	"permitted set) and becomes the bounding, permitted, effective,\n"
	"inheritable and ambient set, so COMMAND keeps it across exec as root in\n"
	"a container does, even when it does not run as root.  seccap can only\n"
	"give capabilities it has itself.\n"
	"\n"
	"no_new_privs is set whenever the process lacks CAP_SYS_ADMIN (the kernel\n"
	"requires it then): setuid programs such as sudo cannot gain privileges\n"
	"under seccap apply.\n"
	"\n"
	"Exit status: 125 seccap failed (bad command line or profile, cannot set\n"
	"the capabilities or load the filter), 126 COMMAND cannot be executed,\n"
	"127 COMMAND was not found, otherwise the status of COMMAND.\n";

struct apply {
	const char *profile_path;
	char **cmd;
	struct caps_opts caps;
	bool log_mode;
	bool force_nnp;
};

/* Returns -1 to go on, or the exit status. */
static int parse_args(struct apply *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		CMD_CAPS_OPTIONS,
		{ "log", no_argument, NULL, 'l' },
		{ "no-new-privs", no_argument, NULL, 'n' },
		{ "arch", required_argument, NULL, OPT_NATIVE_ONLY },
		{ "kernel", required_argument, NULL, OPT_NATIVE_ONLY },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	struct sc_error err = { 0 };
	int c, idx;

	/* "+": the options end at PROFILE or "--"; COMMAND's are its own. */
	while ((c = getopt_long(argc, argv, "+c:lnh", longopts, &idx)) != -1) {
		switch (c) {
		case 'c':
		case CMD_OPT_CAP_ADD:
		case CMD_OPT_CAP_DROP:
			if (cmd_caps_option(&a->caps, c, optarg, &err) < 0)
				return cmd_usage("%s", err.msg);
			break;
		case 'l':
			a->log_mode = true;
			break;
		case 'n':
			a->force_nnp = true;
			break;
		case OPT_NATIVE_ONLY:
			return cmd_usage("--%s is not an option of apply: it confines "
				     "this machine's own arch and kernel; 'seccap "
				     "show --%s' shows other targets",
				     longopts[idx].name, longopts[idx].name);
		case 'h':
			return app_help(apply_help);
		case APP_OPT_VERSION:
			return app_version();
		default:
			return cmd_usage(NULL);
		}
	}
	/* getopt took a "--" that ended the options: no PROFILE. */
	if (optind > 1 && strcmp(argv[optind - 1], "--") == 0) {
		a->cmd = argv + optind;
	} else if (optind < argc) {
		a->profile_path = argv[optind];
		if (optind + 1 >= argc || strcmp(argv[optind + 1], "--") != 0)
			return cmd_usage("missing '--' before the command; write "
				     "'seccap apply [PROFILE] -- COMMAND [ARG]...'");
		a->cmd = argv + optind + 2;
	} else {
		return cmd_usage("missing '--' and the command to run");
	}
	if (!a->cmd[0])
		return cmd_usage("missing the command to run after '--'");
	if (!a->cmd[0][0])
		return cmd_usage("empty command name after '--'");
	return -1;
}

/* ---- main ---- */

/*
 * The built-in program for src at (t, o) (sc_pipeline_builtin), told under
 * SECCAP_VERBOSE=1: 1 with *bpf, 0 none (compile or ask the cache).
 */
static int take_builtin(const struct sc_pipeline_src *src,
			const struct sc_target *t,
			const struct sc_compile_opts *o, struct sc_bpf **bpf)
{
	const char *v = secure_getenv("SECCAP_VERBOSE");

	if (sc_pipeline_builtin(src, t, o, bpf) != 1)
		return 0;
	if (v && strcmp(v, "1") == 0)
		fprintf(stderr, "seccap apply: %s: the built-in compiled default "
			"(compiled and checked at build time; no cache used)\n",
			src->name);
	return 1;
}

/*
 * p is the profile to compile, or NULL when bpf already holds the program
 * (a compiled file, or a cache hit for the capabilities we run with).
 */
static int load_and_exec(const struct apply *a, const struct sc_profile *p,
			 const struct sc_pipeline_src *src, struct sc_bpf *bpf,
			 const char *path, bool need_nnp)
{
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_compile_opts o = { .log_mode = a->log_mode, .tsync = true };
	struct sc_target t = { 0 };
	struct sc_profile *resolved = NULL;
	struct sc_pipeline_cache cache = { .dirfd = -1 };
	struct sc_watchdog wd;
	struct sc_error err = { 0 };
	char why[SC_FILE_MAX + SC_MSG_MAX];
	int rc = EXIT_SECCAP, e;

	if (p) {
		/* Resolved against what the process has now, after set_caps. */
		if (sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &err) < 0)
			goto fail;
		if (take_builtin(src, &t, &o, &bpf))
			goto loaded;
		if (app_watchdog_arm(&wd, src->name) < 0)
			goto out;
		e = sc_pipeline_build_verified(p, &t, &o, &d, &resolved, &bpf,
					       &err);
		sc_watchdog_disarm(&wd);
		if (e < 0) {
			app_diag_print(&ds, SC_SEV_ERROR, &err);
			goto out;
		}
		if (sc_exec_refused(resolved, a->log_mode, &err)) {
			sc_error_format(&err, NULL, why, sizeof(why));
			sc_err(&err, EPERM, NULL, 0, 0,
			       "refusing to run '%s': the filter would deny "
			       "execve, so it could never start (%s)",
			       a->cmd[0], why);
			goto fail;
		}
		/* Only a program that lets the command start is cached. */
		if (sc_pipeline_cache_lookup(&cache, src, &t, &o, NULL) >= 0)
			sc_pipeline_cache_store(&cache, bpf);
		sc_pipeline_cache_close(&cache);
	}
loaded:
	if (sc_nnp_needed(need_nnp || a->force_nnp, &need_nnp, &err) < 0)
		goto fail;
	if (need_nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		sc_err(&err, errno, NULL, 0, 0, "cannot set no_new_privs: %s",
		       strerror(errno));
		goto fail;
	}
	if ((bpf->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && !p) {
		sc_err(&err, EINVAL, NULL, 0, 0,
		       "the filter hands syscalls to an agent, but a compiled "
		       "filter has no listenerPath: apply the profile it was "
		       "compiled from");
		goto fail;
	}
	/* Everything that can fail in seccap is behind us; now the filter. */
	if (fflush(NULL) != 0) {
		sc_err(&err, errno, NULL, 0, 0, "write error: %s",
		       strerror(errno));
		goto fail;
	}
	/* SCMP_ACT_NOTIFY: the listener goes to the agent at listenerPath. */
	if (bpf->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) {
		if (sc_agent_load(bpf, p->listener_path, p->listener_metadata,
				  &err) < 0)
			goto fail;
	} else if (sc_bpf_load(bpf, &err) < 0) {
		sc_err_prefix(&err, "cannot load the filter");
		goto fail;
	}

	/* From here every syscall is filtered: execve and, on failure, write. */
	execve(path, a->cmd, environ);
	/*
	 * As docker run, and unlike execvp, a file the kernel cannot execute
	 * (ENOEXEC) is not handed to a shell.
	 */
	rc = cmd_cannot_run(a->cmd[0], errno, &err);
fail:
	app_error(&err);
out:
	sc_bpf_free(bpf);
	sc_profile_free(resolved);
	return rc;
}

int apply_main(int argc, char **argv)
{
	struct apply a = { 0 };
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_profile *p = NULL;
	struct sc_pipeline_src src = { 0 };
	struct sc_bpf *bpf = NULL;
	struct sc_error err = { 0 };
	char path[PATH_MAX];
	bool need_nnp = false;
	int rc, e;

	rc = parse_args(&a, argc, argv);
	if (rc >= 0)
		return rc;

	rc = sc_pipeline_read(a.profile_path, &src, &err);
	if (rc < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		return EXIT_SECCAP;
	}
	/*
	 * A compiled file is loaded as it is.  A profile whose program is in
	 * the cache for the capabilities we keep (no capability option) is
	 * not parsed at all: it was valid when the entry was written.
	 * Otherwise a bad profile fails before any capability is touched.
	 */
	if (src.compiled) {
		struct sc_capset want;
		const char *v = secure_getenv("SECCAP_VERBOSE");
		struct sc_diag verbose = { 0 };

		/* Which set applies is news only to whoever asked for detail. */
		if (v && strcmp(v, "1") == 0)
			verbose = d;
		if (a.caps.set) {
			rc = caps_wanted(&a.caps, &want.bits, &err);
			if (rc < 0)
				goto caps_failed;
		}
		rc = sc_pipeline_compiled(&src, 0, a.caps.set ? &want : NULL,
					  true, &verbose, &bpf, &err);
	} else if (!a.caps.set) {
		struct sc_compile_opts o = { .log_mode = a.log_mode,
					     .tsync = true };
		struct sc_target t = { 0 };
		struct sc_pipeline_cache c;

		rc = sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &err);
		/* rc 1: the built-in program; the cache is not asked. */
		if (rc == 0 && take_builtin(&src, &t, &o, &bpf))
			rc = 1;
		if (rc == 0 &&
		    sc_pipeline_cache_lookup(&c, &src, &t, &o, &bpf) != 1)
			bpf = NULL;
		/* A notifying program needs the profile's listenerPath. */
		if (bpf && (bpf->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) {
			sc_bpf_free(bpf);
			bpf = NULL;
		}
		if (rc == 0)
			sc_pipeline_cache_close(&c);
		rc = 0;
	}
	if (rc == 0 && !bpf)
		rc = sc_pipeline_parse(&src, &p, &d, &err);
	if (rc < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		rc = EXIT_SECCAP;
		goto out;
	}
	if (a.caps.set) {
		rc = cmd_set_caps(&a.caps, a.cmd[0], &need_nnp, &d, &err);
		if (rc < 0)
			goto caps_failed;
	}
	/* After the capability change: access() then judges as execve will. */
	e = cmd_find(a.cmd[0], path, sizeof(path));
	if (e) {
		rc = cmd_cannot_run(a.cmd[0], e, &err);
		app_error(&err);
	} else {
		rc = load_and_exec(&a, p, &src, bpf, path, need_nnp);
		bpf = NULL; /* load_and_exec frees it */
	}
	goto out;
caps_failed:
	app_error(&err);
	/* A bad --caps is a usage error: the hint follows the message. */
	if (rc == -EINVAL)
		app_usage_hint();
	rc = EXIT_SECCAP;
out:
	sc_bpf_free(bpf);
	sc_profile_free(p);
	sc_pipeline_src_free(&src);
	return rc;
}
