/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 4: parse, validate, resolve and compile times for synthetic
 * profiles of 100, 1,000 and 10,000 groups, each group one distinct rule:
 * syscall i % 32 allowed when argument (i / 32) % 3 equals a value of its
 * own (an odd multiple of i mod 2^32, so no two groups share a value and
 * no syscall's set of values repeats another's or forms a range the
 * compiler could fold: nothing to de-duplicate away).
 *
 * One group in ten is kept by resolve (half of those unconditionally, half
 * under CAP_SYS_ADMIN, which the target has); the other nine need
 * CAP_SYS_BOOT, which it lacks.  So parse, validate and resolve see every
 * group, and the compiler a tenth of them as distinct rules for three
 * arches: 1,000 at 10,000 groups, about as many as the kernel's 4,096
 * instructions hold (10,000 distinct argument checks cannot fit in any
 * seccomp program).  Each size prints the group and rule counts and the
 * program length beside the medians, so run.sh computes the n log n
 * allowances from the counts actually measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "common.h"
#include "io.h"
#include "pipeline.h"
#include "resolve.h"
#include "validate.h"

static const char *const names[] = {
	"read", "write", "openat", "close", "fstat", "lseek", "mmap",
	"mprotect", "munmap", "brk", "ioctl", "pread64", "pwrite64", "readv",
	"writev", "access", "pipe", "dup", "dup2", "getpid", "sendfile",
	"socket", "connect", "accept", "sendto", "recvfrom", "shutdown",
	"bind", "listen", "fcntl", "flock", "fsync",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))
#define KEEP_ONE_IN 10

static void gen(struct sc_buf *b, size_t n)
{
	sc_buf_puts(b, "{\n\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		       "\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"],\n"
		       "\"syscalls\": [\n");
	for (size_t i = 0; i < n; i++) {
		const char *cap = i % KEEP_ONE_IN ? "CAP_SYS_BOOT" :
				  i % (2 * KEEP_ONE_IN) ? "CAP_SYS_ADMIN" : NULL;
		uint32_t value = (uint32_t)(i * 2654435761u + 12345u);

		sc_buf_printf(b,
			      "{\"names\": [\"%s\"], \"action\": \"SCMP_ACT_ALLOW\", "
			      "\"args\": [{\"index\": %zu, \"value\": %u, \"op\": \"SCMP_CMP_EQ\"}]",
			      names[i % NNAMES], (i / NNAMES) % 3, value);
		if (cap)
			sc_buf_printf(b, ", \"includes\": {\"caps\": [\"%s\"]}", cap);
		sc_buf_printf(b, "}%s\n", i + 1 < n ? "," : "");
	}
	sc_buf_puts(b, "]\n}\n");
}

enum { PARSE, VALIDATE, RESOLVE, COMPILE, TOTAL, NSTAGES };
static const char *const stage_names[] = { "parse", "validate", "resolve",
					   "compile", "us" };

struct sizing {
	size_t rules, len;
};

static void once(const struct sc_buf *b, double *t, struct sizing *sz)
{
	struct sc_error e = { 0 };
	struct sc_target tg = { 0 };
	struct sc_compile_opts o = { 0 };
	struct sc_profile *p = NULL, *r = NULL;
	struct sc_bpf *bpf = NULL;
	uint64_t t0 = bench_now_ns(), t1, t2, t3, t4;

	tg.caps.bits = UINT64_C(1) << 21; /* CAP_SYS_ADMIN */
	if (sc_profile_parse("synthetic.json", b->p, b->len, SC_FMT_JSON, &p,
			     NULL, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	t1 = bench_now_ns();
	if (sc_profile_validate(p, NULL, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	t2 = bench_now_ns();
	if (sc_resolve(p, &tg, NULL, &r, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	t3 = bench_now_ns();
	if (sc_compile(r, &o, &bpf, NULL, &e) < 0)
		bench_die("synthetic profile: %s", e.msg);
	t4 = bench_now_ns();
	t[PARSE] = (double)(t1 - t0) / 1e3;
	t[VALIDATE] = (double)(t2 - t1) / 1e3;
	t[RESOLVE] = (double)(t3 - t2) / 1e3;
	t[COMPILE] = (double)(t4 - t3) / 1e3;
	t[TOTAL] = (double)(t4 - t0) / 1e3;
	sz->rules = 0;
	for (size_t gi = 0; gi < r->ngroups; gi++)
		sz->rules += r->groups[gi].names.n;
	sz->len = bpf->len;
	sc_bpf_free(bpf);
	sc_profile_free(r);
	sc_profile_free(p);
}

int main(void)
{
	static const size_t sizes[] = { 100, 1000, 10000 };
	static const int full_runs[] = { 21, 11, 5 };

	for (size_t s = 0; s < 3; s++) {
		struct sc_buf b = { 0 };
		double v[NSTAGES][21], t[NSTAGES];
		struct sizing sz = { 0 };
		int runs = bench_runs(full_runs[s]);

		gen(&b, sizes[s]);
		if (b.oom)
			bench_die("out of memory");
		for (int k = 0; k < runs; k++) {
			once(&b, t, &sz);
			for (int st = 0; st < NSTAGES; st++)
				v[st][k] = t[st];
		}
		printf("scale.%zu.groups %zu\nscale.%zu.rules %zu\n"
		       "scale.%zu.insns %zu\nscale.%zu.runs %d\n",
		       sizes[s], sizes[s], sizes[s], sz.rules, sizes[s],
		       sz.len, sizes[s], runs);
		for (int st = 0; st < NSTAGES; st++)
			printf("scale.%zu.%s%s %.1f\n", sizes[s],
			       stage_names[st], st == TOTAL ? "" : "_us",
			       bench_median(v[st], (size_t)runs));
		sc_buf_free(&b);
	}
	return 0;
}
