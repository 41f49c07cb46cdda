/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one resolver: turns a profile with conditional groups into the plain
 * profile Docker hands to runc, for one capability set, native arch and
 * kernel version, following moby's setupSeccomp to the letter.
 */
#ifndef SECCAP_RESOLVE_H
#define SECCAP_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

/* Bit n set = capability n (CAP_CHOWN = 0, ...). */
struct sc_capset {
	uint64_t bits;
};

/*
 * Parse a capability-set spec, comma-separated: "docker" (Docker's 14
 * defaults), "all", "none", "effective", "permitted", "bounding" (sets of
 * the calling process, read with libcap), and capability names.  On the
 * command line names may be given in any case, with or without "CAP_".
 * Items add up: "docker,CAP_SYS_ADMIN".
 */
int sc_capset_parse(const char *spec, struct sc_capset *ret,
		    struct sc_error *err);

/*
 * One capability name as a command line gives it (sc_capset_parse, `docker
 * run --cap-add`): the len bytes at item, in any case, with or without
 * "CAP_" ("sys_admin", "Cap_Sys_Admin").  Returns the capability number
 * (below 64), or -1 if it names none.
 */
int sc_cap_parse_loose(const char *item, size_t len);
/* The capability name ("CAP_SYS_ADMIN") closest to such an item, or NULL. */
const char *sc_cap_suggest_loose(const char *item, size_t len);

/* Capabilities the running kernel knows (at most 64), and as a mask. */
int sc_cap_kernel_count(void);
uint64_t sc_cap_kernel_mask(void);

/* The calling process's sets, read from the kernel: the one reader. */
struct sc_caps_state {
	uint64_t permitted, effective, inheritable, bounding;
};
int sc_caps_of_self(struct sc_caps_state *ret, struct sc_error *err);

enum sc_capset_kind { SC_CAPS_EFFECTIVE, SC_CAPS_PERMITTED, SC_CAPS_BOUNDING };
int sc_capset_of_self(enum sc_capset_kind kind, struct sc_capset *ret,
		      struct sc_error *err);

/* Comma-separated CAP_ names in number order ("" for none); returns len. */
size_t sc_capset_format(const struct sc_capset *c, char *buf, size_t n);
/* The same for a sentence: "CAP_A, CAP_B" (unknown: "capability 40"). */
const char *sc_capset_prose(const struct sc_capset *c, char *buf, size_t n);
/*
 * The set for a message: "none", "all", "docker", the names, or when they
 * do not fit in n, "of N capabilities".  Returns buf or a constant.
 */
const char *sc_capset_describe(const struct sc_capset *c, char *buf,
			       size_t n);

struct sc_target {
	uint32_t arch;          /* SCMP_ARCH_* of the native arch; 0 = sc_arch_native() */
	bool kernel_set;        /* false: uname(2) release, parsed as "%d.%d" */
	unsigned kernel_major, kernel_minor;
	struct sc_capset caps;
	/*
	 * caps was asked for (SECCAP_CAPS, --caps): a compiled file must have
	 * been built for exactly it.  false: caps is the process's own set,
	 * and a compiled file's own set applies.
	 */
	bool caps_asked;
};

/*
 * Parse a kernel release the way moby does (fmt.Sscanf "%d.%d", trailing
 * text ignored): "6.1.0-18-amd64" -> 6.1.  -EINVAL on "", "3", "a.b", ...
 */
int sc_kernel_parse_release(const char *release, unsigned *major,
			    unsigned *minor);

/* Told for every group, in file order, whether it was kept and why. */
struct sc_explain {
	void (*fn)(void *ud, const struct sc_profile *in, size_t group_index,
		   bool kept, const char *why);
	void *ud;
};

/*
 * Resolve in for t.  *ret is a new profile: defaultAction, defaultErrnoRet,
 * flags, listener fields copied; architectures = in->architectures, or the
 * native archMap entry expanded (arch + subArchitectures), or empty; only
 * kept groups, in order, with "name" folded into names, includes/excludes
 * and comment cleared, locations kept (so later errors point at the
 * original lines).  Errors: both architectures and archMap, both name and
 * names, an unparsable kernel release when a kept-or-dropped decision needs it.
 */
int sc_resolve(const struct sc_profile *in, const struct sc_target *t,
	       const struct sc_explain *ex, struct sc_profile **ret,
	       struct sc_error *err);

/*
 * What of a target the resolution of p can depend on besides its arch.
 * caps: every capability p's includes.caps and excludes.caps name (the
 * relevant set R): p resolves for the set C exactly as for C & caps.
 * min_kernel: p names a minKernel; kmajor.kminor is the highest one, and
 * every kernel at or above it resolves p alike (each minKernel condition
 * holds for all of them).  A built-in program keyed on these is the one
 * sc_resolve + sc_compile would give (conf/builtin.h).
 */
struct sc_resolve_inputs {
	uint64_t caps;
	bool min_kernel;
	unsigned kmajor, kminor;
};
void sc_resolve_inputs(const struct sc_profile *p,
		       struct sc_resolve_inputs *ret);

/*
 * Capability sets that together keep, side by side, every two groups the
 * capability conditions of p let coexist and that could clash: none, all,
 * each group's includes.caps (the least set that keeps it beside every
 * unconditional group and every excludes.caps group it can meet), and for
 * two groups with includes.caps that name a syscall in common, the union of
 * the two.  A checker that compiles p for each of them meets every conflict
 * between two groups that some set could bring together.  At most
 * SC_CAP_SETS_MAX sets (a profile with more distinct lists gets the first
 * ones).  *ret (free it) holds *n distinct sets.
 */
#define SC_CAP_SETS_MAX 256
int sc_resolve_cap_sets(const struct sc_profile *p, uint64_t **ret,
			size_t *n, struct sc_error *err);

#endif
