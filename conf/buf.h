/* SPDX-License-Identifier: Apache-2.0 */
/* A growable output buffer for the writers; an allocation failure is sticky. */
#ifndef SECCAP_BUF_H
#define SECCAP_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct sc_buf {
	char *p;     /* NUL-terminated when len > 0 */
	size_t len, cap;
	bool oom;
};

void sc_buf_printf(struct sc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sc_buf_put(struct sc_buf *b, const char *s, size_t len);
void sc_buf_puts(struct sc_buf *b, const char *s);
void sc_buf_free(struct sc_buf *b);

#endif
