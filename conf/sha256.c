/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 as FIPS 180-4 specifies it; checked against its test vectors. */
#include "sha256.h"

#include <stdbool.h>
#include <string.h>

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void compress(uint32_t h[8], const uint8_t p[64])
{
	uint32_t w[64], a, b, c, d, e, f, g, k;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
			      (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
			      (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0], b = h[1], c = h[2], d = h[3];
	e = h[4], f = h[5], g = h[6], k = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) +
			      ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) +
			      ((a & b) ^ (a & c) ^ (b & c));

		k = g, g = f, f = e, e = d + t1;
		d = c, c = b, b = a, a = t1 + t2;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
	h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

/*
 * The SHA extensions of x86 (SHA-NI) do two rounds per instruction: the
 * digests of a profile and of a cache entry are most of what a warm start
 * computes, and this makes them about five times cheaper.  Chosen at run
 * time from CPUID; the portable code above stays the reference.
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>

#define SHA_NI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds from the message words in msg (already in host order). */
#define FOUR_ROUNDS(msg, k)                                               \
	do {                                                              \
		__m128i t_ = _mm_add_epi32((msg), (k));                   \
		cdgh = _mm_sha256rnds2_epu32(cdgh, abef, t_);             \
		t_ = _mm_shuffle_epi32(t_, 0x0e);                         \
		abef = _mm_sha256rnds2_epu32(abef, cdgh, t_);             \
	} while (0)

SHA_NI_TARGET static void compress_ni(uint32_t h[8], const uint8_t *p,
				      size_t blocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
					     0x0405060700010203LL);
	__m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
	__m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
	__m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
	__m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
	/* The instructions want the state as ABEF and CDGH. */
	__m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
	__m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);

	for (; blocks; blocks--, p += 64) {
		__m128i save_abef = abef, save_cdgh = cdgh, m[4];

		for (int g = 0; g < 4; g++) {
			m[g] = _mm_shuffle_epi8(
				_mm_loadu_si128((const __m128i *)(p + 16 * g)),
				bswap);
			FOUR_ROUNDS(m[g], _mm_loadu_si128(
						  (const __m128i *)&K[4 * g]));
		}
		/* W[t..t+3] from the four groups before, kept in a ring. */
		for (int g = 4; g < 16; g++) {
			__m128i w16 = m[g & 3], w12 = m[(g + 1) & 3];
			__m128i w8 = m[(g + 2) & 3], w4 = m[(g + 3) & 3];
			__m128i x = _mm_add_epi32(_mm_sha256msg1_epu32(w16, w12),
						  _mm_alignr_epi8(w4, w8, 4));

			m[g & 3] = _mm_sha256msg2_epu32(x, w4);
			FOUR_ROUNDS(m[g & 3], _mm_loadu_si128(
						      (const __m128i *)&K[4 * g]));
		}
		abef = _mm_add_epi32(abef, save_abef);
		cdgh = _mm_add_epi32(cdgh, save_cdgh);
	}
	{
		__m128i feba = _mm_shuffle_epi32(abef, 0x1b);
		__m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);

		_mm_storeu_si128((__m128i *)&h[0],
				 _mm_blend_epi16(feba, dchg, 0xf0));
		_mm_storeu_si128((__m128i *)&h[4],
				 _mm_alignr_epi8(dchg, feba, 8));
	}
}

/*
 * glibc (2.33 and later) has read CPUID already and says what is usable;
 * a CPUID of our own traps to the hypervisor in a VM, microseconds each.
 */
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>

static bool cpu_has_sha_ni(void)
{
	return CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) &&
	       CPU_FEATURE_ACTIVE(SSE4_1);
}
#else
static bool cpu_has_sha_ni(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) ||
	    !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return false;
	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif
#else
static void compress_ni(uint32_t h[8], const uint8_t *p, size_t blocks)
{
	(void)h, (void)p, (void)blocks;
}

static bool cpu_has_sha_ni(void)
{
	return false;
}
#endif

/* 0: not asked yet, 1: portable, 2: SHA-NI.  Racing first calls agree. */
static int accel;

bool sc_sha256_accelerated(void)
{
	int a = __atomic_load_n(&accel, __ATOMIC_RELAXED);

	if (!a) {
		a = cpu_has_sha_ni() ? 2 : 1;
		__atomic_store_n(&accel, a, __ATOMIC_RELAXED);
	}
	return a == 2;
}

bool sc_sha256_set_accelerated(bool on)
{
	bool can = cpu_has_sha_ni();

	__atomic_store_n(&accel, on && can ? 2 : 1, __ATOMIC_RELAXED);
	return on && can;
}

static void compress_blocks(uint32_t h[8], const uint8_t *p, size_t blocks)
{
	if (sc_sha256_accelerated()) {
		compress_ni(h, p, blocks);
		return;
	}
	for (; blocks; blocks--, p += 64)
		compress(h, p);
}

void sc_sha256_init(struct sc_sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, iv, sizeof(iv));
	s->total = 0;
	s->used = 0;
}

void sc_sha256_update(struct sc_sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;

	s->total += len;
	if (s->used) {
		size_t take = 64 - s->used < len ? 64 - s->used : len;

		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used < 64)
			return;
		compress_blocks(s->h, s->block, 1);
		s->used = 0;
	}
	compress_blocks(s->h, p, len / 64);
	p += len - len % 64;
	len %= 64;
	memcpy(s->block, p, len);
	s->used = len;
}

void sc_sha256_final(struct sc_sha256 *s, uint8_t out[SC_SHA256_LEN])
{
	uint64_t bits = s->total * 8;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = (s->used < 56 ? 56 : 120) - s->used;

	for (int i = 0; i < 8; i++)
		pad[padlen + i] = (uint8_t)(bits >> (56 - 8 * i));
	sc_sha256_update(s, pad, padlen + 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

void sc_sha256(const void *data, size_t len, uint8_t out[SC_SHA256_LEN])
{
	struct sc_sha256 s;

	sc_sha256_init(&s);
	sc_sha256_update(&s, data, len);
	sc_sha256_final(&s, out);
}

void sc_sha256_hex(const uint8_t d[SC_SHA256_LEN], char hex[65])
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < SC_SHA256_LEN; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}
