/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a resolved profile decides, as a reviewer asks it: for one arch and
 * syscall number, the action for every argument value or the split of the
 * argument space into regions that each get one action; and the
 * behavioural difference of two resolved profiles over every arch and
 * number, with the argument condition where it depends on arguments.
 *
 * The answers come from the self-check's model of the profile
 * (verify_internal.h: verify_profile_read, verify_expect), never from the
 * compiler, so `seccap diff` reports what the profile says, and
 * `seccap show --verify` checks the program does the same.
 *
 * Arguments are split exactly: the comparisons ("atoms") the rules of both
 * sides name are collected; the feasible truth assignments of the atoms of
 * each argument are found by a decision procedure over intervals, fixed
 * bits and excluded patterns that also yields a witness value; each
 * feasible combination is one region, decided by running the model on its
 * witness.  Past the limits below no exact split is claimed: the region
 * list is marked inexact (sample calls), and where the rules of the two
 * sides differ the difference gives every action each side may give and
 * says "depends on arguments".
 */
#ifndef SECCAP_DECIDE_H
#define SECCAP_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"
#include "error.h"
#include "model.h"

#define SC_DECIDE_MAX_ACTS 8    /* distinct actions of overlapping rules */
#define SC_DECIDE_MAX_ATOMS 64  /* comparisons on one syscall, both sides */
#define SC_DECIDE_MAX_REGIONS 4096

/* A resolved profile read for one target (opaque). */
struct sc_decide;

/*
 * Read resolved (from sc_resolve/sc_pipeline_build) for the options it is
 * compiled with (o->arch: the native arch, 0 = this machine's).  Returns 0
 * or -errno with err (a profile the compiler refuses, no memory).
 */
int sc_decide_open(const struct sc_profile *resolved,
		   const struct sc_compile_opts *o, struct sc_decide **ret,
		   struct sc_error *err);
void sc_decide_free(struct sc_decide *d);

/* The arches the filter has, as SCMP_ARCH_* tokens (the native one first). */
size_t sc_decide_narches(const struct sc_decide *d);
uint32_t sc_decide_arch(const struct sc_decide *d, size_t i);

enum sc_decide_why {
	SC_DECIDE_RULE,    /* a rule of a group (the first that matched) */
	SC_DECIDE_DEFAULT, /* no rule: defaultAction */
	SC_DECIDE_ENOSYS,  /* no rule, newer than the profile: ERRNO(ENOSYS) */
	SC_DECIDE_ARCH,    /* an ABI the filter does not have: KILL_THREAD */
};

/* What one call gets. */
struct sc_decision {
	/* SECCOMP_RET_* values in the kernel's precedence, most severe first */
	uint32_t acts[SC_DECIDE_MAX_ACTS];
	unsigned n; /* >1: overlapping rules, libseccomp picks one of them */
	enum sc_decide_why why;
	size_t group;      /* SC_DECIDE_RULE: index in the resolved profile */
	struct sc_loc loc; /* SC_DECIDE_RULE: the name's; else defaultAction's */
	bool unconditional; /* SC_DECIDE_RULE: that rule has no condition */
};

/*
 * A call on an arch given as its SCMP_ARCH_* token (x32: the number with
 * or without the 0x40000000 bit).
 */
void sc_decide_call(const struct sc_decide *d, uint32_t arch, uint32_t nr,
		    const uint64_t args[6], struct sc_decision *out);

/*
 * Every action a call may get whatever its arguments: each rule's, and
 * what no rule matching gives unless a rule has no condition.  One
 * decision (loc, why) where the arguments do not matter; else the first
 * rule's, and several actions or one.
 */
void sc_decide_possible(const struct sc_decide *d, uint32_t arch, uint32_t nr,
			struct sc_decision *out);

/* What a call no rule matches gets: defaultAction, or ERRNO(ENOSYS). */
uint32_t sc_decide_fallback(const struct sc_decide *d, uint32_t arch,
			    uint32_t nr);

/*
 * The ENOSYS threshold of the section a call is judged on: the highest
 * number the profile names there (*name its syscall's name, or NULL);
 * false when that section has none.
 */
bool sc_decide_threshold(const struct sc_decide *d, uint32_t arch,
			 uint32_t nr, uint32_t *max, const char **name);

/*
 * The ABI a call of seccomp_data.arch (an AUDIT_ARCH_* value, as audit
 * records give it) and nr is made on, as an SCMP_ARCH_* token: x32 for
 * x86_64 numbers with the 0x40000000 bit.
 */
uint32_t sc_decide_abi(uint32_t audit, uint32_t nr);

/* One comparison of a rule: argument arg, enum scmp_compare op. */
struct sc_atom {
	unsigned arg;
	int op;
	uint64_t datum; /* MASKED_EQ: the expected value, masked */
	uint64_t mask;  /* MASKED_EQ only */
};

/* A rule the filter has for a syscall number, and whether it matches. */
struct sc_decide_rule {
	uint32_t action;   /* SECCOMP_RET_* */
	size_t group;      /* index in the resolved profile */
	struct sc_loc loc; /* the name's */
	unsigned n;        /* conditions, all of which must hold; 0: none */
	struct sc_atom c[6];
	bool c_holds[6];   /* for the arguments given */
	bool is32;         /* the arch compares the low 32 bits only */
	bool holds;        /* every condition holds */
};

/*
 * The rules of nr on arch in the profile's order (rules that repeat what
 * no rule matching gives are not in the filter and not here), at most max
 * into out; returns how many there are.  args NULL: all zero.
 */
size_t sc_decide_rules(const struct sc_decide *d, uint32_t arch, uint32_t nr,
		       const uint64_t args[6], struct sc_decide_rule *out,
		       size_t max);

/* The same truth of every atom: one decision per side. */
struct sc_region {
	uint64_t truth;    /* bit i: atom i holds */
	uint64_t args[6];  /* a call in the region */
	struct sc_decision side[2];
};

/*
 * The argument split of one syscall number on one arch for one or two
 * profiles (nsides 1 or 2) at once, over the atoms of all of them.
 * exact false: too many atoms or regions; regions are then sample calls
 * (the atoms' values and neighbours), not a partition.
 */
struct sc_split {
	size_t natoms;
	struct sc_atom atoms[SC_DECIDE_MAX_ATOMS];
	bool is32; /* the arch compares the low 32 bits only */
	bool exact;
	size_t n, cap;
	struct sc_region *r;
};

int sc_decide_split(const struct sc_decide *const *sides, unsigned nsides,
		    uint32_t arch, uint32_t nr, struct sc_split *out,
		    struct sc_error *err);
void sc_split_free(struct sc_split *s);

/* Add an action to d's set, in the kernel's precedence, once. */
void sc_decision_add(struct sc_decision *d, uint32_t act);
/* Whether two decisions give the same set of actions. */
bool sc_decision_same(const struct sc_decision *a, const struct sc_decision *b);
/* Whether one of the actions lets the call run (ALLOW, LOG), or all do. */
bool sc_decision_may_run(const struct sc_decision *d);
bool sc_decision_must_run(const struct sc_decision *d);

/* "ALLOW", "ERRNO(EPERM)", "TRACE(3)", "KILL_PROCESS"; several: " or ". */
void sc_decision_format(const struct sc_decision *d, char *buf, size_t n);
/* One SECCOMP_RET_* value as sc_decision_format writes it. */
void sc_ret_format(uint32_t ret, char *buf, size_t n);
/*
 * "file:line" of the deciding group, "default action", "ENOSYS stub (newer
 * than the profile)" or "arch not in the profile".
 */
void sc_decision_source(const struct sc_decision *d,
			const struct sc_profile *p, char *buf, size_t n);
/* "file" of the profile's messages: its path, or "<profile>". */
const char *sc_decide_file(const struct sc_profile *p);
/* "arg0 & 0x7e020000 == 0"; holds false: its negation. */
void sc_atom_format(const struct sc_atom *a, bool holds, char *buf, size_t n);
/*
 * The conjunction of atoms[0..n) (n <= 64), atom i holding where bit i of
 * holds is set, as a difference's condition is written: argument by
 * argument the interval and the points it misses ("arg0 >= 38 && arg0 <=
 * 40 && arg0 != 39", "arg1 >= 4" for "arg1 > 3"), then the masked
 * comparisons.  is32: the arch compares the low 32 bits only.
 */
void sc_atoms_format(const struct sc_atom *atoms, size_t n, uint64_t holds,
		     bool is32, char *buf, size_t len);
/* An argument value as conditions show it: decimal below 4096, else hex. */
void sc_value_format(uint64_t v, bool hex, char *buf, size_t n);

/* ---- the difference of two profiles ---- */

/*
 * One difference: on arch, numbers nr_lo..nr_hi (several only for numbers
 * no syscall table names, with the same difference), A decides a and B b
 * where cond holds: NULL for every argument value, else a condition over
 * arg0..arg5 ("arg0 & 0x7e020000 != 0"; "depends on arguments" where no
 * exact one could be derived, a and b then every action each side may
 * give).
 */
struct sc_diff_item {
	uint32_t arch;
	uint32_t nr_lo, nr_hi;
	char name[48]; /* the syscall's name, "" for an unnamed number */
	struct sc_decision a, b;
	char *cond;
	bool opens; /* B may let run what A may not: fails --subset */
};

struct sc_diff {
	size_t n, cap;
	struct sc_diff_item *v;
};

/*
 * Every behavioural difference of a and b (each opened for the same
 * target), arch by arch (the union of both), number by number: every
 * number the syscall tables know on the arch, those the rules name, the
 * ENOSYS thresholds, and the numbers between and above them (as ranges).
 * Returns 0 (out->n == 0: the same behaviour) or -errno with err.
 */
int sc_decide_diff(const struct sc_decide *a, const struct sc_decide *b,
		   struct sc_diff *out, struct sc_error *err);
void sc_diff_free(struct sc_diff *d);

#endif
