/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 4: parse + validate + resolve + compile time for synthetic
 * profiles of 100, 1,000 and 10,000 groups with argument conditions.
 * Group i allows one syscall of a fixed set when argument i % 3 equals a
 * small value, half the groups under a capability condition (resolve keeps
 * those of CAP_SYS_ADMIN and drops those of CAP_SYS_BOOT), so every stage
 * sees n groups while the program stays under the kernel's 4096
 * instructions.  Each size: median of repeated runs.
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

static void gen(struct sc_buf *b, size_t n)
{
	sc_buf_puts(b, "{\n\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		       "\"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"],\n"
		       "\"syscalls\": [\n");
	for (size_t i = 0; i < n; i++) {
		const char *cap = i % 2 ? (i % 4 == 1 ? "CAP_SYS_ADMIN" : "CAP_SYS_BOOT")
					: NULL;

		sc_buf_printf(b,
			      "{\"names\": [\"%s\"], \"action\": \"SCMP_ACT_ALLOW\", "
			      "\"args\": [{\"index\": %zu, \"value\": %zu, \"op\": \"SCMP_CMP_EQ\"}]",
			      names[i % NNAMES], (i / NNAMES) % 3, (i / (3 * NNAMES)) % 4);
		if (cap)
			sc_buf_printf(b, ", \"includes\": {\"caps\": [\"%s\"]}", cap);
		sc_buf_printf(b, "}%s\n", i + 1 < n ? "," : "");
	}
	sc_buf_puts(b, "]\n}\n");
}

static double stage[4];

static double once(const struct sc_buf *b, size_t *len)
{
	struct sc_error e = { 0 };
	struct sc_target t = { 0 };
	struct sc_compile_opts o = { 0 };
	struct sc_profile *p = NULL;
	struct sc_bpf *bpf = NULL;
	uint64_t t0 = bench_now_ns(), t1, t2, t3;

	t.caps.bits = UINT64_C(1) << 21; /* CAP_SYS_ADMIN */
	if (sc_profile_parse("synthetic.json", b->p, b->len, SC_FMT_JSON, &p,
			     NULL, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	t1 = bench_now_ns();
	if (sc_profile_validate(p, NULL, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	t2 = bench_now_ns();
	struct sc_profile *r = NULL;

	if (sc_resolve(p, &t, NULL, &r, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	stage[3] = (double)(bench_now_ns() - t2) / 1e3;
	sc_profile_free(r);
	t2 = bench_now_ns();
	if (sc_pipeline_build(p, &t, &o, NULL, NULL, NULL, &bpf, &e) < 0)
		bench_die("synthetic profile: %s:%u: %s", e.file, e.line, e.msg);
	t3 = bench_now_ns();
	double us = (double)(t3 - t0) / 1e3;

	stage[0] = (double)(t1 - t0) / 1e3;
	stage[1] = (double)(t2 - t1) / 1e3;
	stage[2] = (double)(t3 - t2) / 1e3;

	*len = bpf->len;
	sc_bpf_free(bpf);
	sc_profile_free(p);
	return us;
}

int main(void)
{
	static const size_t sizes[] = { 100, 1000, 10000 };
	static const int runs[] = { 21, 11, 5 };

	for (size_t s = 0; s < 3; s++) {
		struct sc_buf b = { 0 };
		double v[21];
		size_t len = 0;

		gen(&b, sizes[s]);
		if (b.oom)
			bench_die("out of memory");
		for (int k = 0; k < runs[s]; k++)
			v[k] = once(&b, &len);
		printf("scale.%zu.us %.1f\nscale.%zu.insns %zu\n", sizes[s],
		       bench_median(v, (size_t)runs[s]), sizes[s], len);
		printf("scale.%zu.parse_us %.1f\nscale.%zu.validate_us %.1f\n"
		       "scale.%zu.build_us %.1f\nscale.%zu.resolve_us %.1f\n",
		       sizes[s], stage[0], sizes[s], stage[1], sizes[s],
		       stage[2], sizes[s], stage[3]);
		sc_buf_free(&b);
	}
	return 0;
}
