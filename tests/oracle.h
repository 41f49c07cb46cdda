/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The differential checker's oracle (test code): what a seccomp filter
 * built from a RESOLVED profile (sc_resolve's output) must return for one
 * struct seccomp_data, computed straight from the profile model with the
 * semantics of docker-semantics.md §4-§7 and of libseccomp 2.5.4 as
 * measured (see the comment at the top of oracle.c).  It shares no code
 * with conf/compile.c: only the name tables (names.h) and libseccomp's own
 * syscall-number lookup.
 */
#ifndef SECCAP_TEST_ORACLE_H
#define SECCAP_TEST_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/seccomp.h>

#include "model.h"

struct oracle;

struct oracle_opts {
	uint32_t native;  /* SCMP_ARCH_* of the native arch (required) */
	bool log_mode;    /* complain mode: every deny becomes LOG */
	bool no_enosys;   /* no ENOSYS for syscalls above the highest */
	bool tsync;       /* the load flags include TSYNC */
};

/*
 * Build the oracle for a resolved profile.  Returns 0, or a negative errno
 * when the compiler must refuse the profile (unknown action, NOTIFY, errno
 * out of range, bad index/operator, unknown syscall in a denying rule, two
 * rules with the same conditions and different actions, ...), with a
 * message in why.
 */
int oracle_new(const struct sc_profile *resolved, const struct oracle_opts *o,
	       struct oracle **ret, char *why, size_t whylen);
void oracle_free(struct oracle *o);

/*
 * The SECCOMP_RET_* value (action | data) the filter must return for d.
 * why (may be NULL) gets a one-line explanation: which rule decided.
 */
uint32_t oracle_eval(const struct oracle *o, const struct seccomp_data *d,
		     char *why, size_t whylen);

/* SECCOMP_FILTER_FLAG_* the program must be loaded with. */
unsigned int oracle_flags(const struct oracle *o);

/*
 * Syscall numbers worth trying for the ABI with this seccomp_data.arch
 * (x32: pass AUDIT_ARCH_X86_64 and x32 = true): every number that has a
 * rule and the highest known number (N) with N+1.  Returns how many were
 * written (at most max).
 */
size_t oracle_numbers(const struct oracle *o, uint32_t audit, bool x32,
		      uint32_t *out, size_t max);

/* True if (audit, nr) has at least one rule with argument conditions. */
bool oracle_has_conditions(const struct oracle *o, uint32_t audit,
			   uint32_t nr);

/*
 * Argument vectors worth trying for (audit, nr): built from the rules'
 * own comparison values (each value, value +- 1, 0, all ones, the high
 * half set; for MASKED_EQ the mask, the expected value, expected | ~mask,
 * one mask bit flipped), a vector satisfying each rule and one violating
 * each of its conditions, and random mixes drawn from *seed.  Writes at
 * most max vectors of 6 arguments; returns how many.
 */
size_t oracle_arg_vectors(const struct oracle *o, uint32_t audit, uint32_t nr,
			  uint64_t (*out)[6], size_t max, uint64_t *seed);

/*
 * True when the oracle's answer is known to be the filter's for every
 * syscall of the profile: at most one conditional rule, or rules with one
 * action (libseccomp 2.5.4 merges those right when they compare only with
 * == and masked ==, and seccap checks the others itself), or rules with a
 * comparison other than == and masked == (seccap checks those itself, in
 * the order described in oracle.c).  Left out: several actions compared
 * only with == and masked ==, where libseccomp breaks ties of equal values
 * by insertion order (see oracle.c).
 */
bool oracle_simple(const struct oracle *o);

/*
 * The SECCOMP_RET_* value of a group's or the default's action as the
 * oracle reads it (the same number as libseccomp's SCMP_ACT_*); negative
 * errno and why when it is not one.
 */
int oracle_action_value(const char *action, bool has_ret, uint64_t ret,
			const char *errno_name, bool log_mode, uint32_t *value,
			char *why, size_t whylen);

/* "KILL", "ERRNO(38)", "ALLOW", ... */
void oracle_format_action(uint32_t ret, char *buf, size_t n);

/*
 * The checker: run a program in conf/bpf_interp over every case and
 * compare with the oracle.  The program is in the byte order of the
 * native arch's machine (sc_compile's output), and runs on that machine's
 * layout of seccomp_data.  Cases, for every ABI of the native arch's
 * family (x86_64: x32 and i386; aarch64: arm; s390x: s390; mips64: n32
 * and o32; ...) and of the filter: numbers 0-1023 from the ABI's first
 * (x32 0x40000000, mips o32 4000, n64 5000, n32 6000), nr -1, every number
 * with a rule and each side of the highest (oracle_numbers), with the
 * argument vectors of oracle_arg_vectors; every other ABI libseccomp
 * knows on a few numbers.  Differences are printed to out (at most
 * max_print of them, each with the label), and counted.
 */
struct sock_filter;
struct oracle_report {
	FILE *out;
	const char *label;
	unsigned max_print;
	uint64_t seed;          /* for the random argument values */
	unsigned long cases;    /* out: how many cases ran */
	unsigned long diffs;    /* out: how many differed */
	bool bad_program;       /* out: the interpreter refused the program */
	/*
	 * Quick (for fuzzing): only the numbers with rules, each side of the
	 * highest, -1 and four random ones per ABI, with at most 16 vectors
	 * each.
	 */
	bool quick;
};
unsigned long oracle_check_program(const struct oracle *o,
				   const struct sock_filter *insns, size_t len,
				   struct oracle_report *rep);

#endif
