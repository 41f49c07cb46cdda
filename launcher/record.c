/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap record`: run a command under a filter that hands every syscall of
 * its whole tree to seccap (SECCOMP_RET_USER_NOTIF), let each one continue
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE) after noting it, and write the base
 * profile restricted to what was seen (conf/record.h).  No root, no ptrace.
 *
 * This file owns the applet: its options, loading the base and an earlier
 * recording, the base's filter that answers the notifications, writing the
 * profile and printing the one failure.  Running the command's tree and
 * answering its notifications is launcher/record_tree.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bpf_interp.h"
#include "buf.h"
#include "command.h"
#include "io.h"
#include "names.h"
#include "pipeline.h"
#include "policy.h"
#include "record.h"
#include "record_tree.h"
#include "util.h"

enum {
	OPT_FORMAT = CMD_OPT_NEXT,
	OPT_BASE,
	OPT_APPEND,
	OPT_UNTIL_EXIT,
};

static const char record_help[] =
	"Usage: seccap record [OPTION]... -- COMMAND [ARG]...\n"
	"\n"
	"Run COMMAND (searched in PATH), every thread and every process it\n"
	"starts, and write a profile that allows the syscalls they made: the\n"
	"base profile restricted to them.  No root and no ptrace: the kernel\n"
	"hands each syscall to seccap (seccomp user notification, Linux 5.5 or\n"
	"later), which notes it and answers it as the base's filter would: it\n"
	"runs, or fails with the base's errno, as it will under the profile.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE    write the profile to FILE (default: standard\n"
	"                       output; with --append, the appended file)\n"
	"      --format FMT     ini (default; json when FILE ends in .json) or json\n"
	"      --base PROFILE   restrict this profile (default: the embedded\n"
	"                       Docker default); 'none': allow exactly the\n"
	"                       syscalls seen, whatever they are\n"
	"      --append FILE    merge this run into the recording FILE (made by\n"
	"                       an earlier run with the same base) and write it\n"
	"                       back; a FILE that does not exist yet is started\n"
	"      --until-exit     stop when COMMAND itself ends and kill what it\n"
	"                       left running (default: record until the last\n"
	"                       process of the tree has ended)\n"
	"  -c, --caps SET       run COMMAND with this capability set, as 'seccap\n"
	"                       apply' does (docker, all, none, names, ...)\n"
	"      --cap-add CAP    add CAP (or ALL) to the set\n"
	"      --cap-drop CAP   drop CAP (or ALL) from the set\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"The profile keeps the base's default action, architectures and, for each\n"
	"rule, its argument, capability and kernel conditions; a rule is kept\n"
	"with the names of the syscalls that matched it, and a comment names the\n"
	"base's file:line.  So it never allows what the base denies: a syscall\n"
	"the base denies is reported on standard error and in a comment, and\n"
	"stays denied.  What the run did not do is not in the profile: record\n"
	"every code path the program needs (seccap(1), RECORDING A PROFILE).\n"
	"\n"
	"exit and exit_group are always allowed and recorded (they let the tree\n"
	"end even if seccap is killed).  Setuid programs run without their\n"
	"privileges under no_new_privs, which an unprivileged recorder sets.\n"
	"\n"
	"Exit status: 125 seccap failed (nothing written), 126 COMMAND cannot be\n"
	"executed, 127 COMMAND was not found, otherwise the status of COMMAND\n"
	"(128+N when a signal N ended it); the profile is written in every case\n"
	"where COMMAND ran.\n";

struct record {
	char **cmd;
	const char *output, *append, *base;  /* base NULL: the default */
	bool base_none, until_exit, format_set;
	enum sc_format format;
	struct caps_opts caps;
};

/* ---- command line ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Returns -1 to go on, or the exit status. */
static int parse_args(struct record *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "base", required_argument, NULL, OPT_BASE },
		{ "append", required_argument, NULL, OPT_APPEND },
		{ "until-exit", no_argument, NULL, OPT_UNTIL_EXIT },
		CMD_CAPS_OPTIONS,
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	struct sc_error err = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, "+o:c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!*optarg)
				return cmd_usage("empty file name for --output");
			r->output = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "ini") == 0)
				r->format = SC_FMT_INI;
			else if (strcmp(optarg, "json") == 0)
				r->format = SC_FMT_JSON;
			else
				return cmd_usage("unknown format '%s' for --format; "
					     "use 'ini' or 'json'", optarg);
			r->format_set = true;
			break;
		case OPT_BASE:
			if (!*optarg)
				return cmd_usage("empty profile name for --base");
			r->base_none = strcmp(optarg, "none") == 0;
			r->base = optarg;
			break;
		case OPT_APPEND:
			if (!*optarg || strcmp(optarg, "-") == 0)
				return cmd_usage("--append needs a file name");
			r->append = optarg;
			break;
		case OPT_UNTIL_EXIT:
			r->until_exit = true;
			break;
		case 'c':
		case CMD_OPT_CAP_ADD:
		case CMD_OPT_CAP_DROP:
			if (cmd_caps_option(&r->caps, c, optarg, &err) < 0)
				return cmd_usage("%s", err.msg);
			break;
		case 'h':
			return app_help(record_help);
		case APP_OPT_VERSION:
			return app_version();
		default:
			return cmd_usage(NULL);
		}
	}
	if (optind < 1 || strcmp(argv[optind - 1], "--") != 0)
		return cmd_usage("missing '--' before the command; write 'seccap "
			     "record [OPTION]... -- COMMAND [ARG]...'");
	r->cmd = argv + optind;
	if (!r->cmd[0])
		return cmd_usage("missing the command to run after '--'");
	if (!r->cmd[0][0])
		return cmd_usage("empty command name after '--'");
	if (!r->output && r->append)
		r->output = r->append;
	if (!r->format_set) {
		const char *f = r->output ? r->output : "";

		r->format = ends_with(f, ".json") ? SC_FMT_JSON : SC_FMT_INI;
	}
	return -1;
}

/* ---- main ---- */

static void tell_denied(void *ud, uint32_t arch, const char *name)
{
	const char *base = ud;

	app_err("'%s' (%s) was called, but the base profile (%s) denies it, "
		"and so does the recording",
		name, sc_arch_scmp_name(arch) ? sc_arch_scmp_name(arch) : "?",
		base);
}

/* Load the base and the earlier recording; false after printing why. */
static bool load_profiles(const struct record *r, struct sc_profile **base,
			  struct sc_profile **prev)
{
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_error err = { 0 };
	struct stat st;
	size_t foreign;

	if (!r->base_none &&
	    sc_pipeline_load(r->base, base, &d, &err) < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		return false;
	}
	if (!r->append)
		return true;
	if (stat(r->append, &st) < 0 && errno == ENOENT) {
		app_err("'%s' does not exist yet: starting a new recording",
			r->append);
		return true;
	}
	sc_error_clear(&err);
	if (sc_pipeline_load(r->append, prev, &d, &err) < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		return false;
	}
	foreign = sc_record_foreign_groups(*base, *prev);
	if (foreign)
		app_err("warning: %zu rule%s of '%s' %s not in the base profile "
			"(%s), so %s calls are not kept (was it recorded with "
			"another --base?)", foreign, foreign == 1 ? "" : "s",
			r->append, foreign == 1 ? "is" : "are",
			r->base ? r->base : SC_DEFAULT_PROFILE_NAME,
			foreign == 1 ? "its" : "their");
	return true;
}

/*
 * The filter `seccap apply BASE` would load for the capabilities the
 * command has now; false after printing why or filling failed.
 */
static bool base_filter(const struct sc_profile *base, const char *name,
			struct sc_bpf **ret, struct sc_error *failed)
{
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_compile_opts o = { 0 };
	struct sc_target t = { 0 };
	struct sc_error err = { 0 };

	ds.quiet_warnings = true; /* the load has shown them */
	if (sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &err) < 0 ||
	    sc_pipeline_build(base, &t, &o, &d, NULL, NULL, ret, &err) < 0) {
		app_diag_failure(&ds, &err, -EINVAL, name,
				 "cannot build the base's filter");
		return false;
	}
	/* Checked once here, run on every notification. */
	if (bpf_interp_check((*ret)->insns, (*ret)->len, NULL) < 0) {
		sc_err(failed, EINVAL, NULL, 0, 0, "internal error: the base's "
		       "filter is not a valid seccomp program");
		return false;
	}
	return true;
}

/* Make the profile from the run and write it; false with failed filled. */
static bool write_profile(const struct record *r, const struct run *run,
			  const struct sc_profile *base,
			  const struct sc_profile *prev, struct sc_error *failed)
{
	struct sc_target t = { 0 };
	struct sc_record_opts o = {
		.base = base,
		.base_name = r->base ? r->base : SC_DEFAULT_PROFILE_NAME,
		.prev = prev,
		.target = &t,
	};
	struct sc_record_denied den = { tell_denied, (void *)o.base_name };
	struct sc_profile *out = NULL;
	struct sc_buf b = { 0 };
	struct sc_error err = { 0 };
	bool ok = false;

	if (sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &err) < 0 ||
	    sc_record_profile(run->rec, &o, &den, &out, &err) < 0 ||
	    (r->format == SC_FMT_JSON ? sc_json_write(out, &b, &err)
				      : sc_ini_write(out, &b, &err)) < 0) {
		sc_err_prefix(&err, "cannot make the profile");
		*failed = err;
		goto out;
	}
	if (r->output && strcmp(r->output, "-") != 0)
		ok = app_write_atomic(r->output, b.p ? b.p : "", b.len);
	else
		ok = fwrite(b.p ? b.p : "", 1, b.len, stdout) == b.len;
out:
	sc_buf_free(&b);
	sc_profile_free(out);
	return ok;
}

int record_main(int argc, char **argv)
{
	struct record r = { 0 };
	struct run run = { .listener = -1, .sock = -1,
			   .kill_fd = -1, .status_fd = -1 };
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_profile *base = NULL, *prev = NULL;
	char path[PATH_MAX];
	bool need_nnp = false, usage = false;
	int rc, e;

	rc = parse_args(&r, argc, argv);
	if (rc >= 0)
		return rc;
	if (sizeof(long) != 8) {
		sc_err(&run.err, ENOTSUP, NULL, 0, 0,
		       "recording needs a 64-bit seccap");
		rc = EXIT_SECCAP;
		goto out;
	}
	if (!load_profiles(&r, &base, &prev)) {
		rc = EXIT_SECCAP;
		goto out;
	}
	rc = sc_recording_new(base, sc_arch_native(), &run.rec, &run.err);
	if (rc < 0) {
		rc = EXIT_SECCAP;
		goto out;
	}
	if (r.caps.set) {
		rc = cmd_set_caps(&r.caps, r.cmd[0], &need_nnp, &d, &run.err);
		if (rc < 0) {
			/* A bad --caps is a usage error: the hint follows. */
			usage = rc == -EINVAL;
			rc = EXIT_SECCAP;
			goto out;
		}
	}
	e = cmd_find(r.cmd[0], path, sizeof(path));
	if (e) {
		rc = cmd_cannot_run(r.cmd[0], e, &run.err);
		goto out;
	}
	/* As apply: no_new_privs whenever the kernel requires it. */
	if (sc_nnp_needed(need_nnp, &need_nnp, &run.err) < 0) {
		rc = EXIT_SECCAP;
		goto out;
	}
	run.watch_setuid = need_nnp;
	if (base && !base_filter(base, r.base ? r.base : "default",
				 &run.base_bpf, &run.err)) {
		rc = EXIT_SECCAP;
		goto out;
	}
	sc_syscall_resolve("execve", sc_arch_native(), &run.execve_nr);

	run.cmd = r.cmd;
	run.until_exit = r.until_exit;
	rc = record_run_command(&run, path, need_nnp);
	/* The filter lets these through unseen; every process ends with one. */
	{
		static const char *const ends[] = { "exit", "exit_group" };
		const uint64_t none[6] = { 0 };

		for (size_t i = 0; i < 2; i++) {
			int nr;

			if (sc_syscall_resolve(ends[i], sc_arch_native(),
					       &nr) == 0 && nr >= 0 &&
			    sc_recording_add(run.rec, sc_arch_native(), nr,
					     none) < 0)
				rc = EXIT_SECCAP;
		}
	}
	/* The command ran: its recording is written whatever its status. */
	if (rc != EXIT_SECCAP && !run.exec_failed &&
	    !write_profile(&r, &run, base, prev, &run.err))
		rc = EXIT_SECCAP;
out:
	/* The one place record prints a failure of its own. */
	if (run.err.code)
		app_error(&run.err);
	if (usage)
		app_usage_hint();
	record_run_release(&run);
	sc_profile_free(base);
	sc_profile_free(prev);
	return rc;
}

