/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "names.h"
#include "pipeline.h"
#include "resolve.h"

void bench_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "bench: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct sc_profile *bench_docker_resolved(const char *path)
{
	struct sc_error e = { 0 };
	struct sc_target t = { 0 };
	struct sc_profile *p = NULL, *r = NULL;

	if (sc_pipeline_load(path, &p, NULL, &e) < 0)
		bench_die("%s: %s", path, e.msg);
	if (sc_capset_parse("docker", &t.caps, &e) < 0 ||
	    sc_resolve(p, &t, NULL, &r, &e) < 0)
		bench_die("%s: %s", path, e.msg);
	sc_profile_free(p);
	return r;
}

struct sc_bpf *bench_seccap_bpf(const struct sc_profile *r)
{
	struct sc_compile_opts o = { 0 };
	struct sc_error e = { 0 };
	struct sc_bpf *b = NULL;

	if (sc_compile(r, &o, &b, NULL, &e) < 0)
		bench_die("compile: %s", e.msg);
	return b;
}

/* runc/crun's action for a group or the default. */
static uint32_t scmp_action(const char *action, bool has_errno, uint64_t e)
{
	uint32_t ev = has_errno ? (uint32_t)e : EPERM;

	switch (sc_action_parse(action ? action : "")) {
	case SC_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case SC_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case SC_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case SC_ACT_ERRNO:
		return SCMP_ACT_ERRNO(ev);
	case SC_ACT_TRACE:
		return SCMP_ACT_TRACE(ev);
	case SC_ACT_LOG:
		return SCMP_ACT_LOG;
	case SC_ACT_ALLOW:
		return SCMP_ACT_ALLOW;
	default:
		bench_die("action '%s' not supported by the reference",
			  action ? action : "");
	}
}

static bool index_repeats(const struct sc_group *g)
{
	for (size_t i = 0; i < g->nargs; i++)
		for (size_t j = i + 1; j < g->nargs; j++)
			if (g->args[i].index == g->args[j].index)
				return true;
	return false;
}

static struct scmp_arg_cmp arg_cmp(const struct sc_arg *a)
{
	struct scmp_arg_cmp c = {
		.arg = (unsigned)a->index,
		.op = (enum scmp_compare)sc_op_parse(a->op ? a->op : ""),
		.datum_a = a->value,
		.datum_b = a->value_two,
	};

	return c;
}

/*
 * One libseccomp context with every arch of r and its rules added name by
 * name as runc and crun do; optimize 2 asks for libseccomp's binary tree.
 */
static struct sock_filter *libseccomp_bpf(const struct sc_profile *r,
					  int optimize, size_t *len)
{
	uint32_t def = scmp_action(r->default_action,
				   r->has_default_errno_ret,
				   r->default_errno_ret);
	scmp_filter_ctx ctx = seccomp_init(def);
	struct sock_filter *f;
	off_t size;
	int fd, rc;

	if (!ctx)
		bench_die("seccomp_init failed");
	if (optimize &&
	    (rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE,
				   (uint32_t)optimize)) < 0)
		bench_die("libseccomp: binary tree: %s", strerror(-rc));
	for (size_t i = 0; i < r->architectures.n; i++) {
		uint32_t a = sc_arch_from_scmp_name(r->architectures.v[i].s);

		rc = a ? seccomp_arch_add(ctx, a) : -EINVAL;
		if (rc < 0 && rc != -EEXIST)
			bench_die("arch %s: %s", r->architectures.v[i].s,
				  strerror(-rc));
	}
	for (size_t gi = 0; gi < r->ngroups; gi++) {
		const struct sc_group *g = &r->groups[gi];
		uint32_t act = scmp_action(g->action, g->has_errno_ret,
					   g->errno_ret);

		if (act == def)
			continue;
		for (size_t k = 0; k < g->names.n; k++) {
			int nr = seccomp_syscall_resolve_name(g->names.v[k].s);

			if (nr == __NR_SCMP_ERROR)
				continue;
			if (!g->nargs) {
				rc = seccomp_rule_add(ctx, act, nr, 0);
			} else if (index_repeats(g)) {
				rc = 0;
				for (size_t j = 0; j < g->nargs && rc == 0; j++) {
					struct scmp_arg_cmp c = arg_cmp(&g->args[j]);

					rc = seccomp_rule_add_array(ctx, act, nr, 1,
								    &c);
				}
			} else {
				struct scmp_arg_cmp c[6];

				for (size_t j = 0; j < g->nargs && j < 6; j++)
					c[j] = arg_cmp(&g->args[j]);
				rc = seccomp_rule_add_array(ctx, act, nr,
							    (unsigned)g->nargs,
							    c);
			}
			if (rc < 0)
				bench_die("rule %s: %s", g->names.v[k].s,
					  strerror(-rc));
		}
	}
	fd = memfd_create("bench-ref", MFD_CLOEXEC);
	if (fd < 0 || seccomp_export_bpf(ctx, fd) < 0)
		bench_die("cannot export the reference filter");
	size = lseek(fd, 0, SEEK_END);
	f = malloc((size_t)size);
	if (!f || pread(fd, f, (size_t)size, 0) != size)
		bench_die("cannot read the reference filter back");
	close(fd);
	seccomp_release(ctx);
	*len = (size_t)size / sizeof(*f);
	return f;
}

struct sock_filter *bench_reference_bpf(const struct sc_profile *r,
					size_t *len)
{
	return libseccomp_bpf(r, 0, len);
}

/*
 * runc's ENOSYS stub (libcontainer/seccomp/patchbpf), rebuilt from its
 * description: load the arch; one jeq per kernel arch of the profile to
 * that arch's section, else straight into the filter; a section loads the
 * number and returns ENOSYS above the highest number any rule of the
 * profile names on that arch (x86_64 and x32 share AUDIT_ARCH_X86_64 and
 * are told apart by bit 30), else jumps into the filter.  Sections follow
 * the profile's arch order, so the first arch takes the shortest path
 * (6 instructions for x86_64 listed first, Docker's order; 7 when runc's
 * map order puts i386 first): the reference gets its best case.
 */
struct stub_family {
	uint32_t audit;
	int64_t max[2]; /* [0] the arch itself, [1] x32; -1: none */
};

#define STUB_ENOSYS (SECCOMP_RET_ERRNO | ENOSYS)
#define STUB_X32_BIT 0x40000000u

int64_t bench_libseccomp_highest(const struct sc_profile *r, uint32_t arch)
{
	int64_t max = -1;

	for (size_t gi = 0; gi < r->ngroups; gi++)
		for (size_t k = 0; k < r->groups[gi].names.n; k++) {
			int nr = seccomp_syscall_resolve_name_arch(
				arch, r->groups[gi].names.v[k].s);

			if (nr >= 0 && nr > max)
				max = nr;
		}
	return max;
}

static size_t stub_families(const struct sc_profile *r,
			    struct stub_family *fam, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < r->architectures.n; i++) {
		uint32_t a = sc_arch_from_scmp_name(r->architectures.v[i].s);
		uint32_t audit = a == SCMP_ARCH_X32 ? SCMP_ARCH_X86_64 : a;
		int slot = a == SCMP_ARCH_X32;
		int64_t max = a ? bench_libseccomp_highest(r, a) : -1;
		size_t f;

		if (max < 0)
			continue;
		for (f = 0; f < n && fam[f].audit != audit; f++)
			;
		if (f == n) {
			if (n == cap)
				bench_die("too many architectures for the stub");
			fam[n++] = (struct stub_family){ audit, { -1, -1 } };
		}
		fam[f].max[slot] = max;
	}
	return n;
}

static size_t section_len(const struct stub_family *f)
{
	bool x86 = f->audit == SCMP_ARCH_X86_64;

	/* ld nr; [jset bit 30;] jgt per arch; ja filter */
	return 1 + (x86 ? 1 : 0) + (f->max[0] >= 0) + (f->max[1] >= 0) + 1;
}

static struct sock_filter jump(uint16_t code, uint32_t k, size_t from,
			       size_t jt_to, size_t jf_to)
{
	if (jt_to - from - 1 > 255 || jf_to - from - 1 > 255)
		bench_die("the ENOSYS stub needs a long jump");
	return (struct sock_filter)BPF_JUMP(code, k,
					    (uint8_t)(jt_to - from - 1),
					    (uint8_t)(jf_to - from - 1));
}

static size_t runc_stub(const struct sc_profile *r, struct sock_filter *out,
			size_t cap)
{
	struct stub_family fam[8];
	size_t n = stub_families(r, fam, 8), start[8], len, tail, p = 0;

	/* ld arch; jeq per family; ja filter; sections; ja +1; ret ENOSYS */
	len = 1 + n + 1;
	for (size_t f = 0; f < n; f++) {
		start[f] = len;
		len += section_len(&fam[f]);
	}
	tail = len;
	len += 2;
	if (len > cap)
		bench_die("the ENOSYS stub does not fit");
	out[p++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4);
	for (size_t f = 0; f < n; f++, p++)
		out[p] = jump(BPF_JMP | BPF_JEQ | BPF_K, fam[f].audit, p,
			      start[f], p + 1);
	out[p] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
					       (uint32_t)(len - p - 1));
	p++;
	for (size_t f = 0; f < n; f++) {
		size_t ja = start[f] + section_len(&fam[f]) - 1;
		bool x86 = fam[f].audit == SCMP_ARCH_X86_64;

		out[p++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
		if (x86 && fam[f].max[0] >= 0 && fam[f].max[1] >= 0) {
			/* x32 (bit set) to its jgt; x86_64 to the first */
			out[p] = jump(BPF_JMP | BPF_JSET | BPF_K, STUB_X32_BIT,
				      p, p + 2, p + 1);
			p++;
			out[p] = jump(BPF_JMP | BPF_JGT | BPF_K,
				      (uint32_t)fam[f].max[0], p, tail + 1, ja);
			p++;
		} else if (x86) {
			/* the other ABI of the pair goes to the filter */
			bool x32 = fam[f].max[1] >= 0;

			out[p] = jump(BPF_JMP | BPF_JSET | BPF_K, STUB_X32_BIT,
				      p, x32 ? p + 1 : ja, x32 ? ja : p + 1);
			p++;
		}
		for (int s = 0; s < 2; s++) {
			if (fam[f].max[s] < 0 || (s == 0 && x86 && fam[f].max[1] >= 0))
				continue;
			out[p] = jump(BPF_JMP | BPF_JGT | BPF_K,
				      (uint32_t)fam[f].max[s], p, tail + 1, ja);
			p++;
		}
		out[p] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA,
						       (uint32_t)(len - p - 1));
		p++;
	}
	out[p] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 1);
	p++;
	out[p++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, STUB_ENOSYS);
	return p;
}

struct sock_filter *bench_runc_tree_bpf(const struct sc_profile *r,
					size_t *len, size_t *stub_len)
{
	struct sock_filter stub[64], *tree, *f;
	size_t tlen, slen = 0;
	bool deny_default = sc_action_parse(r->default_action ?
					    r->default_action : "") != SC_ACT_ALLOW;

	tree = libseccomp_bpf(r, 2, &tlen);
	/* runc leaves the stub out where the default already says ENOSYS. */
	if (deny_default && !(r->has_default_errno_ret &&
			      r->default_errno_ret == ENOSYS))
		slen = runc_stub(r, stub, 64);
	f = malloc((slen + tlen) * sizeof(*f));
	if (!f)
		bench_die("out of memory");
	memcpy(f, stub, slen * sizeof(*f));
	memcpy(f + slen, tree, tlen * sizeof(*f));
	free(tree);
	*len = slen + tlen;
	*stub_len = slen;
	return f;
}

void bench_set_build(struct bench_set *s, const char *path)
{
	s->r = bench_docker_resolved(path);
	s->seccap = bench_seccap_bpf(s->r);
	s->crun = bench_reference_bpf(s->r, &s->crun_len);
	s->runc = bench_runc_tree_bpf(s->r, &s->runc_len, &s->stub_len);
}

void bench_set_free(struct bench_set *s)
{
	free(s->runc);
	free(s->crun);
	sc_bpf_free(s->seccap);
	sc_profile_free(s->r);
}

struct sock_filter *bench_read_bpf(const char *path, size_t *len)
{
	struct sock_filter *f = NULL;
	size_t n = 0;
	char *buf = NULL;
	struct sc_error e = { 0 };

	if (sc_read_file(path, &buf, &n, &e) < 0)
		bench_die("%s: %s", path, e.msg);
	if (!n || n % sizeof(*f) || n / sizeof(*f) > BPF_MAXINSNS)
		bench_die("%s: not a raw BPF program", path);
	f = (struct sock_filter *)(void *)buf;
	*len = n / sizeof(*f);
	return f;
}

int bench_runs(int full)
{
	const char *v = getenv("SECCAP_BENCH_RUNS");
	long n = v && *v ? strtol(v, NULL, 10) : full;

	return n < 1 ? 1 : n < full ? (int)n : full;
}
