/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccap's own checks for one syscall, for the rule sets libseccomp 2.5.4
 * compiles wrongly or never finishes compiling (see chain.c): the rules'
 * conditions tested one rule after the other, a plain linear chain whose
 * correctness can be read off the instructions.  compile_ctx.c decides
 * which syscalls go this way; compile_layout.c puts the chains into the
 * program.
 */
#ifndef SECCAP_CHAIN_H
#define SECCAP_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <seccomp.h>

struct sock_filter;

/* One rule: all its conditions must hold (AND) for action to be taken. */
struct sc_chain_rule {
	uint32_t action; /* SECCOMP_RET_* | data, as the kernel returns it */
	unsigned n;
	struct scmp_arg_cmp c[6];
};

/*
 * The conditions c[0..n) as libseccomp reads them on an ABI (is32: only the
 * low 32 bits of values, masks and arguments count): MASKED_EQ's expected
 * value ANDed with its mask, a MASKED_EQ whose mask is 0 dropped (it always
 * holds), datum_b cleared where it means nothing, sorted by argument.
 * Rewrites c in place; returns how many conditions are left.
 */
unsigned sc_chain_normalise(struct scmp_arg_cmp *c, unsigned n, bool is32);

/*
 * One rule as it lands in one syscall entry of one arch, in the order
 * compile_ctx.c would add it to libseccomp (the profile's).
 */
struct sc_chain_item {
	size_t atom;   /* the caller's rule it comes from; on x86 one rule for
			* a socket or IPC call lands in two entries */
	uint64_t key;  /* the items of one entry have the same key */
	uint32_t nr;   /* the number that entry compares */
	bool own_ok;   /* seccap may check the entry itself */
	bool no_entry; /* a pseudo number: libseccomp's rules for it reach no
			* program, so neither do seccap's */
	struct sc_chain_rule rule; /* normalised (sc_chain_normalise) */
};

/* The entries seccap checks itself, each one syscall number's rules. */
struct sc_chain_entry {
	uint32_t nr;
	size_t first, n; /* its rules: rules[first .. first + n) */
};

struct sc_chains {
	struct sc_chain_entry *e;
	size_t ne;
	struct sc_chain_rule *rules;
	size_t nrules;
};

/*
 * Which entries libseccomp cannot be trusted with (chain.c), and the checks
 * that go in their place.  skip[atom] (natoms of them) is set for every
 * rule that must be left out of libseccomp: all rules touching such an
 * entry (and so every entry those touch is checked by seccap as well).
 * Returns 0; -ENOMEM; -EEXIST where libseccomp would refuse the second rule
 * (items[*bad_b]) for the first (items[*bad_a]); -ENOTSUP when such an
 * entry is not own_ok (*bad_a, *bad_b: two of its rules).
 */
int sc_chain_plan(const struct sc_chain_item *items, size_t n, bool *skip,
		  size_t natoms, struct sc_chains *out, size_t *bad_a,
		  size_t *bad_b);
void sc_chains_free(struct sc_chains *c);

/*
 * The entries' checks as one block of instructions: a call to one of them
 * that no rule matches, and every other call, falls through to the
 * instruction after the block.  Clobbers A.  The instructions are in this
 * machine's byte order; the argument words are read where a big_endian
 * (or little-endian) target machine keeps them.
 */
size_t sc_chains_len(const struct sc_chains *c, bool is32);
void sc_chains_emit(const struct sc_chains *c, bool is32, bool big_endian,
		    struct sock_filter *out);

#endif
