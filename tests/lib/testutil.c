/* SPDX-License-Identifier: Apache-2.0 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_root(void)
{
	static char cwd[PATH_MAX];
	const char *r = getenv("SECCAP_ROOT");

	if (r && *r)
		return r;
	if (!getcwd(cwd, sizeof(cwd)))
		return ".";
	return cwd;
}

const char *tu_shared_dir(void)
{
	static char buf[PATH_MAX];
	const char *s = getenv("SECCAP_SHARED");
	struct stat st;

	if (!s || !*s) {
		int n = snprintf(buf, sizeof(buf), "%s/../shared", tu_root());

		if (n < 0 || (size_t)n >= sizeof(buf))
			return NULL;
		s = buf;
	}
	if (stat(s, &st) < 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return s;
}

const char *tu_path(const char *dir, const char *rel)
{
	static char bufs[8][PATH_MAX];
	static unsigned next;
	char *b = bufs[next++ % 8];
	int n = snprintf(b, PATH_MAX, "%s/%s", dir, rel);

	/* A test path never comes near PATH_MAX; fail loudly if one does. */
	if (n < 0 || n >= PATH_MAX)
		abort();
	return b;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void tu_walk(const char *dir, bool deep,
	     void (*fn)(const char *path, void *ud), void *ud)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = strdup(e->d_name);
		if (!names[n++])
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char own[PATH_MAX];
		struct stat st;
		int len = snprintf(own, sizeof(own), "%s/%s", dir, names[i]);

		if (len < 0 || len >= (int)sizeof(own))
			abort();
		if (stat(own, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (deep)
				tu_walk(own, deep, fn, ud);
		} else if (stat(own, &st) == 0 && S_ISREG(st.st_mode)) {
			fn(own, ud);
		}
		free(names[i]);
	}
	free(names);
}

int tu_run_child(int (*fn)(void *arg), void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	/* exit_group directly: ASan intercepts _exit to run its leak check, and
	 * that check cannot work under the filter the child just loaded. */
	if (pid == 0) {
		syscall(SYS_exit_group, fn(arg));
		abort(); /* only if the filter denied exit_group */
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

bool tu_exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

bool tu_killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (cap - n < 4096) {
			char *p = realloc(buf, cap + 65536);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap += 65536;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static void append(char **s, size_t *n, const char *b, size_t k)
{
	char *p = realloc(*s, *n + k + 1);

	if (!p)
		abort();
	memcpy(p + *n, b, k);
	*n += k;
	p[*n] = '\0';
	*s = p;
}

int tu_run_cmd(char *const argv[], char *const envp[], char **out, char **err)
{
	int po[2], pe[2], status = -1;
	size_t no = 0, ne = 0;
	char *so = calloc(1, 1), *se = calloc(1, 1);
	struct pollfd fds[2];
	pid_t pid;

	if (!so || !se || pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0)
		abort();
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		if (envp)
			execve(argv[0], argv, envp);
		else
			execv(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	fds[0] = (struct pollfd){ .fd = po[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		char b[4096];

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			ssize_t r;

			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			r = read(fds[i].fd, b, sizeof(b));
			if (r <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				continue;
			}
			if (i == 0)
				append(&so, &no, b, (size_t)r);
			else
				append(&se, &ne, b, (size_t)r);
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (out)
		*out = so;
	else
		free(so);
	if (err)
		*err = se;
	else
		free(se);
	return status;
}
