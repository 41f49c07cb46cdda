/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The embedded default profile.  The assembler pulls the file in with
 * .incbin, so the bytes in the binary are the bytes in the tree and no
 * generated C is needed.  The Makefile passes the path (the INI form when it
 * exists, else the JSON) and its SHA-256, and makes this object depend on
 * that file.
 */
#include "pipeline.h"

#include <string.h>

#include "sha256.h"

#ifndef SC_DEFAULT_PROFILE_FILE
#error "SC_DEFAULT_PROFILE_FILE must name the profile to embed (see the Makefile)"
#endif
#ifndef SC_DEFAULT_PROFILE_SHA256
#error "SC_DEFAULT_PROFILE_SHA256 must hold the file's SHA-256 as C bytes (see the Makefile)"
#endif

/*
 * Local symbols in this object only (no .globl): nothing outside this file
 * can name them, and the hidden declarations below let the compiler address
 * them PC-relative without a GOT entry, inside the .so as in the binary.
 */
__asm__(".pushsection .rodata, \"a\", %progbits\n"
	".balign 16\n"
	".type sc_default_profile_begin, %object\n"
	"sc_default_profile_begin:\n"
	".incbin \"" SC_DEFAULT_PROFILE_FILE "\"\n"
	"sc_default_profile_end:\n"
	/* a NUL after the text, not counted in the length */
	".byte 0\n"
	".size sc_default_profile_begin, . - sc_default_profile_begin\n"
	".popsection\n");

extern const char sc_default_profile_begin[]
	__attribute__((visibility("hidden")));
extern const char sc_default_profile_end[]
	__attribute__((visibility("hidden")));

void sc_default_profile(const char **buf, size_t *len)
{
	*buf = sc_default_profile_begin;
	*len = (size_t)(sc_default_profile_end - sc_default_profile_begin);
}

/*
 * Hashing the profile would be nearly all the work of a start that takes a
 * built-in program (conf/builtin.h); sha256sum did it at build time, and
 * tests/test_builtin.c checks it against the bytes above.
 */
static const uint8_t default_digest[SC_SHA256_LEN] = { SC_DEFAULT_PROFILE_SHA256 };

void sc_default_profile_digest(uint8_t out[SC_SHA256_LEN])
{
	memcpy(out, default_digest, SC_SHA256_LEN);
}
