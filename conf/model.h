/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one in-memory profile model.  It holds everything a Docker/moby
 * seccomp profile can say, field by field, with the strings exactly as
 * written (Docker copies them verbatim and only the runtime judges them).
 * Both readers (JSON, INI) fill it and both writers print it; the resolver
 * turns one model into another (no conditions left) and the compiler reads
 * that.  Validation of names, actions, operators ... is conf/validate.c's job,
 * not the readers'.
 *
 * Every string is owned by the model (malloc'ed, freed by sc_profile_free).
 * Every entry remembers where it was read (line, col; 0 = unknown) so later
 * stages can point at it; the file name is profile->file.
 */
#ifndef SECCAP_MODEL_H
#define SECCAP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sc_loc {
	unsigned line, col;
};

struct sc_str {
	char *s;
	struct sc_loc loc;
};

struct sc_strv {
	size_t n;
	struct sc_str *v;
};

/* One element of "args": Docker's specs.LinuxSeccompArg. */
struct sc_arg {
	uint64_t index;     /* as read; validation requires 0..5 */
	uint64_t value;     /* for SCMP_CMP_MASKED_EQ: the mask */
	uint64_t value_two; /* for SCMP_CMP_MASKED_EQ: the expected result */
	char *op;           /* "SCMP_CMP_EQ", ... verbatim; NULL if absent */
	struct sc_loc loc;
};

/* "includes" / "excludes".  Absent, null and {} are all the empty filter. */
struct sc_cond {
	struct sc_strv caps;   /* "CAP_SYS_ADMIN", compared exactly */
	struct sc_strv arches; /* Go-style names: "amd64", "x32", ... */
	/*
	 * minKernel as written ("4.8"), NULL when absent or null.  "" is kept:
	 * Docker turns it into version 0.0, so excludes.minKernel "" always
	 * excludes.  Readers reject every other form Docker rejects.
	 */
	char *min_kernel;
	struct sc_loc min_kernel_loc;
};

/* One element of "syscalls". */
struct sc_group {
	struct sc_strv names;  /* "names" */
	char *name;            /* deprecated "name"; NULL if absent or "" */
	struct sc_loc name_loc;
	char *action;          /* verbatim, NULL if absent */
	struct sc_loc action_loc;
	bool has_errno_ret;    /* "errnoRet" present (a *uint in Go) */
	uint64_t errno_ret;
	struct sc_loc errno_ret_loc;
	char *errno_name;      /* Podman's "errno": "EPERM"; NULL if absent */
	struct sc_loc errno_name_loc;
	size_t nargs;          /* absent, null and [] are all 0 */
	struct sc_arg *args;
	char *comment;         /* NULL if absent or "" */
	struct sc_cond includes, excludes;
	struct sc_loc loc;     /* where the group starts */
};

/* One element of "archMap". */
struct sc_archmap {
	struct sc_str arch;    /* "architecture": "SCMP_ARCH_X86_64" */
	struct sc_strv subs;   /* "subArchitectures" */
	struct sc_loc loc;
};

struct sc_profile {
	char *file;                 /* name used in messages; may be NULL */
	char *default_action;       /* NULL if absent */
	struct sc_loc default_action_loc;
	bool has_default_errno_ret; /* "defaultErrnoRet" present */
	uint64_t default_errno_ret;
	struct sc_loc default_errno_ret_loc;
	char *default_errno_name;   /* Podman's "defaultErrno"; NULL if absent */
	struct sc_loc default_errno_name_loc;
	struct sc_strv architectures; /* "SCMP_ARCH_X86_64", ... */
	size_t narchmap;
	struct sc_archmap *archmap;
	/*
	 * runc treats an absent "flags" differently from [] (absent means
	 * SPEC_ALLOW), so presence is part of the model.
	 */
	bool has_flags;
	struct sc_strv flags;
	char *listener_path;        /* NULL if absent or "" */
	char *listener_metadata;    /* NULL if absent or "" */
	size_t ngroups;
	struct sc_group *groups;
};

/* Allocation helpers.  All return NULL / -ENOMEM on allocation failure. */
struct sc_profile *sc_profile_new(const char *file);
void sc_profile_free(struct sc_profile *p); /* accepts NULL */

/* Append a zeroed group / arg / archmap entry; NULL on ENOMEM. */
struct sc_group *sc_profile_add_group(struct sc_profile *p);
struct sc_arg *sc_group_add_arg(struct sc_group *g);
struct sc_archmap *sc_profile_add_archmap(struct sc_profile *p);

/* Append a copy of s (len bytes, or strlen(s) if len == (size_t)-1). */
int sc_strv_push(struct sc_strv *v, const char *s, size_t len,
		 struct sc_loc loc);
void sc_strv_clear(struct sc_strv *v);
/* Append copies of src's strings, with their locations, to dst; -ENOMEM. */
int sc_strv_append(struct sc_strv *dst, const struct sc_strv *src);

/* Replace *dst by a copy of s (NULL allowed); -ENOMEM on failure. */
int sc_set_str(char **dst, const char *s);

/* Free and remove every group of p. */
void sc_profile_clear_groups(struct sc_profile *p);
/* Append a deep copy of src (which must not be one of p's); NULL on ENOMEM. */
struct sc_group *sc_profile_add_group_copy(struct sc_profile *p,
					   const struct sc_group *src);
/*
 * Same rule apart from the names and the comment: action, errno, arguments,
 * includes and excludes.
 */
bool sc_group_same_rule(const struct sc_group *a, const struct sc_group *b);

/*
 * Into an empty group: src's action, errno and arguments, with every
 * location, and no names, name, comment or conditions (what runc gets of a
 * rule, less its names).  -ENOMEM on failure; dst's strings stay freeable.
 */
int sc_group_copy_action(struct sc_group *dst, const struct sc_group *src);

/*
 * Into an empty profile: src's top-level settings (default action and
 * errno, architectures, flags, listener), not the file name, archMap or
 * syscalls.  -ENOMEM on failure.
 */
int sc_profile_copy_settings(struct sc_profile *dst,
			     const struct sc_profile *src);

/* Deep copy; NULL on ENOMEM. */
struct sc_profile *sc_profile_dup(const struct sc_profile *p);

/*
 * Equality of what the profile says: locations and the file name are
 * ignored; everything else (order included) must match.
 */
bool sc_profile_equal(const struct sc_profile *a, const struct sc_profile *b);

/*
 * Parse a minKernel string the way moby's KernelVersion.UnmarshalJSON does:
 * "X.Y", each part 0..255 decimal digits only, not "0.0".  "" is accepted
 * and means 0.0 (Docker's quirk).  Returns 0 or -EINVAL.
 */
int sc_min_kernel_parse(const char *s, unsigned *major, unsigned *minor);

/* Names of the group: names[] if non-empty, else name; count them. */
size_t sc_group_name_count(const struct sc_group *g);
const char *sc_group_name_at(const struct sc_group *g, size_t i);

#endif
