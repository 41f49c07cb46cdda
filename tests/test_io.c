/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conf/io.c: format detection, dispatch, and reading files with every way
 * that can go wrong (missing, directory, FIFO, device, too big, unreadable).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io.h"
#include "lib/testutil.h"

static char tmpdir[64];

static void make_tmpdir(void)
{
	strcpy(tmpdir, "/tmp/seccap-test-io-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(io, .init = make_tmpdir, .fini = remove_tmpdir);

static const char *in_tmp(const char *name)
{
	return tu_path(tmpdir, name);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
}

static char *fmt_err(const struct sc_error *e)
{
	static char m[SC_MSG_MAX + SC_FILE_MAX + 64];

	sc_error_format(e, "error", m, sizeof(m));
	return m;
}

/* ---- detection ---- */

Test(io, detect)
{
	static const struct {
		const char *text;
		enum sc_format want;
	} cases[] = {
		{ "{}", SC_FMT_JSON },
		{ " \t\r\n {\"defaultAction\":1}", SC_FMT_JSON },
		{ "\xef\xbb\xbf{}", SC_FMT_JSON },
		{ "\xef\xbb\xbf\n {}", SC_FMT_JSON },
		{ "[profile]\n", SC_FMT_INI },
		{ "# {\n", SC_FMT_INI },
		{ "\n\n[g]\n{", SC_FMT_INI },
		{ "", SC_FMT_INI },
		{ "   \n", SC_FMT_INI },
		/* JSON arrays go to the JSON reader, which names the problem. */
		{ "[]", SC_FMT_JSON },
		{ "[\n\t{ \"defaultAction\": 1 }\n]", SC_FMT_JSON },
		{ " [ {} ]", SC_FMT_JSON },
		{ "[\"a\"]", SC_FMT_JSON },
		{ "[[1]]", SC_FMT_JSON },
		{ "[", SC_FMT_JSON },
		{ "[profile]", SC_FMT_INI },
		{ "[1]\n", SC_FMT_INI },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_eq(sc_format_detect(cases[i].text,
					      strlen(cases[i].text)),
			     cases[i].want, "case %zu", i);
	/* Only len bytes count. */
	cr_assert_eq(sc_format_detect("  {", 2), SC_FMT_INI);
}

/* ---- dispatch ---- */

Test(io, parse_dispatch)
{
	static const char json[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";
	static const char ini[] = "[profile]\ndefault-action = allow\n";
	struct sc_profile *p = NULL, *q = NULL;
	struct sc_error e;
	int r;

	r = sc_profile_parse("a.json", json, strlen(json), SC_FMT_AUTO, &p,
			     NULL, &e);
	cr_assert_eq(r, 0, "%s", fmt_err(&e));
	r = sc_profile_parse("a.ini", ini, strlen(ini), SC_FMT_AUTO, &q, NULL,
			     &e);
	cr_assert_eq(r, 0, "%s", fmt_err(&e));
	cr_assert(sc_profile_equal(p, q));
	cr_assert_str_eq(p->file, "a.json");
	cr_assert_str_eq(q->file, "a.ini");
	sc_profile_free(p);
	sc_profile_free(q);

	/* An explicit format wins over detection. */
	p = NULL;
	r = sc_profile_parse("a.ini", json, strlen(json), SC_FMT_INI, &p, NULL,
			     &e);
	cr_assert_eq(r, -EINVAL);
	cr_assert_null(p);
	cr_assert_str_eq(e.file, "a.ini");
	cr_assert_eq(e.line, 1);
	r = sc_profile_parse("a.json", ini, strlen(ini), SC_FMT_JSON, &p, NULL,
			     &e);
	cr_assert_eq(r, -EINVAL);
	cr_assert_null(p);
	cr_assert_str_eq(e.file, "a.json");
}

/* ---- sc_read_file ---- */

Test(io, read_regular_file)
{
	const char *path = in_tmp("p.ini");
	char *buf = NULL;
	size_t len = 0;
	struct sc_error e;

	write_file(path, "[profile]\ndefault-action = allow\n");
	cr_assert_eq(sc_read_file(path, &buf, &len, &e), 0, "%s", fmt_err(&e));
	cr_assert_eq(len, 33);
	cr_assert_str_eq(buf, "[profile]\ndefault-action = allow\n");
	cr_assert_eq(buf[len], '\0');
	free(buf);

	/* Empty files are read (and are an empty profile). */
	write_file(path, "");
	cr_assert_eq(sc_read_file(path, &buf, &len, &e), 0);
	cr_assert_eq(len, 0);
	cr_assert_str_eq(buf, "");
	free(buf);
}

Test(io, read_missing_file)
{
	const char *path = in_tmp("x.ini");
	char *buf = (char *)0x1;
	size_t len = 7;
	struct sc_error e;

	cr_assert_eq(sc_read_file(path, &buf, &len, &e), -ENOENT);
	cr_assert_eq(buf, (char *)0x1, "output written on failure");
	cr_assert_eq(len, 7);
	cr_assert_eq(e.code, ENOENT);
	cr_assert_str_eq(e.file, path);
	cr_assert_eq(e.line, 0);
	cr_assert_str_eq(e.msg,
			 "cannot read the profile: No such file or directory");
}

Test(io, read_directory)
{
	char *buf = NULL;
	size_t len;
	struct sc_error e;

	cr_assert_eq(sc_read_file(tmpdir, &buf, &len, &e), -EISDIR);
	cr_assert_str_eq(e.msg, "cannot read the profile: Is a directory");
	cr_assert_str_eq(e.file, tmpdir);
	cr_assert_null(buf);
}

Test(io, read_fifo_and_device, .timeout = 10)
{
	static const char text[] = "[profile]\ndefault-action = allow\n";
	const char *fifo = in_tmp("fifo");
	char *buf = NULL;
	size_t len;
	struct sc_error e;
	pid_t pid;
	int st;

	/* A named pipe whose writer comes later: read as "-" reads a pipe. */
	cr_assert_eq(mkfifo(fifo, 0600), 0, "%s", strerror(errno));
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int fd;

		usleep(200 * 1000);
		fd = open(fifo, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
			_exit(1);
		_exit(0);
	}
	cr_assert_eq(sc_read_file(fifo, &buf, &len, &e), 0, "%s", e.msg);
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(tu_exited_with(st, 0));
	cr_assert_eq(len, strlen(text));
	cr_assert_str_eq(buf, text);
	free(buf);
	buf = NULL;

	/* A character device is read to its end too. */
	cr_assert_eq(sc_read_file("/dev/null", &buf, &len, &e), 0, "%s", e.msg);
	cr_assert_eq(len, 0);
	free(buf);
	buf = NULL;

	/* Anything else that is not a regular file is still refused. */
	cr_assert_eq(sc_read_file(in_tmp("."), &buf, &len, &e), -EISDIR);
	cr_assert_null(buf);
}

Test(io, read_size_limit)
{
	const char *path = in_tmp("big.ini");
	char *buf = NULL;
	size_t len = 0;
	struct sc_error e;
	int fd;

	/* Sparse files: no disk space needed. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, SC_PROFILE_MAX_BYTES), 0);
	cr_assert_eq(sc_read_file(path, &buf, &len, &e), 0, "%s",
		     fmt_err(&e));
	cr_assert_eq(len, SC_PROFILE_MAX_BYTES);
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(buf[len - 1], '\0');
	free(buf);
	buf = NULL;

	cr_assert_eq(ftruncate(fd, SC_PROFILE_MAX_BYTES + 1), 0);
	cr_assert_eq(sc_read_file(path, &buf, &len, &e), -EFBIG);
	cr_assert_str_eq(e.msg,
			 "file too large (16777217 bytes, at most 16777216)");
	cr_assert_null(buf);

	cr_assert_eq(ftruncate(fd, 1ll << 40), 0);
	cr_assert_eq(sc_read_file(path, &buf, &len, &e), -EFBIG);
	cr_assert_null(buf);
	close(fd);
}

/*
 * Reads path without the capabilities that override file permissions, as
 * a user would: root keeps its uid, so the file stays its own.
 */
static int read_unreadable_child(void *arg)
{
	static const cap_value_t dac[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH };
	const char *path = arg;
	char *buf = NULL;
	size_t len;
	struct sc_error e;
	cap_t c = cap_get_proc();

	if (!c || cap_set_flag(c, CAP_EFFECTIVE, 2, dac, CAP_CLEAR) < 0 ||
	    cap_set_proc(c) < 0)
		return 10;
	cap_free(c);
	if (sc_read_file(path, &buf, &len, &e) != -EACCES)
		return 11;
	if (strcmp(e.msg, "cannot read the profile: Permission denied") != 0)
		return 12;
	return buf ? 13 : 0;
}

Test(io, read_unreadable)
{
	const char *path = in_tmp("secret.ini");

	write_file(path, "[profile]\n");
	cr_assert_eq(chmod(path, 0), 0);
	cr_assert(tu_exited_with(tu_run_child(read_unreadable_child,
					      (void *)path), 0));
}

static int read_stdin_child(void *arg)
{
	const char *path = arg;
	char *buf = NULL;
	size_t len = 0;
	struct sc_error e;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || dup2(fd, STDIN_FILENO) < 0)
		return 10;
	if (sc_read_file("-", &buf, &len, &e) != 0)
		return 11;
	if (len != 10 || strcmp(buf, "[profile]\n") != 0)
		return 12;
	free(buf);
	return 0;
}

static int read_stdin_pipe_child(void *arg)
{
	struct sc_profile *p = NULL;
	struct sc_error e;
	int fds[2];

	(void)arg;
	/* A pipe is fine on stdin; the text is read to the end. */
	if (pipe(fds) < 0 || dup2(fds[0], STDIN_FILENO) < 0)
		return 10;
	if (write(fds[1], "[g]\nbogus = 1\n", 14) != 14)
		return 11;
	close(fds[1]);
	if (sc_profile_load("-", SC_FMT_AUTO, &p, NULL, &e) != -EINVAL)
		return 12;
	if (strcmp(e.file, "<stdin>") != 0 || e.line != 2)
		return 13;
	return 0;
}

Test(io, read_stdin)
{
	const char *path = in_tmp("stdin.ini");

	write_file(path, "[profile]\n");
	cr_assert(tu_exited_with(tu_run_child(read_stdin_child, (void *)path),
				 0));
	cr_assert(tu_exited_with(tu_run_child(read_stdin_pipe_child, NULL), 0));
}

/* ---- sc_profile_load ---- */

Test(io, load)
{
	const char *ini = in_tmp("a.ini"), *bad = in_tmp("bad.ini");
	struct sc_profile *p = NULL;
	struct sc_error e;
	char want[512];

	write_file(ini, "[profile]\ndefault-action = allow\n[g]\n"
			"action = errno\nsyscalls = read\n");
	cr_assert_eq(sc_profile_load(ini, SC_FMT_AUTO, &p, NULL, &e), 0, "%s",
		     fmt_err(&e));
	cr_assert_str_eq(p->file, ini);
	cr_assert_str_eq(p->default_action, "SCMP_ACT_ALLOW");
	cr_assert_eq(p->groups[0].names.v[0].loc.line, 5);
	sc_profile_free(p);
	p = NULL;

	write_file(bad, "[g]\naction = allow\nsycalls = read\n");
	cr_assert_eq(sc_profile_load(bad, SC_FMT_AUTO, &p, NULL, &e), -EINVAL);
	cr_assert_null(p);
	snprintf(want, sizeof(want),
		 "%s:3:1: error: unknown key 'sycalls'; did you mean "
		 "'syscalls'?",
		 bad);
	cr_assert_str_eq(fmt_err(&e), want);

	cr_assert_eq(sc_profile_load(in_tmp("none.ini"), SC_FMT_AUTO, &p, NULL,
				     &e),
		     -ENOENT);
	cr_assert_null(p);
}

Test(io, load_shared_json)
{
	const char *shared = tu_shared_dir();
	struct sc_profile *p = NULL;
	struct sc_error e;
	int r;

	if (!shared)
		cr_skip_test("../shared is absent");
	r = sc_profile_load(tu_path(shared, "profiles/docker-default.json"),
			    SC_FMT_AUTO, &p, NULL, &e);
	cr_assert_eq(r, 0, "%s", fmt_err(&e));
	cr_assert_str_eq(p->default_action, "SCMP_ACT_ERRNO");
	cr_assert_gt(p->ngroups, 20);
	sc_profile_free(p);
}
