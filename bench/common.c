/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"

#include <errno.h>
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

struct sock_filter *bench_reference_bpf(const struct sc_profile *r,
					size_t *len)
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
