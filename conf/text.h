/* SPDX-License-Identifier: Apache-2.0 */
/* Byte-level text helpers shared by the readers and writers (internal). */
#ifndef SECCAP_TEXT_H
#define SECCAP_TEXT_H

#include <stddef.h>

/*
 * Length of the UTF-8 sequence at p (n >= 1 bytes available), 0 if it is
 * not valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no sequence cut short by n).  An ASCII byte is a sequence of 1.
 */
size_t sc_utf8_seq(const unsigned char *p, size_t n);

#endif
