/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the running kernel offers the live tests: each feature is asked in
 * a forked child, so a kernel that answers with a signal (int $0x80 without
 * i386 emulation raises SIGSEGV) costs the test a skip, never its process.
 */
#ifndef SECCAP_TESTS_KERNEL_H
#define SECCAP_TESTS_KERNEL_H

#include <stdbool.h>

enum tu_feature {
	TU_IA32,   /* the i386 ABI through int $0x80 (x86_64 only) */
	TU_USERNS, /* unshare(CLONE_NEWUSER) succeeds for this process */
	TU_MSEAL,  /* mseal(2) */
	/* seccomp user notification answered with FLAG_CONTINUE (Linux 5.5) */
	TU_USERNOTIF,
	/* seccomp(SECCOMP_SET_MODE_FILTER) loads a filter (not under qemu-user) */
	TU_SECCOMP,
};

/*
 * Whether the kernel offers f.  When it does not, *why (if why is not NULL)
 * says so in words fit for a skip message.  SECCAP_TEST_NO_<NAME>=1
 * (SECCAP_TEST_NO_IA32, _USERNS, _MSEAL, _USERNOTIF, _SECCOMP) answers "no" without asking, so the
 * suite can be run as it runs on a kernel without that feature.
 */
bool tu_kernel_has(enum tu_feature f, const char **why);

/*
 * The i386 system call nr through int $0x80 from this 64-bit process: the
 * kernel's return value (-errno on failure), or -ENOSYS off x86_64.  Only
 * where tu_kernel_has(TU_IA32): elsewhere the kernel answers with SIGSEGV.
 */
long tu_int80(long nr, long a0, long a1, long a2);

/*
 * Set no_new_privs and load a filter that hands getppid to a new listener
 * (everything else allowed).  Returns the listener fd or -errno.  In a
 * child only: the filter stays for the rest of the process's life.
 */
int tu_load_getppid_listener(void);

/* The feature's name as the command line and the variables spell it. */
const char *tu_feature_name(enum tu_feature f);
/* The feature called name, or -1. */
int tu_feature_by_name(const char *name);

#endif
