/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Owns the suite's probes of the running kernel (see kernel.h).  Every probe
 * runs in a child that puts back the default SIGSEGV action first: under
 * ASan the runtime's handler would turn the kernel's "no" into a report.
 */
#include "kernel.h"

#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testutil.h"

#ifndef SYS_mseal
#define SYS_mseal 462
#endif

long tu_int80(long nr, long a0, long a1, long a2)
{
#if defined(__x86_64__)
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a0), "c"(a1), "d"(a2)
			 : "memory");
	return ret;
#else
	(void)nr, (void)a0, (void)a1, (void)a2;
	return -ENOSYS;
#endif
}

static int probe_ia32(void *arg)
{
	(void)arg;
	signal(SIGSEGV, SIG_DFL);
	return tu_int80(20 /* i386 getpid */, 0, 0, 0) == syscall(SYS_getpid)
		       ? 0 : 1;
}

static int probe_userns(void *arg)
{
	(void)arg;
	signal(SIGSEGV, SIG_DFL);
	return syscall(SYS_unshare, CLONE_NEWUSER) == 0 ? 0 : 1;
}

static int probe_mseal(void *arg)
{
	(void)arg;
	signal(SIGSEGV, SIG_DFL);
	/* a zero length is a valid no-op where mseal exists */
	return syscall(SYS_mseal, 0, 0, 0) == 0 ? 0 : 1;
}

static const struct {
	const char *name;
	int (*probe)(void *arg);
	const char *what;
	const char *missing;
} features[] = {
#if defined(__x86_64__)
	[TU_IA32] = { "ia32", probe_ia32, "i386 ABI",
		      "this kernel has no i386 ABI (int $0x80 is refused: "
		      "no IA32 emulation, or ia32_emulation=0)" },
#else
	[TU_IA32] = { "ia32", probe_ia32, "i386 ABI",
		      "not an x86_64 machine: no i386 ABI through int $0x80" },
#endif
	[TU_USERNS] = { "userns", probe_userns, "user namespaces",
			"unshare(CLONE_NEWUSER) fails here even without a "
			"filter (no user namespaces, or not for this user)" },
	[TU_MSEAL] = { "mseal", probe_mseal, "mseal(2)",
		       "this kernel has no mseal(2)" },
};
#define NFEATURES (sizeof(features) / sizeof(features[0]))

const char *tu_feature_name(enum tu_feature f)
{
	return features[f].name;
}

int tu_feature_by_name(const char *name)
{
	for (size_t i = 0; i < NFEATURES; i++)
		if (strcmp(features[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* SECCAP_TEST_NO_IA32 and the like: the override's variable name. */
static void override_name(enum tu_feature f, char *buf, size_t n)
{
	size_t k = (size_t)snprintf(buf, n, "SECCAP_TEST_NO_%s",
				    features[f].name);

	for (size_t i = k - strlen(features[f].name); i < k && i < n; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
}

bool tu_kernel_has(enum tu_feature f, const char **why)
{
	static char told[NFEATURES][160];
	char var[64];
	const char *v;

	override_name(f, var, sizeof(var));
	v = getenv(var);
	if (v && *v && strcmp(v, "0") != 0) {
		snprintf(told[f], sizeof(told[f]),
			 "%s=%s: tested as if this kernel had no %s", var, v,
			 features[f].what);
		if (why)
			*why = told[f];
		return false;
	}
	if (tu_exited_with(tu_run_child(features[f].probe, NULL), 0))
		return true;
	if (why)
		*why = features[f].missing;
	return false;
}
