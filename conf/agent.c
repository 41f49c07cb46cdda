/* SPDX-License-Identifier: Apache-2.0 */
/* Owns the handoff of a notification listener to a seccomp agent (agent.h). */
#include "agent.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "names.h"

/* The OCI runtime specification version whose state we send. */
#define OCI_VERSION "1.0.2"

struct sc_agent {
	int sock;
	char *state;            /* the JSON */
	struct iovec iov;
	union {                 /* aligned for struct cmsghdr */
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cmsg;
	struct msghdr msg;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
};

static int oom(struct sc_error *err)
{
	return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
}

/* The container process state (OCI runtime spec, config-linux.md). */
static char *state_json(const char *metadata, pid_t pid)
{
	json_object *o = json_object_new_object(), *st = json_object_new_object();
	json_object *fds = json_object_new_array();
	char cwd[PATH_MAX], id[64];
	char *out = NULL;

	if (!o || !st || !fds)
		goto out;
	snprintf(id, sizeof(id), "seccap-%ld", (long)pid);
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "/");
	json_object_array_add(fds, json_object_new_string("seccompFd"));
	json_object_object_add(st, "ociVersion",
			       json_object_new_string(OCI_VERSION));
	json_object_object_add(st, "id", json_object_new_string(id));
	json_object_object_add(st, "status", json_object_new_string("creating"));
	json_object_object_add(st, "pid", json_object_new_int64(pid));
	json_object_object_add(st, "bundle", json_object_new_string(cwd));
	json_object_object_add(o, "ociVersion",
			       json_object_new_string(OCI_VERSION));
	json_object_object_add(o, "fds", fds);
	fds = NULL;
	json_object_object_add(o, "pid", json_object_new_int64(pid));
	if (metadata && *metadata)
		json_object_object_add(o, "metadata",
				       json_object_new_string(metadata));
	json_object_object_add(o, "state", st);
	st = NULL;
	out = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
out:
	json_object_put(fds);
	json_object_put(st);
	json_object_put(o);
	return out;
}

int sc_agent_open(const char *path, const char *metadata, pid_t pid,
		  struct sc_agent **ret, struct sc_error *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct sc_agent *a;
	int e;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path))
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "listenerPath '%s' is not a usable socket path "
			      "(empty or longer than %zu bytes)", path ? path : "",
			      sizeof(sa.sun_path) - 1);
	a = calloc(1, sizeof(*a));
	if (!a)
		return oom(err);
	strcpy(a->path, path);
	a->state = state_json(metadata, pid);
	if (!a->state) {
		free(a);
		return oom(err);
	}
	strcpy(sa.sun_path, path);
	a->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (a->sock < 0 ||
	    connect(a->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = errno;
		sc_agent_free(a);
		return sc_err(err, e, NULL, 0, 0,
			      "cannot connect to the seccomp agent at '%s' "
			      "(listenerPath): %s", path, strerror(e));
	}
	/* Built now, so sc_agent_check sees the very call handoff makes. */
	a->iov.iov_base = a->state;
	a->iov.iov_len = strlen(a->state);
	a->msg.msg_iov = &a->iov;
	a->msg.msg_iovlen = 1;
	a->msg.msg_control = a->cmsg.buf;
	a->msg.msg_controllen = sizeof(a->cmsg.buf);
	*ret = a;
	return 0;
}

void sc_agent_free(struct sc_agent *a)
{
	if (!a)
		return;
	if (a->sock >= 0)
		close(a->sock);
	free(a->state);
	free(a);
}

static bool runs(uint32_t ret)
{
	return (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ALLOW ||
	       (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_LOG;
}

static bool notifies(uint32_t ret)
{
	return (ret & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF;
}

static int verdict(const struct sc_bpf *b, const struct seccomp_data *d,
		   uint32_t *ret, struct sc_error *err)
{
	if (bpf_interp_run(b->insns, b->len, d, ret, NULL) < 0)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: the filter does not run");
	return 0;
}

int sc_agent_check(const struct sc_agent *a, const struct sc_bpf *b,
		   struct sc_error *err)
{
	struct seccomp_data d = { 0 };
	uint32_t ret;
	int nr, r;

	if (sc_syscall_resolve("sendmsg", sc_arch_native(), &nr) != 0 ||
	    nr < 0)
		return sc_err(err, ENOSYS, NULL, 0, 0,
			      "no sendmsg on this arch to reach the agent");
	d.nr = nr;
	d.arch = sc_arch_native();
	d.args[0] = (uint64_t)a->sock;
	d.args[1] = (uint64_t)(uintptr_t)&a->msg;
	d.args[2] = MSG_NOSIGNAL;
	r = verdict(b, &d, &ret, err);
	if (r < 0)
		return r;
	if (!runs(ret))
		return sc_err(err, EDEADLK, NULL, 0, 0,
			      "the profile %s sendmsg, which seccap needs to "
			      "hand the agent its listener",
			      notifies(ret) ? "hands to the agent" : "denies");
	/*
	 * If the handoff fails, closing the listener (whatever its number)
	 * must not wait for an agent that never got it.
	 */
	if (sc_syscall_resolve("close", sc_arch_native(), &nr) != 0 || nr < 0)
		return 0;
	memset(&d.args, 0, sizeof(d.args));
	d.nr = nr;
	for (int fd = 0; fd < 1024; fd++) {
		d.args[0] = (uint64_t)fd;
		r = verdict(b, &d, &ret, err);
		if (r < 0)
			return r;
		if (notifies(ret))
			return sc_err(err, EDEADLK, NULL, 0, 0,
				      "the profile hands close to the agent, "
				      "which seccap may need before the agent "
				      "has its listener");
	}
	return 0;
}

int sc_agent_handoff(struct sc_agent *a, int listener, struct sc_error *err)
{
	struct cmsghdr *c = CMSG_FIRSTHDR(&a->msg);
	ssize_t n;

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener, sizeof(int));
	do
		n = sendmsg(a->sock, &a->msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot send the listener to the seccomp agent at "
			      "'%s': %s", a->path, strerror(errno));
	if ((size_t)n != a->iov.iov_len)
		return sc_err(err, EIO, NULL, 0, 0,
			      "the seccomp agent at '%s' took %zd of %zu bytes "
			      "of the state", a->path, n, a->iov.iov_len);
	return 0;
}

int sc_agent_load(const struct sc_bpf *b, const char *path,
		  const char *metadata, struct sc_error *err)
{
	struct sc_agent *a = NULL;
	int listener = -1, r;

	r = sc_agent_open(path, metadata, getpid(), &a, err);
	if (r == 0)
		r = sc_agent_check(a, b, err);
	if (r == 0)
		r = sc_bpf_load_listener(b, &listener, err);
	if (r == 0)
		r = sc_agent_handoff(a, listener, err);
	/* Without an agent holding it, notified calls fail with ENOSYS. */
	if (listener >= 0)
		close(listener);
	sc_agent_free(a);
	return r;
}
