/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler's first pass, continued: which arches the filter serves
 * (the native one first), and how each syscall name of the profile gets
 * into each arch's filter (through libseccomp's translating API, by number,
 * or through the helper context), with the libseccomp entry its rules land
 * in and runc's highest number per arch for the ENOSYS check.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/audit.h>

#include "compile_internal.h"
#include "names.h"

uint32_t compile_audit_arch(uint32_t token)
{
	/* x32 syscalls arrive as x86_64 ones with bit 30 set in nr. */
	return token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
}

/* libseccomp compares only the low 32 bits of arguments on these. */
bool compile_arch_is_32bit(uint32_t token)
{
	if (token == SCMP_ARCH_X32 || token == SCMP_ARCH_MIPS64N32 ||
	    token == SCMP_ARCH_MIPSEL64N32)
		return true;
	return !(token & __AUDIT_ARCH_64BIT);
}

bool compile_arch_is_s390(uint32_t token)
{
	return token == SCMP_ARCH_S390 || token == SCMP_ARCH_S390X;
}

static int add_arch(struct prep *pp, uint32_t token, const struct sc_str *src)
{
	struct filter_arch *a;

	for (size_t i = 0; i < pp->narches; i++)
		if (pp->arches[i].token == token)
			return 0;
	a = &pp->arches[pp->narches];
	memset(a, 0, sizeof(*a));
	a->index = pp->narches++;
	a->token = token;
	a->audit = compile_audit_arch(token);
	if (src) {
		a->loc = src->loc;
		a->spelling = src->s;
	}
	return 0;
}

int compile_prep_arches(struct prep *pp, const struct sc_diag *d,
			struct sc_error *err)
{
	const struct sc_profile *p = pp->p;
	uint32_t native = pp->o->arch ? pp->o->arch : sc_arch_native();

	if (!native)
		return sc_err(err, ENOTSUP, NULL, 0, 0,
			      "cannot tell the native architecture of this machine");
	pp->arches = calloc(p->architectures.n + 1, sizeof(*pp->arches));
	if (!pp->arches)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	/* The native arch first: its syscalls take the shortest path. */
	add_arch(pp, native, NULL);
	for (size_t i = 0; i < p->architectures.n; i++) {
		const struct sc_str *s = &p->architectures.v[i];
		uint32_t t = sc_arch_from_scmp_name(s->s);

		if (!t)
			return compile_err(pp, err, EINVAL, s->loc,
					   "unknown architecture '%s'",
					   s->s ? s->s : "");
		/*
		 * runc fails here (libseccomp cannot mix byte orders); the
		 * kernel of this machine never runs such an ABI, so leaving
		 * it out loses nothing and keeps multi-arch profiles usable.
		 */
		if ((t & __AUDIT_ARCH_LE) != (native & __AUDIT_ARCH_LE)) {
			sc_diag_emit(d, SC_SEV_WARNING, EINVAL, compile_file(pp),
				     s->loc.line, s->loc.col,
				     "architecture '%s' is %s-endian and the filter is for %s-endian %s, ignoring it",
				     s->s, (t & __AUDIT_ARCH_LE) ? "little" : "big",
				     (native & __AUDIT_ARCH_LE) ? "little" : "big",
				     sc_arch_scmp_name(native) ? sc_arch_scmp_name(native)
							       : "?");
			continue;
		}
		add_arch(pp, t, s);
	}
	return 0;
}

/*
 * The kernel's multiplexed calls, socketcall(2)'s and ipc(2)'s: on an arch
 * that has those two, libseccomp adds a rule for one of these names to the
 * multiplexer's entry as well as to the direct one (x86, s390, ppc), so such
 * rules do not land in one entry of their own (see key_of).
 */
const char *const compile_mux_family[] = {
	"socketcall", "ipc",
	"socket", "bind", "connect", "listen", "accept", "getsockname",
	"getpeername", "socketpair", "send", "recv", "sendto", "recvfrom",
	"shutdown", "setsockopt", "getsockopt", "sendmsg", "recvmsg", "accept4",
	"recvmmsg", "sendmmsg",
	"semop", "semget", "semctl", "semtimedop", "msgsnd", "msgrcv", "msgget",
	"msgctl", "shmat", "shmdt", "shmget", "shmctl",
};

static bool in_mux_family(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(compile_mux_family); i++)
		if (strcmp(s, compile_mux_family[i]) == 0)
			return true;
	return false;
}

/*
 * The syscall entry of an arch's libseccomp filter that a rule for a name
 * numbered nr there lands in; KEY_SHARED where that is not one entry alone
 * (a name of compile_mux_family, or any number the arch's multiplexing
 * touches, on an arch that multiplexes: mux, nmux from compile_mux_entries;
 * pseudo numbers).
 * Rules with different keys never touch the same entry, which is what lets
 * compile_build_arch add them in an order of its own.
 */
static int32_t key_of(const int32_t *mux, size_t nmux, bool muxed, int nr)
{
	if (nr < 0)
		return KEY_SHARED;
	if (!nmux)
		return nr;
	if (muxed)
		return KEY_SHARED;
	for (size_t i = 0; i < nmux; i++)
		if (mux[i] == nr)
			return KEY_SHARED;
	return nr;
}

/*
 * Every entry the multiplexing of arch a can touch: socketcall's, ipc's and
 * the direct numbers of their calls.  None on an arch without those two.
 */
size_t compile_mux_entries(const struct filter_arch *a, int32_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(compile_mux_family); i++) {
		int l = seccomp_syscall_resolve_name_arch(a->token,
							  compile_mux_family[i]);
		int nr;

		if (l >= 0)
			out[n++] = l;
		else if (sc_syscall_table_nr(compile_mux_family[i], a->token,
					     &nr) == 0)
			out[n++] = nr;
		/* compile_mux_family starts with the two multiplexers */
		if (i == 1 && !n)
			return 0;
	}
	return n;
}

/*
 * Where a name libseccomp translates lands: libseccomp is given the native
 * number and turns it back into a name there, then into this arch's number.
 * That name is the one we asked for, except for pseudo numbers two names
 * share (2.5.4: sys_debug_setcontext and switch_endian), which go by
 * number instead where that would matter (syscall_name.misrouted).
 */
static int32_t lib_key(const struct filter_arch *a, const int32_t *mux,
		       size_t nmux, const struct syscall_name *sn, int l)
{
	char *back;
	int32_t key;

	if (sn->lnr >= 0 || a->token == seccomp_arch_native())
		return key_of(mux, nmux, sn->muxed, l);
	back = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, sn->lnr);
	if (!back)
		return KEY_SHARED;
	key = key_of(mux, nmux, in_mux_family(back),
		     seccomp_syscall_resolve_name_arch(a->token, back));
	free(back);
	return key;
}

/*
 * How every name gets into the filter of every arch, and runc's N: the
 * highest number, on each arch, of any name in the profile.
 *
 * A name goes through libseccomp's translating API when libseccomp knows
 * it there (or multiplexes it, as x86's socketcall); by number through the
 * helper context otherwise (libseccomp 2.5.4 cannot translate a number it
 * has no name for).  The helper is taken on this machine's own arch too,
 * where libseccomp would take the number directly: the route, and so the
 * program, is a function of the target arch alone, and `show` on arm64
 * prints what `show --arch arm64` prints on x86_64.
 */
int compile_prep_routes(struct prep *pp, struct sc_error *err)
{
	int32_t mux[ARRAY_SIZE(compile_mux_family)];

	if (pp->nnames) {
		pp->routes = calloc(pp->nnames * pp->narches,
				    sizeof(*pp->routes));
		if (!pp->routes)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < ARRAY_SIZE(compile_mux_family); i++) {
		uint32_t *slot = compile_name_slot(pp, compile_mux_family[i]);

		if (*slot)
			pp->names[*slot - 1].muxed = true;
	}
	for (size_t ai = 0; ai < pp->narches; ai++) {
		struct filter_arch *a = &pp->arches[ai];
		size_t nmux = compile_mux_entries(a, mux);

		for (size_t id = 0; id < pp->nnames; id++) {
			const struct syscall_name *sn = &pp->names[id];
			struct name_route *r = &pp->routes[id * pp->narches + ai];
			int l = 0, nr = -1;

			r->route = ROUTE_SKIP;
			r->key = KEY_SHARED;
			if (!sn->known)
				continue;
			if (sn->lnr != __NR_SCMP_ERROR) {
				l = a->token == seccomp_arch_native() ?
					    sn->lnr :
					    seccomp_syscall_resolve_name_arch(
						    a->token, sn->s);
				/* -100 .. -9999: pseudo numbers libseccomp
				 * rewrites per arch */
				if ((l >= 0 && !sn->misrouted) ||
				    (l <= -100 && l > -10000)) {
					r->route = ROUTE_LIB;
					r->key = lib_key(a, mux, nmux, sn, l);
				}
			}
			if (r->route != ROUTE_LIB &&
			    sc_syscall_resolve(sn->s, a->token, &nr) == 0 &&
			    nr >= 0) {
				r->nr = nr;
				r->route = ROUTE_HELPER;
			}
		}
		a->has_max = sc_enosys_threshold(pp->p, a->token, &a->max_nr,
						 NULL);
	}
	return 0;
}
