/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: a resolved profile becomes one classic-BPF seccomp program,
 * built the way runc 1.2 builds it (same actions, same rule merging, same
 * ENOSYS behaviour for syscalls newer than the profile), but laid out so the
 * extras cost allowed syscalls nothing.
 *
 * Layout of the program:
 *
 *   dispatcher   ld [arch]; jeq NATIVE -> its section; jeq X, ja X ...;
 *                ret KILL_THREAD (an ABI the profile does not name)
 *   section      libseccomp's program for one arch, from a context of its
 *                own, entered past its arch check (x86_64: past its x32
 *                check too); every "ret <default>" becomes "ja tail"
 *   tail         ld [nr]; jgt N -> (x86_64) x32 numbers on to x32's
 *                section, or KILL; ret ERRNO(ENOSYS);
 *                behind a range guard, rules for syscalls this libseccomp
 *                has no number for on that arch (a native "helper"
 *                context, see compile_build_arch, without its arch check:
 *                compile_helper_body); the syscalls seccap checks itself;
 *                ret <default>  (compile_layout.c: the head, helper,
 *                chains and end)
 *
 * Jumps are then threaded (a ja to a return becomes it).  So the ENOSYS
 * check (runc's patchbpf) and the extras sit on the default path only: an
 * allowed syscall runs at most libseccomp's instructions plus two of the
 * dispatcher.  One context per arch is what lets us number
 * syscalls libseccomp 2.5.4 does not know; names it knows go through its
 * ordinary (translating) API, so x86's socketcall/ipc multiplexing and the
 * rule merging are exactly what runc's single multi-arch context produces.
 * libseccomp's bad-arch action is set to a value of its own (a "substitute",
 * see prep_substitutes) so its returns are never mistaken for the default's.
 *
 * This file owns the entry point sc_compile, which runs the passes in
 * order; each pass has a file of its own (compile_internal.h lists them).
 */
#include "compile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile_internal.h"

int sc_compile(const struct sc_profile *resolved,
	       const struct sc_compile_opts *o, struct sc_bpf **ret,
	       const struct sc_diag *d, struct sc_error *err)
{
	static const struct sc_compile_opts no_opts;
	struct section *secs = NULL;
	struct prep pp;
	int r;

	if (!resolved || !ret)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no profile to compile");
	r = compile_prep_init(&pp, resolved, o ? o : &no_opts, d, err);
	if (r < 0)
		goto out;
	secs = calloc(pp.narches, sizeof(*secs));
	if (!secs) {
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < pp.narches; i++) {
		struct arch_ctx c;

		secs[i].a = &pp.arches[i];
		r = compile_build_arch(&pp, &pp.arches[i], &c, err);
		if (r < 0)
			goto out;
		r = compile_export_bpf(&pp, c.main, &secs[i].main,
				       &secs[i].nmain, err);
		if (r == 0)
			r = compile_to_host_order(&pp, secs[i].main,
						  secs[i].nmain,
						  pp.arches[i].token, err);
		if (r == 0 && c.helper)
			r = compile_export_bpf(&pp, c.helper, &secs[i].helper,
					       &secs[i].nhelper, err);
		if (r == 0 && c.helper)
			r = compile_helper_body(&pp, secs[i].helper,
						&secs[i].nhelper, err);
		secs[i].chains = c.chains;
		memset(&c.chains, 0, sizeof(c.chains));
		compile_ctx_release(&c);
		if (r < 0)
			goto out;
	}
	r = compile_assemble(&pp, secs, pp.narches, ret, err);
out:
	if (secs) {
		for (size_t i = 0; i < pp.narches; i++) {
			free(secs[i].main);
			free(secs[i].helper);
			sc_chains_free(&secs[i].chains);
		}
		free(secs);
	}
	compile_prep_free(&pp);
	return r;
}

void sc_bpf_free(struct sc_bpf *b)
{
	if (!b)
		return;
	free(b->insns);
	free(b);
}
