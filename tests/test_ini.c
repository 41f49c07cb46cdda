/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The INI format (seccap-profile(5)): every key into its field, every
 * error with its exact message and line, inih's limits at the exact byte,
 * and the writer: never a line the reader refuses, stable bytes, and
 * JSON -> INI -> model round trips for every shared profile and for
 * generated models full of awkward strings.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "buf.h"
#include "io.h"
#include "lib/testutil.h"
#include "model.h"

/* ---- helpers ---- */

static char *fmt_err(const struct sc_error *e)
{
	static char m[SC_MSG_MAX + SC_FILE_MAX + 64];

	sc_error_format(e, "error", m, sizeof(m));
	return m;
}

static int parse_n(const char *text, size_t len, struct sc_profile **p,
		   struct sc_error *e)
{
	*p = NULL;
	sc_error_clear(e);
	return sc_ini_parse("t.ini", text, len, p, NULL, e);
}

static struct sc_profile *ok(const char *text)
{
	struct sc_profile *p;
	struct sc_error e;
	int r = parse_n(text, strlen(text), &p, &e);

	cr_assert_eq(r, 0, "unexpected error: %s\n--- input:\n%s", fmt_err(&e),
		     text);
	cr_assert_not_null(p);
	return p;
}

static void bad_n(const char *text, size_t len, const char *want)
{
	struct sc_profile *p;
	struct sc_error e;
	int r = parse_n(text, len, &p, &e);

	cr_assert_lt(r, 0, "accepted, wanted: %s\n--- input:\n%s", want, text);
	cr_assert_null(p, "*ret written on failure");
	cr_assert_eq(e.code, -r);
	cr_assert_str_eq(fmt_err(&e), want, "\ngot:  %s\nwant: %s\n--- input:\n%s",
			 fmt_err(&e), want, text);
}

static void bad(const char *text, const char *want)
{
	bad_n(text, strlen(text), want);
}

static char *repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);

	cr_assert_not_null(s);
	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

static char *cat(const char *a, const char *b, const char *c)
{
	char *s;

	cr_assert_neq(asprintf(&s, "%s%s%s", a, b, c), -1);
	return s;
}

static char *write_ini(const struct sc_profile *p)
{
	struct sc_buf b = { 0 };
	struct sc_error e;
	int r;

	sc_error_clear(&e);
	r = sc_ini_write(p, &b, &e);
	cr_assert_eq(r, 0, "write failed: %s", fmt_err(&e));
	cr_assert(!b.oom);
	return b.p ? b.p : calloc(1, 1);
}

/* Every line at most 197 bytes and every section label 1..49 and unique. */
static void check_lines(const char *ini, const char *what)
{
	const char *s = ini;
	char labels[1024][64];
	size_t nlabels = 0;
	unsigned line = 0;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		line++;
		cr_expect_leq(n, 197, "%s: line %u has %zu bytes", what, line, n);
		if (n && s[0] == '[') {
			size_t l = n - 2;

			cr_expect(s[n - 1] == ']', "%s: line %u", what, line);
			cr_expect(l >= 1 && l <= 49, "%s: label on line %u has %zu "
				  "bytes", what, line, l);
			for (size_t i = 0; i < nlabels && l < 64; i++)
				cr_expect(strlen(labels[i]) != l ||
					  memcmp(labels[i], s + 1, l) != 0,
					  "%s: label '%.*s' twice", what, (int)l,
					  s + 1);
			if (nlabels < 1024 && l < 64) {
				memcpy(labels[nlabels], s + 1, l);
				labels[nlabels++][l] = '\0';
			}
		}
		if (!nl)
			break;
		s = nl + 1;
	}
}

/* Write p, read it back, compare; then write again: same bytes. */
static void round_trip(const struct sc_profile *p, const char *what)
{
	struct sc_profile *q;
	struct sc_error e;
	char *a, *b;
	int r;

	a = write_ini(p);
	check_lines(a, what);
	r = sc_ini_parse("rt.ini", a, strlen(a), &q, NULL, &e);
	cr_assert_eq(r, 0, "%s: written INI does not read back: %s\n%s", what,
		     fmt_err(&e), a);
	b = write_ini(q);
	cr_assert(sc_profile_equal(p, q), "%s: model differs after INI:\n%s\n"
		  "--- written again:\n%s", what, a, b);
	/* Only the header may differ (it names the source file). */
	cr_assert_str_eq(strchr(a, '\n'), strchr(b, '\n'),
			 "%s: not stable", what);
	sc_profile_free(q);
	free(a);
	free(b);
}

/* ---- every key into its field ---- */

Test(ini_keys, profile_section)
{
	struct sc_profile *p = ok(
		"# free comment\n"
		"\n"
		"[profile]\n"
		"default-action = kill-process\n"
		"default-errno = 0x26\n"
		"default-errno-name = ENOSYS\n"
		"architectures = SCMP_ARCH_X86_64 SCMP_ARCH_X86\n"
		"\tSCMP_ARCH_X32\n"
		"flags = SECCOMP_FILTER_FLAG_SPEC_ALLOW SECCOMP_FILTER_FLAG_LOG\n"
		"listener-path = /run/seccomp agent.sock ; comment\n"
		"listener-metadata = \"meta \\; data\"\n");

	cr_assert_str_eq(p->file, "t.ini");
	cr_assert_str_eq(p->default_action, "SCMP_ACT_KILL_PROCESS");
	cr_assert_eq(p->default_action_loc.line, 4);
	cr_assert_eq(p->default_action_loc.col, 18);
	cr_assert(p->has_default_errno_ret);
	cr_assert_eq(p->default_errno_ret, 38);
	cr_assert_eq(p->default_errno_ret_loc.line, 5);
	cr_assert_str_eq(p->default_errno_name, "ENOSYS");
	cr_assert_eq(p->architectures.n, 3);
	cr_assert_str_eq(p->architectures.v[0].s, "SCMP_ARCH_X86_64");
	cr_assert_str_eq(p->architectures.v[2].s, "SCMP_ARCH_X32");
	cr_assert_eq(p->architectures.v[2].loc.line, 8);
	cr_assert_eq(p->architectures.v[2].loc.col, 2);
	cr_assert(p->has_flags);
	cr_assert_eq(p->flags.n, 2);
	cr_assert_str_eq(p->flags.v[1].s, "SECCOMP_FILTER_FLAG_LOG");
	cr_assert_str_eq(p->listener_path, "/run/seccomp agent.sock");
	cr_assert_str_eq(p->listener_metadata, "meta ; data");
	cr_assert_eq(p->narchmap, 0);
	cr_assert_eq(p->ngroups, 0);
	sc_profile_free(p);
}

Test(ini_keys, arch_map_and_empty_flags)
{
	struct sc_profile *p = ok(
		"[profile]\n"
		"arch-map = SCMP_ARCH_X86_64 SCMP_ARCH_X86\n"
		"   SCMP_ARCH_X32\n"
		"arch-map = SCMP_ARCH_RISCV64\n"
		"arch-map = - SCMP_ARCH_ARM\n"
		"arch-map = \"-\"\n"
		"flags =\n");

	cr_assert_eq(p->narchmap, 4);
	cr_assert_str_eq(p->archmap[0].arch.s, "SCMP_ARCH_X86_64");
	cr_assert_eq(p->archmap[0].subs.n, 2);
	cr_assert_str_eq(p->archmap[0].subs.v[1].s, "SCMP_ARCH_X32");
	cr_assert_eq(p->archmap[0].loc.line, 2);
	cr_assert_str_eq(p->archmap[1].arch.s, "SCMP_ARCH_RISCV64");
	cr_assert_eq(p->archmap[1].subs.n, 0);
	cr_assert_null(p->archmap[2].arch.s, "bare '-' is 'no architecture'");
	cr_assert_str_eq(p->archmap[2].subs.v[0].s, "SCMP_ARCH_ARM");
	cr_assert_str_eq(p->archmap[3].arch.s, "-");
	cr_assert(p->has_flags, "'flags =' is flags: []");
	cr_assert_eq(p->flags.n, 0);
	sc_profile_free(p);

	p = ok("[profile]\ndefault-action = allow\n");
	cr_assert(!p->has_flags, "no 'flags' key is no flags field");
	sc_profile_free(p);
}

Test(ini_keys, group_section)
{
	struct sc_profile *p = ok(
		"[profile]\n"
		"default-action = errno\n"
		"\n"
		"# Allow the basic\n"
		"# syscalls\n"
		"[accept]\n"
		"action = errno\n"
		"errno = EPERM\n"
		"errno-name = EPERM\n"
		"syscalls = accept\n"
		"\taccept4 read ; two on a line\n"
		"; a comment inside the list\n"
		"\n"
		"\twrite\n"
		"arg = arg0 & 0x7E020000 == 0\n"
		"arg = arg1 != 5\n"
		"arg = arg2 < 6\n"
		"arg = arg3 <= 7\n"
		"arg = arg4 > 8\n"
		"arg = arg5 >= 0xffffffffffffffff\n"
		"arg = arg6 == 1\n"
		"arg = arg0 SCMP_CMP_EQ 5 7\n"
		"arg = arg0 SCMP_CMP_FOO 1\n"
		"arg = arg0 - 3\n"
		"arg = arg0 \"\" 4 0x10\n"
		"caps = CAP_SYS_ADMIN CAP_SYS_PTRACE\n"
		"not-caps = CAP_SYS_BOOT\n"
		"arches = amd64 x32\n"
		"not-arches = s390 s390x\n"
		"min-kernel = 4.8\n"
		"not-min-kernel = \"\"\n"
		"\n"
		"[open]\n"
		"comment = \"quoted \\\"comment\\\"\"\n"
		"action = SCMP_ACT_FOO\n"
		"name = open\n");
	struct sc_group *g;
	static const struct {
		uint64_t index, value, two;
		const char *op;
	} want[] = {
		{ 0, 0x7E020000, 0, "SCMP_CMP_MASKED_EQ" },
		{ 1, 5, 0, "SCMP_CMP_NE" },
		{ 2, 6, 0, "SCMP_CMP_LT" },
		{ 3, 7, 0, "SCMP_CMP_LE" },
		{ 4, 8, 0, "SCMP_CMP_GT" },
		{ 5, UINT64_MAX, 0, "SCMP_CMP_GE" },
		{ 6, 1, 0, "SCMP_CMP_EQ" },
		{ 0, 5, 7, "SCMP_CMP_EQ" },
		{ 0, 1, 0, "SCMP_CMP_FOO" },
		{ 0, 3, 0, NULL },
		{ 0, 4, 16, "" },
	};

	cr_assert_eq(p->ngroups, 2);
	g = &p->groups[0];
	cr_assert_eq(g->loc.line, 6);
	cr_assert_str_eq(g->comment, "Allow the basic\nsyscalls");
	cr_assert_str_eq(g->action, "SCMP_ACT_ERRNO");
	cr_assert_eq(g->action_loc.line, 7);
	cr_assert(g->has_errno_ret);
	cr_assert_eq(g->errno_ret, 1);
	cr_assert_str_eq(g->errno_name, "EPERM");
	cr_assert_eq(g->names.n, 4);
	cr_assert_str_eq(g->names.v[0].s, "accept");
	cr_assert_str_eq(g->names.v[1].s, "accept4");
	cr_assert_str_eq(g->names.v[2].s, "read");
	cr_assert_eq(g->names.v[2].loc.line, 11);
	cr_assert_eq(g->names.v[2].loc.col, 10);
	cr_assert_str_eq(g->names.v[3].s, "write");
	cr_assert_eq(g->names.v[3].loc.line, 14);
	cr_assert_null(g->name);
	cr_assert_eq(g->nargs, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < g->nargs; i++) {
		cr_assert_eq(g->args[i].index, want[i].index, "arg %zu", i);
		cr_assert_eq(g->args[i].value, want[i].value, "arg %zu", i);
		cr_assert_eq(g->args[i].value_two, want[i].two, "arg %zu", i);
		if (want[i].op)
			cr_assert_str_eq(g->args[i].op, want[i].op, "arg %zu", i);
		else
			cr_assert_null(g->args[i].op, "arg %zu", i);
		cr_assert_eq(g->args[i].loc.line, 15 + i);
		cr_assert_eq(g->args[i].loc.col, 7);
	}
	cr_assert_eq(g->includes.caps.n, 2);
	cr_assert_str_eq(g->includes.caps.v[1].s, "CAP_SYS_PTRACE");
	cr_assert_eq(g->excludes.caps.n, 1);
	cr_assert_str_eq(g->excludes.caps.v[0].s, "CAP_SYS_BOOT");
	cr_assert_str_eq(g->includes.arches.v[1].s, "x32");
	cr_assert_str_eq(g->excludes.arches.v[0].s, "s390");
	cr_assert_str_eq(g->includes.min_kernel, "4.8");
	cr_assert_eq(g->includes.min_kernel_loc.line, 30);
	cr_assert_str_eq(g->excludes.min_kernel, "", "\"\" is Docker's 0.0");

	g = &p->groups[1];
	cr_assert_str_eq(g->comment, "quoted \"comment\"");
	cr_assert_str_eq(g->action, "SCMP_ACT_FOO", "kept for check to report");
	cr_assert_str_eq(g->name, "open");
	cr_assert_eq(g->name_loc.line, 36);
	cr_assert_eq(g->names.n, 0);
	cr_assert(!g->has_errno_ret);
	sc_profile_free(p);
}

Test(ini_keys, action_words)
{
	static const char *const words[][2] = {
		{ "allow", "SCMP_ACT_ALLOW" },
		{ "errno", "SCMP_ACT_ERRNO" },
		{ "kill", "SCMP_ACT_KILL" },
		{ "kill-thread", "SCMP_ACT_KILL_THREAD" },
		{ "kill-process", "SCMP_ACT_KILL_PROCESS" },
		{ "trap", "SCMP_ACT_TRAP" },
		{ "trace", "SCMP_ACT_TRACE" },
		{ "log", "SCMP_ACT_LOG" },
		{ "notify", "SCMP_ACT_NOTIFY" },
		{ "SCMP_ACT_KILL", "SCMP_ACT_KILL" },
		{ "SCMP_ACT_ALLOW", "SCMP_ACT_ALLOW" },
		{ "SCMP_ACT_FOO", "SCMP_ACT_FOO" },
		{ "\"allow\"", "allow" },
		{ "\"\"", "" },
		{ "\"Allow it\"", "Allow it" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char *text = cat("[g]\naction = ", words[i][0], "\n");
		struct sc_profile *p = ok(text);

		cr_assert_str_eq(p->groups[0].action, words[i][1], "%s",
				 words[i][0]);
		sc_profile_free(p);
		free(text);
	}
}

Test(ini_keys, numbers)
{
	static const struct {
		const char *text;
		uint64_t v;
	} nums[] = {
		{ "0", 0 },
		{ "1", 1 },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "0XFFFFFFFFFFFFFFFF", UINT64_MAX },
		{ "0x0000000000000000000001", 1 },
		{ "0x7E020000", 0x7E020000 },
		{ "ENOSYS", 38 },
		{ "EPERM", 1 },
	};

	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		char *text = cat("[profile]\ndefault-errno = ", nums[i].text, "\n");
		struct sc_profile *p = ok(text);

		cr_assert(p->has_default_errno_ret);
		cr_assert_eq(p->default_errno_ret, nums[i].v, "%s", nums[i].text);
		sc_profile_free(p);
		free(text);
	}
}

Test(ini_keys, empty_strings_and_null)
{
	struct sc_profile *p = ok(
		"[profile]\n"
		"default-action = \"\"\n"
		"default-errno-name = \"\"\n"
		"listener-path = \"\"\n"
		"[g]\n"
		"errno-name = \"\"\n"
		"name = \"\"\n"
		"comment = \"\"\n"
		"syscalls = \"\" \"a b\"\n"
		"min-kernel = \"\"\n");
	struct sc_group *g = &p->groups[0];

	cr_assert_str_eq(p->default_action, "");
	cr_assert_str_eq(p->default_errno_name, "");
	cr_assert_null(p->listener_path, "\"\" and absent are one in the model");
	cr_assert_str_eq(g->errno_name, "");
	cr_assert_null(g->name);
	cr_assert_null(g->comment);
	cr_assert_eq(g->names.n, 2);
	cr_assert_str_eq(g->names.v[0].s, "");
	cr_assert_str_eq(g->names.v[1].s, "a b");
	cr_assert_str_eq(g->includes.min_kernel, "");
	sc_profile_free(p);
}

Test(ini_keys, quoting_and_escapes)
{
	struct sc_profile *p = ok(
		"[profile]\n"
		"listener-metadata = \"a\\nb\\tc\\rd\\\\e\\\"f\\;g\\#h\\x01\\xff\"\n"
		"listener-path = \" lead and trail \"\n"
		"[g]\n"
		"comment = \"first part, \\\n"
		"\tsecond part\\\n"
		"\t\\x20third\"\n"
		"syscalls = \"sp ace\" bare\\back \"con\\\n"
		"\ttinued\" next\n");

	cr_assert_str_eq(p->listener_metadata,
			 "a\nb\tc\rd\\e\"f;g#h\x01\xff");
	cr_assert_str_eq(p->listener_path, " lead and trail ");
	cr_assert_str_eq(p->groups[0].comment,
			 "first part, second part third");
	cr_assert_eq(p->groups[0].names.n, 4);
	cr_assert_str_eq(p->groups[0].names.v[0].s, "sp ace");
	cr_assert_str_eq(p->groups[0].names.v[1].s, "bare\\back",
			 "no escapes outside quotes");
	cr_assert_str_eq(p->groups[0].names.v[2].s, "continued");
	cr_assert_eq(p->groups[0].names.v[2].loc.line, 8);
	cr_assert_str_eq(p->groups[0].names.v[3].s, "next");
	sc_profile_free(p);
}

Test(ini_keys, hash_comments)
{
	struct sc_profile *p = ok(
		"# not attached: a blank line follows\n"
		"\n"
		"#first\n"
		"#  indented\n"
		"#\n"
		"# wrapped \\\n"
		"# line   \n"
		"[a]\n"
		"action = allow\n"
		"# attached to b, across the end of a\n"
		"[b]\n"
		"; a ';' line breaks the block\n"
		"# only this\n"
		"[c]\n"
		"#   indented '#' lines are free comments too\n"
		"   # like this one\n"
		"[d]\n");

	cr_assert_eq(p->ngroups, 4);
	cr_assert_str_eq(p->groups[0].comment,
			 "first\n indented\n\nwrapped line");
	cr_assert_str_eq(p->groups[1].comment,
			 "attached to b, across the end of a");
	cr_assert_str_eq(p->groups[2].comment, "only this");
	cr_assert_null(p->groups[3].comment);
	sc_profile_free(p);

	/* A '#' block above [profile] is a free comment. */
	p = ok("# about the profile\n[profile]\ndefault-action = allow\n");
	cr_assert_eq(p->ngroups, 0);
	sc_profile_free(p);
}

Test(ini_keys, empty_input_and_empty_groups)
{
	struct sc_profile *p = ok("");

	cr_assert_null(p->default_action);
	cr_assert_eq(p->ngroups, 0);
	sc_profile_free(p);

	p = ok("; nothing\n\n# at all\n");
	cr_assert_eq(p->ngroups, 0);
	sc_profile_free(p);

	/* inih never calls back for a section without keys; we count it. */
	p = ok("[a]\n[b]\n\n[c]");
	cr_assert_eq(p->ngroups, 3);
	cr_assert_eq(p->groups[2].loc.line, 4);
	sc_profile_free(p);
}

Test(ini_keys, line_ends_bom_and_colon)
{
	struct sc_profile *p = ok("\xef\xbb\xbf[g]\r\n"
				  "action: allow\r\n"
				  "syscalls = read\r\n"
				  "\twrite\r\n"
				  "errno = 1");

	cr_assert_str_eq(p->groups[0].action, "SCMP_ACT_ALLOW");
	cr_assert_eq(p->groups[0].names.n, 2);
	cr_assert_str_eq(p->groups[0].names.v[1].s, "write");
	cr_assert_eq(p->groups[0].errno_ret, 1);
	cr_assert_eq(p->groups[0].errno_ret_loc.line, 5);
	sc_profile_free(p);
}

Test(ini_keys, buffer_not_nul_terminated)
{
	const char text[] = "[g]\naction = allow\nsyscalls = read\n"
			    "GARBAGE AFTER THE LENGTH";
	struct sc_profile *p;
	struct sc_error e;
	size_t len = strlen(text) - strlen("GARBAGE AFTER THE LENGTH");

	cr_assert_eq(parse_n(text, len, &p, &e), 0, "%s", fmt_err(&e));
	cr_assert_eq(p->groups[0].names.n, 1);
	sc_profile_free(p);
}

/* ---- errors: exact message, exact line ---- */

Test(ini_errors, line_length_limit)
{
	/* "syscalls = " is 11 bytes: 186 more make 197. */
	char *name = repeat('a', 186), *name1 = repeat('a', 187), *text;
	struct sc_profile *p;

	text = cat("[g]\nsyscalls = ", name, "\n");
	p = ok(text);
	cr_assert_eq(strlen(p->groups[0].names.v[0].s), 186);
	sc_profile_free(p);
	free(text);

	text = cat("[g]\nsyscalls = ", name1, "\n[h]\n");
	bad(text, "t.ini:2: error: line too long (198 bytes, at most 197); "
		  "split the syscalls over several lines");
	free(text);

	/* The line end does not count, "\r\n" neither, nor a missing one. */
	text = cat("[g]\r\nsyscalls = ", name, "\r\n");
	p = ok(text);
	sc_profile_free(p);
	free(text);
	text = cat("[g]\nsyscalls = ", name, "");
	p = ok(text);
	sc_profile_free(p);
	free(text);
	text = cat("[g]\nsyscalls = ", name1, "");
	bad(text, "t.ini:2: error: line too long (198 bytes, at most 197); "
		  "split the syscalls over several lines");
	free(text);
	free(name);
	free(name1);

	/* Continuation lines: "\t" + 196. */
	name = repeat('b', 196);
	name1 = repeat('b', 197);
	text = cat("[g]\nsyscalls = read\n\t", name, "\n");
	p = ok(text);
	cr_assert_eq(strlen(p->groups[0].names.v[1].s), 196);
	sc_profile_free(p);
	free(text);
	text = cat("[g]\nsyscalls = read\n\t", name1, "\n");
	bad(text, "t.ini:3: error: line too long (198 bytes, at most 197); "
		  "split the syscalls over several lines");
	free(text);

	/* Other kinds of lines get their own hint. */
	text = cat("[g]\n#", name1, "\n");
	bad(text, "t.ini:2: error: line too long (198 bytes, at most 197); "
		  "end a '#' line with '\\' to continue it on the next");
	free(text);
	text = cat("[profile]\nlistener-path = ", name1, "\n");
	bad(text, "t.ini:2: error: line too long (213 bytes, at most 197); "
		  "quote the value and end the line with '\\' to continue it "
		  "on an indented line");
	free(text);
	text = cat("[g]\ncaps = ", name1, "\n");
	bad(text, "t.ini:2: error: line too long (204 bytes, at most 197); "
		  "split the list over several lines");
	free(text);
	free(name);
	free(name1);
}

static int count_evil(void *user, const char *section, const char *name,
		      const char *value)
{
	(void)section;
	(void)name;
	if (strstr(value, "evil_syscall"))
		(*(int *)user)++;
	return 1;
}

Test(ini_errors, line_inih_would_split_before_a_space)
{
	/*
	 * inih reads 199 bytes; with a space at byte 200 the rest comes back
	 * as an indented continuation line and raises no error at all.
	 */
	const char *prefix = "[g]\naction = allow\nsyscalls = read\n";
	size_t start = strlen(prefix);
	struct sc_buf b = { 0 };
	int evil = 0;

	sc_buf_puts(&b, prefix);
	sc_buf_puts(&b, "\tx");
	while (b.len - start < 199)
		sc_buf_puts(&b, "y");
	sc_buf_puts(&b, " evil_syscall\n");
	cr_assert_eq(b.p[start + 199], ' ');
	/* The hazard is real: plain inih takes it silently. */
	cr_assert_eq(ini_parse_string(b.p, count_evil, &evil), 0);
	cr_assert_eq(evil, 1);
	bad(b.p, "t.ini:4: error: line too long (212 bytes, at most 197); "
		 "split the syscalls over several lines");
	sc_buf_free(&b);
}

Test(ini_errors, section_names)
{
	char *l49 = repeat('s', 49), *l50 = repeat('s', 50), *text;
	struct sc_profile *p;

	text = cat("[profile]\n[", l49, "]\naction = allow\n");
	p = ok(text);
	cr_assert_eq(p->ngroups, 1);
	sc_profile_free(p);
	free(text);

	text = cat("[profile]\n[", l50, "]\naction = allow\n");
	bad(text, "t.ini:2:2: error: section name too long (50 bytes, at most "
		  "49)");
	free(text);
	free(l49);
	free(l50);

	bad("[a]\n[b]\n\n[a]\n",
	    "t.ini:4:1: error: duplicate section 'a' (first on line 1)");
	bad("[profile]\n[a]\n[profile]\n",
	    "t.ini:3:1: error: duplicate section 'profile' (first on line 1)");
	bad("[Profile]\n",
	    "t.ini:1:2: error: section name 'Profile' is reserved; write "
	    "[profile] for the profile's settings");
	bad("[]\n", "t.ini:1:2: error: empty section name");
	bad("[a\n", "t.ini:1:1: error: missing ']' in section header");
	bad("[a] junk\n",
	    "t.ini:1:5: error: unexpected text after ']' in section header");
	bad("[ a]\n",
	    "t.ini:1:2: error: section name ' a' starts or ends with a space");
	bad("[a;b]\n", "t.ini:1:3: error: invalid character ';' in section name");
	bad("[g]\naction = allow\n  [h]\n",
	    "t.ini:3:3: error: section header must start at the beginning of "
	    "the line");

	p = ok("[with spaces, dots.and-dashes] ; comment\n"
	       "[x] # comment\n");
	cr_assert_eq(p->ngroups, 2);
	sc_profile_free(p);
}

Test(ini_errors, keys)
{
	bad("action = allow\n",
	    "t.ini:1:1: error: key 'action' outside any section; put it under "
	    "[profile] or under a syscall group such as [read]");
	bad("[g]\nsycalls = read\n",
	    "t.ini:2:1: error: unknown key 'sycalls'; did you mean 'syscalls'?");
	bad("[profile]\ndefault-acton = allow\n",
	    "t.ini:2:1: error: unknown key 'default-acton'; did you mean "
	    "'default-action'?");
	bad("[g]\nbanana = 1\n",
	    "t.ini:2:1: error: unknown key 'banana' in a syscall group");
	bad("[profile]\nbanana = 1\n",
	    "t.ini:2:1: error: unknown key 'banana' in [profile]");
	bad("[g]\ndefault-action = allow\n",
	    "t.ini:2:1: error: 'default-action' belongs in [profile], not in a "
	    "syscall group");
	bad("[profile]\nsyscalls = read\n",
	    "t.ini:2:1: error: 'syscalls' belongs in a syscall group, not in "
	    "[profile]");
	bad("[g]\naction = allow\nsyscalls = read\naction = errno\n",
	    "t.ini:4:1: error: 'action' given twice in this section (first on "
	    "line 2)");
	bad("[g]\nsyscalls = read\n\n\nsyscalls = write\n",
	    "t.ini:5:1: error: 'syscalls' given twice in this section (first on "
	    "line 2)");
	bad("[g]\nread\n",
	    "t.ini:2:1: error: expected 'key = value', a [section] or a comment");
	bad("[g]\naction ; = allow\n",
	    "t.ini:2:1: error: expected 'key = value', a [section] or a comment");
	bad("[g]\n = allow\n", "t.ini:2:2: error: missing key name before '='");
	bad("[g]\nsyscalls = read\n  action = allow\n",
	    "t.ini:3:3: error: 'action' is indented, so it continues the value "
	    "of 'syscalls'; start it at the beginning of the line");
	bad("# a\n[g]\ncomment = b\n",
	    "t.ini:3:1: error: the comment is given twice: as '#' lines above "
	    "the section (line 1) and as 'comment'");
}

Test(ini_errors, values)
{
	bad("[g]\naction =\n",
	    "t.ini:2:1: error: empty value for 'action'; write \"\" for an "
	    "empty string");
	bad("[g]\nerrno = ; nothing\n",
	    "t.ini:2:1: error: empty value for 'errno'");
	bad("[g]\nname = open close\n",
	    "t.ini:2:13: error: 'name' takes a single value, but 'close' "
	    "follows it");
	bad("[g]\naction = allow\n\terrno\n[h]\n",
	    "t.ini:3:2: error: 'action' takes a single value, but 'errno' "
	    "follows it");
	bad("[g]\naction = alow\n",
	    "t.ini:2:10: error: unknown action 'alow'; did you mean 'allow'?");
	bad("[g]\naction = permit\n",
	    "t.ini:2:10: error: unknown action 'permit'; expected allow, errno, "
	    "kill, kill-thread, kill-process, trap, trace, log, notify or an "
	    "SCMP_ACT_* name");
	bad("[profile]\nlistener-path = /a\n  /b\n",
	    "t.ini:3:3: error: 'listener-path' does not continue on indented "
	    "lines; quote its value and end the line with '\\' to continue it");
	bad("[g]\nmin-kernel = 4\n",
	    "t.ini:2:14: error: invalid kernel version '4' for 'min-kernel', "
	    "expected \"<kernel>.<major>\" such as 4.8 (or \"\")");
	bad("[g]\nnot-min-kernel = 0.0\n",
	    "t.ini:2:18: error: invalid kernel version '0.0' for "
	    "'not-min-kernel', expected \"<kernel>.<major>\" such as 4.8 (or "
	    "\"\")");
	bad("[g]\nmin-kernel = 4.8.1\n",
	    "t.ini:2:14: error: invalid kernel version '4.8.1' for "
	    "'min-kernel', expected \"<kernel>.<major>\" such as 4.8 (or \"\")");
	bad("[profile]\narch-map =\n",
	    "t.ini:2:1: error: empty value for 'arch-map'; expected an "
	    "architecture followed by its sub-architectures");
	bad("[g]\nsyscalls = read\nname = open\n",
	    "t.ini:3:1: error: both 'name' and 'syscalls' are specified, use "
	    "either 'name' or 'syscalls'");
	bad("[g]\nname = open\nsyscalls = read\n\twrite\n",
	    "t.ini:3:1: error: both 'name' and 'syscalls' are specified, use "
	    "either 'name' or 'syscalls'");
	bad("[profile]\narchitectures = SCMP_ARCH_X86_64\n"
	    "arch-map = SCMP_ARCH_X86_64 SCMP_ARCH_X86\n",
	    "t.ini:3:1: error: both 'architectures' and 'arch-map' are "
	    "specified, use either 'architectures' or 'arch-map'");

	/* Empty lists are no conflict, as in Docker. */
	struct sc_profile *p = ok("[profile]\narchitectures =\n"
				  "arch-map = SCMP_ARCH_X86_64\n"
				  "[g]\nsyscalls =\nname = open\n");

	sc_profile_free(p);
}

Test(ini_errors, numbers)
{
	bad("[g]\nerrno = abc\n",
	    "t.ini:2:9: error: invalid value 'abc' for 'errno': expected a "
	    "number or an errno name such as EPERM");
	bad("[g]\nerrno = EPRM\n",
	    "t.ini:2:9: error: invalid value 'EPRM' for 'errno': expected a "
	    "number or an errno name such as EPERM");
	bad("[g]\nerrno = -1\n",
	    "t.ini:2:9: error: invalid value '-1' for 'errno': expected a "
	    "number or an errno name such as EPERM");
	bad("[g]\nerrno = \"1\"\n",
	    "t.ini:2:9: error: invalid number '1' in 'errno': expected decimal "
	    "or 0x hexadecimal digits");
	bad("[g]\nerrno = 007\n",
	    "t.ini:2:9: error: invalid number '007' in 'errno': leading zeros "
	    "are not allowed (there are no octal numbers)");
	bad("[profile]\ndefault-errno = 18446744073709551616\n",
	    "t.ini:2:17: error: number '18446744073709551616' in "
	    "'default-errno' is too large (at most 18446744073709551615)");
	bad("[profile]\ndefault-errno = 0x10000000000000000\n",
	    "t.ini:2:17: error: number '0x10000000000000000' in "
	    "'default-errno' is too large (at most 18446744073709551615)");
	bad("[g]\narg = arg0 == 0x\n",
	    "t.ini:2:15: error: invalid number '0x' in 'arg': expected decimal "
	    "or 0x hexadecimal digits");
	bad("[g]\narg = arg0 == 0xG1\n",
	    "t.ini:2:15: error: invalid number '0xG1' in 'arg': expected "
	    "decimal or 0x hexadecimal digits");
	bad("[g]\narg = arg0 == 1.5\n",
	    "t.ini:2:15: error: invalid number '1.5' in 'arg': expected decimal "
	    "or 0x hexadecimal digits");
	bad("[g]\narg = arg0 == EPERM\n",
	    "t.ini:2:15: error: invalid number 'EPERM' in 'arg': expected "
	    "decimal or 0x hexadecimal digits");
	bad("[g]\narg = arg0 == 99999999999999999999\n",
	    "t.ini:2:15: error: number '99999999999999999999' in 'arg' is too "
	    "large (at most 18446744073709551615)");
}

#define ARG_FORM                                                          \
	"expected 'argN OP VALUE' or 'argN & MASK == VALUE' (OP: == != < " \
	"<= > >=), or 'argN SCMP_CMP_* VALUE [VALUE-TWO]'"

Test(ini_errors, arg_expressions)
{
	struct sc_profile *p;

	bad("[g]\narg =\n", "t.ini:2:1: error: empty value for 'arg'; " ARG_FORM);
	bad("[g]\narg = a0 == 1\n",
	    "t.ini:2:7: error: invalid 'arg': 'a0' is not an argument such as "
	    "arg0; " ARG_FORM);
	bad("[g]\narg = arg == 1\n",
	    "t.ini:2:7: error: invalid 'arg': 'arg' is not an argument such as "
	    "arg0; " ARG_FORM);
	bad("[g]\narg = arg01 == 1\n",
	    "t.ini:2:7: error: invalid 'arg': leading zeros in 'arg01'");
	bad("[g]\narg = arg18446744073709551616 == 1\n",
	    "t.ini:2:7: error: invalid 'arg': the index in "
	    "'arg18446744073709551616' is too large");
	bad("[g]\narg = arg0\n", "t.ini:2:7: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 ==\n", "t.ini:2:12: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 == 1 2\n",
	    "t.ini:2:17: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 & 0xff = 1\n",
	    "t.ini:2:19: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 & 0xff\n",
	    "t.ini:2:14: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 & 0xff == 1 2\n",
	    "t.ini:2:19: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 SCMP_CMP_EQ 1 2 3\n",
	    "t.ini:2:28: error: invalid 'arg': " ARG_FORM);
	bad("[g]\narg = arg0 eq 1\n",
	    "t.ini:2:12: error: unknown operator 'eq' in 'arg'; " ARG_FORM);
	bad("[g]\narg = arg0 =< 1\n",
	    "t.ini:2:12: error: unknown operator '=<' in 'arg'; " ARG_FORM);

	/* Index 6 and beyond are read; check reports them. */
	p = ok("[g]\narg = arg6 == 1\narg = arg18446744073709551615 != 2\n");
	cr_assert_eq(p->groups[0].args[0].index, 6);
	cr_assert_eq(p->groups[0].args[1].index, UINT64_MAX);
	sc_profile_free(p);

	/* An arg may continue on indented lines like any value. */
	p = ok("[g]\narg = arg1\n\t&\n\t0xff ==\n\t3\n");
	cr_assert_eq(p->groups[0].args[0].value, 0xff);
	cr_assert_eq(p->groups[0].args[0].value_two, 3);
	sc_profile_free(p);
}

Test(ini_errors, quoted_strings)
{
	bad("[g]\nname = \"open\n",
	    "t.ini:2:13: error: missing closing '\"'; end the line with '\\' to "
	    "continue the string on an indented line");
	bad("[g]\ncomment = \"a ; b\"\n",
	    "t.ini:2:14: error: missing closing '\"' (a ';' after a space starts "
	    "a comment; inside quotes write it as '\\;')");
	bad("[g]\nname = \"a\\qb\"\n",
	    "t.ini:2:10: error: unknown escape '\\q' in quoted string; write "
	    "'\\\\' for a backslash");
	bad("[g]\nname = \"a\\x4\"\n",
	    "t.ini:2:10: error: invalid escape in quoted string: '\\x' needs two "
	    "hex digits");
	bad("[g]\nname = \"a\\x00\"\n",
	    "t.ini:2:10: error: '\\x00' in quoted string: NUL bytes are not "
	    "allowed");
	bad("[g]\nsyscalls = \"a\"b\n",
	    "t.ini:2:15: error: unexpected 'b' after closing '\"'; separate "
	    "values with spaces");
	bad("[g]\nsyscalls = a\"b\"\n",
	    "t.ini:2:13: error: unexpected '\"' inside 'a\"'; quote the whole "
	    "value");
	bad("[g]\nname = \"open\\\n\n[h]\n",
	    "t.ini:2: error: quoted string ends its line with '\\' but no "
	    "indented line continues it");
	bad("[g]\nname = \"open\\\n",
	    "t.ini:2: error: quoted string ends its line with '\\' but no "
	    "indented line continues it");
}

Test(ini_errors, bytes)
{
	static const char nul[] = "[g]\naction = al\0low\n";

	bad_n(nul, sizeof(nul) - 1,
	      "t.ini:2:12: error: NUL byte in the profile");
	bad("[g]\naction = allow\x01\n",
	    "t.ini:2:15: error: control character 0x01 in the line; inside a "
	    "quoted string write it as '\\x01'");
	bad("[g]\r\naction = a\rllow\r\n",
	    "t.ini:2:11: error: control character 0x0d in the line; inside a "
	    "quoted string write it as '\\x0d'");
	bad("# \x7f\n",
	    "t.ini:1:3: error: control character 0x7f in the line; inside a "
	    "quoted string write it as '\\x7f'");
}

Test(ini_errors, first_error_wins_with_exact_line)
{
	/* Comments, blank lines, continuations and CRLF all count. */
	bad("; one\r\n"
	    "\r\n"
	    "# three\r\n"
	    "[g]\r\n"
	    "syscalls = a\r\n"
	    "\tb\r\n"
	    "; seven\r\n"
	    "\tc\r\n"
	    "action = allow\r\n"
	    "errno = x\r\n"
	    "bogus = 1\r\n",
	    "t.ini:10:9: error: invalid value 'x' for 'errno': expected a number "
	    "or an errno name such as EPERM");
}

Test(ini_errors, file_name_in_messages)
{
	struct sc_profile *p = NULL;
	struct sc_error e;
	int r;

	r = sc_ini_parse(NULL, "[g]\nbogus = 1\n", 14, &p, NULL, &e);
	cr_assert_eq(r, -EINVAL);
	cr_assert_str_eq(e.file, "<string>");
	cr_assert_eq(e.line, 2);
	cr_assert_null(p);
}

/* ---- the bad-input corpus in tests/data/ini/bad ---- */

Test(ini_errors, corpus)
{
	char *dir = strdup(tu_path(tu_root(), "tests/data/ini/bad"));
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned n = 0;

	cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t len, nl = strlen(de->d_name);
		char *text, *want, *eol;
		struct sc_profile *p;
		struct sc_error e;
		int r;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".ini") != 0)
			continue;
		text = tu_slurp(tu_path(dir, de->d_name), &len);
		cr_assert_not_null(text);
		/* The first line says: "; expect: <the message>". */
		cr_assert_eq(strncmp(text, "; expect: ", 10), 0, "%s", de->d_name);
		want = strndup(text + 10, strcspn(text + 10, "\n"));
		eol = strchr(want, '\r');
		if (eol)
			*eol = '\0';
		sc_error_clear(&e);
		r = sc_ini_parse(de->d_name, text, len, &p, NULL, &e);
		cr_expect_lt(r, 0, "%s accepted", de->d_name);
		if (r < 0)
			cr_expect_str_eq(fmt_err(&e), want,
					 "%s\ngot:  %s\nwant: %s", de->d_name,
					 fmt_err(&e), want);
		else
			sc_profile_free(p);
		free(want);
		free(text);
		n++;
	}
	closedir(d);
	cr_assert_geq(n, 5, "only %u files in %s", n, dir);
	free(dir);
}

/* ---- the writer ---- */

static struct sc_profile *every_field(void)
{
	struct sc_profile *p = sc_profile_new("every.json");
	struct sc_group *g;
	struct sc_arg *a;
	struct sc_archmap *m;
	struct sc_loc l = { 0, 0 };

	cr_assert_not_null(p);
	sc_set_str(&p->default_action, "SCMP_ACT_ERRNO");
	p->has_default_errno_ret = true;
	p->default_errno_ret = 38;
	sc_set_str(&p->default_errno_name, "ENOSYS");
	m = sc_profile_add_archmap(p);
	sc_set_str(&m->arch.s, "SCMP_ARCH_X86_64");
	sc_strv_push(&m->subs, "SCMP_ARCH_X86", (size_t)-1, l);
	sc_strv_push(&m->subs, "SCMP_ARCH_X32", (size_t)-1, l);
	m = sc_profile_add_archmap(p);
	(void)m; /* no architecture at all */
	m = sc_profile_add_archmap(p);
	sc_set_str(&m->arch.s, "-");
	p->has_flags = true;
	sc_strv_push(&p->flags, "SECCOMP_FILTER_FLAG_SPEC_ALLOW", (size_t)-1, l);
	sc_set_str(&p->listener_path, "/run/agent.sock");
	sc_set_str(&p->listener_metadata, "key=value; other");

	g = sc_profile_add_group(p);
	sc_set_str(&g->comment, "Allow\n\"quoted\" ; and \\ so on");
	sc_set_str(&g->action, "SCMP_ACT_ERRNO");
	g->has_errno_ret = true;
	g->errno_ret = 0;
	sc_set_str(&g->errno_name, "EPERM");
	sc_strv_push(&g->names, "accept", (size_t)-1, l);
	sc_strv_push(&g->names, "accept4", (size_t)-1, l);
	sc_strv_push(&g->includes.caps, "CAP_SYS_ADMIN", (size_t)-1, l);
	sc_strv_push(&g->excludes.caps, "CAP_SYS_BOOT", (size_t)-1, l);
	sc_strv_push(&g->includes.arches, "amd64", (size_t)-1, l);
	sc_strv_push(&g->excludes.arches, "s390x", (size_t)-1, l);
	sc_set_str(&g->includes.min_kernel, "4.8");
	sc_set_str(&g->excludes.min_kernel, "");
	static const struct {
		uint64_t index, value, two;
		const char *op;
	} args[] = {
		{ 0, 0x7E020000, 0, "SCMP_CMP_MASKED_EQ" },
		{ 0, UINT64_MAX, UINT64_MAX, "SCMP_CMP_MASKED_EQ" },
		{ 1, 5, 0, "SCMP_CMP_EQ" },
		{ 1, 5, 9, "SCMP_CMP_EQ" },
		{ 2, 1, 0, "SCMP_CMP_NE" },
		{ 3, 1, 0, "SCMP_CMP_LT" },
		{ 4, 1, 0, "SCMP_CMP_LE" },
		{ 5, 1, 0, "SCMP_CMP_GT" },
		{ 5, 1, 0, "SCMP_CMP_GE" },
		{ 6, 1, 2, NULL },
		{ 7, 1, 0, "" },
		{ 8, 1, 0, "SCMP_CMP_FOO" },
		{ 9, 1, 0, "==" },
		{ 9, 1, 0, "-" },
		{ 9, 1, 0, "&" },
		{ UINT64_MAX, 0, 0, "eq" },
	};
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		a = sc_group_add_arg(g);
		a->index = args[i].index;
		a->value = args[i].value;
		a->value_two = args[i].two;
		sc_set_str(&a->op, args[i].op);
	}

	g = sc_profile_add_group(p);
	sc_set_str(&g->name, "open");
	sc_set_str(&g->action, "");
	sc_set_str(&g->errno_name, "");

	g = sc_profile_add_group(p);
	sc_set_str(&g->action, "allow");
	sc_strv_push(&g->names, "", (size_t)-1, l);
	sc_strv_push(&g->names, "#hash", (size_t)-1, l);
	sc_strv_push(&g->names, ";semi", (size_t)-1, l);
	sc_strv_push(&g->names, "with space", (size_t)-1, l);
	sc_strv_push(&g->names, "quote\"d", (size_t)-1, l);

	g = sc_profile_add_group(p); /* all empty: Docker's {} */
	g = sc_profile_add_group(p);
	sc_set_str(&g->action, "SCMP_ACT_KILL");
	sc_strv_push(&g->names, "profile", (size_t)-1, l);
	return p;
}

Test(ini_write, every_field_round_trips)
{
	struct sc_profile *p = every_field();
	char *ini = write_ini(p);

	cr_log_info("%s", ini);
	/* Readable spellings where the value allows them. */
	cr_assert_not_null(strstr(ini, "\n[profile]\ndefault-action = errno\n"
				       "default-errno = 38\n"));
	cr_assert_not_null(strstr(ini, "\narg = arg0 & 0x7E020000 == 0\n"));
	cr_assert_not_null(strstr(ini, "\narg = arg1 == 5\n"));
	cr_assert_not_null(strstr(ini, "\narg = arg1 SCMP_CMP_EQ 5 9\n"));
	cr_assert_not_null(strstr(ini, "\narg = arg6 - 1 2\n"));
	cr_assert_not_null(strstr(ini, "\narg = arg7 \"\" 1\n"));
	cr_assert_not_null(strstr(ini, "\narg = arg9 \"==\" 1\n"));
	cr_assert_not_null(strstr(ini, "\narch-map = -\n"));
	cr_assert_not_null(strstr(ini, "\narch-map = \"-\"\n"));
	cr_assert_not_null(strstr(ini, "\nflags = SECCOMP_FILTER_FLAG_SPEC_ALLOW\n"));
	cr_assert(strstr(ini, "\n# From every.json, written by seccap") ||
		  strncmp(ini, "# From every.json, written by seccap", 30) == 0);
	cr_assert_not_null(strstr(ini, "\n[profile-2]\naction = kill\n"),
			   "'profile' is reserved as a label");
	cr_assert_not_null(strstr(ini, "\n[group-2]\n\n[profile-2]\n"),
			   "{} gets a label");
	free(ini);
	round_trip(p, "every field");

	/* flags: [] is not absent flags. */
	sc_strv_clear(&p->flags);
	round_trip(p, "flags: []");
	p->has_flags = false;
	round_trip(p, "no flags");
	sc_profile_free(p);
}

Test(ini_write, stable_and_labels)
{
	struct sc_profile *p = sc_profile_new(NULL);
	struct sc_loc l = { 0, 0 };
	char *a, *b;

	for (int i = 0; i < 120; i++) {
		struct sc_group *g = sc_profile_add_group(p);

		/* 60-byte first names, all alike in their first 49 bytes. */
		char name[64];

		snprintf(name, sizeof(name), "%s%d",
			 "x_this_is_a_very_long_syscall_name_that_goes_on_and_on",
			 i % 7);
		sc_strv_push(&g->names, name, (size_t)-1, l);
		if (i % 3 == 0)
			sc_strv_push(&g->names, "sp ace/\xc3\xa9", (size_t)-1, l);
		sc_set_str(&g->action, "SCMP_ACT_ALLOW");
	}
	a = write_ini(p);
	b = write_ini(p);
	cr_assert_str_eq(a, b);
	cr_assert_eq(strncmp(a, "# Written by seccap; format: seccap-profile(5)\n",
			     47), 0);
	check_lines(a, "long labels");
	round_trip(p, "long labels");
	free(a);
	free(b);
	sc_profile_free(p);
}

Test(ini_write, refuses_what_docker_refuses)
{
	struct sc_profile *p = sc_profile_new("x.json");
	struct sc_group *g = sc_profile_add_group(p);
	struct sc_archmap *m;
	struct sc_buf b = { 0 };
	struct sc_error e;
	struct sc_loc l = { 7, 9 };

	g->loc = l;
	sc_set_str(&g->name, "open");
	sc_strv_push(&g->names, "close", (size_t)-1, l);
	cr_assert_eq(sc_ini_write(p, &b, &e), -EINVAL);
	cr_assert_str_eq(fmt_err(&e),
			 "x.json:7:9: error: cannot write as INI: syscall entry "
			 "1 has both 'name' and 'names', use either 'name' or "
			 "'names'");
	sc_set_str(&g->name, "");
	cr_assert_eq(sc_ini_write(p, &b, &e), 0, "'' is no name");
	sc_buf_free(&b);

	sc_strv_push(&p->architectures, "SCMP_ARCH_X86_64", (size_t)-1, l);
	m = sc_profile_add_archmap(p);
	sc_set_str(&m->arch.s, "SCMP_ARCH_X86_64");
	cr_assert_eq(sc_ini_write(p, &b, &e), -EINVAL);
	cr_assert_str_eq(fmt_err(&e),
			 "x.json: error: cannot write as INI: both "
			 "'architectures' and 'archMap' are specified in the "
			 "seccomp profile, use either 'architectures' or "
			 "'archMap'");
	sc_buf_free(&b);
	sc_profile_free(p);
}

static const char *long_comment =
	"This comment is deliberately long so that the writer has to wrap "
	"it over several lines that each stay within the limit of one hundred "
	"and ninety-seven bytes which libinih can read; the wrapped lines end "
	"with a backslash and are joined again without any newline when read "
	"back, so the text comes back byte for byte.";

Test(ini_write, comments)
{
	static const char *const comments[] = {
		"plain",
		"two\nlines",
		"\nleading and trailing newline\n",
		"\n",
		"  indented",
		"\tstarts with a tab",
		"ends with a space ",
		"ends with a tab\t",
		"ends with a backslash \\",
		"middle \\ backslash",
		"a \\\nb",
		"\"quoted\" and 'single'",
		"semi ; colon ;",
		"# hash",
		"[not a section]",
		"control \x01 char",
		"carriage\r\nreturn",
		"utf-8: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
		"invalid utf-8: \xff\xfe",
		NULL, /* the long ones below */
	};
	struct sc_profile *p = sc_profile_new("c.json");
	struct sc_loc l = { 0, 0 };
	size_t n = 0;
	char *ini;

	for (size_t i = 0; comments[i]; i++, n++) {
		struct sc_group *g = sc_profile_add_group(p);

		sc_set_str(&g->comment, comments[i]);
		sc_strv_push(&g->names, "read", (size_t)-1, l);
	}

	/* Long: at spaces; with newlines; one word; multibyte; spaces. */
	struct sc_buf b = { 0 };
	const char *longs[6];

	longs[0] = long_comment;
	sc_buf_printf(&b, "%s\n\n%s\nshort\n%s", long_comment, long_comment,
		      long_comment);
	longs[1] = strdup(b.p);
	sc_buf_free(&b);
	longs[2] = repeat('w', 1000);
	for (int i = 0; i < 300; i++)
		sc_buf_puts(&b, "\xe2\x82\xac");
	longs[3] = strdup(b.p);
	sc_buf_free(&b);
	for (int i = 0; i < 100; i++)
		sc_buf_puts(&b, "a     ");
	sc_buf_puts(&b, "z");
	longs[4] = strdup(b.p);
	sc_buf_free(&b);
	for (int i = 0; i < 80; i++)
		sc_buf_puts(&b, "back\\slash ");
	sc_buf_puts(&b, "end");
	longs[5] = strdup(b.p);
	sc_buf_free(&b);
	for (size_t i = 0; i < 6; i++) {
		struct sc_group *g = sc_profile_add_group(p);

		sc_set_str(&g->comment, longs[i]);
		sc_strv_push(&g->names, "write", (size_t)-1, l);
		if (i)
			free((char *)longs[i]);
	}

	ini = write_ini(p);
	cr_log_info("%s", ini);
	/* Plain comments are '#' lines; the rest go quoted. */
	cr_assert_not_null(strstr(ini, "\n# two\n# lines\n[read-2]\n"));
	cr_assert_not_null(strstr(ini, "\n#\n#\n[read-4]\n"));
	cr_assert_not_null(strstr(ini, "\n# middle \\ backslash\n[read-10]\n"));
	cr_assert_not_null(strstr(ini, "[read-7]\ncomment = \"ends with a "
				       "space \"\n"));
	cr_assert_not_null(strstr(ini, "\n# This comment is deliberately long "));
	cr_assert_not_null(strstr(ini, "can read; the wrapped \\\n# lines end "));
	free(ini);
	round_trip(p, "comments");
	sc_profile_free(p);
}

Test(ini_write, long_values_wrap)
{
	struct sc_profile *p = sc_profile_new(NULL);
	struct sc_group *g = sc_profile_add_group(p);
	struct sc_loc l = { 0, 0 };
	struct sc_arg *a;
	char *w300 = repeat('p', 300), *sp = repeat(' ', 400);
	char *mixed;

	cr_assert_neq(asprintf(&mixed, "%s;%s#%s\"\\ ;%s", w300, sp, w300, sp),
		      -1);
	sc_set_str(&p->listener_path, w300);
	sc_set_str(&p->listener_metadata, mixed);
	sc_set_str(&p->default_errno_name, sp);
	sc_strv_push(&p->architectures, w300, (size_t)-1, l);
	sc_strv_push(&p->architectures, mixed, (size_t)-1, l);
	for (int i = 0; i < 40; i++)
		sc_strv_push(&p->architectures, "SCMP_ARCH_X86_64", (size_t)-1, l);
	sc_set_str(&g->action, mixed);
	sc_set_str(&g->errno_name, w300);
	sc_strv_push(&g->names, w300, (size_t)-1, l);
	sc_strv_push(&g->names, mixed, (size_t)-1, l);
	for (int i = 0; i < 30; i++)
		sc_strv_push(&g->includes.caps, "CAP_DAC_READ_SEARCH",
			     (size_t)-1, l);
	sc_strv_push(&g->includes.caps, mixed, (size_t)-1, l);
	a = sc_group_add_arg(g);
	a->index = UINT64_MAX;
	a->value = a->value_two = UINT64_MAX;
	sc_set_str(&a->op, mixed);
	a = sc_group_add_arg(g);
	sc_set_str(&a->op, w300);
	round_trip(p, "long values");
	sc_profile_free(p);
	free(w300);
	free(sp);
	free(mixed);
}

/* Deterministic xorshift, so a failure can be replayed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static char *rnd_str(bool allow_empty)
{
	static const char alphabet[] = " \t\n\r;#\"\\[]=:-&abcXYZ019_\x01\x7f"
				       "\xc3\xa9\xff";
	/* Words the reader gives a meaning to, alone or as prefixes. */
	static const char *const risky[] = {
		"caps", "action", "syscalls =", "=", ":", "action=x", "caps:",
		"[a]", "[", "#", ";", "-", "\"", "\\", "&", "==", "allow",
		"SCMP_ACT_ALLOW", "SCMP_CMP_EQ", "profile", "arg0", "0x1",
	};
	size_t n = rnd() % 4 == 0 ? rnd() % 400 : rnd() % 12;
	char *s;

	if (rnd() % 4 == 0)
		return strdup(risky[rnd() % (sizeof(risky) / sizeof(risky[0]))]);
	s = malloc(n + 2);

	if (!allow_empty && n == 0)
		n = 1;
	for (size_t i = 0; i < n; i++)
		s[i] = alphabet[rnd() % (sizeof(alphabet) - 1)];
	s[n] = '\0';
	return s;
}

static void set_rnd(char **dst)
{
	char *s = rnd_str(true);

	sc_set_str(dst, rnd() % 5 == 0 ? NULL : s);
	free(s);
}

static void push_rnd(struct sc_strv *v, size_t max)
{
	size_t n = rnd() % (max + 1);

	for (size_t i = 0; i < n; i++) {
		char *s = rnd_str(true);
		struct sc_loc l = { 0, 0 };

		sc_strv_push(v, s, (size_t)-1, l);
		free(s);
	}
}

Test(ini_write, random_models_round_trip)
{
	for (int iter = 0; iter < 300; iter++) {
		struct sc_profile *p = sc_profile_new("r.json");
		char what[64];

		set_rnd(&p->default_action);
		p->has_default_errno_ret = rnd() & 1;
		p->default_errno_ret = rnd();
		set_rnd(&p->default_errno_name);
		set_rnd(&p->listener_path);
		set_rnd(&p->listener_metadata);
		if (rnd() & 1) {
			push_rnd(&p->architectures, 4);
		} else {
			for (size_t i = rnd() % 3; i > 0; i--) {
				struct sc_archmap *m = sc_profile_add_archmap(p);

				set_rnd(&m->arch.s);
				push_rnd(&m->subs, 3);
			}
		}
		p->has_flags = rnd() & 1;
		if (p->has_flags)
			push_rnd(&p->flags, 3);
		for (size_t i = rnd() % 6; i > 0; i--) {
			struct sc_group *g = sc_profile_add_group(p);

			set_rnd(&g->comment);
			set_rnd(&g->action);
			g->has_errno_ret = rnd() & 1;
			g->errno_ret = rnd();
			set_rnd(&g->errno_name);
			if (rnd() & 1)
				set_rnd(&g->name);
			else
				push_rnd(&g->names, 8);
			push_rnd(&g->includes.caps, 3);
			push_rnd(&g->excludes.caps, 3);
			push_rnd(&g->includes.arches, 3);
			push_rnd(&g->excludes.arches, 3);
			if (rnd() & 1)
				sc_set_str(&g->includes.min_kernel,
					   rnd() & 1 ? "" : "5.10");
			if (rnd() & 1)
				sc_set_str(&g->excludes.min_kernel,
					   rnd() & 1 ? "" : "0.1");
			for (size_t j = rnd() % 4; j > 0; j--) {
				struct sc_arg *a = sc_group_add_arg(g);
				static const char *const ops[] = {
					"SCMP_CMP_EQ", "SCMP_CMP_MASKED_EQ",
					"SCMP_CMP_GE", NULL,
				};

				a->index = rnd() % 3 ? rnd() % 8 : rnd();
				a->value = rnd();
				a->value_two = rnd() % 2 ? 0 : rnd();
				if (rnd() % 3)
					sc_set_str(&a->op, ops[rnd() % 4]);
				else
					set_rnd(&a->op);
			}
		}
		snprintf(what, sizeof(what), "random model %d", iter);
		round_trip(p, what);
		sc_profile_free(p);
	}
}

/* ---- every shared profile: JSON -> model -> INI -> model ---- */

Test(ini_write, shared_profiles_round_trip)
{
	const char *shared = tu_shared_dir();
	char *dir;
	struct dirent *de;
	unsigned n = 0;
	DIR *d;

	if (!shared)
		cr_skip_test("../shared is absent: no shared profiles to convert");
	dir = strdup(tu_path(shared, "profiles"));
	d = opendir(dir);
	cr_assert_not_null(d, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t nl = strlen(de->d_name), len;
		struct sc_profile *p = NULL, *q = NULL, *q2 = NULL;
		struct sc_error e;
		char *json, *ini, *ini2, *ini3;
		int r;

		if (nl < 6 || strcmp(de->d_name + nl - 5, ".json") != 0)
			continue;
		json = tu_slurp(tu_path(dir, de->d_name), &len);
		cr_assert_not_null(json);
		r = sc_json_parse(de->d_name, json, len, &p, NULL, &e);
		free(json);
		cr_assert_eq(r, 0, "%s", fmt_err(&e));

		ini = write_ini(p);
		check_lines(ini, de->d_name);
		r = sc_ini_parse("x.ini", ini, strlen(ini), &q, NULL, &e);
		cr_assert_eq(r, 0, "%s: %s", de->d_name, fmt_err(&e));
		cr_assert(sc_profile_equal(p, q), "%s: JSON -> INI -> model "
			  "differs", de->d_name);
		/* INI -> INI: the same bytes again. */
		ini2 = write_ini(q);
		r = sc_ini_parse("x.ini", ini2, strlen(ini2), &q2, NULL, &e);
		cr_assert_eq(r, 0, "%s: %s", de->d_name, fmt_err(&e));
		ini3 = write_ini(q2);
		cr_assert_str_eq(ini2, ini3, "%s: INI -> INI not stable",
				 de->d_name);
		cr_assert_str_eq(strchr(ini, '\n'), strchr(ini2, '\n'));
		cr_assert(sc_profile_equal(q, q2));

		/* The INI remembers where things are. */
		if (q->ngroups)
			cr_assert_gt(q->groups[q->ngroups - 1].loc.line, 1);
		cr_log_info("%s: %zu groups, %zu bytes of INI", de->d_name,
			    q->ngroups, strlen(ini));
		sc_profile_free(p);
		sc_profile_free(q);
		sc_profile_free(q2);
		free(ini);
		free(ini2);
		free(ini3);
		n++;
	}
	closedir(d);
	cr_assert_geq(n, 10, "only %u profiles in %s", n, dir);
	free(dir);
}

Test(ini_write, docker_default_shape)
{
	const char *shared = tu_shared_dir();
	struct sc_profile *p = NULL;
	struct sc_error e;
	char *json, *ini;
	size_t len;
	int r;

	if (!shared)
		cr_skip_test("../shared is absent");
	json = tu_slurp(tu_path(shared, "profiles/docker-default.json"), &len);
	cr_assert_not_null(json);
	r = sc_json_parse("docker-default.json", json, len, &p, NULL, &e);
	free(json);
	cr_assert_eq(r, 0, "%s", fmt_err(&e));
	ini = write_ini(p);
	cr_assert_eq(strncmp(ini, "# From docker-default.json, written by "
				  "seccap; format: seccap-profile(5)\n\n"
				  "[profile]\ndefault-action = errno\n"
				  "default-errno = 1\n"
				  "arch-map = SCMP_ARCH_X86_64 SCMP_ARCH_X86 "
				  "SCMP_ARCH_X32\n", 181), 0, "%.300s", ini);
	/* The 361-name group: one syscall per line. */
	cr_assert_not_null(strstr(ini, "\n[accept]\naction = allow\n"
				       "syscalls = accept\n\taccept4\n\taccess\n"));
	cr_assert_not_null(strstr(ini, "\n[clone]\naction = allow\n"
				       "not-caps = CAP_SYS_ADMIN\n"
				       "not-arches = s390 s390x\n"
				       "arg = arg0 & 0x7E020000 == 0\n"
				       "syscalls = clone\n"));
	cr_assert_not_null(strstr(ini, "\n# s390 parameter ordering for clone "
				       "is different\n[clone-2]\n"));
	cr_assert_not_null(strstr(ini, "\n[clone3]\naction = errno\nerrno = 38\n"));
	cr_assert_not_null(strstr(ini, "\n[socket-3]\naction = allow\n"
				       "arg = arg0 > 40\nsyscalls = socket\n"));
	cr_assert_not_null(strstr(ini, "\n[process_vm_readv]\naction = allow\n"
				       "min-kernel = 4.8\n"));
	free(ini);
	sc_profile_free(p);
}

/* ---- the reader never crashes, and always says where ---- */

Test(ini_errors, mutated_input)
{
	static const char base[] =
		"# c\n[profile]\ndefault-action = errno\narch-map = A B\n"
		"[g]\naction = allow\nsyscalls = read \"w r\"\n\twrite\n"
		"arg = arg0 & 0x7 == 1\ncomment = \"x\\\n\ty\"\n";
	static const char junk[] = "[]=:;#\"\\ \t\n\r\x01\xff" "abc0x&";

	for (int iter = 0; iter < 3000; iter++) {
		char text[sizeof(base) + 8];
		struct sc_profile *p;
		struct sc_error e;
		unsigned lines = 1;
		int r;

		memcpy(text, base, sizeof(base));
		for (int k = 1 + (int)(rnd() % 3); k > 0; k--)
			text[rnd() % (sizeof(base) - 1)] =
				junk[rnd() % (sizeof(junk) - 1)];
		for (size_t i = 0; i < sizeof(base) - 1; i++)
			lines += text[i] == '\n';
		r = parse_n(text, sizeof(base) - 1, &p, &e);
		if (r == 0) {
			/* Whatever was read writes and reads back. */
			round_trip(p, "mutated input");
			sc_profile_free(p);
			continue;
		}
		cr_assert_eq(r, -EINVAL, "%s", fmt_err(&e));
		cr_assert_null(p);
		cr_assert_str_eq(e.file, "t.ini");
		cr_assert(e.line >= 1 && e.line <= lines, "line %u of %u: %s",
			  e.line, lines, fmt_err(&e));
		cr_assert((e.msg[0] >= 'a' && e.msg[0] <= 'z') || e.msg[0] == '\'',
			  "%s", e.msg);
	}
}

/* ---- the man page's examples are real profiles ---- */

/* The lines between start (a line) and the next end line, unescaped. */
static char *man_block(const char *man, const char *start, const char *end)
{
	const char *s = strstr(man, start), *e;
	struct sc_buf b = { 0 };

	cr_assert_not_null(s, "no '%s' in the man page", start);
	s = strchr(s, '\n') + 1;
	e = strstr(s, end);
	cr_assert_not_null(e);
	while (s < e) {
		const char *nl = strchr(s, '\n');

		if (s[0] != '.') {
			for (const char *q = s; q < nl; q++) {
				if (q[0] == '\\' && q[1] == '-') {
					sc_buf_put(&b, "-", 1);
					q++;
				} else {
					sc_buf_put(&b, q, 1);
				}
			}
			sc_buf_put(&b, "\n", 1);
		}
		s = nl + 1;
	}
	return b.p;
}

Test(ini_keys, man_page_examples)
{
	char *man = tu_slurp(tu_path(tu_root(), "conf/seccap-profile.5"), NULL);
	char *ex, *syn;
	struct sc_profile *p;

	cr_assert_not_null(man);
	ex = man_block(strstr(man, ".SH EXAMPLE"), ".RS\n", ".RE\n");
	p = ok(ex);
	cr_assert_eq(p->ngroups, 8);
	cr_assert_eq(p->narchmap, 2);
	cr_assert_str_eq(p->groups[5].comment, "s390 parameter ordering for "
			 "clone is different");
	cr_assert_eq(p->groups[7].names.n, 3);
	cr_assert_eq(p->groups[5].args[0].index, 1);
	cr_assert_eq(p->groups[4].args[0].value, 0x7E020000);
	cr_assert_eq(p->groups[6].errno_ret, 38);
	sc_profile_free(p);
	free(ex);

	syn = man_block(strstr(man, ".SH SYNOPSIS"), ".nf\n", ".fi\n");
	p = ok(syn);
	cr_assert_eq(p->ngroups, 1);
	cr_assert_str_eq(p->groups[0].comment, "Allow the basic syscalls");
	cr_assert_eq(p->groups[0].names.n, 3);
	sc_profile_free(p);
	free(syn);
	free(man);
}

/* ---- libinih's run-time knobs (Debian's build has them) ---- */

/* Weak: a libinih without these globals skips the test, not the build. */
extern bool ini_allow_multiline __attribute__((weak));
extern bool ini_allow_inline_comments __attribute__((weak));
extern char *ini_start_comment_prefixes __attribute__((weak));

static const char knob_text[] = "[g]\n"
				"action = allow ; inline\n"
				"syscalls = read\n"
				"\twrite\n"
				"# comment\n";

/* Each Criterion test runs in its own process: changing them is local. */
Test(ini_inih, knobs_changed_by_the_host_program)
{
	struct sc_profile *p;
	struct sc_error e;

	if (!&ini_allow_multiline || !&ini_allow_inline_comments ||
	    !&ini_start_comment_prefixes)
		cr_skip_test("this libinih has no run-time settings");

	/* Our reader cuts inline comments itself: same result. */
	ini_allow_inline_comments = false;
	p = ok(knob_text);
	cr_assert_str_eq(p->groups[0].action, "SCMP_ACT_ALLOW");
	cr_assert_eq(p->groups[0].names.n, 2);
	sc_profile_free(p);
	ini_allow_inline_comments = true;

	/* Without multi-line values inih skips a line: refuse, never guess. */
	ini_allow_multiline = false;
	cr_assert_eq(parse_n(knob_text, strlen(knob_text), &p, &e), -EPROTO);
	cr_assert_str_eq(fmt_err(&e),
			 "t.ini:4: error: libinih read this line differently "
			 "than seccap expects (were its run-time settings "
			 "changed?)");
	cr_assert_null(p);
	ini_allow_multiline = true;

	ini_start_comment_prefixes = ";";
	cr_assert_eq(parse_n(knob_text, strlen(knob_text), &p, &e), -EPROTO);
	cr_assert_str_eq(fmt_err(&e),
			 "t.ini:5: error: libinih read this line differently "
			 "than seccap expects (were its run-time settings "
			 "changed?)");
	ini_start_comment_prefixes = ";#";
	p = ok(knob_text);
	sc_profile_free(p);
}
