/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Handing a seccomp notification listener to the agent a profile names
 * (listenerPath), the way the OCI runtime specification has runc and crun
 * do it: connect to the agent's unix socket, send the container process
 * state (JSON: ociVersion, fds ["seccompFd"], pid, metadata, state) with
 * the listener attached (SCM_RIGHTS).  Agents written for runc and crun
 * therefore work unchanged.
 *
 * The socket is connected before the filter is loaded; after loading, the
 * handoff makes one sendmsg(2), which sc_agent_check has verified the
 * filter lets through (a sendmsg handed to the agent before it has the
 * listener would wait forever).
 */
#ifndef SECCAP_AGENT_H
#define SECCAP_AGENT_H

#include <sys/types.h>

#include "compile.h"
#include "error.h"

struct sc_agent;

/*
 * Connect to the agent at path and prepare the state message for pid (the
 * process that will run confined) with metadata (may be NULL).
 */
int sc_agent_open(const char *path, const char *metadata, pid_t pid,
		  struct sc_agent **ret, struct sc_error *err);
void sc_agent_free(struct sc_agent *a); /* closes the socket; accepts NULL */

/*
 * -EDEADLK (with a message) if the filter b would hand the handoff's own
 * sendmsg to the agent, or deny it.
 */
int sc_agent_check(const struct sc_agent *a, const struct sc_bpf *b,
		   struct sc_error *err);

/* Send the state with listener attached. */
int sc_agent_handoff(struct sc_agent *a, int listener, struct sc_error *err);

/*
 * All of it for the calling process: connect to the agent at path, check
 * b, load it (the caller has set no_new_privs as the kernel requires) and
 * hand the listener over; seccap keeps no copy of it.
 */
int sc_agent_load(const struct sc_bpf *b, const char *path,
		  const char *metadata, struct sc_error *err);

#endif
