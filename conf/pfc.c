/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sc_compile_pfc: libseccomp's pseudo filter code for the filter sc_compile
 * builds, per arch, with the real action values put back and, as comments,
 * what seccap adds around libseccomp's program (helper rules, its own
 * checks, the ENOSYS threshold).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile_internal.h"
#include "names.h"

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
static int pfc_extras(const struct prep *pp, const struct filter_arch *a,
		      int fd)
{
	char action_text[32];
	int r = pfc_printf(fd,
			   "# seccap: %s rules for syscalls libseccomp %u.%u.%u has no number for there:\n",
			   compile_arch_label(a), seccomp_version()->major,
			   seccomp_version()->minor, seccomp_version()->micro);

	for (size_t i = 0; i < pp->ngroups && r == 0; i++) {
		const struct rule_group *rg = &pp->groups[i];
		size_t n = sc_group_name_count(rg->g);

		if (rg->same_as_default)
			continue;
		format_action(rg->action.value, action_text,
			      sizeof(action_text));
		for (size_t k = 0; k < n && r == 0; k++) {
			const struct syscall_name *sn = &pp->names[rg->ids[k]];
			const struct name_route *rt =
				&pp->routes[rg->ids[k] * pp->narches + a->index];

			if (!sn->known || rt->route != ROUTE_HELPER)
				continue;
			r = pfc_printf(fd, "#   syscall \"%s\" (%d)", sn->s,
				       rt->nr);
			if (r == 0)
				r = pfc_conds(fd, rg->cmp, rg->ncmp,
					      rg->split ? " ||" : " &&");
			if (r == 0)
				r = pfc_printf(fd, ": action %s;\n", action_text);
		}
	}
	return r;
}

/* The syscalls seccap checks itself on arch a (plan_chains), in order. */
static int pfc_chains(const struct filter_arch *a, const struct sc_chains *c,
		      int fd)
{
	char action_text[32];
	int r = pfc_printf(fd,
			   "# seccap: %s syscalls whose rules libseccomp %u.%u.%u merges wrongly, checked by seccap in this order (the first rule that holds decides):\n",
			   compile_arch_label(a), seccomp_version()->major,
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
			format_action(cr->action, action_text,
				      sizeof(action_text));
			if (r == 0)
				r = pfc_printf(fd, ": action %s;\n", action_text);
		}
		free(name);
	}
	return r;
}

/*
 * libseccomp's text, with the substitutes for errno values it refuses put
 * back: "ERRNO(4094)" becomes the "ERRNO(12345)" the kernel will see.
 */
static int export_pfc(const struct prep *pp, scmp_filter_ctx ctx, int fd,
		      struct sc_error *err)
{
	char *text = NULL;
	struct stat st;
	size_t len, got = 0;
	int tmp, r;

	tmp = compile_open_scratch();
	if (tmp < 0)
		return sc_err(err, errno, NULL, 0, 0,
			      "cannot create a scratch file for the filter text: %s",
			      strerror(errno));
	r = seccomp_export_pfc(ctx, tmp);
	if (r < 0) {
		close(tmp);
		return compile_lib_err(pp, err, r, (struct sc_loc){ 0, 0 },
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
		    compile_real_value(pp, lib) == lib) {
			r = write_all(fd, p, (size_t)(end - p));
			p = end;
			continue;
		}
		r = write_all(fd, p, (size_t)(hit - p));
		format_action(compile_real_value(pp, lib), real, sizeof(real));
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
	char action_text[32];
	int r;

	if (!resolved || fd < 0)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no profile or output");
	r = compile_prep_init(&pp, resolved, o ? o : &no_opts, d, err);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < pp.narches; i++) {
		const struct filter_arch *a = &pp.arches[i];
		struct arch_ctx c;

		r = compile_build_arch(&pp, a, &c, err);
		if (r < 0)
			goto out;
		/* Show libseccomp's own bad-arch action, as runc's filter has. */
		r = seccomp_attr_set(c.main, SCMP_FLTATR_ACT_BADARCH,
				     SCMP_ACT_KILL_THREAD);
		if (r < 0) {
			compile_ctx_release(&c);
			r = compile_lib_err(&pp, err, r,
					    (struct sc_loc){ 0, 0 },
					    "exporting the filter text");
			goto out;
		}
		r = export_pfc(&pp, c.main, fd, err);
		if (r < 0) {
			compile_ctx_release(&c);
			goto out;
		}
		if (c.helper)
			r = pfc_extras(&pp, a, fd);
		if (r == 0 && c.chains.ne)
			r = pfc_chains(a, &c.chains, fd);
		compile_ctx_release(&c);
		if (r == 0 && pp.enosys && a->has_max) {
			format_action(pp.def.value, action_text,
				      sizeof(action_text));
			r = pfc_printf(fd,
				       "# seccap: on %s, syscalls above %" PRIu32
				       "%s return ERRNO(%d) instead of %s\n",
				       compile_arch_label(a), a->max_nr,
				       compile_arch_is_s390(a->token) ? " (and 0)"
								       : "",
				       ENOSYS, action_text);
		}
		if (r < 0) {
			r = sc_err(err, -r, NULL, 0, 0,
				   "cannot write the filter text: %s",
				   strerror(-r));
			goto out;
		}
	}
out:
	compile_prep_free(&pp);
	return r;
}
