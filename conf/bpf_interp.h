/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small classic-BPF interpreter for seccomp programs: it runs a program
 * on one struct seccomp_data the way the kernel would and counts the
 * instructions executed.  seccap record asks it what the base's filter
 * would answer a notified call; the tests check compiled filters with it
 * without loading them.  It accepts only what the kernel's seccomp checker
 * accepts.
 */
#ifndef SECCAP_BPF_INTERP_H
#define SECCAP_BPF_INTERP_H

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
 * bpf_interp_run without the static check, for a program that passed
 * bpf_interp_check once and runs many times (run-time errors are still
 * caught).
 */
int bpf_interp_exec(const struct sock_filter *insns, size_t len,
		    const struct seccomp_data *d, uint32_t *ret,
		    unsigned *steps);

/* Convenience: a seccomp_data for (arch, nr, args...). */
struct seccomp_data bpf_interp_data(uint32_t arch, int nr, uint64_t a0,
				    uint64_t a1, uint64_t a2, uint64_t a3,
				    uint64_t a4, uint64_t a5);

/* One instruction in the kernel's disassembler style, for failure messages. */
void bpf_interp_format(const struct sock_filter *insn, size_t pc, char *buf,
		       size_t n);

#endif
