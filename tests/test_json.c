/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Docker JSON reader and writer: every shared profile read with values
 * and positions checked against the text, write -> read round trips, Go's
 * encoding/json rules (case folding, repeated keys, null, exact integers),
 * every error with its exact message and line:col, and robustness against
 * truncated and mangled input.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "lib/testutil.h"
#include "model.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

#define MAXW 32
#define NO_SHARED "../shared (SECCAP_SHARED) is not there; the shared " \
	"profiles are needed for this test"

struct wlog {
	int n;
	struct sc_error e[MAXW];
};

static struct wlog warns;

static void collect(void *ud, enum sc_severity sev, const struct sc_error *e)
{
	struct wlog *l = ud;

	cr_assert_eq(sev, SC_SEV_WARNING, "the reader only warns: %s", e->msg);
	if (l->n < MAXW)
		l->e[l->n] = *e;
	l->n++;
}

static struct sc_diag sink = { collect, &warns };

/* JSON written with ' for " so the cases stay readable. */
static const char *J(const char *s)
{
	static char bufs[4][1 << 14];
	static unsigned next;
	char *b = bufs[next++ % 4];
	size_t n = strlen(s);

	cr_assert_lt(n, sizeof(bufs[0]));
	for (size_t i = 0; i <= n; i++)
		b[i] = s[i] == '\'' ? '"' : s[i];
	return b;
}

static struct sc_profile *parse_len(const char *json, size_t len)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };
	int rc;

	memset(&warns, 0, sizeof(warns));
	rc = sc_json_parse("t.json", json, len, &p, &sink, &err);
	cr_assert_eq(rc, 0, "parse failed: %u:%u: %s\n%.300s", err.line,
		     err.col, err.msg, json);
	cr_assert_not_null(p);
	return p;
}

static struct sc_profile *parse(const char *json)
{
	return parse_len(json, strlen(json));
}

static void check_err_len(const char *json, size_t len, unsigned line,
			  unsigned col, const char *msg)
{
	/* any non-NULL value: *ret must keep it */
	struct sc_profile *sentinel = (struct sc_profile *)&warns;
	struct sc_profile *p = sentinel;
	struct sc_error err = { 0 };
	int rc;

	memset(&warns, 0, sizeof(warns));
	rc = sc_json_parse("t.json", json, len, &p, &sink, &err);
	cr_assert_eq(rc, -EINVAL, "want an error for:\n%.300s\n(got rc %d)",
		     json, rc);
	cr_assert_eq(p, sentinel, "*ret written on failure");
	cr_assert_eq(err.code, EINVAL);
	cr_assert_str_eq(err.file, "t.json");
	cr_assert_str_eq(err.msg, msg, "got '%s' for input:\n%.300s", err.msg,
			 json);
	cr_assert_eq(err.line, line, "line %u, want %u (%s)", err.line, line,
		     err.msg);
	cr_assert_eq(err.col, col, "col %u, want %u (%s)", err.col, col,
		     err.msg);
}

static void check_err(const char *json, unsigned line, unsigned col,
		      const char *msg)
{
	check_err_len(json, strlen(json), line, col, msg);
}

/* The text at line:col (1-based, col in bytes). */
static const char *text_at(const char *buf, struct sc_loc l)
{
	const char *p = buf;

	cr_assert(l.line >= 1 && l.col >= 1, "location %u:%u", l.line, l.col);
	for (unsigned i = 1; i < l.line; i++) {
		p = strchr(p, '\n');
		cr_assert_not_null(p, "line %u beyond the end", l.line);
		p++;
	}
	return p + l.col - 1;
}

/* The string token at l is exactly "s". */
static void assert_str_at(const char *buf, struct sc_loc l, const char *s,
			  const char *what)
{
	const char *t = text_at(buf, l);
	size_t n = strlen(s);

	cr_assert(t[0] == '"' && strncmp(t + 1, s, n) == 0 && t[n + 1] == '"',
		  "%s '%s' at %u:%u, but the text there is '%.30s'", what, s,
		  l.line, l.col, t);
}

static void assert_char_at(const char *buf, struct sc_loc l, char c,
			   const char *what)
{
	const char *t = text_at(buf, l);

	cr_assert_eq(*t, c, "%s at %u:%u: want '%c', text is '%.20s'", what,
		     l.line, l.col, c, t);
}

static char *slurp_shared(const char *name, size_t *len)
{
	const char *dir = tu_shared_dir();
	char *buf;

	if (!dir)
		cr_skip_test("%s", NO_SHARED);
	buf = tu_slurp(tu_path(tu_path(dir, "profiles"), name), len);
	cr_assert_not_null(buf, "cannot read %s", name);
	return buf;
}

static struct sc_profile *load_shared(const char *name, char **text)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };
	size_t len;
	char *buf = slurp_shared(name, &len);
	int rc;

	memset(&warns, 0, sizeof(warns));
	rc = sc_json_parse(name, buf, len, &p, &sink, &err);
	cr_assert_eq(rc, 0, "%s:%u:%u: %s", name, err.line, err.col, err.msg);
	if (text)
		*text = buf;
	else
		free(buf);
	return p;
}

/* Every *.json of the shared profiles, sorted; NULL-terminated. */
static char **shared_profiles(void)
{
	const char *dir = tu_shared_dir();
	struct dirent **ents;
	char **names;
	int n, k = 0;

	if (!dir)
		cr_skip_test("%s", NO_SHARED);
	n = scandir(tu_path(dir, "profiles"), &ents, NULL, alphasort);
	cr_assert_gt(n, 0);
	names = calloc((size_t)n + 1, sizeof(*names));
	cr_assert_not_null(names);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(ents[i]->d_name);

		if (l > 5 && strcmp(ents[i]->d_name + l - 5, ".json") == 0)
			names[k++] = strdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	cr_assert_geq(k, 10, "expected the 10 shared profiles, found %d", k);
	return names;
}

static void free_names(char **names)
{
	for (size_t i = 0; names[i]; i++)
		free(names[i]);
	free(names);
}

static const struct sc_group *group_named(const struct sc_profile *p,
					  const char *name, size_t nth)
{
	for (size_t i = 0; i < p->ngroups; i++)
		for (size_t j = 0; j < sc_group_name_count(&p->groups[i]); j++)
			if (!strcmp(sc_group_name_at(&p->groups[i], j), name) &&
			    nth-- == 0)
				return &p->groups[i];
	cr_assert_fail("no group names '%s'", name);
	return NULL;
}

static char *write_json(const struct sc_profile *p, size_t *len)
{
	struct sc_buf out = { 0 };
	struct sc_error err = { 0 };

	cr_assert_eq(sc_json_write(p, &out, &err), 0, "write: %s", err.msg);
	cr_assert_not_null(out.p);
	if (len)
		*len = out.len;
	return out.p;
}

/* ------------------------------------------------------------------ */
/* The shared profiles                                                */

/* Every located value is where the text says it is. */
static void check_positions(const struct sc_profile *p, const char *buf)
{
	if (p->default_action)
		assert_str_at(buf, p->default_action_loc, p->default_action,
			      "defaultAction");
	if (p->has_default_errno_ret) {
		char num[32];

		snprintf(num, sizeof(num), "%" PRIu64, p->default_errno_ret);
		cr_assert(strncmp(text_at(buf, p->default_errno_ret_loc), num,
				  strlen(num)) == 0);
	}
	if (p->default_errno_name)
		assert_str_at(buf, p->default_errno_name_loc,
			      p->default_errno_name, "defaultErrno");
	for (size_t i = 0; i < p->architectures.n; i++)
		assert_str_at(buf, p->architectures.v[i].loc,
			      p->architectures.v[i].s, "architectures entry");
	for (size_t i = 0; i < p->narchmap; i++) {
		const struct sc_archmap *m = &p->archmap[i];

		assert_char_at(buf, m->loc, '{', "archMap entry");
		assert_str_at(buf, m->arch.loc, m->arch.s, "architecture");
		for (size_t j = 0; j < m->subs.n; j++)
			assert_str_at(buf, m->subs.v[j].loc, m->subs.v[j].s,
				      "subArchitectures entry");
	}
	for (size_t i = 0; i < p->ngroups; i++) {
		const struct sc_group *g = &p->groups[i];
		const struct sc_cond *c[2] = { &g->includes, &g->excludes };

		assert_char_at(buf, g->loc, '{', "group");
		for (size_t j = 0; j < g->names.n; j++)
			assert_str_at(buf, g->names.v[j].loc, g->names.v[j].s,
				      "name");
		if (g->name)
			assert_str_at(buf, g->name_loc, g->name, "name");
		if (g->action)
			assert_str_at(buf, g->action_loc, g->action, "action");
		if (g->errno_name)
			assert_str_at(buf, g->errno_name_loc, g->errno_name,
				      "errno");
		if (g->has_errno_ret) {
			char num[32];

			snprintf(num, sizeof(num), "%" PRIu64, g->errno_ret);
			cr_assert(strncmp(text_at(buf, g->errno_ret_loc), num,
					  strlen(num)) == 0);
		}
		for (size_t j = 0; j < g->nargs; j++)
			assert_char_at(buf, g->args[j].loc, '{', "args entry");
		for (int k = 0; k < 2; k++) {
			for (size_t j = 0; j < c[k]->caps.n; j++)
				assert_str_at(buf, c[k]->caps.v[j].loc,
					      c[k]->caps.v[j].s, "cap");
			for (size_t j = 0; j < c[k]->arches.n; j++)
				assert_str_at(buf, c[k]->arches.v[j].loc,
					      c[k]->arches.v[j].s, "arch");
			if (c[k]->min_kernel)
				assert_str_at(buf, c[k]->min_kernel_loc,
					      c[k]->min_kernel, "minKernel");
		}
	}
}

Test(json_shared, every_profile_parses_with_exact_positions)
{
	char **names = shared_profiles();

	for (size_t i = 0; names[i]; i++) {
		char *buf;
		struct sc_profile *p = load_shared(names[i], &buf);

		cr_assert_str_eq(p->file, names[i]);
		cr_assert_eq(warns.n, 0, "%s: %d warnings, first: %s", names[i],
			     warns.n, warns.e[0].msg);
		check_positions(p, buf);
		sc_profile_free(p);
		free(buf);
	}
	free_names(names);
}

Test(json_shared, docker_default_values)
{
	char *buf;
	struct sc_profile *p = load_shared("docker-default.json", &buf);
	const struct sc_group *g;

	cr_assert_str_eq(p->default_action, "SCMP_ACT_ERRNO");
	cr_assert(p->has_default_errno_ret);
	cr_assert_eq(p->default_errno_ret, 1);
	cr_assert_eq(p->default_errno_ret_loc.line, 3);
	cr_assert_eq(p->default_errno_ret_loc.col, 21);
	cr_assert_eq(p->architectures.n, 0);
	cr_assert_eq(p->narchmap, 9);
	cr_assert_str_eq(p->archmap[0].arch.s, "SCMP_ARCH_X86_64");
	cr_assert_eq(p->archmap[0].subs.n, 2);
	cr_assert_str_eq(p->archmap[0].subs.v[0].s, "SCMP_ARCH_X86");
	cr_assert_str_eq(p->archmap[0].subs.v[1].s, "SCMP_ARCH_X32");
	cr_assert_eq(p->archmap[7].subs.n, 0, "\"subArchitectures\": null");
	cr_assert(!p->has_flags);
	cr_assert_null(p->listener_path);
	cr_assert_eq(p->ngroups, 33);

	/* the big allow list: first and last name, lines from grep -n */
	g = &p->groups[0];
	cr_assert_str_eq(g->names.v[0].s, "accept");
	cr_assert_eq(g->names.v[0].loc.line, 64);
	cr_assert_eq(g->names.v[0].loc.col, 5);
	cr_assert_str_eq(g->names.v[g->names.n - 1].s, "writev");
	cr_assert_eq(g->names.v[g->names.n - 1].loc.line, 424);
	cr_assert_str_eq(g->action, "SCMP_ACT_ALLOW");
	cr_assert_eq(g->nargs, 0);

	g = group_named(p, "ptrace", 0);
	cr_assert_eq(g->names.v[2].loc.line, 432);
	cr_assert_str_eq(g->includes.min_kernel, "4.8");
	cr_assert_eq(g->includes.min_kernel_loc.line, 436);
	cr_assert_eq(g->includes.min_kernel_loc.col, 18);
	cr_assert_eq(group_named(p, "ptrace", 1)->names.v[5].loc.line, 781);

	/* clone without CAP_SYS_ADMIN: flags mask, s390 excluded */
	g = group_named(p, "clone", 1);
	cr_assert_eq(g->names.n, 1);
	cr_assert_eq(g->nargs, 1);
	cr_assert_eq(g->args[0].index, 0);
	cr_assert_eq(g->args[0].value, 2114060288);
	cr_assert_eq(g->args[0].value_two, 0);
	cr_assert_str_eq(g->args[0].op, "SCMP_CMP_MASKED_EQ");
	cr_assert_eq(g->excludes.caps.n, 1);
	cr_assert_str_eq(g->excludes.caps.v[0].s, "CAP_SYS_ADMIN");
	cr_assert_eq(g->excludes.arches.n, 2);
	cr_assert_str_eq(g->excludes.arches.v[1].s, "s390x");

	g = group_named(p, "clone3", 1);
	cr_assert_eq(g->names.v[0].loc.line, 718);
	cr_assert_str_eq(g->action, "SCMP_ACT_ERRNO");
	cr_assert(g->has_errno_ret);
	cr_assert_eq(g->errno_ret, 38);
	cr_assert_eq(g->errno_ret_loc.line, 721);
	cr_assert_eq(g->errno_ret_loc.col, 16);
	cr_assert_str_eq(g->excludes.caps.v[0].s, "CAP_SYS_ADMIN");

	sc_profile_free(p);
	free(buf);
}

Test(json_shared, moby_fixture_example_legacy_name)
{
	struct sc_profile *p = load_shared("moby-fixture-example.json", NULL);
	const struct sc_group *g;

	cr_assert_str_eq(p->default_action, "SCMP_ACT_ERRNO");
	cr_assert_eq(p->default_errno_ret, 1);
	cr_assert_eq(p->ngroups, 4);
	g = &p->groups[0];
	cr_assert_eq(g->names.n, 0);
	cr_assert_str_eq(g->name, "clone");
	cr_assert_eq(g->name_loc.line, 6);
	cr_assert_eq(g->args[0].value, 2114060288);
	cr_assert_eq(g->args[0].loc.line, 9);
	g = &p->groups[3];
	cr_assert_str_eq(g->name, "syslog");
	cr_assert_eq(g->name_loc.line, 28);
	cr_assert(g->has_errno_ret);
	cr_assert_eq(g->errno_ret, 12345);
	cr_assert_eq(g->errno_ret_loc.line, 30);
	cr_assert_eq(g->nargs, 0, "\"args\": [] is no condition");
	cr_assert(!p->groups[1].has_errno_ret);
	sc_profile_free(p);
}

Test(json_shared, podman_errno_names)
{
	struct sc_profile *p = load_shared("podman-default.json", NULL);
	const struct sc_group *g = &p->groups[0];

	cr_assert_str_eq(p->default_errno_name, "ENOSYS");
	cr_assert_eq(p->default_errno_name_loc.line, 4);
	cr_assert_eq(p->default_errno_ret, 38);
	cr_assert_str_eq(g->errno_name, "EPERM");
	cr_assert_eq(g->errno_ret, 1);
	cr_assert_null(g->comment, "\"comment\": \"\" is no comment");
	cr_assert_eq(g->includes.caps.n + g->includes.arches.n, 0);
	cr_assert_null(g->includes.min_kernel,
		       "\"includes\": {} is no condition");
	sc_profile_free(p);
}

Test(json_shared, old_format_fixture)
{
	struct sc_profile *p =
		load_shared("moby-fixture-default-old-format.json", NULL);

	cr_assert_eq(p->ngroups, 311);
	cr_assert_eq(p->architectures.n, 3);
	cr_assert_str_eq(p->architectures.v[0].s, "SCMP_ARCH_X86_64");
	cr_assert_str_eq(p->architectures.v[1].s, "SCMP_ARCH_X86");
	cr_assert_str_eq(p->architectures.v[2].s, "SCMP_ARCH_X32");
	cr_assert_eq(p->narchmap, 0);
	cr_assert_str_eq(p->groups[0].name, "accept");
	cr_assert_str_eq(p->groups[0].action, "SCMP_ACT_ALLOW");
	cr_assert_eq(p->groups[0].nargs, 0);
	sc_profile_free(p);
}

Test(json_shared, write_read_round_trip_and_stable_bytes)
{
	char **names = shared_profiles();

	for (size_t i = 0; names[i]; i++) {
		struct sc_profile *p = load_shared(names[i], NULL), *q;
		size_t n1, n2, n3;
		char *a = write_json(p, &n1), *b = write_json(p, &n2), *c;

		cr_assert_eq(n1, n2);
		cr_assert(memcmp(a, b, n1) == 0, "%s: output not stable",
			  names[i]);
		cr_assert_eq(a[n1 - 1], '\n');
		q = parse_len(a, n1);
		cr_assert(sc_profile_equal(p, q), "%s: round trip differs",
			  names[i]);
		c = write_json(q, &n3);
		cr_assert(n3 == n1 && memcmp(a, c, n1) == 0,
			  "%s: second generation differs", names[i]);
		sc_profile_free(p);
		sc_profile_free(q);
		free(a);
		free(b);
		free(c);
	}
	free_names(names);
}

/* moby's default.json is Go's own output for these types: ours matches it. */
Test(json_shared, writer_reproduces_moby_default_json)
{
	size_t len, n;
	char *text = slurp_shared("docker-default.json", &len);
	struct sc_profile *p = parse_len(text, len);
	char *out = write_json(p, &n);

	cr_assert_eq(text[len - 1], '}', "the file has no final newline");
	cr_assert_eq(n, len + 1);
	cr_assert(memcmp(out, text, len) == 0 && out[len] == '\n');
	sc_profile_free(p);
	free(out);
	free(text);
}

/* ------------------------------------------------------------------ */
/* Go's encoding/json rules                                           */

Test(json_go, keys_fold_case)
{
	struct sc_profile *p = parse(J(
		"{'DefaultAction':'SCMP_ACT_ERRNO','DEFAULTERRNORET':3,"
		"'SysCalls':[{'NAMES':['read'],'Action':'SCMP_ACT_ALLOW',"
		"'Includes':{'MinKernel':'4.8','CAPS':['CAP_X']},"
		"'ARGS':[{'Index':1,'VALUE':2,'valuetwo':3,"
		"'OP':'SCMP_CMP_EQ'}]}],"
		"'ArchMap':[{'Architecture':'SCMP_ARCH_X86_64',"
		"'SubArchitectures':['SCMP_ARCH_X86']}],'FLAGS':[]}"));
	const struct sc_group *g = &p->groups[0];

	cr_assert_eq(warns.n, 0, "first warning: %s", warns.e[0].msg);
	cr_assert_str_eq(p->default_action, "SCMP_ACT_ERRNO");
	cr_assert_eq(p->default_errno_ret, 3);
	cr_assert_str_eq(g->names.v[0].s, "read");
	cr_assert_str_eq(g->action, "SCMP_ACT_ALLOW");
	cr_assert_str_eq(g->includes.min_kernel, "4.8");
	cr_assert_str_eq(g->includes.caps.v[0].s, "CAP_X");
	cr_assert_eq(g->args[0].index, 1);
	cr_assert_eq(g->args[0].value, 2);
	cr_assert_eq(g->args[0].value_two, 3);
	cr_assert_str_eq(g->args[0].op, "SCMP_CMP_EQ");
	cr_assert_str_eq(p->archmap[0].subs.v[0].s, "SCMP_ARCH_X86");
	cr_assert(p->has_flags);
	sc_profile_free(p);
}

/* Go folds with Unicode simple folding: long s and the Kelvin sign count. */
Test(json_go, keys_fold_long_s_and_kelvin_and_escapes)
{
	struct sc_profile *p = parse(
		"{\"\xc5\xbfy\\u0073calls\":[{\"n\\u0061mes\":[\"read\"],"
		"\"includes\":{\"min\xe2\x84\xaa" "ernel\":\"5.1\"}}]}");

	cr_assert_eq(warns.n, 0, "first warning: %s", warns.e[0].msg);
	cr_assert_eq(p->ngroups, 1);
	cr_assert_str_eq(p->groups[0].names.v[0].s, "read");
	cr_assert_str_eq(p->groups[0].includes.min_kernel, "5.1");
	sc_profile_free(p);

	/* a NUL in a key makes it another key */
	p = parse("{\"syscalls\":[{\"names\\u0000\":[\"a\"]}]}");
	cr_assert_eq(warns.n, 1);
	cr_assert_str_eq(warns.e[0].msg, "unknown key 'names\\x00' in syscall "
			 "group, ignoring (Docker ignores it too; did you mean "
			 "'names'?)");
	cr_assert_eq(p->groups[0].names.n, 0);
	sc_profile_free(p);
}

Test(json_go, repeated_keys_last_wins_with_a_warning)
{
	struct sc_profile *p = parse(J(
		"{'defaultAction':'SCMP_ACT_ALLOW',\n"
		" 'DefaultAction':'SCMP_ACT_ERRNO',\n"
		" 'syscalls':[{'names':['a'],'names':['b','c'],'action':'X',"
		"'action':'Y'}]}"));

	cr_assert_str_eq(p->default_action, "SCMP_ACT_ERRNO");
	cr_assert_eq(p->default_action_loc.line, 2);
	cr_assert_eq(p->groups[0].names.n, 2);
	cr_assert_str_eq(p->groups[0].names.v[0].s, "b");
	cr_assert_str_eq(p->groups[0].action, "Y");
	cr_assert_eq(warns.n, 3);
	cr_assert_str_eq(warns.e[0].msg, "duplicate key 'DefaultAction' at top "
			 "level; Docker applies each occurrence in order, later "
			 "values override earlier ones");
	cr_assert_eq(warns.e[0].line, 2);
	cr_assert_eq(warns.e[0].col, 2);
	cr_assert_str_eq(warns.e[1].msg, "duplicate key 'names' in syscall "
			 "group; Docker applies each occurrence in order, later "
			 "values override earlier ones");
	sc_profile_free(p);
}

/* A repeated object decodes into the earlier one: fields merge. */
Test(json_go, repeated_objects_merge)
{
	struct sc_profile *p = parse(J(
		"{'syscalls':[{'names':['ptrace'],'action':'SCMP_ACT_ALLOW',"
		"'includes':{'caps':['CAP_SYS_PTRACE']}}],"
		" 'syscalls':[{'names':['read'],"
		"'includes':{'minKernel':'4.8'},'Includes':{'arches':['amd64']}}]}"));
	const struct sc_group *g = &p->groups[0];

	cr_assert_eq(p->ngroups, 1);
	cr_assert_eq(g->names.n, 1);
	cr_assert_str_eq(g->names.v[0].s, "read");
	cr_assert_str_eq(g->action, "SCMP_ACT_ALLOW", "kept from the first");
	cr_assert_eq(g->includes.caps.n, 1, "kept from the first");
	cr_assert_str_eq(g->includes.caps.v[0].s, "CAP_SYS_PTRACE");
	cr_assert_str_eq(g->includes.min_kernel, "4.8");
	cr_assert_str_eq(g->includes.arches.v[0].s, "amd64");
	sc_profile_free(p);

	/* null drops the filter, a later one starts afresh */
	p = parse(J("{'syscalls':[{'names':['a'],'includes':{'caps':['A']},"
		    "'includes':null,'includes':{'arches':['x32']}}]}"));
	cr_assert_eq(p->groups[0].includes.caps.n, 0);
	cr_assert_str_eq(p->groups[0].includes.arches.v[0].s, "x32");
	sc_profile_free(p);

	/* args elements are structs reused in place */
	p = parse(J("{'syscalls':[{'names':['a'],'args':[{'index':1,'value':2,"
		    "'op':'SCMP_CMP_EQ'},{'index':3}],'args':[{'value':5}]}]}"));
	cr_assert_eq(p->groups[0].nargs, 1);
	cr_assert_eq(p->groups[0].args[0].index, 1);
	cr_assert_eq(p->groups[0].args[0].value, 5);
	cr_assert_str_eq(p->groups[0].args[0].op, "SCMP_CMP_EQ");
	sc_profile_free(p);

	/* [] throws the old elements away */
	p = parse(J("{'syscalls':[{'names':['a'],'action':'X'}],'syscalls':[],"
		    "'syscalls':[{'names':['b']}]}"));
	cr_assert_eq(p->ngroups, 1);
	cr_assert_null(p->groups[0].action);
	sc_profile_free(p);
}

/* Slices keep their backing array: a shorter repeat hides, not frees. */
Test(json_go, repeated_arrays_reuse_backing_elements)
{
	struct sc_profile *p = parse(J(
		"{'architectures':['A','B','C'],'architectures':['D'],"
		"'architectures':['E',null,null]}"));

	cr_assert_eq(p->architectures.n, 3);
	cr_assert_str_eq(p->architectures.v[0].s, "E");
	cr_assert_str_eq(p->architectures.v[1].s, "B");
	cr_assert_str_eq(p->architectures.v[2].s, "C");
	sc_profile_free(p);

	p = parse(J("{'architectures':['A','B'],'architectures':[],"
		    "'architectures':[null,'X']}"));
	cr_assert_eq(p->architectures.n, 2);
	cr_assert_str_eq(p->architectures.v[0].s, "", "fresh after []");
	sc_profile_free(p);

	p = parse(J("{'syscalls':[{'names':['a','b']},{'names':['c']}],"
		    "'syscalls':[{'names':[null]}]}"));
	cr_assert_eq(p->ngroups, 1);
	cr_assert_eq(p->groups[0].names.n, 1);
	cr_assert_str_eq(p->groups[0].names.v[0].s, "a");
	sc_profile_free(p);
}

Test(json_go, null_means_what_go_makes_of_it)
{
	struct sc_profile *p = parse(J(
		"{'defaultAction':'A','defaultAction':null,'defaultErrnoRet':null,"
		"'architectures':null,'archMap':null,'syscalls':[{'names':null,"
		"'name':null,'action':null,'errnoRet':null,'args':[null],"
		"'comment':null,'includes':null,'excludes':{'caps':null,"
		"'minKernel':null}},{'errnoRet':5,'errnoRet':null,"
		"'args':[{'index':3,'index':null,'value':null}]}],"
		"'flags':['X'],'flags':null,'listenerPath':null}"));

	cr_assert_str_eq(p->default_action, "A", "null leaves a string as it was");
	cr_assert(!p->has_default_errno_ret);
	cr_assert_eq(p->ngroups, 2);
	cr_assert_eq(p->groups[0].nargs, 1);
	cr_assert_eq(p->groups[0].args[0].index, 0);
	cr_assert_null(p->groups[0].args[0].op);
	cr_assert_null(p->groups[0].action);
	cr_assert(!p->groups[1].has_errno_ret, "null makes a *uint nil");
	cr_assert_eq(p->groups[1].args[0].index, 3, "null leaves a uint");
	cr_assert_eq(p->groups[1].args[0].value, 0);
	cr_assert(!p->has_flags, "\"flags\": null is absent");
	sc_profile_free(p);

	p = parse(J("{'flags':null,'flags':[]}"));
	cr_assert(p->has_flags, "\"flags\": [] is present");
	cr_assert_eq(p->flags.n, 0);
	sc_profile_free(p);

	p = parse(J("{'syscalls':[{'includes':{'minKernel':'4.8',"
		    "'minKernel':null}}]}"));
	cr_assert_null(p->groups[0].includes.min_kernel);
	sc_profile_free(p);

	/* KernelVersion.UnmarshalJSON leaves the version as it is on "" */
	p = parse(J("{'syscalls':[{'includes':{'minKernel':'4.8',"
		    "'minKernel':''},'excludes':{'minKernel':null,"
		    "'minKernel':''}}]}"));
	cr_assert_str_eq(p->groups[0].includes.min_kernel, "4.8");
	cr_assert_str_eq(p->groups[0].excludes.min_kernel, "");
	sc_profile_free(p);

	/* archMap entries are struct values: null is a zero entry */
	p = parse(J("{'archMap':[null]}"));
	cr_assert_eq(p->narchmap, 1);
	cr_assert_null(p->archmap[0].arch.s);
	sc_profile_free(p);

	/* a nil *Syscall refilled by a later "syscalls" is fine */
	p = parse(J("{'syscalls':[null],'syscalls':[{'names':['a']}]}"));
	cr_assert_eq(p->ngroups, 1);
	sc_profile_free(p);
}

Test(json_go, empty_strings)
{
	struct sc_profile *p = parse(J(
		"{'defaultAction':'','listenerPath':'','listenerMetadata':'',"
		"'syscalls':[{'names':[''],'name':'','action':'','comment':'',"
		"'args':[{'op':''}],'excludes':{'minKernel':''}}]}"));
	const struct sc_group *g = &p->groups[0];

	cr_assert_str_eq(p->default_action, "");
	cr_assert_null(p->listener_path);
	cr_assert_null(p->listener_metadata);
	cr_assert_str_eq(g->names.v[0].s, "");
	cr_assert_null(g->name, "name \"\" is no name (and no conflict)");
	cr_assert_str_eq(g->action, "");
	cr_assert_null(g->comment);
	cr_assert_str_eq(g->args[0].op, "");
	cr_assert_str_eq(g->excludes.min_kernel, "", "Docker keeps \"\"");
	sc_profile_free(p);
}

Test(json_go, strings_decode_like_go)
{
	struct sc_profile *p = parse(
		"{\"defaultAction\":\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC"
		"\\ud83d\\ude00\",\"listenerPath\":\"\\ud800x\\udc00\\ud800\\u0041\","
		"\"listenerMetadata\":\"\xc3\xa9\xf0\x9f\x98\x80\x7f\"}");

	cr_assert_str_eq(p->default_action,
			 "a\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	cr_assert_str_eq(p->listener_path,
			 "\xef\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd" "A",
			 "lone surrogates become U+FFFD as in Go");
	cr_assert_str_eq(p->listener_metadata, "\xc3\xa9\xf0\x9f\x98\x80\x7f");
	sc_profile_free(p);
}

Test(json_go, integers_are_exact_unsigned_64_bit)
{
	struct sc_profile *p = parse(J(
		"{'defaultErrnoRet':0,'syscalls':[{'errnoRet':18446744073709551615,"
		"'args':[{'index':18446744073709551615,"
		"'value':18446744073709551615,'valueTwo':9007199254740993}]}]}"));

	cr_assert(p->has_default_errno_ret);
	cr_assert_eq(p->default_errno_ret, 0);
	cr_assert_eq(p->groups[0].errno_ret, UINT64_MAX);
	cr_assert_eq(p->groups[0].args[0].index, UINT64_MAX);
	cr_assert_eq(p->groups[0].args[0].value, UINT64_MAX);
	cr_assert_eq(p->groups[0].args[0].value_two, 9007199254740993ull,
		     "2^53+1 survives (no double)");
	sc_profile_free(p);
}

/* Values under unknown keys are not decoded, so Go takes anything there. */
Test(json_go, unknown_keys_are_warnings_with_hints)
{
	struct sc_profile *p = parse(J(
		"{\n"
		"\t'defaultAction': 'SCMP_ACT_ERRNO',\n"
		"\t'syscall': [],\n"
		"\t'names': ['x'],\n"
		"\t'x-note': {'deep': [1.5e300, -1, {'a': null}, true]},\n"
		"\t'syscalls': [{\n"
		"\t\t'names': ['read'],\n"
		"\t\t'include': {'caps': ['CAP_SYS_ADMIN']},\n"
		"\t\t'caps': ['CAP_SYS_ADMIN'],\n"
		"\t\t'args': [{'index': 0, 'vlaue': 1, 'op': 'SCMP_CMP_EQ'}],\n"
		"\t\t'excludes': {'cap': []}\n"
		"\t}],\n"
		"\t'archMap': [{'arch': 'x'}]\n"
		"}"));
	static const struct {
		unsigned line, col;
		const char *msg;
	} want[] = {
		{ 3, 2, "unknown key 'syscall' at top level, ignoring (Docker "
			"ignores it too; did you mean 'syscalls'?)" },
		{ 4, 2, "unknown key 'names' at top level, ignoring (Docker "
			"ignores it too; it belongs inside a 'syscalls' entry)" },
		{ 5, 2, "unknown key 'x-note' at top level, ignoring (Docker "
			"ignores it too)" },
		{ 8, 3, "unknown key 'include' in syscall group, ignoring "
			"(Docker ignores it too; did you mean 'includes'?)" },
		{ 9, 3, "unknown key 'caps' in syscall group, ignoring (Docker "
			"ignores it too; it belongs inside 'includes' or "
			"'excludes')" },
		{ 10, 25, "unknown key 'vlaue' in 'args' entry, ignoring "
			  "(Docker ignores it too; did you mean 'value'?)" },
		{ 11, 16, "unknown key 'cap' in 'excludes', ignoring (Docker "
			  "ignores it too; did you mean 'caps'?)" },
		{ 13, 15, "unknown key 'arch' in 'archMap' entry, ignoring "
			  "(Docker ignores it too)" },
	};

	cr_assert_eq(warns.n, 8);
	for (int i = 0; i < 8; i++) {
		cr_assert_str_eq(warns.e[i].msg, want[i].msg);
		cr_assert_eq(warns.e[i].line, want[i].line, "%s", want[i].msg);
		cr_assert_eq(warns.e[i].col, want[i].col, "%s", want[i].msg);
		cr_assert_str_eq(warns.e[i].file, "t.json");
	}
	cr_assert_eq(p->ngroups, 1);
	cr_assert_eq(p->groups[0].includes.caps.n, 0, "Docker ignores it");
	cr_assert_eq(p->groups[0].args[0].value, 0);
	sc_profile_free(p);

	/* no sink: dropped quietly */
	p = NULL;
	cr_assert_eq(sc_json_parse(NULL, J("{'x':1}"), 7, &p, NULL, NULL), 0);
	cr_assert_str_eq(p->file, "<string>");
	sc_profile_free(p);
}

/* ------------------------------------------------------------------ */
/* Errors                                                             */

Test(json_err, moby_conflicts)
{
	check_err(J("{'syscalls':[\n {'names':['a']},\n {'name':'b','names':['c']}\n]}"),
		  3, 2, "both 'name' and 'names' are specified in the seccomp "
		  "profile, use either 'name' or 'names'");
	check_err(J("{'architectures':['SCMP_ARCH_X86_64'],\n"
		    "'archMap':[{'architecture':'SCMP_ARCH_X86_64'}]}"),
		  2, 12, "both 'architectures' and 'archMap' are specified in "
		  "the seccomp profile, use either 'architectures' or 'archMap'");
	check_err(J("{'archMap':[{'architecture':'SCMP_ARCH_X86_64'}],\n"
		    "'architectures':['SCMP_ARCH_X86_64']}"),
		  2, 18, "both 'architectures' and 'archMap' are specified in "
		  "the seccomp profile, use either 'architectures' or 'archMap'");
	check_err(J("{'syscalls':[{'names':['a']}, null]}"), 1, 31,
		  "'syscalls' entries must be objects, got 'null'");
	/* a repeat that hides the conflicting entry is fine, as in Go */
	sc_profile_free(parse(J("{'syscalls':[{'names':['a']},{'name':'b',"
				"'names':['c']}],'syscalls':[{'names':['d']}]}")));
}

Test(json_err, integers)
{
	static const struct {
		const char *v, *got;
	} bad[] = {
		{ "18446744073709551616", "'18446744073709551616'" },
		{ "99999999999999999999999", "'99999999999999999999999'" },
		{ "-1", "'-1'" },
		{ "-0", "'-0'" },
		{ "1.0", "'1.0'" },
		{ "1e3", "'1e3'" },
		{ "1E+2", "'1E+2'" },
		{ "'5'", "'\"5\"'" },
		{ "true", "'true'" },
		{ "[1]", "an array" },
		{ "{}", "an object" },
	};
	static const char *fields[] = { "index", "value", "valueTwo" };
	char json[256], msg[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (int f = 0; f < 3; f++) {
			snprintf(json, sizeof(json), "{'syscalls':[{'args':[\n"
				 "  {'%s': %s}]}]}", fields[f], bad[i].v);
			snprintf(msg, sizeof(msg), "'%s' must be an unsigned "
				 "integer (0..18446744073709551615), got %s",
				 fields[f], bad[i].got);
			check_err(J(json), 2, 8 + (unsigned)strlen(fields[f]),
				  msg);
		}
		snprintf(json, sizeof(json), "{'syscalls':[{'errnoRet': %s}]}",
			 bad[i].v);
		snprintf(msg, sizeof(msg), "'errnoRet' must be an unsigned "
			 "integer (0..18446744073709551615), got %s", bad[i].got);
		check_err(J(json), 1, 27, msg);
		snprintf(json, sizeof(json), "{'defaultErrnoRet': %s}", bad[i].v);
		snprintf(msg, sizeof(msg), "'defaultErrnoRet' must be an "
			 "unsigned integer (0..18446744073709551615), got %s",
			 bad[i].got);
		check_err(J(json), 1, 21, msg);
	}
}

Test(json_err, min_kernel_forms)
{
	static const char *good[] = { "4.8", "0.5", "5.0", "50.0", "0.50", "",
				      "255.255", "004.008" };
	static const struct {
		const char *v, *msg;
	} bad[] = {
		{ "3", "invalid kernel version: 3, expected \"<kernel>.<major>\" "
		       "as a string" },
		{ "3.12", "invalid kernel version: 3.12, expected "
			  "\"<kernel>.<major>\" as a string" },
		{ "true", "invalid kernel version: true, expected "
			  "\"<kernel>.<major>\" as a string" },
		{ "['4.8']", "invalid kernel version: an array, expected "
			     "\"<kernel>.<major>\" as a string" },
		{ "{}", "invalid kernel version: an object, expected "
			"\"<kernel>.<major>\" as a string" },
		{ "'3'", "invalid kernel version: 3, expected \"<kernel>.<major>\"" },
		{ "'.3'", "invalid kernel version: .3, expected \"<kernel>.<major>\"" },
		{ "'3.'", "invalid kernel version: 3., expected \"<kernel>.<major>\"" },
		{ "'3.12.1'", "invalid kernel version: 3.12.1, expected "
			      "\"<kernel>.<major>\"" },
		{ "'4.15abc'", "invalid kernel version: 4.15abc, expected "
			       "\"<kernel>.<major>\"" },
		{ "'+4.8'", "invalid kernel version: +4.8, expected "
			    "\"<kernel>.<major>\"" },
		{ "' 4.8'", "invalid kernel version:  4.8, expected "
			    "\"<kernel>.<major>\"" },
		{ "'0.0'", "invalid kernel version: 0.0, expected "
			   "\"<kernel>.<major>\": version cannot be 0.0" },
		{ "'00.000'", "invalid kernel version: 00.000, expected "
			      "\"<kernel>.<major>\": version cannot be 0.0" },
		{ "'4.256'", "invalid kernel version: 4.256, expected "
			     "\"<kernel>.<major>\": each part must be a number "
			     "from 0 to 255" },
		{ "'4.8\\u0000'", "'minKernel' must not contain a NUL character "
				  "(\\u0000)" },
	};
	char json[128];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct sc_profile *p;

		snprintf(json, sizeof(json),
			 "{'syscalls':[{'excludes':{'minKernel':'%s'}}]}",
			 good[i]);
		p = parse(J(json));
		cr_assert_str_eq(p->groups[0].excludes.min_kernel, good[i]);
		sc_profile_free(p);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(json, sizeof(json),
			 "{'syscalls':[{'includes':{'minKernel':%s}}]}",
			 bad[i].v);
		check_err(J(json), 1, 39, bad[i].msg);
	}
}

Test(json_err, wrong_types)
{
	static const struct {
		const char *json;
		unsigned col;
		const char *msg;
	} cases[] = {
		{ "{'defaultAction':1}", 18, "'defaultAction' must be a string, got '1'" },
		{ "{'defaultAction':['A']}", 18, "'defaultAction' must be a string, got an array" },
		{ "{'defaultErrno':1}", 17, "'defaultErrno' must be a string, got '1'" },
		{ "{'listenerPath':true}", 17, "'listenerPath' must be a string, got 'true'" },
		{ "{'listenerMetadata':{}}", 21, "'listenerMetadata' must be a string, got an object" },
		{ "{'architectures':'SCMP_ARCH_X86'}", 18, "'architectures' must be an array of strings, got '\"SCMP_ARCH_X86\"'" },
		{ "{'architectures':[1]}", 19, "'architectures' entries must be strings, got '1'" },
		{ "{'flags':{}}", 10, "'flags' must be an array of strings, got an object" },
		{ "{'flags':[false]}", 11, "'flags' entries must be strings, got 'false'" },
		{ "{'archMap':{}}", 12, "'archMap' must be an array of objects, got an object" },
		{ "{'archMap':['x']}", 13, "'archMap' entries must be objects, got '\"x\"'" },
		{ "{'archMap':[{'architecture':1}]}", 29, "'architecture' must be a string, got '1'" },
		{ "{'archMap':[{'subArchitectures':'x'}]}", 33, "'subArchitectures' must be an array of strings, got '\"x\"'" },
		{ "{'syscalls':{}}", 13, "'syscalls' must be an array of objects, got an object" },
		{ "{'syscalls':'read'}", 13, "'syscalls' must be an array of objects, got '\"read\"'" },
		{ "{'syscalls':[['read']]}", 14, "'syscalls' entries must be objects, got an array" },
		{ "{'syscalls':[{'names':'read'}]}", 23, "'names' must be an array of strings, got '\"read\"'" },
		{ "{'syscalls':[{'names':[['read']]}]}", 24, "'names' entries must be strings, got an array" },
		{ "{'syscalls':[{'name':['read']}]}", 22, "'name' must be a string, got an array" },
		{ "{'syscalls':[{'action':0}]}", 24, "'action' must be a string, got '0'" },
		{ "{'syscalls':[{'errno':1}]}", 23, "'errno' must be a string, got '1'" },
		{ "{'syscalls':[{'comment':1}]}", 25, "'comment' must be a string, got '1'" },
		{ "{'syscalls':[{'args':{}}]}", 22, "'args' must be an array of objects, got an object" },
		{ "{'syscalls':[{'args':[1]}]}", 23, "'args' entries must be objects, got '1'" },
		{ "{'syscalls':[{'args':[{'op':1}]}]}", 29, "'op' must be a string, got '1'" },
		{ "{'syscalls':[{'includes':[]}]}", 26, "'includes' must be an object, got an array" },
		{ "{'syscalls':[{'excludes':'CAP_X'}]}", 26, "'excludes' must be an object, got '\"CAP_X\"'" },
		{ "{'syscalls':[{'includes':{'caps':'CAP_X'}}]}", 34, "'caps' must be an array of strings, got '\"CAP_X\"'" },
		{ "{'syscalls':[{'includes':{'arches':[1]}}]}", 37, "'arches' entries must be strings, got '1'" },
		{ "{'syscalls':[{'names':['re\\u0000ad']}]}", 24, "'names' must not contain a NUL character (\\u0000)" },
		{ "{'defaultAction':'\\u0000'}", 18, "'defaultAction' must not contain a NUL character (\\u0000)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_err(J(cases[i].json), 1, cases[i].col, cases[i].msg);
}

Test(json_err, not_a_profile)
{
	check_err("", 1, 1, "empty profile, expected a JSON object");
	check_err(" \n\t\r\n", 3, 1, "empty profile, expected a JSON object");
	check_err_len(NULL, 0, 1, 1, "empty profile, expected a JSON object");
	check_err("[]", 1, 1, "a seccomp profile must be a JSON object, got an array");
	check_err("\n  null", 2, 3, "a seccomp profile must be a JSON object, got 'null'");
	check_err("\"x\"", 1, 1, "a seccomp profile must be a JSON object, got '\"x\"'");
	check_err("42", 1, 1, "a seccomp profile must be a JSON object, got '42'");
	check_err_len("{\"a\":\n 1\0}", 9, 2, 3,
		      "JSON syntax: NUL byte in the profile (is it a text file?)");
	check_err_len("{}\0", 3, 1, 3,
		      "JSON syntax: NUL byte in the profile (is it a text file?)");
	/* the buffer has a length: what follows it is not read */
	sc_profile_free(parse_len("{}garbage", 2));
}

Test(json_err, syntax)
{
	static const struct {
		const char *json;
		unsigned line, col;
		const char *msg;
	} cases[] = {
		{ "{\n\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n}", 3, 1,
		  "JSON syntax: unexpected character '}' (trailing comma)" },
		{ "{\"syscalls\": [{}, ]}", 1, 19,
		  "JSON syntax: unexpected character ']' (trailing comma)" },
		{ "{\"a\" 1}", 1, 6,
		  "JSON syntax: object property name separator ':' expected" },
		{ "{\"a\":[1 2]}", 1, 9,
		  "JSON syntax: array value separator ',' expected" },
		{ "{\"a\":1}\n// c", 2, 1,
		  "JSON syntax: unexpected character '/' (JSON has no comments)" },
		{ "{\"a\":1 /* c */}", 1, 8, "JSON syntax: object value separator "
		  "',' expected (JSON has no comments)" },
		{ "{\"a\":1} x", 1, 9, "JSON syntax: unexpected character 'x'" },
		{ "{\"a\":1}{}", 1, 8, "JSON syntax: unexpected character '{'" },
		{ "{\"a\":1", 1, 7, "JSON syntax: unexpected end of data" },
		{ "{\"a\":", 1, 6, "JSON syntax: unexpected end of data" },
		{ "{\n\"a\":\"x}", 2, 5, "JSON syntax: unterminated string" },
		{ "{\"a\":\"x\ny\"}", 1, 8,
		  "JSON syntax: line break in a string (missing closing quote?)" },
		{ "{\"a\":\"x\ty\"}", 1, 8, "JSON syntax: control character 0x09 "
		  "in a string, write it as \\u0009" },
		{ "{'a':1}", 1, 2, "JSON syntax: unexpected character ''' "
		  "(JSON strings take double quotes)" },
		{ "{\"a\":'x'}", 1, 6, "JSON syntax: unexpected character ''' "
		  "(JSON strings take double quotes)" },
		{ "{a:1}", 1, 2, "JSON syntax: quoted object property name expected" },
		{ "{\"a\":NaN}", 1, 6, "JSON syntax: unexpected character 'N'" },
		{ "{\"a\":Infinity}", 1, 6, "JSON syntax: unexpected character 'I'" },
		{ "{\"a\":-Infinity}", 1, 6, "JSON syntax: invalid number" },
		{ "{\"a\":01}", 1, 6, "JSON syntax: invalid number (leading zero)" },
		{ "{\"a\":-01}", 1, 6, "JSON syntax: invalid number (leading zero)" },
		{ "{\"a\":00}", 1, 6, "JSON syntax: invalid number (leading zero)" },
		{ "{\"a\":1.}", 1, 6, "JSON syntax: invalid number (digit expected after '.')" },
		{ "{\"a\":.5}", 1, 6, "JSON syntax: unexpected character '.'" },
		{ "{\"a\":1e}", 1, 6, "JSON syntax: invalid number (digit expected in exponent)" },
		{ "{\"a\":+1}", 1, 6, "JSON syntax: unexpected character '+'" },
		{ "{\"a\":0x10}", 1, 7, "JSON syntax: number expected" },
		{ "{\"a\":tru}", 1, 6, "JSON syntax: invalid literal, 'true' expected" },
		{ "{\"a\":True}", 1, 6, "JSON syntax: boolean expected" },
		{ "{\"a\":nul}", 1, 6, "JSON syntax: invalid literal, 'null' expected" },
		{ "{\"a\":\"\\x\"}", 1, 7, "JSON syntax: invalid escape in a string" },
		{ "{\"a\":\"\\u12g4\"}", 1, 7,
		  "JSON syntax: invalid \\u escape (four hex digits expected)" },
		{ "{\"a\":\"\xff\"}", 1, 7, "JSON syntax: invalid utf-8 string (byte 0xff)" },
		{ "{\"a\":\"\xc0\x80\"}", 1, 7, "JSON syntax: invalid UTF-8 in a string" },
		{ "{\"a\":\"\xed\xa0\x80\"}", 1, 7, "JSON syntax: invalid UTF-8 in a string" },
		{ "{\"a\":\"\xf4\x90\x80\x80\"}", 1, 7, "JSON syntax: invalid UTF-8 in a string" },
		{ "{\"a\":\"\xe2\x82\"}", 1, 7, "JSON syntax: invalid UTF-8 in a string" },
		{ "\xef\xbb\xbf{}", 1, 1, "JSON syntax: the file starts with a UTF-8 byte order mark; save it without one" },
		{ "{\"a\":1,\f\"b\":2}", 1, 8, "JSON syntax: quoted object property name expected (byte 0x0c)" },
		{ "{\"a\":[1,,2]}", 1, 9, "JSON syntax: unexpected character ','" },
		{ "{,}", 1, 2, "JSON syntax: quoted object property name expected" },
		{ "{\"a\":1}}", 1, 8, "JSON syntax: unexpected character '}'" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_err(cases[i].json, cases[i].line, cases[i].col,
			  cases[i].msg);
}

static char *nested(size_t depth, bool objects, size_t *len)
{
	char *b = malloc(depth * 6 + 16), *w = b;

	cr_assert_not_null(b);
	w += sprintf(w, "{\"x\":");
	for (size_t i = 0; i < depth; i++)
		w += sprintf(w, objects ? "{\"x\":" : "[");
	*w++ = '1';
	for (size_t i = 0; i < depth; i++)
		*w++ = objects ? '}' : ']';
	*w++ = '}';
	*len = (size_t)(w - b);
	return b;
}

/* Go's limit is 10000 nested containers, the profile's own object included. */
Test(json_err, nesting_limit_is_gos)
{
	for (int objects = 0; objects < 2; objects++) {
		size_t len;
		char *ok = nested(9999, objects, &len);
		char *bad;

		sc_profile_free(parse_len(ok, len));
		bad = nested(10000, objects, &len);
		check_err_len(bad, len, 1, objects ? 50001 : 10005,
			      "JSON syntax: nesting deeper than 10000 levels");
		free(ok);
		free(bad);
	}
}

Test(json_err, size_limit)
{
	size_t len = SC_PROFILE_MAX_BYTES + 1;
	char *big = malloc(len), msg[128];
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };

	cr_assert_not_null(big);
	memset(big, ' ', len);
	big[0] = '{';
	big[len - 1] = '}';
	cr_assert_eq(sc_json_parse("t.json", big, len, &p, NULL, &err), -EINVAL);
	snprintf(msg, sizeof(msg), "profile too large (%zu bytes, at most %u)",
		 len, SC_PROFILE_MAX_BYTES);
	cr_assert_str_eq(err.msg, msg);
	cr_assert_null(p);
	/* the largest allowed size still parses */
	big[len - 2] = '}';
	sc_profile_free(parse_len(big, len - 1));
	free(big);
}

/* ------------------------------------------------------------------ */
/* Robustness: whatever the bytes, an answer and no crash or leak      */

static void parse_any(const char *buf, size_t len)
{
	struct sc_profile *p = NULL;
	struct sc_error err = { 0 };
	int rc = sc_json_parse("f.json", buf, len, &p, NULL, &err);

	if (rc == 0) {
		char *out;
		struct sc_profile *q;

		cr_assert_not_null(p);
		out = write_json(p, NULL);
		q = parse(out);
		cr_assert(sc_profile_equal(p, q));
		sc_profile_free(q);
		free(out);
		sc_profile_free(p);
		return;
	}
	cr_assert_null(p);
	cr_assert(rc == -EINVAL, "rc %d: %s", rc, err.msg);
	cr_assert(err.msg[0] != '\0');
	cr_assert(err.line >= 1 && err.col >= 1, "no position for '%s'",
		  err.msg);
}

Test(json_fuzz, every_truncation_fails_cleanly)
{
	size_t len;
	char *buf = slurp_shared("moby-fixture-example.json", &len);

	for (size_t n = 0; n < len; n++) {
		struct sc_profile *p = NULL;
		struct sc_error err = { 0 };
		bool tail_ws = true;

		for (size_t i = n; i < len; i++)
			tail_ws = tail_ws && strchr(" \t\r\n", buf[i]);
		if (tail_ws)
			break;
		cr_assert_eq(sc_json_parse("f.json", buf, n, &p, NULL, &err),
			     -EINVAL, "prefix of %zu bytes parsed", n);
		cr_assert(err.line >= 1 && err.col >= 1);
	}
	free(buf);
}

Test(json_fuzz, mangled_bytes)
{
	static const char alphabet[] = "{}[],:\"\\ -0123456789.eE+tfnlu\x01\x80\xff";
	size_t len;
	char *orig = slurp_shared("moby-fixture-conditional_include.json", &len);
	char *buf = malloc(len);
	unsigned seed = 12345;

	cr_assert_not_null(buf);
	for (int iter = 0; iter < 3000; iter++) {
		memcpy(buf, orig, len);
		for (int k = 0; k < 1 + iter % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % len] =
				alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
		}
		parse_any(buf, len);
	}
	free(buf);
	free(orig);
}

/* ------------------------------------------------------------------ */
/* The writer                                                         */

static struct sc_loc L0;

Test(json_write, exact_output_of_a_built_model)
{
	struct sc_profile *p = sc_profile_new("m.json"), *q;
	struct sc_group *g;
	struct sc_arg *a;
	struct sc_archmap *m;
	char *out;
	const char *want =
		"{\n"
		"\t\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		"\t\"defaultErrnoRet\": 18446744073709551615,\n"
		"\t\"defaultErrno\": \"ENOSYS\",\n"
		"\t\"flags\": [],\n"
		"\t\"listenerPath\": \"/run/l\\\"s\\\\\",\n"
		"\t\"archMap\": [\n"
		"\t\t{\n"
		"\t\t\t\"architecture\": \"SCMP_ARCH_X86_64\",\n"
		"\t\t\t\"subArchitectures\": null\n"
		"\t\t}\n"
		"\t],\n"
		"\t\"syscalls\": [\n"
		"\t\t{\n"
		"\t\t\t\"names\": [\n"
		"\t\t\t\t\"read\",\n"
		"\t\t\t\t\"write\"\n"
		"\t\t\t],\n"
		"\t\t\t\"action\": \"SCMP_ACT_ERRNO\",\n"
		"\t\t\t\"errnoRet\": 1,\n"
		"\t\t\t\"errno\": \"EPERM\",\n"
		"\t\t\t\"args\": [\n"
		"\t\t\t\t{\n"
		"\t\t\t\t\t\"index\": 5,\n"
		"\t\t\t\t\t\"value\": 18446744073709551615,\n"
		"\t\t\t\t\t\"valueTwo\": 9007199254740993,\n"
		"\t\t\t\t\t\"op\": \"SCMP_CMP_MASKED_EQ\"\n"
		"\t\t\t\t},\n"
		"\t\t\t\t{\n"
		"\t\t\t\t\t\"index\": 0,\n"
		"\t\t\t\t\t\"value\": 0\n"
		"\t\t\t\t}\n"
		"\t\t\t],\n"
		"\t\t\t\"comment\": \"tab\\there, nl\\n, \\u0001, \xc3\xa9, bad \\ufffd\",\n"
		"\t\t\t\"includes\": {\n"
		"\t\t\t\t\"caps\": [\n"
		"\t\t\t\t\t\"CAP_SYS_ADMIN\"\n"
		"\t\t\t\t],\n"
		"\t\t\t\t\"minKernel\": \"4.8\"\n"
		"\t\t\t},\n"
		"\t\t\t\"excludes\": {\n"
		"\t\t\t\t\"arches\": [\n"
		"\t\t\t\t\t\"s390x\"\n"
		"\t\t\t\t],\n"
		"\t\t\t\t\"minKernel\": \"\"\n"
		"\t\t\t}\n"
		"\t\t},\n"
		"\t\t{\n"
		"\t\t\t\"name\": \"open\"\n"
		"\t\t},\n"
		"\t\t{}\n"
		"\t]\n"
		"}\n";

	cr_assert_not_null(p);
	sc_set_str(&p->default_action, "SCMP_ACT_ERRNO");
	p->has_default_errno_ret = true;
	p->default_errno_ret = UINT64_MAX;
	sc_set_str(&p->default_errno_name, "ENOSYS");
	p->has_flags = true;
	sc_set_str(&p->listener_path, "/run/l\"s\\");
	sc_set_str(&p->listener_metadata, "");
	m = sc_profile_add_archmap(p);
	sc_set_str(&m->arch.s, "SCMP_ARCH_X86_64");
	g = sc_profile_add_group(p);
	sc_strv_push(&g->names, "read", (size_t)-1, L0);
	sc_strv_push(&g->names, "write", (size_t)-1, L0);
	sc_set_str(&g->action, "SCMP_ACT_ERRNO");
	g->has_errno_ret = true;
	g->errno_ret = 1;
	sc_set_str(&g->errno_name, "EPERM");
	a = sc_group_add_arg(g);
	a->index = 5;
	a->value = UINT64_MAX;
	a->value_two = 9007199254740993ull;
	sc_set_str(&a->op, "SCMP_CMP_MASKED_EQ");
	sc_group_add_arg(g);
	sc_set_str(&g->comment, "tab\there, nl\n, \x01, \xc3\xa9, bad \xff");
	sc_strv_push(&g->includes.caps, "CAP_SYS_ADMIN", (size_t)-1, L0);
	sc_set_str(&g->includes.min_kernel, "4.8");
	sc_strv_push(&g->excludes.arches, "s390x", (size_t)-1, L0);
	sc_set_str(&g->excludes.min_kernel, "");
	g = sc_profile_add_group(p);
	sc_set_str(&g->name, "open");
	g = sc_profile_add_group(p);
	sc_set_str(&g->comment, "");

	out = write_json(p, NULL);
	cr_assert_str_eq(out, want);
	q = parse(out);
	/* only the invalid UTF-8 byte does not come back */
	cr_assert_str_eq(q->groups[0].comment,
			 "tab\there, nl\n, \x01, \xc3\xa9, bad \xef\xbf\xbd");
	sc_set_str(&q->groups[0].comment, p->groups[0].comment);
	cr_assert(sc_profile_equal(p, q));
	cr_assert(q->has_flags);
	sc_profile_free(p);
	sc_profile_free(q);
	free(out);
}

Test(json_write, empty_model_and_appending)
{
	struct sc_profile *p = sc_profile_new(NULL), *q;
	struct sc_buf out = { 0 };
	struct sc_error err = { 0 };

	sc_buf_puts(&out, "prefix\n");
	cr_assert_eq(sc_json_write(p, &out, &err), 0);
	cr_assert_str_eq(out.p, "prefix\n{\n\t\"syscalls\": []\n}\n");
	q = parse(out.p + 7);
	cr_assert(sc_profile_equal(p, q));
	cr_assert(!q->has_flags);
	sc_profile_free(p);
	sc_profile_free(q);
	sc_buf_free(&out);
}

Test(json_write, out_of_memory_is_reported)
{
	struct sc_profile *p = sc_profile_new("m.json");
	struct sc_buf out = { 0 };
	struct sc_error err = { 0 };

	out.oom = true;
	cr_assert_eq(sc_json_write(p, &out, &err), -ENOMEM);
	cr_assert_eq(err.code, ENOMEM);
	cr_assert_str_eq(err.msg, "out of memory");
	sc_profile_free(p);
	sc_buf_free(&out);
}
