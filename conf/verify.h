/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compile-time self-check: a finished program (sc_compile's output) is
 * run in the BPF interpreter (bpf_interp.h) against what the resolved
 * profile says each syscall must get, worked out here from the profile
 * model alone (not from conf/compile.c), over every syscall number of every
 * arch of the filter, the ENOSYS threshold, the ABIs the filter does not
 * name and the argument values the rules name with their neighbours.
 */
#ifndef SECCAP_VERIFY_H
#define SECCAP_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "error.h"
#include "model.h"

struct sc_verify_stats {
	unsigned long cases; /* inputs the program was run on */
	unsigned long diffs; /* of which it answered wrong */
};

/*
 * Check b, compiled from resolved with o.  Each difference goes to d as an
 * error naming the profile line that decides the case (the group, or
 * defaultAction), the arch, syscall, arguments, the action the profile
 * gives and the one the program returns; at most max_report of them, the
 * rest are only counted.  Returns 0 when the program does what the profile
 * says, -EPROTO when it does not (err: how many cases differ), or another
 * negative errno (a profile the compiler could not have compiled, no
 * memory).  st (may be NULL) gets the counts.
 */
int sc_verify(const struct sc_profile *resolved,
	      const struct sc_compile_opts *o, const struct sc_bpf *b,
	      unsigned max_report, const struct sc_diag *d,
	      struct sc_verify_stats *st, struct sc_error *err);

#endif
