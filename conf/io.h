/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading and writing profiles.  The readers check syntax and types (what Go's
 * encoding/json would refuse when decoding into moby's types, and the INI
 * grammar) and fill the model; they stop at the first error.  Unknown JSON
 * keys are warnings sent to the diag sink (Docker ignores them); unknown INI
 * keys are errors (the format is ours).  Meaning (syscall names, actions,
 * ...) is checked by sc_profile_validate (validate.h).
 */
#ifndef SECCAP_IO_H
#define SECCAP_IO_H

#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "model.h"

enum sc_format { SC_FMT_AUTO, SC_FMT_JSON, SC_FMT_INI };

/* Longest profile file we read (profiles are tens of KiB). */
#define SC_PROFILE_MAX_BYTES (16u << 20)

/*
 * JSON if the first non-blank byte is '{', or '[' followed by a blank, '{',
 * '[', ']' or '"' (never an INI section); otherwise INI.
 */
enum sc_format sc_format_detect(const char *buf, size_t len);

/*
 * Parse buf (len bytes, need not be NUL-terminated) into *ret.  file is the
 * name used in messages (and stored in the profile); NULL means "<string>".
 * *ret is written only on success.  Returns 0 or a negative errno (-EINVAL
 * for bad input, -ENOMEM), with err filled.
 */
int sc_json_parse(const char *file, const char *buf, size_t len,
		  struct sc_profile **ret, const struct sc_diag *d,
		  struct sc_error *err);
int sc_ini_parse(const char *file, const char *buf, size_t len,
		 struct sc_profile **ret, const struct sc_diag *d,
		 struct sc_error *err);
int sc_profile_parse(const char *file, const char *buf, size_t len,
		     enum sc_format fmt, struct sc_profile **ret,
		     const struct sc_diag *d, struct sc_error *err);

/*
 * Read a whole file (O_RDONLY|O_CLOEXEC, at most SC_PROFILE_MAX_BYTES) into
 * a malloc'ed, NUL-terminated buffer.  "-" is standard input; a pipe or a
 * character device (/dev/stdin, a FIFO) is read to its end as "-" is.
 */
int sc_read_file(const char *path, char **ret_buf, size_t *ret_len,
		 struct sc_error *err);
/*
 * The same, and *ret_st (zeroed for "-") is fstat of the descriptor the
 * bytes were read from: what the cache's trust rule judges (cache.h).
 */
struct stat;
int sc_read_file_stat(const char *path, char **ret_buf, size_t *ret_len,
		      struct stat *ret_st, struct sc_error *err);
int sc_profile_load(const char *path, enum sc_format fmt,
		    struct sc_profile **ret, const struct sc_diag *d,
		    struct sc_error *err);

/*
 * Writers append to out.  Output is stable: the same model gives the same
 * bytes.  Returns 0, or -ENOMEM (out->oom) with err filled.
 */
int sc_json_write(const struct sc_profile *p, struct sc_buf *out,
		  struct sc_error *err);
int sc_ini_write(const struct sc_profile *p, struct sc_buf *out,
		 struct sc_error *err);

#endif
