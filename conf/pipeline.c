/* SPDX-License-Identifier: Apache-2.0 */
/*
 * load -> validate -> resolve -> compile, the one path every confining
 * caller takes, so apply, show, the preload and the public API cannot drift
 * apart in what they accept.
 */
#include "pipeline.h"

#include <errno.h>
#include <string.h>

#include "io.h"
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
	struct sc_diag warnings = { .fn = forward_warning, .ud = (void *)d };
	struct sc_profile *p = NULL;
	int r;

	if (!ret)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no place for the profile");
	if (!path || strcmp(path, SC_DEFAULT_PROFILE_NAME) == 0) {
		const char *buf;
		size_t len;

		sc_default_profile(&buf, &len);
		r = sc_profile_parse(SC_DEFAULT_PROFILE_NAME, buf, len,
				     SC_FMT_AUTO, &p, d, err);
	} else {
		if (!*path)
			return sc_err(err, EINVAL, NULL, 0, 0,
				      "empty profile path");
		r = sc_profile_load(path, SC_FMT_AUTO, &p, d, err);
	}
	if (r < 0)
		return r;

	r = sc_profile_validate(p, &warnings, err);
	if (r < 0) {
		sc_profile_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

int sc_pipeline_build(const struct sc_profile *p, const struct sc_target *t,
		      const struct sc_compile_opts *o, const struct sc_diag *d,
		      const struct sc_explain *ex,
		      struct sc_profile **ret_resolved, struct sc_bpf **ret_bpf,
		      struct sc_error *err)
{
	struct sc_profile *resolved = NULL;
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
	r = sc_compile(resolved, o, &bpf, d, err);
	if (r < 0) {
		sc_profile_free(resolved);
		return r;
	}
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
