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
#include "audit.h"
#include "bpf_interp.h"
#include "model.h"
#include "names.h"
#include "oracle.h"
#include "resolve.h"
#include "validate.h"

/*
 * libseccomp 2.5.4 leaks tree nodes when it merges some rules (on i386, a
 * socket call's rule on socketcall beside shorter ones of the same action;
 * measured with fuzz_rules): LeakSanitizer, in the fuzzers and the
 * sanitizer build of the tests linking this file, is not to stop on that.
 * Allocations of seccap's own never have libseccomp on their stack.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libseccomp.so\n";
}

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
 * runc_takes in a child: runc's single context meets libseccomp 2.5.4's
 * loop on the rule shapes seccap checks itself (conf/chain.c), and a judge
 * that does not finish cannot judge.  1: takes it, 0: refuses it with
 * -EEXIST, -1: something else (another error, or no answer in 2 s).
 */
static int runc_verdict(const struct sc_profile *r, bool log_mode)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int rc;

		/* libFuzzer's own SIGALRM handler would end the whole run. */
		signal(SIGALRM, SIG_DFL);
		alarm(2);
		rc = runc_takes(r, log_mode);
		/* No leak check or atexit work in the child. */
		syscall(SYS_exit_group, rc == 0 ? 1 : rc == -EEXIST ? 0 : 2);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -1;
	return WEXITSTATUS(status);
}

/*
 * The checks of both compile targets on one resolved profile: the compiler
 * and the oracle refuse the same profiles (on -EEXIST, where the oracle's
 * model is not exact, runc's outcome decides); a program the kernel takes;
 * the same program whichever order rules reach libseccomp in; and, where
 * the oracle vouches for it (oracle_simple), its answers for every arch.
 */
static int check_profile(const struct sc_profile *res,
			 const struct sc_compile_opts *co, uint64_t seed,
			 const char *what, char *msg, size_t msglen)
{
	struct oracle_opts oo = { .native = co->arch, .log_mode = co->log_mode };
	struct sc_compile_opts slow = *co;
	struct sc_error err = { 0 }, err2 = { 0 };
	struct sc_bpf *bpf = NULL, *bpf2 = NULL;
	size_t count = 0, bad = 0;
	struct sc_diag d = { diag_sink, &count };
	struct oracle *o = NULL;
	char why[256];
	int r = 0, rc, ro, verdict;

	rc = sc_compile(res, co, &bpf, &d, &err);
	ro = oracle_new(res, &oo, &o, why, sizeof(why));
	if (rc < 0 && ro < 0)
		goto out;
	if ((rc < 0 ? err.code : -ro) == EEXIST) {
		verdict = runc_verdict(res, co->log_mode);
		if (verdict < 0 || (verdict == 0) == (rc < 0))
			goto out;
	}
	if (rc < 0 || ro < 0) {
		r = finding(msg, msglen,
			    "the compiler %s ('%s'), the oracle %s ('%s') (%s)",
			    rc < 0 ? "refuses it" : "accepts it",
			    rc < 0 ? err.msg : "", ro < 0 ? "refuses it"
							  : "accepts it",
			    ro < 0 ? why : "", what);
		goto out;
	}
	if (bpf_interp_check(bpf->insns, bpf->len, &bad) < 0) {
		r = finding(msg, msglen,
			    "the kernel would refuse the program at instruction %zu of %zu (%s)",
			    bad, bpf->len, what);
		goto out;
	}
	slow.in_order = true;
	if (sc_compile(res, &slow, &bpf2, &d, &err2) < 0 ||
	    bpf2->len != bpf->len ||
	    memcmp(bpf2->insns, bpf->insns, bpf->len * sizeof(*bpf->insns))) {
		r = finding(msg, msglen,
			    "adding the rules in the profile's order gives another result (%s)",
			    what);
		goto out;
	}
	if (oracle_simple(o)) {
		char *text = NULL;
		size_t tlen = 0;
		FILE *f = open_memstream(&text, &tlen);
		struct oracle_report rep = { .out = f, .label = "fuzz",
					     .max_print = 3, .seed = seed,
					     .quick = true };

		if (!f) {
			r = finding(msg, msglen, "out of memory");
			goto out;
		}
		oracle_check_program(o, bpf->insns, bpf->len, &rep);
		fclose(f);
		if (rep.diffs)
			r = finding(msg, msglen,
				    "%lu differences from the oracle (%s):\n%s",
				    rep.diffs, what, text ? text : "");
		free(text);
	}
out:
	oracle_free(o);
	sc_bpf_free(bpf);
	sc_bpf_free(bpf2);
	return r;
}

int fuzz_compile(const uint8_t *data, size_t size, char *msg, size_t msglen)
{
	static const char *const capsets[] = { "none", "docker", "all" };
	struct sc_profile *p = NULL, *res = NULL;
	struct sc_error err = { 0 };
	struct sc_target t = { .arch = SCMP_ARCH_X86_64, .kernel_set = true,
			       .kernel_major = 6, .kernel_minor = 1 };
	struct sc_compile_opts co = { .arch = SCMP_ARCH_X86_64 };
	size_t count = 0;
	struct sc_diag d = { diag_sink, &count };
	uint32_t h = 2166136261u;
	char what[64];
	int r = 0;

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
	co.log_mode = (h >> 8) % 4 == 0;
	if (sc_resolve(p, &t, NULL, &res, &err) < 0)
		goto out;
	snprintf(what, sizeof(what), "caps %s%s", capsets[h % 3],
		 co.log_mode ? ", log mode" : "");
	r = check_profile(res, &co, h, what, msg, msglen);
out:
	sc_profile_free(res);
	sc_profile_free(p);
	return r;
}

/* ---- fuzz_rules ------------------------------------------------------ */

/*
 * Bytes -> a profile of the shapes libseccomp 2.5.4 gets wrong: several
 * rules for a few syscalls, each with up to three conditions, mostly on
 * the same three arguments, every operator, values near the 32-bit and
 * 64-bit edges (or any 64-bit value), one action or several.
 */
struct bytes {
	const uint8_t *p;
	size_t n;
};

static unsigned take(struct bytes *b)
{
	if (!b->n)
		return 0;
	b->n--;
	return *b->p++;
}

static uint64_t take_value(struct bytes *b)
{
	static const uint64_t edge[] = {
		0, 1, 2, 3, 7, 16, 38, 40, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff, 0x100000000ull, 0x100000001ull,
		0x8000000000000000ull, ~0ull,
	};
	unsigned k = take(b);
	uint64_t v = 0;

	if (k < 240)
		return edge[k % (sizeof(edge) / sizeof(edge[0]))];
	for (int i = 0; i < 8; i++)
		v = v << 8 | take(b);
	return v;
}

/* socket, connect, accept4 and semget are multiplexed on i386. */
static const char *const rule_names[] = {
	"getppid", "personality", "socket", "connect", "socketcall",
	"accept4", "semget", "fchmodat2",
};
static const char *const rule_ops[] = {
	"SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",
	"SCMP_CMP_GT", "SCMP_CMP_GE", "SCMP_CMP_MASKED_EQ",
};
static const char *const rule_actions[] = {
	"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_TRAP", "SCMP_ACT_LOG",
	"SCMP_ACT_KILL",
};

static struct sc_profile *decode_rules(struct bytes *b, uint32_t *native,
				       bool *log_mode)
{
	unsigned head = take(b), nrules = 2 + take(b) % 6;
	bool one_action = head & 8;
	struct sc_profile *p = sc_profile_new("fuzz-rules.json");
	struct sc_loc loc = { 1, 1 };

	if (!p)
		return NULL;
	*native = head & 1 ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64;
	*log_mode = (head & 6) == 6;
	if (sc_set_str(&p->default_action, head & 16 ? "SCMP_ACT_ERRNO"
						      : "SCMP_ACT_KILL") < 0 ||
	    sc_strv_push(&p->architectures, "SCMP_ARCH_X86_64", (size_t)-1, loc) < 0 ||
	    sc_strv_push(&p->architectures, "SCMP_ARCH_X86", (size_t)-1, loc) < 0 ||
	    ((head & 32) && sc_strv_push(&p->architectures, "SCMP_ARCH_X32",
					 (size_t)-1, loc) < 0))
		goto fail;
	for (unsigned i = 0; i < nrules && b->n; i++) {
		struct sc_group *g = sc_profile_add_group(p);
		unsigned who = take(b), act = take(b), nc = take(b);

		if (!g)
			goto fail;
		g->loc = (struct sc_loc){ 10 + i, 3 };
		/* Mostly the first two names, so rules meet. */
		if (sc_strv_push(&g->names,
				 rule_names[who & 0x80 ? who % 8 : who % 2],
				 (size_t)-1, g->loc) < 0 ||
		    sc_set_str(&g->action,
			       rule_actions[one_action ? 0 : act % 5]) < 0)
			goto fail;
		if (!one_action && act % 5 == 1) {
			g->has_errno_ret = true;
			g->errno_ret = 1 + (act >> 4) % 3;
		}
		for (unsigned k = 0; k < nc % 4; k++) {
			struct sc_arg *a = sc_group_add_arg(g);
			unsigned what = take(b);

			if (!a)
				goto fail;
			/* Arguments 0-2 mostly; a repeat makes it an OR. */
			a->index = what & 0x80 ? what % 6 : what % 3;
			a->value = take_value(b);
			a->value_two = take_value(b);
			a->loc = g->loc;
			if (sc_set_str(&a->op, rule_ops[(what >> 3) % 7]) < 0)
				goto fail;
		}
	}
	return p;
fail:
	sc_profile_free(p);
	return NULL;
}

int fuzz_rules(const uint8_t *data, size_t size, char *msg, size_t msglen)
{
	struct bytes b = { data, size };
	struct sc_profile *p, *res = NULL;
	struct sc_target t = { .kernel_set = true, .kernel_major = 6,
			       .kernel_minor = 1 };
	struct sc_compile_opts co = { 0 };
	struct sc_error err = { 0 };
	uint64_t seed = 1469598103934665603u;
	int r = 0;

	p = decode_rules(&b, &co.arch, &co.log_mode);
	if (!p)
		return finding(msg, msglen, "out of memory");
	t.arch = co.arch;
	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 1099511628211u;
	if (sc_capset_parse("none", &t.caps, &err) == 0 &&
	    sc_resolve(p, &t, NULL, &res, &err) == 0)
		r = check_profile(res, &co, seed,
				  co.arch == SCMP_ARCH_X86 ? "native i386"
							   : "native x86_64",
				  msg, msglen);
	sc_profile_free(res);
	sc_profile_free(p);
	return r;
}

/* ---- fuzz_audit ---------------------------------------------------------- */

struct audit_seen {
	unsigned records, bad, last_line;
	const char *problem;
};

static void audit_seen_fn(void *ud, const struct sc_audit_record *r,
			  const struct sc_error *bad)
{
	struct audit_seen *s = ud;
	unsigned line = r ? r->line : bad->line;

	if (s->problem)
		return;
	/* Reported once each, in input order, with the line it was on. */
	if (line == 0 || line <= s->last_line) {
		s->problem = "a record out of order or without its line";
		return;
	}
	s->last_line = line;
	if (r) {
		s->records++;
		if (strnlen(r->comm, sizeof(r->comm)) == sizeof(r->comm) ||
		    strnlen(r->exe, sizeof(r->exe)) == sizeof(r->exe))
			s->problem = "comm= or exe= not terminated";
	} else {
		s->bad++;
		if (!bad->msg[0])
			s->problem = "a malformed record without a message";
	}
}

int fuzz_audit(const uint8_t *data, size_t size, char *msg, size_t msglen)
{
	struct audit_seen seen = { 0 };
	struct sc_audit_record rec;
	struct sc_error e = { 0 };
	FILE *f;
	int r;

	/* The whole input as one line, not NUL-terminated: reads stay in it. */
	(void)sc_audit_parse_line((const char *)data, size, "fuzz", 1, &rec,
				  &e);
	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	r = sc_audit_read(f, "fuzz", audit_seen_fn, &seen, &e);
	fclose(f);
	if (r < 0 && r != -ENOMEM)
		return finding(msg, msglen, "sc_audit_read failed on memory: %s",
			       e.msg);
	if (seen.problem)
		return finding(msg, msglen, "%s", seen.problem);
	return 0;
}
