/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The confined program of the static and contrib tests: it makes the
 * syscalls named on the command line and prints one line each, "NAME: ok"
 * or "NAME: EPERM" (the errno's name).  tests/cli/test_static.sh links it
 * with -static, so it runs in a root that holds nothing but seccap.
 *
 *   getpid   getpid(2)
 *   uname    uname(2)
 *   socket   socket(AF_INET, SOCK_STREAM)
 *   unix     socket(AF_UNIX, SOCK_STREAM)
 *   mkdir    mkdir("static-probe.d") in the current directory, then rmdir
 *   unshare  unshare(CLONE_NEWUSER)
 *   fork     fork(2) (clone underneath), the child exits at once
 *   clone3   the raw clone3 syscall with an invalid size (never creates
 *            anything: EINVAL when let through)
 *   keyctl   keyctl(KEYCTL_GET_KEYRING_ID, session keyring), which Docker's
 *            default profile denies whatever the capabilities
 *
 * Exit status: 0 every call succeeded, 1 one failed, 2 misuse.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
/* <linux/keyctl.h> values, so the probe needs no kernel headers. */
#define KEYCTL_GET_KEYRING_ID 0
#define KEY_SPEC_SESSION_KEYRING (-3)

static long try_socket(int family)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

static long try_fork(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0 && waitpid(pid, NULL, 0) < 0)
		return -1;
	return pid;
}

static long try_mkdir(void)
{
	if (mkdir("static-probe.d", 0700) < 0)
		return -1;
	return rmdir("static-probe.d");
}

/* Returns the syscall's result (negative with errno set), or -2 unknown. */
static long try(const char *op)
{
	struct utsname u;

	errno = 0;
	if (strcmp(op, "getpid") == 0)
		return getpid();
	if (strcmp(op, "uname") == 0)
		return uname(&u);
	if (strcmp(op, "socket") == 0)
		return try_socket(AF_INET);
	if (strcmp(op, "unix") == 0)
		return try_socket(AF_UNIX);
	if (strcmp(op, "mkdir") == 0)
		return try_mkdir();
	if (strcmp(op, "unshare") == 0)
		return unshare(CLONE_NEWUSER);
	if (strcmp(op, "fork") == 0)
		return try_fork();
	if (strcmp(op, "clone3") == 0)
		return syscall(SYS_clone3, NULL, (size_t)1);
	if (strcmp(op, "keyctl") == 0)
		return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
			       KEY_SPEC_SESSION_KEYRING, 0);
	return -2;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: static_probe SYSCALL...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		long r = try(argv[i]);
		int e = errno;

		if (r == -2) {
			fprintf(stderr, "static_probe: unknown call '%s'\n",
				argv[i]);
			return 2;
		}
		if (r < 0) {
			const char *name = strerrorname_np(e);

			printf("%s: %s\n", argv[i], name ? name : "?");
			rc = 1;
		} else {
			printf("%s: ok\n", argv[i]);
		}
	}
	if (fflush(stdout) != 0)
		return 2;
	return rc;
}
