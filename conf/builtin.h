/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The built-in default's programs, compiled at build time: the embedded
 * default profile (conf/default_profile.c) resolved and compiled for the
 * capability outcomes that matter, checked by the self-check (verify.h) in
 * the build, and linked read-only into the library and the launcher.  An
 * unprivileged process confined by the default loads one of them: nothing
 * it can write takes part (no cache entry is read or written), and it pays
 * no parse, compile or check.
 *
 * The default resolves for the capability set C exactly as for C & R, R
 * being the capabilities its conditions name (sc_resolve_inputs), and alike
 * on every kernel at or above the highest minKernel it names.  So a
 * program is keyed on: the native arch, C & R, log mode and no_enosys
 * (which change the program), and the kernel being at or above that
 * threshold.  TSYNC is a load flag and not part of the program: each entry
 * has the flags for both.  Anything else is compiled as before.
 *
 * build/gen/builtin_default.c is written by conf/gen_builtin.c, a program
 * linked with the other conf/ objects, which holds the empty table itself.
 */
#ifndef SECCAP_BUILTIN_H
#define SECCAP_BUILTIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>

#include "compile.h"
#include "resolve.h"
#include "sha256.h"

struct sc_builtin_prog {
	uint64_t caps;          /* C & R it was compiled for */
	bool log_mode, no_enosys;
	unsigned int flags;     /* sc_bpf.flags compiled without TSYNC */
	unsigned int flags_tsync; /* ... and with it */
	const struct sock_filter *insns;
	size_t len;
};

struct sc_builtin_table {
	/* SHA-256 of the embedded profile the programs were compiled from */
	uint8_t profile_digest[SC_SHA256_LEN];
	uint32_t arch;          /* the native arch, SCMP_ARCH_* */
	struct sc_resolve_inputs inputs; /* R and the kernel threshold */
	size_t n;
	const struct sc_builtin_prog *progs;
};

/* build/gen/builtin_default.c (the generator's own: empty). */
extern const struct sc_builtin_table sc_builtin_default_table;

/*
 * The built-in program for the embedded default whose bytes have the
 * SHA-256 digest, resolved for t and compiled with o, if there is one.
 * Returns 1 with *ret (a copy the caller frees; TSYNC as o says), 0 when
 * none matches (another profile, arch, capability outcome, option, a
 * kernel below the threshold or one uname cannot tell), -ENOMEM.
 */
int sc_builtin_default(const uint8_t digest[SC_SHA256_LEN],
		       const struct sc_target *t,
		       const struct sc_compile_opts *o, struct sc_bpf **ret);

/* The entry sc_builtin_default would copy, or NULL. */
const struct sc_builtin_prog *
sc_builtin_find(const struct sc_builtin_table *tab,
		const uint8_t digest[SC_SHA256_LEN], const struct sc_target *t,
		const struct sc_compile_opts *o);

#endif
