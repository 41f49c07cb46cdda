/* SPDX-License-Identifier: Apache-2.0 */
/* Format detection, dispatch to the readers, and reading profile files. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

enum sc_format sc_format_detect(const char *buf, size_t len)
{
	size_t i = 0, j;

	/*
	 * A BOM is skipped so that a JSON file saved with one still goes to
	 * the JSON reader, whose message about it is the helpful one.
	 */
	if (len >= 3 && (unsigned char)buf[0] == 0xef &&
	    (unsigned char)buf[1] == 0xbb && (unsigned char)buf[2] == 0xbf)
		i = 3;
	while (i < len && is_blank(buf[i]))
		i++;
	if (i == len)
		return SC_FMT_INI;
	if (buf[i] == '{')
		return SC_FMT_JSON;
	/*
	 * A JSON array is no profile either, but the JSON reader says so; the
	 * INI reader would talk about a section header.  "[" followed by a
	 * blank, a line end, '{', '[', ']' or '"' is never a valid INI section.
	 */
	if (buf[i] == '[') {
		if (i + 1 == len || is_blank(buf[i + 1]))
			return SC_FMT_JSON;
		for (j = i + 1; j < len && is_blank(buf[j]); j++)
			;
		if (j < len && strchr("{[]\"", buf[j]))
			return SC_FMT_JSON;
	}
	return SC_FMT_INI;
}

int sc_profile_parse(const char *file, const char *buf, size_t len,
		     enum sc_format fmt, struct sc_profile **ret,
		     const struct sc_diag *d, struct sc_error *err)
{
	if (fmt == SC_FMT_AUTO)
		fmt = sc_format_detect(buf, len);
	switch (fmt) {
	case SC_FMT_JSON:
		return sc_json_parse(file, buf, len, ret, d, err);
	case SC_FMT_INI:
		return sc_ini_parse(file, buf, len, ret, d, err);
	default:
		return sc_err(err, EINVAL, file, 0, 0,
			      "unknown profile format %d", (int)fmt);
	}
}

/* Fill err with "'path': strerror(code)" and return -code. */
static int file_err(struct sc_error *err, int code, const char *path,
		    const char *what)
{
	char sbuf[128];
	const char *s = strerror_r(code, sbuf, sizeof(sbuf));

	/* err->file already names the path; the message says what went wrong. */
	if (what)
		return sc_err(err, code, path, 0, 0, "%s: %s", what, s);
	return sc_err(err, code, path, 0, 0, "cannot read the profile: %s", s);
}

static int too_big(struct sc_error *err, const char *path, unsigned long long n,
		   bool at_least)
{
	return sc_err(err, EFBIG, path, 0, 0,
		      "file too large (%s%llu bytes, at most %u)",
		      at_least ? "more than " : "", n, SC_PROFILE_MAX_BYTES);
}

/*
 * Read fd to the end.  size_hint is the size fstat saw (0 if unknown); the
 * file may still grow or shrink while we read, so the loop decides.
 */
static int read_fd(int fd, const char *path, size_t size_hint, char **ret_buf,
		   size_t *ret_len, struct sc_error *err)
{
	/*
	 * Room for the size seen, the read that finds the end and the NUL:
	 * a file that did not change is read without growing the buffer.
	 */
	size_t cap = size_hint + 2, len = 0;
	char *buf, *nb;
	int r;

	if (cap < 4096)
		cap = 4096;
	buf = malloc(cap);
	if (!buf)
		return sc_err(err, ENOMEM, path, 0, 0, "out of memory");
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			/* One byte past the limit tells "too big" from "full". */
			size_t want = cap * 2;

			if (want > (size_t)SC_PROFILE_MAX_BYTES + 2)
				want = (size_t)SC_PROFILE_MAX_BYTES + 2;
			if (want <= cap) {
				r = too_big(err, path, SC_PROFILE_MAX_BYTES,
					    true);
				goto fail;
			}
			nb = realloc(buf, want);
			if (!nb) {
				r = sc_err(err, ENOMEM, path, 0, 0,
					   "out of memory");
				goto fail;
			}
			buf = nb;
			cap = want;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = file_err(err, errno, path, "read error");
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > SC_PROFILE_MAX_BYTES) {
			r = too_big(err, path, SC_PROFILE_MAX_BYTES, true);
			goto fail;
		}
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
fail:
	free(buf);
	return r;
}

int sc_read_file_stat(const char *path, char **ret_buf, size_t *ret_len,
		      struct stat *ret_st, struct sc_error *err)
{
	struct stat st;
	int fd, r;

	if (ret_st)
		memset(ret_st, 0, sizeof(*ret_st));
	if (strcmp(path, "-") == 0) {
		/* A pipe is the usual stdin; only its size is judged. */
		if (fstat(STDIN_FILENO, &st) < 0)
			return file_err(err, errno, "<stdin>", NULL);
		if (S_ISREG(st.st_mode) && st.st_size > SC_PROFILE_MAX_BYTES)
			return too_big(err, "<stdin>",
				       (unsigned long long)st.st_size, false);
		return read_fd(STDIN_FILENO, "<stdin>",
			       S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
			       ret_buf, ret_len, err);
	}

	/* O_NONBLOCK: opening a FIFO nobody writes to must not hang. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return file_err(err, errno, path, NULL);
	if (fstat(fd, &st) < 0) {
		r = file_err(err, errno, path, NULL);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = file_err(err, EISDIR, path, NULL);
		goto out;
	}
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		/*
		 * A stream, as "-" is (/dev/stdin, a named pipe): read it as
		 * "-" is read, waiting for its writer.  The open could not wait
		 * (O_NONBLOCK); a FIFO opened so reads as at its end until a
		 * writer comes, so wait for one first.
		 */
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int fl;

		while (S_ISFIFO(st.st_mode) && poll(&pfd, 1, -1) < 0) {
			if (errno != EINTR) {
				r = file_err(err, errno, path, NULL);
				goto out;
			}
		}
		fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
			r = file_err(err, errno, path, NULL);
			goto out;
		}
		r = read_fd(fd, path, 0, ret_buf, ret_len, err);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = sc_err(err, EINVAL, path, 0, 0,
			   "not a regular file, pipe or character device; give the path of a profile");
		goto out;
	}
	if (st.st_size > SC_PROFILE_MAX_BYTES) {
		r = too_big(err, path, (unsigned long long)st.st_size, false);
		goto out;
	}
	r = read_fd(fd, path, (size_t)st.st_size, ret_buf, ret_len, err);
	if (r == 0 && ret_st)
		*ret_st = st;
out:
	close(fd);
	return r;
}

int sc_read_file(const char *path, char **ret_buf, size_t *ret_len,
		 struct sc_error *err)
{
	return sc_read_file_stat(path, ret_buf, ret_len, NULL, err);
}

int sc_profile_load(const char *path, enum sc_format fmt,
		    struct sc_profile **ret, const struct sc_diag *d,
		    struct sc_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int r;

	r = sc_read_file(path, &buf, &len, err);
	if (r < 0)
		return r;
	r = sc_profile_parse(strcmp(path, "-") == 0 ? "<stdin>" : path, buf,
			     len, fmt, ret, d, err);
	free(buf);
	return r;
}
