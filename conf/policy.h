/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The policy decisions made on a resolved profile, each in one place so the
 * compiler, the applets, the preload and the API cannot drift apart:
 *  - the typed action of a rule and of the default (kind + the errno the
 *    kernel returns), and whether a rule repeats the default;
 *  - whether an ENOSYS stub is wanted for syscalls newer than the profile;
 *  - whether the profile could refuse the execve that starts a command;
 *  - whether loading a filter needs no_new_privs;
 *  - the table of seccomp flags a profile may name.
 * conf/verify.c is deliberately not a user of the decisions: it is the
 * independent second opinion on the compiler's output.
 */
#ifndef SECCAP_POLICY_H
#define SECCAP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/seccomp.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "names.h"

/*
 * The number Podman's "errno" field gives: an errno name ("EACCES") or, as
 * containers/common also takes, a decimal number ("13").  false when it is
 * neither.
 */
bool sc_errno_value(const char *name, uint64_t *ret);

/*
 * The number an ERRNO or TRACE action carries as written (errnoRet, else
 * the errno field as sc_errno_value reads it, else 1 as runc and crun have
 * it); false for any other action.
 */
bool sc_action_data(const char *action, bool has, uint64_t v,
		    const char *name, uint64_t *ret);

/* An action as the kernel sees it: the kind and its 16 bits of data. */
struct sc_action_value {
	enum sc_action kind;
	uint32_t errno_ret; /* ERRNO/TRACE data (16 bits); 0 for the others */
};

struct sc_action_value sc_action_value_of(const char *action, bool has,
					  uint64_t v, const char *name);
struct sc_action_value sc_group_action(const struct sc_group *g);
struct sc_action_value sc_default_action(const struct sc_profile *p);

/*
 * Whether g's action is p's default action, errno included, as runc
 * compares them (an ERRNO or TRACE without a number is 1): such a rule
 * changes nothing and runc leaves it out.
 */
bool sc_group_same_as_default(const struct sc_profile *p,
			      const struct sc_group *g);

/* Whether an action as written lets the syscall run (ALLOW, LOG). */
bool sc_action_lets_run(const char *action);

/*
 * Whether syscalls newer than the profile should fail with ENOSYS rather
 * than take the default action (runc's patchbpf): not where the default
 * lets them run or tries to (TRACE).  Where it returns ENOSYS already the
 * stub stays, as runc's does, for the numbers libseccomp would kill.
 */
bool sc_enosys_wanted(struct sc_action_value def);

/*
 * Where the ENOSYS stub starts on arch (an SCMP_ARCH_* token): the highest
 * number sc_syscall_resolve gives any name of r there, as runc's patchbpf
 * takes the highest syscall of the profile.  *name (may be NULL) gets that
 * name.  false when no name of r is a syscall on arch: no stub there.
 */
bool sc_enosys_threshold(const struct sc_profile *r, uint32_t arch,
			 uint32_t *nr, const char **name);

/*
 * Whether r (resolved) could make the execve that starts a command fail,
 * judged as libseccomp builds the filter: the first unconditional rule for
 * execve decides alone; otherwise every conditional rule's action and the
 * default are possible outcomes, and each must let execve run.  log_mode
 * (complain mode) lets everything run.  When it could, fills err with the
 * deciding rule's file and line and returns true.
 */
bool sc_exec_refused(const struct sc_profile *r, bool log_mode,
		     struct sc_error *err);

/*
 * Whether a filter load needs no_new_privs first: when asked, or when the
 * calling thread lacks CAP_SYS_ADMIN in its effective set (the kernel
 * takes a filter only then).  *need is true when the set cannot be read
 * (then -errno and err, for a caller that would rather stop).
 */
int sc_nnp_needed(bool asked, bool *need, struct sc_error *err);

/* Older kernel headers lack these. */
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif

/* The seccomp flags a profile may name, with their bits. */
#define SC_SECCOMP_NFLAGS 4
struct sc_seccomp_flag {
	const char *name; /* "SECCOMP_FILTER_FLAG_LOG" */
	unsigned int flag;
};
extern const struct sc_seccomp_flag sc_seccomp_flags[SC_SECCOMP_NFLAGS];
/* The same names, NULL-terminated (for hints). */
extern const char *const sc_seccomp_flag_names[SC_SECCOMP_NFLAGS + 1];

#endif
