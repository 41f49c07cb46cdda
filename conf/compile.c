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
#include "names.h"
#include "policy.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define X32_BIT 0x40000000u
/* libseccomp refuses ERRNO data from here on; the kernel caps at 4095. */
#define LIB_ERRNO_LIMIT 4095u
#define ENOSYS_RET (SECCOMP_RET_ERRNO | ENOSYS)

/* ------------------------------------------------------------------ */
/* Flags */

/* The table is conf/policy.c's (sc_seccomp_flags). */

/* ------------------------------------------------------------------ */
/* The profile, checked and turned into values (pass one) */

struct act {
	uint32_t value;      /* SECCOMP_RET_* | data, as the kernel returns it */
	enum sc_action kind; /* after complain mode */
	enum sc_action orig; /* as written, for telling allow from deny */
};

struct cgroup {
	const struct sc_group *g;
	struct act act;
	bool same_as_default; /* runc and crun skip such rules */
	bool split;           /* an index repeats: each condition is a rule */
	size_t ncmp;
	struct scmp_arg_cmp *cmp;
	uint32_t *ids;        /* per name of g: its entry in prep.names */
};

/*
 * A syscall name of the profile, looked up once however many groups and
 * arches name it: the tables are searched by string, and a profile names
 * the same syscall in many groups.
 */
struct cname {
	const char *s;
	bool known;  /* some table has it (sc_syscall_known) */
	bool muxed;  /* socketcall/ipc family: see mux_family */
	bool misrouted; /* lnr leads libseccomp to another name: see intern_name */
	int lnr;     /* libseccomp's number on its native arch */
};

enum route { ROUTE_SKIP, ROUTE_LIB, ROUTE_EXACT, ROUTE_HELPER };

/* How one name gets into the filter of one arch (see prep_routes). */
struct croute {
	uint8_t route;  /* enum route */
	int nr;         /* ROUTE_EXACT, ROUTE_HELPER: its number there */
	int32_t key;    /* the libseccomp syscall entry it lands in: see key_of */
};

struct carch {
	uint32_t token;  /* SCMP_ARCH_* */
	uint32_t audit;  /* seccomp_data.arch for its syscalls */
	struct sc_loc loc;
	const char *spelling; /* as written, or NULL for the native arch */
	bool has_max;
	uint32_t max_nr; /* highest number of any name of the profile */
	size_t index;    /* in prep.arches */
};

/* A real action value libseccomp refuses, and what we tell it instead. */
struct amap {
	uint32_t real, lib;
};

struct prep {
	const struct sc_profile *p;
	const struct sc_compile_opts *o;
	struct act def;
	struct cgroup *groups;
	size_t ngroups;
	struct carch *arches;
	size_t narches;
	struct amap *map;
	size_t nmap;
	uint32_t sentinel; /* libseccomp's bad-arch action, found in no rule */
	bool enosys;
	unsigned int flags;
	struct cname *names;   /* every distinct syscall name of the profile */
	size_t nnames;
	uint32_t *slots;       /* open-addressing index of names: id + 1, 0 free */
	size_t nslots;         /* a power of two */
	struct croute *routes; /* names x arches: routes[id * narches + arch] */
};

static const char *pfile(const struct prep *pp)
{
	return pp->p->file;
}

static struct sc_loc pick_loc(struct sc_loc a, struct sc_loc b)
{
	return a.line ? a : b;
}

static int loc_err(const struct prep *pp, struct sc_error *err, int code,
		   struct sc_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int loc_err(const struct prep *pp, struct sc_error *err, int code,
		   struct sc_loc loc, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sc_verr(err, code, pfile(pp), loc.line, loc.col, fmt, ap);
	va_end(ap);
	return r;
}

/* Kernel precedence of stacked results: higher wins. */
static int precedence(enum sc_action a)
{
	switch (a) {
	case SC_ACT_KILL_PROCESS:
		return 7;
	case SC_ACT_KILL_THREAD:
		return 6;
	case SC_ACT_TRAP:
		return 5;
	case SC_ACT_ERRNO:
		return 4;
	case SC_ACT_NOTIFY:
		return 3;
	case SC_ACT_TRACE:
		return 2;
	case SC_ACT_LOG:
		return 1;
	default:
		return 0;
	}
}

static void format_action(uint32_t v, char *buf, size_t n)
{
	uint32_t data = v & SECCOMP_RET_DATA;

	switch (v & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, n, "KILL_PROCESS");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, n, "KILL");
		break;
	case SECCOMP_RET_TRAP:
		snprintf(buf, n, "TRAP");
		break;
	case SECCOMP_RET_ERRNO:
		snprintf(buf, n, "ERRNO(%" PRIu32 ")", data);
		break;
	case SECCOMP_RET_TRACE:
		snprintf(buf, n, "TRACE(%" PRIu32 ")", data);
		break;
	case SECCOMP_RET_USER_NOTIF:
		snprintf(buf, n, "NOTIFY");
		break;
	case SECCOMP_RET_LOG:
		snprintf(buf, n, "LOG");
		break;
	case SECCOMP_RET_ALLOW:
		snprintf(buf, n, "ALLOW");
		break;
	default:
		snprintf(buf, n, "0x%08" PRIx32, v);
		break;
	}
}

/* An errno given by number or, Podman's way, by name. */
static int parse_errno_name(const struct prep *pp, const char *s,
			    struct sc_loc loc, uint64_t *ret,
			    struct sc_error *err)
{
	int n = sc_errno_parse(s);
	char *end;
	unsigned long long v;

	if (n >= 0) {
		*ret = (uint64_t)n;
		return 0;
	}
	/* containers/common also takes a decimal number here. */
	if (*s >= '0' && *s <= '9') {
		errno = 0;
		v = strtoull(s, &end, 10);
		if (!*end && errno == 0) {
			*ret = v;
			return 0;
		}
	}
	return loc_err(pp, err, EINVAL, loc, "unknown errno '%s'", s);
}

struct action_src {
	const char *action;
	struct sc_loc action_loc;
	bool has_errno_ret;
	uint64_t errno_ret;
	struct sc_loc errno_ret_loc;
	const char *errno_name;
	struct sc_loc errno_name_loc;
	struct sc_loc notify_loc; /* where to point for NOTIFY */
	bool is_default;
};

static int parse_action(const struct prep *pp, const struct action_src *s,
			struct act *ret, struct sc_error *err)
{
	enum sc_action a;
	uint64_t data = 0;
	bool has_data = false;
	struct sc_loc data_loc = s->errno_ret_loc;
	const char *hint;
	int r;

	if (!s->action || !*s->action) {
		if (s->is_default)
			return loc_err(pp, err, EINVAL, s->action_loc,
				       "the profile has no defaultAction");
		return loc_err(pp, err, EINVAL, s->notify_loc,
			       "rule has no action");
	}
	a = sc_action_parse(s->action);
	if (a == SC_ACT_NOTIFY && s->is_default)
		return loc_err(pp, err, EINVAL, s->notify_loc,
			       "'SCMP_ACT_NOTIFY' cannot be the default action; "
			       "runc refuses it");
	if (a == SC_ACT_INVALID) {
		hint = sc_suggest(s->action, sc_action_names);
		if (hint)
			return loc_err(pp, err, EINVAL, s->action_loc,
				       "unknown action '%s'; did you mean '%s'?",
				       s->action, hint);
		return loc_err(pp, err, EINVAL, s->action_loc,
			       "unknown action '%s'", s->action);
	}
	if (s->has_errno_ret) {
		data = s->errno_ret;
		has_data = true;
	} else if (s->errno_name) {
		r = parse_errno_name(pp, s->errno_name, s->errno_name_loc,
				     &data, err);
		if (r < 0)
			return r;
		has_data = true;
		data_loc = s->errno_name_loc;
	}

	memset(ret, 0, sizeof(*ret));
	ret->kind = a;
	ret->orig = a;
	switch (a) {
	case SC_ACT_KILL_THREAD:
		ret->value = SECCOMP_RET_KILL_THREAD;
		break;
	case SC_ACT_KILL_PROCESS:
		ret->value = SECCOMP_RET_KILL_PROCESS;
		break;
	case SC_ACT_TRAP:
		ret->value = SECCOMP_RET_TRAP;
		break;
	case SC_ACT_LOG:
		ret->value = SECCOMP_RET_LOG;
		break;
	case SC_ACT_ALLOW:
		ret->value = SECCOMP_RET_ALLOW;
		break;
	case SC_ACT_NOTIFY:
		ret->value = SECCOMP_RET_USER_NOTIF;
		break;
	case SC_ACT_ERRNO:
	case SC_ACT_TRACE:
		/* EPERM for ERRNO; for TRACE the same 1 is the tracer's message. */
		if (!has_data)
			data = EPERM;
		if (data > SECCOMP_RET_DATA)
			return loc_err(pp, err, EINVAL, pick_loc(data_loc,
								s->action_loc),
				       "errno value %" PRIu64
				       " is out of range (0 to 65535)",
				       data);
		ret->value = (a == SC_ACT_ERRNO ? SECCOMP_RET_ERRNO
						: SECCOMP_RET_TRACE) |
			     (uint32_t)data;
		break;
	default:
		return loc_err(pp, err, EINVAL, s->action_loc,
			       "unknown action '%s'", s->action);
	}
	return 0;
}

/* Complain mode: whatever does not let the syscall run is logged instead. */
static void complain(struct act *a)
{
	if (sc_action_allows(a->kind))
		return;
	a->kind = SC_ACT_LOG;
	a->value = SECCOMP_RET_LOG;
}

static int parse_args(const struct prep *pp, struct cgroup *cg,
		      struct sc_error *err)
{
	const struct sc_group *g = cg->g;
	unsigned count[6] = { 0 };
	const char *hint;

	if (!g->nargs)
		return 0;
	cg->cmp = calloc(g->nargs, sizeof(*cg->cmp));
	if (!cg->cmp)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i < g->nargs; i++) {
		const struct sc_arg *a = &g->args[i];
		struct sc_loc loc = pick_loc(a->loc, g->loc);
		int op;

		if (a->index > 5)
			return loc_err(pp, err, EINVAL, loc,
				       "argument index %" PRIu64
				       " is out of range (syscalls have arguments 0 to 5)",
				       a->index);
		if (!a->op || !*a->op)
			return loc_err(pp, err, EINVAL, loc,
				       "argument %" PRIu64 " has no operator",
				       a->index);
		op = sc_op_parse(a->op);
		if (op <= 0) {
			hint = sc_suggest(a->op, sc_op_names);
			if (hint)
				return loc_err(pp, err, EINVAL, loc,
					       "unknown operator '%s'; did you mean '%s'?",
					       a->op, hint);
			return loc_err(pp, err, EINVAL, loc,
				       "unknown operator '%s'", a->op);
		}
		/* For MASKED_EQ value is the mask, valueTwo the result. */
		cg->cmp[i] = (struct scmp_arg_cmp){
			.arg = (unsigned int)a->index,
			.op = (enum scmp_compare)op,
			.datum_a = a->value,
			.datum_b = a->value_two,
		};
		if (++count[a->index] > 1)
			cg->split = true;
	}
	cg->ncmp = g->nargs;
	return 0;
}

static struct sc_loc name_loc(const struct sc_group *g, size_t i)
{
	if (g->names.n)
		return pick_loc(g->names.v[i].loc, g->loc);
	return pick_loc(g->name_loc, g->loc);
}

/* FNV-1a: the names are short and few; any decent spread will do. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Slot of s in the index: its entry, or the free slot where it belongs. */
static uint32_t *name_slot(const struct prep *pp, const char *s)
{
	size_t mask = pp->nslots - 1;

	for (size_t i = name_hash(s) & mask;; i = (i + 1) & mask) {
		uint32_t *slot = &pp->slots[i];

		if (!*slot || strcmp(pp->names[*slot - 1].s, s) == 0)
			return slot;
	}
}

/* Size the name index for every name of every group (pass one). */
static int names_init(struct prep *pp, struct sc_error *err)
{
	size_t total = 0;

	for (size_t i = 0; i < pp->p->ngroups; i++)
		total += sc_group_name_count(&pp->p->groups[i]);
	pp->nslots = 16;
	while (pp->nslots < 2 * total)
		pp->nslots *= 2;
	pp->slots = calloc(pp->nslots, sizeof(*pp->slots));
	pp->names = calloc(total ? total : 1, sizeof(*pp->names));
	if (!pp->slots || !pp->names)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* The entry of a (non-empty) name, looked up in the tables the first time. */
static uint32_t intern_name(struct prep *pp, const char *s)
{
	uint32_t *slot = name_slot(pp, s);
	struct cname *cn;

	if (*slot)
		return *slot - 1;
	cn = &pp->names[pp->nnames];
	cn->s = s;
	cn->lnr = seccomp_syscall_resolve_name(s);
	/* sc_syscall_known: libseccomp's table, else the generated one. */
	cn->known = cn->lnr != __NR_SCMP_ERROR || sc_syscall_known(s);
	/*
	 * libseccomp 2.5.4 gives two names one pseudo number on some arches
	 * (sys_debug_setcontext and switch_endian: -10191 on x86_64) and
	 * translates a rule given that number to the first name's syscall on
	 * the others: a rule for switch_endian compiled here for ppc64le
	 * would land on sys_debug_setcontext.  Such names go by number.
	 */
	if (cn->lnr < 0 && cn->lnr != __NR_SCMP_ERROR) {
		char *back = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE,
							      cn->lnr);

		cn->misrouted = !back || strcmp(back, s) != 0;
		free(back);
	}
	*slot = (uint32_t)++pp->nnames;
	return *slot - 1;
}

/*
 * A name no table knows: skipping it is harmless where the rule would have
 * let the syscall through (Docker skips it), but in a rule that denies it
 * would leave the syscall to a more permissive default: fail closed.
 */
static int check_names(struct prep *pp, struct cgroup *cg,
		       const struct sc_diag *d, struct sc_error *err)
{
	const struct sc_group *g = cg->g;
	size_t n = sc_group_name_count(g);
	bool allowing = precedence(cg->act.orig) < precedence(pp->def.orig) ||
			sc_action_allows(cg->act.orig);

	if (n) {
		cg->ids = calloc(n, sizeof(*cg->ids));
		if (!cg->ids)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = sc_group_name_at(g, i);
		struct sc_loc loc = name_loc(g, i);

		if (!name || !*name)
			return loc_err(pp, err, EINVAL, loc,
				       "empty syscall name");
		cg->ids[i] = intern_name(pp, name);
		if (pp->names[cg->ids[i]].known)
			continue;
		if (!allowing)
			return loc_err(pp, err, EINVAL, loc,
				       "unknown syscall '%s' in a rule that denies; skipping it would leave it allowed",
				       name);
		if (!pp->o->names_checked)
			sc_diag_emit(d, SC_SEV_WARNING, EINVAL, pfile(pp),
				     loc.line, loc.col,
				     "unknown syscall '%s', ignoring", name);
	}
	return 0;
}

static uint32_t audit_arch_of(uint32_t token)
{
	/* x32 syscalls arrive as x86_64 ones with bit 30 set in nr. */
	return token == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : token;
}

/* libseccomp compares only the low 32 bits of arguments on these. */
static bool arch_is_32bit(uint32_t token)
{
	if (token == SCMP_ARCH_X32 || token == SCMP_ARCH_MIPS64N32 ||
	    token == SCMP_ARCH_MIPSEL64N32)
		return true;
	return !(token & __AUDIT_ARCH_64BIT);
}

static bool arch_is_s390(uint32_t token)
{
	return token == SCMP_ARCH_S390 || token == SCMP_ARCH_S390X;
}

static int add_arch(struct prep *pp, uint32_t token, const struct sc_str *src)
{
	struct carch *a;

	for (size_t i = 0; i < pp->narches; i++)
		if (pp->arches[i].token == token)
			return 0;
	a = &pp->arches[pp->narches];
	memset(a, 0, sizeof(*a));
	a->index = pp->narches++;
	a->token = token;
	a->audit = audit_arch_of(token);
	if (src) {
		a->loc = src->loc;
		a->spelling = src->s;
	}
	return 0;
}

static int prep_arches(struct prep *pp, const struct sc_diag *d,
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
			return loc_err(pp, err, EINVAL, s->loc,
				       "unknown architecture '%s'",
				       s->s ? s->s : "");
		/*
		 * runc fails here (libseccomp cannot mix byte orders); the
		 * kernel of this machine never runs such an ABI, so leaving
		 * it out loses nothing and keeps multi-arch profiles usable.
		 */
		if ((t & __AUDIT_ARCH_LE) != (native & __AUDIT_ARCH_LE)) {
			sc_diag_emit(d, SC_SEV_WARNING, EINVAL, pfile(pp),
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
static const char *const mux_family[] = {
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
	for (size_t i = 0; i < ARRAY_SIZE(mux_family); i++)
		if (strcmp(s, mux_family[i]) == 0)
			return true;
	return false;
}

/* One bucket for every rule whose entries are not its own number alone. */
#define KEY_SHARED INT32_MIN

/*
 * The syscall entry of an arch's libseccomp filter that a rule for a name
 * numbered nr there lands in; KEY_SHARED where that is not one entry alone
 * (a name of mux_family, or any number the arch's multiplexing touches, on
 * an arch that multiplexes: mux, nmux from mux_entries; pseudo numbers).
 * Rules with different keys never touch the same entry, which is what lets
 * build_arch add them in an order of its own.
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
static size_t mux_entries(const struct carch *a, int32_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(mux_family); i++) {
		int l = seccomp_syscall_resolve_name_arch(a->token,
							  mux_family[i]);
		int nr;

		if (l >= 0)
			out[n++] = l;
		else if (sc_syscall_table_nr(mux_family[i], a->token, &nr) == 0)
			out[n++] = nr;
		/* mux_family starts with the two multiplexers */
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
 * number instead where that would matter (cname.misrouted).
 */
static int32_t lib_key(const struct carch *a, const int32_t *mux, size_t nmux,
		       const struct cname *cn, int l)
{
	char *back;
	int32_t key;

	if (cn->lnr >= 0 || a->token == seccomp_arch_native())
		return key_of(mux, nmux, cn->muxed, l);
	back = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, cn->lnr);
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
 * it there (or multiplexes it, as x86's socketcall); by number otherwise,
 * directly where libseccomp is native, through the helper context
 * elsewhere (libseccomp 2.5.4 cannot translate a number it has no name
 * for).
 */
static int prep_routes(struct prep *pp, struct sc_error *err)
{
	int32_t mux[ARRAY_SIZE(mux_family)];

	if (pp->nnames) {
		pp->routes = calloc(pp->nnames * pp->narches,
				    sizeof(*pp->routes));
		if (!pp->routes)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < ARRAY_SIZE(mux_family); i++) {
		uint32_t *slot = name_slot(pp, mux_family[i]);

		if (*slot)
			pp->names[*slot - 1].muxed = true;
	}
	for (size_t ai = 0; ai < pp->narches; ai++) {
		struct carch *a = &pp->arches[ai];
		size_t nmux = mux_entries(a, mux);

		for (size_t id = 0; id < pp->nnames; id++) {
			const struct cname *cn = &pp->names[id];
			struct croute *r = &pp->routes[id * pp->narches + ai];
			int l = 0, nr = -1;

			r->route = ROUTE_SKIP;
			r->key = KEY_SHARED;
			if (!cn->known)
				continue;
			if (cn->lnr != __NR_SCMP_ERROR) {
				l = a->token == seccomp_arch_native() ?
					    cn->lnr :
					    seccomp_syscall_resolve_name_arch(
						    a->token, cn->s);
				/* -100 .. -9999: pseudo numbers libseccomp
				 * rewrites per arch */
				if ((l >= 0 && !cn->misrouted) ||
				    (l <= -100 && l > -10000)) {
					r->route = ROUTE_LIB;
					r->key = lib_key(a, mux, nmux, cn, l);
				}
			}
			if (r->route != ROUTE_LIB &&
			    sc_syscall_resolve(cn->s, a->token, &nr) == 0 &&
			    nr >= 0) {
				r->nr = nr;
				if (a->token == seccomp_arch_native()) {
					r->route = ROUTE_EXACT;
					r->key = key_of(mux, nmux, cn->muxed, nr);
				} else {
					r->route = ROUTE_HELPER;
				}
			}
		}
		a->has_max = sc_enosys_threshold(pp->p, a->token, &a->max_nr,
						 NULL);
	}
	return 0;
}

static int prep_flags(struct prep *pp, struct sc_error *err)
{
	const struct sc_profile *p = pp->p;
	const char *hint;

	/* runc 1.2: no "flags" at all means SPEC_ALLOW; [] means none. */
	if (!p->has_flags)
		pp->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	for (size_t i = 0; i < p->flags.n; i++) {
		const struct sc_str *s = &p->flags.v[i];
		bool found = false;

		for (size_t k = 0; k < SC_SECCOMP_NFLAGS; k++) {
			if (s->s && strcmp(s->s, sc_seccomp_flags[k].name) == 0) {
				pp->flags |= sc_seccomp_flags[k].flag;
				found = true;
			}
		}
		if (found)
			continue;
		hint = s->s ? sc_suggest(s->s, sc_seccomp_flag_names) : NULL;
		if (hint)
			return loc_err(pp, err, EINVAL, s->loc,
				       "unknown seccomp flag '%s'; did you mean '%s'?",
				       s->s ? s->s : "", hint);
		return loc_err(pp, err, EINVAL, s->loc,
			       "unknown seccomp flag '%s'", s->s ? s->s : "");
	}
	if (pp->o->tsync)
		pp->flags |= SECCOMP_FILTER_FLAG_TSYNC;
	return 0;
}

static bool value_used(const struct prep *pp, uint32_t v)
{
	if (pp->def.value == v)
		return true;
	for (size_t i = 0; i < pp->ngroups; i++)
		if (pp->groups[i].act.value == v)
			return true;
	for (size_t i = 0; i < pp->nmap; i++)
		if (pp->map[i].lib == v)
			return true;
	return false;
}

/* ERRNO(n) for the highest n libseccomp accepts that nothing uses yet. */
static int spare_errno(const struct prep *pp, uint32_t *ret)
{
	for (uint32_t e = LIB_ERRNO_LIMIT - 1; e > 0; e--) {
		uint32_t v = SECCOMP_RET_ERRNO | e;

		if (!value_used(pp, v)) {
			*ret = v;
			return 0;
		}
	}
	return -ENOSPC;
}

/*
 * Values libseccomp will not take: ERRNO data from 4095 on, and the actions
 * it accepts only after asking the running kernel (KILL_PROCESS, LOG), so
 * that compiling never depends on where it runs.
 */
static bool lib_refuses(uint32_t v)
{
	if (v == SECCOMP_RET_KILL_PROCESS || v == SECCOMP_RET_LOG)
		return true;
	return (v & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO &&
	       (v & SECCOMP_RET_DATA) >= LIB_ERRNO_LIMIT;
}

/*
 * Values libseccomp refuses (lib_refuses) get a stand-in, an ERRNO value
 * nothing else uses, and are put back into the exported program: runc hands
 * the kernel ERRNO data above 4095 (the kernel caps it).  The bad-arch
 * action is a stand-in too, so its returns can be told from the default's.
 */
static int prep_map(struct prep *pp, struct sc_error *err)
{
	size_t cap = pp->ngroups + 1;

	pp->map = calloc(cap, sizeof(*pp->map));
	if (!pp->map)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	for (size_t i = 0; i <= pp->ngroups; i++) {
		uint32_t v = i < pp->ngroups ? pp->groups[i].act.value
					     : pp->def.value;
		bool seen = false;

		if (!lib_refuses(v))
			continue;
		for (size_t k = 0; k < pp->nmap; k++)
			seen |= pp->map[k].real == v;
		if (seen)
			continue;
		if (spare_errno(pp, &pp->map[pp->nmap].lib) < 0)
			return sc_err(err, ENOSPC, pfile(pp), 0, 0,
				      "too many different errno values");
		pp->map[pp->nmap++].real = v;
	}
	if (spare_errno(pp, &pp->sentinel) < 0)
		return sc_err(err, ENOSPC, pfile(pp), 0, 0,
			      "too many different errno values");
	return 0;
}

static uint32_t lib_value(const struct prep *pp, uint32_t real)
{
	for (size_t i = 0; i < pp->nmap; i++)
		if (pp->map[i].real == real)
			return pp->map[i].lib;
	return real;
}

static uint32_t real_value(const struct prep *pp, uint32_t lib)
{
	for (size_t i = 0; i < pp->nmap; i++)
		if (pp->map[i].lib == lib)
			return pp->map[i].real;
	return lib;
}

static void prep_free(struct prep *pp)
{
	for (size_t i = 0; i < pp->ngroups; i++) {
		free(pp->groups[i].cmp);
		free(pp->groups[i].ids);
	}
	free(pp->groups);
	free(pp->names);
	free(pp->slots);
	free(pp->routes);
	free(pp->arches);
	free(pp->map);
	memset(pp, 0, sizeof(*pp));
}

static int prep_init(struct prep *pp, const struct sc_profile *p,
		     const struct sc_compile_opts *o, const struct sc_diag *d,
		     struct sc_error *err)
{
	struct action_src src;
	int r;

	memset(pp, 0, sizeof(*pp));
	pp->p = p;
	pp->o = o;

	src = (struct action_src){
		.action = p->default_action,
		.action_loc = p->default_action_loc,
		.has_errno_ret = p->has_default_errno_ret,
		.errno_ret = p->default_errno_ret,
		.errno_ret_loc = p->default_errno_ret_loc,
		.errno_name = p->default_errno_name,
		.errno_name_loc = p->default_errno_name_loc,
		.notify_loc = p->default_action_loc,
		.is_default = true,
	};
	r = parse_action(pp, &src, &pp->def, err);
	if (r < 0)
		return r;
	if (o->log_mode)
		complain(&pp->def);

	r = names_init(pp, err);
	if (r < 0)
		return r;
	if (p->ngroups) {
		pp->groups = calloc(p->ngroups, sizeof(*pp->groups));
		if (!pp->groups)
			return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < p->ngroups; i++) {
		const struct sc_group *g = &p->groups[i];
		struct cgroup *cg = &pp->groups[pp->ngroups++];

		cg->g = g;
		src = (struct action_src){
			.action = g->action,
			.action_loc = pick_loc(g->action_loc, g->loc),
			.has_errno_ret = g->has_errno_ret,
			.errno_ret = g->errno_ret,
			.errno_ret_loc = g->errno_ret_loc,
			.errno_name = g->errno_name,
			.errno_name_loc = g->errno_name_loc,
			.notify_loc = pick_loc(g->loc, g->action_loc),
		};
		r = parse_action(pp, &src, &cg->act, err);
		if (r < 0)
			return r;
		if (o->log_mode)
			complain(&cg->act);
		cg->same_as_default = cg->act.value == pp->def.value;
		r = parse_args(pp, cg, err);
		if (r < 0)
			return r;
		r = check_names(pp, cg, d, err);
		if (r < 0)
			return r;
	}

	r = prep_arches(pp, d, err);
	if (r < 0)
		return r;
	r = prep_routes(pp, err);
	if (r < 0)
		return r;
	/* Nothing to gain where the default lets the syscall run (or tries to). */
	pp->enosys = !o->no_enosys &&
		     sc_enosys_wanted((struct sc_action_value){
			     pp->def.kind, pp->def.value & SECCOMP_RET_DATA });
	r = prep_flags(pp, err);
	if (r < 0)
		return r;
	return prep_map(pp, err);
}

/* ------------------------------------------------------------------ */
/* libseccomp contexts (pass two) */

struct arch_ctx {
	scmp_filter_ctx main;   /* libseccomp's rules for this arch */
	scmp_filter_ctx helper; /* rules it cannot number here, or NULL */
	struct sc_chains chains; /* syscalls seccap checks itself (chain.c) */
};

static void arch_ctx_release(struct arch_ctx *c)
{
	if (c->main)
		seccomp_release(c->main);
	if (c->helper)
		seccomp_release(c->helper);
	sc_chains_free(&c->chains);
	memset(c, 0, sizeof(*c));
}

static const char *arch_label(const struct carch *a)
{
	const char *s = sc_arch_scmp_name(a->token);

	return s ? s : "?";
}

static int lib_err(const struct prep *pp, struct sc_error *err, int rc,
		   struct sc_loc loc, const char *what)
{
	return loc_err(pp, err, rc < 0 ? -rc : EINVAL, loc,
		       "libseccomp: %s: %s", what, strerror(rc < 0 ? -rc : EINVAL));
}

static int new_ctx(const struct prep *pp, uint32_t token, uint32_t badarch,
		   scmp_filter_ctx *ret, const struct carch *a,
		   struct sc_error *err)
{
	scmp_filter_ctx ctx;
	uint32_t native = seccomp_arch_native();
	char what[128];
	int r;

	ctx = seccomp_init(lib_value(pp, pp->def.value));
	if (!ctx)
		return sc_err(err, ENOMEM, pfile(pp), 0, 0,
			      "libseccomp could not create a filter");
	if (token != native) {
		/* In this order: libseccomp refuses to mix byte orders. */
		r = seccomp_arch_remove(ctx, native);
		if (r == 0)
			r = seccomp_arch_add(ctx, token);
		if (r < 0) {
			seccomp_release(ctx);
			if (a && a->spelling)
				return loc_err(pp, err, ENOTSUP, a->loc,
					       "architecture '%s' is not supported by this libseccomp",
					       a->spelling);
			return sc_err(err, ENOTSUP, pfile(pp), 0, 0,
				      "the native architecture '%s' is not supported by this libseccomp",
				      a ? arch_label(a) : "?");
		}
	}
	/*
	 * Binary tree as runc does; no NO_NEW_PRIVS (loading is ours);
	 * bad-arch returns a value of its own so we can find them.
	 */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch);
	if (r < 0) {
		seccomp_release(ctx);
		snprintf(what, sizeof(what), "setting filter attributes");
		return lib_err(pp, err, r, (struct sc_loc){ 0, 0 }, what);
	}
	*ret = ctx;
	return 0;
}

/*
 * One seccomp_rule_add call: a group's rule for one name, all its conditions
 * ANDed, or, when an argument index repeats, one of its conditions (runc
 * makes each its own rule).
 */
struct atom {
	const struct cgroup *cg;
	uint32_t id;  /* the name */
	int cond;     /* the condition of a split group; -1: all of them */
	int nr;       /* what libseccomp is given */
	int32_t key;  /* the entry it lands in (key_of) */
	bool helper;  /* into the helper context, by number */
	bool exact;
	bool dup;     /* an earlier atom does exactly this: leave it out */
	bool skip;    /* not for libseccomp: see plan_chains */
	int64_t entry; /* the arch's number it lands on; -1: shared or none */
};

static int add_atom(const struct prep *pp, const struct atom *at,
		    scmp_filter_ctx ctx, bool mask32)
{
	const struct cgroup *cg = at->cg;
	struct scmp_arg_cmp cmp[6];
	const struct scmp_arg_cmp *src = cg->cmp;
	unsigned n = (unsigned)cg->ncmp;

	if (at->cond >= 0) {
		src = &cg->cmp[at->cond];
		n = 1;
	}
	if (mask32) {
		for (unsigned i = 0; i < n; i++) {
			cmp[i] = src[i];
			cmp[i].datum_a &= 0xffffffffu;
			cmp[i].datum_b &= 0xffffffffu;
		}
		src = cmp;
	}
	if (at->exact)
		return seccomp_rule_add_exact_array(ctx, lib_value(pp, cg->act.value),
						    at->nr, n, src);
	return seccomp_rule_add_array(ctx, lib_value(pp, cg->act.value), at->nr,
				      n, src);
}

static int atom_err(const struct prep *pp, const struct atom *at, int r,
		    struct sc_error *err)
{
	const char *name = pp->names[at->id].s;
	struct sc_loc loc = pick_loc(at->cg->g->loc, at->cg->g->action_loc);
	char what[256];

	if (r == -EEXIST)
		return loc_err(pp, err, EEXIST, loc,
			       "syscall '%s' already has a rule with the same arguments and a different action",
			       name);
	snprintf(what, sizeof(what), "adding the rule for '%s'", name);
	return lib_err(pp, err, r, loc, what);
}

/* What the helper context cannot do (a 32-bit libseccomp, 64-bit ABI). */
static bool helper_refuses(const struct carch *a, const struct cgroup *cg)
{
	return cg->ncmp && arch_is_32bit(seccomp_arch_native()) &&
	       !arch_is_32bit(a->token);
}

/* Every call for arch a, in the profile's order. */
static int collect_atoms(const struct prep *pp, const struct carch *a,
			 struct atom **ret, size_t *ret_n, struct sc_error *err)
{
	struct atom *v = NULL;
	size_t n = 0, cap = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < pp->ngroups; i++) {
			const struct cgroup *cg = &pp->groups[i];
			size_t nn = sc_group_name_count(cg->g);
			size_t per = cg->split ? cg->ncmp : 1;

			if (cg->same_as_default)
				continue;
			for (size_t k = 0; k < nn; k++) {
				uint32_t id = cg->ids[k];
				const struct croute *r =
					&pp->routes[id * pp->narches + a->index];

				if (!pp->names[id].known || r->route == ROUTE_SKIP)
					continue;
				if (pass == 0) {
					cap += per;
					continue;
				}
				for (size_t c = 0; c < per; c++) {
					struct atom *at = &v[n++];

					at->cg = cg;
					at->id = id;
					at->cond = cg->split ? (int)c : -1;
					at->key = r->key;
					at->helper = r->route == ROUTE_HELPER;
					at->exact = r->route != ROUTE_LIB;
					at->nr = r->route == ROUTE_LIB ? pp->names[id].lnr
								       : r->nr;
					at->entry = r->route == ROUTE_HELPER ? r->nr :
						    r->key == KEY_SHARED ? -1 :
									   r->key;
					if (at->helper && a->token == SCMP_ARCH_X32)
						at->nr = (int)((uint32_t)at->nr &
							       ~X32_BIT);
				}
			}
		}
		if (pass == 0) {
			v = calloc(cap ? cap : 1, sizeof(*v));
			if (!v)
				return sc_err(err, ENOMEM, NULL, 0, 0,
					      "out of memory");
		}
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/*
 * The rule as libseccomp stores it (db_col_rule_add): a chain indexed by
 * argument, EQ and the like comparing the whole value, MASKED_EQ value and
 * valueTwo; what it is called with beyond that makes no difference.
 */
#define ATOM_WORDS (4 + 6 * 3)
static void atom_words(const struct atom *at, uint64_t *w)
{
	const struct cgroup *cg = at->cg;
	size_t from = at->cond >= 0 ? (size_t)at->cond : 0;
	size_t to = at->cond >= 0 ? from + 1 : cg->ncmp;

	memset(w, 0, ATOM_WORDS * sizeof(*w));
	w[0] = (uint32_t)at->nr;
	w[1] = at->exact;
	w[2] = cg->act.value;
	w[3] = to - from;
	for (size_t i = from; i < to; i++) {
		const struct scmp_arg_cmp *c = &cg->cmp[i];
		uint64_t *slot = &w[4 + 3 * (c->arg % 6)];

		slot[0] = 1 + (uint64_t)c->op;
		slot[1] = c->op == SCMP_CMP_MASKED_EQ ? c->datum_a : UINT64_MAX;
		slot[2] = c->op == SCMP_CMP_MASKED_EQ ? c->datum_b : c->datum_a;
	}
}

/* Conditions of the atom as libseccomp is given them. */
static size_t atom_ncmp(const struct atom *at)
{
	return at->cond >= 0 ? 1 : at->cg->ncmp;
}

/* At most one condition, an equality (see order_atoms). */
static bool simple_atom(const struct atom *at)
{
	const struct cgroup *cg = at->cg;

	if (!atom_ncmp(at))
		return true;
	return atom_ncmp(at) == 1 &&
	       cg->cmp[at->cond >= 0 ? at->cond : 0].op == SCMP_CMP_EQ;
}

static uint64_t words_hash(const uint64_t *w)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < ATOM_WORDS; i++)
		h = (h ^ w[i]) * 1099511628211u;
	return h ^ (h >> 29);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The main context's atoms in the order they are added: by entry, highest
 * first, each entry's atoms in the profile's order.  libseccomp keeps its
 * entries in a list sorted by number and walks it from the lowest on every
 * add, so adding the highest first makes each walk one step; since rules of
 * different entries never meet, the filter is the same.
 *
 * Rules that change nothing in libseccomp are marked, as each add costs
 * bookkeeping that grows with every rule already there (its commit walks
 * them all): in an entry of its own (not KEY_SHARED)
 *  - every rule after an unconditional one: libseccomp drops them whatever
 *    their action or conditions (db_rule_add: "syscall exists without any
 *    chains"), as runc's first unconditional rule wins;
 *  - an exact duplicate where every rule of the entry has one action and at
 *    most one condition, an equality: the tree is then one node per
 *    argument value (two on 64-bit ABIs, high half then low) ending in that
 *    action, and the same chain again finds itself in it.
 * Elsewhere a duplicate can change the tree: with mixed actions a 64-bit
 * GT/LT rule rewrites the action of a node rules share; with one action,
 * how libseccomp prunes longer chains (other comparisons, masks, several
 * conditions) depends on what came in between.  Those stay (tested).
 */
static int order_atoms(struct atom *v, size_t n,
		       size_t **ret, size_t *ret_n, struct sc_error *err)
{
	uint64_t *keys = NULL, w[ATOM_WORDS], w2[ATOM_WORDS];
	size_t *order = NULL, *slots = NULL, nslots = 16, m = 0;
	int r = 0;

	for (size_t i = 0; i < n; i++)
		m += !v[i].helper;
	while (nslots < 2 * m)
		nslots *= 2;
	keys = malloc((m ? m : 1) * sizeof(*keys));
	order = malloc((m ? m : 1) * sizeof(*order));
	slots = calloc(nslots, sizeof(*slots));
	if (!keys || !order || !slots) {
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
		goto out;
	}
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (!v[i].helper)
			keys[m++] = ((uint64_t)((int64_t)INT32_MAX - v[i].key)
				     << 32) | i;
	qsort(keys, m, sizeof(*keys), cmp_u64);
	for (size_t i = 0; i < m; i++)
		order[i] = (size_t)(keys[i] & 0xffffffffu);

	for (size_t run = 0, end; run < m; run = end) {
		bool simple = simple_atom(&v[order[run]]), after_all = false;

		for (end = run + 1; end < m && v[order[end]].key ==
						      v[order[run]].key; end++)
			simple = simple && simple_atom(&v[order[end]]) &&
				 v[order[end]].cg->act.value ==
					 v[order[run]].cg->act.value;
		if (v[order[run]].key == KEY_SHARED)
			continue;
		for (size_t i = run; i < end; i++) {
			struct atom *at = &v[order[i]];
			size_t s;

			if (after_all) {
				at->dup = true;
				continue;
			}
			after_all = !atom_ncmp(at);
			if (!simple)
				continue;

			atom_words(at, w);
			for (s = words_hash(w) & (nslots - 1); slots[s];
			     s = (s + 1) & (nslots - 1)) {
				atom_words(&v[slots[s] - 1], w2);
				if (memcmp(w, w2, sizeof(w)) == 0) {
					at->dup = true;
					break;
				}
			}
			if (!at->dup)
				slots[s] = order[i] + 1;
		}
	}
	*ret = order;
	*ret_n = m;
	order = NULL;
out:
	free(keys);
	free(order);
	free(slots);
	return r;
}

/* Where an atom's group is, for messages. */
static struct sc_loc atom_loc(const struct atom *at)
{
	return pick_loc(at->cg->g->loc, at->cg->g->action_loc);
}

/* An atom's conditions as libseccomp is given them, normalised for a. */
static struct sc_chain_rule atom_rule(const struct atom *at, bool is32)
{
	struct sc_chain_rule r = { .action = at->cg->act.value };

	r.n = (unsigned)atom_ncmp(at);
	if (r.n) /* cmp is NULL for a group without conditions */
		memcpy(r.c, &at->cg->cmp[at->cond >= 0 ? at->cond : 0],
		       r.n * sizeof(*r.c));
	r.n = sc_chain_normalise(r.c, r.n, is32);
	return r;
}

/*
 * Where a rule for a socket or IPC call lands on an arch that multiplexes
 * them (x86, s390, s390x, ppc, ppc64, ppc64le), as libseccomp 2.5.4 puts it
 * (measured with its PFC): on socketcall or ipc with argument 0 replaced
 * by the call's number (its pseudo number on x86: -101 is socket's call 1,
 * -202 semget's call 2), then on the direct syscall as it is, where there
 * is one (x86: Linux 4.3's numbers, none for accept, send, recv, semop,
 * semtimedop), and on its pseudo number where the name has one there (a
 * tree libseccomp builds, and can loop on, but never exports).  Writes 1
 * to 3 items (socketcall and ipc themselves are direct), or 0 for a name
 * that reaches no entry.
 */
static size_t mux_items(const struct prep *pp, const struct carch *a,
			const struct atom *at, size_t atom,
			struct sc_chain_item *out)
{
	const char *name = pp->names[at->id].s;
	bool is32 = arch_is_32bit(a->token);
	int l = seccomp_syscall_resolve_name_arch(a->token, name);
	int call = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name);
	struct sc_chain_rule r = atom_rule(at, is32), m = r;
	int mux, direct = l;
	size_t n = 0;

	if (strcmp(name, "socketcall") == 0 || strcmp(name, "ipc") == 0)
		call = 0;
	else if (call > -100 || call <= -300)
		call = 0; /* not multiplexed */
	if (!call) {
		if (l < 0)
			return 0;
		out[n++] = (struct sc_chain_item){ .atom = atom, .key = (uint32_t)l,
						   .nr = (uint32_t)l,
						   .own_ok = true, .rule = r };
		return n;
	}
	mux = seccomp_syscall_resolve_name_arch(a->token, call > -200 ? "socketcall"
								    : "ipc");
	if (mux < 0)
		return 0;
	m.n = 0;
	m.c[m.n++] = (struct scmp_arg_cmp){
		.arg = 0, .op = SCMP_CMP_EQ,
		.datum_a = (uint64_t)(call > -200 ? -call % 100 : -call % 200),
	};
	for (unsigned i = 0; i < r.n; i++)
		if (r.c[i].arg != 0)
			m.c[m.n++] = r.c[i];
	out[n++] = (struct sc_chain_item){ .atom = atom, .key = (uint32_t)mux,
					   .nr = (uint32_t)mux,
					   .own_ok = true, .rule = m };
	/* libseccomp keeps the rule on the pseudo number too (no program). */
	if (l < 0)
		out[n++] = (struct sc_chain_item){ .atom = atom,
						   .key = (1ull << 40) | at->id,
						   .own_ok = true, .no_entry = true,
						   .rule = r };
	if (direct < 0 && (sc_syscall_table_nr(name, a->token, &direct) < 0 ||
			   direct < 0))
		return n;
	out[n++] = (struct sc_chain_item){ .atom = atom, .key = (uint32_t)direct,
					   .nr = (uint32_t)direct,
					   .own_ok = true, .rule = r };
	return n;
}

/*
 * The syscall entries of arch a whose rules libseccomp 2.5.4 compiles
 * wrongly or loops on (chain.c): their atoms are marked skip and their
 * checks go to *ret, for the tail of the section.  Each atom becomes the
 * items of the entries it lands in: its number's; a socket or IPC call's
 * two where the arch multiplexes them (mux_items).  A pseudo number
 * reaches no program: taken over, its rules are just left out.  What else
 * shares an entry seccap cannot name (KEY_SHARED) may not be taken over.
 */
static int plan_chains(const struct prep *pp, const struct carch *a,
		       struct atom *v, size_t n, struct sc_chains *ret,
		       struct sc_error *err)
{
	bool is32 = arch_is_32bit(a->token);
	struct sc_chain_item *items = NULL;
	int32_t muxbuf[ARRAY_SIZE(mux_family)];
	bool muxes = mux_entries(a, muxbuf) > 0, *skip = NULL;
	size_t ni = 0, ba = 0, bb = 0;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!n)
		return 0;
	items = calloc(3 * n, sizeof(*items));
	skip = calloc(n, sizeof(*skip));
	if (!items || !skip) {
		free(items);
		free(skip);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const struct atom *at = &v[i];
		struct sc_chain_item *it = &items[ni];

		if (at->entry < 0 && muxes) {
			size_t k = mux_items(pp, a, at, i, it);

			ni += k;
			if (k)
				continue;
		}
		*it = (struct sc_chain_item){ .atom = i,
					      .rule = atom_rule(at, is32) };
		if (at->entry >= 0) {
			it->key = (uint64_t)at->entry;
			it->nr = (uint32_t)at->entry;
			it->own_ok = true;
		} else if (seccomp_syscall_resolve_name_arch(
				   a->token, pp->names[at->id].s) < 0) {
			it->key = (1ull << 40) | at->id;
			it->own_ok = it->no_entry = true;
		} else {
			it->key = (2ull << 40) | at->id;
		}
		ni++;
	}
	r = sc_chain_plan(items, ni, skip, n, ret, &ba, &bb);
	for (size_t i = 0; r == 0 && i < n; i++)
		v[i].skip = skip[i];
	if (r == 0 || r == -ENOMEM) {
		free(items);
		free(skip);
		return r ? sc_err(err, ENOMEM, NULL, 0, 0, "out of memory") : 0;
	}
	ba = items[ba].atom;
	bb = items[bb].atom;
	free(items);
	free(skip);
	if (r == -EEXIST)
		return atom_err(pp, &v[bb], -EEXIST, err);
	return loc_err(pp, err, ENOTSUP, atom_loc(&v[bb]),
		       "the rules for '%s' at %s:%u and %s:%u (several for one syscall, comparing with != < <= > >=) are merged wrongly by libseccomp 2.5.4, and on %s seccap cannot check this call itself (libseccomp files it with other names): use one rule, or only == and masked == conditions",
		       pp->names[v[bb].id].s, pfile(pp), atom_loc(&v[ba]).line,
		       pfile(pp), atom_loc(&v[bb]).line, arch_label(a));
}

/*
 * The contexts for arch a.  main holds everything libseccomp can number
 * there.  libseccomp 2.5.4 translates every number through the name its
 * native arch gives it, so on another arch it refuses numbers it has no
 * name for (-EFAULT, even with the exact API).  Those rules go into a
 * "helper": a native context given the numbers of arch a.  Its program is
 * made to act for arch a when stitched in (emit_section): its arch check is
 * fed the native arch, on 32-bit ABIs the high argument halves read as 0
 * (libseccomp compares only the low halves there) and x32 numbers are
 * compared without bit 30.  Its default is also its bad-arch action, so
 * every path that matches no rule returns the default, which then
 * continues to the ENOSYS check.
 *
 * Syscalls whose rules libseccomp 2.5.4 gets wrong are left out of both
 * and checked by seccap (plan_chains).  The other rules go in the order
 * order_atoms gives; should anything fail, the contexts are built again in
 * the profile's order, one rule after the other as runc adds them, so the
 * error is the one that order meets first.
 */
static int build_arch(const struct prep *pp, const struct carch *a,
		      struct arch_ctx *ret, struct sc_error *err)
{
	struct arch_ctx c = { 0 };
	struct sc_chains chains = { 0 };
	bool mask32 = arch_is_32bit(a->token) &&
		      !arch_is_32bit(seccomp_arch_native());
	struct atom *v = NULL;
	size_t *order = NULL, n = 0, m = 0;
	bool fast = !pp->o->in_order;
	int r;

	r = collect_atoms(pp, a, &v, &n, err);
	if (r < 0)
		return r;
	r = plan_chains(pp, a, v, n, &chains, err);
	if (r == 0 && fast)
		r = order_atoms(v, n, &order, &m, err);
	if (r < 0)
		goto out;
again:
	r = new_ctx(pp, a->token, pp->sentinel, &c.main, a, err);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < (fast ? m : 0); i++) {
		const struct atom *at = &v[order[i]];

		if (!at->dup && !at->skip &&
		    add_atom(pp, at, c.main, false) < 0)
			goto slow;
	}
	for (size_t i = 0; i < n; i++) {
		const struct atom *at = &v[i];

		if ((!at->helper && fast) || at->skip)
			continue;
		if (!at->helper) {
			r = add_atom(pp, at, c.main, false);
		} else if (helper_refuses(a, at->cg)) {
			if (fast)
				goto slow;
			r = loc_err(pp, err, ENOTSUP,
				    pick_loc(at->cg->g->loc, at->cg->g->action_loc),
				    "cannot compile argument conditions for '%s' on %s with a 32-bit libseccomp",
				    pp->names[at->id].s, arch_label(a));
			goto out;
		} else {
			if (!c.helper) {
				r = new_ctx(pp, seccomp_arch_native(),
					    lib_value(pp, pp->def.value),
					    &c.helper, NULL, err);
				if (r < 0 && fast)
					goto slow;
				if (r < 0)
					goto out;
			}
			r = add_atom(pp, at, c.helper, mask32);
		}
		if (r < 0 && fast)
			goto slow;
		if (r < 0) {
			r = atom_err(pp, at, r, err);
			goto out;
		}
	}
	c.chains = chains;
	memset(&chains, 0, sizeof(chains));
	*ret = c;
	memset(&c, 0, sizeof(c));
	r = 0;
	goto out;
slow:
	arch_ctx_release(&c);
	fast = false;
	goto again;
out:
	arch_ctx_release(&c);
	sc_chains_free(&chains);
	free(order);
	free(v);
	return r;
}

/* ------------------------------------------------------------------ */
/* Export and stitch (pass three) */

static int open_scratch(void)
{
	int fd = (int)syscall(SYS_memfd_create, "seccap-bpf", MFD_CLOEXEC);

	if (fd >= 0)
		return fd;
	/* memfd_create may be filtered away already; fall back to a file. */
	fd = open("/tmp", O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	return fd;
}

static int export_bpf(const struct prep *pp, scmp_filter_ctx ctx,
		      struct sock_filter **ret, size_t *ret_len,
		      struct sc_error *err)
{
	struct sock_filter *f = NULL;
	struct stat st;
	size_t len, got = 0;
	int fd, r;

	fd = open_scratch();
	if (fd < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot create a scratch file for the filter: %s",
			      strerror(errno));
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0) {
		close(fd);
		return lib_err(pp, err, r, (struct sc_loc){ 0, 0 },
			       "exporting the filter");
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    st.st_size % (off_t)sizeof(*f) != 0 ||
	    st.st_size > (off_t)(BPF_MAXINSNS * 16 * sizeof(*f))) {
		close(fd);
		return sc_err(err, EIO, NULL, 0, 0,
			      "libseccomp exported a filter of unexpected size");
	}
	len = (size_t)st.st_size;
	f = malloc(len);
	if (!f) {
		close(fd);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	while (got < len) {
		ssize_t n = pread(fd, (char *)f + got, len - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? errno : EIO;
			free(f);
			close(fd);
			return sc_err(err, r, NULL, 0, 0,
				      "cannot read the exported filter back: %s",
				      strerror(r));
		}
		got += (size_t)n;
	}
	close(fd);
	*ret = f;
	*ret_len = len / sizeof(*f);
	return 0;
}

static bool host_is_little_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

/* The arch's byte order is not this machine's (show --arch s390x here). */
static bool foreign_order(uint32_t token)
{
	return ((token & __AUDIT_ARCH_LE) != 0) != host_is_little_endian();
}

static void swap_order(struct sock_filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		f[i].code = __builtin_bswap16(f[i].code);
		f[i].k = __builtin_bswap32(f[i].k);
	}
}

/* A value libseccomp's program for this profile may return. */
static bool lib_returns(const struct prep *pp, uint32_t k)
{
	if (k == pp->sentinel || k == lib_value(pp, pp->def.value))
		return true;
	for (size_t i = 0; i < pp->ngroups; i++)
		if (k == lib_value(pp, pp->groups[i].act.value))
			return true;
	return false;
}

/*
 * libseccomp writes the program in the byte order of its arch, which for
 * an arch of the other byte order (show --arch s390x on x86_64) is not
 * ours: turn it into ours to stitch it.  libseccomp 2.5.4 gets that order
 * wrong itself: the returns it copies next to a jump that cannot reach
 * the shared one keep this machine's order in k.  Each return's value is
 * one we gave it, so the order that gives a known value is the right one;
 * when neither does, or both give different ones, refuse the program.
 */
static int to_host_order(const struct prep *pp, struct sock_filter *f,
			 size_t n, uint32_t token, struct sc_error *err)
{
	if (!foreign_order(token))
		return 0;
	swap_order(f, n);
	for (size_t i = 0; i < n; i++) {
		uint32_t k = f[i].k, other = __builtin_bswap32(k);
		bool known, known_other;

		if (f[i].code != (BPF_RET | BPF_K))
			continue;
		known = lib_returns(pp, k);
		known_other = lib_returns(pp, other);
		if (known && (!known_other || other == k))
			continue;
		if (!known && known_other) {
			f[i].k = other;
			continue;
		}
		return sc_err(err, EIO, pfile(pp), 0, 0,
			      "libseccomp's program for %s returns 0x%08" PRIx32
			      " at instruction %zu, in no byte order a value it was given",
			      sc_arch_scmp_name(token) ? sc_arch_scmp_name(token)
						      : "?",
			      k, i);
	}
	return 0;
}

struct section {
	const struct carch *a;
	struct sock_filter *main, *helper;
	size_t nmain, nhelper;
	struct sc_chains chains; /* checked by seccap, in the tail */
	size_t entry;     /* where the dispatcher enters main */
	size_t pos;       /* of main in the program */
	size_t tail_len;  /* 0: no tail, default returns stay */
	bool route_x32;   /* entered past the x32 check: the tail routes x32 */
	size_t next_same; /* index of the next section of the same audit arch, or SIZE_MAX */
};

static bool is_abs_load(const struct sock_filter *in, uint32_t off)
{
	return in->code == (BPF_LD | BPF_W | BPF_ABS) && in->k == off;
}

static bool is_jump(const struct sock_filter *in, uint16_t op, uint32_t k,
		    uint8_t jt, int jf)
{
	return in->code == (BPF_JMP | op | BPF_K) && in->k == k &&
	       in->jt == jt && (jf < 0 || in->jf == jf);
}

/*
 * Where the dispatcher enters a section.  libseccomp starts each arch with
 * "ld [arch]; jeq ARCH", which the dispatcher has just done; the rest
 * starts where that jump goes when it holds: the next instruction, or past
 * a copy of the bad-arch return that libseccomp puts right after the check
 * when the one at the end is out of a jump's reach ("jeq ARCH, +1, +0;
 * ret badarch").  x86_64 then sends x32 numbers (bit 30, except nr -1) to
 * bad-arch:
 *     ld [nr]; jge 0x40000000, +0, +1; jeq 0xffffffff, +0, badarch
 * and its rules start after that.  Entering there saves the allowed x86_64
 * syscalls those instructions; an x32 number matches no x86_64 rule, so it
 * reaches the default path, where the tail routes it (route_x32).
 */
static size_t section_entry(const struct prep *pp, struct section *s)
{
	const struct sock_filter *f = s->main;
	size_t past, body, bad;

	if (s->nmain < 3 ||
	    !is_abs_load(&f[0], offsetof(struct seccomp_data, arch)) ||
	    f[1].code != (BPF_JMP | BPF_JEQ | BPF_K) || f[1].k != s->a->audit)
		return 0;
	/*
	 * Elsewhere the check stays in where a copy of the return follows it
	 * (2 instructions more on that path; the program as it always was).
	 */
	if (s->a->token != SCMP_ARCH_X86_64 && f[1].jt != 0)
		return 0;
	past = 2 + (size_t)f[1].jt;
	if (s->a->token != SCMP_ARCH_X86_64 || past + 5 > s->nmain ||
	    !is_abs_load(&f[past], offsetof(struct seccomp_data, nr)) ||
	    !is_jump(&f[past + 1], BPF_JGE, X32_BIT, 0, -1) ||
	    !is_jump(&f[past + 2], BPF_JEQ, 0xffffffffu, f[past + 2].jt, -1))
		return past < s->nmain ? past : 0;
	body = past + 2 + (size_t)f[past + 1].jf;
	bad = past + 3 + (size_t)f[past + 2].jf;
	if (body != past + 3 + (size_t)f[past + 2].jt || body >= s->nmain ||
	    bad >= s->nmain || f[bad].code != (BPF_RET | BPF_K) ||
	    f[bad].k != pp->sentinel)
		return past;
	/*
	 * With no x86_64 rule for libseccomp (none in the profile, or all
	 * checked by seccap: plan_chains) its body is only the default
	 * return; entered there, -1 and x32 numbers still reach the tail's
	 * routing rather than its ENOSYS check.
	 */
	if (!is_abs_load(&f[body], offsetof(struct seccomp_data, nr)) &&
	    !(f[body].code == (BPF_RET | BPF_K) &&
	      real_value(pp, f[body].k) == pp->def.value))
		return past;
	s->route_x32 = true;
	return body;
}

static size_t enosys_len(const struct prep *pp, const struct carch *a)
{
	if (!pp->enosys || !a->has_max)
		return 1; /* ret <default> */
	return arch_is_s390(a->token) ? 5 : 4;
}

static size_t tail_len(const struct prep *pp, const struct section *s)
{
	size_t n = 0;

	if (!s->helper && !(pp->enosys && s->a->has_max) && !s->route_x32 &&
	    !s->chains.ne)
		return 0;
	if (s->route_x32)
		n += s->next_same != SIZE_MAX ? 4 : 5;
	n += sc_chains_len(&s->chains, arch_is_32bit(s->a->token));
	if (s->helper)
		n += (s->a->token == SCMP_ARCH_X32 ? 3 : 0) + s->nhelper;
	return n + enosys_len(pp, s->a);
}

static struct sock_filter stmt(uint16_t code, uint32_t k)
{
	return (struct sock_filter){ .code = code, .jt = 0, .jf = 0, .k = k };
}

static struct sock_filter jump(uint16_t code, uint32_t k, uint8_t jt,
			       uint8_t jf)
{
	return (struct sock_filter){ .code = code, .jt = jt, .jf = jf, .k = k };
}

static struct sock_filter ja_to(size_t from, size_t to)
{
	return stmt(BPF_JMP | BPF_JA, (uint32_t)(to - from - 1));
}

static int emit_section(const struct prep *pp, const struct section *secs,
			size_t i, struct sock_filter *out,
			struct sc_error *err)
{
	const struct section *s = &secs[i];
	size_t tail = s->pos + s->nmain;
	size_t pc;

	for (size_t k = 0; k < s->nmain; k++) {
		struct sock_filter in = s->main[k];

		pc = s->pos + k;
		if (in.code == (BPF_RET | BPF_A))
			return sc_err(err, EIO, NULL, 0, 0,
				      "libseccomp produced an unexpected return");
		if (in.code == (BPF_RET | BPF_K)) {
			uint32_t real = real_value(pp, in.k);

			if (in.k == pp->sentinel) {
				if (s->next_same != SIZE_MAX)
					in = ja_to(pc, secs[s->next_same].pos +
							       secs[s->next_same].entry);
				else
					in = stmt(BPF_RET | BPF_K,
						  SECCOMP_RET_KILL_THREAD);
			} else if (real == pp->def.value && s->tail_len) {
				in = ja_to(pc, tail);
			} else {
				in.k = real;
			}
		}
		out[pc] = in;
	}
	if (!s->tail_len)
		return 0;

	pc = tail;
	/*
	 * The syscalls seccap checks itself (plan_chains) first: their calls
	 * are allowed ones too, and an x32 number or -1 is none of theirs, so
	 * it passes on to the routing below.
	 */
	sc_chains_emit(&s->chains, arch_is_32bit(s->a->token),
		       (s->a->token & __AUDIT_ARCH_LE) == 0, &out[pc]);
	pc += sc_chains_len(&s->chains, arch_is_32bit(s->a->token));
	if (s->route_x32 && s->next_same != SIZE_MAX) {
		/*
		 * x32 numbers go on to x32's section.  nr -1 (a tracer
		 * skipping the call) stays: runc compares it with x32's
		 * highest, i.e. it gets ENOSYS too.
		 */
		out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, nr));
		out[pc++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 2, 0);
		out[pc++] = jump(BPF_JMP | BPF_JSET | BPF_K, X32_BIT, 0, 1);
		out[pc] = ja_to(pc, secs[s->next_same].pos +
					    secs[s->next_same].entry);
		pc++;
	} else if (s->route_x32) {
		/*
		 * No x32 in the profile: its numbers die as libseccomp's
		 * bad-arch; nr -1 gets the default as in libseccomp's and
		 * runc's x86_64-only filter.  libseccomp's check is nr >=
		 * 0x40000000, so 0x80000000 dies too; runc's ENOSYS stub,
		 * before it, tests bit 30 and gives that nr ENOSYS: with our
		 * ENOSYS check below, bit 30 alone leaves it to that check.
		 */
		bool enosys_here = pp->enosys && s->a->has_max;

		out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, nr));
		out[pc++] = jump(BPF_JMP | (enosys_here ? BPF_JSET : BPF_JGE) |
					 BPF_K,
				 X32_BIT, 0, 3);
		out[pc++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 0, 1);
		out[pc++] = stmt(BPF_RET | BPF_K, pp->def.value);
		out[pc++] = stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD);
	}
	if (s->helper) {
		size_t hstart, hend;
		/* Where an argument's high half is, here and on the arch. */
		uint32_t hi_off = host_is_little_endian() ? 4 : 0;
		uint32_t arch_hi = (s->a->token & __AUDIT_ARCH_LE) ? 4 : 0;
		if (s->a->token == SCMP_ARCH_X32) {
			/* The helper numbers x32 syscalls without bit 30. */
			out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
					 offsetof(struct seccomp_data, nr));
			out[pc++] = stmt(BPF_ALU | BPF_AND | BPF_K, ~X32_BIT);
			out[pc++] = stmt(BPF_ST, 0);
		}
		hstart = pc;
		hend = hstart + s->nhelper;
		for (size_t k = 0; k < s->nhelper; k++) {
			struct sock_filter in = s->helper[k];

			pc = hstart + k;
			if (is_abs_load(&in, offsetof(struct seccomp_data, arch))) {
				/* Its arch check must pass for this ABI. */
				in = stmt(BPF_LD | BPF_IMM,
					  audit_arch_of(seccomp_arch_native()));
			} else if (s->a->token == SCMP_ARCH_X32 &&
				   is_abs_load(&in, offsetof(struct seccomp_data, nr))) {
				in = stmt(BPF_LD | BPF_MEM, 0);
			} else if (in.code == (BPF_LD | BPF_W | BPF_ABS) &&
				   in.k >= offsetof(struct seccomp_data, args)) {
				uint32_t half = (in.k - (uint32_t)offsetof(struct seccomp_data, args)) % 8;
				bool hi = half == hi_off;

				/* 32-bit ABI: libseccomp ignores the high half. */
				if (hi && arch_is_32bit(s->a->token) &&
				    !arch_is_32bit(seccomp_arch_native()))
					in = stmt(BPF_LD | BPF_IMM, 0);
				else
					/* The half where the arch keeps it. */
					in.k = in.k - half +
					       (hi ? arch_hi : 4 - arch_hi);
			} else if (in.code == (BPF_RET | BPF_A)) {
				return sc_err(err, EIO, NULL, 0, 0,
					      "libseccomp produced an unexpected return");
			} else if (in.code == (BPF_RET | BPF_K)) {
				uint32_t real = real_value(pp, in.k);

				if (real == pp->def.value)
					in = ja_to(pc, hend);
				else
					in.k = real;
			}
			out[pc] = in;
		}
		pc = hend;
	}
	if (pp->enosys && s->a->has_max) {
		out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, nr));
		if (arch_is_s390(s->a->token))
			/* runc: nr 0 on s390 is the multiplexer, ENOSYS too. */
			out[pc++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 2, 0);
		out[pc++] = jump(BPF_JMP | BPF_JGT | BPF_K, s->a->max_nr, 1, 0);
		out[pc++] = stmt(BPF_RET | BPF_K, pp->def.value);
		out[pc++] = stmt(BPF_RET | BPF_K, ENOSYS_RET);
	} else {
		out[pc++] = stmt(BPF_RET | BPF_K, pp->def.value);
	}
	return 0;
}

/* Every jump inside the program and forward, the last insn a return. */
static int verify(const struct sock_filter *f, size_t len,
		  struct sc_error *err)
{
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &f[pc];

		if (BPF_CLASS(in->code) != BPF_JMP)
			continue;
		if (BPF_OP(in->code) == BPF_JA) {
			if (in->k >= len - pc - 1)
				goto bad;
		} else if (pc + 1 + in->jt >= len || pc + 1 + in->jf >= len) {
			goto bad;
		}
	}
	if (len && BPF_CLASS(f[len - 1].code) == BPF_RET)
		return 0;
bad:
	return sc_err(err, EIO, NULL, 0, 0,
		      "internal error: the stitched filter is malformed");
}

static int stitch(const struct prep *pp, struct section *secs, size_t n,
		  struct sc_bpf **ret, struct sc_error *err)
{
	struct sock_filter *out = NULL;
	struct sc_bpf *b = NULL;
	uint32_t fam[64];
	size_t first_of[64];
	size_t nfam = 0, disp, len, pc;
	int r;

	for (size_t i = 0; i < n; i++) {
		size_t f;

		/*
		 * One program, one byte order: the kernel of one machine reads
		 * it.  prep_arches leaves the others out; never stitch them.
		 */
		if (((secs[i].a->token ^ secs[0].a->token) & __AUDIT_ARCH_LE))
			return sc_err(err, EINVAL, pfile(pp), 0, 0,
				      "architectures '%s' (%s-endian) and '%s' (%s-endian) cannot be in one filter",
				      arch_label(secs[0].a),
				      (secs[0].a->token & __AUDIT_ARCH_LE) ? "little" : "big",
				      arch_label(secs[i].a),
				      (secs[i].a->token & __AUDIT_ARCH_LE) ? "little" : "big");
		secs[i].next_same = SIZE_MAX;
		for (f = 0; f < nfam; f++)
			if (fam[f] == secs[i].a->audit)
				break;
		if (f == nfam) {
			if (nfam == ARRAY_SIZE(fam))
				return sc_err(err, E2BIG, NULL, 0, 0,
					      "too many architectures");
			fam[nfam] = secs[i].a->audit;
			first_of[nfam++] = i;
		}
		for (size_t k = i; k-- > 0;) {
			if (secs[k].a->audit == secs[i].a->audit) {
				if (secs[k].next_same == SIZE_MAX)
					secs[k].next_same = i;
				break;
			}
		}
	}

	/* ld; jeq first (falls into it); (jeq; ja) per other family; ret */
	disp = 1 + 1 + 2 * (nfam - 1) + 1;
	len = disp;
	for (size_t i = 0; i < n; i++) {
		secs[i].entry = section_entry(pp, &secs[i]);
		secs[i].tail_len = tail_len(pp, &secs[i]);
		secs[i].pos = len;
		len += secs[i].nmain + secs[i].tail_len;
	}
	if (len > BPF_MAXINSNS)
		return sc_err(err, E2BIG, pfile(pp), 0, 0,
			      "the filter needs %zu instructions, more than the kernel's limit of %d",
			      len, BPF_MAXINSNS);
	/* The first family's section starts right after the dispatcher. */
	if (secs[first_of[0]].pos != disp || disp + secs[0].entry - 2 > 255)
		return sc_err(err, EIO, NULL, 0, 0,
			      "internal error: unexpected filter layout");

	out = calloc(len, sizeof(*out));
	b = calloc(1, sizeof(*b));
	if (!out || !b) {
		free(out);
		free(b);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	pc = 0;
	out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch));
	out[pc] = jump(BPF_JMP | BPF_JEQ | BPF_K, fam[0],
		       (uint8_t)(disp + secs[0].entry - pc - 1), 0);
	pc++;
	for (size_t f = 1; f < nfam; f++) {
		const struct section *s = &secs[first_of[f]];

		out[pc] = jump(BPF_JMP | BPF_JEQ | BPF_K, fam[f], 0, 1);
		pc++;
		out[pc] = ja_to(pc, s->pos + s->entry);
		pc++;
	}
	/* An ABI the profile does not name: libseccomp's default bad-arch. */
	out[pc++] = stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD);

	for (size_t i = 0; i < n; i++) {
		r = emit_section(pp, secs, i, out, err);
		if (r < 0)
			goto fail;
	}
	r = verify(out, len, err);
	if (r < 0)
		goto fail;
	b->insns = out;
	b->len = len;
	b->flags = pp->flags;
	/*
	 * A program that can notify needs a listener, as runc asks for one;
	 * with TSYNC the kernel then wants TSYNC_ESRCH (the result of the
	 * call is the listener, not a thread id).  Read while the program is
	 * still in this machine's byte order.
	 */
	for (size_t i = 0; i < len; i++)
		if (out[i].code == (BPF_RET | BPF_K) &&
		    (out[i].k & SECCOMP_RET_ACTION_FULL) ==
			    SECCOMP_RET_USER_NOTIF) {
			b->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
			if (b->flags & SECCOMP_FILTER_FLAG_TSYNC)
				b->flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
			break;
		}
	/* For another machine, in that machine's byte order throughout. */
	if (foreign_order(secs[0].a->token))
		swap_order(out, len);
	*ret = b;
	return 0;
fail:
	free(out);
	free(b);
	return r;
}

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
/* PFC */

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int pfc_printf(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int pfc_printf(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	return write_all(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n
							  : sizeof(buf) - 1);
}

static const char *op_symbol(enum scmp_compare op)
{
	switch (op) {
	case SCMP_CMP_NE: return "!=";
	case SCMP_CMP_LT: return "<";
	case SCMP_CMP_LE: return "<=";
	case SCMP_CMP_EQ: return "==";
	case SCMP_CMP_GE: return ">=";
	case SCMP_CMP_GT: return ">";
	default: return "&";
	}
}

/* " if $a0 == 1 && ($a2 & 0x3) == 1", joined by and_or. */
static int pfc_conds(int fd, const struct scmp_arg_cmp *m, size_t n,
		     const char *and_or)
{
	int r = 0;

	for (size_t c = 0; c < n && r == 0; c++) {
		const char *join = c ? and_or : " if";

		if (m[c].op == SCMP_CMP_MASKED_EQ)
			r = pfc_printf(fd, "%s ($a%u & 0x%" PRIx64 ") == %" PRIu64,
				       join, m[c].arg, (uint64_t)m[c].datum_a,
				       (uint64_t)m[c].datum_b);
		else
			r = pfc_printf(fd, "%s $a%u %s %" PRIu64, join,
				       m[c].arg, op_symbol(m[c].op),
				       (uint64_t)m[c].datum_a);
	}
	return r;
}

/* What the helper context compiles, in PFC's comment style. */
static int pfc_extras(const struct prep *pp, const struct carch *a, int fd)
{
	char act[32];
	int r = pfc_printf(fd,
			   "# seccap: %s rules for syscalls libseccomp %u.%u.%u has no number for there:\n",
			   arch_label(a), seccomp_version()->major,
			   seccomp_version()->minor, seccomp_version()->micro);

	for (size_t i = 0; i < pp->ngroups && r == 0; i++) {
		const struct cgroup *cg = &pp->groups[i];
		size_t n = sc_group_name_count(cg->g);

		if (cg->same_as_default)
			continue;
		format_action(cg->act.value, act, sizeof(act));
		for (size_t k = 0; k < n && r == 0; k++) {
			const struct cname *cn = &pp->names[cg->ids[k]];
			const struct croute *rt =
				&pp->routes[cg->ids[k] * pp->narches + a->index];

			if (!cn->known || rt->route != ROUTE_HELPER)
				continue;
			r = pfc_printf(fd, "#   syscall \"%s\" (%d)", cn->s,
				       rt->nr);
			if (r == 0)
				r = pfc_conds(fd, cg->cmp, cg->ncmp,
					      cg->split ? " ||" : " &&");
			if (r == 0)
				r = pfc_printf(fd, ": action %s;\n", act);
		}
	}
	return r;
}

/* The syscalls seccap checks itself on arch a (plan_chains), in order. */
static int pfc_chains(const struct carch *a, const struct sc_chains *c, int fd)
{
	char act[32];
	int r = pfc_printf(fd,
			   "# seccap: %s syscalls whose rules libseccomp %u.%u.%u merges wrongly, checked by seccap in this order (the first rule that holds decides):\n",
			   arch_label(a), seccomp_version()->major,
			   seccomp_version()->minor, seccomp_version()->micro);

	for (size_t e = 0; e < c->ne && r == 0; e++) {
		char *name = seccomp_syscall_resolve_num_arch(a->token,
							      (int)c->e[e].nr);

		for (size_t i = 0; i < c->e[e].n && r == 0; i++) {
			const struct sc_chain_rule *cr = &c->rules[c->e[e].first + i];

			r = pfc_printf(fd, "#   syscall \"%s\" (%" PRIu32 ")",
				       name ? name : "?", c->e[e].nr);
			if (r == 0)
				r = pfc_conds(fd, cr->c, cr->n, " &&");
			format_action(cr->action, act, sizeof(act));
			if (r == 0)
				r = pfc_printf(fd, ": action %s;\n", act);
		}
		free(name);
	}
	return r;
}

/*
 * libseccomp's text, with the stand-ins for errno values it refuses put
 * back: "ERRNO(4094)" becomes the "ERRNO(12345)" the kernel will see.
 */
static int export_pfc(const struct prep *pp, scmp_filter_ctx ctx, int fd,
		      struct sc_error *err)
{
	char *text = NULL;
	struct stat st;
	size_t len, got = 0;
	int tmp, r;

	tmp = open_scratch();
	if (tmp < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot create a scratch file for the filter text: %s",
			      strerror(errno));
	r = seccomp_export_pfc(ctx, tmp);
	if (r < 0) {
		close(tmp);
		return lib_err(pp, err, r, (struct sc_loc){ 0, 0 },
			       "exporting the filter text");
	}
	if (fstat(tmp, &st) < 0 || st.st_size < 0 || st.st_size > (16 << 20)) {
		close(tmp);
		return sc_err(err, EIO, NULL, 0, 0,
			      "libseccomp's filter text has an unexpected size");
	}
	len = (size_t)st.st_size;
	text = malloc(len + 1);
	if (!text) {
		close(tmp);
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	}
	while (got < len) {
		ssize_t n = pread(tmp, text + got, len - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(tmp);
	text[got] = '\0';

	r = 0;
	for (char *p = text; *p && r == 0;) {
		char *hit = strstr(p, "ERRNO(");
		char real[32];
		unsigned long v;
		char *end;
		uint32_t lib;

		if (!hit) {
			r = write_all(fd, p, strlen(p));
			break;
		}
		v = strtoul(hit + 6, &end, 10);
		lib = SECCOMP_RET_ERRNO | (uint32_t)(v & SECCOMP_RET_DATA);
		if (*end != ')' || v > SECCOMP_RET_DATA ||
		    real_value(pp, lib) == lib) {
			r = write_all(fd, p, (size_t)(end - p));
			p = end;
			continue;
		}
		r = write_all(fd, p, (size_t)(hit - p));
		format_action(real_value(pp, lib), real, sizeof(real));
		if (r == 0)
			r = write_all(fd, real, strlen(real));
		p = end + 1;
	}
	free(text);
	if (r < 0)
		return sc_err(err, -r, NULL, 0, 0,
			      "cannot write the filter text: %s", strerror(-r));
	return 0;
}

int sc_compile_pfc(const struct sc_profile *resolved,
		   const struct sc_compile_opts *o, int fd,
		   const struct sc_diag *d, struct sc_error *err)
{
	static const struct sc_compile_opts no_opts;
	struct prep pp;
	char act[32];
	int r;

	if (!resolved || fd < 0)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no profile or output");
	r = prep_init(&pp, resolved, o ? o : &no_opts, d, err);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < pp.narches; i++) {
		const struct carch *a = &pp.arches[i];
		struct arch_ctx c;

		r = build_arch(&pp, a, &c, err);
		if (r < 0)
			goto out;
		/* Show libseccomp's own bad-arch action, as runc's filter has. */
		r = seccomp_attr_set(c.main, SCMP_FLTATR_ACT_BADARCH,
				     SCMP_ACT_KILL_THREAD);
		if (r < 0) {
			arch_ctx_release(&c);
			r = lib_err(&pp, err, r, (struct sc_loc){ 0, 0 },
				    "exporting the filter text");
			goto out;
		}
		r = export_pfc(&pp, c.main, fd, err);
		if (r < 0) {
			arch_ctx_release(&c);
			goto out;
		}
		if (c.helper)
			r = pfc_extras(&pp, a, fd);
		if (r == 0 && c.chains.ne)
			r = pfc_chains(a, &c.chains, fd);
		arch_ctx_release(&c);
		if (r == 0 && pp.enosys && a->has_max) {
			format_action(pp.def.value, act, sizeof(act));
			r = pfc_printf(fd,
				       "# seccap: on %s, syscalls above %" PRIu32
				       "%s return ERRNO(%d) instead of %s\n",
				       arch_label(a), a->max_nr,
				       arch_is_s390(a->token) ? " (and 0)" : "",
				       ENOSYS, act);
		}
		if (r < 0) {
			r = sc_err(err, -r, NULL, 0, 0,
				   "cannot write the filter text: %s",
				   strerror(-r));
			goto out;
		}
	}
out:
	prep_free(&pp);
	return r;
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
