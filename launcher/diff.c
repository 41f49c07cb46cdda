/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap diff`: how two profiles, or one under two capability sets,
 * differ in behaviour after resolution, as a table or JSON, and --subset,
 * whether B lets run anything A does not.  The comparison is conf/decide.c's;
 * this file owns the command line, loading the two sides and the output.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decide.h"
#include "names.h"
#include "pipeline.h"
#include "resolve.h"
#include "util.h"
#include "watchdog.h"

static const char diff_help[] =
	"Usage: seccap diff [OPTION]... PROFILE_A [PROFILE_B]\n"
	"\n"
	"Compare what two profiles (Docker JSON or seccap INI files; 'default':\n"
	"the embedded Docker default) make of every syscall after resolution, or\n"
	"one profile under two capability sets (PROFILE_B defaults to\n"
	"PROFILE_A), on every arch of the target and every syscall number, with\n"
	"the argument condition where the difference depends on arguments.\n"
	"\n"
	"Options:\n"
	"  -c, --caps SPEC      capability set both sides are resolved against\n"
	"                       (default: 'permitted', as in seccap show); names\n"
	"                       (SYS_ADMIN, CAP_SYS_ADMIN) and the words docker,\n"
	"                       all, none, effective, permitted, bounding\n"
	"  -C, --caps-b SPEC    the set for PROFILE_B instead\n"
	"  -a, --arch ARCH      target architecture, Go style (amd64, arm64, x86)\n"
	"                       or SCMP_ARCH_* (default: this machine's)\n"
	"  -k, --kernel X.Y     kernel version for minKernel (default: uname)\n"
	"  -f, --format FMT     table (default) or json\n"
	"  -s, --subset         report only what B lets run and A may not, and\n"
	"                       fail when there is any\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Example: what does --cap-add SYS_ADMIN open in Docker's default?\n"
	"  seccap diff --caps docker --caps-b docker,SYS_ADMIN default\n"
	"\n"
	"Exit status: 0 the same behaviour (--subset: B lets run nothing A does\n"
	"not), 1 different, 2 trouble (bad profile, bad command line).\n";

enum diff_format { FMT_TABLE, FMT_JSON };

struct side {
	const char *path;     /* NULL: the embedded default */
	const char *caps_spec; /* NULL: permitted set */
	struct sc_profile *profile;
	struct sc_profile *resolved;
	struct sc_decide *decide;
};

struct diff {
	struct side s[2];
	enum diff_format format;
	bool subset;
	struct sc_target target;
};

enum { DIFF_OPT_CAPS_B = APP_OPT_VERSION + 1 };

/* Returns -1 to go on, or the exit status (--help, --version, errors). */
static int parse_args(struct diff *df, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "caps-b", required_argument, NULL, 'C' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "subset", no_argument, NULL, 's' },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	static const char *const formats[] = { "table", "json", NULL };
	const char *caps_b = NULL;
	int c, r;

	while ((c = getopt_long(argc, argv, "c:C:a:k:f:sh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			df->s[0].caps_spec = optarg;
			break;
		case 'C':
			caps_b = optarg;
			break;
		case 'a':
			r = app_parse_arch(optarg, &df->target.arch);
			if (r)
				return r;
			break;
		case 'k':
			r = app_parse_kernel(optarg, &df->target.kernel_major,
					     &df->target.kernel_minor);
			if (r)
				return r;
			df->target.kernel_set = true;
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0) {
				df->format = FMT_TABLE;
			} else if (strcmp(optarg, "json") == 0) {
				df->format = FMT_JSON;
			} else {
				const char *hint = sc_suggest(optarg, formats);

				return app_usage("unknown format '%s'; %s%s%s",
						 optarg,
						 hint ? "did you mean '"
						      : "use table or json",
						 hint ? hint : "",
						 hint ? "'?" : "");
			}
			break;
		case 's':
			df->subset = true;
			break;
		default:
			return app_common_option(c, diff_help);
		}
	}
	if (optind >= argc)
		return app_usage("missing profile; give PROFILE_A (and "
				 "PROFILE_B, or --caps-b)");
	if (argc - optind > 2)
		return app_usage("unexpected argument '%s'; give at most two "
				 "profiles", argv[optind + 2]);
	df->s[0].path = argv[optind];
	df->s[1].path = optind + 1 < argc ? argv[optind + 1] : argv[optind];
	df->s[1].caps_spec = caps_b ? caps_b : df->s[0].caps_spec;
	return -1;
}

/* One side loaded, resolved, compiled and read for deciding; 0 or a status. */
static int load_side(const struct diff *df, struct side *sd,
		     struct app_diag *ds, const struct sc_diag *d)
{
	struct sc_target t = df->target;
	struct sc_compile_opts o = { 0 };
	struct sc_error err = { 0 };
	struct sc_watchdog wd;
	int r;

	r = app_target_caps(&t, sd->caps_spec);
	if (r)
		return r;
	o.arch = t.arch;
	if (sc_pipeline_load(sd->path, &sd->profile, d, &err) < 0) {
		app_diag_print(ds, SC_SEV_ERROR, &err);
		return APP_EXIT_USAGE;
	}
	if (app_watchdog_arm(&wd, sd->path ? sd->path : "default") < 0)
		return APP_EXIT_USAGE;
	r = sc_pipeline_build(sd->profile, &t, &o, d, NULL, &sd->resolved,
			      NULL, &err);
	sc_watchdog_disarm(&wd);
	if (r == 0)
		r = sc_decide_open(sd->resolved, &o, &sd->decide, &err);
	if (r < 0) {
		app_diag_print(ds, SC_SEV_ERROR, &err);
		return APP_EXIT_USAGE;
	}
	return 0;
}

/* One difference as words. */
struct row {
	char arch[24];
	char syscall[64];
	char a[96], b[96];
	char a_src[SC_FILE_MAX + 16], b_src[SC_FILE_MAX + 16];
	const char *cond; /* NULL: every argument */
	const struct sc_diff_item *item;
	bool shown;
};

static void row_fill(const struct diff *df, const struct sc_diff_item *it,
		     struct row *w)
{
	/* x32's numbers carry bit 30: in hex, as the kernel's tables. */
	bool x32 = it->nr_lo >= 0x40000000u && it->nr_lo != UINT32_MAX;

	memset(w, 0, sizeof(*w));
	w->item = it;
	app_arch_short_name(it->arch, w->arch, sizeof(w->arch));
	if (it->name[0])
		snprintf(w->syscall, sizeof(w->syscall), "%s", it->name);
	else if (it->nr_lo == it->nr_hi)
		snprintf(w->syscall, sizeof(w->syscall),
			 x32 ? "nr %#x (no syscall)" : "nr %u (no syscall)",
			 it->nr_lo);
	else
		snprintf(w->syscall, sizeof(w->syscall),
			 x32 ? "nr %#x-%#x (no syscall)"
			     : "nr %u-%u (no syscall)",
			 it->nr_lo, it->nr_hi);
	sc_decision_format(&it->a, w->a, sizeof(w->a));
	sc_decision_format(&it->b, w->b, sizeof(w->b));
	sc_decision_source(&it->a, df->s[0].resolved, w->a_src,
			   sizeof(w->a_src));
	sc_decision_source(&it->b, df->s[1].resolved, w->b_src,
			   sizeof(w->b_src));
	w->cond = it->cond;
}

/* The same difference on another arch: one line of the table. */
static bool row_same(const struct row *x, const struct row *y)
{
	return strcmp(x->syscall, y->syscall) == 0 &&
	       strcmp(x->a, y->a) == 0 && strcmp(x->b, y->b) == 0 &&
	       strcmp(x->a_src, y->a_src) == 0 &&
	       strcmp(x->b_src, y->b_src) == 0 &&
	       strcmp(x->cond ? x->cond : "", y->cond ? y->cond : "") == 0;
}

static void put_table(struct row *rows, size_t n, struct sc_buf *b)
{
	struct cell {
		const char *head;
		size_t w;
	} col[7] = { { "SYSCALL", 7 }, { "ARCH", 4 }, { "A", 1 }, { "B", 1 },
		     { "A_SOURCE", 8 }, { "B_SOURCE", 8 }, { "ARGUMENTS", 0 } };
	char (*arches)[128] = calloc(n ? n : 1, sizeof(*arches));
	size_t lines = 0;

	if (!arches) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (rows[i].shown)
			continue;
		len = (size_t)snprintf(arches[i], sizeof(arches[i]), "%s",
				       rows[i].arch);
		for (size_t j = i + 1; j < n; j++) {
			if (rows[j].shown || !row_same(&rows[i], &rows[j]))
				continue;
			rows[j].shown = true;
			if (len < sizeof(arches[i]))
				len += (size_t)snprintf(arches[i] + len,
							sizeof(arches[i]) - len,
							",%s", rows[j].arch);
		}
		const char *cells[6] = { rows[i].syscall, arches[i], rows[i].a,
					 rows[i].b, rows[i].a_src,
					 rows[i].b_src };
		for (size_t c = 0; c < 6; c++)
			if (strlen(cells[c]) > col[c].w)
				col[c].w = strlen(cells[c]);
		lines++;
	}
	if (lines) {
		for (size_t c = 0; c < 6; c++)
			sc_buf_printf(b, "%-*s  ", (int)col[c].w, col[c].head);
		sc_buf_printf(b, "%s\n", col[6].head);
	}
	for (size_t i = 0; i < n; i++) {
		if (rows[i].shown)
			continue;
		sc_buf_printf(b, "%-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n",
			      (int)col[0].w, rows[i].syscall, (int)col[1].w,
			      arches[i], (int)col[2].w, rows[i].a,
			      (int)col[3].w, rows[i].b, (int)col[4].w,
			      rows[i].a_src, (int)col[5].w, rows[i].b_src,
			      rows[i].cond ? rows[i].cond
					   : "(every argument value)");
	}
	free(arches);
}

static int put_json(struct row *rows, size_t n, struct sc_buf *b)
{
	json_object *arr = json_object_new_array();
	int r = arr ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < n; i++) {
		const struct sc_diff_item *it = rows[i].item;
		json_object *o = json_object_new_object();

		if (!o || json_object_array_add(arr, o) < 0) {
			json_object_put(o);
			r = -ENOMEM;
			break;
		}
		json_object_object_add(o, "arch",
				       json_object_new_string(rows[i].arch));
		json_object_object_add(o, "syscall",
				       json_object_new_string(rows[i].syscall));
		json_object_object_add(o, "nr", json_object_new_int64(it->nr_lo));
		if (it->nr_hi != it->nr_lo)
			json_object_object_add(o, "nr_last",
					       json_object_new_int64(it->nr_hi));
		json_object_object_add(o, "a", json_object_new_string(rows[i].a));
		json_object_object_add(o, "b", json_object_new_string(rows[i].b));
		json_object_object_add(o, "args",
				       rows[i].cond ? json_object_new_string(
							      rows[i].cond)
						    : NULL);
		json_object_object_add(o, "a_source",
				       json_object_new_string(rows[i].a_src));
		json_object_object_add(o, "b_source",
				       json_object_new_string(rows[i].b_src));
		json_object_object_add(o, "opens",
				       json_object_new_boolean(it->opens));
	}
	if (r == 0) {
		const char *s = json_object_to_json_string_ext(
			arr, JSON_C_TO_STRING_PRETTY |
				     JSON_C_TO_STRING_NOSLASHESCAPE);

		if (!s)
			r = -ENOMEM;
		else
			sc_buf_printf(b, "%s\n", s);
	}
	json_object_put(arr);
	return r;
}

/* Print the differences; the exit status. */
static int report(const struct diff *df, const struct sc_diff *d)
{
	struct row *rows = calloc(d->n ? d->n : 1, sizeof(*rows));
	struct sc_buf b = { 0 };
	size_t n = 0;
	int r = 0;

	if (!rows) {
		app_err("out of memory");
		return APP_EXIT_USAGE;
	}
	for (size_t i = 0; i < d->n; i++)
		if (!df->subset || d->v[i].opens)
			row_fill(df, &d->v[i], &rows[n++]);
	if (df->format == FMT_JSON)
		r = put_json(rows, n, &b);
	else
		put_table(rows, n, &b);
	free(rows);
	if (r < 0 || b.oom) {
		sc_buf_free(&b);
		app_err("out of memory");
		return APP_EXIT_USAGE;
	}
	if (b.len)
		fwrite(b.p, 1, b.len, stdout);
	sc_buf_free(&b);
	return n ? APP_EXIT_FAIL : APP_EXIT_OK;
}

int diff_main(int argc, char **argv)
{
	struct diff df = { .format = FMT_TABLE };
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_diff out = { 0 };
	struct sc_error err = { 0 };
	int rc;

	rc = parse_args(&df, argc, argv);
	if (rc >= 0)
		return rc;
	rc = app_target_arch(&df.target);
	if (rc)
		return rc;
	/* The same profile under two sets: its warnings once. */
	for (unsigned i = 0; i < 2; i++) {
		ds.quiet_warnings = i == 1 &&
				    strcmp(df.s[0].path, df.s[1].path) == 0;
		rc = load_side(&df, &df.s[i], &ds, &d);
		if (rc)
			goto out;
	}
	if (sc_decide_diff(df.s[0].decide, df.s[1].decide, &out, &err) < 0) {
		app_error(&err);
		rc = APP_EXIT_USAGE;
		goto out;
	}
	rc = report(&df, &out);
out:
	sc_diff_free(&out);
	for (unsigned i = 0; i < 2; i++) {
		sc_decide_free(df.s[i].decide);
		sc_profile_free(df.s[i].resolved);
		sc_profile_free(df.s[i].profile);
	}
	return rc;
}
