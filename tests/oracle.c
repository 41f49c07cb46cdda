/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The oracle of the differential checker (see oracle.h).  It reads the
 * resolved profile and answers, for one struct seccomp_data, what Docker's
 * runtime (runc 1.2 on libseccomp 2.5.4, plus seccap's documented extras)
 * must return.  Each rule below was taken from docker-semantics.md or, where
 * that is silent, measured on libseccomp 2.5.4 with small filters exported
 * as PFC and BPF (the experiments are described next to each rule).
 *
 * Actions (§4): ERRNO and TRACE carry errnoRet/errno (EPERM = 1 when
 * absent); the value is passed as is (the kernel caps ERRNO data at 4095);
 * KILL is KILL_THREAD.  Complain mode turns every action that does not let
 * the syscall run into LOG.
 *
 * Rules (§5.2, §5.5), per arch, in profile order, one per name:
 *  - a group whose action equals the default (same value) adds nothing;
 *  - a name no table knows is skipped where the rule lets more through than
 *    the default, and refused where it denies (seccap fails closed);
 *  - when an argument index repeats, every condition is a rule of its own
 *    (OR); otherwise the conditions form one rule (AND);
 *  - per syscall number: the first unconditional rule wins and later rules
 *    are dropped; an unconditional rule replaces earlier conditional ones;
 *    two conditional rules with identical conditions and different actions
 *    are an error (libseccomp -EEXIST);
 *  - -EEXIST too for a rule whose chain is a proper prefix of a rule still
 *    in the tree with another action (socket a0 == 16 -> ALLOW after
 *    a0 == 16 && a2 == 9 -> ERRNO: _db_tree_add checks the subtree it would
 *    cut off).  A rule is left out of the tree when one still there has a
 *    subset of its conditions (any action: libseccomp drops it as
 *    redundant or as longer), and it takes out the rules of its own action
 *    that have a superset of its conditions (_db_tree_prune).  Measured
 *    against libseccomp 2.5.4 on random sets of 2-4 rules (==, != and the
 *    ranges on three arguments): no difference in 3,000 sets on i386; on
 *    x86_64 the hi/lo halves share nodes and about 1 set in 35 differs, so
 *    the fuzzer asks libseccomp itself there (tests/fuzz/targets.c).
 *
 * Conditions, as libseccomp 2.5.4 normalises them (measured):
 *  - MASKED_EQ: value is the mask, valueTwo the expected result, and the
 *    expected result is ANDed with the mask: (a & 1) == 3 compiles to
 *    (a & 1) == 1;
 *  - a MASKED_EQ whose mask is 0 (in the compared width) is always true and
 *    is dropped, so a rule made only of such conditions is unconditional;
 *  - comparisons are unsigned; on 32-bit ABIs (x86, x32, MIPS n32, ...)
 *    only the low 32 bits of the value, the mask and the argument count
 *    (libseccomp strips the datum and loads only the low word; the kernel
 *    hands a compat task's arguments zero-extended anyway).
 *
 * Several matching rules with different actions: libseccomp orders the
 * nodes of one tree level by argument (highest first), then by operator
 * class (EQ/NE/MASKED_EQ, then LT/LE, then GT/GE), then by value (highest
 * first; lowest first for LT/LE), and the first node that decides wins; a
 * rule's conditions form a chain from its lowest argument down.  So the
 * oracle sorts each syscall's rules by their chains with that order and
 * takes the first rule that matches (ties keep profile order).  Measured
 * on random filters of up to three rules for one syscall: exact for
 * single-condition rules with one action (6000 filters); with several
 * actions about 1 filter in 80 differs, where libseccomp breaks a tie
 * between nodes of equal value (EQ against MASKED_EQ, GT against GE, the
 * 64-bit halves) by insertion order.  No profile we know has such rules;
 * oracle_simple() tells when a profile is inside the exact part.
 *
 * Known libseccomp 2.5.4 defects the oracle deliberately does NOT copy:
 * when the rules of one syscall compare with != < <= > >= and there are
 * two or more of them, libseccomp merges them wrongly (a subtree grafted
 * under a node of another chain, or dropped), e.g.
 *   personality: a1 >= 2 && a0 > 2 -> ALLOW;  (a1 & 2) == 0 && a0 >= 0 ->
 *   ALLOW  gives ALLOW for (a0 0, a1 2), which matches neither rule, and
 *   a2 <= 3 -> ALLOW;  a2 >= 1 << 32 -> ALLOW  gives ALLOW for a2 = 4 on
 *   x86_64.
 * seccap checks such syscalls itself (conf/chain.c, which measured the
 * shapes), in the order described here; a filter that differs from the
 * oracle there does not do what its profile says.
 *
 * Multiplexing (§5.4, measured on libseccomp 2.5.4): on x86, s390,
 * s390x, ppc, ppc64, ppc64le, mips and mipsel (o32) a rule for a socket
 * or SysV IPC call becomes two rules: one on the direct syscall with
 * every condition (x86: Linux 4.3+ numbers, table below; accept, send,
 * recv, semop and semtimedop have none; elsewhere the kernel's number
 * from seccap's table: ppc64le socket 326, mips accept 4168, s390x has no
 * accept), and one on socketcall / ipc (102 / 117, mips 4102 / 4117)
 * where the condition on argument 0 is replaced by "a0 == call number"
 * and the other conditions are kept (they then compare socketcall's own
 * arguments).  libseccomp's PFC also shows rules on the negative pseudo
 * numbers (accept = -105, and send/recv on x86_64 and x32), but its BPF
 * has none: no rule there.  Only a direct number libseccomp itself gives
 * the name counts in N (x86's and ppc's socket do not, s390x's 359 does).
 *
 * Arches (§3, §7, docker-semantics): the native arch and every arch of the
 * profile with the native byte order (seccap drops the others with a
 * warning); any other seccomp_data.arch is KILL_THREAD.  On x86_64, numbers
 * with bit 30 set (except -1) are x32 calls: x32's rules if the profile has
 * x32, else KILL_THREAD; an x32-only filter takes nr -1 as x32's too.
 * libseccomp itself sends every x86_64 nr from 0x40000000 up (but -1) to
 * x32's section or bad-arch, while runc's stub before it tells the ABIs
 * apart by bit 30 alone: 0x80000000 gets x86_64's ENOSYS check where
 * there is one.  (An x32-only filter is the one place seccap differs from
 * runc here: such a number gets x32's ENOSYS, runc skips its stub for it
 * and returns the default; no syscall has that number.)
 * 32-bit ABIs compare the low halves only (above); a big-endian machine
 * keeps an argument's high half first in seccomp_data, which the checker
 * reproduces (bpf_interp_run_as) on the program in that machine's order.
 *
 * ENOSYS (§7): when the default neither allows nor traces (not ALLOW, LOG,
 * TRACE), a syscall no rule matched whose number is above the highest
 * number of any name of the profile on that arch (N; every group counts,
 * including those equal to the default; multiplexed names do not; x32
 * numbers include bit 30) gets ERRNO(ENOSYS).  On x86_64, nr -1 (a tracer
 * skipping the call) gets the default when the profile has no x32, and
 * ENOSYS when it has (runc compares it with x32's N).  On s390, nr 0 gets
 * ENOSYS too.  Arches where no name resolves get no ENOSYS check.
 *
 * Syscall numbers come from libseccomp (seccomp_syscall_resolve_name_arch)
 * and, for names it does not know or places on no syscall of that arch,
 * from seccap's table of newer syscalls (sc_syscall_resolve; x32
 * map_shadow_stack is 0x400001c5 there, not in libseccomp 2.5.4): that
 * seccap numbers those is part of what is specified.
 */
#include "oracle.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_interp.h"
#include "names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define X32_BIT 0x40000000u
#define MAX_ARCHES 16

#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/*
 * x86 direct syscall for each socketcall / ipc call number (Linux's
 * arch/x86/entry/syscalls/syscall_32.tbl; libseccomp 2.5.4 uses the same
 * ones, measured); 0 = none (only the multiplexer gets a rule).
 */
static const uint32_t x86_socket_direct[21] = {
	[1] = 359,  /* socket */      [2] = 361,  /* bind */
	[3] = 362,  /* connect */     [4] = 363,  /* listen */
	[5] = 0,    /* accept */      [6] = 367,  /* getsockname */
	[7] = 368,  /* getpeername */ [8] = 360,  /* socketpair */
	[9] = 0,    /* send */        [10] = 0,   /* recv */
	[11] = 369, /* sendto */      [12] = 371, /* recvfrom */
	[13] = 373, /* shutdown */    [14] = 366, /* setsockopt */
	[15] = 365, /* getsockopt */  [16] = 370, /* sendmsg */
	[17] = 372, /* recvmsg */     [18] = 364, /* accept4 */
	[19] = 337, /* recvmmsg */    [20] = 345, /* sendmmsg */
};
static const uint32_t x86_ipc_direct[25] = {
	[1] = 0,    /* semop */  [2] = 393,  /* semget */
	[3] = 394,  /* semctl */ [4] = 0,    /* semtimedop */
	[11] = 400, /* msgsnd */ [12] = 401, /* msgrcv */
	[13] = 399, /* msgget */ [14] = 402, /* msgctl */
	[21] = 397, /* shmat */  [22] = 398, /* shmdt */
	[23] = 395, /* shmget */ [24] = 396, /* shmctl */
};

struct ocond {
	unsigned arg;
	int op;         /* enum scmp_compare */
	uint64_t datum; /* MASKED_EQ: the expected value, already masked */
	uint64_t mask;  /* MASKED_EQ only */
};

struct orule {
	uint32_t action;
	unsigned n;
	struct ocond c[6]; /* sorted by argument */
	size_t group, seq;
	const char *name;
	bool live; /* still in libseccomp's tree (for -EEXIST), see add_rule */
};

struct onr {
	uint32_t nr;
	bool uncond;
	uint32_t uncond_action;
	size_t uncond_group;
	const char *uncond_name;
	size_t nrules, cap;
	struct orule *rules;
};

struct oarch {
	uint32_t token, audit;
	bool is32;
	bool has_max;
	uint32_t max_nr;
	size_t nnr, cap;
	struct onr *nrs;
};

struct oracle {
	uint32_t native; /* SCMP_ARCH_* the filter is for */
	uint32_t def;
	bool enosys;
	unsigned int flags;
	size_t narch;
	struct oarch arch[MAX_ARCHES];
	size_t seq;
};

static int fail(char *why, size_t n, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t n, int code, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return -code;
}

void oracle_format_action(uint32_t v, char *buf, size_t n)
{
	uint32_t data = v & SECCOMP_RET_DATA;

	switch (v & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS:
		snprintf(buf, n, "KILL_PROCESS");
		break;
	case SECCOMP_RET_KILL_THREAD:
		snprintf(buf, n, "KILL_THREAD");
		break;
	case SECCOMP_RET_TRAP:
		snprintf(buf, n, "TRAP(%" PRIu32 ")", data);
		break;
	case SECCOMP_RET_ERRNO:
		snprintf(buf, n, "ERRNO(%" PRIu32 ")", data);
		break;
	case SECCOMP_RET_USER_NOTIF:
		snprintf(buf, n, "NOTIFY");
		break;
	case SECCOMP_RET_TRACE:
		snprintf(buf, n, "TRACE(%" PRIu32 ")", data);
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

/* ---- actions ---------------------------------------------------------- */

/* Kernel precedence when filters stack (§4); higher is stricter. */
static int strictness(enum sc_action a)
{
	switch (a) {
	case SC_ACT_KILL_PROCESS: return 7;
	case SC_ACT_KILL_THREAD: return 6;
	case SC_ACT_TRAP: return 5;
	case SC_ACT_ERRNO: return 4;
	case SC_ACT_NOTIFY: return 3;
	case SC_ACT_TRACE: return 2;
	case SC_ACT_LOG: return 1;
	default: return 0;
	}
}

struct oact {
	enum sc_action kind, orig;
	uint32_t value;
};

static int parse_errno_spec(const char *s, uint64_t *ret)
{
	int n = sc_errno_parse(s);
	char *end;

	if (n >= 0) {
		*ret = (uint64_t)n;
		return 0;
	}
	if (*s >= '0' && *s <= '9') {
		errno = 0;
		*ret = strtoull(s, &end, 10);
		if (!*end && errno == 0)
			return 0;
	}
	return -EINVAL;
}

static int make_action(const char *action, bool has_ret, uint64_t ret,
		       const char *errno_name, bool log_mode, struct oact *out,
		       char *why, size_t wl)
{
	uint64_t data = 1; /* EPERM: runc's and crun's default */

	if (!action || !*action)
		return fail(why, wl, EINVAL, "no action");
	out->orig = out->kind = sc_action_parse(action);
	if (has_ret)
		data = ret;
	else if (errno_name && parse_errno_spec(errno_name, &data) < 0)
		return fail(why, wl, EINVAL, "unknown errno '%s'", errno_name);
	switch (out->kind) {
	case SC_ACT_KILL_THREAD:
		out->value = SECCOMP_RET_KILL_THREAD;
		break;
	case SC_ACT_KILL_PROCESS:
		out->value = SECCOMP_RET_KILL_PROCESS;
		break;
	case SC_ACT_TRAP:
		out->value = SECCOMP_RET_TRAP;
		break;
	case SC_ACT_LOG:
		out->value = SECCOMP_RET_LOG;
		break;
	case SC_ACT_ALLOW:
		out->value = SECCOMP_RET_ALLOW;
		break;
	case SC_ACT_ERRNO:
	case SC_ACT_TRACE:
		if (data > SECCOMP_RET_DATA)
			return fail(why, wl, ERANGE,
				    "errno %" PRIu64 " out of range", data);
		out->value = (out->kind == SC_ACT_ERRNO ? SECCOMP_RET_ERRNO
							: SECCOMP_RET_TRACE) |
			     (uint32_t)data;
		break;
	case SC_ACT_NOTIFY:
		out->value = SECCOMP_RET_USER_NOTIF;
		break;
	default:
		return fail(why, wl, EINVAL, "unknown action '%s'", action);
	}
	if (log_mode && !sc_action_allows(out->kind)) {
		out->kind = SC_ACT_LOG;
		out->value = SECCOMP_RET_LOG;
	}
	return 0;
}

int oracle_action_value(const char *action, bool has_ret, uint64_t ret,
			const char *errno_name, bool log_mode, uint32_t *value,
			char *why, size_t whylen)
{
	struct oact a;
	int r = make_action(action, has_ret, ret, errno_name, log_mode, &a, why,
			    whylen);

	if (r == 0)
		*value = a.value;
	return r;
}

/* ---- arches and numbers ----------------------------------------------- */

static bool token_is32(uint32_t t)
{
	if (t == SCMP_ARCH_X32 || t == SCMP_ARCH_MIPS64N32 ||
	    t == SCMP_ARCH_MIPSEL64N32)
		return true;
	return !(t & __AUDIT_ARCH_64BIT);
}

static uint32_t token_audit(uint32_t t)
{
	return t == SCMP_ARCH_X32 ? AUDIT_ARCH_X86_64 : t;
}

static struct oarch *arch_find(struct oracle *o, uint32_t token)
{
	for (size_t i = 0; i < o->narch; i++)
		if (o->arch[i].token == token)
			return &o->arch[i];
	return NULL;
}

static const struct oarch *arch_cfind(const struct oracle *o, uint32_t token)
{
	return arch_find((struct oracle *)o, token);
}

enum numkind { NUM_NONE, NUM_DIRECT, NUM_MUX };

struct num {
	enum numkind kind;
	uint32_t nr;     /* DIRECT: the number */
	uint32_t mux;    /* MUX: socketcall or ipc */
	uint32_t call;   /* MUX: its call number (argument 0) */
	uint32_t direct; /* MUX: the direct syscall, 0 if none */
	bool counted;    /* MUX: direct is libseccomp's number, part of N */
};

/*
 * The arches where libseccomp 2.5.4 turns a rule for a socket or IPC call
 * into a rule on socketcall / ipc as well (measured: their PFC has the
 * multiplexer's entry; x86_64, x32, arm, aarch64, mips64, mips64n32,
 * riscv64 and parisc have none).
 */
static bool multiplexes(uint32_t token)
{
	switch (token) {
	case SCMP_ARCH_X86:
	case SCMP_ARCH_S390:
	case SCMP_ARCH_S390X:
	case SCMP_ARCH_PPC:
	case SCMP_ARCH_PPC64:
	case SCMP_ARCH_PPC64LE:
	case SCMP_ARCH_MIPS:
	case SCMP_ARCH_MIPSEL:
		return true;
	default:
		return false;
	}
}

static struct num number_of(const char *name, uint32_t token)
{
	struct num r = { .kind = NUM_NONE };
	int n = seccomp_syscall_resolve_name_arch(token, name);
	/* x86 names every socket / IPC call by a pseudo number: its call. */
	int x = seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, name);
	int g;

	if (multiplexes(token) && x <= -100 && x > -300) {
		bool sock = x > -200;
		int m = seccomp_syscall_resolve_name_arch(token, sock ? "socketcall"
								      : "ipc");

		if (m < 0)
			return r;
		r.kind = NUM_MUX;
		r.mux = (uint32_t)m;
		r.call = (uint32_t)(sock ? -x % 100 : -x % 200);
		if (n >= 0) {
			/* A direct syscall libseccomp numbers: it counts in N. */
			r.direct = (uint32_t)n;
			r.counted = true;
		} else if (token != SCMP_ARCH_X86) {
			/*
			 * libseccomp adds the direct syscall the kernel has
			 * for the call (measured in its PFC on s390, ppc and
			 * mips: ppc64le socket 326, mips accept 4168), though
			 * it names it by the pseudo number.
			 */
			if (sc_syscall_table_nr(name, token, &g) == 0 && g >= 0)
				r.direct = (uint32_t)g;
		} else if (sock &&
			   r.call < ARRAY_SIZE(x86_socket_direct)) {
			r.direct = x86_socket_direct[r.call];
		} else if (!sock && r.call < ARRAY_SIZE(x86_ipc_direct)) {
			r.direct = x86_ipc_direct[r.call];
		}
		return r;
	}
	if (n >= 0) {
		r.kind = NUM_DIRECT;
		r.nr = (uint32_t)n;
		return r;
	}
	/* Multiplexed where the arch does not multiplex: no rule. */
	if (n <= -100 && n > -10000)
		return r;
	/*
	 * Unknown to this libseccomp, or "not on this arch" by its tables,
	 * which may predate the syscall there (x32 map_shadow_stack):
	 * seccap's newer table decides.
	 */
	if (sc_syscall_resolve(name, token, &g) == 0 && g >= 0) {
		r.kind = NUM_DIRECT;
		r.nr = (uint32_t)g;
	}
	return r;
}

/* ---- conditions and their order --------------------------------------- */

static int op_class(int op)
{
	switch (op) {
	case SCMP_CMP_EQ:
	case SCMP_CMP_NE:
	case SCMP_CMP_MASKED_EQ:
		return 3;
	case SCMP_CMP_LT:
	case SCMP_CMP_LE:
		return 2;
	default:
		return 1;
	}
}

/* <0: a's node comes first on a level, >0: b's, 0: same place. */
static int node_order(const struct ocond *a, const struct ocond *b)
{
	bool lt;

	if (a->arg != b->arg)
		return a->arg > b->arg ? -1 : 1;
	if (op_class(a->op) != op_class(b->op))
		return op_class(a->op) > op_class(b->op) ? -1 : 1;
	if (a->datum == b->datum)
		return 0;
	lt = a->op == SCMP_CMP_LT || a->op == SCMP_CMP_LE;
	if (lt)
		return a->datum < b->datum ? -1 : 1;
	return a->datum > b->datum ? -1 : 1;
}

static int rule_order(const struct orule *a, const struct orule *b)
{
	for (unsigned i = 0; i < a->n && i < b->n; i++) {
		int c = node_order(&a->c[i], &b->c[i]);

		if (c)
			return c;
	}
	/* A shorter chain ends in an action before the longer one goes on. */
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static int rule_qsort_cmp(const void *x, const void *y)
{
	return rule_order(x, y);
}

static bool cond_eq(const struct ocond *a, const struct ocond *b)
{
	return a->arg == b->arg && a->op == b->op && a->datum == b->datum &&
	       a->mask == b->mask;
}

/* x's conditions are a proper subset of y's (both sorted by argument). */
static bool conds_within(const struct orule *x, const struct orule *y)
{
	unsigned k = 0;

	if (x->n >= y->n)
		return false;
	for (unsigned i = 0; i < y->n && k < x->n; i++)
		if (cond_eq(&x->c[k], &y->c[i]))
			k++;
	return k == x->n;
}

/* x's chain is a proper prefix of y's. */
static bool conds_prefix(const struct orule *x, const struct orule *y)
{
	if (x->n >= y->n)
		return false;
	for (unsigned k = 0; k < x->n; k++)
		if (!cond_eq(&x->c[k], &y->c[k]))
			return false;
	return true;
}

static bool cond_match(const struct ocond *c, uint64_t v, bool is32)
{
	if (is32)
		v &= 0xffffffffu;
	switch (c->op) {
	case SCMP_CMP_NE: return v != c->datum;
	case SCMP_CMP_LT: return v < c->datum;
	case SCMP_CMP_LE: return v <= c->datum;
	case SCMP_CMP_EQ: return v == c->datum;
	case SCMP_CMP_GE: return v >= c->datum;
	case SCMP_CMP_GT: return v > c->datum;
	case SCMP_CMP_MASKED_EQ: return (v & c->mask) == c->datum;
	default: return false;
	}
}

static bool rule_match(const struct orule *r, const uint64_t *args, bool is32)
{
	for (unsigned i = 0; i < r->n; i++)
		if (!cond_match(&r->c[i], args[r->c[i].arg], is32))
			return false;
	return true;
}

/*
 * libseccomp's form of the conditions on one arch: width applied, the
 * MASKED_EQ result masked, always-true masks dropped, sorted by argument.
 */
static void normalise(struct orule *r, const struct ocond *in, unsigned n,
		      bool is32)
{
	uint64_t w = is32 ? 0xffffffffu : UINT64_MAX;

	r->n = 0;
	for (unsigned i = 0; i < n; i++) {
		struct ocond c = in[i];

		c.datum &= w;
		c.mask &= w;
		if (c.op == SCMP_CMP_MASKED_EQ) {
			c.datum &= c.mask;
			if (!c.mask)
				continue;
		} else {
			c.mask = 0;
		}
		r->c[r->n++] = c;
	}
	for (unsigned i = 1; i < r->n; i++)
		for (unsigned k = i; k > 0 && r->c[k].arg < r->c[k - 1].arg; k--) {
			struct ocond t = r->c[k];

			r->c[k] = r->c[k - 1];
			r->c[k - 1] = t;
		}
}

/* ---- building --------------------------------------------------------- */

static struct onr *nr_get(struct oarch *a, uint32_t nr)
{
	struct onr *v;

	for (size_t i = 0; i < a->nnr; i++)
		if (a->nrs[i].nr == nr)
			return &a->nrs[i];
	if (a->nnr == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;

		v = realloc(a->nrs, cap * sizeof(*v));
		if (!v)
			return NULL;
		a->nrs = v;
		a->cap = cap;
	}
	v = &a->nrs[a->nnr++];
	memset(v, 0, sizeof(*v));
	v->nr = nr;
	return v;
}

static int add_rule(struct oracle *o, struct oarch *a, uint32_t nr,
		    uint32_t action, const struct ocond *c, unsigned n,
		    size_t group, const char *name, char *why, size_t wl)
{
	struct onr *s = nr_get(a, nr);
	struct orule r = { 0 };

	if (!s)
		return fail(why, wl, ENOMEM, "out of memory");
	normalise(&r, c, n, a->is32);
	if (s->uncond)
		return 0; /* the first unconditional rule wins */
	if (!r.n) {
		s->uncond = true;
		s->uncond_action = action;
		s->uncond_group = group;
		s->uncond_name = name;
		s->nrules = 0;
		return 0;
	}
	for (size_t i = 0; i < s->nrules; i++) {
		const struct orule *x = &s->rules[i];
		bool same = x->n == r.n;

		for (unsigned k = 0; same && k < r.n; k++)
			same = cond_eq(&x->c[k], &r.c[k]);
		if (!same)
			continue;
		if (x->live && x->action != action)
			return fail(why, wl, EEXIST,
				    "'%s' (group %zu) has the conditions of group %zu with another action (on %s)",
				    name, group, x->group,
				    sc_arch_scmp_name(a->token));
		if (x->live || x->action == action)
			return 0;
	}
	/* What is left of the tree decides whether this rule is kept. */
	r.live = true;
	for (size_t i = 0; i < s->nrules && r.live; i++)
		if (s->rules[i].live && conds_within(&s->rules[i], &r))
			r.live = false;
	for (size_t i = 0; i < s->nrules && r.live; i++) {
		const struct orule *x = &s->rules[i];

		if (x->live && x->action != action && conds_prefix(&r, x))
			return fail(why, wl, EEXIST,
				    "'%s' (group %zu) ends where the longer rule of group %zu goes on with another action (on %s)",
				    name, group, x->group,
				    sc_arch_scmp_name(a->token));
	}
	for (size_t i = 0; i < s->nrules && r.live; i++)
		if (s->rules[i].action == action &&
		    conds_within(&r, &s->rules[i]))
			s->rules[i].live = false;
	if (s->nrules == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;
		struct orule *v = realloc(s->rules, cap * sizeof(*v));

		if (!v)
			return fail(why, wl, ENOMEM, "out of memory");
		s->rules = v;
		s->cap = cap;
	}
	r.action = action;
	r.group = group;
	r.name = name;
	r.seq = o->seq++;
	s->rules[s->nrules++] = r;
	return 0;
}

/* One group's rule(s) for one syscall number: AND, or OR when split. */
static int add_split(struct oracle *o, struct oarch *a, uint32_t nr,
		     uint32_t action, const struct ocond *c, unsigned n,
		     bool split, size_t group, const char *name, char *why,
		     size_t wl)
{
	int r = 0;

	if (!split)
		return add_rule(o, a, nr, action, c, n, group, name, why, wl);
	for (unsigned i = 0; i < n && r == 0; i++)
		r = add_rule(o, a, nr, action, &c[i], 1, group, name, why, wl);
	return r;
}

static int add_name(struct oracle *o, struct oarch *a, const char *name,
		    uint32_t action, const struct ocond *c, unsigned n,
		    bool split, size_t group, char *why, size_t wl)
{
	struct num num = number_of(name, a->token);
	struct ocond mc[6];
	int r;

	switch (num.kind) {
	case NUM_NONE:
		return 0;
	case NUM_DIRECT:
		return add_split(o, a, num.nr, action, c, n, split, group,
				 name, why, wl);
	case NUM_MUX:
		break;
	}
	/*
	 * libseccomp's x86_rule_add: the multiplexer's rule first, argument
	 * 0 replaced by the call number; then the direct syscall's rule.
	 */
	if (!split) {
		unsigned m = 0;

		mc[m++] = (struct ocond){ 0, SCMP_CMP_EQ, num.call, 0 };
		for (unsigned i = 0; i < n; i++)
			if (c[i].arg != 0)
				mc[m++] = c[i];
		r = add_rule(o, a, num.mux, action, mc, m, group, name, why,
			     wl);
		if (r == 0 && num.direct)
			r = add_rule(o, a, num.direct, action, c, n, group,
				     name, why, wl);
		return r;
	}
	for (unsigned i = 0; i < n; i++) {
		unsigned m = 0;

		mc[m++] = (struct ocond){ 0, SCMP_CMP_EQ, num.call, 0 };
		if (c[i].arg != 0)
			mc[m++] = c[i];
		r = add_rule(o, a, num.mux, action, mc, m, group, name, why,
			     wl);
		if (r == 0 && num.direct)
			r = add_rule(o, a, num.direct, action, &c[i], 1, group,
				     name, why, wl);
		if (r < 0)
			return r;
	}
	return 0;
}

static int arches_init(struct oracle *o, const struct sc_profile *p,
		       uint32_t native, char *why, size_t wl)
{
	uint32_t tokens[MAX_ARCHES];
	size_t n = 0;

	tokens[n++] = native;
	for (size_t i = 0; i < p->architectures.n; i++) {
		const char *s = p->architectures.v[i].s;
		uint32_t t = s ? sc_arch_from_scmp_name(s) : 0;
		bool dup = false;

		if (!t)
			return fail(why, wl, EINVAL, "unknown architecture '%s'",
				    s ? s : "");
		/* seccap leaves out ABIs of the other byte order (warning). */
		if ((t & __AUDIT_ARCH_LE) != (native & __AUDIT_ARCH_LE))
			continue;
		for (size_t k = 0; k < n; k++)
			dup |= tokens[k] == t;
		if (!dup && n < MAX_ARCHES)
			tokens[n++] = t;
	}
	for (size_t i = 0; i < n; i++) {
		struct oarch *a = &o->arch[o->narch++];

		memset(a, 0, sizeof(*a));
		a->token = tokens[i];
		a->audit = token_audit(tokens[i]);
		a->is32 = token_is32(tokens[i]);
	}
	return 0;
}

/* Check the conditions as the compiler must; split if an index repeats. */
static int group_conds(const struct sc_group *g, struct ocond *c, bool *split,
		       char *why, size_t wl)
{
	unsigned count[6] = { 0 };

	*split = false;
	for (size_t i = 0; i < g->nargs; i++) {
		const struct sc_arg *x = &g->args[i];
		int op = x->op ? sc_op_parse(x->op) : 0;

		if (x->index > 5)
			return fail(why, wl, EINVAL, "index %" PRIu64, x->index);
		if (op <= 0)
			return fail(why, wl, EINVAL, "operator '%s'",
				    x->op ? x->op : "");
		/* MASKED_EQ: value is the mask, valueTwo the result (§5.3). */
		c[i] = (struct ocond){
			.arg = (unsigned)x->index,
			.op = op,
			.datum = op == SCMP_CMP_MASKED_EQ ? x->value_two
							  : x->value,
			.mask = op == SCMP_CMP_MASKED_EQ ? x->value : 0,
		};
		if (++count[x->index] > 1)
			*split = true;
	}
	return 0;
}

static bool is_notify(uint32_t action)
{
	return (action & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_USER_NOTIF;
}

/* Can some call get SECCOMP_RET_USER_NOTIF? */
static bool notifies(const struct oracle *o)
{
	if (is_notify(o->def))
		return true;
	for (size_t ai = 0; ai < o->narch; ai++)
		for (size_t i = 0; i < o->arch[ai].nnr; i++) {
			const struct onr *s = &o->arch[ai].nrs[i];

			if (s->uncond) {
				if (is_notify(s->uncond_action))
					return true;
				continue;
			}
			for (size_t k = 0; k < s->nrules; k++)
				if (is_notify(s->rules[k].action))
					return true;
		}
	return false;
}

int oracle_new(const struct sc_profile *p, const struct oracle_opts *opts,
	       struct oracle **ret, char *why, size_t wl)
{
	struct oracle *o = calloc(1, sizeof(*o));
	struct oact def;
	struct ocond *conds = NULL;
	int r;

	if (!o)
		return fail(why, wl, ENOMEM, "out of memory");
	r = make_action(p->default_action, p->has_default_errno_ret,
			p->default_errno_ret, p->default_errno_name,
			opts->log_mode, &def, why, wl);
	if (r < 0)
		goto out;
	o->def = def.value;
	o->enosys = !opts->no_enosys && !sc_action_allows(def.kind) &&
		    def.kind != SC_ACT_TRACE;
	o->native = opts->native;
	r = arches_init(o, p, opts->native, why, wl);
	if (r < 0)
		goto out;

	/* runc 1.2: absent "flags" means SPEC_ALLOW, [] means none. */
	if (!p->has_flags)
		o->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	for (size_t i = 0; i < p->flags.n; i++) {
		const char *f = p->flags.v[i].s ? p->flags.v[i].s : "";

		if (!strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC"))
			o->flags |= SECCOMP_FILTER_FLAG_TSYNC;
		else if (!strcmp(f, "SECCOMP_FILTER_FLAG_LOG"))
			o->flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (!strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
			o->flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		else if (!strcmp(f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"))
			o->flags |= SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
		else {
			r = fail(why, wl, EINVAL, "unknown flag '%s'", f);
			goto out;
		}
	}
	if (opts->tsync)
		o->flags |= SECCOMP_FILTER_FLAG_TSYNC;

	for (size_t gi = 0; gi < p->ngroups; gi++) {
		const struct sc_group *g = &p->groups[gi];
		size_t nn = sc_group_name_count(g);
		struct oact act;
		bool split, same, denies;

		r = make_action(g->action, g->has_errno_ret, g->errno_ret,
				g->errno_name, opts->log_mode, &act, why, wl);
		if (r < 0)
			goto out;
		free(conds);
		conds = calloc(g->nargs ? g->nargs : 1, sizeof(*conds));
		if (!conds) {
			r = fail(why, wl, ENOMEM, "out of memory");
			goto out;
		}
		r = group_conds(g, conds, &split, why, wl);
		if (r < 0)
			goto out;
		same = act.value == def.value;
		denies = !(strictness(act.orig) < strictness(def.orig) ||
			   sc_action_allows(act.orig));

		for (size_t k = 0; k < nn; k++) {
			const char *name = sc_group_name_at(g, k);

			if (!name || !*name) {
				r = fail(why, wl, EINVAL, "empty syscall name");
				goto out;
			}
			if (!sc_syscall_known(name)) {
				if (denies) {
					r = fail(why, wl, EINVAL,
						 "unknown syscall '%s' in a denying rule",
						 name);
					goto out;
				}
				continue;
			}
			/* N counts every name, equal to the default or not. */
			for (size_t ai = 0; ai < o->narch; ai++) {
				struct oarch *a = &o->arch[ai];
				struct num num = number_of(name, a->token);
				uint32_t nr = num.kind == NUM_MUX ? num.direct
								  : num.nr;

				if (num.kind == NUM_NONE ||
				    (num.kind == NUM_MUX && !num.counted))
					continue;
				if (!a->has_max || nr > a->max_nr)
					a->max_nr = nr;
				a->has_max = true;
			}
			if (same)
				continue;
			/* Without a repeated index there are at most 6. */
			for (size_t ai = 0; ai < o->narch; ai++) {
				r = add_name(o, &o->arch[ai], name, act.value,
					     conds, (unsigned)g->nargs, split, gi,
					     why, wl);
				if (r < 0)
					goto out;
			}
		}
	}
	for (size_t ai = 0; ai < o->narch; ai++) {
		struct oarch *a = &o->arch[ai];

		for (size_t i = 0; i < a->nnr; i++)
			if (a->nrs[i].nrules > 1)
				qsort(a->nrs[i].rules, a->nrs[i].nrules,
				      sizeof(struct orule), rule_qsort_cmp);
	}
	/* A filter that can notify is loaded with a listener (as runc does). */
	if (notifies(o)) {
		o->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
		if (o->flags & SECCOMP_FILTER_FLAG_TSYNC)
			o->flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	}
	r = 0;
out:
	free(conds);
	if (r < 0) {
		oracle_free(o);
		return r;
	}
	*ret = o;
	return 0;
}

void oracle_free(struct oracle *o)
{
	if (!o)
		return;
	for (size_t ai = 0; ai < o->narch; ai++) {
		for (size_t i = 0; i < o->arch[ai].nnr; i++)
			free(o->arch[ai].nrs[i].rules);
		free(o->arch[ai].nrs);
	}
	free(o);
}

unsigned int oracle_flags(const struct oracle *o)
{
	return o->flags;
}

bool oracle_simple(const struct oracle *o)
{
	for (size_t ai = 0; ai < o->narch; ai++) {
		const struct oarch *a = &o->arch[ai];

		for (size_t i = 0; i < a->nnr; i++) {
			const struct onr *s = &a->nrs[i];

			bool one_action = true, ordering = false;

			if (s->uncond || s->nrules <= 1)
				continue;
			for (size_t k = 0; k < s->nrules; k++) {
				one_action &= s->rules[k].action ==
					      s->rules[0].action;
				for (unsigned c = 0; c < s->rules[k].n; c++)
					ordering |= s->rules[k].c[c].op !=
							    SCMP_CMP_EQ &&
						    s->rules[k].c[c].op !=
							    SCMP_CMP_MASKED_EQ;
			}
			if (!one_action && !ordering)
				return false;
		}
	}
	return true;
}

/* ---- evaluation ------------------------------------------------------- */

static const struct onr *nr_find(const struct oarch *a, uint32_t nr)
{
	for (size_t i = 0; i < a->nnr; i++)
		if (a->nrs[i].nr == nr)
			return &a->nrs[i];
	return NULL;
}

static void say(char *why, size_t wl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *why, size_t wl, const char *fmt, ...)
{
	va_list ap;

	if (!why || !wl)
		return;
	va_start(ap, fmt);
	vsnprintf(why, wl, fmt, ap);
	va_end(ap);
}

/* The section of the filter seccomp_data (arch, nr) goes to, or NULL. */
/*
 * runc's ENOSYS stub runs before libseccomp's filter and tells x32 from
 * x86_64 by bit 30 alone: an x86_64 nr from 0x80000000 up without it is
 * compared with x86_64's N, so gets ENOSYS (when the stub is there).
 */
static bool runc_stub_takes(const struct oracle *o, uint32_t nr)
{
	const struct oarch *a = arch_cfind(o, SCMP_ARCH_X86_64);

	return !(nr & X32_BIT) && o->enosys && a && a->has_max;
}

static const struct oarch *section_of(const struct oracle *o, uint32_t audit,
				      uint32_t nr)
{
	const struct oarch *x32 = arch_cfind(o, SCMP_ARCH_X32);

	/*
	 * x86_64 and x32 share seccomp_data.arch.  libseccomp's x86_64
	 * section passes every nr from 0x40000000 up but -1 on (to x32's,
	 * else bad-arch), its x32 section takes every nr from 0x40000000 up
	 * (-1 too, when there is no x86_64 section): whether bit 30 is set
	 * does not matter beyond that (0x80000000 is x32's), except to
	 * runc's stub.
	 */
	if (audit == AUDIT_ARCH_X86_64 && nr >= X32_BIT && nr != UINT32_MAX &&
	    !runc_stub_takes(o, nr))
		return x32;
	for (size_t i = 0; i < o->narch; i++)
		if (o->arch[i].audit == audit &&
		    o->arch[i].token != SCMP_ARCH_X32)
			return &o->arch[i];
	/* An x32-only filter: x86_64 numbers are bad-arch, -1 is x32's. */
	if (audit == AUDIT_ARCH_X86_64 && nr == UINT32_MAX)
		return x32;
	return NULL;
}

uint32_t oracle_eval(const struct oracle *o, const struct seccomp_data *d,
		     char *why, size_t wl)
{
	const struct oarch *a = section_of(o, d->arch, (uint32_t)d->nr);
	uint32_t nr = (uint32_t)d->nr;
	const struct onr *s;
	uint64_t args[6];
	bool enosys_check;

	for (unsigned i = 0; i < 6; i++)
		args[i] = d->args[i];
	if (!a) {
		say(why, wl, "no section for arch 0x%08" PRIx32 " nr 0x%" PRIx32
			     ": bad arch", d->arch, nr);
		return SECCOMP_RET_KILL_THREAD;
	}
	s = nr_find(a, nr);
	if (s && s->uncond) {
		say(why, wl, "%s: unconditional rule for '%s' (group %zu)",
		    sc_arch_scmp_name(a->token), s->uncond_name,
		    s->uncond_group);
		return s->uncond_action;
	}
	for (size_t i = 0; s && i < s->nrules; i++) {
		if (rule_match(&s->rules[i], args, a->is32)) {
			say(why, wl, "%s: rule %zu of %zu for '%s' (group %zu)",
			    sc_arch_scmp_name(a->token), i + 1, s->nrules,
			    s->rules[i].name, s->rules[i].group);
			return s->rules[i].action;
		}
	}
	enosys_check = o->enosys && a->has_max;
	/* x86_64 nr -1: runc sends it to x32's check when x32 is there. */
	if (a->token == SCMP_ARCH_X86_64 && nr == UINT32_MAX &&
	    !arch_cfind(o, SCMP_ARCH_X32))
		enosys_check = false;
	if (enosys_check &&
	    (nr > a->max_nr ||
	     (nr == 0 && (a->token == SCMP_ARCH_S390 ||
			  a->token == SCMP_ARCH_S390X)))) {
		say(why, wl, "%s: no rule, nr %" PRIu32 " above the highest %" PRIu32
			     ": ENOSYS", sc_arch_scmp_name(a->token), nr,
		    a->max_nr);
		return SECCOMP_RET_ERRNO | ENOSYS;
	}
	say(why, wl, "%s: no rule matches%s: default",
	    sc_arch_scmp_name(a->token), s ? " (conditions fail)" : "");
	return o->def;
}

/* ---- what to try ------------------------------------------------------ */

size_t oracle_numbers(const struct oracle *o, uint32_t audit, bool x32,
		      uint32_t *out, size_t max)
{
	const struct oarch *a = NULL;
	size_t n = 0;

	for (size_t i = 0; i < o->narch; i++)
		if (o->arch[i].audit == audit &&
		    (o->arch[i].token == SCMP_ARCH_X32) == x32)
			a = &o->arch[i];
	if (!a)
		return 0;
	for (size_t i = 0; i < a->nnr && n < max; i++)
		out[n++] = a->nrs[i].nr;
	if (a->has_max && n + 2 <= max) {
		out[n++] = a->max_nr;
		out[n++] = a->max_nr + 1;
	}
	return n;
}

bool oracle_has_conditions(const struct oracle *o, uint32_t audit,
			   uint32_t nr)
{
	const struct oarch *a = section_of(o, audit, nr);
	const struct onr *s = a ? nr_find(a, nr) : NULL;

	return s && !s->uncond && s->nrules;
}

static uint64_t rnd(uint64_t *s)
{
	/* xorshift64*: reproducible from the seed the test prints. */
	uint64_t x = *s ? *s : 0x9e3779b97f4a7c15u;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1du;
}

struct vals {
	size_t n;
	uint64_t v[96];
};

static void val_add(struct vals *vs, uint64_t v)
{
	for (size_t i = 0; i < vs->n; i++)
		if (vs->v[i] == v)
			return;
	if (vs->n < ARRAY_SIZE(vs->v))
		vs->v[vs->n++] = v;
}

/* A value that satisfies c (want) or violates it (!want); false if none. */
static bool pick(const struct ocond *c, bool want, uint64_t *v)
{
	uint64_t d = c->datum;

	switch (c->op) {
	case SCMP_CMP_EQ: *v = want ? d : d + 1; return true;
	case SCMP_CMP_NE: *v = want ? d + 1 : d; return true;
	case SCMP_CMP_LT:
		if (want && d == 0)
			return false;
		*v = want ? d - 1 : d;
		return true;
	case SCMP_CMP_LE:
		if (!want && d == UINT64_MAX)
			return false;
		*v = want ? d : d + 1;
		return true;
	case SCMP_CMP_GT:
		if (want && d == UINT64_MAX)
			return false;
		*v = want ? d + 1 : d;
		return true;
	case SCMP_CMP_GE:
		if (!want && d == 0)
			return false;
		*v = want ? d : d - 1;
		return true;
	case SCMP_CMP_MASKED_EQ:
		*v = want ? d : d ^ (c->mask & -c->mask);
		return true;
	default:
		return false;
	}
}

size_t oracle_arg_vectors(const struct oracle *o, uint32_t audit, uint32_t nr,
			  uint64_t (*out)[6], size_t max, uint64_t *seed)
{
	const struct oarch *a = section_of(o, audit, nr);
	const struct onr *s = a ? nr_find(a, nr) : NULL;
	struct vals vals[6];
	size_t n = 0;

	if (max == 0)
		return 0;
	memset(out[n++], 0, sizeof(out[0]));
	if (n < max) {
		for (unsigned i = 0; i < 6; i++)
			out[n][i] = rnd(seed);
		n++;
	}
	if (!s || s->uncond || !s->nrules)
		return n;

	memset(vals, 0, sizeof(vals));
	for (unsigned i = 0; i < 6; i++) {
		val_add(&vals[i], 0);
		val_add(&vals[i], UINT64_MAX);
		val_add(&vals[i], 0xffffffffu);
	}
	for (size_t r = 0; r < s->nrules; r++) {
		const struct orule *ru = &s->rules[r];

		for (unsigned k = 0; k < ru->n; k++) {
			const struct ocond *c = &ru->c[k];
			struct vals *vs = &vals[c->arg];
			uint64_t d = c->datum;

			val_add(vs, d);
			val_add(vs, d + 1);
			val_add(vs, d - 1);
			val_add(vs, d | (1ull << 32));
			val_add(vs, d | 0xffffffff00000000ull);
			if (c->op == SCMP_CMP_MASKED_EQ) {
				val_add(vs, c->mask);
				val_add(vs, d | ~c->mask);
				val_add(vs, d ^ (c->mask & -c->mask));
				val_add(vs, (d | ~c->mask) & 0xffffffffu);
			}
		}
	}

	/* Each rule satisfied, and each of its conditions violated alone. */
	for (size_t r = 0; r < s->nrules && n < max; r++) {
		const struct orule *ru = &s->rules[r];
		uint64_t base[6] = { 0 };
		bool ok = true;

		for (unsigned k = 0; k < ru->n; k++)
			ok &= pick(&ru->c[k], true, &base[ru->c[k].arg]);
		if (ok)
			memcpy(out[n++], base, sizeof(base));
		for (unsigned k = 0; k < ru->n && n < max; k++) {
			uint64_t v[6];

			memcpy(v, base, sizeof(v));
			if (pick(&ru->c[k], false, &v[ru->c[k].arg]))
				memcpy(out[n++], v, sizeof(v));
		}
	}
	/* Each interesting value alone. */
	for (unsigned i = 0; i < 6; i++) {
		for (size_t k = 0; k < vals[i].n && n < max; k++) {
			memset(out[n], 0, sizeof(out[n]));
			out[n++][i] = vals[i].v[k];
		}
	}
	/* Random mixes of them, with the odd random value. */
	while (n < max) {
		for (unsigned i = 0; i < 6; i++) {
			uint64_t x = rnd(seed);

			out[n][i] = (x & 7) == 0 ? rnd(seed)
						 : vals[i].v[(x >> 3) % vals[i].n];
		}
		n++;
	}
	return n;
}

/* ---- the checker ------------------------------------------------------ */

#define MAX_VECTORS 64

static void print_diff(const struct oracle *o, struct oracle_report *rep,
		       const struct seccomp_data *d, uint32_t want,
		       uint32_t got)
{
	char w[32], g[32], why[256];
	const char *abi = "?";
	uint32_t token = d->arch;
	char *name;

	if (d->arch == AUDIT_ARCH_X86_64 && (uint32_t)d->nr >= X32_BIT &&
	    (uint32_t)d->nr != UINT32_MAX)
		token = SCMP_ARCH_X32;
	abi = sc_arch_scmp_name(token) ? sc_arch_scmp_name(token) : "?";
	name = seccomp_syscall_resolve_num_arch(token, d->nr);
	oracle_format_action(want, w, sizeof(w));
	oracle_format_action(got, g, sizeof(g));
	oracle_eval(o, d, why, sizeof(why));
	fprintf(rep->out,
		"%s: %s (arch 0x%08" PRIx32 ") nr %d (0x%" PRIx32 ", %s) args "
		"0x%llx 0x%llx 0x%llx 0x%llx 0x%llx 0x%llx: expected %s, the "
		"filter returns %s (0x%08" PRIx32 "); oracle: %s\n",
		rep->label, abi, d->arch, d->nr, (uint32_t)d->nr,
		name ? name : "?", (unsigned long long)d->args[0],
		(unsigned long long)d->args[1], (unsigned long long)d->args[2],
		(unsigned long long)d->args[3], (unsigned long long)d->args[4],
		(unsigned long long)d->args[5], w, g, got, why);
	free(name);
}

/* What a check runs on: the program in this machine's order, and how the
 * machine it is for lays out struct seccomp_data. */
struct prog {
	const struct sock_filter *f;
	size_t len;
	bool big_endian;
};

static void check_one(const struct oracle *o, const struct prog *p,
		      struct oracle_report *rep, uint32_t audit, uint32_t nr)
{
	static uint64_t vec[MAX_VECTORS][6];
	size_t nv = oracle_arg_vectors(o, audit, nr, vec,
				       rep->quick ? 16 : MAX_VECTORS,
				       &rep->seed);

	for (size_t i = 0; i < nv; i++) {
		struct seccomp_data d;
		uint32_t want, got = 0;

		memset(&d, 0, sizeof(d));
		d.arch = audit;
		d.nr = (int)nr;
		d.instruction_pointer = 0x7f0000001000ull;
		memcpy(d.args, vec[i], sizeof(d.args));
		want = oracle_eval(o, &d, NULL, 0);
		rep->cases++;
		/* oracle_check_program has checked it. */
		if (bpf_interp_exec(p->f, p->len, &d, p->big_endian, &got,
				    NULL) < 0) {
			rep->bad_program = true;
			rep->diffs++;
			if (rep->diffs <= rep->max_print)
				fprintf(rep->out,
					"%s: the interpreter refuses the program (arch 0x%08" PRIx32 " nr %d)\n",
					rep->label, audit, d.nr);
			return;
		}
		if (want == got)
			continue;
		rep->diffs++;
		if (rep->diffs <= rep->max_print)
			print_diff(o, rep, &d, want, got);
	}
}

/*
 * Every ABI libseccomp 2.5.4 knows, with where its numbers start and the
 * family of ABIs one machine runs (a 64-bit kernel and its compat ABIs).
 */
static const struct abi {
	uint32_t token;
	uint32_t base;
	unsigned family;
} abis[] = {
	{ SCMP_ARCH_X86_64, 0, 1 },     { SCMP_ARCH_X32, X32_BIT, 1 },
	{ SCMP_ARCH_X86, 0, 1 },        { SCMP_ARCH_AARCH64, 0, 2 },
	{ SCMP_ARCH_ARM, 0, 2 },        { SCMP_ARCH_RISCV64, 0, 3 },
	{ SCMP_ARCH_S390X, 0, 4 },      { SCMP_ARCH_S390, 0, 4 },
	{ SCMP_ARCH_PPC64LE, 0, 5 },    { SCMP_ARCH_PPC64, 0, 6 },
	{ SCMP_ARCH_PPC, 0, 6 },        { SCMP_ARCH_MIPS64, 5000, 7 },
	{ SCMP_ARCH_MIPS64N32, 6000, 7 }, { SCMP_ARCH_MIPS, 4000, 7 },
	{ SCMP_ARCH_MIPSEL64, 5000, 8 }, { SCMP_ARCH_MIPSEL64N32, 6000, 8 },
	{ SCMP_ARCH_MIPSEL, 4000, 8 },  { SCMP_ARCH_PARISC64, 0, 9 },
	{ SCMP_ARCH_PARISC, 0, 9 },
};

static unsigned family_of(uint32_t token)
{
	for (size_t i = 0; i < ARRAY_SIZE(abis); i++)
		if (abis[i].token == token)
			return abis[i].family;
	return 0;
}

static const uint32_t odd_numbers[] = {
	0x3fffffffu, 0x7fffffffu, 0x80000000u, 0xbfffffffu, 0xc0000000u,
	0xfffffffeu,
};

/* Every number of one ABI worth trying: its span, -1, the oracle's. */
static void check_abi(const struct oracle *o, const struct prog *p,
		      struct oracle_report *rep, const struct abi *b,
		      uint32_t span)
{
	static uint32_t extra[4096];
	bool x32 = b->token == SCMP_ARCH_X32;
	uint32_t audit = token_audit(b->token);
	size_t ne;

	if (rep->quick && span == 0)
		for (unsigned i = 0; i < 4; i++)
			check_one(o, p, rep, audit,
				  b->base + (uint32_t)(rnd(&rep->seed) % 1024));
	for (uint32_t nr = 0; nr < span; nr++)
		check_one(o, p, rep, audit, b->base + nr);
	/* nr -1 is x86_64's for x32 too. */
	if (!x32)
		check_one(o, p, rep, audit, UINT32_MAX);
	/* Numbers no ABI has, each side of bits 30 and 31. */
	for (size_t i = 0; !x32 && i < ARRAY_SIZE(odd_numbers); i++)
		check_one(o, p, rep, audit, odd_numbers[i]);
	ne = oracle_numbers(o, audit, x32, extra, ARRAY_SIZE(extra));
	for (size_t i = 0; i < ne; i++) {
		if (extra[i] >= b->base && extra[i] - b->base < span)
			continue;
		/* x86_64's numbers stop below x32's, x32's at bit 31. */
		if (extra[i] == UINT32_MAX ||
		    (b->token == SCMP_ARCH_X86_64 && extra[i] >= X32_BIT) ||
		    (x32 && extra[i] >= 0x80000000u))
			continue;
		check_one(o, p, rep, audit, extra[i]);
	}
}

/*
 * The native arch's family (x86_64: x32 and i386 too) and every ABI of
 * the filter over their whole span, the others on a few numbers.  The
 * program comes in the byte order of the machine it is for and runs on
 * that machine's layout of seccomp_data.
 */
unsigned long oracle_check_program(const struct oracle *o,
				   const struct sock_filter *insns, size_t len,
				   struct oracle_report *rep)
{
	bool big = !(o->native & __AUDIT_ARCH_LE);
	struct prog p = { insns, len, big };
	struct sock_filter *copy = NULL;
	unsigned fam = family_of(o->native);
	size_t bad;

	if (big != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) && len &&
	    len <= BPF_MAXINSNS) {
		copy = malloc(len * sizeof(*copy));
		if (!copy) {
			rep->bad_program = true;
			rep->diffs++;
			fprintf(rep->out, "%s: out of memory\n", rep->label);
			return rep->diffs;
		}
		memcpy(copy, insns, len * sizeof(*copy));
		bpf_interp_swap(copy, len);
		p.f = copy;
	}
	if (bpf_interp_check(p.f, len, &bad) < 0) {
		rep->bad_program = true;
		rep->diffs++;
		fprintf(rep->out,
			"%s: the kernel would refuse this program (instruction %zu of %zu)\n",
			rep->label, bad, len);
		free(copy);
		return rep->diffs;
	}
	for (size_t i = 0; i < ARRAY_SIZE(abis); i++) {
		const struct abi *b = &abis[i];
		bool full = (fam && b->family == fam) ||
			    arch_cfind(o, b->token);

		if (full) {
			check_abi(o, &p, rep, b, rep->quick ? 0 : 1024);
			continue;
		}
		/* An ABI the filter does not name: a few numbers. */
		for (uint32_t nr = 0; nr < 4; nr++)
			check_one(o, &p, rep, token_audit(b->token),
				  b->base + nr);
	}
	for (uint32_t nr = 0; nr < 4; nr++) {
		check_one(o, &p, rep, 0, nr);
		check_one(o, &p, rep, 0xffffffffu, nr);
	}
	free(copy);
	return rep->diffs;
}
