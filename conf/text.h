/* SPDX-License-Identifier: Apache-2.0 */
/* Byte-level text helpers shared inside seccap (internal). */
#ifndef SECCAP_TEXT_H
#define SECCAP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Length of the UTF-8 sequence at p (n >= 1 bytes available), 0 if it is
 * not valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no sequence cut short by n).  An ASCII byte is a sequence of 1.
 */
size_t sc_utf8_seq(const unsigned char *p, size_t n);

/*
 * Take the first item of the comma-separated list at *list: *item and *len
 * get it without surrounding blanks (isspace), *len 0 for an empty item,
 * and *list moves past its comma.  Returns false when it was the last item.
 */
bool sc_list_split(const char **list, const char **item, size_t *len);

/* The value of a hexadecimal digit, -1 for any other byte. */
int sc_hex_digit(char c);

#endif
