/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler's third pass: the arches' exported programs made one, as
 * compile.c's overview draws it: the dispatcher, each arch's section
 * entered past its own arch check, the tail on the default path (x32
 * routing, seccap's own checks, the helper's program, the ENOSYS check),
 * and the byte order of the arch the program is for.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/audit.h>

#include "compile_internal.h"
#include "names.h"

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
	if (k == pp->badarch_value || k == compile_lib_value(pp, pp->def.value))
		return true;
	for (size_t i = 0; i < pp->ngroups; i++)
		if (k == compile_lib_value(pp, pp->groups[i].action.value))
			return true;
	return false;
}

/*
 * libseccomp writes the program in the byte order of its arch, which for
 * an arch of the other byte order (show --arch s390x on x86_64) is not
 * ours: turn it into ours to assemble it.  libseccomp 2.5.4 gets that order
 * wrong itself: the returns it copies next to a jump that cannot reach
 * the shared one keep this machine's order in k.  Each return's value is
 * one we gave it, so the order that gives a known value is the right one;
 * when neither does, or both give different ones, refuse the program.
 */
int compile_to_host_order(const struct prep *pp, struct sock_filter *f,
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
		return sc_err(err, EIO, compile_file(pp), 0, 0,
			      "libseccomp's program for %s returns 0x%08" PRIx32
			      " at instruction %zu, in no byte order a value it was given",
			      sc_arch_scmp_name(token) ? sc_arch_scmp_name(token)
						      : "?",
			      k, i);
	}
	return 0;
}

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
 * libseccomp's x32 guard on x86_64, at f[past] (past its arch check):
 *     ld [nr]; jge 0x40000000, +0, +1; jeq 0xffffffff, +0, badarch
 * Where the rules after it start, or 0 when f[past] does not start it.
 */
static size_t past_x32_guard(const struct sock_filter *f, size_t n,
			     size_t past, uint32_t badarch)
{
	size_t body, bad;

	if (past + 5 > n ||
	    !is_abs_load(&f[past], offsetof(struct seccomp_data, nr)) ||
	    !is_jump(&f[past + 1], BPF_JGE, X32_BIT, 0, -1) ||
	    !is_jump(&f[past + 2], BPF_JEQ, 0xffffffffu, f[past + 2].jt, -1))
		return 0;
	body = past + 2 + (size_t)f[past + 1].jf;
	bad = past + 3 + (size_t)f[past + 2].jf;
	if (body != past + 3 + (size_t)f[past + 2].jt || body >= n ||
	    bad >= n || f[bad].code != (BPF_RET | BPF_K) || f[bad].k != badarch)
		return 0;
	return body;
}

/*
 * The helper's program (compile_build_arch) opens with its context's own
 * checks: "ld [arch]; jeq NATIVE" (with a copy of the bad-arch return
 * after it when the one at the end is out of reach), and on x86_64 the x32
 * guard.  They are this machine's, not the section's arch's, and both hold
 * wherever the helper is entered: the section's arch is checked by then,
 * and a number the guard stops (bit 30) is no number the helper compares,
 * so without the guard it matches no rule and reaches the helper's default
 * just as the guard's bad-arch return (the helper's bad-arch is its
 * default) would.  Dropped, the section is the same whichever machine
 * compiled it: `show` on arm64 prints what `show --arch arm64` prints on
 * x86_64.  Its first load of nr goes too.
 */
int compile_helper_body(const struct prep *pp, struct sock_filter *f,
			size_t *n, struct sc_error *err)
{
	uint32_t native = seccomp_arch_native();
	uint32_t def = compile_lib_value(pp, pp->def.value);
	size_t past, body;

	if (*n < 3 ||
	    !is_abs_load(&f[0], offsetof(struct seccomp_data, arch)) ||
	    !is_jump(&f[1], BPF_JEQ, compile_audit_arch(native), f[1].jt, -1))
		return sc_err(err, EIO, NULL, 0, 0,
			      "libseccomp's helper program does not start with its arch check");
	past = 2 + (size_t)f[1].jt;
	for (size_t k = 2; k < past && k < *n; k++)
		if (f[k].code != (BPF_RET | BPF_K) || f[k].k != def)
			return sc_err(err, EIO, NULL, 0, 0,
				      "libseccomp's helper program has an unexpected instruction after its arch check");
	body = native == SCMP_ARCH_X86_64 ? past_x32_guard(f, *n, past, def) : 0;
	if (!body)
		body = past;
	if (body >= *n)
		return sc_err(err, EIO, NULL, 0, 0,
			      "libseccomp's helper program has no rules after its arch check");
	/*
	 * Its rules open with "ld [nr]"; where the tail enters them, A holds
	 * nr already (emit_section: after the range guard).
	 */
	if (body + 1 < *n &&
	    is_abs_load(&f[body], offsetof(struct seccomp_data, nr)))
		body++;
	memmove(f, f + body, (*n - body) * sizeof(*f));
	*n -= body;
	return 0;
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
	size_t past, body;

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
	body = s->a->token == SCMP_ARCH_X86_64 ?
		       past_x32_guard(f, s->nmain, past, pp->badarch_value) :
		       0;
	if (!body)
		return past < s->nmain ? past : 0;
	/*
	 * With no x86_64 rule for libseccomp (none in the profile, or all
	 * checked by seccap: plan_chains) its body is only the default
	 * return; entered there, -1 and x32 numbers still reach the tail's
	 * routing rather than its ENOSYS check.
	 */
	if (!is_abs_load(&f[body], offsetof(struct seccomp_data, nr)) &&
	    !(f[body].code == (BPF_RET | BPF_K) &&
	      compile_real_value(pp, f[body].k) == pp->def.value))
		return past;
	s->route_x32 = true;
	return body;
}

/*
 * Where x86_64's tail sends an x32 number into x's section: past the
 * entry's "ld [nr]; jge 0x40000000" (bit 30 is set, the tail has just
 * tested it) and the load after it (A is nr), where libseccomp's x32
 * program has them; at its entry otherwise.
 */
static size_t x32_routed_entry(const struct section *x)
{
	const struct sock_filter *f = x->main;
	size_t e = x->entry, t;

	if (x->a->token != SCMP_ARCH_X32 || e + 2 > x->nmain ||
	    !is_abs_load(&f[e], offsetof(struct seccomp_data, nr)) ||
	    !is_jump(&f[e + 1], BPF_JGE, X32_BIT, f[e + 1].jt, -1))
		return e;
	t = e + 2 + (size_t)f[e + 1].jt;
	if (t >= x->nmain)
		return e;
	if (is_abs_load(&f[t], offsetof(struct seccomp_data, nr)) &&
	    t + 1 < x->nmain)
		t++;
	return t;
}

/*
 * The tail, on the default path of a section, in this order:
 *
 *   head    "ld [nr]; jgt H": above H, the highest number any rule of the
 *           tail names (runc's N as a rule, but for multiplexed calls
 *           outside the profile), are only numbers no rule can match: x32
 *           routing and ret ERRNO(ENOSYS) (<default> without the ENOSYS
 *           check), so nr -1, x32 and ENOSYS numbers leave at once
 *   helper  rules libseccomp has no number for, behind a range guard so
 *           that the numbers it cannot match skip it (x32: its numbers
 *           without bit 30 in M[0] first)
 *   chains  the syscalls seccap checks itself (chain.c); the guard enters
 *           them past their load of nr
 *   end     ret <default>; ENOSYS first for s390's nr 0 (as runc) and
 *           for numbers above runc's N where H is higher
 *
 * The number sets of the parts are disjoint, so the order changes no
 * verdict, only the paths.  The head is there with the ENOSYS check or
 * without it alike, so that the check costs no allowed syscall anything.
 */
static bool enosys_here(const struct prep *pp, const struct section *s)
{
	return pp->enosys && s->a->has_max;
}

/*
 * Without the ENOSYS check and the x32 routing, a head is there only where
 * the tail has rules (it keeps their paths as with the check).
 */
static bool has_head(const struct prep *pp, const struct section *s)
{
	return s->route_x32 ||
	       (s->a->has_max && (pp->enosys || s->helper || s->chains.ne));
}

/* Above the head's threshold: x32 routing (without its load) and a return. */
static size_t head_block_len(const struct section *s)
{
	return s->route_x32 ? (s->next_same != SIZE_MAX ? 3 : 4) + 1 : 1;
}

static size_t head_len(const struct prep *pp, const struct section *s)
{
	return has_head(pp, s) ? 2 + head_block_len(s) : 0;
}

/* ENOSYS for numbers in (N, H]: none of the tail's rules took them. */
static bool late_enosys(const struct prep *pp, const struct section *s)
{
	return enosys_here(pp, s) && s->head_max > s->a->max_nr;
}

static bool s390_zero(const struct prep *pp, const struct section *s)
{
	return enosys_here(pp, s) && compile_arch_is_s390(s->a->token);
}

static bool helper_lo_needed(const struct section *s)
{
	return s->helper_lo > 0;
}

static bool helper_hi_needed(const struct prep *pp, const struct section *s)
{
	if (s->helper_hi == UINT32_MAX)
		return false;
	/* Past the head, nr <= H (x32: compared without bit 30). */
	return !(has_head(pp, s) && s->a->token != SCMP_ARCH_X32 &&
		 s->helper_hi >= s->head_max);
}

/* Where the guard sends a number, A is nr (x32: without bit 30). */
static bool chains_skip_load(const struct section *s)
{
	return s->chains.ne && s->a->token != SCMP_ARCH_X32;
}

/* The range guard; a ja on when a jump cannot reach past the helper. */
static size_t guard_len(const struct prep *pp, const struct section *s, bool *far)
{
	size_t g = (size_t)helper_lo_needed(s) + helper_hi_needed(pp, s);

	/* From the first, past the helper (and the chains' load). */
	*far = g && g - 1 + s->nhelper + chains_skip_load(s) > 255;
	return g + *far;
}

static size_t helper_part_len(const struct prep *pp, const struct section *s)
{
	bool far;
	size_t pre;

	if (!s->helper)
		return 0;
	pre = !has_head(pp, s) + (s->a->token == SCMP_ARCH_X32 ? 2 : 0);
	return pre + guard_len(pp, s, &far) + s->nhelper;
}

/* The chains keep their load of nr unless A holds nr where they start. */
static bool chains_load(const struct prep *pp, const struct section *s)
{
	return s->helper || !has_head(pp, s);
}

static size_t chains_len_here(const struct prep *pp, const struct section *s)
{
	size_t n = sc_chains_len(&s->chains, compile_arch_is_32bit(s->a->token));

	return n && !chains_load(pp, s) ? n - 1 : n;
}

static size_t end_len(const struct prep *pp, const struct section *s)
{
	if (!late_enosys(pp, s) && !s390_zero(pp, s))
		return 1;
	return 3 + late_enosys(pp, s) + s390_zero(pp, s);
}

static size_t tail_len(const struct prep *pp, const struct section *s)
{
	if (!s->helper && !has_head(pp, s) && !s->chains.ne)
		return 0;
	return head_len(pp, s) + helper_part_len(pp, s) +
	       chains_len_here(pp, s) + end_len(pp, s);
}

/*
 * The numbers the helper is given on s's arch (x32: without bit 30): a
 * range that holds all of them holds every number it can match.  And the
 * head's threshold H: runc's N, or where there is none, below the x32
 * bit; raised to every number the helper and the chains compare.
 */
static void tail_ranges(const struct prep *pp, struct section *s)
{
	uint32_t lo = UINT32_MAX, hi = 0;
	uint32_t top = s->a->has_max ? s->a->max_nr : X32_BIT - 1;

	for (size_t id = 0; id < pp->nnames; id++) {
		const struct name_route *r =
			&pp->routes[id * pp->narches + s->a->index];
		uint32_t nr;

		if (r->route != ROUTE_HELPER || r->nr < 0)
			continue;
		nr = (uint32_t)r->nr;
		top = nr > top ? nr : top;
		if (s->a->token == SCMP_ARCH_X32)
			nr &= ~X32_BIT;
		lo = nr < lo ? nr : lo;
		hi = nr > hi ? nr : hi;
	}
	for (size_t i = 0; i < s->chains.ne; i++)
		top = s->chains.e[i].nr > top ? s->chains.e[i].nr : top;
	if (lo > hi) { /* none found: no guard */
		lo = 0;
		hi = UINT32_MAX;
	}
	s->helper_lo = lo;
	s->helper_hi = hi;
	s->head_max = top;
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

enum { A_UNREACHED, A_NR, A_OTHER };

/*
 * Whether A holds nr before each instruction of f run from "from" (with A
 * unknown there): st[pc] is A_NR when it does on every path to pc.  Jumps
 * only go forward, so one pass in order sees every path to pc first.
 */
static void a_holds_nr(const struct sock_filter *f, size_t n, size_t from,
		       uint8_t *st)
{
	memset(st, A_UNREACHED, n);
	if (from < n)
		st[from] = A_OTHER;
	for (size_t pc = from; pc < n; pc++) {
		uint8_t now = st[pc], next;
		size_t to[2];
		size_t nto = 0;

		if (now == A_UNREACHED)
			continue;
		switch (BPF_CLASS(f[pc].code)) {
		case BPF_RET:
			continue;
		case BPF_JMP:
			next = now;
			if (BPF_OP(f[pc].code) == BPF_JA) {
				to[nto++] = pc + 1 + f[pc].k;
			} else {
				to[nto++] = pc + 1 + f[pc].jt;
				to[nto++] = pc + 1 + f[pc].jf;
			}
			break;
		case BPF_LD:
			next = is_abs_load(&f[pc], offsetof(struct seccomp_data, nr)) ?
				       A_NR : A_OTHER;
			to[nto++] = pc + 1;
			break;
		case BPF_ST:
		case BPF_STX:
		case BPF_LDX:
			next = now;
			to[nto++] = pc + 1;
			break;
		case BPF_MISC:
			next = BPF_MISCOP(f[pc].code) == BPF_TAX ? now : A_OTHER;
			to[nto++] = pc + 1;
			break;
		default: /* BPF_ALU */
			next = A_OTHER;
			to[nto++] = pc + 1;
			break;
		}
		for (size_t t = 0; t < nto; t++) {
			if (to[t] >= n)
				continue;
			if (st[to[t]] == A_UNREACHED)
				st[to[t]] = next;
			else if (st[to[t]] != next)
				st[to[t]] = A_OTHER;
		}
	}
}

/*
 * The tail opens with "ld [nr]": where main goes there with nr in A
 * already (as its tree misses do), its jump goes past that load.
 */
static int skip_tail_load(const struct prep *pp, const struct section *s,
			  struct sock_filter *out, struct sc_error *err)
{
	size_t tail = s->pos + s->nmain;
	uint8_t *st;

	if (!is_abs_load(&out[tail], offsetof(struct seccomp_data, nr)))
		return 0;
	st = malloc(s->nmain ? s->nmain : 1);
	if (!st)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	a_holds_nr(s->main, s->nmain, s->entry, st);
	for (size_t k = s->entry; k < s->nmain; k++) {
		const struct sock_filter *in = &s->main[k];

		if (st[k] == A_NR && in->code == (BPF_RET | BPF_K) &&
		    in->k != pp->badarch_value &&
		    compile_real_value(pp, in->k) == pp->def.value)
			out[s->pos + k].k++;
	}
	free(st);
	return 0;
}

static int emit_tail(const struct prep *pp, const struct section *secs,
		     size_t i, struct sock_filter *out, struct sc_error *err)
{
	const struct section *s = &secs[i];
	size_t tail = s->pos + s->nmain;
	size_t pc = tail;

	if (has_head(pp, s)) {
		/* Above H: ENOSYS where runc's check is, else the default. */
		uint32_t above = enosys_here(pp, s) ? ENOSYS_RET : pp->def.value;

		if (s->route_x32 && s->head_max >= X32_BIT)
			return sc_err(err, EIO, NULL, 0, 0,
				      "internal error: an x86_64 number above the x32 bit");
		out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, nr));
		out[pc++] = jump(BPF_JMP | BPF_JGT | BPF_K, s->head_max, 0,
				 (uint8_t)head_block_len(s));
		if (s->route_x32 && s->next_same != SIZE_MAX) {
			/*
			 * x32 numbers on to x32's section; nr -1 (a tracer
			 * skipping the call) stays: runc compares it with
			 * x32's highest, i.e. it gets ENOSYS too.
			 */
			out[pc++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 2, 0);
			out[pc++] = jump(BPF_JMP | BPF_JSET | BPF_K, X32_BIT, 0, 1);
			out[pc] = ja_to(pc, secs[s->next_same].pos +
						    x32_routed_entry(&secs[s->next_same]));
			pc++;
		} else if (s->route_x32) {
			/*
			 * No x32 in the profile: its numbers die as
			 * libseccomp's bad-arch; nr -1 gets the default as in
			 * libseccomp's and runc's x86_64-only filter.
			 * libseccomp's check is nr >= 0x40000000, so
			 * 0x80000000 dies too; runc's ENOSYS stub, before it,
			 * tests bit 30 and gives that nr ENOSYS: with the
			 * ENOSYS check, bit 30 alone leaves it to ours.
			 */
			out[pc++] = jump(BPF_JMP |
						 (enosys_here(pp, s) ? BPF_JSET : BPF_JGE) |
						 BPF_K,
					 X32_BIT, 0, 3);
			out[pc++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffffu, 0, 1);
			out[pc++] = stmt(BPF_RET | BPF_K, pp->def.value);
			out[pc++] = stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD);
		}
		out[pc++] = stmt(BPF_RET | BPF_K, above);
	}
	if (s->helper) {
		size_t hstart, hend, z;
		bool far;
		size_t g = guard_len(pp, s, &far);
		/* Where an argument's high half is, here and on the arch. */
		uint32_t hi_off = host_is_little_endian() ? 4 : 0;
		uint32_t arch_hi = (s->a->token & __AUDIT_ARCH_LE) ? 4 : 0;

		if (!has_head(pp, s))
			out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
					 offsetof(struct seccomp_data, nr));
		if (s->a->token == SCMP_ARCH_X32) {
			/* The helper numbers x32 syscalls without bit 30. */
			out[pc++] = stmt(BPF_ALU | BPF_AND | BPF_K, ~X32_BIT);
			out[pc++] = stmt(BPF_ST, 0);
		}
		/*
		 * The range guard: a number outside all the helper was given
		 * matches none of its rules, so it skips them, with A still
		 * nr (x32: without bit 30, so the chains load it again).
		 */
		hstart = pc + g;
		hend = hstart + s->nhelper;
		z = hend + chains_skip_load(s);
		if (far) {
			out[hstart - 1] = ja_to(hstart - 1, z);
			z = hstart - 1;
		}
		if (helper_hi_needed(pp, s)) {
			out[pc] = jump(BPF_JMP | BPF_JGT | BPF_K, s->helper_hi,
				       (uint8_t)(z - pc - 1),
				       (uint8_t)(helper_lo_needed(s) ? 0 : hstart - pc - 1));
			pc++;
		}
		if (z - (hstart - g) - 1 > 255)
			return sc_err(err, EIO, NULL, 0, 0,
				      "internal error: the helper's guard cannot reach past it");
		if (helper_lo_needed(s)) {
			out[pc] = jump(BPF_JMP | BPF_JGE | BPF_K, s->helper_lo,
				       (uint8_t)(hstart - pc - 1),
				       (uint8_t)(z - pc - 1));
			pc++;
		}
		for (size_t k = 0; k < s->nhelper; k++) {
			struct sock_filter in = s->helper[k];

			pc = hstart + k;
			if (is_abs_load(&in, offsetof(struct seccomp_data, arch))) {
				/* Its arch check is gone (compile_helper_body). */
				return sc_err(err, EIO, NULL, 0, 0,
					      "libseccomp's helper program checks the arch again");
			} else if (s->a->token == SCMP_ARCH_X32 &&
				   is_abs_load(&in, offsetof(struct seccomp_data, nr))) {
				in = stmt(BPF_LD | BPF_MEM, 0);
			} else if (in.code == (BPF_LD | BPF_W | BPF_ABS) &&
				   in.k >= offsetof(struct seccomp_data, args)) {
				uint32_t half = (in.k - (uint32_t)offsetof(struct seccomp_data, args)) % 8;
				bool hi = half == hi_off;

				/* 32-bit ABI: libseccomp ignores the high half. */
				if (hi && compile_arch_is_32bit(s->a->token) &&
				    !compile_arch_is_32bit(seccomp_arch_native()))
					in = stmt(BPF_LD | BPF_IMM, 0);
				else
					/* The half where the arch keeps it. */
					in.k = in.k - half +
					       (hi ? arch_hi : 4 - arch_hi);
			} else if (in.code == (BPF_RET | BPF_A)) {
				return sc_err(err, EIO, NULL, 0, 0,
					      "libseccomp produced an unexpected return");
			} else if (in.code == (BPF_RET | BPF_K)) {
				uint32_t real = compile_real_value(pp, in.k);

				/* On to the chains, which load nr again. */
				if (real == pp->def.value)
					in = ja_to(pc, hend);
				else
					in.k = real;
			}
			out[pc] = in;
		}
		pc = hend;
	}
	/*
	 * The syscalls seccap checks itself (plan_chains): their calls are
	 * allowed ones too, and an x32 number or -1 is none of theirs.
	 */
	if (s->chains.ne) {
		size_t n = sc_chains_len(&s->chains,
					 compile_arch_is_32bit(s->a->token));

		sc_chains_emit(&s->chains, compile_arch_is_32bit(s->a->token),
			       (s->a->token & __AUDIT_ARCH_LE) == 0, &out[pc]);
		/* Its jumps are relative: without its load where A is nr. */
		if (!chains_load(pp, s)) {
			memmove(&out[pc], &out[pc + 1], (n - 1) * sizeof(*out));
			n--;
		}
		pc += n;
	}
	if (late_enosys(pp, s) || s390_zero(pp, s)) {
		out[pc++] = stmt(BPF_LD | BPF_W | BPF_ABS,
				 offsetof(struct seccomp_data, nr));
		/* runc: nr 0 on s390 is the multiplexer, ENOSYS too. */
		if (s390_zero(pp, s))
			out[pc++] = jump(BPF_JMP | BPF_JEQ | BPF_K, 0,
					 1 + late_enosys(pp, s), 0);
		if (late_enosys(pp, s))
			out[pc++] = jump(BPF_JMP | BPF_JGT | BPF_K,
					 s->a->max_nr, 1, 0);
		out[pc++] = stmt(BPF_RET | BPF_K, pp->def.value);
		out[pc++] = stmt(BPF_RET | BPF_K, ENOSYS_RET);
	} else {
		out[pc++] = stmt(BPF_RET | BPF_K, pp->def.value);
	}
	if (pc != tail + s->tail_len)
		return sc_err(err, EIO, NULL, 0, 0,
			      "internal error: the tail is %zu instructions, not %zu",
			      pc - tail, s->tail_len);
	return 0;
}

static int emit_section(const struct prep *pp, const struct section *secs,
			size_t i, struct sock_filter *out,
			struct sc_error *err)
{
	const struct section *s = &secs[i];
	size_t tail = s->pos + s->nmain;
	size_t pc;
	int r;

	for (size_t k = 0; k < s->nmain; k++) {
		struct sock_filter in = s->main[k];

		pc = s->pos + k;
		if (in.code == (BPF_RET | BPF_A))
			return sc_err(err, EIO, NULL, 0, 0,
				      "libseccomp produced an unexpected return");
		if (in.code == (BPF_RET | BPF_K)) {
			uint32_t real = compile_real_value(pp, in.k);

			if (in.k == pp->badarch_value) {
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
	r = emit_tail(pp, secs, i, out, err);
	if (r < 0)
		return r;
	return skip_tail_load(pp, s, out, err);
}

/* Where a jump to "to" ends up: past every ja it lands on. */
static size_t final_target(const struct sock_filter *f, size_t len, size_t to)
{
	while (to < len && f[to].code == (BPF_JMP | BPF_JA))
		to = to + 1 + f[to].k;
	return to;
}

/*
 * Jump threading over the assembled program: a ja that lands on a return
 * becomes that return, and a jump that lands on a ja goes where the ja goes
 * (a conditional one where its 8-bit offset reaches).  The sections' joins
 * (tree misses to the tail, the tail's parts, the chains' dispatch) are
 * such jumps; threaded, each path they are on is an instruction or more
 * shorter, with the same verdicts.
 */
static void thread_jumps(struct sock_filter *f, size_t len)
{
	for (size_t pc = 0; pc < len; pc++) {
		struct sock_filter *in = &f[pc];
		size_t t;

		if (BPF_CLASS(in->code) != BPF_JMP)
			continue;
		if (BPF_OP(in->code) == BPF_JA) {
			t = final_target(f, len, pc + 1 + in->k);
			if (t >= len)
				continue;
			if (BPF_CLASS(f[t].code) == BPF_RET)
				*in = f[t];
			else
				in->k = (uint32_t)(t - pc - 1);
			continue;
		}
		t = final_target(f, len, pc + 1 + in->jt);
		if (t < len && t - pc - 1 <= 255)
			in->jt = (uint8_t)(t - pc - 1);
		t = final_target(f, len, pc + 1 + in->jf);
		if (t < len && t - pc - 1 <= 255)
			in->jf = (uint8_t)(t - pc - 1);
	}
}

/* Every jump inside the program and forward, the last insn a return. */
static int check_assembled(const struct sock_filter *f, size_t len,
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
		      "internal error: the assembled filter is malformed");
}

int compile_assemble(const struct prep *pp, struct section *secs, size_t n,
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
		 * it.  compile_prep_arches leaves the others out; never
		 * assemble them.
		 */
		if (((secs[i].a->token ^ secs[0].a->token) & __AUDIT_ARCH_LE))
			return sc_err(err, EINVAL, compile_file(pp), 0, 0,
				      "architectures '%s' (%s-endian) and '%s' (%s-endian) cannot be in one filter",
				      compile_arch_label(secs[0].a),
				      (secs[0].a->token & __AUDIT_ARCH_LE) ? "little" : "big",
				      compile_arch_label(secs[i].a),
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
		tail_ranges(pp, &secs[i]);
		secs[i].tail_len = tail_len(pp, &secs[i]);
		secs[i].pos = len;
		len += secs[i].nmain + secs[i].tail_len;
	}
	if (len > BPF_MAXINSNS)
		return sc_err(err, E2BIG, compile_file(pp), 0, 0,
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
	thread_jumps(out, len);
	r = check_assembled(out, len, err);
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
