/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The launcher's show and apply against the library: `seccap show --format
 * bpf` must write exactly the program sc_pipeline_build compiles for the
 * same target (the program apply loads), and that program, loaded in a
 * child, must filter as the profile says.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bpf_interp.h"
#include "lib/testutil.h"
#include "names.h"
#include "oracle.h"
#include "pipeline.h"
#include "resolve.h"

static const char *seccap_binary(void)
{
	const char *b = getenv("SECCAP_BUILD");
	static char path[4096];

	if (b && *b)
		snprintf(path, sizeof(path), "%s/seccap", b);
	else
		snprintf(path, sizeof(path), "%s/build/seccap", tu_root());
	if (access(path, X_OK) != 0)
		cr_skip_test("%s is not built", path);
	return path;
}

/* The program the library compiles for profile (NULL: the default). */
static struct sc_bpf *library_program(const char *profile, const char *caps,
				      uint32_t arch, unsigned kmaj,
				      unsigned kmin)
{
	struct sc_target t = { .arch = arch, .kernel_set = true,
			       .kernel_major = kmaj, .kernel_minor = kmin };
	struct sc_compile_opts o = { .arch = arch ? arch : sc_arch_native() };
	struct sc_profile *p = NULL;
	struct sc_bpf *bpf = NULL;
	struct sc_error err = { 0 };

	cr_assert_eq(sc_capset_parse(caps, &t.caps, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_pipeline_load(profile, &p, NULL, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(sc_pipeline_build(p, &t, &o, NULL, NULL, NULL, &bpf, &err),
		     0, "%s", err.msg);
	sc_profile_free(p);
	return bpf;
}

/* What `seccap show --format bpf` writes for the same target. */
static char *show_program(const char *profile, const char *caps,
			  const char *arch, const char *kernel, size_t *len)
{
	char out[] = "/tmp/seccap-test-apply-XXXXXX";
	char *argv[16];
	char *o = NULL, *e = NULL, *bytes;
	int n = 0, fd, status;

	fd = mkstemp(out);
	cr_assert_geq(fd, 0);
	close(fd);
	argv[n++] = (char *)seccap_binary();
	argv[n++] = "show";
	argv[n++] = "--format=bpf";
	argv[n++] = "-o";
	argv[n++] = out;
	argv[n++] = "--caps";
	argv[n++] = (char *)caps;
	argv[n++] = "--kernel";
	argv[n++] = (char *)kernel;
	if (arch) {
		argv[n++] = "--arch";
		argv[n++] = (char *)arch;
	}
	if (profile)
		argv[n++] = (char *)profile;
	argv[n] = NULL;
	status = tu_run_cmd(argv, NULL, &o, &e);
	cr_assert(tu_exited_with(status, 0), "seccap show failed: %s", e);
	free(o);
	free(e);
	bytes = tu_slurp(out, len);
	unlink(out);
	cr_assert_not_null(bytes);
	return bytes;
}

static void same_program(const char *profile, const char *caps,
			 const char *arch_name, uint32_t arch)
{
	struct sc_bpf *lib = library_program(profile, caps, arch, 6, 1);
	size_t len = 0;
	char *shown = show_program(profile, caps, arch_name, "6.1", &len);

	cr_assert_eq(len, lib->len * sizeof(struct sock_filter),
		     "%s/%s: show wrote %zu bytes, the library compiled %zu "
		     "instructions", profile ? profile : "default", caps, len,
		     lib->len);
	cr_assert_eq(memcmp(shown, lib->insns, len), 0,
		     "%s/%s: the programs differ", profile ? profile : "default",
		     caps);
	free(shown);
	sc_bpf_free(lib);
}

Test(show_bpf, embedded_default_is_the_compiled_program)
{
	same_program(NULL, "docker", NULL, 0);
	same_program(NULL, "none", NULL, 0);
	same_program(NULL, "docker,CAP_SYS_ADMIN", NULL, 0);
}

Test(show_bpf, shared_profiles_are_the_compiled_program)
{
	const char *shared = tu_shared_dir();
	static const char *const files[] = {
		"profiles/docker-default.json",
		"profiles/docker-default-2019.json",
		"profiles/chmod-wake-alarm.json",
		"profiles/moby-fixture-conditional_include.json",
	};

	if (!shared)
		cr_skip_test("../shared is missing");
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const char *f = tu_path(shared, files[i]);
		char copy[4096];

		snprintf(copy, sizeof(copy), "%s", f);
		same_program(copy, "docker", NULL, 0);
		same_program(copy, "all", NULL, 0);
	}
}

Test(show_bpf, other_arch_is_the_compiled_program)
{
	same_program(NULL, "docker", "arm64",
		     sc_arch_from_scmp_name("SCMP_ARCH_AARCH64"));
	same_program(NULL, "docker", "x86", sc_arch_from_scmp_name("SCMP_ARCH_X86"));
}

/*
 * The differential checker's verdict on a program show wrote for arch
 * (the embedded default, caps docker, kernel 6.1): no difference.
 */
static void expect_oracle_agrees(const struct sock_filter *f, size_t n,
				 uint32_t arch, const char *label)
{
	struct sc_target t = { .arch = arch, .kernel_set = true,
			       .kernel_major = 6, .kernel_minor = 1 };
	struct oracle_opts oo = { .native = arch };
	struct oracle_report rep = { .out = stderr, .max_print = 8,
				     .label = label, .seed = 1 };
	struct sc_profile *p = NULL, *r = NULL;
	struct sc_error err = { 0 };
	struct oracle *o = NULL;
	char why[256];

	cr_assert_eq(sc_capset_parse("docker", &t.caps, &err), 0);
	cr_assert_eq(sc_pipeline_load(NULL, &p, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(sc_resolve(p, &t, NULL, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(oracle_new(r, &oo, &o, why, sizeof(why)), 0, "%s", why);
	oracle_check_program(o, f, n, &rep);
	cr_expect_gt(rep.cases, 1000, "%s: %lu cases", label, rep.cases);
	cr_expect_eq(rep.diffs, 0, "%s: %lu differences from the oracle",
		     label, rep.diffs);
	oracle_free(o);
	sc_profile_free(r);
	sc_profile_free(p);
}

/*
 * For a machine of the other byte order the output is in that machine's
 * order throughout (libseccomp's part, seccap's dispatcher and tail): the
 * oracle, running it as that machine would, finds no difference.
 */
Test(show_bpf, big_endian_arch_in_its_byte_order)
{
	static const struct {
		const char *name;
		uint32_t audit;
		int read_nr, unshare_nr;
	} arches[] = {
		{ "s390x", AUDIT_ARCH_S390X, 3, 303 },
		{ "ppc64", AUDIT_ARCH_PPC64, 3, 282 },
	};
	bool little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		size_t len = 0;
		char *bytes;
		struct sock_filter *f;
		size_t n;
		struct {
			uint32_t arch;
			int nr;
			uint32_t want;
		} cases[] = {
			{ arches[i].audit, arches[i].read_nr, SECCOMP_RET_ALLOW },
			{ arches[i].audit, arches[i].unshare_nr,
			  SECCOMP_RET_ERRNO | EPERM },
			{ arches[i].audit, 5000, SECCOMP_RET_ERRNO | ENOSYS },
			{ AUDIT_ARCH_X86_64, 0, SECCOMP_RET_KILL_THREAD },
		};

		same_program(NULL, "docker", arches[i].name,
			     sc_arch_from_go_name(arches[i].name));
		bytes = show_program(NULL, "docker", arches[i].name, "6.1",
				     &len);
		cr_assert_eq(memcmp(bytes, "\x00\x20\x00\x00\x00\x00\x00\x04", 8),
			     0, "%s: the first instruction is not ld [4] in big-endian order",
			     arches[i].name);
		f = (struct sock_filter *)bytes;
		n = len / sizeof(*f);
		/* What the oracle says of the bytes as written... */
		expect_oracle_agrees(f, n, sc_arch_from_go_name(arches[i].name),
				     arches[i].name);
		/* ...and a few answers spelt out, on this machine's copy. */
		if (little)
			bpf_interp_swap(f, n);
		for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
			struct seccomp_data d = bpf_interp_data(
				cases[k].arch, cases[k].nr, 0, 0, 0, 0, 0, 0);
			uint32_t got = 0;

			cr_assert_eq(bpf_interp_run_as(f, n, &d, true, &got,
						       NULL),
				     0, "%s: the program does not run",
				     arches[i].name);
			cr_expect_eq(got, cases[k].want,
				     "%s: arch 0x%x nr %d: 0x%08x, expected 0x%08x",
				     arches[i].name, cases[k].arch, cases[k].nr,
				     got, cases[k].want);
		}
		free(bytes);
	}
}

/* ---- the program, loaded as apply loads it, filters ---- */

struct load_arg {
	char *bytes;
	size_t len;
};

static int load_and_probe(void *p)
{
	struct load_arg *a = p;
	struct sock_fprog prog = {
		.len = (unsigned short)(a->len / sizeof(struct sock_filter)),
		.filter = (struct sock_filter *)a->bytes,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_TSYNC, &prog) != 0)
		return 10;
	/* keyctl: denied with EPERM by Docker's default profile. */
	if (syscall(SYS_keyctl, 0, -3, 0) != -1 || errno != EPERM)
		return 11;
	/* clone3: ENOSYS, so that glibc falls back to clone. */
	if (syscall(SYS_clone3, NULL, (size_t)64) != -1 || errno != ENOSYS)
		return 12;
	/* A number above every syscall the profile names: the ENOSYS stub. */
	if (syscall(1000, 0, 0, 0, 0, 0, 0) != -1 || errno != ENOSYS)
		return 13;
	if (getppid() <= 0)
		return 14;
	return 0;
}

Test(show_bpf, loaded_program_filters)
{
	struct load_arg a;
	int status;

	a.bytes = show_program(NULL, "docker", NULL, "6.1", &a.len);
	status = tu_run_child(load_and_probe, &a);
	cr_assert(tu_exited_with(status, 0), "child status 0x%x", status);
	free(a.bytes);
}
