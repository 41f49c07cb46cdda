/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What `seccap record` learns and what it makes of it: the recording (every
 * syscall a command made, by arch and number, with the values of the
 * arguments that a base profile's rules test) and the profile written from
 * it: the base restricted to what was seen, merged with an earlier
 * recording.  No kernel interface here: launcher/record.c feeds the
 * recording from the notification listener.
 */
#ifndef SECCAP_RECORD_H
#define SECCAP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "resolve.h"

struct sc_recording;

/*
 * An empty recording.  base (NULL: no base, names only) decides which
 * arguments are kept for each syscall: those that any of its rules tests
 * on the arches of native's archMap entry or its architectures.
 */
int sc_recording_new(const struct sc_profile *base, uint32_t native,
		     struct sc_recording **ret, struct sc_error *err);
void sc_recording_free(struct sc_recording *r); /* accepts NULL */

/*
 * One syscall as the kernel reports it (struct seccomp_data: AUDIT_ARCH_*,
 * the number, x32 with its 0x40000000 bit, the six arguments).  Cheap when
 * the call was seen before.  Returns 0 or -ENOMEM.
 */
int sc_recording_add(struct sc_recording *r, uint32_t arch, int nr,
		     const uint64_t args[6]);

/* How many distinct (arch, syscall, tested arguments) were seen. */
size_t sc_recording_count(const struct sc_recording *r);

struct sc_record_opts {
	const struct sc_profile *base;  /* NULL: --base none */
	const char *base_name;          /* for comments: "default", a path */
	const struct sc_profile *prev;  /* --append: an earlier recording, or NULL */
	/* The command's capabilities and this kernel: what "the base denies" means. */
	const struct sc_target *target;
};

/*
 * How many groups of prev (an earlier recording) have a rule -- action,
 * errno, arguments, includes, excludes -- that no group of base has: their
 * names cannot be merged (prev was recorded from another base).
 */
size_t sc_record_foreign_groups(const struct sc_profile *base,
				const struct sc_profile *prev);

/*
 * Called for every syscall seen that no rule of the base allows for the
 * target: arch (SCMP_ARCH_*) and name ("unshare", or "syscall 999").
 */
struct sc_record_denied {
	void (*fn)(void *ud, uint32_t arch, const char *name);
	void *ud;
};

/*
 * The recorded profile.  With a base: the base's profile fields, and of
 * each group only the names a seen call (or prev's group with the same
 * conditions) matched -- its arches, arguments, capabilities and kernel
 * conditions kept -- so it never allows what the base denies; a group
 * whose action does not let the call run keeps every name that was seen
 * at all (and all of them when the default action lets calls run), so no
 * call falls through to a more permissive rule or default.  Each kept
 * group's comment names the base's file:line.  Without a base: errno
 * EPERM by default and one allow group of the names seen (and prev's
 * allowed names), on the arches seen.  denied (may be NULL) hears of every
 * seen call the base does not allow; the first group's comment lists them.
 */
int sc_record_profile(const struct sc_recording *r,
		      const struct sc_record_opts *o,
		      const struct sc_record_denied *denied,
		      struct sc_profile **ret, struct sc_error *err);

#endif
