/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The filter cache, and who it may be trusted by.  An entry is used only when
 * everyone who can write it could already change the profile it stands for
 * (or the library): the rule is step_ok, applied to every directory from "/"
 * down and to the file, on the descriptors actually used (walked with
 * O_NOFOLLOW, each relative to the last, checked with fstat: no
 * check-then-open race).  Then the header must name the very key asked for
 * and a program that matches its digest.
 */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

#define CACHE_TAG "seccap-cache-1"

static void put_u64(struct sc_sha256 *s, uint64_t v)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	sc_sha256_update(s, b, sizeof(b));
}

static void put_str(struct sc_sha256 *s, const char *v)
{
	sc_sha256_update(s, v, strlen(v) + 1);
}

void sc_cache_key(const struct sc_cache_req *r, uint8_t key[SC_SHA256_LEN])
{
	struct sc_sha256 s;
	char lib[32];

	sc_libseccomp_version(lib, sizeof(lib));
	sc_sha256_init(&s);
	put_str(&s, CACHE_TAG);
	sc_sha256_update(&s, r->profile_digest, SC_SHA256_LEN);
	put_u64(&s, r->caps);
	put_u64(&s, r->arch);
	put_str(&s, r->kernel ? r->kernel : "");
	put_str(&s, SECCAP_VERSION);
	put_str(&s, lib);
	/*
	 * The compiler itself (a hash of conf/'s sources, the C compiler and
	 * its flags, made by the Makefile): a rebuilt seccap with other code
	 * but the same version number (a patched package, a developer's tree)
	 * must not load programs an earlier build compiled, while the seccap
	 * binary and libcapfilter.so built from the same tree share entries,
	 * so `seccap cache add` fills the preload's.
	 */
	put_str(&s, SC_COMPILER_ID);
	put_u64(&s, (uint64_t)r->log_mode | (uint64_t)r->tsync << 1 |
			    (uint64_t)r->no_enosys << 2);
	sc_sha256_final(&s, key);
}

void sc_cache_info(const struct sc_cache_req *r,
		   const uint8_t key[SC_SHA256_LEN],
		   struct sc_compiled_info *info)
{
	memset(info, 0, sizeof(*info));
	info->arch = r->arch;
	info->opts = (r->log_mode ? SC_COMPILED_OPT_LOG : 0) |
		     (r->no_enosys ? SC_COMPILED_OPT_NO_ENOSYS : 0);
	info->caps = r->caps;
	memcpy(info->profile_digest, r->profile_digest, SC_SHA256_LEN);
	memcpy(info->key, key, SC_SHA256_LEN);
	/* memset above: the copy stays NUL-terminated (and no printf). */
	if (r->kernel)
		memcpy(info->kernel, r->kernel,
		       strnlen(r->kernel, sizeof(info->kernel) - 1));
}

bool sc_cache_enabled(void)
{
	const char *v = secure_getenv("SECCAP_CACHE");

	/* A secure-exec process (setuid, file capabilities) must not read
	 * files its caller's environment chose: no cache at all. */
	if (getauxval(AT_SECURE))
		return false;
	return !(v && strcmp(v, "0") == 0);
}

/*
 * The trust rule.  An entry decides what a later process loads, so it may
 * be used only if whoever can write it could already change the profile it
 * was compiled from, or the library that loads it: root always, and besides
 * root at most one user, the one who controls the profile (see
 * sc_cache_profile_writer).  Every step of a path -- each directory from "/"
 * down, and the file -- must be owned by root or that user and writable by
 * no one else: no group or other write bit (an ACL granting write to anyone
 * else shows in the group bits), except on a sticky directory such as /tmp,
 * where others may add names but only an entry's owner, or the directory's
 * owner, can rename or remove it, and those owners are checked at the next
 * step.  w->uid SC_UID_UNSET: learn it from the first owner that is not
 * root; SC_UID_LAZY: ask the profile then (a path that is root's all the way,
 * as root's own cache is, never costs the walk of the profile's path).
 */
struct walk_pos;
static uid_t profile_writer(const char *path, const struct stat *st,
			    const struct walk_pos *here);

/* here: the directory being judged, when a walk is at one (else NULL). */
static bool step_ok(const struct stat *st, struct sc_cache_writer *w,
		    const struct walk_pos *here)
{
	if (st->st_uid != 0) {
		if (w->uid == SC_UID_LAZY)
			w->uid = w->profile ?
				 profile_writer(w->profile, w->st, here) : 0;
		if (w->uid == SC_UID_UNSET)
			w->uid = st->st_uid;
		else if (st->st_uid != w->uid)
			return false;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX);
	return true;
}

/*
 * A path to walk without copying it into a buffer of PATH_MAX bytes (the
 * preload pays a page fault for every fresh page of stack): the pieces
 * s[0..n) of part[0], then of part[1], read as if joined by '/'.
 */
struct path_parts {
	const char *s[2];
	size_t n[2];
};

/* The next component: its start and length; 0 at the end. */
static size_t next_name(struct path_parts *pp, int *at, size_t *pos,
			const char **name)
{
	for (; *at < 2; (*at)++, *pos = 0) {
		const char *s = pp->s[*at];
		size_t n = pp->n[*at], i = *pos, start;

		while (i < n && s[i] == '/')
			i++;
		start = i;
		while (i < n && s[i] != '/')
			i++;
		*pos = i;
		if (i > start) {
			*name = s + start;
			return i - start;
		}
	}
	return 0;
}

/*
 * Where a walk is: fd, the directory reached by the first depth components
 * of pp; (at, pos) is the rest.  A walk of the profile's path that starts
 * with the same components goes on from fd instead of from "/" again: the
 * directories above were root's and passed the rule (the first other owner
 * is what asks for the profile's writer), and pass it alike for any writer.
 */
struct walk_pos {
	int fd;
	const struct path_parts *pp;
	int at, depth;
	size_t pos;
	const struct stat *st; /* of fd */
};

static bool is_dot_or_dotdot(const char *c, size_t len)
{
	return (len == 1 && c[0] == '.') ||
	       (len == 2 && c[0] == '.' && c[1] == '.');
}

/*
 * walk_dir from fd, the directory reached by the first i of the n
 * components of pp; (at, pos) is where the rest begins.  fd is the walk's
 * to close unless it is keep (another walk's, whose fstat is known).
 */
static int walk_on(int fd, int keep, const struct stat *known,
		   struct path_parts pp, int at, size_t pos, int i, int n,
		   int create, mode_t mode, struct sc_cache_writer *w)
{
	char name[NAME_MAX + 1];
	const char *c;
	size_t len;
	int nfd, r;
	struct stat st;

	for (;;) {
		struct walk_pos here = { fd, &pp, at, i, pos, &st };

		if (fd == keep && known) {
			st = *known;
		} else if (fstat(fd, &st) < 0) {
			r = -errno;
			goto fail;
		}
		if (!S_ISDIR(st.st_mode) || !step_ok(&st, w, &here)) {
			r = -EPERM;
			goto fail;
		}
		len = next_name(&pp, &at, &pos, &c);
		if (!len)
			return fd;
		if (is_dot_or_dotdot(c, len)) {
			r = -EAGAIN;
			goto fail;
		}
		if (len > NAME_MAX) {
			r = -ENAMETOOLONG;
			goto fail;
		}
		memcpy(name, c, len);
		name[len] = '\0';
		nfd = openat(fd, name,
			     O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0 && errno == ENOENT && i >= n - create) {
			/* mkdir that is fine with a racing one (checked next). */
			if (mkdirat(fd, name, mode) < 0 && errno != EEXIST) {
				r = -errno;
				goto fail;
			}
			nfd = openat(fd, name, O_PATH | O_DIRECTORY |
						       O_NOFOLLOW | O_CLOEXEC);
		}
		if (nfd < 0) {
			/* A link (or a file, which realpath will tell). */
			r = errno == ENOTDIR || errno == ELOOP ? -EAGAIN : -errno;
			goto fail;
		}
		if (fd != keep)
			close(fd);
		fd = nfd;
		i++;
	}
fail:
	if (fd != keep)
		close(fd);
	return r;
}

static bool path_ok(const struct path_parts *pp)
{
	return pp->s[0][0] == '/' &&
	       pp->n[0] + (pp->n[1] ? 1 + pp->n[1] : 0) < PATH_MAX;
}

static int count_names(struct path_parts pp)
{
	const char *c;
	size_t pos = 0;
	int at = 0, n = 0;

	while (next_name(&pp, &at, &pos, &c))
		n++;
	return n;
}

/*
 * Open the directory at the absolute path pp one component at a time, each
 * relative to the one before and without following links, so what was
 * checked is what is used and a rename half-way cannot redirect us.  The
 * last `create` components are made (mode) when missing.  Returns an O_PATH
 * descriptor, or -errno: -EPERM when a step fails the rule, -EAGAIN at a
 * link, "." or ".." (walk it again canonicalized).
 */
static int walk_dir(struct path_parts pp, int create, mode_t mode,
		    struct sc_cache_writer *w)
{
	int fd;

	if (!path_ok(&pp))
		return -EINVAL;
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return walk_on(fd, -1, NULL, pp, 0, 0, 0, count_names(pp), create, mode,
		       w);
}

/*
 * walk_dir of pp (nothing made), from here when pp begins with the
 * components that led there.  The descriptor returned may be here->fd
 * itself: the caller closes it only if it is not.
 */
static int walk_dir_from(struct path_parts pp, const struct walk_pos *here,
			 struct sc_cache_writer *w)
{
	struct path_parts hp;
	const char *a, *b;
	size_t apos = 0, bpos = 0, alen;
	int aat = 0, bat = 0, fd;

	if (!here || !path_ok(&pp))
		return walk_dir(pp, 0, 0, w);
	hp = *here->pp;
	for (int k = 0; k < here->depth; k++) {
		alen = next_name(&hp, &aat, &apos, &a);
		if (!alen || next_name(&pp, &bat, &bpos, &b) != alen ||
		    memcmp(a, b, alen) != 0)
			return walk_dir(pp, 0, 0, w);
	}
	fd = here->fd;
	return walk_on(fd, fd, here->st, pp, bat, bpos, here->depth,
		       count_names(pp), 0, 0, w);
}

/*
 * walk_dir of base[0..blen)/tail[0..tlen) (tail's components made when
 * missing): as given first, which is all it takes unless base holds a link;
 * then of realpath(base)/tail, judged afresh.
 */
static int open_under(const char *base, size_t blen, const char *tail,
		      size_t tlen, int create, mode_t mode,
		      struct sc_cache_writer *w)
{
	struct path_parts pp = { { base, tail }, { blen, tlen } };
	uid_t uid = w->uid;
	char *cut = NULL, *canon;
	int r;

	if (blen + 1 + tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	r = walk_dir(pp, create, mode, w);
	if (r != -EAGAIN)
		return r;
	w->uid = uid;
	/* base may be the head of a longer string: realpath wants it alone. */
	if (base[blen]) {
		cut = strndup(base, blen);
		if (!cut)
			return -ENOMEM;
	}
	canon = realpath(cut ? cut : base, NULL);
	free(cut);
	if (!canon)
		return -errno;
	/* "/" and tail make "/tail", as any other directory and tail do. */
	pp.s[0] = canon;
	pp.n[0] = strcmp(canon, "/") == 0 ? 0 : strlen(canon);
	r = pp.n[0] + 1 + tlen >= PATH_MAX ? -ENAMETOOLONG :
					     walk_dir(pp, create, mode, w);
	free(canon);
	return r == -EAGAIN ? -ELOOP : r;
}

/*
 * 1: the file at path (absolute, no "." or "..") is st's and passes the
 * rule, learning w->uid; 0: it does not; -EAGAIN: a link on the way.
 */
static int judge_file(const char *path, const struct stat *st,
		      struct sc_cache_writer *w, const struct walk_pos *here)
{
	const char *slash = strrchr(path, '/');
	struct path_parts pp = { { path, "" }, { (size_t)(slash - path), 0 } };
	struct stat fst;
	int dfd, r;

	dfd = walk_dir_from(pp, here, w);
	if (dfd < 0)
		return dfd == -EAGAIN ? dfd : 0;
	/* The name itself, a link not followed: lstat, in the walked dfd. */
	r = fstatat(dfd, slash + 1, &fst, AT_SYMLINK_NOFOLLOW);
	if (!here || dfd != here->fd)
		close(dfd);
	if (r < 0)
		return 0;
	if (S_ISLNK(fst.st_mode))
		return -EAGAIN;
	/* The very file that was read, still there: otherwise judge nothing. */
	return S_ISREG(fst.st_mode) && fst.st_dev == st->st_dev &&
	       fst.st_ino == st->st_ino && step_ok(&fst, w, NULL);
}

static uid_t profile_writer(const char *path, const struct stat *st,
			    const struct walk_pos *here)
{
	struct sc_cache_writer w = { .uid = SC_UID_UNSET };
	char *canon;
	int r = -EAGAIN;

	if (!path || !S_ISREG(st->st_mode))
		return 0;
	if (path[0] == '/' && strlen(path) < PATH_MAX)
		r = judge_file(path, st, &w, here);
	if (r == -EAGAIN) {
		/* A relative path, or a link on the way: judge where it leads. */
		w.uid = SC_UID_UNSET;
		canon = realpath(path, NULL);
		r = canon ? judge_file(canon, st, &w, here) : 0;
		free(canon);
	}
	return r == 1 && w.uid != SC_UID_UNSET ? w.uid : 0;
}

uid_t sc_cache_profile_writer(const char *path, const struct stat *st)
{
	return profile_writer(path, st, NULL);
}

int sc_cache_open_dir(struct sc_cache_writer *w)
{
	const char *xdg = secure_getenv("XDG_CACHE_HOME");
	const char *home = secure_getenv("HOME");

	if (xdg && xdg[0] == '/')
		return open_under(xdg, strlen(xdg), "seccap", 6, 1, 0700, w);
	if (geteuid() == 0)
		return sc_cache_open_system_dir(true);
	if (home && home[0] == '/')
		return open_under(home, strlen(home), ".cache/seccap", 13, 2,
				  0700, w);
	return -ENOENT;
}

const char *sc_cache_system_dir(void)
{
	const char *dir = secure_getenv("SECCAP_SYSTEM_CACHE");

	return dir && dir[0] == '/' ? dir : SC_SYSTEM_CACHE_DIR;
}

int sc_cache_open_system_dir(bool create)
{
	struct sc_cache_writer root = { .uid = 0 };
	const char *dir = sc_cache_system_dir();
	/* At most PATH_MAX - 1 bytes of it, as ever. */
	size_t n = strnlen(dir, PATH_MAX - 1), slash = n;

	while (slash > 0 && dir[slash - 1] != '/')
		slash--;
	if (slash <= 1 || slash == n)
		return -EINVAL;
	return open_under(dir, slash - 1, dir + slash, n - slash,
			  create ? 1 : 0, 0755, &root);
}

static int read_exact(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n) {
		ssize_t got = read(fd, p, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -EIO;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

int sc_cache_lookup(int dirfd, const uint8_t key[SC_SHA256_LEN],
		    uint32_t arch, struct sc_cache_writer *w, struct sc_bpf **ret)
{
	struct sc_compiled_info info;
	struct sc_bpf *b = NULL;
	struct sc_error e = { 0 };
	struct stat st;
	char name[65];
	void *buf = NULL;
	int fd, r = 0;

	sc_sha256_hex(key, name);
	fd = openat(dirfd, name,
		    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return 0;
	/*
	 * Checked on the descriptor read from.  We only ever rename a fresh
	 * file into place, so a second name means someone else's doing.
	 */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    !step_ok(&st, w, NULL) || st.st_size < SC_COMPILED_HDR ||
	    st.st_size > SC_COMPILED_HDR +
				 SC_COMPILED_MAX_INSNS *
					 (off_t)sizeof(struct sock_filter))
		goto out;
	buf = malloc((size_t)st.st_size);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	if (read_exact(fd, buf, (size_t)st.st_size) < 0)
		goto out;
	r = sc_compiled_parse_owned(buf, (size_t)st.st_size, NULL, &info, &b,
				    &e);
	if (r < 0) {
		r = r == -ENOMEM ? r : 0;
		goto out;
	}
	buf = NULL; /* b's program now */
	if (memcmp(info.key, key, SC_SHA256_LEN) != 0 || info.arch != arch) {
		sc_bpf_free(b);
		goto out;
	}
	*ret = b;
	r = 1;
out:
	free(buf);
	close(fd);
	return r;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int sc_cache_store(int dirfd, const struct sc_compiled_info *info,
		   const struct sc_bpf *b, mode_t mode)
{
	struct sc_buf out = { 0 };
	struct timespec ts;
	char name[65], tmp[128];
	int fd, r;

	r = sc_compiled_write(info, b, &out, NULL);
	if (r < 0)
		goto out;
	sc_sha256_hex(info->key, name);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(tmp, sizeof(tmp), ".tmp-%d-%lx-%.16s", (int)getpid(),
		 (unsigned long)ts.tv_nsec, name);
	fd = openat(dirfd, tmp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		r = -errno;
		goto out;
	}
	/* The exact mode, whatever the umask: readers judge it. */
	r = fchmod(fd, mode) < 0 ? -errno : 0;
	if (r == 0)
		r = write_all(fd, out.p, out.len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
out:
	sc_buf_free(&out);
	return r;
}
