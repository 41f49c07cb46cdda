/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compile-time self-check (conf/verify.c): the programs the compiler
 * makes pass it on every arch, and a program with one instruction changed
 * (a return, a jump, the load flags, the byte order) is reported, with the
 * profile line, the call and both actions.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_interp.h"
#include "io.h"
#include "names.h"
#include "pipeline.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The errors sc_verify sends: how many, and the first one's text. */
struct seen {
	unsigned errors;
	struct sc_error first;
};

static void seen_fn(void *ud, enum sc_severity sev, const struct sc_error *e)
{
	struct seen *s = ud;

	if (sev != SC_SEV_ERROR)
		return;
	if (!s->errors++)
		s->first = *e;
}

struct built {
	struct sc_profile *resolved;
	struct sc_bpf *bpf;
	struct sc_compile_opts o;
};

static void build(const char *path, uint32_t arch, const char *caps,
		  struct built *b)
{
	struct sc_target t = { .arch = arch, .kernel_set = true,
			       .kernel_major = 6, .kernel_minor = 1 };
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };

	memset(&b->o, 0, sizeof(b->o));
	b->o.arch = arch;
	cr_assert_eq(sc_capset_parse(caps, &t.caps, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_pipeline_load(path, &p, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_pipeline_build(p, &t, &b->o, NULL, NULL, &b->resolved,
				       &b->bpf, &err),
		     0, "%s", err.msg);
	sc_profile_free(p);
}

static void built_free(struct built *b)
{
	sc_profile_free(b->resolved);
	sc_bpf_free(b->bpf);
}

static int verify(const struct built *b, struct seen *s,
		  struct sc_verify_stats *st, struct sc_error *err)
{
	struct sc_diag d = { seen_fn, s };

	memset(s, 0, sizeof(*s));
	sc_error_clear(err);
	return sc_pipeline_verify(b->resolved, &b->o, b->bpf, &d, st, err);
}

Test(verify, compiled_programs_pass)
{
	static const uint32_t arches[] = {
		SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32,
		SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, SCMP_ARCH_RISCV64,
		SCMP_ARCH_PPC64LE, SCMP_ARCH_MIPSEL,
	};
	static const char *const caps[] = { "docker", "all", "none" };

	for (size_t i = 0; i < ARRAY_SIZE(arches); i++) {
		for (size_t k = 0; k < ARRAY_SIZE(caps); k++) {
			struct sc_verify_stats st;
			struct sc_error err;
			struct built b;
			struct seen s;

			build(NULL, arches[i], caps[k], &b);
			cr_expect_eq(verify(&b, &s, &st, &err), 0,
				     "%s %s: %s; first: %s",
				     sc_arch_scmp_name(arches[i]), caps[k],
				     err.msg, s.first.msg);
			cr_expect_eq(st.diffs, 0);
			/* Every number up to the newest syscall at least. */
			cr_expect_gt(st.cases, 450, "%lu cases", st.cases);
			built_free(&b);
		}
	}
}

Test(verify, complain_mode_and_no_enosys_pass)
{
	for (int mode = 0; mode < 4; mode++) {
		struct sc_verify_stats st;
		struct sc_error err;
		struct built b;
		struct seen s;

		build(NULL, SCMP_ARCH_X86_64, "docker", &b);
		b.o.log_mode = mode & 1;
		b.o.no_enosys = mode & 2;
		b.o.tsync = mode == 3;
		sc_bpf_free(b.bpf);
		b.bpf = NULL;
		cr_assert_eq(sc_compile(b.resolved, &b.o, &b.bpf, NULL, &err),
			     0, "%s", err.msg);
		cr_expect_eq(verify(&b, &s, &st, &err), 0, "mode %d: %s; %s",
			     mode, err.msg, s.first.msg);
		built_free(&b);
	}
}

/* Index of the n-th instruction (0 = first) that returns ret, or -1. */
static long find_ret(const struct sc_bpf *b, uint32_t ret, unsigned n)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->insns[i].code == (BPF_RET | BPF_K) &&
		    b->insns[i].k == ret && n-- == 0)
			return (long)i;
	return -1;
}

/* The planted defect is found and told as the guide says messages are. */
static void expect_caught(const struct built *b, const char *what)
{
	struct sc_verify_stats st;
	struct sc_error err;
	struct seen s;

	cr_assert_eq(verify(b, &s, &st, &err), -EPROTO, "%s: not caught",
		     what);
	cr_expect_gt(st.diffs, 0, "%s", what);
	cr_expect_geq(s.errors, 1, "%s", what);
	cr_expect_leq(s.errors, SC_PIPELINE_VERIFY_SHOWN, "%s", what);
	cr_expect(strstr(err.msg, "does not do what the profile says"),
		  "%s: %s", what, err.msg);
	cr_expect_str_eq(s.first.file, SC_DEFAULT_PROFILE_NAME);
}

Test(verify, allow_turned_into_errno_is_caught)
{
	struct built b;
	struct seen s;
	struct sc_error err;
	struct sc_verify_stats st;
	long pc;

	build(NULL, SCMP_ARCH_X86_64, "docker", &b);
	pc = find_ret(b.bpf, SECCOMP_RET_ALLOW, 0);
	cr_assert_geq(pc, 0);
	b.bpf->insns[pc].k = SECCOMP_RET_ERRNO | EPERM;
	expect_caught(&b, "ALLOW -> ERRNO");
	verify(&b, &s, &st, &err);
	/* It names the group's line, the call and both actions. */
	cr_expect_gt(s.first.line, 0);
	cr_expect(strstr(s.first.msg, "the profile says ALLOW"), "%s",
		  s.first.msg);
	cr_expect(strstr(s.first.msg, "the compiled filter returns ERRNO(1)"),
		  "%s", s.first.msg);
	cr_expect(strstr(s.first.msg, "X86_64 syscall "), "%s", s.first.msg);
	built_free(&b);
}

Test(verify, default_turned_into_allow_is_caught_and_counted)
{
	struct built b;
	struct seen s;
	struct sc_error err;
	struct sc_verify_stats st;
	unsigned n = 0;
	long pc;

	build(NULL, SCMP_ARCH_X86_64, "docker", &b);
	/* Every return of the default (defaultErrnoRet 1): fail open. */
	while ((pc = find_ret(b.bpf, SECCOMP_RET_ERRNO | EPERM, 0)) >= 0) {
		b.bpf->insns[pc].k = SECCOMP_RET_ALLOW;
		n++;
	}
	cr_assert_gt(n, 0);
	expect_caught(&b, "default -> ALLOW");
	verify(&b, &s, &st, &err);
	/* Far more differences than are shown; the count says how many. */
	cr_expect_gt(st.diffs, 100, "%lu", st.diffs);
	cr_expect_eq(s.errors, SC_PIPELINE_VERIFY_SHOWN);
	cr_expect(strstr(s.first.msg, "no rule matches: defaultAction"), "%s",
		  s.first.msg);
	cr_expect(strstr(s.first.msg, "the compiled filter returns ALLOW"),
		  "%s", s.first.msg);
	built_free(&b);
}

Test(verify, enosys_threshold_and_bad_arch_are_checked)
{
	long pc;
	struct built b;

	build(NULL, SCMP_ARCH_X86_64, "docker", &b);
	pc = find_ret(b.bpf, SECCOMP_RET_ERRNO | ENOSYS, 0);
	cr_assert_geq(pc, 0);
	b.bpf->insns[pc].k = SECCOMP_RET_ERRNO | EPERM;
	expect_caught(&b, "ENOSYS -> EPERM");
	built_free(&b);

	build(NULL, SCMP_ARCH_X86_64, "docker", &b);
	pc = find_ret(b.bpf, SECCOMP_RET_KILL_THREAD, 0);
	cr_assert_geq(pc, 0);
	b.bpf->insns[pc].k = SECCOMP_RET_ALLOW;
	expect_caught(&b, "bad arch -> ALLOW");
	built_free(&b);
}

/*
 * Each conditional jump of the program with its two targets swapped, one
 * at a time: almost every such change sends some call the wrong way.  A
 * swap that changes nothing cannot be told (libseccomp's arch checks that
 * the dispatcher has already made, x86_64's -1 sent to either of two
 * ENOSYS checks): 6 of 1270 in Docker's default, so the bar is 95 in 100.
 */
/*
 * ARM keeps private calls at 0xf0000, far past its dense range: there the
 * check tries the numbers the program compares with, so a threshold moved
 * into the gap is seen at the gap number it now splits off.
 */
Test(verify, numbers_far_past_the_dense_range)
{
	struct sc_verify_stats st;
	struct sc_error err;
	struct built b;
	struct seen s;
	long pc = -1;

	build(NULL, SCMP_ARCH_ARM, "docker", &b);
	cr_assert_eq(verify(&b, &s, &st, &err), 0, "%s", err.msg);
	cr_expect_lt(st.cases, 20000, "%lu cases: the gap is walked", st.cases);
	for (size_t i = 0; i < b.bpf->len; i++)
		if (b.bpf->insns[i].code == (BPF_JMP | BPF_JGT | BPF_K) &&
		    b.bpf->insns[i].k == 0xf0005)
			pc = (long)i;
	cr_assert_geq(pc, 0, "no ENOSYS threshold at ARM's highest call");
	b.bpf->insns[pc].k = 0x80000;
	expect_caught(&b, "ARM's ENOSYS threshold moved into the gap");
	verify(&b, &s, &st, &err);
	cr_expect(strstr(s.first.msg, "524289"), "%s", s.first.msg);
	built_free(&b);
}

Test(verify, swapped_jumps_are_caught)
{
	struct built b;
	unsigned jumps = 0, caught = 0;

	build(NULL, SCMP_ARCH_X86_64, "docker", &b);
	for (size_t i = 0; i < b.bpf->len; i++) {
		struct sock_filter *in = &b.bpf->insns[i];
		struct sc_verify_stats st;
		struct sc_error err;
		struct seen s;
		uint8_t t;

		if (BPF_CLASS(in->code) != BPF_JMP ||
		    BPF_OP(in->code) == BPF_JA || in->jt == in->jf)
			continue;
		jumps++;
		t = in->jt;
		in->jt = in->jf;
		in->jf = t;
		caught += verify(&b, &s, &st, &err) == -EPROTO;
		in->jf = in->jt;
		in->jt = t;
	}
	cr_log_info("swapped jumps: %u of %u caught", caught, jumps);
	cr_assert_gt(jumps, 100);
	cr_expect_geq(caught * 100, jumps * 95, "%u of %u swaps caught", caught,
		      jumps);
	built_free(&b);
}

Test(verify, flags_and_refused_programs_are_caught)
{
	struct built b;
	struct seen s;
	struct sc_error err;
	struct sc_verify_stats st;

	build(NULL, SCMP_ARCH_X86_64, "docker", &b);
	b.bpf->flags ^= SECCOMP_FILTER_FLAG_TSYNC;
	cr_expect_eq(verify(&b, &s, &st, &err), -EPROTO);
	cr_expect_eq(s.errors, 1);
	cr_expect(strstr(s.first.msg, "load flags"), "%s", s.first.msg);
	b.bpf->flags ^= SECCOMP_FILTER_FLAG_TSYNC;

	/* A jump past the end: the kernel would refuse it. */
	b.bpf->insns[1].code = BPF_JMP | BPF_JA;
	b.bpf->insns[1].k = (uint32_t)b.bpf->len;
	cr_expect_eq(verify(&b, &s, &st, &err), -EPROTO);
	cr_expect(strstr(err.msg, "the kernel would refuse"), "%s", err.msg);
	built_free(&b);
}

/*
 * A program for a big-endian machine, written by hand in that byte order:
 * its fields are swapped and its 64-bit arguments read high word first.
 * default ALLOW; personality(0x100000002) -> ERRNO(1).
 */
static void put(struct sock_filter *f, size_t *n, uint16_t code, uint8_t jt,
		uint8_t jf, uint32_t k, bool swap)
{
	f[*n] = (struct sock_filter){
		swap ? __builtin_bswap16(code) : code, jt, jf,
		swap ? __builtin_bswap32(k) : k,
	};
	(*n)++;
}

static size_t s390x_program(struct sock_filter *f, bool swap, uint32_t lo)
{
	int nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_S390X,
						   "personality");
	size_t n = 0;

	cr_assert_gt(nr, 0);
	put(f, &n, BPF_LD | BPF_W | BPF_ABS, 0, 0, 4, swap);
	put(f, &n, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, AUDIT_ARCH_S390X, swap);
	put(f, &n, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_KILL_THREAD, swap);
	put(f, &n, BPF_LD | BPF_W | BPF_ABS, 0, 0, 0, swap);
	put(f, &n, BPF_JMP | BPF_JEQ | BPF_K, 0, 5, (uint32_t)nr, swap);
	/* big endian: args[0]'s high word at 16, its low word at 20 */
	put(f, &n, BPF_LD | BPF_W | BPF_ABS, 0, 0, 16, swap);
	put(f, &n, BPF_JMP | BPF_JEQ | BPF_K, 0, 3, 1, swap);
	put(f, &n, BPF_LD | BPF_W | BPF_ABS, 0, 0, 20, swap);
	put(f, &n, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, lo, swap);
	put(f, &n, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ERRNO | EPERM, swap);
	put(f, &n, BPF_RET | BPF_K, 0, 0, SECCOMP_RET_ALLOW, swap);
	return n;
}

Test(verify, other_byte_order)
{
	static const char profile[] =
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [],\n"
		" \"syscalls\": [{\"names\": [\"personality\"],\n"
		"   \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1,\n"
		"   \"args\": [{\"index\": 0, \"value\": 4294967298,\n"
		"             \"op\": \"SCMP_CMP_EQ\"}]}]}\n";
	struct sock_filter f[16];
	struct sc_bpf bpf = { .insns = f };
	struct sc_compile_opts o = { .arch = SCMP_ARCH_S390X };
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };
	struct sc_verify_stats st;
	struct seen s = { 0 };
	struct sc_diag d = { seen_fn, &s };

	cr_assert_eq(sc_json_parse("be.json", profile, sizeof(profile) - 1, &p,
				   NULL, &err),
		     0, "%s", err.msg);
	bpf.len = s390x_program(f, true, 2);
	cr_expect_eq(sc_verify(p, &o, &bpf, 10, &d, &st, &err), 0,
		     "%s; %s", err.msg, s.first.msg);
	/* The wrong low word: personality(0x100000002) is let through. */
	bpf.len = s390x_program(f, true, 3);
	cr_expect_eq(sc_verify(p, &o, &bpf, 10, &d, &st, &err), -EPROTO);
	cr_expect(strstr(s.first.msg, "args 0x100000002 "), "%s",
		  s.first.msg);
	/* This machine's byte order where s390x's belongs: refused. */
	bpf.len = s390x_program(f, false, 2);
	cr_expect_eq(sc_verify(p, &o, &bpf, 10, &d, &st, &err), -EPROTO);
	sc_profile_free(p);
}
