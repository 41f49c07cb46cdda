/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `seccap show`: what a profile becomes for one capability set, arch and
 * kernel, as a person reads it (a table with file:line for every syscall),
 * as Docker hands it to runc (the OCI linux.seccomp object, rendered by
 * launcher/show_oci.c), as our own writers print it, as libseccomp's PFC
 * text, or as the raw BPF program.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "compile.h"
#include "compiled.h"
#include "io.h"
#include "model.h"
#include "names.h"
#include "policy.h"
#include "pipeline.h"
#include "resolve.h"
#include "show_oci.h"
#include "util.h"
#include "watchdog.h"

static const char show_help[] =
	"Usage: seccap show [OPTION]... [PROFILE]\n"
	"\n"
	"Resolve PROFILE (a Docker JSON or seccap INI file; 'default' or no\n"
	"PROFILE: the embedded Docker default) for one capability set, arch and\n"
	"kernel, and print the filter that results.\n"
	"\n"
	"Options:\n"
	"  -c, --caps SPEC      capability set the conditional rules are resolved\n"
	"                       against (default: 'permitted', the permitted set of\n"
	"                       this process); comma-separated names (SYS_ADMIN,\n"
	"                       CAP_SYS_ADMIN) and the words docker, all, none,\n"
	"                       effective, permitted, bounding; 'bounding' is the\n"
	"                       set Docker itself resolves against\n"
	"  -a, --arch ARCH      target architecture, Go style (amd64, arm64, x86)\n"
	"                       or SCMP_ARCH_* (default: this machine's)\n"
	"  -k, --kernel X.Y     kernel version for minKernel (default: uname)\n"
	"  -e, --explain        also say for every conditional group whether it\n"
	"                       was kept or dropped, and why\n"
	"  -f, --format FMT     table (default), ini, json, oci (the linux.seccomp\n"
	"                       object Docker gives runc), pfc (libseccomp's text),\n"
	"                       bpf (the raw program as loaded, for bwrap --seccomp),\n"
	"                       compiled (the program with a header naming the\n"
	"                       profile digest, caps, arch and kernel: a file\n"
	"                       SECCAP_PROFILE and seccap apply load without\n"
	"                       compiling)\n"
	"  -o, --output FILE    write to FILE instead of standard output\n"
	"      --verify         run the compiled filter, before printing anything,\n"
	"                       in an interpreter over every arch, syscall number\n"
	"                       and the argument values the rules name, against\n"
	"                       what the resolved profile says; print each\n"
	"                       difference (the first 10, then a count) and fail\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Why 'permitted' by default: an unprivileged process on a host has a full\n"
	"bounding set, so resolving against it would keep every capability-gated\n"
	"rule -- weaker than Docker's default container.  Use --caps docker for a\n"
	"default container, --caps bounding for Docker's own choice of set.\n"
	"\n"
	"Exit status: 0 success, 1 bad profile, output error or (--verify) a\n"
	"filter that differs from its profile, 2 bad command line.\n";

enum show_format {
	FMT_TABLE,
	FMT_INI,
	FMT_JSON,
	FMT_OCI,
	FMT_PFC,
	FMT_BPF,
	FMT_COMPILED,
};

static const char *const format_names[] = {
	"table", "ini", "json", "oci", "pfc", "bpf", "compiled", NULL,
};

struct show {
	const char *profile_path;
	const char *caps_spec;      /* NULL: permitted set */
	const char *out_path;       /* NULL: stdout */
	enum show_format format;
	bool explain;
	bool verify;
	struct sc_target target;
	uint32_t arch;              /* resolved target arch, never 0 */
	char kernel_text[80];       /* for the header */

	struct sc_profile *profile;
	struct sc_profile *resolved;
	struct sc_bpf *bpf;
	uint8_t digest[32];         /* SHA-256 of the profile bytes */
	struct sc_buf explain_out;
	struct sc_buf out;
};

/* ---- small helpers ---- */

/* "ERRNO(EPERM)", "ALLOW", "TRACE(1)", "KILL_PROCESS" ... */
static void action_text(const char *action, bool has, uint64_t value,
			const char *errno_name, char *buf, size_t n)
{
	const char *s = action ? action : "(none)";
	enum sc_action a = sc_action_parse(s);
	uint64_t e;

	if (strncmp(s, "SCMP_ACT_", 9) == 0)
		s += 9;
	if (!sc_action_data(action, has, value, errno_name, &e)) {
		snprintf(buf, n, "%s", s);
		return;
	}
	if (a == SC_ACT_TRACE) {
		snprintf(buf, n, "%s(%llu)", s, (unsigned long long)e);
		return;
	}
	/* The kernel caps the value at MAX_ERRNO; SCMP_ACT_ERRNO keeps 16 bits. */
	if ((e & 0xffff) > 4095)
		snprintf(buf, n, "%s(%llu, returned as 4095)", s,
			 (unsigned long long)e);
	else if (e == 0)
		snprintf(buf, n, "%s(0, fake success)", s);
	else if (sc_errno_name((int)e))
		snprintf(buf, n, "%s(%s)", s, sc_errno_name((int)e));
	else
		snprintf(buf, n, "%s(%llu)", s, (unsigned long long)e);
}

static void put_value(struct sc_buf *b, uint64_t v, bool hex)
{
	if (hex || v >= 4096)
		sc_buf_printf(b, "0x%llx", (unsigned long long)v);
	else
		sc_buf_printf(b, "%llu", (unsigned long long)v);
}

static void put_cond(struct sc_buf *b, const struct sc_arg *a)
{
	static const struct {
		const char *op, *sym;
	} ops[] = {
		{ "SCMP_CMP_NE", "!=" }, { "SCMP_CMP_LT", "<" },
		{ "SCMP_CMP_LE", "<=" }, { "SCMP_CMP_EQ", "==" },
		{ "SCMP_CMP_GE", ">=" }, { "SCMP_CMP_GT", ">" },
	};
	const char *op = a->op ? a->op : "";

	sc_buf_printf(b, "arg%llu ", (unsigned long long)a->index);
	if (strcmp(op, "SCMP_CMP_MASKED_EQ") == 0) {
		sc_buf_puts(b, "& ");
		put_value(b, a->value, true);
		sc_buf_puts(b, " == ");
		put_value(b, a->value_two, false);
		return;
	}
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(op, ops[i].op) == 0) {
			sc_buf_printf(b, "%s ", ops[i].sym);
			put_value(b, a->value, false);
			return;
		}
	}
	sc_buf_printf(b, "%s ", op);
	put_value(b, a->value, false);
}

/*
 * runc's rule: when an argument index repeats, every condition becomes a
 * rule of its own (OR); otherwise they form one rule (AND).
 */
static bool args_are_or(const struct sc_group *g)
{
	for (size_t i = 0; i < g->nargs; i++)
		for (size_t j = i + 1; j < g->nargs; j++)
			if (g->args[i].index == g->args[j].index)
				return true;
	return false;
}

static void put_conds(struct sc_buf *b, const struct sc_group *g)
{
	bool or = args_are_or(g);

	if (!g->nargs) {
		sc_buf_puts(b, "-");
		return;
	}
	for (size_t i = 0; i < g->nargs; i++) {
		if (i)
			sc_buf_puts(b, or ? " OR " : " AND ");
		put_cond(b, &g->args[i]);
	}
}

/* ---- the ENOSYS stub, computed the way runc's patchbpf does ---- */

#define X32_BIT 0x40000000

static void put_enosys_for(struct sc_buf *b, const struct sc_profile *r,
			   uint32_t arch, const char *indent)
{
	char an[32];
	const char *maxname;
	uint32_t max;

	app_arch_short_name(arch, an, sizeof(an));
	if (!sc_enosys_threshold(r, arch, &max, &maxname)) {
		sc_buf_printf(b, "%sno syscall of the profile exists on %s: "
			      "no ENOSYS rule there\n", indent, an);
		return;
	}
	if (max & X32_BIT)
		sc_buf_printf(b, "%ssyscalls above 0x%llx (%s) on %s return "
			      "ENOSYS\n", indent, (unsigned long long)max,
			      maxname, an);
	else
		sc_buf_printf(b, "%ssyscalls above %lld (%s) on %s return "
			      "ENOSYS\n", indent, (long long)max, maxname, an);
}

static void put_enosys(struct sc_buf *b, const struct show *s)
{
	const struct sc_profile *r = s->resolved;
	const char *label = "enosys:        ";
	const char *cont = "               ";
	bool native_listed = false;

	struct sc_action_value def = sc_default_action(r);

	if (!sc_enosys_wanted(def)) {
		if (def.kind == SC_ACT_ERRNO)
			sc_buf_printf(b, "%snone needed (the default action "
				      "returns ENOSYS)\n", label);
		else
			sc_buf_printf(b, "%snone (the default action lets "
				      "unknown syscalls run)\n", label);
		return;
	}
	for (size_t i = 0; i < r->architectures.n; i++) {
		uint32_t a = sc_arch_from_scmp_name(r->architectures.v[i].s);

		if (!a)
			continue;
		if (a == s->arch)
			native_listed = true;
		put_enosys_for(b, r, a, i ? cont : label);
	}
	/* runc always adds the native arch too. */
	if (!native_listed)
		put_enosys_for(b, r, s->arch, r->architectures.n ? cont : label);
}

/* ---- table ---- */

static const char *name_loc_file(const struct sc_profile *p)
{
	return p->file ? p->file : "<profile>";
}

static unsigned row_line(const struct sc_group *g, size_t k)
{
	if (g->names.v[k].loc.line)
		return g->names.v[k].loc.line;
	return g->loc.line;
}

struct row {
	const char *name;
	size_t group;
	size_t k;
};

static bool group_is_effective(const struct sc_profile *p, size_t gi)
{
	return !sc_group_same_as_default(p, &p->groups[gi]);
}

/* A name that is no syscall on the native arch: where does it apply? */
static const char *other_arches_note(const struct sc_profile *p,
				     const char *name, uint32_t arch, char *buf,
				     size_t n)
{
	char an[32], list[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < p->architectures.n; i++) {
		uint32_t a = sc_arch_from_scmp_name(p->architectures.v[i].s);
		int nr;

		if (!a || a == arch || sc_syscall_resolve(name, a, &nr) != 0 ||
		    nr < 0 || len >= sizeof(list))
			continue;
		app_arch_short_name(a, an, sizeof(an));
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					len ? ", " : "", an);
	}
	app_arch_short_name(arch, an, sizeof(an));
	if (len)
		snprintf(buf, n, "not a syscall on %s; applies to %s", an, list);
	else
		snprintf(buf, n, "no effect: not a syscall on %s", an);
	return buf;
}

/*
 * Why a row has no effect in the filter libseccomp builds, or NULL.
 * libseccomp keeps the first unconditional rule of a syscall and drops later
 * ones; an unconditional rule replaces conditional ones added before it.
 */
static const char *row_note(const struct sc_profile *p, const struct row *rows,
			    size_t nrows, size_t i, uint32_t arch, char *buf,
			    size_t n)
{
	const struct sc_group *g = &p->groups[rows[i].group];
	int nr, r;

	if (sc_group_same_as_default(p, g))
		return "no effect: same as the default action";
	r = sc_syscall_resolve(rows[i].name, arch, &nr);
	if (r == -ENOENT)
		return "no effect: no such syscall";
	if (r == 1 || nr < 0)
		return other_arches_note(p, rows[i].name, arch, buf, n);
	for (size_t j = 0; j < i; j++) {
		const struct sc_group *o = &p->groups[rows[j].group];

		if (o->nargs || strcmp(rows[j].name, rows[i].name) != 0 ||
		    !group_is_effective(p, rows[j].group))
			continue;
		snprintf(buf, n, "no effect: the rule at line %u decides",
			 row_line(o, rows[j].k));
		return buf;
	}
	if (!g->nargs)
		return NULL;
	for (size_t j = i + 1; j < nrows; j++) {
		const struct sc_group *o = &p->groups[rows[j].group];

		if (o->nargs || strcmp(rows[j].name, rows[i].name) != 0 ||
		    !group_is_effective(p, rows[j].group))
			continue;
		snprintf(buf, n, "no effect: replaced by the rule at line %u",
			 row_line(o, rows[j].k));
		return buf;
	}
	return NULL;
}

static void put_caps_line(struct sc_buf *b, const struct show *s)
{
	char caps[2048];

	sc_capset_format(&s->target.caps, caps, sizeof(caps));
	sc_buf_printf(b, "caps:          %s (%s%s)\n", caps[0] ? caps : "none",
		      s->caps_spec ? "--caps " : "",
		      s->caps_spec ? s->caps_spec
				   : "permitted set of this process");
}

static int put_table(struct show *s)
{
	const struct sc_profile *r = s->resolved;
	struct sc_buf *b = &s->out;
	struct row *rows = NULL;
	size_t nrows = 0, wname = 7, wact = 6, wsrc = 6;
	char an[32], act[96], note[128];

	for (size_t i = 0; i < r->ngroups; i++)
		nrows += r->groups[i].names.n;
	if (nrows) {
		rows = calloc(nrows, sizeof(*rows));
		if (!rows)
			return -ENOMEM;
	}
	nrows = 0;
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct sc_group *g = &r->groups[i];
		char src[SC_FILE_MAX + 16];

		action_text(g->action, g->has_errno_ret, g->errno_ret,
			    g->errno_name, act, sizeof(act));
		if (strlen(act) > wact)
			wact = strlen(act);
		for (size_t k = 0; k < g->names.n; k++) {
			const char *nm = g->names.v[k].s ? g->names.v[k].s : "";

			rows[nrows++] = (struct row){ nm, i, k };
			if (strlen(nm) > wname)
				wname = strlen(nm);
			snprintf(src, sizeof(src), "%s:%u", name_loc_file(r),
				 row_line(g, k));
			if (strlen(src) > wsrc)
				wsrc = strlen(src);
		}
	}

	sc_buf_printf(b, "profile:       %s\n", name_loc_file(r));
	action_text(r->default_action, r->has_default_errno_ret,
		    r->default_errno_ret, r->default_errno_name, act,
		    sizeof(act));
	sc_buf_printf(b, "default:       %s\n", act);
	app_arch_short_name(s->arch, an, sizeof(an));
	sc_buf_printf(b, "arch:          %s (%s)\n",
		      sc_arch_go_name(s->arch) ? sc_arch_go_name(s->arch) : an,
		      sc_arch_scmp_name(s->arch) ? sc_arch_scmp_name(s->arch)
						 : an);
	sc_buf_puts(b, "architectures: ");
	if (!r->architectures.n)
		sc_buf_puts(b, "native only (other ABIs are killed)");
	for (size_t i = 0; i < r->architectures.n; i++)
		sc_buf_printf(b, "%s%s", i ? " " : "", r->architectures.v[i].s);
	sc_buf_puts(b, "\n");
	sc_buf_printf(b, "kernel:        %s\n", s->kernel_text);
	put_caps_line(b, s);
	put_enosys(b, s);
	if (r->has_flags) {
		sc_buf_puts(b, "flags:         ");
		if (!r->flags.n)
			sc_buf_puts(b, "none");
		for (size_t i = 0; i < r->flags.n; i++)
			sc_buf_printf(b, "%s%s", i ? " " : "", r->flags.v[i].s);
		sc_buf_puts(b, "\n");
	}
	if (s->bpf)
		sc_buf_printf(b, "program:       %zu BPF instructions\n",
			      s->bpf->len);
	sc_buf_printf(b, "rules:         %zu syscall rule%s from %zu group%s\n",
		      nrows, nrows == 1 ? "" : "s", r->ngroups,
		      r->ngroups == 1 ? "" : "s");

	if (s->explain && s->explain_out.len) {
		sc_buf_puts(b, "\ngroups:\n");
		sc_buf_put(b, s->explain_out.p, s->explain_out.len);
	}

	sc_buf_printf(b, "\n%-*s  %-*s  %-*s  %s\n", (int)wname, "SYSCALL",
		      (int)wact, "ACTION", (int)wsrc, "SOURCE", "CONDITIONS");
	for (size_t i = 0; i < nrows; i++) {
		const struct sc_group *g = &r->groups[rows[i].group];
		char src[SC_FILE_MAX + 16];
		const char *why;

		action_text(g->action, g->has_errno_ret, g->errno_ret,
			    g->errno_name, act, sizeof(act));
		snprintf(src, sizeof(src), "%s:%u", name_loc_file(r),
			 row_line(g, rows[i].k));
		sc_buf_printf(b, "%-*s  %-*s  %-*s  ", (int)wname, rows[i].name,
			      (int)wact, act, (int)wsrc, src);
		put_conds(b, g);
		why = row_note(r, rows, nrows, i, s->arch, note, sizeof(note));
		if (why)
			sc_buf_printf(b, "  [%s]", why);
		sc_buf_puts(b, "\n");
	}
	free(rows);
	return b->oom ? -ENOMEM : 0;
}

/* ---- explain ---- */

static void explain_fn(void *ud, const struct sc_profile *in, size_t gi,
		       bool kept, const char *why)
{
	struct show *s = ud;
	const struct sc_group *g = &in->groups[gi];
	const struct sc_cond *inc = &g->includes, *exc = &g->excludes;
	size_t n = sc_group_name_count(g);
	bool conditional = inc->caps.n || inc->arches.n || inc->min_kernel ||
			   exc->caps.n || exc->arches.n || exc->min_kernel;

	(void)kept;
	/* Unconditional groups are always kept; listing them is noise. */
	if (!conditional)
		return;
	sc_buf_printf(&s->explain_out, "%s:%u: %s:", name_loc_file(in),
		      g->loc.line, why);
	for (size_t i = 0; i < n && i < 6; i++)
		sc_buf_printf(&s->explain_out, " %s", sc_group_name_at(g, i));
	if (n > 6)
		sc_buf_printf(&s->explain_out, " ... (%zu names)", n);
	sc_buf_puts(&s->explain_out, "\n");
}

/* ---- output ---- */

/* libseccomp writes PFC to an fd; catch it in memory to keep one output path. */
static int pfc_to_buf(struct show *s, const struct sc_compile_opts *o,
		      const struct sc_diag *d, struct sc_error *err)
{
	char chunk[8192];
	int fd, r;
	off_t len;

	fd = memfd_create("seccap-pfc", MFD_CLOEXEC);
	if (fd < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot create a memory file for the PFC text: %s",
			      strerror(errno));
	r = sc_compile_pfc(s->resolved, o, fd, d, err);
	if (r < 0)
		goto out;
	len = lseek(fd, 0, SEEK_CUR);
	if (len < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		r = sc_err(err, errno, NULL, 0, 0, "cannot read back the PFC text: %s",
			   strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = sc_err(err, errno, NULL, 0, 0,
				   "cannot read back the PFC text: %s",
				   strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		sc_buf_put(&s->out, chunk, (size_t)n);
	}
	r = s->out.oom ? sc_err(err, ENOMEM, NULL, 0, 0, "out of memory") : 0;
out:
	close(fd);
	return r;
}

/* The program behind a header recording what it was built from and for. */
static int put_compiled(struct show *s, const struct sc_compile_opts *o,
			struct sc_error *err)
{
	struct sc_cache_req req = { 0 };
	struct sc_compiled_info info;
	uint8_t key[32];
	char kernel[80];
	struct utsname u;

	memcpy(req.profile_digest, s->digest, sizeof(s->digest));
	req.caps = s->target.caps.bits;
	req.arch = s->arch;
	if (s->target.kernel_set)
		snprintf(kernel, sizeof(kernel), "%u.%u (set)",
			 s->target.kernel_major, s->target.kernel_minor);
	else if (uname(&u) == 0)
		snprintf(kernel, sizeof(kernel), "%.64s", u.release);
	else
		snprintf(kernel, sizeof(kernel), "unknown");
	req.kernel = kernel;
	req.log_mode = o->log_mode;
	req.tsync = o->tsync;
	req.no_enosys = o->no_enosys;
	sc_cache_key(&req, key);
	sc_cache_info(&req, key, &info);
	return sc_compiled_write(&info, s->bpf, &s->out, err);
}

/* Write the output; APP_EXIT_FAIL with fail filled (or a usage error). */
static int emit(struct show *s, struct sc_error *fail)
{
	const char *p = s->out.p;
	size_t len = s->out.len;
	int fd = STDOUT_FILENO, r;

	if (s->format == FMT_BPF) {
		p = (const char *)s->bpf->insns;
		len = s->bpf->len * sizeof(struct sock_filter);
	}
	if (s->out_path && strcmp(s->out_path, "-") != 0) {
		fd = open(s->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			  0666);
		if (fd < 0) {
			sc_err(fail, errno, NULL, 0, 0,
			       "cannot open '%s' for writing: %s", s->out_path,
			       strerror(errno));
			return APP_EXIT_FAIL;
		}
	}
	if ((s->format == FMT_BPF || s->format == FMT_COMPILED) && isatty(fd)) {
		if (fd != STDOUT_FILENO)
			close(fd);
		return app_usage("refusing to write a binary BPF program to a "
				 "terminal; use -o FILE or redirect the output");
	}
	if (fd == STDOUT_FILENO) {
		if (len && fwrite(p, 1, len, stdout) != len) {
			sc_err(fail, errno, NULL, 0, 0,
			       "write error on standard output: %s",
			       strerror(errno));
			return APP_EXIT_FAIL;
		}
		return APP_EXIT_OK;
	}
	r = app_write_all(fd, p, len);
	if (r < 0)
		close(fd);
	else if (close(fd) < 0)
		r = -errno;
	if (r < 0) {
		sc_err(fail, -r, NULL, 0, 0, "cannot write '%s': %s",
		       s->out_path, strerror(-r));
		return APP_EXIT_FAIL;
	}
	return APP_EXIT_OK;
}

/* ---- main ---- */

enum { SHOW_OPT_VERIFY = APP_OPT_VERSION + 1 };

/* Returns -1 to go on, or the exit status (--help, --version, errors). */
static int parse_args(struct show *s, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "explain", no_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "verify", no_argument, NULL, SHOW_OPT_VERIFY },
		APP_OPTIONS_COMMON,
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	while ((c = getopt_long(argc, argv, "c:a:k:ef:o:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'c':
			s->caps_spec = optarg;
			break;
		case 'a':
			r = app_parse_arch(optarg, &s->target.arch);
			if (r)
				return r;
			break;
		case 'k':
			r = app_parse_kernel(optarg, &s->target.kernel_major,
					     &s->target.kernel_minor);
			if (r)
				return r;
			s->target.kernel_set = true;
			break;
		case 'e':
			s->explain = true;
			break;
		case 'f': {
			size_t i;

			for (i = 0; format_names[i]; i++)
				if (strcmp(optarg, format_names[i]) == 0)
					break;
			if (!format_names[i]) {
				const char *hint = sc_suggest(optarg,
							      format_names);

				if (hint)
					return app_usage("unknown format '%s'; "
							 "did you mean '%s'?",
							 optarg, hint);
				return app_usage("unknown format '%s'; use table, "
						 "ini, json, oci, pfc, bpf or "
						 "compiled", optarg);
			}
			s->format = (enum show_format)i;
			break;
		}
		case 'o':
			if (!*optarg)
				return app_usage("empty file name for --output");
			s->out_path = optarg;
			break;
		case SHOW_OPT_VERIFY:
			s->verify = true;
			break;
		case 'h':
			return app_help(show_help);
		case APP_OPT_VERSION:
			return app_version();
		default:
			return app_usage_hint();
		}
	}
	if (argc - optind > 1)
		return app_usage("unexpected argument '%s'; give one profile",
				 argv[optind + 1]);
	s->profile_path = optind < argc ? argv[optind] : NULL;
	return -1;
}

/* The target; APP_EXIT_FAIL with fail filled, or a usage error. */
static int fill_target(struct show *s, struct sc_error *fail)
{
	struct sc_error err = { 0 };
	struct utsname u;

	if (s->caps_spec) {
		if (sc_capset_parse(s->caps_spec, &s->target.caps, &err) < 0)
			return app_usage("%s", err.msg);
	} else if (sc_capset_of_self(SC_CAPS_PERMITTED, &s->target.caps,
				     fail) < 0) {
		return APP_EXIT_FAIL;
	}
	s->arch = s->target.arch ? s->target.arch : sc_arch_native();
	if (!s->arch) {
		sc_err(fail, ENOTSUP, NULL, 0, 0, "cannot tell the architecture "
		       "of this machine; give --arch");
		return APP_EXIT_FAIL;
	}
	s->target.arch = s->arch;
	if (s->target.kernel_set) {
		snprintf(s->kernel_text, sizeof(s->kernel_text), "%u.%u (--kernel)",
			 s->target.kernel_major, s->target.kernel_minor);
	} else if (uname(&u) == 0) {
		unsigned a, b;

		if (sc_kernel_parse_release(u.release, &a, &b) == 0)
			snprintf(s->kernel_text, sizeof(s->kernel_text),
				 "%u.%u (uname %.40s)", a, b, u.release);
		else
			snprintf(s->kernel_text, sizeof(s->kernel_text),
				 "unknown (uname '%.40s')", u.release);
	} else {
		snprintf(s->kernel_text, sizeof(s->kernel_text), "unknown");
	}
	return 0;
}

static int render(struct show *s, const struct sc_compile_opts *o,
		  struct app_diag *ds, const struct sc_diag *d)
{
	struct sc_error err = { 0 };
	int r = 0;

	switch (s->format) {
	case FMT_TABLE:
		r = put_table(s);
		break;
	case FMT_OCI:
		r = show_oci(s->resolved, &s->out);
		break;
	case FMT_INI:
		r = sc_ini_write(s->resolved, &s->out, &err);
		break;
	case FMT_JSON:
		r = sc_json_write(s->resolved, &s->out, &err);
		break;
	case FMT_PFC:
		r = pfc_to_buf(s, o, d, &err);
		break;
	case FMT_BPF:
		break;
	case FMT_COMPILED:
		r = put_compiled(s, o, &err);
		break;
	}
	if (r == -ENOMEM && !err.msg[0])
		sc_err(&err, ENOMEM, NULL, 0, 0, "out of memory");
	if (r < 0) {
		app_diag_print(ds, SC_SEV_ERROR, &err);
		return APP_EXIT_FAIL;
	}
	return APP_EXIT_OK;
}

/* --verify: nothing is printed for a filter that differs from its profile. */
static int verify(struct show *s, const struct sc_compile_opts *o,
		  struct app_diag *ds, const struct sc_diag *d)
{
	struct sc_verify_stats st;
	struct sc_error err = { 0 };
	char arch[32];

	if (sc_pipeline_verify(s->resolved, o, s->bpf, d, &st, &err) < 0) {
		app_diag_print(ds, SC_SEV_ERROR, &err);
		return APP_EXIT_FAIL;
	}
	app_arch_short_name(s->arch, arch, sizeof(arch));
	fprintf(stderr, "seccap show: verified: the %s filter does what the "
		"profile says in all %lu cases\n", arch, st.cases);
	return APP_EXIT_OK;
}

int show_main(int argc, char **argv)
{
	struct show s = { .format = FMT_TABLE };
	struct app_diag ds = { 0 };
	struct sc_diag d = app_diag_sink(&ds);
	struct sc_explain ex = { explain_fn, &s };
	struct sc_compile_opts o = { 0 };
	struct sc_error err = { 0 }, fail = { 0 };
	struct sc_pipeline_src src = { 0 };
	struct sc_watchdog wd;
	int rc, built;

	rc = parse_args(&s, argc, argv);
	if (rc >= 0)
		return rc;
	rc = fill_target(&s, &fail);
	if (rc)
		goto out;

	/* Read once: the compiled format records the digest of these bytes. */
	if (sc_pipeline_read(s.profile_path, &src, &err) < 0 ||
	    sc_pipeline_parse(&src, &s.profile, &d, &err) < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		rc = APP_EXIT_FAIL;
		goto out;
	}
	memcpy(s.digest, src.digest, sizeof(s.digest));
	o.arch = s.arch;
	if (app_watchdog_arm(&wd, src.name) < 0) {
		rc = APP_EXIT_FAIL;
		goto out;
	}
	built = sc_pipeline_build(s.profile, &s.target, &o, &d, &ex,
				  &s.resolved, &s.bpf, &err);
	sc_watchdog_disarm(&wd);
	if (built < 0) {
		app_diag_print(&ds, SC_SEV_ERROR, &err);
		rc = APP_EXIT_FAIL;
		goto out;
	}
	if (s.verify) {
		rc = verify(&s, &o, &ds, &d);
		if (rc != APP_EXIT_OK)
			goto out;
	}
	/* Machine formats stay clean: the explanation goes to stderr. */
	if (s.explain && s.format != FMT_TABLE && s.explain_out.len)
		fwrite(s.explain_out.p, 1, s.explain_out.len, stderr);

	rc = render(&s, &o, &ds, &d);
	if (rc == APP_EXIT_OK)
		rc = emit(&s, &fail);
out:
	/* The one place show prints a failure of its own. */
	if (fail.code)
		app_error(&fail);
	sc_pipeline_src_free(&src);
	sc_buf_free(&s.out);
	sc_buf_free(&s.explain_out);
	sc_bpf_free(s.bpf);
	sc_profile_free(s.resolved);
	sc_profile_free(s.profile);
	return rc;
}
