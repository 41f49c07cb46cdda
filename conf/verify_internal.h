/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the two halves of the self-check share, and nothing else includes:
 *
 *   verify_model.c  the profile read into a model, and what it says a call
 *                   gets
 *   verify.c        sc_verify: the program run on the cases, differences
 *                   reported
 *
 * and decide.c, which answers from the same model what a profile decides
 * and how two differ (`seccap diff`): one model of what a profile says.
 */
#ifndef SECCAP_VERIFY_INTERNAL_H
#define SECCAP_VERIFY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"
#include "error.h"
#include "model.h"
#include "verify.h"

#define X32_BIT 0x40000000u
#define MAX_ARCHES 16
#define MAX_MATCH 8     /* distinct actions of overlapping rules */
#define MAX_VALUES 48   /* candidate values per argument */
#define MAX_BASES 64    /* rules of one syscall whose calls are varied */
#define MAX_PAIRED 32   /* values per argument tried against another's */

struct vcond {
	unsigned arg;
	int op;         /* enum scmp_compare */
	uint64_t datum; /* MASKED_EQ: the expected value, masked */
	uint64_t mask;  /* MASKED_EQ only */
};

struct vrule {
	uint32_t nr;
	uint32_t action;
	size_t seq;   /* the order rules were given in: the profile's */
	size_t group; /* in the resolved profile */
	size_t name;  /* index of the name in its group */
	unsigned n;
	struct vcond c[6];
};

struct varch {
	uint32_t token, audit;
	bool is32;
	bool has_max;
	uint32_t max_nr; /* the ENOSYS threshold */
	struct vrule *rules; /* sorted by (nr, seq) once built */
	size_t n, cap;
};

struct vprof {
	const struct sc_profile *p;
	uint32_t def;
	bool enosys;
	unsigned int flags;
	size_t narch;
	struct varch arch[MAX_ARCHES];
	size_t seq;
};

enum vwhy { BY_RULE, BY_RULES, BY_DEFAULT, BY_ENOSYS, BY_ARCH };

struct vexpect {
	uint32_t acts[MAX_MATCH]; /* any of these is right */
	unsigned n;
	enum vwhy why;
	const struct vrule *rule; /* BY_RULE(S): the first that matched */
	const struct varch *arch; /* NULL: BY_ARCH */
};

int verify_profile_read(struct vprof *v, const struct sc_compile_opts *o,
			struct sc_error *err);
void verify_profile_free(struct vprof *v);
/* Where a message about name i of g points. */
struct sc_loc verify_name_loc(const struct sc_group *g, size_t i);
const struct varch *verify_section_of(const struct vprof *v, uint32_t audit,
				      uint32_t nr);
size_t verify_first_rule(const struct varch *a, uint32_t nr);
bool verify_cond_holds(const struct vcond *c, uint64_t v, bool is32);
void verify_expect(const struct vprof *v, uint32_t audit, uint32_t nr,
		   const uint64_t *args, struct vexpect *e);
/*
 * What a call on a (not NULL) that no rule matches gets: the default, or
 * ERRNO(ENOSYS) above the threshold.  Adds to e, which says no rule.
 */
void verify_expect_unmatched(const struct vprof *v, const struct varch *a,
			     uint32_t nr, struct vexpect *e);

#endif
