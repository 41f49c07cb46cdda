/* SPDX-License-Identifier: Apache-2.0 */
/*
 * load -> validate -> resolve -> compile, the one path every confining
 * caller takes, so apply, show, the preload and the public API cannot drift
 * apart in what they accept.
 */
#include "pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "builtin.h"
#include "cache.h"
#include "io.h"
#include "names.h"
#include "sha256.h"
#include "validate.h"

/*
 * The validator reports every problem to the sink, errors included; the
 * first error also comes back in err and the caller prints that one.  Pass
 * on only the warnings so a confining caller never prints an error twice.
 */
static void forward_warning(void *ud, enum sc_severity sev,
			    const struct sc_error *e)
{
	const struct sc_diag *d = ud;

	if (sev == SC_SEV_WARNING && d && d->fn)
		d->fn(d->ud, sev, e);
}

int sc_pipeline_load(const char *path, struct sc_profile **ret,
		     const struct sc_diag *d, struct sc_error *err)
{
	struct sc_pipeline_src src;
	int r;

	if (!ret)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no place for the profile");
	r = sc_pipeline_read(path, &src, err);
	if (r < 0)
		return r;
	r = sc_pipeline_parse(&src, ret, d, err);
	sc_pipeline_src_free(&src);
	return r;
}

#ifdef SECCAP_TEST_HOOKS
/*
 * Test builds only (build/tests/seccap-hooked, never installed): with
 * SECCAP_TEST_BREAK_ALLOW set, the program's first "ret ALLOW" becomes
 * "ret ERRNO(EPERM)", a compiler defect planted where every applet's
 * program passes, so the tests can watch the self-check refuse it.
 */
static void test_break_program(struct sc_bpf *b)
{
	if (!getenv("SECCAP_TEST_BREAK_ALLOW"))
		return;
	for (size_t i = 0; i < b->len; i++) {
		if (b->insns[i].code == (BPF_RET | BPF_K) &&
		    b->insns[i].k == SECCOMP_RET_ALLOW) {
			b->insns[i].k = SECCOMP_RET_ERRNO | EPERM;
			return;
		}
	}
}
#endif

int sc_pipeline_build(const struct sc_profile *p, const struct sc_target *t,
		      const struct sc_compile_opts *o, const struct sc_diag *d,
		      const struct sc_explain *ex,
		      struct sc_profile **ret_resolved, struct sc_bpf **ret_bpf,
		      struct sc_error *err)
{
	struct sc_profile *resolved = NULL;
	struct sc_compile_opts co;
	struct sc_bpf *bpf = NULL;
	int r;

	if (!p || !t || !o)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: missing profile, target or options");

	r = sc_resolve(p, t, ex, &resolved, err);
	if (r < 0)
		return r;

	/*
	 * Compile even when the caller wants only the resolved profile: what
	 * the compiler refuses must fail every caller alike.
	 */
	/* p was validated on the way in (sc_pipeline_load/_parse). */
	co = *o;
	co.names_checked = true;
	r = sc_compile(resolved, &co, &bpf, d, err);
	if (r < 0) {
		sc_profile_free(resolved);
		return r;
	}
#ifdef SECCAP_TEST_HOOKS
	test_break_program(bpf);
#endif
	if (ret_bpf)
		*ret_bpf = bpf;
	else
		sc_bpf_free(bpf);

	if (ret_resolved)
		*ret_resolved = resolved;
	else
		sc_profile_free(resolved);
	return 0;
}

int sc_pipeline_verify(const struct sc_profile *resolved,
		       const struct sc_compile_opts *o, const struct sc_bpf *b,
		       const struct sc_diag *d, struct sc_verify_stats *st,
		       struct sc_error *err)
{
	return sc_verify(resolved, o, b, SC_PIPELINE_VERIFY_SHOWN, d, st, err);
}

int sc_pipeline_build_verified(const struct sc_profile *p,
			       const struct sc_target *t,
			       const struct sc_compile_opts *o,
			       const struct sc_diag *d,
			       struct sc_profile **ret_resolved,
			       struct sc_bpf **ret_bpf, struct sc_error *err)
{
	struct sc_profile *resolved = NULL;
	struct sc_bpf *bpf = NULL;
	int r;

	r = sc_pipeline_build(p, t, o, d, NULL, &resolved, &bpf, err);
	if (r == 0)
		r = sc_pipeline_verify(resolved, o, bpf, d, NULL, err);
	if (r == 0 && ret_bpf) {
		*ret_bpf = bpf;
		bpf = NULL;
	}
	if (r == 0 && ret_resolved) {
		*ret_resolved = resolved;
		resolved = NULL;
	}
	sc_bpf_free(bpf);
	sc_profile_free(resolved);
	return r;
}

/* ---- compiled files and the cache ---- */

int sc_pipeline_read(const char *path, struct sc_pipeline_src *src,
		     struct sc_error *err)
{
	int r;

	memset(src, 0, sizeof(*src));
	if (!path || strcmp(path, SC_DEFAULT_PROFILE_NAME) == 0) {
		src->name = SC_DEFAULT_PROFILE_NAME;
		sc_default_profile(&src->bytes, &src->len);
		sc_default_profile_digest(src->digest);
	} else {
		if (!*path)
			return sc_err(err, EINVAL, NULL, 0, 0,
				      "empty profile path");
		r = sc_read_file_stat(path, &src->buf, &src->len, &src->st,
				      err);
		if (r < 0)
			return r;
		src->name = path;
		src->bytes = src->buf;
	}
	src->compiled = sc_compiled_is(src->bytes, src->len);
	/*
	 * The digest keys the cache and the compiled header of a profile; a
	 * compiled file carries a digest of its own program, checked when it
	 * is parsed, and hashing all of it here too only delayed the start.
	 */
	if (src->buf && !src->compiled)
		sc_sha256(src->bytes, src->len, src->digest);
	return 0;
}

void sc_pipeline_src_free(struct sc_pipeline_src *src)
{
	if (!src)
		return;
	free(src->buf);
	memset(src, 0, sizeof(*src));
}

int sc_pipeline_parse(const struct sc_pipeline_src *src,
		      struct sc_profile **ret, const struct sc_diag *d,
		      struct sc_error *err)
{
	struct sc_diag warnings = { .fn = forward_warning, .ud = (void *)d };
	struct sc_profile *p = NULL;
	int r;

	if (src->compiled)
		return sc_err(err, EINVAL, src->name, 0, 0,
			      "this is a compiled filter, not a profile; give "
			      "the profile it was compiled from");
	r = sc_profile_parse(src->name, src->bytes, src->len, SC_FMT_AUTO, &p,
			     d, err);
	if (r < 0)
		return r;
	/* Word the messages with the keys of the format the user wrote. */
	r = sc_profile_validate_fmt(p, sc_format_detect(src->bytes, src->len),
				    &warnings, err);
	if (r < 0) {
		sc_profile_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

static const char *arch_text(uint32_t arch)
{
	const char *s = sc_arch_scmp_name(arch);

	return s ? s : "an unknown architecture";
}

int sc_pipeline_compiled(const struct sc_pipeline_src *src, uint32_t arch,
			 const struct sc_capset *want, bool tsync,
			 const struct sc_diag *d, struct sc_bpf **ret,
			 struct sc_error *err)
{
	struct sc_compiled_info info;
	struct sc_bpf *b = NULL;
	struct sc_capset have;
	char have_s[200], want_s[200];
	int r;

	if (!arch)
		arch = sc_arch_native();
	r = sc_compiled_parse(src->bytes, src->len, src->name, &info, &b, err);
	if (r < 0)
		return r;
	if (info.arch != arch) {
		sc_bpf_free(b);
		return sc_err(err, EINVAL, src->name, 0, 0,
			      "compiled for %s, this machine is %s; compile "
			      "the profile on this machine",
			      arch_text(info.arch), arch_text(arch));
	}
	/*
	 * The file's rules were resolved for its own set: loading it for
	 * another would give that process another policy than it asked for.
	 */
	have.bits = info.caps;
	if (want && want->bits != info.caps) {
		struct sc_capset lacks = { info.caps & ~want->bits };
		struct sc_capset adds = { want->bits & ~info.caps };
		char diff[160] = "", l[120], a[120];

		if (lacks.bits && sc_capset_format(&lacks, l, sizeof(l)) < sizeof(l))
			snprintf(diff, sizeof(diff), " without %s", l);
		else if (adds.bits && sc_capset_format(&adds, a, sizeof(a)) < sizeof(a))
			snprintf(diff, sizeof(diff), " with %s", a);
		sc_bpf_free(b);
		return sc_err(err, EINVAL, src->name, 0, 0,
			      "compiled for the capability set %s, but %s was "
			      "asked for%s%s%s; compile the profile for that set "
			      "(seccap show --format compiled --caps ...) or do "
			      "not ask for a set",
			      sc_capset_describe(&have, have_s, sizeof(have_s)),
			      sc_capset_describe(want, want_s, sizeof(want_s)),
			      *diff ? " (the set" : "", diff, *diff ? ")" : "");
	}
	if (!want)
		sc_diag_emit(d, SC_SEV_WARNING, EINVAL, src->name, 0, 0,
			     "compiled for the capability set %s; no set was "
			     "asked for, so that one applies",
			     sc_capset_describe(&have, have_s, sizeof(have_s)));
	if (tsync)
		b->flags |= SECCOMP_FILTER_FLAG_TSYNC;
	*ret = b;
	return 0;
}

int sc_pipeline_cache_key(struct sc_pipeline_cache *c,
			  const struct sc_pipeline_src *src,
			  const struct sc_target *t,
			  const struct sc_compile_opts *o)
{
	struct sc_cache_req req = { 0 };
	char kernel[80];
	struct utsname u;

	memset(c, 0, sizeof(*c));
	c->dirfd = -1;
	memcpy(req.profile_digest, src->digest, SC_SHA256_LEN);
	req.caps = t->caps.bits;
	req.arch = o->arch ? o->arch : t->arch ? t->arch : sc_arch_native();
	if (t->kernel_set)
		snprintf(kernel, sizeof(kernel), "%u.%u (set)", t->kernel_major,
			 t->kernel_minor);
	else if (uname(&u) == 0) {
		/* No printf on the warm path: its first use faults pages in. */
		size_t n = strnlen(u.release, 64);

		memcpy(kernel, u.release, n);
		kernel[n] = '\0';
	} else
		return -errno;
	req.kernel = kernel;
	req.log_mode = o->log_mode;
	req.tsync = o->tsync;
	req.no_enosys = o->no_enosys;
	sc_cache_key(&req, c->key);
	sc_cache_info(&req, c->key, &c->info);
	c->arch = req.arch;
	/* The embedded default and stdin have no file: root's entries only. */
	c->writer.uid = SC_UID_LAZY;
	c->writer.profile = src->buf && src->st.st_ino ? src->name : NULL;
	c->writer.st = &src->st;
	return 0;
}

static bool same_dir(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int sc_pipeline_cache_lookup(struct sc_pipeline_cache *c,
			     const struct sc_pipeline_src *src,
			     const struct sc_target *t,
			     const struct sc_compile_opts *o,
			     struct sc_bpf **ret)
{
	struct sc_cache_writer root = { .uid = 0 };
	int sysfd, r = 0;

	memset(c, 0, sizeof(*c));
	c->dirfd = -1;
	if (src->compiled || !sc_cache_enabled() ||
	    sc_pipeline_cache_key(c, src, t, o) < 0)
		return 0;
	c->dirfd = sc_cache_open_dir(&c->writer);
	if (c->dirfd < 0)
		c->dirfd = -1;
	if (!ret)
		return 0;
	if (c->dirfd >= 0) {
		r = sc_cache_lookup(c->dirfd, c->key, c->arch, &c->writer,
				    ret);
		if (r != 0)
			return r;
	}
	/* Root's entries, which every profile may use. */
	sysfd = sc_cache_open_system_dir(false);
	if (sysfd < 0)
		return 0;
	if (c->dirfd < 0 || !same_dir(c->dirfd, sysfd))
		r = sc_cache_lookup(sysfd, c->key, c->arch, &root, ret);
	close(sysfd);
	return r;
}

void sc_pipeline_cache_store(struct sc_pipeline_cache *c,
			     const struct sc_bpf *b)
{
	if (c->dirfd >= 0)
		(void)sc_cache_store(c->dirfd, &c->info, b, 0600);
}

int sc_pipeline_cache_add(const char *path, const struct sc_target *t,
			  const struct sc_compile_opts *o,
			  const struct sc_diag *d, char entry[65],
			  struct sc_error *err)
{
	struct sc_pipeline_src src;
	struct sc_pipeline_cache c = { .dirfd = -1 };
	struct sc_profile *p = NULL;
	struct sc_bpf *b = NULL;
	struct stat st;
	int r;

	if (geteuid() != 0)
		return sc_err(err, EPERM, NULL, 0, 0,
			      "only root can write the system cache %s",
			      sc_cache_system_dir());
	r = sc_pipeline_read(path, &src, err);
	if (r < 0)
		return r;
	r = sc_pipeline_parse(&src, &p, d, err);
	/* What every user's process may load: checked like any stored entry. */
	if (r == 0)
		r = sc_pipeline_build_verified(p, t, o, d, NULL, &b, err);
	if (r < 0)
		goto out;
	r = sc_pipeline_cache_key(&c, &src, t, o);
	if (r < 0) {
		r = sc_err(err, -r, NULL, 0, 0, "cannot tell the kernel release");
		goto out;
	}
	c.dirfd = sc_cache_open_system_dir(true);
	if (c.dirfd < 0) {
		r = sc_err(err, -c.dirfd, sc_cache_system_dir(), 0, 0,
			   "cannot use the system cache: %s (it and every "
			   "directory above it must be root's and writable "
			   "by nobody else)",
			   strerror(-c.dirfd));
		c.dirfd = -1;
		goto out;
	}
	/* Readable by all (root's automatic cache makes it 0700). */
	if (fstat(c.dirfd, &st) < 0 || ((st.st_mode & 0755) != 0755 &&
					chmod(sc_cache_system_dir(), 0755) < 0)) {
		r = sc_err(err, errno, sc_cache_system_dir(), 0, 0,
			   "cannot make it readable by all: %s",
			   strerror(errno));
		goto out;
	}
	r = sc_cache_store(c.dirfd, &c.info, b, 0644);
	if (r < 0) {
		r = sc_err(err, -r, sc_cache_system_dir(), 0, 0,
			   "cannot write the entry: %s", strerror(-r));
		goto out;
	}
	if (entry)
		sc_sha256_hex(c.key, entry);
out:
	sc_pipeline_cache_close(&c);
	sc_bpf_free(b);
	sc_profile_free(p);
	sc_pipeline_src_free(&src);
	return r;
}

void sc_pipeline_cache_close(struct sc_pipeline_cache *c)
{
	if (c->dirfd >= 0)
		close(c->dirfd);
	c->dirfd = -1;
}

void sc_pipeline_job_free(struct sc_pipeline_job *job)
{
	sc_pipeline_cache_close(&job->cache);
	sc_pipeline_src_free(&job->src);
}

int sc_pipeline_builtin(const struct sc_pipeline_src *src,
			const struct sc_target *t,
			const struct sc_compile_opts *o, struct sc_bpf **ret)
{
#ifdef SECCAP_TEST_HOOKS
	if (getenv("SECCAP_TEST_BREAK_ALLOW"))
		return 0;
#endif
	if (src->buf || src->compiled ||
	    strcmp(src->name, SC_DEFAULT_PROFILE_NAME) != 0)
		return 0;
	return sc_builtin_default(src->digest, t, o, ret);
}

int sc_pipeline_bpf_start(const char *path, const struct sc_target *t,
			  const struct sc_compile_opts *o, bool fresh,
			  const struct sc_diag *d, struct sc_pipeline_job *job,
			  struct sc_bpf **ret, int *ret_src,
			  struct sc_error *err)
{
	struct sc_bpf *b = NULL;
	int r;

	memset(job, 0, sizeof(*job));
	job->cache.dirfd = -1;
	r = sc_pipeline_read(path, &job->src, err);
	if (r < 0)
		return r;
	if (job->src.compiled) {
		r = sc_pipeline_compiled(&job->src, o->arch ? o->arch : t->arch,
					 t->caps_asked ? &t->caps : NULL,
					 o->tsync, d, &b, err);
		if (r == 0 && ret_src)
			*ret_src = SC_SRC_COMPILED_FILE;
		goto done;
	}
	r = sc_pipeline_builtin(&job->src, t, o, &b);
	if (r != 0) {
		if (r == 1 && ret_src)
			*ret_src = SC_SRC_BUILTIN;
		goto found;
	}
	r = sc_pipeline_cache_lookup(&job->cache, &job->src, t, o, &b);
	if (r == 1 && fresh) {
		sc_bpf_free(b);
		b = NULL;
		r = 0;
	}
	if (r == 0)
		return 0; /* to be compiled: job stays open */
	if (r == 1 && ret_src)
		*ret_src = SC_SRC_CACHE;
found:
	if (r == 1)
		r = 0;
	else
		r = sc_err(err, -r, NULL, 0, 0, "out of memory");
done:
	sc_pipeline_job_free(job);
	if (r < 0)
		return r;
	*ret = b;
	return 1;
}

int sc_pipeline_bpf_finish(struct sc_pipeline_job *job,
			   const struct sc_target *t,
			   const struct sc_compile_opts *o,
			   const struct sc_diag *d, struct sc_bpf **ret,
			   int *ret_src, struct sc_error *err)
{
	struct sc_profile *p = NULL;
	struct sc_bpf *b = NULL;
	int r;

	r = sc_pipeline_parse(&job->src, &p, d, err);
	if (r == 0)
		r = sc_pipeline_build_verified(p, t, o, d, NULL, &b, err);
	if (r == 0)
		sc_pipeline_cache_store(&job->cache, b);
	sc_profile_free(p);
	sc_pipeline_job_free(job);
	if (r < 0)
		return r;
	*ret = b;
	if (ret_src)
		*ret_src = SC_SRC_COMPILED_NOW;
	return 0;
}

int sc_pipeline_bpf(const char *path, const struct sc_target *t,
		    const struct sc_compile_opts *o, bool fresh,
		    const struct sc_diag *d, struct sc_bpf **ret, int *ret_src,
		    struct sc_error *err)
{
	struct sc_pipeline_job job;
	int r;

	r = sc_pipeline_bpf_start(path, t, o, fresh, d, &job, ret, ret_src,
				  err);
	if (r != 0)
		return r < 0 ? r : 0;
	return sc_pipeline_bpf_finish(&job, t, o, d, ret, ret_src, err);
}
