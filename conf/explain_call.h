/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a resolved profile gives one call, and which of its rules could
 * decide it, for `seccap why`.  A thin public face of the self-check's
 * model (conf/verify_model.c): the answer is the one the compiled filter
 * is checked against, not a second evaluator.  No printing here; the
 * action text helper fills a buffer.
 */
#ifndef SECCAP_EXPLAIN_CALL_H
#define SECCAP_EXPLAIN_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

/* A resolved profile read into the model for one native arch. */
struct sc_call_model;

/*
 * Read resolved (it must outlive *ret) for native arch (an SCMP_ARCH_*
 * token; 0: this machine's).  Returns 0, or -errno with err.
 */
int sc_call_model_new(const struct sc_profile *resolved, uint32_t arch,
		      struct sc_call_model **ret, struct sc_error *err);
void sc_call_model_free(struct sc_call_model *m);

/* The arch tokens of m's sections (native first), at most n; returns count. */
size_t sc_call_model_arches(const struct sc_call_model *m, uint32_t *out,
			    size_t n);

enum sc_call_why {
	SC_CALL_BY_RULE,    /* one rule matched (or several saying the same) */
	SC_CALL_BY_RULES,   /* overlapping rules with different actions */
	SC_CALL_BY_DEFAULT, /* no rule matched: defaultAction */
	SC_CALL_BY_ENOSYS,  /* no rule, above the profile's highest number */
	SC_CALL_BY_ARCH,    /* an ABI the filter does not handle */
};

#define SC_CALL_MAX_ACTS 8

struct sc_call_answer {
	/* SECCOMP_RET_* values (action and data); more than one: any */
	uint32_t acts[SC_CALL_MAX_ACTS];
	unsigned nacts;
	enum sc_call_why why;
	/* BY_RULE(S): the first rule that matched, in the resolved profile */
	const struct sc_group *group;
	size_t name;
	struct sc_loc loc;       /* its line; else defaultAction's */
	bool unconditional;      /* that rule has no condition */
	uint32_t fallback;       /* what a call matching no rule gets */
	bool has_max;            /* BY_ENOSYS: the threshold and its name */
	uint32_t max_nr;
};

/*
 * The answer for syscall nr of ABI audit (AUDIT_ARCH_*, x32 numbers with
 * the 0x40000000 bit) with args (six values).
 */
void sc_call_explain(const struct sc_call_model *m, uint32_t audit,
		     uint32_t nr, const uint64_t *args, struct sc_call_answer *a);

/* One argument comparison as the filter makes it. */
struct sc_call_cond {
	unsigned arg;
	int op;          /* enum scmp_compare */
	uint64_t datum;  /* MASKED_EQ: the expected value, already masked */
	uint64_t mask;   /* MASKED_EQ only */
	bool holds;      /* for the args given to sc_call_rules */
};

/* A rule the filter has for a syscall number. */
struct sc_call_rule {
	uint32_t action;
	const struct sc_group *group;
	size_t name;
	struct sc_loc loc;
	unsigned n;      /* 0: unconditional */
	struct sc_call_cond c[6];
	bool holds;      /* every condition holds */
};

/*
 * The rules of (audit, nr) in profile order (rules repeating the default
 * action are not in the filter and not here), at most max of them into
 * out; returns how many there are.  args (may be NULL: all zero) fill the
 * holds fields.
 */
size_t sc_call_rules(const struct sc_call_model *m, uint32_t audit,
		     uint32_t nr, const uint64_t *args,
		     struct sc_call_rule *out, size_t max);

/* The ABI a call of (audit, nr) is made on: SCMP_ARCH_X32 or audit. */
uint32_t sc_call_abi(uint32_t audit, uint32_t nr);
/* The AUDIT_ARCH_* value of an ABI token (x32 is x86_64's). */
uint32_t sc_call_audit_arch(uint32_t token);

/* Whether a SECCOMP_RET_* value lets the syscall run (ALLOW, LOG). */
bool sc_call_allows(uint32_t ret);
/* "ALLOW", "ERRNO(EPERM)", "KILL_PROCESS", "TRACE(3)" ... */
void sc_call_action_text(uint32_t ret, char *buf, size_t n);

#endif
