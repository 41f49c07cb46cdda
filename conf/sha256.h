/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256 (FIPS 180-4) for the compiled-filter header and the cache key.
 * None of the libraries we link has one, and a profile digest must not
 * pull in a crypto library for a preload.  No allocation.
 */
#ifndef SECCAP_SHA256_H
#define SECCAP_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SC_SHA256_LEN 32

struct sc_sha256 {
	uint32_t h[8];
	uint64_t total;    /* bytes hashed so far */
	uint8_t block[64];
	size_t used;       /* bytes waiting in block */
};

void sc_sha256_init(struct sc_sha256 *s);
void sc_sha256_update(struct sc_sha256 *s, const void *data, size_t len);
void sc_sha256_final(struct sc_sha256 *s, uint8_t out[SC_SHA256_LEN]);
/* One call: out = SHA-256(data). */
void sc_sha256(const void *data, size_t len, uint8_t out[SC_SHA256_LEN]);
/*
 * Whether the x86 SHA extensions do the work (decided from CPUID on first
 * use).  set: turn them off, or back on where the CPU has them (the tests
 * run the reference vectors both ways); returns whether they are now used.
 */
bool sc_sha256_accelerated(void);
bool sc_sha256_set_accelerated(bool on);
/* Lower-case hex, 64 characters and a NUL: hex needs 65 bytes. */
void sc_sha256_hex(const uint8_t d[SC_SHA256_LEN], char hex[65]);

#endif
