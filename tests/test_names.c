/* SPDX-License-Identifier: Apache-2.0 */
/* The name tables of conf/names.c, both ways, against libseccomp, libcap,
 * glibc and the kernel's own syscall tables. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "lib/testutil.h"
#include "names.h"

/* conf/syscalls_gen.c */
extern const char *const sc_gen_syscall_arches[];
extern const size_t sc_gen_syscall_narches;
extern const char *const sc_gen_syscall_names[];
extern const size_t sc_gen_nsyscalls;
extern const int32_t sc_gen_syscall_nrs[];

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- actions and operators ---- */

Test(names, actions_both_ways)
{
	static const struct {
		const char *s;
		enum sc_action a;
	} t[] = {
		{ "SCMP_ACT_KILL", SC_ACT_KILL_THREAD },
		{ "SCMP_ACT_KILL_THREAD", SC_ACT_KILL_THREAD },
		{ "SCMP_ACT_KILL_PROCESS", SC_ACT_KILL_PROCESS },
		{ "SCMP_ACT_TRAP", SC_ACT_TRAP },
		{ "SCMP_ACT_ERRNO", SC_ACT_ERRNO },
		{ "SCMP_ACT_TRACE", SC_ACT_TRACE },
		{ "SCMP_ACT_ALLOW", SC_ACT_ALLOW },
		{ "SCMP_ACT_LOG", SC_ACT_LOG },
		{ "SCMP_ACT_NOTIFY", SC_ACT_NOTIFY },
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		cr_expect_eq(sc_action_parse(t[i].s), t[i].a, "%s", t[i].s);
	for (; sc_action_names[n]; n++)
		cr_expect_neq(sc_action_parse(sc_action_names[n]),
			      SC_ACT_INVALID, "%s", sc_action_names[n]);
	cr_expect_eq(n, 9);
	/* runc compares exactly. */
	cr_expect_eq(sc_action_parse("scmp_act_allow"), SC_ACT_INVALID);
	cr_expect_eq(sc_action_parse("SCMP_ACT_ALLOW "), SC_ACT_INVALID);
	cr_expect_eq(sc_action_parse("ALLOW"), SC_ACT_INVALID);
	cr_expect_eq(sc_action_parse(""), SC_ACT_INVALID);
	cr_expect_eq(sc_action_parse(NULL), SC_ACT_INVALID);
}

Test(names, action_allows)
{
	cr_expect(sc_action_allows(SC_ACT_ALLOW));
	cr_expect(sc_action_allows(SC_ACT_LOG));
	cr_expect_not(sc_action_allows(SC_ACT_TRACE));
	cr_expect_not(sc_action_allows(SC_ACT_ERRNO));
	cr_expect_not(sc_action_allows(SC_ACT_KILL_THREAD));
	cr_expect_not(sc_action_allows(SC_ACT_KILL_PROCESS));
	cr_expect_not(sc_action_allows(SC_ACT_TRAP));
	cr_expect_not(sc_action_allows(SC_ACT_NOTIFY));
	cr_expect_not(sc_action_allows(SC_ACT_INVALID));
}

Test(names, operators_both_ways)
{
	static const struct {
		const char *s;
		int op;
	} t[] = {
		{ "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
		{ "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
		{ "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		cr_expect_eq(sc_op_parse(t[i].s), t[i].op, "%s", t[i].s);
		cr_expect_str_eq(sc_op_name(t[i].op), t[i].s);
	}
	for (; sc_op_names[n]; n++)
		cr_expect_neq(sc_op_parse(sc_op_names[n]), 0);
	cr_expect_eq(n, 7);
	cr_expect_eq(sc_op_parse("SCMP_CMP_eq"), 0);
	cr_expect_eq(sc_op_parse("=="), 0);
	cr_expect_eq(sc_op_parse(NULL), 0);
	cr_expect_null(sc_op_name(0));
	cr_expect_null(sc_op_name(99));
}

/* ---- architectures ---- */

static const struct {
	const char *scmp;
	const char *go;
	const char *libseccomp; /* seccomp_arch_resolve_name(), or NULL */
} runc_arches[] = {
	{ "SCMP_ARCH_X86", "x86", "x86" },
	{ "SCMP_ARCH_X86_64", "amd64", "x86_64" },
	{ "SCMP_ARCH_X32", "x32", "x32" },
	{ "SCMP_ARCH_ARM", "arm", "arm" },
	{ "SCMP_ARCH_AARCH64", "arm64", "aarch64" },
	{ "SCMP_ARCH_MIPS", "mips", "mips" },
	{ "SCMP_ARCH_MIPS64", "mips64", "mips64" },
	{ "SCMP_ARCH_MIPS64N32", "mips64n32", "mips64n32" },
	{ "SCMP_ARCH_MIPSEL", "mipsel", "mipsel" },
	{ "SCMP_ARCH_MIPSEL64", "mipsel64", "mipsel64" },
	{ "SCMP_ARCH_MIPSEL64N32", "mipsel64n32", "mipsel64n32" },
	{ "SCMP_ARCH_PPC", "ppc", "ppc" },
	{ "SCMP_ARCH_PPC64", "ppc64", "ppc64" },
	{ "SCMP_ARCH_PPC64LE", "ppc64le", "ppc64le" },
	{ "SCMP_ARCH_S390", "s390", "s390" },
	{ "SCMP_ARCH_S390X", "s390x", "s390x" },
	{ "SCMP_ARCH_RISCV64", "riscv64", "riscv64" },
	/* libseccomp 2.5.4 has no LoongArch; moby's goToNative name. */
	{ "SCMP_ARCH_LOONGARCH64", "loongarch64", NULL },
};

Test(names, arches_both_ways)
{
	for (size_t i = 0; i < ARRAY_SIZE(runc_arches); i++) {
		uint32_t t = sc_arch_from_scmp_name(runc_arches[i].scmp);

		cr_assert_neq(t, 0, "%s", runc_arches[i].scmp);
		cr_expect_str_eq(sc_arch_scmp_name(t), runc_arches[i].scmp);
		cr_expect_eq(sc_arch_from_go_name(runc_arches[i].go), t, "%s",
			     runc_arches[i].go);
		cr_expect_str_eq(sc_arch_go_name(t), runc_arches[i].go);
		if (runc_arches[i].libseccomp)
			cr_expect_eq(seccomp_arch_resolve_name(
					     runc_arches[i].libseccomp),
				     t, "token of %s", runc_arches[i].scmp);
		for (size_t j = 0; j < i; j++)
			cr_expect_neq(sc_arch_from_scmp_name(runc_arches[j].scmp),
				      t, "%s and %s share a token",
				      runc_arches[j].scmp, runc_arches[i].scmp);
	}
}

Test(names, arch_tokens_are_the_kernels)
{
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_X86_64"),
		     AUDIT_ARCH_X86_64);
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_X86"), AUDIT_ARCH_I386);
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_X32"), 0x4000003e);
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_LOONGARCH64"),
		     0xc0000102);
	/* libseccomp-golang's spelling of LoongArch is known too. */
	cr_expect_eq(sc_arch_from_go_name("loong64"), 0xc0000102);
}

Test(names, arch_unknown_names)
{
	/* libseccomp knows these; runc refuses them, so Docker does. */
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_PARISC"), 0);
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_PARISC64"), 0);
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_M68K"), 0);
	cr_expect_eq(sc_arch_from_scmp_name("SCMP_ARCH_SH"), 0);
	/* The other vocabularies do not leak across. */
	cr_expect_eq(sc_arch_from_scmp_name("amd64"), 0);
	cr_expect_eq(sc_arch_from_scmp_name("x86_64"), 0);
	cr_expect_eq(sc_arch_from_scmp_name("scmp_arch_x86_64"), 0);
	cr_expect_eq(sc_arch_from_go_name("x86_64"), 0);
	cr_expect_eq(sc_arch_from_go_name("aarch64"), 0);
	cr_expect_eq(sc_arch_from_go_name("SCMP_ARCH_X86_64"), 0);
	cr_expect_eq(sc_arch_from_go_name("AMD64"), 0);
	cr_expect_eq(sc_arch_from_scmp_name(NULL), 0);
	cr_expect_eq(sc_arch_from_go_name(NULL), 0);
	cr_expect_null(sc_arch_scmp_name(0));
	cr_expect_null(sc_arch_go_name(0));
	cr_expect_null(sc_arch_go_name(0x12345678));
}

Test(names, go_names_list)
{
	/* Every arch default.json's includes/excludes use, and x32. */
	static const char *const want[] = { "amd64", "arm",   "arm64", "ppc64le",
					    "riscv64", "s390", "s390x", "x32",
					    "x86" };
	size_t n = 0;

	for (; sc_arch_go_names[n]; n++)
		cr_expect_neq(sc_arch_from_go_name(sc_arch_go_names[n]), 0,
			      "%s", sc_arch_go_names[n]);
	cr_expect_geq(n, 18);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		bool found = false;

		for (size_t j = 0; j < n; j++)
			found = found || strcmp(sc_arch_go_names[j], want[i]) == 0;
		cr_expect(found, "%s missing", want[i]);
	}
}

Test(names, arch_native)
{
	struct utsname u;
	uint32_t a = sc_arch_native();

	cr_assert_eq(uname(&u), 0);
	cr_assert_neq(a, 0);
	cr_expect_not_null(sc_arch_scmp_name(a));
	cr_expect_not_null(sc_arch_go_name(a));
	if (strcmp(u.machine, "x86_64") == 0) {
		cr_expect_eq(a, SCMP_ARCH_X86_64);
		cr_expect_str_eq(sc_arch_go_name(a), "amd64");
	} else if (strcmp(u.machine, "aarch64") == 0) {
		cr_expect_eq(a, SCMP_ARCH_AARCH64);
	} else if (strcmp(u.machine, "s390x") == 0) {
		cr_expect_eq(a, SCMP_ARCH_S390X);
	} else if (strcmp(u.machine, "ppc64le") == 0) {
		cr_expect_eq(a, SCMP_ARCH_PPC64LE);
	} else if (strcmp(u.machine, "riscv64") == 0) {
		cr_expect_eq(a, SCMP_ARCH_RISCV64);
	}
}

static int native_under_linux32(void *arg)
{
	uint32_t before = sc_arch_native();

	(void)arg;
	if (personality(PER_LINUX32) < 0)
		return 2;
	return sc_arch_native() == before ? 0 : 1;
}

/*
 * setarch i686 makes uname say "i686" while the process still calls the
 * kernel as x86_64: the native arch must not follow uname, or every syscall
 * would hit the filter's bad-arch action.
 */
Test(names, arch_native_linux32)
{
	struct utsname u;
	int status;

	cr_assert_eq(uname(&u), 0);
	if (strcmp(u.machine, "x86_64") != 0)
		cr_skip_test("needs an x86_64 kernel, this is %s", u.machine);
	status = tu_run_child(native_under_linux32, NULL);
	cr_expect(tu_exited_with(status, 0), "status %#x", status);
}

Test(names, resolve_native_arch_token)
{
	int nr = -1, want = seccomp_syscall_resolve_name("read");

	cr_expect_eq(sc_syscall_resolve("read", SCMP_ARCH_NATIVE, &nr), 0);
	cr_expect_eq(nr, want);
}

/* ---- capabilities ---- */

Test(names, caps_match_libcap)
{
	cr_expect_eq(sc_cap_max(), 40);
	for (int i = 0; i <= sc_cap_max(); i++) {
		char *lc = cap_to_name((cap_value_t)i);
		char up[64];
		size_t k = 0;

		cr_assert_not_null(lc);
		for (; lc[k] && k + 1 < sizeof(up); k++)
			up[k] = (char)toupper((unsigned char)lc[k]);
		up[k] = '\0';
		cr_expect_str_eq(sc_cap_name(i), up, "cap %d", i);
		cr_expect_eq(sc_cap_parse(up), i, "%s", up);
		cap_free(lc);
	}
	cr_expect_str_eq(sc_cap_name(0), "CAP_CHOWN");
	cr_expect_str_eq(sc_cap_name(21), "CAP_SYS_ADMIN");
	cr_expect_str_eq(sc_cap_name(40), "CAP_CHECKPOINT_RESTORE");
	cr_expect_null(sc_cap_name(41));
	cr_expect_null(sc_cap_name(-1));
}

Test(names, caps_exact)
{
	cr_expect_eq(sc_cap_parse("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
	cr_expect_eq(sc_cap_parse("SYS_ADMIN"), -1);
	cr_expect_eq(sc_cap_parse("cap_sys_admin"), -1);
	cr_expect_eq(sc_cap_parse("CAP_sys_admin"), -1);
	cr_expect_eq(sc_cap_parse(""), -1);
	cr_expect_eq(sc_cap_parse(NULL), -1);
}

Test(names, docker_default_caps)
{
	static const char *const want[] = {
		"CAP_CHOWN",	  "CAP_DAC_OVERRIDE", "CAP_FSETID",
		"CAP_FOWNER",	  "CAP_MKNOD",	      "CAP_NET_RAW",
		"CAP_SETGID",	  "CAP_SETUID",	      "CAP_SETFCAP",
		"CAP_SETPCAP",	  "CAP_NET_BIND_SERVICE",
		"CAP_SYS_CHROOT", "CAP_KILL",	      "CAP_AUDIT_WRITE",
	};

	cr_assert_eq(sc_docker_default_ncaps, 14);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		cr_expect_str_eq(sc_cap_name(sc_docker_default_caps[i]),
				 want[i]);
}

/* ---- errno ---- */

Test(names, errno_names)
{
	cr_expect_eq(sc_errno_parse("EPERM"), EPERM);
	cr_expect_eq(sc_errno_parse("ENOSYS"), ENOSYS);
	cr_expect_eq(sc_errno_parse("EHWPOISON"), EHWPOISON);
	cr_expect_eq(sc_errno_parse("EWOULDBLOCK"), EAGAIN);
	cr_expect_eq(sc_errno_parse("EDEADLOCK"), EDEADLK);
	cr_expect_eq(sc_errno_parse("ENOTSUP"), EOPNOTSUPP);
	cr_expect_eq(sc_errno_parse("eperm"), -1);
	cr_expect_eq(sc_errno_parse("1"), -1);
	cr_expect_eq(sc_errno_parse(NULL), -1);
	cr_expect_str_eq(sc_errno_name(EAGAIN), "EAGAIN");
	cr_expect_str_eq(sc_errno_name(EDEADLK), "EDEADLK");
	cr_expect_str_eq(sc_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	cr_expect_null(sc_errno_name(0));
	cr_expect_null(sc_errno_name(4095));
	cr_expect_null(sc_errno_name(-1));
}

Test(names, errno_matches_glibc)
{
	for (int i = 1; i < 300; i++) {
		const char *g = strerrorname_np(i);
		const char *o = sc_errno_name(i);

		if (!g) {
			cr_expect_null(o, "%d: %s", i, o);
			continue;
		}
		cr_expect_not_null(o, "%d (%s) missing", i, g);
		if (o)
			cr_expect_str_eq(o, g, "%d", i);
		cr_expect_eq(sc_errno_parse(g), i, "%s", g);
	}
}

/* ---- syscalls ---- */

static void expect_resolve(const char *name, uint32_t arch, int want_rc,
			   int want_nr)
{
	int nr = -12345;
	int rc = sc_syscall_resolve(name, arch, &nr);

	cr_expect_eq(rc, want_rc, "%s on %s: rc %d, want %d", name,
		     sc_arch_scmp_name(arch), rc, want_rc);
	if (want_rc == 0)
		cr_expect_eq(nr, want_nr, "%s on %s: %d (%#x), want %d (%#x)",
			     name, sc_arch_scmp_name(arch), nr, nr, want_nr,
			     want_nr);
}

Test(names, resolve_libseccomp)
{
	expect_resolve("read", SCMP_ARCH_X86_64, 0, 0);
	expect_resolve("read", SCMP_ARCH_X86, 0, 3);
	expect_resolve("read", SCMP_ARCH_AARCH64, 0, 63);
	expect_resolve("read", SCMP_ARCH_X32, 0, 0x40000000);
	expect_resolve("rt_sigaction", SCMP_ARCH_X32, 0, 0x40000000 + 512);
	expect_resolve("read", SCMP_ARCH_MIPS, 0, 4003);
	expect_resolve("read", SCMP_ARCH_MIPS64, 0, 5000);
	expect_resolve("read", SCMP_ARCH_MIPSEL64N32, 0, 6000);
	expect_resolve("set_tls", SCMP_ARCH_ARM, 0, 0xf0005);
	expect_resolve("chmod", SCMP_ARCH_X86_64, 0, 90);
}

Test(names, resolve_elsewhere)
{
	/* Known to libseccomp, not on these arches. */
	expect_resolve("_llseek", SCMP_ARCH_X86_64, 1, 0);
	expect_resolve("socketcall", SCMP_ARCH_X86_64, 1, 0);
	expect_resolve("set_tls", SCMP_ARCH_X86_64, 1, 0);
	expect_resolve("open", SCMP_ARCH_AARCH64, 1, 0);
	/* Only in the generated table, not on x86. */
	expect_resolve("uretprobe", SCMP_ARCH_X86, 1, 0);
}

Test(names, resolve_newer_than_libseccomp)
{
	expect_resolve("mseal", SCMP_ARCH_X86_64, 0, 462);
	expect_resolve("mseal", SCMP_ARCH_X86, 0, 462);
	expect_resolve("mseal", SCMP_ARCH_X32, 0, 0x40000000 + 462);
	expect_resolve("mseal", SCMP_ARCH_AARCH64, 0, 462);
	expect_resolve("mseal", SCMP_ARCH_MIPS, 0, 4462);
	expect_resolve("statmount", SCMP_ARCH_X32, 0, 0x400001c9);
	expect_resolve("removexattrat", SCMP_ARCH_X86_64, 0, 466);
	expect_resolve("rseq_slice_yield", SCMP_ARCH_X86_64, 0, 471);
	/*
	 * libseccomp 2.5.4 says "not on x32" (a pseudo number) for a syscall
	 * x32 gained later: the newer table decides.
	 */
	expect_resolve("map_shadow_stack", SCMP_ARCH_X32, 0, 0x40000000 + 453);
	/* Multiplexed by libseccomp on x86: left to it, not numbered here. */
	if (seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, "socket") < 0)
		expect_resolve("socket", SCMP_ARCH_X86, 1, 0);
	/* An arch libseccomp 2.5.4 cannot handle at all. */
	expect_resolve("read",
		       sc_arch_from_scmp_name("SCMP_ARCH_LOONGARCH64"), 0, 63);
	cr_expect(sc_syscall_known("mseal"));
	if (seccomp_syscall_resolve_name("mseal") == __NR_SCMP_ERROR)
		cr_expect_not(sc_syscall_known_libseccomp("mseal"));
}

Test(names, table_nr_is_the_kernels_whatever_libseccomp_says)
{
	int nr = 77;

	/* libseccomp multiplexes socket on x86 (a pseudo number) */
	cr_expect_eq(sc_syscall_table_nr("socket", SCMP_ARCH_X86, &nr), 0);
	cr_expect_eq(nr, 359);
	cr_expect_eq(sc_syscall_table_nr("socket", SCMP_ARCH_X86_64, &nr), 0);
	cr_expect_eq(nr, 41);
	cr_expect_eq(sc_syscall_table_nr("read", SCMP_ARCH_X32, &nr), 0);
	cr_expect_eq(nr, 0x40000000);
	cr_expect_eq(sc_syscall_table_nr("read", SCMP_ARCH_MIPSEL64, &nr), 0);
	cr_expect_eq(nr, 5000);
	cr_expect_eq(sc_syscall_table_nr("read", SCMP_ARCH_NATIVE, &nr), 0);
	cr_expect_eq(nr, seccomp_syscall_resolve_name("read"));
	nr = 77;
	cr_expect_eq(sc_syscall_table_nr("socketcall", SCMP_ARCH_X86_64, &nr),
		     1);
	cr_expect_eq(sc_syscall_table_nr("chmd", SCMP_ARCH_X86_64, &nr),
		     -ENOENT);
	cr_expect_eq(sc_syscall_table_nr("", SCMP_ARCH_X86_64, &nr), -ENOENT);
	cr_expect_eq(sc_syscall_table_nr(NULL, SCMP_ARCH_X86_64, &nr),
		     -ENOENT);
	cr_expect_eq(nr, 77, "nr must not be written on failure");
}

/*
 * compile.c counts on this: libseccomp hands a rule's native number back
 * to the name it came from before numbering it on another arch, except for
 * pseudo numbers (which compile.c translates itself).
 */
Test(names, libseccomp_native_numbers_name_one_syscall)
{
	unsigned checked = 0;

	for (size_t i = 0; i < sc_gen_nsyscalls; i++) {
		const char *n = sc_gen_syscall_names[i];
		int nr = seccomp_syscall_resolve_name(n);
		char *back;

		if (nr < 0)
			continue;
		back = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		cr_expect(back && strcmp(back, n) == 0,
			  "native %d: '%s' comes back as '%s'", nr, n,
			  back ? back : "(nothing)");
		free(back);
		checked++;
	}
	cr_expect_gt(checked, 300);
}

Test(names, resolve_unknown)
{
	int nr = 77;

	cr_expect_eq(sc_syscall_resolve("chmd", SCMP_ARCH_X86_64, &nr),
		     -ENOENT);
	cr_expect_eq(nr, 77, "nr must not be written on failure");
	cr_expect_eq(sc_syscall_resolve("", SCMP_ARCH_X86_64, &nr), -ENOENT);
	cr_expect_eq(sc_syscall_resolve(NULL, SCMP_ARCH_X86_64, &nr), -ENOENT);
	cr_expect_eq(sc_syscall_resolve("CHMOD", SCMP_ARCH_X86_64, &nr),
		     -ENOENT);
	cr_expect_eq(sc_syscall_resolve("read", SCMP_ARCH_X86_64, NULL), 0);
	cr_expect_not(sc_syscall_known("chmd"));
	cr_expect_not(sc_syscall_known(""));
	cr_expect_not(sc_syscall_known(NULL));
	cr_expect(sc_syscall_known_libseccomp("_llseek"));
	cr_expect_not(sc_syscall_known_libseccomp("chmd"));
}

/* ---- the generated table ---- */

static const struct {
	const char *go;
	const char *column;
	int base;
} gen_columns[] = {
	{ "x86", "x86", 0 },
	{ "amd64", "x86_64", 0 },
	{ "x32", "x32", 0x40000000 },
	{ "arm", "arm", 0 },
	{ "arm64", "aarch64", 0 },
	{ "mips", "mips", 4000 },
	{ "mipsel", "mips", 4000 },
	{ "mips64", "mips64", 5000 },
	{ "mipsel64", "mips64", 5000 },
	{ "mips64n32", "mips64n32", 6000 },
	{ "mipsel64n32", "mips64n32", 6000 },
	{ "ppc", "ppc", 0 },
	{ "ppc64", "ppc64", 0 },
	{ "ppc64le", "ppc64", 0 },
	{ "s390", "s390", 0 },
	{ "s390x", "s390x", 0 },
	{ "riscv64", "riscv64", 0 },
	{ "parisc", "parisc", 0 },
	{ "parisc64", "parisc64", 0 },
};

static long column_of(const char *name)
{
	for (size_t i = 0; i < sc_gen_syscall_narches; i++)
		if (strcmp(sc_gen_syscall_arches[i], name) == 0)
			return (long)i;
	return -1;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static long row_of(const char *name)
{
	const char *const *hit =
		bsearch(name, sc_gen_syscall_names, sc_gen_nsyscalls,
			sizeof(*sc_gen_syscall_names), cmp_name);

	return hit ? (long)(hit - sc_gen_syscall_names) : -1;
}

static int32_t gen_nr(long row, long col)
{
	return sc_gen_syscall_nrs[(size_t)row * sc_gen_syscall_narches +
				  (size_t)col];
}

Test(gen, shape)
{
	cr_assert_eq(sc_gen_syscall_narches, 18);
	cr_assert_null(sc_gen_syscall_arches[18]);
	cr_assert_gt(sc_gen_nsyscalls, 500);
	cr_assert_null(sc_gen_syscall_names[sc_gen_nsyscalls]);
	for (size_t i = 1; i < sc_gen_nsyscalls; i++)
		cr_assert_lt(strcmp(sc_gen_syscall_names[i - 1],
				    sc_gen_syscall_names[i]),
			     0, "not sorted/unique at %s",
			     sc_gen_syscall_names[i]);
}

/* Where both know a name on an arch, they must agree on the number. */
Test(gen, agrees_with_libseccomp)
{
	for (size_t a = 0; a < ARRAY_SIZE(gen_columns); a++) {
		uint32_t t = sc_arch_from_go_name(gen_columns[a].go);
		long col = column_of(gen_columns[a].column);

		cr_assert_neq(t, 0);
		cr_assert_geq(col, 0, "%s", gen_columns[a].column);
		for (size_t i = 0; i < sc_gen_nsyscalls; i++) {
			const char *n = sc_gen_syscall_names[i];
			int lib = seccomp_syscall_resolve_name_arch(t, n);
			int32_t g = gen_nr((long)i, col);

			if (lib < 0)
				continue;
			/*
			 * The one row libseccomp changed between 2.5.4 and
			 * 2.6.1: it dropped _llseek from 64-bit PA-RISC.
			 * libseccomp is asked first, so 2.5.4's answer wins.
			 */
			if (g < 0 && strcmp(n, "_llseek") == 0 &&
			    strcmp(gen_columns[a].go, "parisc64") == 0)
				continue;
			cr_expect_eq(g + gen_columns[a].base, lib,
				     "%s on %s: table %d + %d, libseccomp %d", n,
				     gen_columns[a].go, g, gen_columns[a].base,
				     lib);
		}
	}
}

/*
 * The suggestion vocabulary is the generated table alone, so it must hold
 * every name the installed libseccomp can print.
 */
Test(gen, holds_every_libseccomp_name)
{
	static const int bases[] = { 0, 0x40000000, 4000, 5000, 6000, 0xf0000 };

	for (size_t a = 0; a < ARRAY_SIZE(gen_columns); a++) {
		uint32_t t = sc_arch_from_go_name(gen_columns[a].go);

		for (size_t b = 0; b < ARRAY_SIZE(bases); b++)
			for (int k = 0; k < 1100; k++) {
				char *n = seccomp_syscall_resolve_num_arch(
					t, bases[b] + k);

				if (!n)
					continue;
				cr_expect_geq(row_of(n), 0,
					      "%s (%s) not in the table", n,
					      gen_columns[a].go);
				free(n);
			}
	}
}

/* Parse "nr abi name ..." lines of a kernel syscall_*.tbl. */
static int tbl_lookup(const char *text, const char *name, const char *abi1,
		      const char *abi2)
{
	const char *p = text;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		char line[256], abi[32], nm[96];
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		int nr;

		if (len < sizeof(line) && *p != '#') {
			memcpy(line, p, len);
			line[len] = '\0';
			if (sscanf(line, "%d %31s %95s", &nr, abi, nm) == 3 &&
			    strcmp(nm, name) == 0 &&
			    (strcmp(abi, abi1) == 0 ||
			     (abi2 && strcmp(abi, abi2) == 0)))
				return nr;
		}
		p = eol ? eol + 1 : NULL;
	}
	return -1;
}

Test(gen, matches_kernel_x86_64_table)
{
	static const struct {
		const char *name;
		int nr;
	} t[] = {
		{ "statmount", 457 },	      { "listmount", 458 },
		{ "lsm_get_self_attr", 459 }, { "mseal", 462 },
		{ "setxattrat", 463 },	      { "removexattrat", 466 },
	};
	const char *shared = tu_shared_dir();
	long col = column_of("x86_64"), x32 = column_of("x32");
	char *tbl;
	size_t checked = 0;

	if (!shared)
		cr_skip_test("../shared (or $SECCAP_SHARED) is absent: "
			     "cannot compare with the kernel's syscall_64.tbl");
	tbl = tu_slurp(tu_path(shared, "syscalls/x86_64.tbl"), NULL);
	cr_assert_not_null(tbl, "cannot read syscalls/x86_64.tbl");

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		long row = row_of(t[i].name);
		int k = tbl_lookup(tbl, t[i].name, "common", "64");

		cr_assert_geq(row, 0, "%s", t[i].name);
		/* The stored .tbl stops at 462 (SOURCES.md). */
		if (k >= 0)
			cr_expect_eq(k, t[i].nr, "%s in x86_64.tbl", t[i].name);
		cr_expect_eq(gen_nr(row, col), t[i].nr, "%s", t[i].name);
	}

	/* And every x86_64 and x32 entry of the kernel's table. */
	for (size_t i = 0; i < sc_gen_nsyscalls; i++) {
		const char *n = sc_gen_syscall_names[i];
		int k64 = tbl_lookup(tbl, n, "common", "64");
		int k32 = tbl_lookup(tbl, n, "x32", NULL);

		if (k32 < 0)
			k32 = tbl_lookup(tbl, n, "common", NULL);
		if (k64 >= 0) {
			cr_expect_eq(gen_nr((long)i, col), k64, "%s", n);
			checked++;
		}
		if (k32 >= 0)
			cr_expect_eq(gen_nr((long)i, x32), k32, "x32 %s", n);
	}
	cr_expect_gt(checked, 360);
	free(tbl);
}

Test(gen, up_to_date_with_csv)
{
	const char *shared = tu_shared_dir();
	char tmpl[] = "/tmp/seccap-gen-XXXXXX";
	char gen[4096], csv[4096], *out = NULL, *err = NULL;
	char *argv[] = { "/usr/bin/env", "python3", gen, csv, tmpl, NULL };
	char *want, *got;
	int fd, status;

	if (!shared)
		cr_skip_test("../shared (or $SECCAP_SHARED) is absent: "
			     "cannot regenerate conf/syscalls_gen.c");
	snprintf(gen, sizeof(gen), "%s/conf/gen-syscalls.py", tu_root());
	snprintf(csv, sizeof(csv), "%s/syscalls/libseccomp-syscalls.csv",
		 shared);
	fd = mkstemp(tmpl);
	cr_assert_geq(fd, 0);
	close(fd);
	status = tu_run_cmd(argv, NULL, &out, &err);
	if (tu_exited_with(status, 127)) {
		unlink(tmpl);
		cr_skip_test("python3 is not installed: %s", err ? err : "");
	}
	cr_assert(tu_exited_with(status, 0), "generator failed: %s",
		  err ? err : "");
	want = tu_slurp(tu_path(tu_root(), "conf/syscalls_gen.c"), NULL);
	got = tu_slurp(tmpl, NULL);
	unlink(tmpl);
	cr_assert_not_null(want);
	cr_assert_not_null(got);
	cr_expect(strcmp(want, got) == 0,
		  "conf/syscalls_gen.c is stale: run conf/gen-syscalls.py %s "
		  "conf/syscalls_gen.c",
		  csv);
	free(want);
	free(got);
	free(out);
	free(err);
}

/* ---- suggestions ---- */

Test(names, syscall_suggest)
{
	cr_expect_str_eq(sc_syscall_suggest("chmd"), "chmod");
	cr_expect_str_eq(sc_syscall_suggest("opne"), "open");
	cr_expect_str_eq(sc_syscall_suggest("CHMOD"), "chmod");
	cr_expect_str_eq(sc_syscall_suggest("ptrase"), "ptrace");
	cr_expect_str_eq(sc_syscall_suggest("mseall"), "mseal");
	cr_expect_str_eq(sc_syscall_suggest("clone33"), "clone3");
	/* Stray blanks: "read " is one edit from "read" and from "readv". */
	cr_expect_str_eq(sc_syscall_suggest("read "), "read");
	cr_expect_str_eq(sc_syscall_suggest("\tchmod"), "chmod");
	cr_expect_null(sc_syscall_suggest("xyzzyplugh"));
	cr_expect_null(sc_syscall_suggest(""));
	cr_expect_null(sc_syscall_suggest(NULL));
	/* A known name is not its own suggestion. */
	cr_expect_null(sc_syscall_suggest("chmod"));
}

Test(names, suggest_rules)
{
	static const char *const v[] = { "alpha", "beta", "gamma", "aa", "bb",
					  NULL };
	static const char *const tie[] = { "abcx", "abcy", NULL };

	cr_expect_str_eq(sc_suggest("alhpa", v), "alpha"); /* transposition */
	cr_expect_str_eq(sc_suggest("gama", v), "gamma");
	cr_expect_str_eq(sc_suggest("bta", v), "beta");
	cr_expect_null(sc_suggest("alphabet", v)); /* 3 edits */
	/* Short words get one edit only. */
	cr_expect_str_eq(sc_suggest("ba", (const char *const[]){ "bat", NULL }),
			 "bat");
	cr_expect_null(sc_suggest("b", (const char *const[]){ "bat", NULL }));
	/* Two equally good candidates: no guess. */
	cr_expect_null(sc_suggest("abcz", tie));
	cr_expect_null(sc_suggest("ab", v));
	cr_expect_null(sc_suggest("x", NULL));
	cr_expect_str_eq(sc_suggest("scmp_act_alow", sc_action_names),
			 "SCMP_ACT_ALLOW");
}
