/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Make the syscalls named on the command line and print one line each,
 * "NAME: ok" or "NAME: EPERM" (the errno's name), for the apply and record
 * tests.
 * Built twice: dynamic (apply_try) and static (apply_try_static), to show
 * that a filter loaded by `seccap apply` confines static binaries too.
 * Exit status: 0 when every call succeeded, 1 when one failed, 2 on misuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef AF_ALG
#define AF_ALG 38
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
/* <linux/keyctl.h> values, so the helper needs no extra headers. */
#define KEYCTL_GET_KEYRING_ID 0
#define KEY_SPEC_PROCESS_KEYRING (-2)
#define KEY_SPEC_SESSION_KEYRING (-3)

/* A number far above any syscall: the ENOSYS rule's business. */
#define UNKNOWN_SYSCALL 1000

static long try_socket(int family, int type)
{
	int fd = socket(family, type, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* clone(CLONE_NEWNS) through the raw syscall; the child exits at once. */
static long try_clone_newns(void)
{
	long pid = syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, NULL, NULL, NULL,
			   NULL);

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

static long try(const char *op, const char *arg)
{
	if (strcmp(op, "getpid") == 0)
		return getpid();
	if (strcmp(op, "unshare") == 0)
		return unshare(CLONE_NEWUSER);
	if (strcmp(op, "keyctl") == 0)
		return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
			       KEY_SPEC_SESSION_KEYRING, 0);
	if (strcmp(op, "add_key") == 0)
		return syscall(SYS_add_key, "user", "seccap-apply-test", "x",
			       (size_t)1, KEY_SPEC_PROCESS_KEYRING);
	if (strcmp(op, "request_key") == 0)
		return syscall(SYS_request_key, "user", "seccap-apply-none",
			       NULL, 0);
	if (strcmp(op, "vsock") == 0)
		return try_socket(AF_VSOCK, SOCK_STREAM);
	if (strcmp(op, "alg") == 0)
		return try_socket(AF_ALG, SOCK_SEQPACKET);
	if (strcmp(op, "inet") == 0)
		return try_socket(AF_INET, SOCK_STREAM);
	if (strcmp(op, "unshare-user") == 0)
		return unshare(CLONE_NEWUSER);
	if (strcmp(op, "clone-newns") == 0)
		return try_clone_newns();
	if (strcmp(op, "clone3") == 0)
		/* A NULL argument: EFAULT if clone3 runs at all. */
		return syscall(SYS_clone3, NULL, (size_t)64);
	if (strcmp(op, "mount") == 0)
		/* A missing target: ENOENT when mount runs, EPERM when denied. */
		return mount("none", "/nonexistent/seccap-apply-test", "tmpfs",
			     0, NULL);
	if (strcmp(op, "chmod") == 0 && arg)
		return chmod(arg, 0755);
	if (strcmp(op, "unknown") == 0)
		return syscall(UNKNOWN_SYSCALL, 0, 0, 0, 0, 0, 0);
	if (strcmp(op, "nr") == 0 && arg)
		/* Only used for numbers the filter must stop before they run. */
		return syscall(strtol(arg, NULL, 0), 0, 0, 0, 0, 0, 0);
	errno = EINVAL;
	return -2;
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OP[=ARG]...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char op[64];
		const char *eq = strchr(argv[i], '='), *arg = NULL;
		long r;

		snprintf(op, sizeof(op), "%.*s",
			 (int)(eq ? (size_t)(eq - argv[i]) : strlen(argv[i])),
			 argv[i]);
		if (eq)
			arg = eq + 1;
		errno = 0;
		r = try(op, arg);
		if (r == -2) {
			fprintf(stderr, "%s: unknown operation '%s'\n", argv[0],
				argv[i]);
			return 2;
		}
		if (r < 0) {
			const char *name = strerrorname_np(errno);

			printf("%s: %s\n", op, name ? name : "?");
			failed = 1;
		} else {
			printf("%s: ok\n", op);
		}
	}
	return fflush(stdout) == 0 ? failed : 2;
}
