/* SPDX-License-Identifier: Apache-2.0 */
/* Writing and checking compiled-filter files (format in compiled.h). */
#include "compiled.h"

#include <errno.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(struct sock_filter) == 8, "8 bytes an instruction");

enum {
	OFF_VERSION = 8, OFF_HDRSIZE = 12, OFF_ARCH = 16, OFF_FLAGS = 20,
	OFF_OPTS = 24, OFF_COUNT = 28, OFF_CAPS = 32, OFF_PDIGEST = 40,
	OFF_KEY = 72, OFF_BDIGEST = 104, OFF_KERNEL = 136, OFF_SECCAP = 201,
	OFF_LIBSECCOMP = 217, OFF_END = 233,
};

#define KNOWN_OPTS (SC_COMPILED_OPT_LOG | SC_COMPILED_OPT_NO_ENOSYS)

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool sc_compiled_is(const void *buf, size_t len)
{
	return len >= SC_COMPILED_MAGIC_LEN &&
	       memcmp(buf, SC_COMPILED_MAGIC, SC_COMPILED_MAGIC_LEN) == 0;
}

/* Decimal v at p, at most end - p bytes; returns the new end. */
static char *put_uint(char *p, char *end, unsigned v)
{
	char d[10];
	int i = 0;

	do
		d[i++] = (char)('0' + v % 10);
	while ((v /= 10) && i < 10);
	while (i > 0 && p < end)
		*p++ = d[--i];
	return p;
}

/*
 * "major.minor.micro", truncated to n - 1 bytes as snprintf would; by hand
 * because it keys every cache lookup, and the preload's warm start need not
 * pay the page faults of the first printf of the process.
 */
void sc_libseccomp_version(char *buf, size_t n)
{
	const struct scmp_version *v = seccomp_version();
	char *p = buf, *end = buf + n - 1;

	if (!n)
		return;
	if (!v) {
		snprintf(buf, n, "unknown");
		return;
	}
	p = put_uint(p, end, v->major);
	if (p < end)
		*p++ = '.';
	p = put_uint(p, end, v->minor);
	if (p < end)
		*p++ = '.';
	p = put_uint(p, end, v->micro);
	*p = '\0';
}

int sc_compiled_write(const struct sc_compiled_info *info,
		      const struct sc_bpf *b, struct sc_buf *out,
		      struct sc_error *err)
{
	uint8_t h[SC_COMPILED_HDR] = { 0 };
	size_t plen;

	if (!b || !b->insns || !b->len || b->len > SC_COMPILED_MAX_INSNS)
		return sc_err(err, EINVAL, NULL, 0, 0,
			      "internal error: no program to write");
	plen = b->len * sizeof(struct sock_filter);
	memcpy(h, SC_COMPILED_MAGIC, SC_COMPILED_MAGIC_LEN);
	put32(h + OFF_VERSION, SC_COMPILED_VERSION);
	put32(h + OFF_HDRSIZE, SC_COMPILED_HDR);
	put32(h + OFF_ARCH, info->arch);
	put32(h + OFF_FLAGS, b->flags);
	put32(h + OFF_OPTS, info->opts);
	put32(h + OFF_COUNT, (uint32_t)b->len);
	for (int i = 0; i < 8; i++)
		h[OFF_CAPS + i] = (uint8_t)(info->caps >> (8 * i));
	memcpy(h + OFF_PDIGEST, info->profile_digest, SC_SHA256_LEN);
	memcpy(h + OFF_KEY, info->key, SC_SHA256_LEN);
	sc_sha256(b->insns, plen, h + OFF_BDIGEST);
	memcpy(h + OFF_KERNEL, info->kernel, strnlen(info->kernel, 64));
	memcpy(h + OFF_SECCAP, SECCAP_VERSION, strnlen(SECCAP_VERSION, 15));
	sc_libseccomp_version((char *)h + OFF_LIBSECCOMP, 16);
	sc_buf_put(out, (const char *)h, sizeof(h));
	sc_buf_put(out, (const char *)b->insns, plen);
	if (out->oom)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	return 0;
}

/* A NUL-padded text field: printable, NUL-terminated inside its width. */
static bool text_ok(const uint8_t *p, size_t width)
{
	size_t i = 0;

	for (; i < width && p[i]; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return false;
	if (i == width)
		return false;
	for (; i < width; i++)
		if (p[i])
			return false;
	return true;
}

/* Check the header and program of len bytes at h; *count: instructions. */
static int check(const uint8_t *h, size_t len, const char *file,
		 uint32_t *count, struct sc_error *err)
{
	uint8_t digest[SC_SHA256_LEN];
	uint32_t n;

	if (!sc_compiled_is(h, len))
		return sc_err(err, EINVAL, file, 0, 0,
			      "not a compiled seccap filter (no magic)");
	if (len < SC_COMPILED_HDR)
		return sc_err(err, EINVAL, file, 0, 0,
			      "compiled filter is truncated (%zu bytes); "
			      "write it again with seccap show --format compiled",
			      len);
	if (get32(h + OFF_VERSION) != SC_COMPILED_VERSION ||
	    get32(h + OFF_HDRSIZE) != SC_COMPILED_HDR)
		return sc_err(err, EINVAL, file, 0, 0,
			      "compiled filter format %u is not the one this "
			      "seccap reads (%u); compile it again with this seccap",
			      get32(h + OFF_VERSION), SC_COMPILED_VERSION);
	n = get32(h + OFF_COUNT);
	if (!n || n > SC_COMPILED_MAX_INSNS ||
	    len != SC_COMPILED_HDR + (size_t)n * sizeof(struct sock_filter))
		return sc_err(err, EINVAL, file, 0, 0,
			      "compiled filter is damaged: %zu bytes for %u "
			      "instructions; compile it again", len, n);
	if ((get32(h + OFF_OPTS) & ~KNOWN_OPTS) ||
	    !text_ok(h + OFF_KERNEL, 65) || !text_ok(h + OFF_SECCAP, 16) ||
	    !text_ok(h + OFF_LIBSECCOMP, 16))
		return sc_err(err, EINVAL, file, 0, 0,
			      "compiled filter has a damaged header; compile it again");
	for (size_t i = OFF_END; i < SC_COMPILED_HDR; i++)
		if (h[i])
			return sc_err(err, EINVAL, file, 0, 0,
				      "compiled filter has a damaged header; compile it again");
	sc_sha256(h + SC_COMPILED_HDR, (size_t)n * sizeof(struct sock_filter),
		  digest);
	if (memcmp(digest, h + OFF_BDIGEST, SC_SHA256_LEN) != 0)
		return sc_err(err, EINVAL, file, 0, 0,
			      "compiled filter is damaged: the program does not "
			      "match its digest; compile it again");
	*count = n;
	return 0;
}

static void decode_info(const uint8_t *h, struct sc_compiled_info *info)
{
	memset(info, 0, sizeof(*info));
	info->arch = get32(h + OFF_ARCH);
	info->opts = get32(h + OFF_OPTS);
	for (int i = 0; i < 8; i++)
		info->caps |= (uint64_t)h[OFF_CAPS + i] << (8 * i);
	memcpy(info->profile_digest, h + OFF_PDIGEST, SC_SHA256_LEN);
	memcpy(info->key, h + OFF_KEY, SC_SHA256_LEN);
	memcpy(info->kernel, h + OFF_KERNEL, 65);
	memcpy(info->seccap_version, h + OFF_SECCAP, 16);
	memcpy(info->libseccomp_version, h + OFF_LIBSECCOMP, 16);
}

/* The sc_bpf of a checked file, its program at insns (adopted). */
static int make_bpf(const uint8_t *h, uint32_t count, void *insns,
		    struct sc_bpf **ret, struct sc_error *err)
{
	struct sc_bpf *b = calloc(1, sizeof(*b));

	if (!b) {
		/* -ENOMEM spelled out: callers free insns on r < 0 only. */
		sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
		return -ENOMEM;
	}
	b->insns = insns;
	b->len = count;
	b->flags = get32(h + OFF_FLAGS);
	*ret = b;
	return 0;
}

int sc_compiled_parse(const void *buf, size_t len, const char *file,
		      struct sc_compiled_info *info, struct sc_bpf **ret,
		      struct sc_error *err)
{
	const uint8_t *h = buf;
	uint32_t count;
	void *insns;
	size_t plen;
	int r;

	r = check(h, len, file, &count, err);
	if (r < 0)
		return r;
	plen = (size_t)count * sizeof(struct sock_filter);
	insns = malloc(plen);
	if (!insns)
		return sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	memcpy(insns, h + SC_COMPILED_HDR, plen);
	r = make_bpf(h, count, insns, ret, err);
	if (r < 0) {
		free(insns);
		return r;
	}
	if (info)
		decode_info(h, info);
	return 0;
}

int sc_compiled_parse_owned(void *buf, size_t len, const char *file,
			    struct sc_compiled_info *info,
			    struct sc_bpf **ret, struct sc_error *err)
{
	uint8_t *h = buf;
	uint32_t count;
	int r;

	r = check(h, len, file, &count, err);
	if (r < 0)
		return r;
	if (info)
		decode_info(h, info);
	r = make_bpf(h, count, buf, ret, err);
	if (r < 0)
		return r;
	/* The header is decoded: the program slides over it, in pages
	 * already touched, instead of into a second buffer. */
	memmove(h, h + SC_COMPILED_HDR,
		(size_t)count * sizeof(struct sock_filter));
	return 0;
}
