/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Giving the calling process exactly one capability set before it execs a
 * command, the way a container's init leaves it: bounding, permitted,
 * effective, inheritable and ambient all equal to the set, so the command
 * keeps the capabilities across exec whether it runs as root or not.
 */
#ifndef SECCAP_CAPS_APPLY_H
#define SECCAP_CAPS_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * One --cap-add/--cap-drop value as `docker run` takes it: a capability in
 * any case, with or without "CAP_", or "ALL"; a comma-separated list is
 * taken item by item.  Sets bits in *bits, *all for "ALL".  On error
 * returns -EINVAL with err filled.
 */
int caps_parse_list(const char *opt, const char *value, uint64_t *bits,
		    bool *all, struct sc_error *err);

/*
 * Make want the process's capability set.  want must be a subset of the
 * permitted set (checked: -EPERM, "cannot grant CAP_X: ...").  The bounding
 * set can only be lowered with CAP_SETPCAP; without it, *need_nnp is set:
 * under no_new_privs the caps left in the bounding set can never be gained,
 * which is what lowering it is for.  Ambient capabilities are raised as far
 * as the kernel allows; *ambient_failed tells when it did not (a non-root
 * command then loses the set at exec).  Returns 0 or -errno with err.
 */
int caps_setup(uint64_t want, bool *need_nnp, bool *ambient_failed,
	       struct sc_error *err);

/*
 * The --caps, --cap-add and --cap-drop options of the applets that run a
 * command (apply, record), as docker run takes them.
 */
struct caps_opts {
	const char *spec;       /* --caps, or NULL: the permitted set */
	uint64_t add, drop;
	bool add_all, drop_all;
	bool set;               /* any of the three was given */
};

/*
 * The set the command is to have, as docker run's TweakCapabilities.
 * Returns 0; -EINVAL for a bad --caps (a usage error) or another -errno,
 * with err.
 */
int caps_wanted(const struct caps_opts *o, uint64_t *ret,
		struct sc_error *err);

#endif
