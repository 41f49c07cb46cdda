/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The built-in default's programs (conf/builtin.h): each embedded program
 * is byte for byte what a fresh parse, resolve and compile of the embedded
 * default gives for its key today; what the resolution depends on (R, the
 * kernel threshold) is what the resolver says of the default; and every
 * input of the key that differs -- capabilities in R, kernel, arch, log
 * mode, no_enosys, a file holding the same bytes -- falls back to
 * compiling, while capabilities outside R and TSYNC do not.  Nothing here
 * loads a filter; tests/cli/test_builtin.sh runs the programs.
 */
#include <criterion/criterion.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"
#include "io.h"
#include "lib/testutil.h"
#include "names.h"
#include "pipeline.h"

static const struct sc_builtin_table *tab = &sc_builtin_default_table;

/* The cache must not answer for anything these tests compile. */
static void no_cache(void)
{
	cr_assert_eq(setenv("SECCAP_CACHE", "0", 1), 0);
}

static uint64_t caps_of(const char *spec)
{
	struct sc_capset c;
	struct sc_error e = { 0 };

	cr_assert_eq(sc_capset_parse(spec, &c, &e), 0, "%s", e.msg);
	return c.bits;
}

static struct sc_profile *embedded_default(void)
{
	struct sc_profile *p = NULL;
	struct sc_error e = { 0 };

	cr_assert_eq(sc_pipeline_load(NULL, &p, NULL, &e), 0, "%s", e.msg);
	return p;
}

static struct sc_target kernel_target(uint64_t caps, unsigned major,
				      unsigned minor)
{
	struct sc_target t = { .kernel_set = true, .kernel_major = major,
			       .kernel_minor = minor, .caps = { caps } };
	return t;
}

/* A target at the table's own kernel threshold. */
static struct sc_target target(uint64_t caps)
{
	return kernel_target(caps, tab->inputs.kmajor, tab->inputs.kminor);
}

static bool same_prog(const struct sc_bpf *a, const struct sc_bpf *b)
{
	return a->len == b->len && a->flags == b->flags &&
	       memcmp(a->insns, b->insns, a->len * sizeof(*a->insns)) == 0;
}

/* sc_pipeline_bpf for the default: the program and which way it came. */
static struct sc_bpf *via_pipeline(const char *path, const struct sc_target *t,
				   const struct sc_compile_opts *o, bool fresh,
				   int *how)
{
	struct sc_error e = { 0 };
	struct sc_bpf *b = NULL;

	cr_assert_eq(sc_pipeline_bpf(path, t, o, fresh, NULL, &b, how, &e), 0,
		     "%s", e.msg);
	return b;
}

Test(builtin, table_is_for_the_embedded_default)
{
	struct sc_pipeline_src src;
	struct sc_error e = { 0 };
	struct sc_profile *p = embedded_default();
	struct sc_resolve_inputs in;

	cr_assert_eq(sc_pipeline_read(NULL, &src, &e), 0);
	cr_expect_eq(memcmp(src.digest, tab->profile_digest, SC_SHA256_LEN), 0);
	cr_expect_eq(tab->arch, sc_arch_native());
	sc_resolve_inputs(p, &in);
	cr_expect_eq(in.caps, tab->inputs.caps);
	cr_expect_eq(in.min_kernel, tab->inputs.min_kernel);
	cr_expect_eq(in.kmajor, tab->inputs.kmajor);
	cr_expect_eq(in.kminor, tab->inputs.kminor);
	sc_pipeline_src_free(&src);
	sc_profile_free(p);
}

/* The digest sc_pipeline_read gives the default, taken at build time. */
Test(builtin, build_time_digest_is_of_the_embedded_bytes)
{
	const char *buf;
	size_t len;
	uint8_t want[SC_SHA256_LEN], got[SC_SHA256_LEN];

	sc_default_profile(&buf, &len);
	cr_assert_gt(len, 0);
	sc_sha256(buf, len, want);
	sc_default_profile_digest(got);
	cr_expect_eq(memcmp(want, got, SC_SHA256_LEN), 0);
}

/* Docker's default: the 14 capabilities its groups name, minKernel 4.8. */
Test(builtin, resolver_inputs_of_docker_default)
{
	struct sc_profile *p = embedded_default();
	struct sc_resolve_inputs in;

	sc_resolve_inputs(p, &in);
	cr_expect_eq(in.caps,
		     caps_of("DAC_READ_SEARCH,SYS_ADMIN,SYS_BOOT,SYS_CHROOT,"
			     "SYS_MODULE,SYS_PACCT,SYS_PTRACE,SYS_RAWIO,"
			     "SYS_TIME,SYS_TTY_CONFIG,SYS_NICE,SYSLOG,BPF,"
			     "PERFMON"),
		     "R = 0x%llx", (unsigned long long)in.caps);
	cr_expect(in.min_kernel);
	cr_expect_eq(in.kmajor, 4);
	cr_expect_eq(in.kminor, 8);
	sc_profile_free(p);
}

Test(builtin, resolver_inputs_count_both_conditions)
{
	static const char prof[] =
		"[profile]\ndefault-action = errno\n\n"
		"[a]\naction = allow\ncaps = CAP_SYS_ADMIN\nsyscalls = mount\n\n"
		"[b]\naction = allow\nnot-caps = CAP_NET_ADMIN\n"
		"min-kernel = 5.6\nsyscalls = getpid\n\n"
		"[c]\naction = allow\nnot-min-kernel = 5.10\nsyscalls = getppid\n";
	struct sc_profile *p = NULL;
	struct sc_error e = { 0 };
	struct sc_resolve_inputs in;

	cr_assert_eq(sc_profile_parse("t.ini", prof, sizeof(prof) - 1,
				      SC_FMT_AUTO, &p, NULL, &e),
		     0, "%s", e.msg);
	sc_resolve_inputs(p, &in);
	cr_expect_eq(in.caps, caps_of("SYS_ADMIN,NET_ADMIN"));
	cr_expect(in.min_kernel);
	cr_expect_eq(in.kmajor, 5);
	cr_expect_eq(in.kminor, 10);
	sc_profile_free(p);
}

/* The patterns the issue asks for, each with and without log mode. */
Test(builtin, embeds_the_outcomes_that_matter)
{
	uint64_t want[3] = { 0, caps_of("docker") & tab->inputs.caps,
			     tab->inputs.caps };

	cr_assert_eq(tab->n, 6);
	for (size_t w = 0; w < 3; w++)
		for (int log = 0; log < 2; log++) {
			bool found = false;

			for (size_t i = 0; i < tab->n; i++)
				found |= tab->progs[i].caps == want[w] &&
					 tab->progs[i].log_mode == log &&
					 !tab->progs[i].no_enosys;
			cr_expect(found, "no program for caps 0x%llx log %d",
				  (unsigned long long)want[w], log);
		}
}

/* Every embedded program against a fresh compile, byte for byte. */
Test(builtin, each_program_equals_a_fresh_compile)
{
	struct sc_profile *p = embedded_default();

	for (size_t i = 0; i < tab->n; i++) {
		const struct sc_builtin_prog *e = &tab->progs[i];

		for (int tsync = 0; tsync < 2; tsync++) {
			struct sc_target t = target(e->caps);
			struct sc_compile_opts o = { .log_mode = e->log_mode,
						     .no_enosys = e->no_enosys,
						     .tsync = tsync };
			struct sc_pipeline_src src;
			struct sc_error err = { 0 };
			struct sc_bpf *fresh = NULL, *emb = NULL;

			cr_assert_eq(sc_pipeline_build_verified(p, &t, &o, NULL,
								NULL, &fresh,
								&err),
				     0, "%s", err.msg);
			cr_assert_eq(sc_pipeline_read(NULL, &src, &err), 0);
			cr_assert_eq(sc_pipeline_builtin(&src, &t, &o, &emb), 1,
				     "entry %zu not found", i);
			cr_expect_eq(emb->len, e->len);
			cr_expect(same_prog(emb, fresh),
				  "entry %zu (caps 0x%llx, log %d, tsync %d): "
				  "%zu insns embedded, %zu compiled now", i,
				  (unsigned long long)e->caps, e->log_mode,
				  tsync, emb->len, fresh->len);
			sc_bpf_free(fresh);
			sc_bpf_free(emb);
			sc_pipeline_src_free(&src);
		}
	}
	sc_profile_free(p);
}

/* The pipeline takes it, and it is the program a compile gives. */
Test(builtin, pipeline_takes_it_for_root_docker_and_none, .init = no_cache)
{
	const char *sets[] = { "none", "docker", "all", "effective" };
	struct sc_profile *p = embedded_default();

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct sc_target t = target(caps_of(sets[i]));
		struct sc_compile_opts o = { .tsync = true };
		struct sc_error e = { 0 };
		struct sc_bpf *b, *fresh = NULL;
		int how = -1;
		uint64_t in_r = t.caps.bits & tab->inputs.caps;

		/* "effective" here may be any subset: only the known three hit. */
		if (in_r && in_r != tab->inputs.caps &&
		    in_r != (caps_of("docker") & tab->inputs.caps))
			continue;
		b = via_pipeline(NULL, &t, &o, false, &how);
		cr_expect_eq(how, SC_SRC_BUILTIN, "%s: how %d", sets[i], how);
		cr_assert_eq(sc_pipeline_build_verified(p, &t, &o, NULL, NULL,
							&fresh, &e),
			     0, "%s", e.msg);
		cr_expect(same_prog(b, fresh), "%s", sets[i]);
		sc_bpf_free(b);
		sc_bpf_free(fresh);
		/* fresh (SECCAP_VERBOSE) still takes it: no diagnostics to give. */
		b = via_pipeline("default", &t, &o, true, &how);
		cr_expect_eq(how, SC_SRC_BUILTIN);
		sc_bpf_free(b);
	}
	sc_profile_free(p);
}

/* A kernel above the threshold and the uname one (at least 4.8 here). */
Test(builtin, kernels_at_or_above_the_threshold, .init = no_cache)
{
	struct sc_target t = kernel_target(0, 6, 1);
	struct sc_target u = { .caps = { 0 } };
	struct sc_compile_opts o = { 0 };
	struct sc_bpf *b;
	int how = -1;

	b = via_pipeline(NULL, &t, &o, false, &how);
	cr_expect_eq(how, SC_SRC_BUILTIN);
	sc_bpf_free(b);
	t = kernel_target(0, tab->inputs.kmajor + 1, 0);
	b = via_pipeline(NULL, &t, &o, false, &how);
	cr_expect_eq(how, SC_SRC_BUILTIN);
	sc_bpf_free(b);
	b = via_pipeline(NULL, &u, &o, false, &how);
	cr_expect_eq(how, SC_SRC_BUILTIN, "this kernel is below %u.%u?",
		     tab->inputs.kmajor, tab->inputs.kminor);
	sc_bpf_free(b);
}

/* Each input of the key, changed alone, falls back to compiling. */
Test(builtin, a_mismatch_compiles, .init = no_cache)
{
	struct sc_compile_opts plain = { .tsync = true };
	struct sc_compile_opts noenosys = { .tsync = true, .no_enosys = true };
	struct sc_compile_opts other_arch = { .tsync = true };
	struct sc_target only_admin = target(caps_of("SYS_ADMIN"));
	struct sc_target docker_ptrace = target(caps_of("docker,SYS_PTRACE"));
	struct sc_target below = kernel_target(0, tab->inputs.kmajor,
					       tab->inputs.kminor - 1);
	struct sc_target resolved_elsewhere = target(0);
	struct sc_compile_opts native_arch = { .tsync = true };
	struct sc_target none = target(0);
	struct {
		const char *what, *path;
		struct sc_target *t;
		struct sc_compile_opts *o;
	} cases[] = {
		{ "caps in R that no entry has", NULL, &only_admin, &plain },
		{ "docker plus one of R", NULL, &docker_ptrace, &plain },
		{ "kernel below the highest minKernel", NULL, &below, &plain },
		{ "no_enosys", NULL, &none, &noenosys },
		{ "another arch", NULL, &none, &other_arch },
		{ "resolved for another arch, compiled for this one", NULL,
		  &resolved_elsewhere, &native_arch },
	};
	struct sc_profile *p = embedded_default();

	cr_assert(tab->inputs.min_kernel && tab->inputs.kminor > 0);
	native_arch.arch = sc_arch_native();
	resolved_elsewhere.arch = native_arch.arch == SCMP_ARCH_AARCH64 ?
					  SCMP_ARCH_X86_64 : SCMP_ARCH_AARCH64;
	other_arch.arch = resolved_elsewhere.arch;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sc_error e = { 0 };
		struct sc_bpf *b, *fresh = NULL;
		int how = -1;

		b = via_pipeline(cases[i].path, cases[i].t, cases[i].o, false,
				 &how);
		cr_expect_eq(how, SC_SRC_COMPILED_NOW, "%s: how %d",
			     cases[i].what, how);
		/* ... into what a compile for that key gives. */
		cr_assert_eq(sc_pipeline_build_verified(p, cases[i].t,
							cases[i].o, NULL, NULL,
							&fresh, &e),
			     0, "%s", e.msg);
		cr_expect(same_prog(b, fresh), "%s", cases[i].what);
		sc_bpf_free(b);
		sc_bpf_free(fresh);
	}
	sc_profile_free(p);
}

/*
 * A file with the very bytes of the default is a file: a process may be
 * able to write it, so it never gets the built-in program.
 */
Test(builtin, a_file_with_the_same_bytes_compiles, .init = no_cache)
{
	char path[] = "/tmp/seccap-builtin-XXXXXX";
	struct sc_pipeline_src src;
	struct sc_error e = { 0 };
	struct sc_target t = target(0);
	struct sc_compile_opts o = { .tsync = true };
	struct sc_bpf *b;
	int fd = mkstemp(path), how = -1;

	cr_assert_geq(fd, 0);
	cr_assert_eq(sc_pipeline_read(NULL, &src, &e), 0);
	cr_assert_eq(write(fd, src.bytes, src.len), (ssize_t)src.len);
	close(fd);
	b = via_pipeline(path, &t, &o, false, &how);
	cr_expect_eq(how, SC_SRC_COMPILED_NOW);
	sc_bpf_free(b);
	unlink(path);
	sc_pipeline_src_free(&src);
}

/* A table for other bytes than the embedded profile's answers nothing. */
Test(builtin, another_digest_is_a_miss)
{
	uint8_t d[SC_SHA256_LEN];
	struct sc_target t = target(0);
	struct sc_compile_opts o = { 0 };

	memcpy(d, tab->profile_digest, sizeof(d));
	cr_assert_not_null(sc_builtin_find(tab, d, &t, &o));
	d[7] ^= 1;
	cr_expect_null(sc_builtin_find(tab, d, &t, &o));
}
