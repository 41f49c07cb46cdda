/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the benchmark programs: the profile under test (Docker's
 * default, resolved for Docker's 14 default capabilities on this machine's
 * arch and kernel), the reference filter crun and runc build from it, and
 * timing helpers.  Every program prints "key value" lines that
 * bench/run.sh collects into the table.
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

uint64_t bench_now_ns(void);
/* Median of n values (sorts v). */
double bench_median(double *v, size_t n);
/* Die with a message. */
__attribute__((noreturn, format(printf, 1, 2))) void bench_die(const char *fmt,
								 ...);

#endif
