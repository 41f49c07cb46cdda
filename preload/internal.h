/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the public API (api.c) and the preload constructor (preload.c).
 * Hidden: the preload must never reach its own code through an exported,
 * interposable symbol the confined program could define too.
 */
#ifndef SECCAP_PRELOAD_INTERNAL_H
#define SECCAP_PRELOAD_INTERNAL_H

#include <stdbool.h>

#include "compile.h"
#include "error.h"

/*
 * Set no_new_privs unless keep_privs is true and the thread holds
 * CAP_SYS_ADMIN (then the kernel does not require it), and load b with the
 * flags it was compiled with (TSYNC among them).  A program that notifies
 * hands its listener to the agent at listener_path (conf/agent.h); without
 * a listener_path (the preload) it is refused.
 */
int capf_load(const struct sc_bpf *b, bool keep_privs,
	      const char *listener_path, const char *listener_metadata,
	      struct sc_error *err);

#endif
