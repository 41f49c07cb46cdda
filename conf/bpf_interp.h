/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one classic-BPF interpreter for seccomp programs: it runs a program
 * on one struct seccomp_data the way the kernel would and counts the
 * instructions executed, so a compiled filter can be checked without
 * loading it (conf/verify.c, the tests, the benchmarks), and seccap record
 * can ask what the base's filter would answer a notified call.  It accepts
 * only what the kernel's seccomp checker accepts.
 */
#ifndef SECCAP_BPF_INTERP_H
#define SECCAP_BPF_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

/*
 * Static check, as the kernel does before loading (bpf_check_classic,
 * seccomp_check_filter): length 1..BPF_MAXINSNS, only opcodes seccomp
 * allows, absolute loads aligned and inside struct seccomp_data, scratch
 * memory read only after it was written on every path, every jump inside
 * the program, the last instruction a return.  Returns 0 or -EINVAL with
 * the offending index in *bad_pc (if not NULL).
 */
int bpf_interp_check(const struct sock_filter *insns, size_t len,
		     size_t *bad_pc);

/*
 * Run insns on d.  *ret gets the returned SECCOMP_RET_* value (action and
 * data), *steps (may be NULL) the number of instructions executed.
 * Returns 0, or -EINVAL for a program the kernel would reject or that
 * goes wrong at run time (jump or load out of range, running off the end).
 */
int bpf_interp_run(const struct sock_filter *insns, size_t len,
		   const struct seccomp_data *d, uint32_t *ret,
		   unsigned *steps);

/*
 * The same on a machine of the given byte order: the program's
 * instructions are in this machine's order (see bpf_interp_swap), the
 * absolute loads read d as that machine lays it out in memory.  Lets a
 * test run a big-endian arch's program (s390x, ppc64, mips) here.
 */
int bpf_interp_run_as(const struct sock_filter *insns, size_t len,
		      const struct seccomp_data *d, bool big_endian,
		      uint32_t *ret, unsigned *steps);

/*
 * bpf_interp_run_as without the static check, for a program that
 * bpf_interp_check has accepted (the check costs more than most runs).
 */
int bpf_interp_exec(const struct sock_filter *insns, size_t len,
		    const struct seccomp_data *d, bool big_endian,
		    uint32_t *ret, unsigned *steps);

/* Reverse the byte order of every instruction's code and k, in place. */
void bpf_interp_swap(struct sock_filter *insns, size_t len);

/* Convenience: a seccomp_data for (arch, nr, args...). */
struct seccomp_data bpf_interp_data(uint32_t arch, int nr, uint64_t a0,
				    uint64_t a1, uint64_t a2, uint64_t a3,
				    uint64_t a4, uint64_t a5);

/* One instruction in the kernel's disassembler style, for failure messages. */
void bpf_interp_format(const struct sock_filter *insn, size_t pc, char *buf,
		       size_t n);

/*
 * A SECCOMP_RET_* value (action and data) as people read it: "ALLOW",
 * "ERRNO(1)", "KILL_THREAD", "TRACE(5)", ...
 */
void bpf_interp_format_ret(uint32_t ret, char *buf, size_t n);

#endif
