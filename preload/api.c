/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public API of libcapfilter: thin, checked wrappers over the pipeline
 * (conf/pipeline.h).  Only functions marked API are exported; the version
 * script (libcapfilter.map) hides everything else.
 */
#include "seccap.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "agent.h"
#include "internal.h"
#include "io.h"
#include "names.h"
#include "pipeline.h"
#include "policy.h"
#include "validate.h"

#define API __attribute__((visibility("default")))

/*
 * struct seccap_error is struct sc_error under its public name: the same
 * fields at the same offsets, so converting is a copy.
 */
_Static_assert(sizeof(struct seccap_error) == sizeof(struct sc_error),
	       "seccap_error and sc_error differ in size");
_Static_assert(offsetof(struct seccap_error, code) ==
		       offsetof(struct sc_error, code) &&
	       offsetof(struct seccap_error, line) ==
		       offsetof(struct sc_error, line) &&
	       offsetof(struct seccap_error, col) ==
		       offsetof(struct sc_error, col) &&
	       offsetof(struct seccap_error, file) ==
		       offsetof(struct sc_error, file) &&
	       offsetof(struct seccap_error, msg) ==
		       offsetof(struct sc_error, msg),
	       "seccap_error and sc_error differ in layout");
_Static_assert(SECCAP_FILE_MAX == SC_FILE_MAX && SECCAP_MSG_MAX == SC_MSG_MAX,
	       "seccap_error and sc_error differ in buffer sizes");
_Static_assert(sizeof(struct sock_filter) == 8,
	       "the exported BPF format is 8 bytes an instruction");

struct seccap_profile {
	struct sc_profile *model;
};

struct seccap_filter {
	struct sc_bpf *bpf;
	uint32_t arch; /* SCMP_ARCH_* it was compiled for, never 0 */
	/* The profile's agent, for SCMP_ACT_NOTIFY; NULL when it has none. */
	char *listener_path, *listener_metadata;
};

#define KNOWN_OPT_FLAGS (SECCAP_OPT_LOG | SECCAP_OPT_KERNEL | SECCAP_OPT_NO_ENOSYS)
#define KNOWN_APPLY_FLAGS (SECCAP_APPLY_NO_NNP)

/* Copy e out and return r: the one exit of every fallible entry point. */
static int finish(int r, const struct sc_error *e, struct seccap_error *err)
{
	if (r < 0 && err)
		memcpy(err, e, sizeof(*err));
	return r;
}

/*
 * The caller's options, read up to the size it was built with.  A bigger
 * struct from a newer header is fine as long as the fields this library does
 * not know are zero (openat2's rule): a set field we would ignore is an error.
 */
static int read_options(const struct seccap_options *in,
			struct seccap_options *out, struct sc_error *e)
{
	memset(out, 0, sizeof(*out));
	out->size = sizeof(*out);
	if (!in)
		return 0;
	if (in->size < sizeof(in->size) + sizeof(in->arch))
		return sc_err(e, EINVAL, NULL, 0, 0,
			      "seccap_options.size %zu is too small; initialise it with SECCAP_OPTIONS_INIT",
			      in->size);
	if (in->size > sizeof(*out)) {
		const unsigned char *extra = (const unsigned char *)in + sizeof(*out);

		for (size_t i = 0; i < in->size - sizeof(*out); i++)
			if (extra[i])
				return sc_err(e, E2BIG, NULL, 0, 0,
					      "seccap_options sets a field this libcapfilter %s does not know",
					      SECCAP_VERSION);
	}
	memcpy(out, in, in->size < sizeof(*out) ? in->size : sizeof(*out));
	out->size = sizeof(*out);
	if (out->flags & ~KNOWN_OPT_FLAGS)
		return sc_err(e, EINVAL, NULL, 0, 0,
			      "unknown seccap_options flags 0x%x",
			      out->flags & ~KNOWN_OPT_FLAGS);
	return 0;
}

static void warn_adapter(void *ud, enum sc_severity sev,
			 const struct sc_error *e)
{
	const struct seccap_options *o = ud;
	struct seccap_error w;

	if (sev != SC_SEV_WARNING || !o->warning)
		return;
	memcpy(&w, e, sizeof(w));
	o->warning(o->warning_ud, &w);
}

static int wrap_profile(struct sc_profile *model, struct seccap_profile **ret,
			struct sc_error *e)
{
	struct seccap_profile *p = malloc(sizeof(*p));

	if (!p) {
		sc_profile_free(model);
		return sc_err(e, ENOMEM, NULL, 0, 0, "out of memory");
	}
	p->model = model;
	*ret = p;
	return 0;
}

API const char *seccap_version(void)
{
	return SECCAP_VERSION;
}

API size_t seccap_error_format(const struct seccap_error *err, char *buf,
			       size_t n)
{
	struct sc_error e;

	if (!err) {
		if (n)
			buf[0] = '\0';
		return 0;
	}
	memcpy(&e, err, sizeof(e));
	/* the caller's struct may not be terminated; ours is, then */
	e.file[sizeof(e.file) - 1] = '\0';
	e.msg[sizeof(e.msg) - 1] = '\0';
	return sc_error_format(&e, NULL, buf, n);
}

/* One load through the public API: its error, options, sink and result. */
struct load {
	struct sc_error e;
	struct seccap_options o;
	struct sc_diag d;          /* warnings to o.warning */
	struct sc_profile *model;
};

/*
 * What both loaders check first: the caller's options, then the arguments
 * (args_ok false: "no profile WHAT or no place for the profile").
 */
static int load_begin(struct load *l, const struct seccap_options *opts,
		      bool args_ok, const char *what)
{
	int r;

	memset(l, 0, sizeof(*l));
	l->d = (struct sc_diag){ .fn = warn_adapter, .ud = &l->o };
	r = read_options(opts, &l->o, &l->e);
	if (r < 0)
		return r;
	if (!args_ok)
		return sc_err(&l->e, EINVAL, NULL, 0, 0,
			      "no profile %s or no place for the profile", what);
	return 0;
}

/* What both do last: hand the model out, or report the failure r. */
static int load_end(struct load *l, int r, struct seccap_profile **ret,
		    struct seccap_error *err)
{
	if (r < 0)
		return finish(r, &l->e, err);
	return finish(wrap_profile(l->model, ret, &l->e), &l->e, err);
}

API int seccap_profile_load_file(const char *path,
				 const struct seccap_options *opts,
				 struct seccap_profile **ret,
				 struct seccap_error *err)
{
	struct load l;
	int r = load_begin(&l, opts, path && ret, "path");

	if (r == 0)
		r = sc_pipeline_load(path, &l.model, &l.d, &l.e);
	return load_end(&l, r, ret, err);
}

/* The validator reports errors to the sink as well; only warnings go on. */
API int seccap_profile_load_string(const char *text, size_t len,
				   const char *name,
				   const struct seccap_options *opts,
				   struct seccap_profile **ret,
				   struct seccap_error *err)
{
	struct load l;
	int r = load_begin(&l, opts, (text || !len) && ret, "text");

	if (!text)
		text = "";
	if (r == 0)
		r = sc_profile_parse(name ? name : "<string>", text, len,
				     SC_FMT_AUTO, &l.model, &l.d, &l.e);
	if (r == 0) {
		r = sc_profile_validate_fmt(l.model,
					    sc_format_detect(text, len),
					    &l.d, &l.e);
		if (r < 0)
			sc_profile_free(l.model);
	}
	return load_end(&l, r, ret, err);
}

API int seccap_profile_load_default(const struct seccap_options *opts,
				    struct seccap_profile **ret,
				    struct seccap_error *err)
{
	return seccap_profile_load_file(SC_DEFAULT_PROFILE_NAME, opts, ret, err);
}

API void seccap_profile_free(struct seccap_profile *p)
{
	if (!p)
		return;
	sc_profile_free(p->model);
	free(p);
}

API int seccap_caps_parse(const char *spec, struct seccap_caps *ret,
			  struct seccap_error *err)
{
	struct sc_error e = { 0 };
	struct sc_capset c = { 0 };
	int r;

	if (!spec || !ret)
		return finish(sc_err(&e, EINVAL, NULL, 0, 0,
				     "no capability spec or no place for the set"),
			      &e, err);
	r = sc_capset_parse(spec, &c, &e);
	if (r < 0)
		return finish(r, &e, err);
	ret->bits = c.bits;
	return 0;
}

static int parse_arch(const char *name, uint32_t *ret, struct sc_error *e)
{
	uint32_t a;

	if (!name) {
		*ret = sc_arch_native();
		if (!*ret)
			return sc_err(e, EINVAL, NULL, 0, 0,
				      "this machine's architecture is not supported by libseccomp");
		return 0;
	}
	a = sc_arch_from_scmp_name(name);
	if (!a)
		a = sc_arch_from_go_name(name);
	if (!a) {
		const char *hint = sc_suggest(name, sc_arch_go_names);

		return sc_err(e, EINVAL, NULL, 0, 0,
			      "unknown architecture '%s'%s%s%s", name,
			      hint ? "; did you mean '" : "",
			      hint ? hint : "", hint ? "'?" : "");
	}
	*ret = a;
	return 0;
}

API int seccap_filter_compile(const struct seccap_profile *p,
			      const struct seccap_caps *caps,
			      const struct seccap_options *opts,
			      struct seccap_filter **ret,
			      struct seccap_error *err)
{
	struct sc_error e = { 0 };
	struct seccap_options o;
	struct sc_diag d = { .fn = warn_adapter, .ud = &o };
	struct sc_target t = { 0 };
	struct sc_compile_opts co = { 0 };
	struct seccap_filter *f = NULL;
	struct sc_bpf *bpf = NULL;
	int r;

	r = read_options(opts, &o, &e);
	if (r < 0)
		return finish(r, &e, err);
	if (!p || !ret)
		return finish(sc_err(&e, EINVAL, NULL, 0, 0,
				     "no profile or no place for the filter"),
			      &e, err);
	r = parse_arch(o.arch, &t.arch, &e);
	if (r < 0)
		return finish(r, &e, err);
	if (o.flags & SECCAP_OPT_KERNEL) {
		t.kernel_set = true;
		t.kernel_major = o.kernel_major;
		t.kernel_minor = o.kernel_minor;
	}
	if (caps) {
		t.caps.bits = caps->bits;
	} else {
		r = sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &e);
		if (r < 0)
			return finish(r, &e, err);
	}
	co.arch = t.arch;
	co.log_mode = o.flags & SECCAP_OPT_LOG;
	co.no_enosys = o.flags & SECCAP_OPT_NO_ENOSYS;
	/* Confine every thread or none: a thread left out is a hole. */
	co.tsync = true;

	f = calloc(1, sizeof(*f));
	if (!f)
		return finish(sc_err(&e, ENOMEM, NULL, 0, 0, "out of memory"),
			      &e, err);
	r = sc_pipeline_build_verified(p->model, &t, &co, &d, NULL, &bpf, &e);
	if (r < 0) {
		free(f);
		return finish(r, &e, err);
	}
	f->bpf = bpf;
	f->arch = t.arch;
	if (sc_set_str(&f->listener_path, p->model->listener_path) < 0 ||
	    sc_set_str(&f->listener_metadata,
		       p->model->listener_metadata) < 0) {
		seccap_filter_free(f);
		return finish(sc_err(&e, ENOMEM, NULL, 0, 0, "out of memory"),
			      &e, err);
	}
	*ret = f;
	return 0;
}

API size_t seccap_filter_length(const struct seccap_filter *f)
{
	return f ? f->bpf->len : 0;
}

API int seccap_filter_export_bpf(const struct seccap_filter *f, int fd,
				 struct seccap_error *err)
{
	struct sc_error e = { 0 };
	const char *p;
	size_t left;

	if (!f || fd < 0)
		return finish(sc_err(&e, EINVAL, NULL, 0, 0,
				     "no filter or no file descriptor"),
			      &e, err);
	p = (const char *)f->bpf->insns;
	left = f->bpf->len * sizeof(struct sock_filter);
	while (left > 0) {
		ssize_t w = write(fd, p, left);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return finish(sc_err(&e, errno, NULL, 0, 0,
					     "cannot write the filter to fd %d: %s",
					     fd, strerror(errno)),
				      &e, err);
		}
		p += w;
		left -= (size_t)w;
	}
	return 0;
}

int capf_load(const struct sc_bpf *b, bool keep_privs,
	      const char *listener_path, const char *listener_metadata,
	      struct sc_error *err)
{
	struct sc_error ignored;
	bool need;

	/* Unreadable capabilities: sc_nnp_needed says need, the safe side. */
	(void)sc_nnp_needed(!keep_privs, &need, &ignored);
	if (need && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		int saved = errno;

		return sc_err(err, saved, NULL, 0, 0,
			      "cannot set no_new_privs: %s", strerror(saved));
	}
	if ((b->flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) && listener_path)
		return sc_agent_load(b, listener_path, listener_metadata, err);
	return sc_bpf_load(b, err);
}

API int seccap_filter_apply(const struct seccap_filter *f, unsigned flags,
			    struct seccap_error *err)
{
	struct sc_error e = { 0 };
	uint32_t native;

	if (!f)
		return finish(sc_err(&e, EINVAL, NULL, 0, 0, "no filter"), &e,
			      err);
	if (flags & ~KNOWN_APPLY_FLAGS)
		return finish(sc_err(&e, EINVAL, NULL, 0, 0,
				     "unknown seccap_filter_apply flags 0x%x",
				     flags & ~KNOWN_APPLY_FLAGS),
			      &e, err);
	/* A filter for another arch would kill the process at its next
	 * syscall; refuse it while the caller can still report. */
	native = sc_arch_native();
	if (f->arch != native) {
		const char *fa = sc_arch_scmp_name(f->arch);
		const char *na = sc_arch_scmp_name(native);

		return finish(sc_err(&e, EINVAL, NULL, 0, 0,
				     "the filter was compiled for %s, this machine is %s",
				     fa ? fa : "another architecture",
				     na ? na : "not supported"),
			      &e, err);
	}
	return finish(capf_load(f->bpf, flags & SECCAP_APPLY_NO_NNP,
				f->listener_path, f->listener_metadata, &e),
		      &e, err);
}

API void seccap_filter_free(struct seccap_filter *f)
{
	if (!f)
		return;
	sc_bpf_free(f->bpf);
	free(f->listener_path);
	free(f->listener_metadata);
	free(f);
}

API int seccap_confine(const char *path, const char *caps_spec,
		       unsigned flags, struct seccap_error *err)
{
	struct seccap_profile *p = NULL;
	struct seccap_filter *f = NULL;
	struct seccap_caps caps;
	int r;

	r = seccap_caps_parse(caps_spec ? caps_spec : "permitted", &caps, err);
	if (r < 0)
		return r;
	r = seccap_profile_load_file(path, NULL, &p, err);
	if (r < 0)
		return r;
	r = seccap_filter_compile(p, &caps, NULL, &f, err);
	/* The model is not needed to load; free it before the filter can
	 * deny what free() might call. */
	seccap_profile_free(p);
	if (r < 0)
		return r;
	r = seccap_filter_apply(f, flags, err);
	seccap_filter_free(f);
	return r;
}
