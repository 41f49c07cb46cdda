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
int to_host_order(const struct prep *pp, struct sock_filter *f,
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

int stitch(const struct prep *pp, struct section *secs, size_t n,
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
