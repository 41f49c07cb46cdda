/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A seccomp agent as runc and crun talk to, for the notify tests:
 *   notify_agent SOCKET STATE_FILE
 * listens on the unix socket SOCKET (the name appears once it listens),
 * takes one connection, receives the
 * container process state (JSON) with the listener attached (SCM_RIGHTS),
 * writes the JSON to STATE_FILE, then answers every notification: mkdir
 * and mkdirat fail with EROFS, everything else continues.  It ends when
 * the filter has no task left (or after 60 s).  Exit status 0, or 1 with a
 * message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SECCOMP_USER_NOTIF_FLAG_CONTINUE
#define SECCOMP_USER_NOTIF_FLAG_CONTINUE (1UL << 0)
#endif

/* aarch64 and the other new ABIs have mkdirat only. */
static int is_mkdir(int nr)
{
#ifdef SYS_mkdir
	if (nr == SYS_mkdir)
		return 1;
#endif
	return nr == SYS_mkdirat;
}

static int die(const char *what)
{
	fprintf(stderr, "notify_agent: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char state[65536], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { state, sizeof(state) - 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n;
	int s, conn, fd = -1, out;

	if (argc != 3 || strlen(argv[1]) + 5 >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: notify_agent SOCKET STATE_FILE\n");
		return 2;
	}
	/* Listening before the name appears: whoever sees SOCKET can connect. */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.tmp", argv[1]);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(s, 1) < 0 || rename(sa.sun_path, argv[1]) < 0)
		return die("listen");
	alarm(60);
	conn = accept(s, NULL, NULL);
	if (conn < 0)
		return die("accept");
	n = recvmsg(conn, &msg, 0);
	if (n <= 0)
		return die("recvmsg");
	state[n] = '\0';
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (fd < 0) {
		fprintf(stderr, "notify_agent: no listener in the message\n");
		return 1;
	}
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || write(out, state, (size_t)n) != n || close(out) < 0)
		return die(argv[2]);
	for (;;) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		struct pollfd pf = { fd, POLLIN, 0 };

		if (poll(&pf, 1, -1) < 0)
			return die("poll");
		if (!(pf.revents & POLLIN))
			return 0; /* POLLHUP: no task left */
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
			if (errno == ENOENT || errno == EINTR)
				continue;
			return die("SECCOMP_IOCTL_NOTIF_RECV");
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		if (is_mkdir(req.data.nr))
			resp.error = -EROFS;
		else
			resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0 &&
		    errno != ENOENT)
			return die("SECCOMP_IOCTL_NOTIF_SEND");
	}
}
