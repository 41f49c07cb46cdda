/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 1: BPF instructions each x86_64 syscall walks in seccap's program,
 * in crun's (and runc 1.1's: libseccomp defaults, one context, no binary
 * tree) and in runc >= 1.2's (libseccomp's binary tree behind runc's
 * ENOSYS stub) for Docker's default profile and Docker's 14 default
 * capabilities, counted by the test suite's interpreter: deterministic,
 * machine-independent.  The two references are checked against each
 * other first (same verdict for every number, ENOSYS above the highest).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "bpf_interp.h"
#include "names.h"

#define NR_SPAN 1024
#define X32 0x40000000u

struct stat_acc {
	unsigned n, max;
	unsigned long total;
};

static void acc(struct stat_acc *s, unsigned steps)
{
	s->n++;
	s->total += steps;
	if (steps > s->max)
		s->max = steps;
}

static double mean(const struct stat_acc *s)
{
	return s->n ? (double)s->total / s->n : 0;
}

static uint32_t run(const struct sock_filter *f, size_t len, uint32_t arch,
		    uint32_t nr, uint64_t a0, unsigned *steps)
{
	struct seccomp_data d = bpf_interp_data(arch, (int)nr, a0, 0, 0, 0, 0, 0);
	uint32_t ret;

	if (bpf_interp_run(f, len, &d, &ret, steps) < 0)
		bench_die("the interpreter refused a program at nr %u", nr);
	return ret;
}

/* Argument values that take each checked syscall down its branches. */
static const uint64_t arg_values[] = {
	0, 1, 8, 0x20008, 0xffffffff, 0x10000000, 0x7e020000, 40, 38,
};

struct prog {
	const char *name;
	const struct sock_filter *f;
	size_t len;
	struct stat_acc allowed, denied, enosys, checked, pers, x32, i386;
};

static void measure(struct prog *p, const bool *checked, int maxnr)
{
	unsigned steps;
	uint32_t ret;

	for (uint32_t nr = 0; nr < NR_SPAN; nr++) {
		if (checked[nr]) {
			for (size_t i = 0; i < sizeof(arg_values) / sizeof(arg_values[0]); i++) {
				run(p->f, p->len, AUDIT_ARCH_X86_64, nr,
				    arg_values[i], &steps);
				acc(&p->checked, steps);
			}
			continue;
		}
		ret = run(p->f, p->len, AUDIT_ARCH_X86_64, nr, 0, &steps);
		if ((int)nr > maxnr)
			acc(&p->enosys, steps);
		else if (ret == SECCOMP_RET_ALLOW)
			acc(&p->allowed, steps);
		else
			acc(&p->denied, steps);
		if (run(p->f, p->len, AUDIT_ARCH_X86_64, X32 | nr, 0, &steps) ==
		    SECCOMP_RET_ALLOW)
			acc(&p->x32, steps);
		if (run(p->f, p->len, AUDIT_ARCH_I386, nr, 0, &steps) ==
		    SECCOMP_RET_ALLOW)
			acc(&p->i386, steps);
	}
	run(p->f, p->len, AUDIT_ARCH_X86_64, 135 /* personality */, 0xffffffff,
	    &steps);
	acc(&p->pers, steps);
}

/*
 * runc's program must say what crun's says for every x86_64 number up to
 * the highest libseccomp knows of the profile's (and ENOSYS above it), or its counts compare
 * nothing: a wrong stub would make the reference look faster than it is.
 */
static void same_verdicts(const struct prog *crun, const struct prog *runc,
			  const struct sc_profile *r)
{
	/* runc's highest: by libseccomp's table, which may be older than ours */
	static const struct {
		uint32_t audit, scmp, bit;
	} abis[] = {
		{ AUDIT_ARCH_X86_64, SCMP_ARCH_X86_64, 0 },
		{ AUDIT_ARCH_X86_64, SCMP_ARCH_X32, X32 },
		{ AUDIT_ARCH_I386, SCMP_ARCH_X86, 0 },
	};
	unsigned steps;

	for (size_t a = 0; a < sizeof(abis) / sizeof(abis[0]); a++) {
		int64_t max = bench_libseccomp_highest(r, abis[a].scmp);

		for (uint32_t nr = abis[a].bit; nr < abis[a].bit + NR_SPAN; nr++)
			for (size_t i = 0; i < sizeof(arg_values) / sizeof(arg_values[0]); i++) {
				uint32_t c = run(crun->f, crun->len, abis[a].audit,
						 nr, arg_values[i], &steps);
				uint32_t t = run(runc->f, runc->len, abis[a].audit,
						 nr, arg_values[i], &steps);
				uint32_t want = max >= 0 && (int64_t)nr > max ?
						SECCOMP_RET_ERRNO | ENOSYS : c;

				if (t != want)
					bench_die("runc's reference says 0x%x for "
						  "arch 0x%x nr 0x%x (arg 0x%llx), "
						  "want 0x%x", t, abis[a].audit, nr,
						  (unsigned long long)arg_values[i],
						  want);
			}
	}
}

static void print(const struct prog *p)
{
	printf("%s.len %zu\n", p->name, p->len);
	printf("%s.allowed.n %u\n%s.allowed.mean %.2f\n%s.allowed.max %u\n",
	       p->name, p->allowed.n, p->name, mean(&p->allowed), p->name,
	       p->allowed.max);
	printf("%s.denied.n %u\n%s.denied.mean %.2f\n%s.denied.max %u\n",
	       p->name, p->denied.n, p->name, mean(&p->denied), p->name,
	       p->denied.max);
	printf("%s.enosys.n %u\n%s.enosys.mean %.2f\n%s.enosys.max %u\n",
	       p->name, p->enosys.n, p->name, mean(&p->enosys), p->name,
	       p->enosys.max);
	printf("%s.checked.mean %.2f\n%s.checked.max %u\n", p->name,
	       mean(&p->checked), p->name, p->checked.max);
	printf("%s.personality %u\n", p->name, p->pers.max);
	printf("%s.x32.mean %.2f\n%s.i386.mean %.2f\n", p->name,
	       mean(&p->x32), p->name, mean(&p->i386));
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "contrib/profiles/docker-default.json";
	struct bench_set set;
	bool checked[NR_SPAN] = { false };
	int maxnr = -1;

	bench_set_build(&set, path);
	const struct sc_profile *r = set.r;
	struct prog seccap = { .name = "seccap", .f = set.seccap->insns,
			       .len = set.seccap->len };
	struct prog crun = { .name = "crun", .f = set.crun, .len = set.crun_len };
	struct prog runc = { .name = "runc", .f = set.runc, .len = set.runc_len };
	/* The tree alone: what the stub adds to every path. */
	struct prog runc_tree = { .name = "runc_tree",
				  .f = set.runc + set.stub_len,
				  .len = set.runc_len - set.stub_len };

	/* Checked: a syscall some kept rule tests an argument of. */
	for (size_t gi = 0; gi < r->ngroups; gi++) {
		const struct sc_group *g = &r->groups[gi];

		for (size_t k = 0; k < g->names.n; k++) {
			int nr;

			if (sc_syscall_resolve(g->names.v[k].s, AUDIT_ARCH_X86_64,
					       &nr) != 0 || nr < 0)
				continue;
			if (nr > maxnr)
				maxnr = nr;
			if (g->nargs && nr < NR_SPAN)
				checked[nr] = true;
		}
	}
	struct sc_compile_opts no = { .no_enosys = true };
	struct sc_bpf *nb = NULL;
	struct sc_error e = { 0 };

	if (sc_compile(r, &no, &nb, NULL, &e) < 0)
		bench_die("compile without ENOSYS: %s", e.msg);
	struct prog plain = { .name = "seccap_noenosys", .f = nb->insns,
			      .len = nb->len };

	same_verdicts(&crun, &runc, r);
	measure(&seccap, checked, maxnr);
	measure(&crun, checked, maxnr);
	measure(&runc, checked, maxnr);
	measure(&runc_tree, checked, maxnr);
	measure(&plain, checked, maxnr);
	print(&plain);
	sc_bpf_free(nb);
	printf("maxnr %d\n", maxnr);
	print(&seccap);
	print(&crun);
	print(&runc);
	print(&runc_tree);
	printf("runc.stub_len %zu\n", set.stub_len);
	bench_set_free(&set);
	return 0;
}
