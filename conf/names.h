/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Name tables shared by the validator, the resolver and the compiler:
 * actions, operators, architectures (libseccomp SCMP_ARCH_* names and the
 * Go-style names Docker uses in includes/excludes.arches), capabilities,
 * errno names and syscall names (libseccomp's, plus a generated table of
 * syscalls newer than the installed libseccomp).
 */
#ifndef SECCAP_NAMES_H
#define SECCAP_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- actions ---- */
enum sc_action {
	SC_ACT_INVALID = -1,
	SC_ACT_KILL_THREAD, /* SCMP_ACT_KILL and SCMP_ACT_KILL_THREAD */
	SC_ACT_KILL_PROCESS,
	SC_ACT_TRAP,
	SC_ACT_ERRNO,
	SC_ACT_TRACE,
	SC_ACT_LOG,
	SC_ACT_ALLOW,
	SC_ACT_NOTIFY,
};
/* Exact, case-sensitive, as runc's ConvertStringToAction. */
enum sc_action sc_action_parse(const char *s);
/* True if action a lets the syscall run (ALLOW, LOG; TRACE is not). */
bool sc_action_allows(enum sc_action a);
/* All accepted action spellings, NULL-terminated (for hints and docs). */
extern const char *const sc_action_names[];

/* ---- argument operators: returns an enum scmp_compare value, 0 if unknown */
int sc_op_parse(const char *s);
const char *sc_op_name(int op); /* "SCMP_CMP_EQ" */
extern const char *const sc_op_names[];

/* ---- architectures ----
 * Tokens are libseccomp's SCMP_ARCH_* values (AUDIT_ARCH_*); 0 = unknown. */
uint32_t sc_arch_from_scmp_name(const char *s); /* "SCMP_ARCH_X86_64" */
const char *sc_arch_scmp_name(uint32_t token);
uint32_t sc_arch_from_go_name(const char *s);   /* "amd64", "x32", "arm64" */
const char *sc_arch_go_name(uint32_t token);
/* Every Go-style name libseccomp-golang knows (NULL-terminated). */
extern const char *const sc_arch_go_names[];
/*
 * The native arch: the ABI seccap was built for (a dockerd built alike would
 * call it native), whatever personality uname reports.  An i386 build is an
 * i386 dockerd: x86 native, no archMap entry.
 */
uint32_t sc_arch_native(void);

/* ---- capabilities ----
 * Exact, upper-case, with CAP_ prefix, as libcap prints them; -1 unknown. */
int sc_cap_parse(const char *s);
const char *sc_cap_name(int cap);
int sc_cap_max(void); /* highest capability number known to us */
/* Docker's 14 default capabilities (moby daemon/pkg/oci/caps/defaults.go). */
extern const int sc_docker_default_caps[];
extern const size_t sc_docker_default_ncaps;

/* ---- errno names: "EPERM" -> 1; -1 unknown.  Name of n or NULL. */
int sc_errno_parse(const char *s);
const char *sc_errno_name(int n);

/* ---- syscalls ---- */
/*
 * Resolve name on arch (SCMP_ARCH_* token).  Returns:
 *   0 and *nr >= 0: the syscall's number on that arch (x32 numbers include
 *     the 0x40000000 bit, as the kernel sees them);
 *   1: the name is a known syscall, but not on that arch;
 *   -ENOENT: no syscall of that name anywhere.
 * libseccomp's table is asked first, then the generated table of syscalls
 * newer than the installed libseccomp.
 */
int sc_syscall_resolve(const char *name, uint32_t arch, int *nr);
/*
 * The generated table's answer alone (libseccomp not asked), with the same
 * return values: the number the kernel gives name on arch whatever
 * libseccomp makes of it (x86's socket is 359 here, a pseudo number there).
 */
int sc_syscall_table_nr(const char *name, uint32_t arch, int *nr);
/*
 * The name of syscall nr on arch (x32 numbers with the 0x40000000 bit), from
 * the generated table (every arch libseccomp knows); NULL if it has none.
 */
const char *sc_syscall_name(uint32_t arch, int nr);
/* Name i of the generated table (sorted), NULL past the end: every name. */
const char *sc_syscall_nth(size_t i);
/* True if the name is a syscall on some arch (either table). */
bool sc_syscall_known(const char *name);
/* True if libseccomp itself knows the name (negative pseudo numbers count). */
bool sc_syscall_known_libseccomp(const char *name);
/* Closest known syscall name for a hint, or NULL if none is close. */
const char *sc_syscall_suggest(const char *name);
/* The same idea for any NULL-terminated vocabulary. */
const char *sc_suggest(const char *word, const char *const *vocab);

#endif
