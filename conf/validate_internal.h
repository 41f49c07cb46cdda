/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the two halves of the validator share, and nothing else includes:
 *
 *   validate.c       sc_profile_validate: the profile-level checks (default
 *                    action and errno, architectures, archMap, flags,
 *                    listener) and the message helpers
 *   validate_rule.c  validate_check_group: one syscalls[] rule
 */
#ifndef SECCAP_VALIDATE_INTERNAL_H
#define SECCAP_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "model.h"
#include "policy.h"
#include "validate.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Room for a quoted user string: 64 characters, each up to \xNN, and "...". */
#define QUOTE_CHARS 64
#define QBUF (QUOTE_CHARS * 4 + 4)
/* Room for a normalised spelling ("SCMP_ACT_" + word). */
#define NBUF 96

/*
 * What the user wrote depends on the dialect: messages name the keys (and
 * actions) as they appear in the file, so an INI user never reads about
 * 'errnoRet'.  [0] is includes (INI: plain keys), [1] excludes (not-*).
 */
struct vocab {
	bool ini;
	const char *missing_default;
	const char *missing_action;
	const char *missing_op;
	const char *missing_archmap_arch;
	const char *both_arch;
	const char *both_name;
	const char *errno_ret, *default_errno_ret;
	const char *errno_name, *default_errno_name;
	const char *archmap_entry;
	const char *notify;
	const char *listener_path, *listener_metadata;
	const char *go_home;   /* where Go-style arch names belong */
	const char *scmp_home; /* where SCMP_ARCH_* names belong */
	const char *arches[2], *caps[2], *min_kernel[2];
	const char *min_kernel_field;
};

struct vctx {
	const struct sc_profile *p;
	const struct sc_diag *d;
	struct sc_error *err;
	const struct vocab *v;
	unsigned nerrors;
	enum sc_action def;
	bool notify_reported;
};

const char *validate_quote(char *buf, const char *s);
void validate_report(struct vctx *c, enum sc_severity sev,
		     const struct sc_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define ERROR(c, loc, ...) validate_report(c, SC_SEV_ERROR, loc, __VA_ARGS__)
#define WARN(c, loc, ...) validate_report(c, SC_SEV_WARNING, loc, __VA_ARGS__)
bool validate_normalise(char *out, size_t n, const char *prefix,
			const char *word);
const char *validate_join(char *buf, size_t n, const char *const *v);

const char *validate_action_shown(const struct vctx *c, char *buf,
				  const char *written);
enum sc_action validate_check_action(struct vctx *c, const char *s,
				     const struct sc_loc *loc);
void validate_check_errno_ret(struct vctx *c, const char *field, bool has,
			      uint64_t v, enum sc_action a, const char *written,
			      const struct sc_loc *loc);
void validate_check_errno_name(struct vctx *c, const char *field,
			       const char *s, const char *ret_field,
			       bool has_ret, uint64_t ret, enum sc_action a,
			       const char *written, const struct sc_loc *loc);
uint32_t validate_arch_alias(const char *s);

void validate_check_group(struct vctx *c, const struct sc_group *g);

#endif
