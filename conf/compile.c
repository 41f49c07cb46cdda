/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: a resolved profile becomes one classic-BPF seccomp program.
 * (Skeleton: the real implementation follows.)
 */
#include "compile.h"

#include <errno.h>
#include <stdlib.h>

int sc_compile(const struct sc_profile *resolved,
	       const struct sc_compile_opts *o, struct sc_bpf **ret,
	       const struct sc_diag *d, struct sc_error *err)
{
	(void)resolved;
	(void)o;
	(void)ret;
	(void)d;
	return sc_err(err, ENOSYS, NULL, 0, 0, "the compiler is not written yet");
}

void sc_bpf_free(struct sc_bpf *b)
{
	if (!b)
		return;
	free(b->insns);
	free(b);
}

int sc_compile_pfc(const struct sc_profile *resolved,
		   const struct sc_compile_opts *o, int fd,
		   const struct sc_diag *d, struct sc_error *err)
{
	(void)resolved;
	(void)o;
	(void)fd;
	(void)d;
	return sc_err(err, ENOSYS, NULL, 0, 0, "the compiler is not written yet");
}

int sc_bpf_load(const struct sc_bpf *b, struct sc_error *err)
{
	(void)b;
	return sc_err(err, ENOSYS, NULL, 0, 0, "the compiler is not written yet");
}
