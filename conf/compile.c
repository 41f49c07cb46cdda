/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: a resolved profile becomes one classic-BPF seccomp program,
 * built the way runc 1.2 builds it (same actions, same rule merging, same
 * ENOSYS behaviour for syscalls newer than the profile), but laid out so the
 * extras cost allowed syscalls nothing.
 *
 * Layout of the program:
 *
 *   dispatcher   ld [arch]; jeq NATIVE -> its section; jeq X, ja X ...;
 *                ret KILL_THREAD (an ABI the profile does not name)
 *   section      libseccomp's program for one arch, from a context of its
 *                own, entered past its arch check (x86_64: past its x32
 *                check too); every "ret <default>" becomes "ja tail"
 *   tail         (x86_64) x32 numbers on to x32's section, or KILL;
 *                rules for syscalls this libseccomp has no number for on
 *                that arch (a native "helper" context, see build_arch);
 *                ld [nr]; jgt N -> ret ERRNO(ENOSYS); ret <default>
 *
 * So the ENOSYS check (runc's patchbpf) and the extras sit on the default
 * path only: an allowed syscall runs exactly libseccomp's instructions plus
 * two of the dispatcher.  One context per arch is what lets us number
 * syscalls libseccomp 2.5.4 does not know; names it knows go through its
 * ordinary (translating) API, so x86's socketcall/ipc multiplexing and the
 * rule merging are exactly what runc's single multi-arch context produces.
 * libseccomp's bad-arch action is set to a value of its own (a "stand-in",
 * see prep_map) so its returns are never mistaken for the default's.
 */
#include "compile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "chain.h"
#include "compile_internal.h"
#include "names.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif

int sc_compile(const struct sc_profile *resolved,
	       const struct sc_compile_opts *o, struct sc_bpf **ret,
	       const struct sc_diag *d, struct sc_error *err)
{
	static const struct sc_compile_opts no_opts;
	struct section *secs = NULL;
	struct prep pp;
	int r;

	if (!resolved || !ret)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no profile to compile");
	r = prep_init(&pp, resolved, o ? o : &no_opts, d, err);
	if (r < 0)
		goto out;
	secs = calloc(pp.narches, sizeof(*secs));
	if (!secs) {
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < pp.narches; i++) {
		struct arch_ctx c;

		secs[i].a = &pp.arches[i];
		r = build_arch(&pp, &pp.arches[i], &c, err);
		if (r < 0)
			goto out;
		r = export_bpf(&pp, c.main, &secs[i].main, &secs[i].nmain, err);
		if (r == 0)
			r = to_host_order(&pp, secs[i].main, secs[i].nmain,
					  pp.arches[i].token, err);
		if (r == 0 && c.helper)
			r = export_bpf(&pp, c.helper, &secs[i].helper,
				       &secs[i].nhelper, err);
		secs[i].chains = c.chains;
		memset(&c.chains, 0, sizeof(c.chains));
		arch_ctx_release(&c);
		if (r < 0)
			goto out;
	}
	r = stitch(&pp, secs, pp.narches, ret, err);
out:
	if (secs) {
		for (size_t i = 0; i < pp.narches; i++) {
			free(secs[i].main);
			free(secs[i].helper);
			sc_chains_free(&secs[i].chains);
		}
		free(secs);
	}
	prep_free(&pp);
	return r;
}

void sc_bpf_free(struct sc_bpf *b)
{
	if (!b)
		return;
	free(b->insns);
	free(b);
}

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
	for (size_t i = 0; i < ARRAY_SIZE(flag_table); i++) {
		int w;

		if (!(flags & flag_table[i].flag))
			continue;
		w = snprintf(buf + used, n - used, "%s'%s'", used ? ", " : "",
			     flag_table[i].name);
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
		for (size_t i = 0; i < ARRAY_SIZE(flag_table); i++)
			if ((b->flags & flag_table[i].flag) &&
			    !kernel_has_flag(flag_table[i].flag))
				bad |= flag_table[i].flag;
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
