/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sc_bpf_load and sc_bpf_load_listener: a compiled program into the kernel
 * with seccomp(2), shared by apply, the preload and the embedding API, and
 * the kernel's refusals turned into messages that say what to do.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compile_internal.h"

/* ------------------------------------------------------------------ */
/* Loading */

static long sys_seccomp(unsigned int op, unsigned int flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

/* True if this kernel accepts flag with SECCOMP_SET_MODE_FILTER. */
static bool kernel_has_flag(unsigned int flag)
{
	/* A NULL program fails with EFAULT only after the flags passed. */
	errno = 0;
	if (sys_seccomp(SECCOMP_SET_MODE_FILTER, flag, NULL) == 0)
		return true;
	return errno == EFAULT;
}

static void flags_text(unsigned int flags, char *buf, size_t n)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < SC_SECCOMP_NFLAGS; i++) {
		int w;

		if (!(flags & sc_seccomp_flags[i].flag))
			continue;
		w = snprintf(buf + used, n - used, "%s'%s'", used ? ", " : "",
			     sc_seccomp_flags[i].name);
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

int sc_bpf_load(const struct sc_bpf *b, struct sc_error *err)
{
	if (b && (b->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return sc_err(err, ENOTSUP, NULL, 0, 0,
			      "the profile hands syscalls to an agent "
			      "(SCMP_ACT_NOTIFY), and the preload does not "
			      "connect to one: a constructor must not block on "
			      "a socket; use 'seccap apply' or the embedding "
			      "API");
	return sc_bpf_load_listener(b, NULL, err);
}

int sc_bpf_load_listener(const struct sc_bpf *b, int *listener,
			 struct sc_error *err)
{
	struct sock_fprog prog;
	unsigned int bad = 0;
	char names[256];
	long r;
	int e;

	if (listener)
		*listener = -1;
	if (!b || !b->insns || !b->len || b->len > BPF_MAXINSNS)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no filter to load");
	prog.len = (unsigned short)b->len;
	prog.filter = b->insns;
	r = sys_seccomp(SECCOMP_SET_MODE_FILTER, b->flags, &prog);
	if (r >= 0 && (b->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)) {
		if (listener)
			*listener = (int)r;
		else
			close((int)r);
		return 0;
	}
	if (r == 0)
		return 0;
	if (r > 0)
		/* TSYNC: the id of a thread that could not take the filter. */
		return sc_err(err, ESRCH, NULL, 0, 0,
			      "thread %ld could not be given the filter (it has a different seccomp state)",
			      r);
	e = errno;
	switch (e) {
	case EACCES:
		return sc_err(err, e, NULL, 0, 0,
			      "loading the filter needs no_new_privs or CAP_SYS_ADMIN");
	case ENOMEM:
		return sc_err(err, e, NULL, 0, 0,
			      "too many or too large filters already loaded");
	case EINVAL:
		if ((b->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
		    (!kernel_has_flag(SECCOMP_FILTER_FLAG_NEW_LISTENER) ||
		     ((b->flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) &&
		      !kernel_has_flag(SECCOMP_FILTER_FLAG_TSYNC_ESRCH))))
			return sc_err(err, e, NULL, 0, 0,
				      "this kernel cannot hand syscalls to an "
				      "agent (SCMP_ACT_NOTIFY needs Linux 5.0, "
				      "5.7 for all threads)");
		for (size_t i = 0; i < SC_SECCOMP_NFLAGS; i++)
			if ((b->flags & sc_seccomp_flags[i].flag) &&
			    !kernel_has_flag(sc_seccomp_flags[i].flag))
				bad |= sc_seccomp_flags[i].flag;
		if (bad) {
			flags_text(bad, names, sizeof(names));
			return sc_err(err, e, NULL, 0, 0,
				      "this kernel does not accept seccomp flag%s %s%s",
				      (bad & (bad - 1)) ? "s" : "", names,
				      (bad & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
					      ? " (it needs Linux 5.19 and a notify listener)"
					      : "");
		}
		if (b->flags) {
			flags_text(b->flags, names, sizeof(names));
			return sc_err(err, e, NULL, 0, 0,
				      "the kernel rejected the filter with flags %s: %s",
				      names, strerror(e));
		}
		return sc_err(err, e, NULL, 0, 0,
			      "the kernel rejected the filter: %s", strerror(e));
	default:
		return sc_err(err, e, NULL, 0, 0,
			      "seccomp(SECCOMP_SET_MODE_FILTER) failed: %s",
			      strerror(e));
	}
}
