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
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

/*
 * Load a filter that hands getppid to a listener, let a forked child call
 * it, and answer with CONTINUE: the child must get its parent's pid.
 */
int tu_load_getppid_listener(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, insns };
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
	return fd < 0 ? -errno : fd;
}

static int probe_usernotif(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	pid_t self = getpid(), kid;
	int fd, st, ok;

	(void)arg;
	signal(SIGSEGV, SIG_DFL);
	fd = tu_load_getppid_listener();
	if (fd < 0)
		return 1;
	kid = fork();
	if (kid == 0)
		_exit(syscall(SYS_getppid) == self ? 0 : 1);
	memset(&req, 0, sizeof(req));
	if (kid < 0 || ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return 1;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	ok = ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0;
	if (!ok)
		kill(kid, SIGKILL);
	if (waitpid(kid, &st, 0) < 0)
		return 1;
	return ok && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

/*
 * An allow-everything filter, loaded as every filter of the suite is.
 * qemu-user passes no seccomp(2) or PR_SET_SECCOMP to the kernel (it could
 * not: the kernel would filter the emulator's own host syscalls), so a
 * cross-built suite run under it sees this fail.
 */
static int probe_seccomp(void *arg)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	(void)arg;
	signal(SIGSEGV, SIG_DFL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return 1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0 ? 0 : 1;
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
	[TU_USERNOTIF] = { "usernotif", probe_usernotif,
			   "seccomp user notification",
			   "this kernel cannot hand a syscall to a listener and "
			   "let it continue (SECCOMP_RET_USER_NOTIF with "
			   "SECCOMP_USER_NOTIF_FLAG_CONTINUE needs Linux 5.5)" },
	[TU_SECCOMP] = { "seccomp", probe_seccomp, "seccomp filters",
			 "seccomp(SECCOMP_SET_MODE_FILTER) fails here: "
			 "qemu-user does not emulate seccomp (or the kernel "
			 "lacks CONFIG_SECCOMP_FILTER)" },
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
