/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiled-filter file: a 256-byte header and the BPF program as the
 * kernel takes it (struct sock_filter, host byte order, the bytes
 * `seccap show --format bpf` prints).  `seccap show --format compiled`
 * writes one, SECCAP_PROFILE and `seccap apply` accept one (told apart from
 * a profile by the magic), and the automatic cache stores them.
 *
 * Header (integers little-endian):
 *     0  magic "\x89SCBPF\r\n"     8  version (1)      12  header size (256)
 *    16  arch (SCMP_ARCH_*)       20  seccomp flags   24  SC_COMPILED_OPT_*
 *    28  instruction count        32  capability set (u64)
 *    40  SHA-256 of the profile bytes
 *    72  cache key (SHA-256, sc_cache_key)
 *   104  SHA-256 of the program bytes
 *   136  kernel release (65 bytes, NUL-padded)
 *   201  seccap version (16)   217  libseccomp version (16)   233..255 zero
 * A file whose size, program digest or header does not add up is refused:
 * nothing in it is trusted before every check has passed.
 */
#ifndef SECCAP_COMPILED_H
#define SECCAP_COMPILED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "compile.h"
#include "error.h"
#include "sha256.h"

#define SC_COMPILED_MAGIC "\x89SCBPF\r\n"
#define SC_COMPILED_MAGIC_LEN 8
#define SC_COMPILED_VERSION 1
#define SC_COMPILED_HDR 256
#define SC_COMPILED_MAX_INSNS 4096 /* BPF_MAXINSNS */

#define SC_COMPILED_OPT_LOG       (1u << 0)
#define SC_COMPILED_OPT_NO_ENOSYS (1u << 1)

struct sc_compiled_info {
	uint32_t arch;        /* SCMP_ARCH_* token */
	uint32_t opts;        /* SC_COMPILED_OPT_* */
	uint64_t caps;        /* resolved capability set (bit n = cap n) */
	uint8_t profile_digest[SC_SHA256_LEN];
	uint8_t key[SC_SHA256_LEN];
	char kernel[65];      /* uname release it was resolved on */
	char seccap_version[16];
	char libseccomp_version[16];
};

/* True if buf starts with the magic. */
bool sc_compiled_is(const void *buf, size_t len);

/* "2.5.4": the libseccomp this process runs with (not built against). */
void sc_libseccomp_version(char *buf, size_t n);

/* Append header + program to out.  info's versions are filled here. */
int sc_compiled_write(const struct sc_compiled_info *info,
		      const struct sc_bpf *b, struct sc_buf *out,
		      struct sc_error *err);

/*
 * Check and decode len bytes.  file names the source in messages.  Refused
 * (-EINVAL): wrong magic, version or header size, a size that is not
 * header + count * 8, no or too many instructions, a program digest that
 * does not match, a header with bytes where zeros belong.
 */
int sc_compiled_parse(const void *buf, size_t len, const char *file,
		      struct sc_compiled_info *info, struct sc_bpf **ret,
		      struct sc_error *err);

/*
 * As sc_compiled_parse, for a malloc'ed buf that becomes *ret's program on
 * success (the program is moved to its start: no second copy); on failure
 * buf is still the caller's.
 */
int sc_compiled_parse_owned(void *buf, size_t len, const char *file,
			    struct sc_compiled_info *info,
			    struct sc_bpf **ret, struct sc_error *err);

#endif
