/* SPDX-License-Identifier: Apache-2.0 */
#include "targets.h"

#include <errno.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "compile.h"
#include "error.h"
#include "io.h"
#include "bpf_interp.h"
#include "model.h"
#include "names.h"
#include "oracle.h"
#include "resolve.h"
#include "validate.h"

static int finding(char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int finding(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Every diagnostic is formatted, as the applets would print it. */
static void diag_sink(void *ud, enum sc_severity sev, const struct sc_error *e)
{
	char buf[1024];
	size_t *count = ud;

	sc_error_format(e, sev == SC_SEV_ERROR ? "error" : "warning", buf,
			sizeof(buf));
	(*count)++;
}

typedef int (*parse_fn)(const char *, const char *, size_t,
			struct sc_profile **, const struct sc_diag *,
			struct sc_error *);
typedef int (*write_fn)(const struct sc_profile *, struct sc_buf *,
			struct sc_error *);

/*
 * Written out by a writer and read back by the same format's reader, a
 * profile must come back equal.  A writer may refuse what its format cannot
 * say, but must not print something else.
 */
static int round_trip(const struct sc_profile *p, const char *file,
		      write_fn wr, parse_fn rd, const char *what, char *msg,
		      size_t n)
{
	struct sc_buf out = { 0 };
	struct sc_error err = { 0 };
	struct sc_profile *q = NULL;
	size_t count = 0;
	struct sc_diag d = { diag_sink, &count };
	int r = 0;

	if (wr(p, &out, &err) < 0) {
		sc_buf_free(&out);
		return 0;
	}
	if (rd(file, out.p ? out.p : "", out.len, &q, &d, &err) < 0)
		r = finding(msg, n, "the %s writer's output does not read back: %s:%u:%u: %s\n--- output ---\n%.*s",
			    what, err.file, err.line, err.col, err.msg,
			    (int)(out.len > 1500 ? 1500 : out.len),
			    out.p ? out.p : "");
	else if (!sc_profile_equal(p, q))
		r = finding(msg, n, "the %s writer's output reads back as another profile\n--- output ---\n%.*s",
			    what, (int)(out.len > 1500 ? 1500 : out.len),
			    out.p ? out.p : "");
	sc_profile_free(q);
	sc_buf_free(&out);
	return r;
}

static int reader(const uint8_t *data, size_t size, const char *file,
		  parse_fn rd, write_fn wr, const char *what, char *msg,
		  size_t n)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };
	size_t count = 0;
	struct sc_diag d = { diag_sink, &count };
	int r;

	if (rd(file, (const char *)data, size, &p, &d, &err) < 0) {
		/* A refusal must say something. */
		if (!err.code || !err.msg[0])
			return finding(msg, n, "the %s reader failed without a message", what);
		return 0;
	}
	sc_profile_validate(p, &d, &err);
	r = round_trip(p, file, wr, rd, what, msg, n);
	sc_profile_free(p);
	return r;
}

int fuzz_ini(const uint8_t *data, size_t size, char *msg, size_t msglen)
{
	return reader(data, size, "fuzz.ini", sc_ini_parse, sc_ini_write,
		      "INI", msg, msglen);
}

int fuzz_json(const uint8_t *data, size_t size, char *msg, size_t msglen)
{
	return reader(data, size, "fuzz.json", sc_json_parse, sc_json_write,
		      "JSON", msg, msglen);
}

/*
 * Whether runc takes the profile: its InitSeccomp on one libseccomp
 * context, in the profile's order.  Returns 0 or what libseccomp returned.
 * The oracle models libseccomp's -EEXIST exactly only on 32-bit ABIs (see
 * oracle.c); where it and the compiler disagree, this is the judge.
 */
static int runc_takes(const struct sc_profile *r, bool log_mode)
{
	char why[256];
	uint32_t def, act;
	scmp_filter_ctx ctx;
	int rc = 0;

	if (oracle_action_value(r->default_action, r->has_default_errno_ret,
				r->default_errno_ret, r->default_errno_name,
				log_mode, &def, why, sizeof(why)) < 0)
		return -EINVAL;
	ctx = seccomp_init(def);
	if (!ctx)
		return -ENOMEM;
	for (size_t i = 0; i < r->architectures.n && rc == 0; i++) {
		uint32_t t = sc_arch_from_scmp_name(r->architectures.v[i].s);

		rc = t ? seccomp_arch_add(ctx, t) : 0;
		if (rc == -EEXIST)
			rc = 0;
	}
	for (size_t i = 0; i < r->ngroups && rc == 0; i++) {
		const struct sc_group *g = &r->groups[i];
		struct scmp_arg_cmp cmp[6];
		unsigned seen[6] = { 0 };
		bool split = false;

		rc = oracle_action_value(g->action, g->has_errno_ret,
					 g->errno_ret, g->errno_name, log_mode,
					 &act, why, sizeof(why));
		if (rc < 0 || act == def)
			continue;
		for (size_t k = 0; k < g->nargs; k++)
			split |= g->args[k].index > 5 ||
				 ++seen[g->args[k].index] > 1;
		for (size_t n = 0; n < g->names.n && rc == 0; n++) {
			int nr = seccomp_syscall_resolve_name(g->names.v[n].s);

			if (nr == __NR_SCMP_ERROR)
				continue;
			for (size_t k = 0; k < g->nargs && rc == 0; k++) {
				cmp[split ? 0 : k] = (struct scmp_arg_cmp){
					.arg = (unsigned)g->args[k].index,
					.op = (enum scmp_compare)sc_op_parse(
						g->args[k].op),
					.datum_a = g->args[k].value,
					.datum_b = g->args[k].value_two,
				};
				if (split)
					rc = seccomp_rule_add_array(ctx, act, nr,
								    1, cmp);
			}
			if (!split && rc == 0)
				rc = seccomp_rule_add_array(
					ctx, act, nr, (unsigned)g->nargs, cmp);
		}
	}
	seccomp_release(ctx);
	return rc;
}

/*
 * libseccomp 2.5.4 can loop for ever adding rules on a 64-bit ABI (two
 * ALLOW rules a0 != 2 && a1 == 2 and a0 != 2 && a2 == 1 for one syscall
 * are enough; see test_compile's libseccomp_loops).  runc loops as well.
 * Every set of rules measured that loops has at least two rules of two or
 * more conditions for one syscall and a comparison other than ==; such
 * inputs are compiled in a child first, and skipped when it does not end.
 */
static bool may_loop(const struct sc_profile *r)
{
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct sc_group *g = &r->groups[i];

		for (size_t n = 0; g->nargs >= 2 && n < g->names.n; n++) {
			size_t multi = 0;
			bool ne = false;

			for (size_t j = 0; j < r->ngroups; j++) {
				const struct sc_group *h = &r->groups[j];

				for (size_t m = 0; h->nargs && m < h->names.n;
				     m++) {
					if (strcmp(g->names.v[n].s,
						   h->names.v[m].s) != 0)
						continue;
					multi += h->nargs >= 2;
					for (size_t k = 0; k < h->nargs; k++)
						ne |= sc_op_parse(h->args[k].op) !=
						      SCMP_CMP_EQ;
				}
			}
			if (multi >= 2 && ne)
				return true;
		}
	}
	return false;
}

static bool compile_ends(const struct sc_profile *res,
			 const struct sc_compile_opts *co)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return true; /* cannot tell: compile in process */
	if (pid == 0) {
		struct sc_bpf *bpf = NULL;
		struct sc_error err = { 0 };

		/* libFuzzer's own SIGALRM handler would end the whole run. */
		signal(SIGALRM, SIG_DFL);
		alarm(2);
		sc_compile(res, co, &bpf, NULL, &err);
		/* No leak check or atexit work in the child. */
		syscall(SYS_exit_group, 0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return true;
	return !(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM);
}

int fuzz_compile(const uint8_t *data, size_t size, char *msg, size_t msglen)
{
	static const char *const capsets[] = { "none", "docker", "all" };
	struct sc_profile *p = NULL, *res = NULL;
	struct sc_error err = { 0 };
	struct sc_target t = { .arch = SCMP_ARCH_X86_64, .kernel_set = true,
			       .kernel_major = 6, .kernel_minor = 1 };
	struct sc_compile_opts co = { .arch = SCMP_ARCH_X86_64 };
	struct oracle_opts oo = { .native = SCMP_ARCH_X86_64 };
	struct sc_bpf *bpf = NULL;
	struct oracle *o = NULL;
	size_t count = 0, bad = 0;
	struct sc_diag d = { diag_sink, &count };
	uint32_t h = 2166136261u;
	char why[256];
	int r = 0, rc, ro;

	if (sc_profile_parse("fuzz", (const char *)data, size, SC_FMT_AUTO, &p,
			     &d, &err) < 0)
		return 0;
	if (sc_profile_validate(p, &d, &err) < 0)
		goto out;
	/* The input picks the capability set and complain mode. */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	if (sc_capset_parse(capsets[h % 3], &t.caps, &err) < 0) {
		r = finding(msg, msglen, "capset: %s", err.msg);
		goto out;
	}
	co.log_mode = oo.log_mode = (h >> 8) % 4 == 0;
	if (sc_resolve(p, &t, NULL, &res, &err) < 0)
		goto out;
	if (may_loop(res) && !compile_ends(res, &co))
		goto out; /* libseccomp's own loop (may_loop) */
	rc = sc_compile(res, &co, &bpf, &d, &err);
	ro = oracle_new(res, &oo, &o, why, sizeof(why));
	if (rc < 0 && ro < 0)
		goto out;
	/* On -EEXIST, runc's outcome decides between the two. */
	if ((rc < 0 ? err.code : -ro) == EEXIST &&
	    (runc_takes(res, co.log_mode) == -EEXIST) == (rc < 0))
		goto out;
	if (rc < 0 || ro < 0) {
		r = finding(msg, msglen,
			    "the compiler %s ('%s'), the oracle %s ('%s')",
			    rc < 0 ? "refuses it" : "accepts it",
			    rc < 0 ? err.msg : "", ro < 0 ? "refuses it"
							  : "accepts it",
			    ro < 0 ? why : "");
		goto out;
	}
	if (bpf_interp_check(bpf->insns, bpf->len, &bad) < 0) {
		r = finding(msg, msglen,
			    "the kernel would refuse the program at instruction %zu of %zu",
			    bad, bpf->len);
		goto out;
	}
	if (oracle_simple(o)) {
		char *text = NULL;
		size_t tlen = 0;
		FILE *f = open_memstream(&text, &tlen);
		struct oracle_report rep = { .out = f, .label = "fuzz",
					     .max_print = 3, .seed = h,
					     .quick = true };

		if (!f) {
			r = finding(msg, msglen, "out of memory");
			goto out;
		}
		oracle_check_program(o, bpf->insns, bpf->len, &rep);
		fclose(f);
		if (rep.diffs)
			r = finding(msg, msglen,
				    "%lu differences from the oracle (caps %s%s):\n%s",
				    rep.diffs, capsets[h % 3],
				    co.log_mode ? ", log mode" : "",
				    text ? text : "");
		free(text);
	}
out:
	oracle_free(o);
	sc_bpf_free(bpf);
	sc_profile_free(res);
	sc_profile_free(p);
	return r;
}
