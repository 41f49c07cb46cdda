/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The automatic cache of compiled filters, as crun keeps one: compiling is
 * the expensive part of confining a process, and the same profile for the
 * same capability set, arch and kernel always gives the same program.
 *
 * Files are compiled-filter files (compiled.h) named by the hex key.  A
 * confined program can write every file its user owns, so an entry decides
 * what a later process loads only if whoever can write it could already
 * change the profile it was compiled from, or the library that loads it:
 *  - root (it can rewrite the profiles and the library anyway);
 *  - besides root, the profile's writer (sc_cache_profile_writer): the one
 *    user owning the profile file or a directory on its path, when nobody
 *    else can write any of them.  The built-in default profile, standard
 *    input and root's profiles have none: only root's entries count for them.
 * The entry and every directory from "/" to it must be owned by root or that
 * writer and writable by nobody else (sticky directories aside).
 *
 * Places: the process's own cache, $XDG_CACHE_HOME/seccap, else the system
 * cache for root, else $HOME/.cache/seccap -- looked up and written only
 * when it passes the rule; then the system cache, SC_SYSTEM_CACHE_DIR (set
 * at build time, /var/cache/seccap by default), root's, read by everyone and
 * filled by `seccap cache add` run as root.  Anything that fails a check is
 * ignored and the filter compiled afresh; a failure to write the cache never
 * fails the caller.  SECCAP_CACHE=0 turns the cache off.
 */
#ifndef SECCAP_CACHE_H
#define SECCAP_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "compile.h"
#include "compiled.h"
#include "error.h"

#ifndef SC_SYSTEM_CACHE_DIR
#define SC_SYSTEM_CACHE_DIR "/var/cache/seccap"
#endif
#ifndef SC_COMPILER_ID
#define SC_COMPILER_ID "unknown"
#endif

/*
 * Who besides root may have written what a walk judges.  uid: that user, 0
 * for root alone, SC_UID_UNSET to learn it from the first other owner met,
 * SC_UID_LAZY to ask sc_cache_profile_writer(profile, st) when one is met
 * (profile NULL: no file, root alone).
 */
#define SC_UID_UNSET ((uid_t)-1)
#define SC_UID_LAZY ((uid_t)-2)
struct sc_cache_writer {
	uid_t uid;
	const char *profile;
	const struct stat *st;
};

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
 * libseccomp version this process runs with and SC_COMPILER_ID (so a
 * rebuilt seccap never loads an older build's programs, while the launcher
 * and the library of one build share entries).
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
 * Besides root, the one user who can change the profile that was read from
 * path, st being fstat of the descriptor it was read from: the owner of the
 * file or of a directory on its canonical path when they all pass the rule
 * for that one user.  0 (root alone) when they are all root's, for more than
 * one other owner, for something writable by others, or when the file found
 * at the path now is not the one read.
 */
uid_t sc_cache_profile_writer(const char *path, const struct stat *st);

/*
 * Open the process's own cache directory for the profile of w (creating the
 * missing seccap directories 0700), walking and checking it from "/"; w->uid
 * may be settled on the way.  Returns an O_PATH descriptor (O_CLOEXEC), or a
 * negative errno: no usable place, -EPERM when it fails the rule.
 */
int sc_cache_open_dir(struct sc_cache_writer *w);

/*
 * The system cache: $SECCAP_SYSTEM_CACHE when it is an absolute path (not
 * in a secure-execution process), else SC_SYSTEM_CACHE_DIR.  Moving it
 * grants nothing: whatever the path, it is used only when it is root's and
 * writable by nobody else all the way from "/" (the test suite gives each
 * run its own this way).
 */
const char *sc_cache_system_dir(void);

/*
 * Open sc_cache_system_dir(), which must pass the rule for root alone;
 * create: make it (0755) when missing.  As sc_cache_open_dir.
 */
int sc_cache_open_system_dir(bool create);

/*
 * Look key up in dirfd, a directory from sc_cache_open_dir/_system_dir that
 * passed the rule for w (root alone for the system cache).  Returns 1 and *ret on a hit; 0 when there is no
 * usable entry (absent, unreadable, a link, not a regular file, a second
 * name, an owner or mode failing the rule, odd size, damaged, another key
 * or arch); -ENOMEM.
 */
int sc_cache_lookup(int dirfd, const uint8_t key[SC_SHA256_LEN],
		    uint32_t arch, struct sc_cache_writer *w,
		    struct sc_bpf **ret);

/*
 * Write the entry with this mode, atomically (temporary file, then rename).
 * -errno.
 */
int sc_cache_store(int dirfd, const struct sc_compiled_info *info,
		   const struct sc_bpf *b, mode_t mode);

#endif
