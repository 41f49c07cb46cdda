/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Owns the process side of `seccap record` (launcher/record.c is the
 * applet): the filter that hands every syscall of the command's tree to
 * seccap (SECCOMP_RET_USER_NOTIF), the child that loads it and hands the
 * listener back, the keeper that is the tree's subreaper, and the loop
 * that answers each notification as the base's filter would and notes it.
 *
 * The filter is loaded by the forked child just before it execs the
 * command; the listener comes back over a socketpair.  Three calls pass
 * without a notification: the child's own sendmsg of the listener (marked
 * by a random value in the high half of its flags, which the kernel
 * ignores), and exit and exit_group, so that the tree can always end: once
 * seccap is gone the kernel fails every notified call with ENOSYS.
 * The keeper, seccap's child, is the subreaper of the tree, so a daemon
 * the command leaves behind is still its descendant and is waited for.
 */
#include "record_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "command.h"
#include "names.h"
#include "pipeline.h"
#include "record.h"
#include "util.h"

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* ---- the filter ---- */

/* The high half of a 64-bit argument in struct seccomp_data. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i) + 4)
#else
#define ARG_HI(i) (offsetof(struct seccomp_data, args) + 8 * (i))
#endif

/* A straight-line program with forward jumps to named targets. */
enum { L_NEXT = -1, L_ALLOW = -2, L_NOTIFY = -3 };
struct prog {
	struct sock_filter v[64];
	int jt[64], jf[64];   /* L_*: resolved by prog_finish; >= 0: index */
	size_t n;
	bool overflow;
};

static void emit(struct prog *p, uint16_t code, uint32_t k, int jt, int jf)
{
	if (p->n == 64) {
		p->overflow = true;
		return;
	}
	p->v[p->n] = (struct sock_filter)BPF_STMT(code, k);
	p->jt[p->n] = jt;
	p->jf[p->n] = jf;
	p->n++;
}

/* Jumps that fall through are L_NEXT; the two returns go last. */
static int prog_finish(struct prog *p)
{
	size_t notify = p->n, allow = p->n + 1;

	emit(p, BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF, L_NEXT, L_NEXT);
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, L_NEXT, L_NEXT);
	if (p->overflow)
		return -E2BIG;
	for (size_t i = 0; i < p->n; i++) {
		int t[2] = { p->jt[i], p->jf[i] };

		if (BPF_CLASS(p->v[i].code) != BPF_JMP)
			continue;
		for (int k = 0; k < (BPF_OP(p->v[i].code) == BPF_JA ? 1 : 2);
		     k++) {
			size_t to = t[k] == L_ALLOW ? allow : t[k] == L_NOTIFY ?
				    notify : t[k] >= 0 ? (size_t)t[k] : i + 1;

			if (to <= i || (BPF_OP(p->v[i].code) != BPF_JA &&
					to - i - 1 > 255))
				return -E2BIG;
			if (BPF_OP(p->v[i].code) == BPF_JA)
				p->v[i].k = (uint32_t)(to - i - 1);
			else if (k == 0)
				p->v[i].jt = (uint8_t)(to - i - 1);
			else
				p->v[i].jf = (uint8_t)(to - i - 1);
		}
	}
	return 0;
}

/* Let exit and exit_group of arch through: the nr is loaded. */
static void allow_exits(struct prog *p, uint32_t arch)
{
	static const char *const names[] = { "exit", "exit_group" };

	for (size_t i = 0; i < 2; i++) {
		int nr;

		if (sc_syscall_resolve(names[i], arch, &nr) == 0 && nr >= 0)
			emit(p, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr,
			     L_ALLOW, L_NEXT);
	}
}

/*
 * Notify everything but exit, exit_group (on the native arch and its
 * 32-bit ABIs) and the child's own sendmsg carrying magic.
 */
static int build_filter(uint32_t magic, struct prog *p)
{
	uint32_t native = sc_arch_native();
	int sendmsg_nr;

	if (sc_syscall_resolve("sendmsg", native, &sendmsg_nr) != 0 ||
	    sendmsg_nr < 0)
		return -ENOSYS;
	p->n = 0;
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch),
	     L_NEXT, L_NEXT);
	if (native == SCMP_ARCH_X86_64) {
		/* i386 (int $0x80) */
		size_t at = p->n;

		emit(p, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, L_NEXT, 0);
		emit(p, BPF_LD | BPF_W | BPF_ABS,
		     offsetof(struct seccomp_data, nr), L_NEXT, L_NEXT);
		allow_exits(p, SCMP_ARCH_X86);
		emit(p, BPF_JMP | BPF_JA, 0, L_NOTIFY, L_NEXT);
		/* Not i386: on with the arch still loaded. */
		p->jf[at] = (int)p->n;
	}
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, native, L_NEXT, L_NOTIFY);
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr),
	     L_NEXT, L_NEXT);
	allow_exits(p, native);
	if (native == SCMP_ARCH_X86_64)
		allow_exits(p, SCMP_ARCH_X32);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)sendmsg_nr, L_NEXT,
	     L_NOTIFY);
	emit(p, BPF_LD | BPF_W | BPF_ABS, ARG_HI(2), L_NEXT, L_NEXT);
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, magic, L_ALLOW, L_NOTIFY);
	return prog_finish(p);
}

/* ---- the child: load the filter, hand over the listener, exec ---- */

/* What the child tells seccap when it could not hand over a listener. */
struct child_failure {
	int step;   /* enum below */
	int err;    /* errno */
};
enum { STEP_OK, STEP_NNP, STEP_LOAD, STEP_SEND };

/*
 * Send f, with fd (-1: none) attached, by the one sendmsg the filter lets
 * through unseen: nobody answers notifications before the listener
 * arrives.
 */
static int send_to_seccap(int sock, struct child_failure f, int fd,
			  uint32_t magic)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &f, sizeof(f) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *c;

		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	return syscall(SYS_sendmsg, sock, &msg,
		       (unsigned long)magic << 32 | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

static void child_fail(int sock, int step, int err, uint32_t magic)
{
	struct child_failure f = { step, err };

	send_to_seccap(sock, f, -1, magic);
	_exit(EXIT_SECCAP);
}

static void child(char **cmd, const char *path, int sock,
		  pid_t parent, const struct sock_fprog *prog, uint32_t magic,
		  bool nnp, const sigset_t *oldmask)
{
	struct sc_error err = { 0 };
	int fd, r2, status;

	/* The keeper holds the tree: the command must not outlive it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(EXIT_SECCAP);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	if (nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(sock, STEP_NNP, errno, magic);
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			  SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);
	if (fd < 0)
		child_fail(sock, STEP_LOAD, errno, magic);
	r2 = send_to_seccap(sock, (struct child_failure){ STEP_OK, 0 }, fd,
			    magic);
	if (r2 < 0)
		child_fail(sock, STEP_SEND, -r2, magic);
	/* Both descriptors are close-on-exec: EOF on the socket says exec worked. */
	execve(path, cmd, environ);
	fd = errno;
	(void)!write(sock, &fd, sizeof(fd));
	/* The command's process: nobody else is left to say why. */
	status = cmd_cannot_run(cmd[0], fd, &err);
	app_error(&err);
	_exit(status);
}

/* The listener from the child, or -1 with err saying why there is none. */
static int receive_listener(int sock, struct sc_error *err)
{
	struct child_failure f = { -1, 0 };
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &f, sizeof(f) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	c = n > 0 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (n == (ssize_t)sizeof(f) && f.step == STEP_OK && fd >= 0)
		return fd;
	if (fd >= 0)
		close(fd);
	switch (n == (ssize_t)sizeof(f) ? f.step : -1) {
	case STEP_NNP:
		sc_err(err, f.err, NULL, 0, 0, "cannot set no_new_privs: %s",
		       strerror(f.err));
		break;
	case STEP_LOAD:
		if (f.err == EINVAL || f.err == EOPNOTSUPP)
			sc_err(err, f.err, NULL, 0, 0,
			       "cannot load the recording filter: this kernel "
			       "has no seccomp user notification (Linux 5.5 or "
			       "later is needed): %s", strerror(f.err));
		else
			sc_err(err, f.err, NULL, 0, 0,
			       "cannot load the recording filter: %s",
			       strerror(f.err));
		break;
	case STEP_SEND:
		sc_err(err, f.err, NULL, 0, 0,
		       "cannot hand the listener to seccap: %s",
		       strerror(f.err));
		break;
	default:
		sc_err(err, ECHILD, NULL, 0, 0,
		       "the child died before it could load the filter");
	}
	return -1;
}

/* ---- the tree ---- */

/* Parent pid of pid from /proc, or -1. */
static pid_t ppid_of(pid_t pid)
{
	char path[64], buf[512], *p, *end;
	ssize_t n;
	long ppid;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "pid (comm) state ppid ...": comm may hold anything but ends at the last ')'. */
	p = strrchr(buf, ')');
	if (!p || strlen(p) < 5 || p[1] != ' ' || p[3] != ' ')
		return -1;
	errno = 0;
	ppid = strtol(p + 4, &end, 10);
	if (errno || end == p + 4 || *end != ' ' || ppid < 0 || ppid > INT_MAX)
		return -1;
	return (pid_t)ppid;
}

/*
 * SIGKILL every process below us.  As subreaper, every live process of the
 * tree descends from us; repeat while the tree still forks.
 */
static void kill_tree(void)
{
	pid_t self = getpid();

	for (int round = 0; round < 50; round++) {
		struct pid_ppid { pid_t pid, ppid; } *v = NULL;
		size_t n = 0, cap = 0, killed = 0;
		DIR *d = opendir("/proc");
		struct dirent *de;

		if (!d)
			return;
		while ((de = readdir(d))) {
			char *end;
			long pid = strtol(de->d_name, &end, 10);
			pid_t pp;

			if (*end || pid <= 0 || (pid_t)pid == self)
				continue;
			pp = ppid_of((pid_t)pid);
			if (pp <= 0)
				continue;
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 256;
				struct pid_ppid *nv = realloc(v, nc * sizeof(*v));

				if (!nv)
					break;
				v = nv;
				cap = nc;
			}
			v[n++] = (struct pid_ppid){ (pid_t)pid, pp };
		}
		closedir(d);
		for (size_t i = 0; i < n; i++) {
			pid_t up = v[i].ppid;

			/* Walk up at most n steps: a stale view may loop. */
			for (size_t steps = 0; up > 1 && up != self && steps < n;
			     steps++) {
				size_t k;

				for (k = 0; k < n && v[k].pid != up; k++)
					;
				up = k < n ? v[k].ppid : -1;
			}
			if (up == self && kill(v[i].pid, SIGKILL) == 0)
				killed++;
		}
		free(v);
		if (!killed)
			return;
	}
}

/* ---- answering ---- */

/* Keep the first failure for record_main to print; returns false. */
static bool run_fail(struct run *run, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool run_fail(struct run *run, int code, const char *fmt, ...)
{
	va_list ap;

	if (run->err.code)
		return false;
	va_start(ap, fmt);
	sc_verr(&run->err, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return false;
}

/* The NUL-terminated string at addr in pid's memory, or false. */
static bool read_string(pid_t pid, uint64_t addr, char *buf, size_t n)
{
	char path[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	got = pread(fd, buf, n - 1, (off_t)addr);
	close(fd);
	if (got <= 0)
		return false;
	buf[got] = '\0';
	return strlen(buf) < (size_t)got;
}

/*
 * An execve of a setuid or setgid file: under no_new_privs it runs with
 * the caller's privileges, so what it does as root is not what is seen.
 */
static void check_setuid(struct run *run, pid_t pid, uint64_t addr)
{
	char file[PATH_MAX], full[PATH_MAX + 64];
	struct stat st;

	if (!read_string(pid, addr, file, sizeof(file)) || !*file)
		return;
	if (file[0] == '/')
		snprintf(full, sizeof(full), "/proc/%d/root%s", (int)pid, file);
	else
		snprintf(full, sizeof(full), "/proc/%d/cwd/%s", (int)pid, file);
	if (stat(full, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & S_ISUID ||
	      (st.st_mode & S_ISGID && st.st_mode & S_IXGRP)))
		return;
	for (size_t i = 0; i < run->nwarned; i++)
		if (strcmp(run->warned[i], file) == 0)
			return;
	if (run->nwarned < 16)
		run->warned[run->nwarned++] = strdup(file);
	app_err("warning: '%s' is set-user-ID or set-group-ID: under "
		"no_new_privs it runs without those privileges, so what it "
		"would do with them is not recorded", file);
}

/*
 * Answer as the base's filter would, so the command takes the paths it
 * will take under the recorded profile (glibc's clone3 -> clone fallback
 * on ENOSYS, a program's own EPERM handling): a call the base allows
 * continues, one it fails gets its errno, and one it kills gets SIGSYS.
 */
static bool verdict(struct run *run, const struct seccomp_notif *req,
		    struct seccomp_notif_resp *resp)
{
	uint32_t ret = SECCOMP_RET_ALLOW;

	if (run->base_bpf &&
	    bpf_interp_exec(run->base_bpf->insns, run->base_bpf->len,
			    &req->data,
			    __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, &ret,
			    NULL) < 0)
		return run_fail(run, EINVAL,
				"internal error: the base's filter does not run");
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
	case SECCOMP_RET_USER_NOTIF: /* the base's agent would decide */
		resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		break;
	case SECCOMP_RET_ERRNO:
		resp->error = -(int32_t)(ret & SECCOMP_RET_DATA);
		break;
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
		kill((pid_t)req->pid, SIGSYS);
		resp->error = -ENOSYS;
		break;
	default: /* TRACE without a tracer, as the kernel answers */
		resp->error = -ENOSYS;
		break;
	}
	return true;
}

/* One notification: answer it, then note it.  false: give up. */
static bool answer(struct run *run)
{
	struct seccomp_notif *req = &run->req.n;
	struct seccomp_notif_resp *resp = &run->resp.r;

	memset(&run->req, 0, sizeof(run->req));
	if (ioctl(run->listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
		/* ENOENT: the caller died (SIGKILL) before we got to it. */
		return errno == EINTR || errno == ENOENT ||
		       run_fail(run, errno, "cannot receive a notification: %s",
				strerror(errno));
	if (run->watch_setuid && (int)req->data.nr == run->execve_nr &&
	    req->data.arch == sc_arch_native())
		check_setuid(run, (pid_t)req->pid, req->data.args[0]);
	memset(&run->resp, 0, sizeof(run->resp));
	resp->id = req->id;
	if (!verdict(run, req, resp))
		return false;
	if (ioctl(run->listener, SECCOMP_IOCTL_NOTIF_SEND, resp) < 0 &&
	    errno != ENOENT) {
		if (errno == EINVAL)
			return run_fail(run, EINVAL,
					"this kernel cannot let a notified "
					"syscall continue (SECCOMP_USER_NOTIF_"
					"FLAG_CONTINUE needs Linux 5.5 or later)");
		return run_fail(run, errno, "cannot answer a notification: %s",
				strerror(errno));
	}
	if (sc_recording_add(run->rec, req->data.arch, (int)req->data.nr,
			     (const uint64_t *)req->data.args) < 0)
		return run_fail(run, ENOMEM, "cannot record: %s",
				strerror(ENOMEM));
	return true;
}

/*
 * Tell the keeper to kill the tree (a byte on the pipe it watches), close
 * the listener: what is still pending fails with ENOSYS.
 */
static void stop(struct run *run)
{
	if (!run->killed && run->kill_fd >= 0)
		(void)!write(run->kill_fd, "k", 1);
	run->killed = true;
	if (run->listener >= 0)
		close(run->listener);
	run->listener = -1;
}

/*
 * Answer until the keeper says the tree is gone (EOF on its pipe, after
 * the command's wait status).  The socket tells whether the exec worked:
 * EOF at exec, an errno otherwise.
 */
static void serve(struct run *run)
{
	for (;;) {
		struct pollfd pf[3] = {
			{ run->listener, POLLIN, 0 },
			{ run->status_fd, POLLIN, 0 },
			{ run->sock, POLLIN, 0 },
		};

		if (poll(pf, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			run_fail(run, errno, "poll: %s", strerror(errno));
			run->failed = true;
			stop(run);
			continue;
		}
		if (pf[0].revents & POLLIN) {
			if (!answer(run)) {
				run->failed = true;
				stop(run);
			}
		} else if (pf[0].revents & (POLLHUP | POLLERR)) {
			/* Linux 5.8+: the filter has no task left. */
			close(run->listener);
			run->listener = -1;
		}
		if (pf[2].revents) {
			int e = 0;

			if (read(run->sock, &e, sizeof(e)) == (ssize_t)sizeof(e))
				run->exec_failed = true;
			close(run->sock);
			run->sock = -1;
		}
		if (pf[1].revents) {
			int st;
			ssize_t n = read(run->status_fd, &st, sizeof(st));

			if (n == (ssize_t)sizeof(st)) {
				run->status = st;
				run->child_done = true;
				if (run->until_exit)
					stop(run);
			} else if (n == 0 || (n < 0 && errno != EINTR)) {
				return;
			}
		}
	}
}

/* ---- the keeper: the tree's subreaper, outliving seccap if need be ---- */

/*
 * The keeper forks the command and is the subreaper of its tree, so a
 * daemon the command leaves is still waited for, and every live process of
 * the tree descends from it.  It writes the command's wait status to
 * status_fd, and exits when no process of the tree is left (EOF there).
 * When seccap dies (EOF on kill_fd) or asks (a byte on it), it kills the
 * tree: nobody would answer the tree's calls otherwise.
 */
static void keeper(char **argv, const char *path, int sock,
		   int kill_fd, int status_fd, const struct sock_fprog *prog,
		   uint32_t magic, bool nnp, const sigset_t *oldmask)
{
	sigset_t chld;
	pid_t self = getpid(), cmd;
	bool killed = false;
	int sfd;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		_exit(EXIT_SECCAP);
	cmd = fork();
	if (cmd < 0)
		_exit(EXIT_SECCAP);
	if (cmd == 0) {
		close(kill_fd);
		close(status_fd);
		close(sfd);
		child(argv, path, sock, self, prog, magic, nnp, oldmask);
	}
	close(sock);
	for (;;) {
		struct pollfd pf[2] = { { sfd, POLLIN, 0 },
					{ killed ? -1 : kill_fd, POLLIN, 0 } };
		struct signalfd_siginfo si;

		if (poll(pf, 2, -1) < 0 && errno != EINTR)
			_exit(EXIT_SECCAP);
		if (pf[1].revents) {
			kill_tree();
			killed = true;
		}
		while (read(sfd, &si, sizeof(si)) > 0)
			;
		for (;;) {
			int st;
			pid_t pid = waitpid(-1, &st, WNOHANG);

			if (pid < 0 && errno == ECHILD)
				_exit(0);
			if (pid <= 0)
				break;
			if (pid == cmd)
				(void)!write(status_fd, &st, sizeof(st));
		}
	}
}

static int exit_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return EXIT_SECCAP;
}

int record_run_command(struct run *run, const char *path, bool nnp)
{
	struct seccomp_notif_sizes sizes = { 0 };
	struct sock_fprog fprog;
	struct prog prog;
	sigset_t chld, old;
	uint32_t magic = 0;
	int sp[2] = { -1, -1 }, kp[2], stp[2];

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0) {
		run_fail(run, errno, "this kernel has no seccomp user "
			 "notification (Linux 5.5 or later is needed to "
			 "record): %s", strerror(errno));
		return EXIT_SECCAP;
	}
	if (sizes.seccomp_notif > sizeof(run->req) ||
	    sizes.seccomp_notif_resp > sizeof(run->resp)) {
		run_fail(run, EOVERFLOW, "this kernel's seccomp notifications "
			 "are larger than seccap knows (%u and %u bytes)",
			 sizes.seccomp_notif, sizes.seccomp_notif_resp);
		return EXIT_SECCAP;
	}
	while (!magic)
		if (getrandom(&magic, sizeof(magic), 0) != sizeof(magic)) {
			run_fail(run, errno, "getrandom: %s", strerror(errno));
			return EXIT_SECCAP;
		}
	if (build_filter(magic, &prog) < 0) {
		run_fail(run, EINVAL,
			 "cannot build the recording filter for this arch");
		return EXIT_SECCAP;
	}
	fprog.len = (unsigned short)prog.n;
	fprog.filter = prog.v;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0 ||
	    pipe2(kp, O_CLOEXEC) < 0 || pipe2(stp, O_CLOEXEC) < 0) {
		run_fail(run, errno, "cannot make the pipes to the command: %s",
			 strerror(errno));
		return EXIT_SECCAP;
	}
	run->kill_fd = kp[1];
	run->status_fd = stp[0];
	if (fflush(NULL) != 0) {
		run_fail(run, errno, "write error: %s", strerror(errno));
		return EXIT_SECCAP;
	}
	/* The terminal's ^C and ^\ are the command's to handle, as with time(1). */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	run->keeper = fork();
	if (run->keeper < 0) {
		run_fail(run, errno, "fork: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		return EXIT_SECCAP;
	}
	if (run->keeper == 0) {
		close(sp[0]);
		close(kp[1]);
		close(stp[0]);
		keeper(run->cmd, path, sp[1], kp[0], stp[1], &fprog, magic, nnp,
		       &old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sp[1]);
	close(kp[0]);
	close(stp[1]);
	run->sock = sp[0];
	run->listener = receive_listener(run->sock, &run->err);
	if (run->listener < 0) {
		int st;

		stop(run);
		while (read(run->status_fd, &st, sizeof(st)) > 0)
			;
		waitpid(run->keeper, NULL, 0);
		return EXIT_SECCAP;
	}
	/* Linux 6.6+: wake the recorder on the caller's CPU; older: no matter. */
	(void)ioctl(run->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		    SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	serve(run);
	waitpid(run->keeper, NULL, 0);
	if (run->failed)
		return EXIT_SECCAP;
	if (!run->child_done)
		return EXIT_SECCAP;
	return exit_status(run->status);
}

void record_run_release(struct run *run)
{
	if (run->listener >= 0)
		close(run->listener);
	if (run->kill_fd >= 0)
		close(run->kill_fd);
	if (run->status_fd >= 0)
		close(run->status_fd);
	if (run->sock >= 0)
		close(run->sock);
	for (size_t i = 0; i < run->nwarned; i++)
		free(run->warned[i]);
	sc_bpf_free(run->base_bpf);
	sc_recording_free(run->rec);
}
