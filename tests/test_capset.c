/* SPDX-License-Identifier: Apache-2.0 */
/*
 * --caps parsing, the process's own sets (compared with what the kernel
 * reports in /proc/self/status) and formatting.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "names.h"
#include "resolve.h"
#include "lib/testutil.h"

#define CAP(n) (UINT64_C(1) << (n))

static uint64_t parse_ok(const char *spec)
{
	struct sc_capset c = { UINT64_C(0xdead) };
	struct sc_error err = { 0 };
	int r = sc_capset_parse(spec, &c, &err);

	cr_assert_eq(r, 0, "'%s': %d %s", spec, r, err.msg);
	return c.bits;
}

/* Parse must fail with exactly msg (or msg as a prefix when prefix). */
static void parse_fails(const char *spec, const char *msg, bool prefix)
{
	struct sc_capset c = { UINT64_C(0xdead) };
	struct sc_error err = { 0 };

	cr_assert_eq(sc_capset_parse(spec, &c, &err), -EINVAL, "'%s' accepted",
		     spec ? spec : "(null)");
	cr_expect_eq(c.bits, UINT64_C(0xdead), "'%s' wrote the set", spec);
	cr_expect_eq(err.code, EINVAL);
	cr_expect_str_empty(err.file);
	cr_expect_eq(err.line, 0);
	if (prefix)
		cr_expect_eq(strncmp(err.msg, msg, strlen(msg)), 0,
			     "'%s': got \"%s\"", spec, err.msg);
	else
		cr_expect_str_eq(err.msg, msg, "'%s'", spec);
}

static uint64_t cap(const char *name)
{
	int n = sc_cap_parse(name);

	cr_assert_geq(n, 0, "%s unknown", name);
	return CAP(n);
}

/* Capability numbers are fixed by the kernel ABI; check a few directly. */
Test(capset, names_in_any_case)
{
	const char *forms[] = { "sys_admin", "SYS_ADMIN", "CAP_SYS_ADMIN",
				"cap_sys_admin", "Sys_Admin", "cAp_SyS_aDmIn",
				"  sys_admin\t" };

	for (size_t i = 0; i < sizeof(forms) / sizeof(*forms); i++)
		cr_expect_eq(parse_ok(forms[i]), CAP(21), "'%s'", forms[i]);
	cr_expect_eq(parse_ok("chown"), CAP(0));
	cr_expect_eq(parse_ok("CAP_CHOWN"), CAP(0));
	cr_expect_eq(parse_ok("net_raw"), CAP(13));
	cr_expect_eq(parse_ok("CAP_SYSLOG"), CAP(34));
	cr_expect_eq(parse_ok("checkpoint_restore"), CAP(40));
}

Test(capset, items_add_up)
{
	cr_expect_eq(parse_ok("chown,kill"), CAP(0) | CAP(5));
	cr_expect_eq(parse_ok(" chown , CAP_KILL ,chown"), CAP(0) | CAP(5));
	cr_expect_eq(parse_ok("none"), 0);
	cr_expect_eq(parse_ok("none,kill"), CAP(5));
	cr_expect_eq(parse_ok("kill,none"), CAP(5));
	cr_expect_eq(parse_ok("docker,CAP_SYS_ADMIN"),
		     parse_ok("docker") | CAP(21));
}

/* moby daemon/pkg/oci/caps/defaults.go, written out independently here. */
Test(capset, docker_defaults)
{
	static const char *const docker[] = {
		"CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",
		"CAP_FOWNER",  "CAP_MKNOD",        "CAP_NET_RAW",
		"CAP_SETGID",  "CAP_SETUID",       "CAP_SETFCAP",
		"CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
		"CAP_KILL",    "CAP_AUDIT_WRITE",
	};
	uint64_t want = 0, got = parse_ok("docker");

	for (size_t i = 0; i < sizeof(docker) / sizeof(*docker); i++)
		want |= cap(docker[i]);
	cr_expect_eq(got, want, "docker = %#" PRIx64 ", want %#" PRIx64, got,
		     want);
	cr_expect_eq(__builtin_popcountll(got), 14);
	cr_expect_eq(parse_ok("DOCKER"), want);
	cr_expect_eq(parse_ok(" Docker "), want);
	cr_expect_eq(got & cap("CAP_SYS_ADMIN"), 0);
}

Test(capset, all)
{
	uint64_t all = parse_ok("all");
	int top = sc_cap_max();

	cr_assert_geq(top, 40, "cap table ends at %d", top);
	cr_assert_lt(top, 64);
	cr_expect_eq(all, top == 63 ? ~UINT64_C(0) : CAP(top + 1) - 1);
	cr_expect_eq(parse_ok("ALL"), all);
	cr_expect_eq(parse_ok("all,none,docker"), all);
}

Test(capset, empty_specs)
{
	const char *empty =
		"empty --caps; give capability names such as CAP_SYS_ADMIN, or one of docker, all, none, effective, permitted, bounding";

	parse_fails(NULL, empty, false);
	parse_fails("", empty, false);
	parse_fails("  \t", empty, false);
	parse_fails("docker,,kill", "empty item in the capability list 'docker,,kill'; separate capability names with single commas", false);
	parse_fails("docker,", "empty item in the capability list 'docker,'; separate capability names with single commas", false);
	parse_fails(",docker", "empty item in the capability list ',docker'", true);
	parse_fails("kill, ,chown", "empty item in the capability list 'kill, ,chown'", true);
	parse_fails(",", "empty item in the capability list ','", true);
}

Test(capset, unknown_names)
{
	const char *const bad[] = { "foo", "CAP_FOO", "CAP_", "cap", "CAP_CAP_KILL",
				    "sys admin", "21", "kill;chown",
				    "CAP_SYS_ADMIN+ep" };

	parse_fails("foo",
		    "unknown capability 'foo' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN",
		    false);
	parse_fails("docker, zzzzzz ,kill",
		    "unknown capability 'zzzzzz' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN",
		    false);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char want[128];

		snprintf(want, sizeof(want), "unknown capability '%s' in the capability list; ",
			 bad[i]);
		parse_fails(bad[i], want, true);
	}
}

Test(capset, did_you_mean)
{
	parse_fails("sys_admn",
		    "unknown capability 'sys_admn' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN; did you mean 'CAP_SYS_ADMIN'?",
		    false);
	parse_fails("setfcaps",
		    "unknown capability 'setfcaps' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN; did you mean 'CAP_SETFCAP'?",
		    false);
	/* Equally close to CAP_SETGID and CAP_SETUID: no guess. */
	parse_fails("CAP_SETGUID",
		    "unknown capability 'CAP_SETGUID' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN",
		    false);
	parse_fails("dockr",
		    "unknown capability 'dockr' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN; did you mean 'docker'?",
		    false);
}

/* A pathological item is quoted, cut, and never overruns the message. */
Test(capset, long_item)
{
	char spec[4096];
	struct sc_capset c;
	struct sc_error err = { 0 };

	memset(spec, 'x', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = '\0';
	cr_assert_eq(sc_capset_parse(spec, &c, &err), -EINVAL);
	cr_expect_eq(strncmp(err.msg, "unknown capability 'xxxx", 24), 0);
	cr_expect_lt(strlen(err.msg), sizeof(err.msg));
}

/* ---- the process's own sets, against the kernel's report ---- */

static uint64_t proc_status(const char *key)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	uint64_t v = 0;
	bool found = false;
	size_t klen = strlen(key);

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtoull(line + klen + 1, NULL, 16);
			found = true;
		}
	}
	fclose(f);
	cr_assert(found, "no %s in /proc/self/status", key);
	return v;
}

static uint64_t self(enum sc_capset_kind kind)
{
	struct sc_capset c = { 0 };
	struct sc_error err = { 0 };

	cr_assert_eq(sc_capset_of_self(kind, &c, &err), 0, "%s", err.msg);
	return c.bits;
}

Test(capset, sets_of_self_match_proc_status)
{
	cr_expect_eq(self(SC_CAPS_EFFECTIVE), proc_status("CapEff"));
	cr_expect_eq(self(SC_CAPS_PERMITTED), proc_status("CapPrm"));
	cr_expect_eq(self(SC_CAPS_BOUNDING), proc_status("CapBnd"));
	cr_expect_eq(parse_ok("effective"), proc_status("CapEff"));
	cr_expect_eq(parse_ok("Permitted"), proc_status("CapPrm"));
	cr_expect_eq(parse_ok("BOUNDING"), proc_status("CapBnd"));
	cr_expect_eq(parse_ok("effective,bounding"),
		     proc_status("CapEff") | proc_status("CapBnd"));
}

Test(capset, unknown_kind)
{
	struct sc_capset c = { 7 };
	struct sc_error err = { 0 };

	cr_expect_eq(sc_capset_of_self((enum sc_capset_kind)42, &c, &err),
		     -EINVAL);
	cr_expect_eq(c.bits, 7);
}

/*
 * Change the sets for real in a child (so the worker keeps its caps) and
 * check that what we read follows the kernel, not a cached or made-up set.
 */
static int changed_sets_child(void *arg)
{
	struct sc_capset eff, prm, bnd;
	cap_value_t drop[] = { CAP_SYS_ADMIN, CAP_NET_ADMIN };
	cap_value_t lower[] = { CAP_KILL };
	cap_t caps;

	(void)arg;
	/* Bounding: drop CAP_SYS_ADMIN (needs CAP_SETPCAP). */
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) < 0)
		return 10;
	/* Permitted loses CAP_NET_ADMIN and CAP_SYS_ADMIN; effective CAP_KILL. */
	caps = cap_get_proc();
	if (!caps ||
	    cap_set_flag(caps, CAP_PERMITTED, 2, drop, CAP_CLEAR) < 0 ||
	    cap_set_flag(caps, CAP_EFFECTIVE, 2, drop, CAP_CLEAR) < 0 ||
	    cap_set_flag(caps, CAP_EFFECTIVE, 1, lower, CAP_CLEAR) < 0 ||
	    cap_set_proc(caps) < 0)
		return 11;
	cap_free(caps);
	if (sc_capset_of_self(SC_CAPS_EFFECTIVE, &eff, NULL) < 0 ||
	    sc_capset_of_self(SC_CAPS_PERMITTED, &prm, NULL) < 0 ||
	    sc_capset_of_self(SC_CAPS_BOUNDING, &bnd, NULL) < 0)
		return 12;
	if (bnd.bits & CAP(CAP_SYS_ADMIN))
		return 13;
	if (!(bnd.bits & CAP(CAP_NET_ADMIN)))
		return 14;
	if (prm.bits & (CAP(CAP_SYS_ADMIN) | CAP(CAP_NET_ADMIN)))
		return 15;
	if (!(prm.bits & CAP(CAP_KILL)) || (eff.bits & CAP(CAP_KILL)))
		return 16;
	if (eff.bits != proc_status("CapEff") ||
	    prm.bits != proc_status("CapPrm") ||
	    bnd.bits != proc_status("CapBnd"))
		return 17;
	return 0;
}

Test(capset, follows_changed_sets)
{
	int st;

	if (!(self(SC_CAPS_EFFECTIVE) & CAP(CAP_SETPCAP)) ||
	    !(self(SC_CAPS_PERMITTED) & CAP(CAP_SYS_ADMIN)) ||
	    !(self(SC_CAPS_PERMITTED) & CAP(CAP_NET_ADMIN)) ||
	    !(self(SC_CAPS_EFFECTIVE) & CAP(CAP_KILL)))
		cr_skip_test("needs root (CAP_SETPCAP, CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_KILL) to change its own sets");
	st = tu_run_child(changed_sets_child, NULL);
	cr_expect(tu_exited_with(st, 0), "child status %#x", st);
}

/* An ordinary user has empty effective and permitted sets. */
static int unprivileged_child(void *arg)
{
	struct sc_capset eff, prm, bnd;

	(void)arg;
	if (setgid(65534) < 0 || setuid(65534) < 0)
		return 10;
	if (sc_capset_of_self(SC_CAPS_EFFECTIVE, &eff, NULL) < 0 ||
	    sc_capset_of_self(SC_CAPS_PERMITTED, &prm, NULL) < 0 ||
	    sc_capset_of_self(SC_CAPS_BOUNDING, &bnd, NULL) < 0)
		return 11;
	if (eff.bits || prm.bits)
		return 12;
	if (bnd.bits != proc_status("CapBnd"))
		return 13;
	return 0;
}

Test(capset, unprivileged_user_has_none)
{
	int st;

	if (geteuid() != 0)
		cr_skip_test("needs root to switch to an unprivileged user");
	st = tu_run_child(unprivileged_child, NULL);
	cr_expect(tu_exited_with(st, 0), "child status %#x", st);
}

/* ---- formatting ---- */

Test(capset, format)
{
	struct sc_capset c = { 0 };
	char buf[1024];

	cr_expect_eq(sc_capset_format(&c, buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "");
	c.bits = CAP(21) | CAP(0) | CAP(34);
	cr_expect_eq(sc_capset_format(&c, buf, sizeof(buf)),
		     strlen("CAP_CHOWN,CAP_SYS_ADMIN,CAP_SYSLOG"));
	cr_expect_str_eq(buf, "CAP_CHOWN,CAP_SYS_ADMIN,CAP_SYSLOG");
	/* A capability our table does not name is printed as its number. */
	c.bits = CAP(5) | CAP(63);
	sc_capset_format(&c, buf, sizeof(buf));
	cr_expect_str_eq(buf, "CAP_KILL,63");
}

Test(capset, format_truncates_like_snprintf)
{
	struct sc_capset c = { CAP(0) | CAP(21) };
	const char *full = "CAP_CHOWN,CAP_SYS_ADMIN";
	char buf[12];

	memset(buf, '#', sizeof(buf));
	cr_expect_eq(sc_capset_format(&c, buf, sizeof(buf)), strlen(full));
	cr_expect_str_eq(buf, "CAP_CHOWN,C");
	memset(buf, '#', sizeof(buf));
	cr_expect_eq(sc_capset_format(&c, buf, 0), strlen(full));
	cr_expect_eq(buf[0], '#');
	cr_expect_eq(sc_capset_format(&c, buf, 1), strlen(full));
	cr_expect_str_eq(buf, "");
	cr_expect_eq(sc_capset_format(&c, buf, 10), strlen(full));
	cr_expect_str_eq(buf, "CAP_CHOWN");
}

/* What format prints, parse reads back. */
Test(capset, format_parse_round_trip)
{
	const char *specs[] = { "docker", "all", "kill", "docker,sys_admin,bpf",
				"effective", "bounding" };

	for (size_t i = 0; i < sizeof(specs) / sizeof(*specs); i++) {
		/* Only caps our table names can be read back by name. */
		struct sc_capset c = { parse_ok(specs[i]) & parse_ok("all") };
		char buf[2048];

		if (!c.bits)
			continue;
		cr_assert_lt(sc_capset_format(&c, buf, sizeof(buf)), sizeof(buf));
		cr_expect_eq(parse_ok(buf), c.bits, "'%s' -> '%s'", specs[i],
			     buf);
	}
}
