/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The automatic cache of compiled filters, as crun keeps one: compiling is
 * the expensive part of confining a process, and the same profile for the
 * same capability set, arch and kernel always gives the same program.
 *
 * Files are compiled-filter files (compiled.h) named by the hex key, kept
 * in a directory owned by the effective user and writable by nobody else:
 * $XDG_CACHE_HOME/seccap, else /var/cache/seccap for root, else
 * $HOME/.cache/seccap.  Anything that fails a check is ignored and the
 * filter compiled afresh; a failure to write the cache never fails the
 * caller.  SECCAP_CACHE=0 turns the cache off.
 */
#ifndef SECCAP_CACHE_H
#define SECCAP_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"
#include "compiled.h"
#include "error.h"

/* Everything the compiled program depends on. */
struct sc_cache_req {
	uint8_t profile_digest[SC_SHA256_LEN]; /* SHA-256 of the profile bytes */
	uint64_t caps;
	uint32_t arch;        /* SCMP_ARCH_* */
	const char *kernel;   /* uname release, or "X.Y" forced by the caller */
	bool log_mode, tsync, no_enosys;
};

/*
 * key = SHA-256 of a fixed tag, the request, the seccap version, the
 * libseccomp version this process runs with and the GNU build-id of the
 * binary or library this code is in (so a rebuilt seccap never loads an
 * older build's programs).
 */
void sc_cache_key(const struct sc_cache_req *r, uint8_t key[SC_SHA256_LEN]);

/* Fill info (arch, opts, caps, digests, kernel) from a request and key. */
void sc_cache_info(const struct sc_cache_req *r,
		   const uint8_t key[SC_SHA256_LEN],
		   struct sc_compiled_info *info);

/*
 * True unless SECCAP_CACHE is "0" (read with secure_getenv: a secure-exec
 * process never uses the cache, since its environment names the directory).
 */
bool sc_cache_enabled(void);

/*
 * Open (creating it 0700 if needed) the cache directory and return its fd
 * (O_CLOEXEC), or a negative errno: no usable place, not a directory, not
 * owned by the effective user, writable by group or others.
 */
int sc_cache_open_dir(void);

/*
 * Look key up in dirfd.  Returns 1 and *ret on a hit; 0 when there is no
 * usable entry (absent, a link, not a regular file, wrong owner or mode,
 * odd size, damaged, another key or arch); -ENOMEM.
 */
int sc_cache_lookup(int dirfd, const uint8_t key[SC_SHA256_LEN],
		    uint32_t arch, struct sc_bpf **ret);

/* Write the entry atomically (temporary file, then rename).  -errno. */
int sc_cache_store(int dirfd, const struct sc_compiled_info *info,
		   const struct sc_bpf *b);

#endif
