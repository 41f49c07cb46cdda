/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The filter cache.  What is read is never trusted: the directory and the
 * file are checked with fstat on the descriptors we use (no check-then-open
 * race), the file is opened without following links, and the header must
 * name the very key asked for and a program that matches its digest.
 */
#include "cache.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
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

struct build_id {
	uintptr_t addr;        /* an address inside our own code */
	const uint8_t *id;
	size_t len;
};

static int find_build_id(struct dl_phdr_info *info, size_t size, void *ud)
{
	struct build_id *b = ud;
	bool ours = false;

	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && b->addr >= start &&
		    b->addr < start + ph->p_memsz)
			ours = true;
	}
	if (!ours)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const uint8_t *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const void *)p;
			size_t name = (n->n_namesz + 3) & ~(size_t)3;
			size_t desc = (n->n_descsz + 3) & ~(size_t)3;
			const uint8_t *d = p + sizeof(*n) + name;

			if (d + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    memcmp(p + sizeof(*n), "GNU", 4) == 0) {
				b->id = d;
				b->len = n->n_descsz;
				return 1;
			}
			p = d + desc;
		}
	}
	return 1;
}

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
	 * The build of the compiler itself: a rebuilt seccap with the same
	 * version number (a patched package, a developer's tree) must not
	 * load programs an earlier build compiled.
	 */
	{
		struct build_id b = { .addr = (uintptr_t)&sc_cache_key };

		dl_iterate_phdr(find_build_id, &b);
		put_u64(&s, b.len);
		if (b.id)
			sc_sha256_update(&s, b.id, b.len);
	}
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
	snprintf(info->kernel, sizeof(info->kernel), "%s",
		 r->kernel ? r->kernel : "");
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

/* fd is a directory owned by the effective user, writable only by it. */
static int check_dir(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	return 0;
}

/* mkdir that is fine with an existing entry (checked when opened). */
static int make_dir(const char *path)
{
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int sc_cache_open_dir(void)
{
	const char *xdg = secure_getenv("XDG_CACHE_HOME");
	const char *home = secure_getenv("HOME");
	char path[4096];
	int fd, r;

	if (xdg && xdg[0] == '/') {
		if ((size_t)snprintf(path, sizeof(path), "%s/seccap", xdg) >=
		    sizeof(path))
			return -ENAMETOOLONG;
	} else if (geteuid() == 0) {
		snprintf(path, sizeof(path), "/var/cache/seccap");
	} else if (home && home[0] == '/') {
		if ((size_t)snprintf(path, sizeof(path), "%s/.cache", home) >=
		    sizeof(path) - 8)
			return -ENAMETOOLONG;
		r = make_dir(path);
		if (r < 0)
			return r;
		strcat(path, "/seccap");
	} else {
		return -ENOENT;
	}
	r = make_dir(path);
	if (r < 0)
		return r;
	/* O_NOFOLLOW: the last component must be the directory itself. */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = check_dir(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
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
		    uint32_t arch, struct sc_bpf **ret)
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
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) ||
	    st.st_size < SC_COMPILED_HDR ||
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
	r = sc_compiled_parse(buf, (size_t)st.st_size, NULL, &info, &b, &e);
	if (r < 0) {
		r = r == -ENOMEM ? r : 0;
		goto out;
	}
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
		   const struct sc_bpf *b)
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
