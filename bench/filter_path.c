/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Target 1: BPF instructions each x86_64 syscall walks in seccap's program
 * and in crun's (libseccomp defaults, one context, no binary tree) for
 * Docker's default profile and Docker's 14 default capabilities, counted
 * by the test suite's interpreter: deterministic, machine-independent.
 */
#include <linux/audit.h>
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
	struct sc_profile *r = bench_docker_resolved(path);
	struct sc_bpf *b = bench_seccap_bpf(r);
	size_t rlen;
	struct sock_filter *ref = bench_reference_bpf(r, &rlen);
	bool checked[NR_SPAN] = { false };
	int maxnr = -1;
	struct prog seccap = { .name = "seccap", .f = b->insns, .len = b->len };
	struct prog crun = { .name = "crun", .f = ref, .len = rlen };

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

	measure(&seccap, checked, maxnr);
	measure(&crun, checked, maxnr);
	measure(&plain, checked, maxnr);
	print(&plain);
	sc_bpf_free(nb);
	printf("maxnr %d\n", maxnr);
	print(&seccap);
	print(&crun);
	free(ref);
	sc_bpf_free(b);
	sc_profile_free(r);
	return 0;
}
