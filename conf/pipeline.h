/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The path every confining caller takes (apply, show, the preload, the public
 * API): load a profile (a file or the embedded default), validate it (errors
 * are fatal: a typo must not become a hole), resolve it for a target, compile.
 * Thin glue over io.h, validate.h, resolve.h and compile.h.
 */
#ifndef SECCAP_PIPELINE_H
#define SECCAP_PIPELINE_H

#include <stddef.h>

#include "compile.h"
#include "error.h"
#include "model.h"
#include "resolve.h"

/* The embedded default profile (Docker's default, in our INI form). */
#define SC_DEFAULT_PROFILE_NAME "default"
void sc_default_profile(const char **buf, size_t *len);

/*
 * Load path, or the embedded default when path is NULL or "default", and
 * validate it: validation warnings go to d, the first error fails the load.
 */
int sc_pipeline_load(const char *path, struct sc_profile **ret,
		     const struct sc_diag *d, struct sc_error *err);

/*
 * Resolve p for t and compile it with o.  ret_resolved (may be NULL) gets
 * the resolved profile, ret_bpf (may be NULL) the program.
 */
int sc_pipeline_build(const struct sc_profile *p, const struct sc_target *t,
		      const struct sc_compile_opts *o, const struct sc_diag *d,
		      const struct sc_explain *ex,
		      struct sc_profile **ret_resolved, struct sc_bpf **ret_bpf,
		      struct sc_error *err);

#endif
