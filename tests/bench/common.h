/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the benchmark programs: the profile under test (Docker's
 * default, resolved for Docker's 14 default capabilities on this machine's
 * arch and kernel), the reference filters crun and runc build from it, and
 * timing helpers.  Every program prints "key value" lines that
 * tests/bench/run.sh collects into the table.
 */
#ifndef SECCAP_BENCH_COMMON_H
#define SECCAP_BENCH_COMMON_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"
#include "model.h"

/* Docker's default profile, resolved for Docker's default caps. */
struct sc_profile *bench_docker_resolved(const char *path);

/* seccap's program for a resolved profile (no TSYNC: one thread). */
struct sc_bpf *bench_seccap_bpf(const struct sc_profile *r);

/*
 * The program crun (and runc before its ENOSYS stub) loads for r: one
 * libseccomp context with every arch of the profile, libseccomp's
 * defaults (no binary tree), rules added name by name as they do.
 * Returns a malloc'ed program, *len instructions.
 */
struct sock_filter *bench_reference_bpf(const struct sc_profile *r,
					size_t *len);

/*
 * The program runc >= 1.2 loads for r: the same rules in one libseccomp
 * context built as a binary tree (SCMP_FLTATR_CTL_OPTIMIZE = 2), behind
 * runc's ENOSYS stub (bench_runc_stub).  Returns a malloc'ed program,
 * *len instructions; *stub_len of them are the stub.
 */
struct sock_filter *bench_runc_tree_bpf(const struct sc_profile *r,
					size_t *len, size_t *stub_len);

/* Docker's default resolved, and the programs compared, built from it. */
struct bench_set {
	struct sc_profile *r;
	struct sc_bpf *seccap;
	struct sock_filter *crun, *runc;
	size_t crun_len, runc_len, stub_len;
};
void bench_set_build(struct bench_set *s, const char *path);
void bench_set_free(struct bench_set *s);

/*
 * The highest number libseccomp's tables give any syscall r names on arch
 * (an SCMP_ARCH_* token), -1 when none: where runc's stub starts ENOSYS.
 */
int64_t bench_libseccomp_highest(const struct sc_profile *r, uint32_t arch);

/* A raw program as `seccap show --format bpf` writes it; malloc'ed. */
struct sock_filter *bench_read_bpf(const char *path, size_t *len);

/*
 * How many repetitions to run: full, or fewer when SECCAP_BENCH_RUNS is
 * set (the harness's smoke test: every row printed, nothing timed that
 * anyone should read).  Never less than 1.
 */
int bench_runs(int full);

uint64_t bench_now_ns(void);
/* Median of n values (sorts v). */
double bench_median(double *v, size_t n);
/* Die with a message. */
__attribute__((noreturn, format(printf, 1, 2))) void bench_die(const char *fmt,
								 ...);

#endif
