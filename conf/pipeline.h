/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The path every confining caller takes (apply, show, the preload, the public
 * API): load a profile (a file or the embedded default), validate it (errors
 * are fatal: a typo must not become a hole), resolve it for a target, compile.
 * Thin glue over io.h, validate.h, resolve.h and compile.h.
 */
#ifndef SECCAP_PIPELINE_H
#define SECCAP_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cache.h"
#include "compile.h"
#include "compiled.h"
#include "error.h"
#include "model.h"
#include "resolve.h"
#include "verify.h"

/* The embedded default profile (Docker's default, in our INI form). */
#define SC_DEFAULT_PROFILE_NAME "default"
void sc_default_profile(const char **buf, size_t *len);
/* The SHA-256 of those bytes, taken at build time. */
void sc_default_profile_digest(uint8_t out[32]);

/*
 * Load path, or the embedded default when path is NULL or "default", and
 * validate it: validation warnings go to d, the first error fails the load.
 */
int sc_pipeline_load(const char *path, struct sc_profile **ret,
		     const struct sc_diag *d, struct sc_error *err);

/*
 * Resolve p (a profile from sc_pipeline_load or sc_pipeline_parse, so
 * validated: its warnings were given there) for t and compile it with o.  ret_resolved (may be NULL) gets
 * the resolved profile, ret_bpf (may be NULL) the program.
 */
int sc_pipeline_build(const struct sc_profile *p, const struct sc_target *t,
		      const struct sc_compile_opts *o, const struct sc_diag *d,
		      const struct sc_explain *ex,
		      struct sc_profile **ret_resolved, struct sc_bpf **ret_bpf,
		      struct sc_error *err);

/*
 * The self-check of a program b that sc_pipeline_build made from resolved
 * with o (conf/verify.h): run over every arch and syscall number and the
 * argument values the rules name, against what resolved says.  The first
 * SC_PIPELINE_VERIFY_SHOWN differences go to d as errors; -EPROTO with err
 * saying how many there were.  st (may be NULL) gets the counts.
 */
#define SC_PIPELINE_VERIFY_SHOWN 10
int sc_pipeline_verify(const struct sc_profile *resolved,
		       const struct sc_compile_opts *o, const struct sc_bpf *b,
		       const struct sc_diag *d, struct sc_verify_stats *st,
		       struct sc_error *err);

/*
 * sc_pipeline_build for a program that is loaded and may fill the cache
 * (apply, the preload): sc_pipeline_verify checks it first, so a program
 * that differs from its profile is refused (-EPROTO), never stored or
 * loaded.  The check costs well under 1 ms for Docker's default (make
 * bench, against several ms for the compile).
 */
int sc_pipeline_build_verified(const struct sc_profile *p,
			       const struct sc_target *t,
			       const struct sc_compile_opts *o,
			       const struct sc_diag *d,
			       struct sc_profile **ret_resolved,
			       struct sc_bpf **ret_bpf, struct sc_error *err);

/* ---- compiled files and the cache (conf/compiled.h, conf/cache.h) ---- */

/* A profile or compiled file, read once; the digest is of these bytes. */
struct sc_pipeline_src {
	const char *name;     /* for messages: the path or "default" */
	char *buf;            /* NULL for the embedded default */
	const char *bytes;
	size_t len;
	bool compiled;        /* starts with the compiled-filter magic */
	uint8_t digest[32];   /* SHA-256 of bytes; zero when compiled */
	struct stat st;       /* of the file read from; zero otherwise */
};

/* Read path (NULL or "default": the embedded profile) and digest it. */
int sc_pipeline_read(const char *path, struct sc_pipeline_src *src,
		     struct sc_error *err);
void sc_pipeline_src_free(struct sc_pipeline_src *src);

/* Parse and validate a profile source, as sc_pipeline_load does. */
int sc_pipeline_parse(const struct sc_pipeline_src *src,
		      struct sc_profile **ret, const struct sc_diag *d,
		      struct sc_error *err);

/*
 * The program of a compiled-file source, refused (-EINVAL, one message)
 * when it was built for another arch than arch (0 = this machine's), or
 * for another capability set than want (NULL: none asked for; the file's
 * own set applies and a warning to d says which).  tsync adds
 * SECCOMP_FILTER_FLAG_TSYNC to its load flags.
 */
int sc_pipeline_compiled(const struct sc_pipeline_src *src, uint32_t arch,
			 const struct sc_capset *want, bool tsync,
			 const struct sc_diag *d, struct sc_bpf **ret,
			 struct sc_error *err);

/* A cache lookup remembered for the store that follows a miss. */
struct sc_pipeline_cache {
	int dirfd;            /* own cache passing the trust rule; -1: none */
	struct sc_cache_writer writer; /* of the entries it may use */
	uint32_t arch;
	uint8_t key[32];
	struct sc_compiled_info info;
};

/*
 * The key, header and profile (for the trust rule) of the entry for
 * (src, t, o), in c, which refers to src while it is used
 * (whose dirfd is left -1).  -errno when there can be none (no uname).
 */
int sc_pipeline_cache_key(struct sc_pipeline_cache *c,
			  const struct sc_pipeline_src *src,
			  const struct sc_target *t,
			  const struct sc_compile_opts *o);

/*
 * Look the program for (src, t, o) up in the process's own cache, then in
 * the system cache, each used only when it passes the trust rule (cache.h).
 * Returns 1 with *ret on a hit, 0 on a miss or when the cache is off or
 * unusable (c then says where a store goes), -ENOMEM.  ret NULL: only
 * prepare c for a store.  Close c with sc_pipeline_cache_close.
 */
int sc_pipeline_cache_lookup(struct sc_pipeline_cache *c,
			     const struct sc_pipeline_src *src,
			     const struct sc_target *t,
			     const struct sc_compile_opts *o,
			     struct sc_bpf **ret);
/* Store b for the key of the last lookup; failures are ignored. */
void sc_pipeline_cache_store(struct sc_pipeline_cache *c,
			     const struct sc_bpf *b);
void sc_pipeline_cache_close(struct sc_pipeline_cache *c);

/*
 * `seccap cache add`: compile the profile at path for (t, o) and write it,
 * mode 0644, to the system cache (made 0755 when missing), as root only.
 * entry (may be NULL) gets the entry's file name.
 */
int sc_pipeline_cache_add(const char *path, const struct sc_target *t,
			  const struct sc_compile_opts *o,
			  const struct sc_diag *d, char entry[65],
			  struct sc_error *err);

/*
 * The program built into the library for src at (t, o) (conf/builtin.h):
 * only for the embedded default, never for a file, so nothing a process can
 * write decides it.  Returns 1 with *ret, 0 when none matches (compile
 * then), -ENOMEM.  In the test build (SECCAP_TEST_HOOKS) with
 * SECCAP_TEST_BREAK_ALLOW set, always 0: the planted defect is in the
 * compiler, which the tests must reach.
 */
int sc_pipeline_builtin(const struct sc_pipeline_src *src,
			const struct sc_target *t,
			const struct sc_compile_opts *o, struct sc_bpf **ret);

/*
 * Everything in one call, the preload's path: a compiled file is loaded as
 * it is (arch checked, and its capability set when t->caps_asked); a
 * profile is the built-in program (sc_pipeline_builtin) when one matches,
 * else looked up in the cache and, on a miss, parsed, validated,
 * resolved, compiled, checked (sc_pipeline_verify) and stored.  fresh:
 * compile even when the cache has an entry (so every diagnostic is seen),
 * and store the result; a built-in program is still taken (the build
 * proved the default has no diagnostic to give).  *ret_src (may be NULL)
 * says which: SC_SRC_*.
 */
enum { SC_SRC_COMPILED_FILE, SC_SRC_CACHE, SC_SRC_COMPILED_NOW,
       SC_SRC_BUILTIN };
int sc_pipeline_bpf(const char *path, const struct sc_target *t,
		    const struct sc_compile_opts *o, bool fresh,
		    const struct sc_diag *d, struct sc_bpf **ret, int *ret_src,
		    struct sc_error *err);

/*
 * sc_pipeline_bpf in two steps, so that a caller can put a time limit on
 * the compile alone (the preload's watchdog costs syscalls a warm start
 * need not pay).  _start reads path and returns 1 with *ret when that was
 * all it took (a compiled file, a cache hit); 0 when job must go on to
 * _finish, which compiles, checks and stores it and closes job whatever
 * happens; -errno (job closed).  *ret_src as for sc_pipeline_bpf.
 */
struct sc_pipeline_job {
	struct sc_pipeline_src src;
	struct sc_pipeline_cache cache;
};
int sc_pipeline_bpf_start(const char *path, const struct sc_target *t,
			  const struct sc_compile_opts *o, bool fresh,
			  const struct sc_diag *d, struct sc_pipeline_job *job,
			  struct sc_bpf **ret, int *ret_src,
			  struct sc_error *err);
int sc_pipeline_bpf_finish(struct sc_pipeline_job *job,
			   const struct sc_target *t,
			   const struct sc_compile_opts *o,
			   const struct sc_diag *d, struct sc_bpf **ret,
			   int *ret_src, struct sc_error *err);
/* Close a job _start left open without compiling it. */
void sc_pipeline_job_free(struct sc_pipeline_job *job);

#endif
