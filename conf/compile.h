/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one place that calls libseccomp: a resolved profile (sc_resolve's
 * output) becomes a classic-BPF seccomp program, with runc's ENOSYS
 * behaviour for syscalls newer than the profile built in.
 */
#ifndef SECCAP_COMPILE_H
#define SECCAP_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"

struct sock_filter;

struct sc_compile_opts {
	uint32_t arch;   /* native SCMP_ARCH_* token; 0 = sc_arch_native() */
	bool log_mode;   /* complain mode: every deny becomes SCMP_ACT_LOG */
	bool tsync;      /* add SECCOMP_FILTER_FLAG_TSYNC to the load flags */
	bool no_enosys;  /* leave out the ENOSYS-above-the-highest behaviour */
	/*
	 * The profile went through sc_profile_validate, which has already
	 * warned about unknown names in allowing rules: do not warn again.
	 */
	bool names_checked;
	/*
	 * Hand libseccomp every rule in the profile's order, duplicates
	 * included, as runc does, instead of in the faster order of
	 * compile_build_arch (compile_ctx.c).  The program is the same
	 * either way; tests compare the two.
	 */
	bool in_order;
};

struct sc_bpf {
	/*
	 * In the byte order of the arch it was compiled for (o->arch), the
	 * one that machine's kernel reads: for s390x big-endian whatever
	 * machine compiled it.
	 */
	struct sock_filter *insns;
	size_t len;
	unsigned int flags; /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
};

/*
 * Compile.  Warnings (unknown names skipped in allowing groups) go to d.
 * *ret is written only on success; free with sc_bpf_free.
 */
int sc_compile(const struct sc_profile *resolved,
	       const struct sc_compile_opts *o, struct sc_bpf **ret,
	       const struct sc_diag *d, struct sc_error *err);
void sc_bpf_free(struct sc_bpf *b);

/* libseccomp's PFC text of the same filter (without the ENOSYS stub). */
int sc_compile_pfc(const struct sc_profile *resolved,
		   const struct sc_compile_opts *o, int fd,
		   const struct sc_diag *d, struct sc_error *err);

/*
 * Load b into the calling thread (all threads with TSYNC) with seccomp(2).
 * The caller must have set no_new_privs or hold CAP_SYS_ADMIN.
 */
int sc_bpf_load(const struct sc_bpf *b, struct sc_error *err);
/*
 * The same for a program that may notify (flags with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER): *listener gets the listener fd
 * (close-on-exec), or -1 when the program never notifies.  sc_bpf_load
 * refuses such a program (the preload has no agent to give the listener
 * to): the kernel would fail every notified call with ENOSYS once nobody
 * holds the listener.
 */
int sc_bpf_load_listener(const struct sc_bpf *b, int *listener,
			 struct sc_error *err);

#endif
