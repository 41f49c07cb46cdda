/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzz targets (tests/fuzz/targets.c) without libFuzzer: every input
 * the fuzzers found a problem with (tests/fuzz/regress/) and every seed
 * (tests/data, tests/bad, contrib/profiles, ../shared/profiles) goes
 * through the INI reader, the JSON reader, read -> validate -> resolve
 * -> compile, and fuzz_rules' decoder; none may crash (the sanitizer build
 * turns memory errors into crashes) or report a finding.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/targets.h"
#include "lib/testutil.h"

struct count {
	unsigned files, findings;
};

static void run_file(const char *path, struct count *c)
{
	static const struct {
		const char *name;
		int (*fn)(const uint8_t *, size_t, char *, size_t);
	} targets[] = {
		{ "fuzz_ini", fuzz_ini },
		{ "fuzz_json", fuzz_json },
		{ "fuzz_compile", fuzz_compile },
		{ "fuzz_rules", fuzz_rules },
		{ "fuzz_audit", fuzz_audit },
	};
	static char msg[4096];
	size_t len = 0;
	char *buf = tu_slurp(path, &len);

	cr_assert_not_null(buf, "cannot read %s", path);
	c->files++;
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		msg[0] = '\0';
		if (targets[i].fn((const uint8_t *)buf, len, msg,
				  sizeof(msg)) < 0) {
			c->findings++;
			cr_log_error("%s on %s: %s", targets[i].name, path, msg);
		}
	}
	free(buf);
}

static void run_file_cb(const char *path, void *ud)
{
	run_file(path, ud);
}

/*
 * The inputs kept so far: a regression input is never dropped, so a replay
 * that finds fewer files than these has lost some (a bad path, a rename).
 */
static const char *const kept_inputs[] = {
	"compile-eexist-shorter-rule.json",
	"compile-enosys-default-high-numbers.json",
	"compile-libseccomp-loop.json",
	"rules-libseccomp-leaks-i386-socketcall",
	"rules-no-libseccomp-rule-nr-minus-1",
};

Test(fuzz_regress, crashers_found_by_fuzzing, .timeout = 300)
{
	const char *dir = tu_path(tu_root(), "tests/fuzz/regress");
	struct count c = { 0 };

	for (size_t i = 0; i < sizeof(kept_inputs) / sizeof(kept_inputs[0]); i++)
		cr_expect_eq(access(tu_path(dir, kept_inputs[i]), R_OK), 0,
			     "tests/fuzz/regress/%s is missing", kept_inputs[i]);
	tu_walk(dir, true, run_file_cb, &c);
	cr_log_info("tests/fuzz/regress: %u inputs", c.files);
	/* the README is replayed too */
	cr_expect_gt(c.files, sizeof(kept_inputs) / sizeof(kept_inputs[0]));
	cr_expect_eq(c.findings, 0, "%u findings (printed above)", c.findings);
}

Test(fuzz_regress, seed_corpus, .timeout = 300)
{
	struct count c = { 0 };

	tu_walk(tu_path(tu_root(), "tests/data"), true, run_file_cb, &c);
	tu_walk(tu_path(tu_root(), "tests/bad"), true, run_file_cb, &c);
	tu_walk(tu_path(tu_root(), "contrib/profiles"), true, run_file_cb, &c);
	cr_expect_gt(c.files, 0);
	cr_expect_eq(c.findings, 0, "%u findings (printed above)", c.findings);
}

Test(fuzz_regress, shared_profiles, .timeout = 300)
{
	struct count c = { 0 };
	const char *shared = tu_shared_dir();

	if (!shared)
		cr_skip_test("../shared is absent: its profiles are not replayed");
	tu_walk(tu_path(shared, "profiles"), true, run_file_cb, &c);
	cr_expect_gt(c.files, 0);
	cr_expect_eq(c.findings, 0, "%u findings (printed above)", c.findings);
}
