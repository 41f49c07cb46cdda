/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Finding the built-in default's program for a target (builtin.h): every
 * input the program depends on is matched, anything else is a miss and the
 * caller compiles.
 */
#include "builtin.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "names.h"

/*
 * The kernel is at or above the table's threshold.  An unreadable release
 * is a miss: the compile that follows reports it as moby would.
 */
static bool kernel_reaches(const struct sc_resolve_inputs *in,
			   const struct sc_target *t)
{
	unsigned major, minor;
	struct utsname u;

	if (!in->min_kernel)
		return true;
	if (t->kernel_set) {
		major = t->kernel_major;
		minor = t->kernel_minor;
	} else if (uname(&u) < 0 ||
		   sc_kernel_parse_release(u.release, &major, &minor) < 0) {
		return false;
	}
	return major > in->kmajor ||
	       (major == in->kmajor && minor >= in->kminor);
}

const struct sc_builtin_prog *
sc_builtin_find(const struct sc_builtin_table *tab,
		const uint8_t digest[SC_SHA256_LEN], const struct sc_target *t,
		const struct sc_compile_opts *o)
{
	/* The resolver reads t's arch, the compiler o's: both must be it. */
	uint32_t rarch = t->arch ? t->arch : sc_arch_native();
	uint32_t carch = o->arch ? o->arch : sc_arch_native();
	uint64_t caps = t->caps.bits & tab->inputs.caps;
	const struct sc_builtin_prog *hit = NULL;

	if (!tab->n || rarch != tab->arch || carch != tab->arch ||
	    memcmp(digest, tab->profile_digest, SC_SHA256_LEN) != 0)
		return NULL;
	for (size_t i = 0; i < tab->n && !hit; i++) {
		const struct sc_builtin_prog *e = &tab->progs[i];

		if (e->caps == caps && e->log_mode == o->log_mode &&
		    e->no_enosys == o->no_enosys)
			hit = e;
	}
	/* Asked last: it may cost a uname(2). */
	return hit && kernel_reaches(&tab->inputs, t) ? hit : NULL;
}

int sc_builtin_default(const uint8_t digest[SC_SHA256_LEN],
		       const struct sc_target *t,
		       const struct sc_compile_opts *o, struct sc_bpf **ret)
{
	const struct sc_builtin_prog *e =
		sc_builtin_find(&sc_builtin_default_table, digest, t, o);
	struct sc_bpf *b;

	if (!e)
		return 0;
	b = calloc(1, sizeof(*b));
	if (b)
		b->insns = malloc(e->len * sizeof(*b->insns));
	if (!b || !b->insns) {
		free(b);
		return -ENOMEM;
	}
	memcpy(b->insns, e->insns, e->len * sizeof(*b->insns));
	b->len = e->len;
	b->flags = o->tsync ? e->flags_tsync : e->flags;
	*ret = b;
	return 1;
}
