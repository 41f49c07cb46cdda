/* SPDX-License-Identifier: Apache-2.0 */
#include "targets.h"

#include <errno.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compile.h"
#include "error.h"
#include "io.h"
#include "lib/bpf_interp.h"
#include "model.h"
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
	rc = sc_compile(res, &co, &bpf, &d, &err);
	ro = oracle_new(res, &oo, &o, why, sizeof(why));
	if (rc < 0 && ro < 0)
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
