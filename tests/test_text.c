/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conf/text.c: sc_utf8_seq, which the JSON reader uses to refuse and the
 * JSON writer to replace invalid UTF-8, against a decoder written from
 * RFC 3629's definition rather than from its table of byte ranges; and
 * sc_list_split, which splits --caps and --cap-add lists.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

/* Length of the sequence at p by decoding it, 0 if it is not UTF-8. */
static size_t oracle(const unsigned char *p, size_t n)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t u;
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		k = 2;
		u = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		k = 3;
		u = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		k = 4;
		u = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		u = u << 6 | (p[i] & 0x3f);
	}
	if (u < min[k] || (u >= 0xd800 && u <= 0xdfff) || u > 0x10ffff)
		return 0;
	return k;
}

Test(text, utf8_seq_matches_rfc3629)
{
	/* Bytes 3 and 4 only matter as continuation or not, at the edges. */
	static const unsigned char tail[] = { 0x00, 0x41, 0x7f, 0x80, 0x9f,
					      0xa0, 0xbf, 0xc0, 0xf5, 0xff };
	unsigned char p[4];
	size_t bad = 0;

	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++)
			for (size_t c = 0; c < sizeof(tail); c++)
				for (size_t d = 0; d < sizeof(tail); d++) {
					p[0] = (unsigned char)a;
					p[1] = (unsigned char)b;
					p[2] = tail[c];
					p[3] = tail[d];
					for (size_t n = 1; n <= 4; n++) {
						size_t got = sc_utf8_seq(p, n);
						size_t want = oracle(p, n);

						if (got == want)
							continue;
						if (bad++ < 10)
							cr_log_error(
								"%02x %02x %02x "
								"%02x n=%zu: "
								"%zu, want %zu",
								p[0], p[1], p[2],
								p[3], n, got,
								want);
					}
				}
	cr_assert_eq(bad, 0, "%zu inputs disagree with RFC 3629", bad);
}

Test(text, utf8_seq_edges)
{
	static const struct {
		const char *s;
		size_t n, want;
	} t[] = {
		{ "a", 1, 1 },
		{ "\x7f", 1, 1 },
		{ "\xc2\x80", 2, 2 },             /* U+0080 */
		{ "\xdf\xbf", 2, 2 },             /* U+07FF */
		{ "\xe0\xa0\x80", 3, 3 },         /* U+0800 */
		{ "\xed\x9f\xbf", 3, 3 },         /* U+D7FF */
		{ "\xee\x80\x80", 3, 3 },         /* U+E000 */
		{ "\xef\xbf\xbf", 3, 3 },         /* U+FFFF */
		{ "\xf0\x90\x80\x80", 4, 4 },     /* U+10000 */
		{ "\xf4\x8f\xbf\xbf", 4, 4 },     /* U+10FFFF */
		{ "\x80", 1, 0 },                 /* lone continuation */
		{ "\xc0\x80", 2, 0 },             /* overlong NUL */
		{ "\xc1\xbf", 2, 0 },             /* overlong */
		{ "\xe0\x9f\xbf", 3, 0 },         /* overlong */
		{ "\xed\xa0\x80", 3, 0 },         /* surrogate U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },         /* surrogate U+DFFF */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },     /* overlong */
		{ "\xf4\x90\x80\x80", 4, 0 },     /* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },
		{ "\xff", 1, 0 },
		{ "\xe2\x82\xac", 2, 0 },         /* cut short by n */
		{ "\xf0\x9f\x98\x80", 3, 0 },
		{ "\xe2\x82" "a", 3, 0 },         /* not a continuation */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		cr_expect_eq(sc_utf8_seq((const unsigned char *)t[i].s, t[i].n),
			     t[i].want, "case %zu: got %zu, want %zu", i,
			     sc_utf8_seq((const unsigned char *)t[i].s, t[i].n),
			     t[i].want);
}

Test(text, list_split)
{
	static const struct {
		const char *list;
		const char *items[5]; /* NULL-terminated; "" an empty item */
	} t[] = {
		{ "a", { "a", NULL } },
		{ "", { "", NULL } },
		{ " \t", { "", NULL } },
		{ ",", { "", "", NULL } },
		{ "a,b", { "a", "b", NULL } },
		{ " a , b ", { "a", "b", NULL } },
		{ "\ta\n,\v b c \f", { "a", "b c", NULL } },
		{ "a,,b", { "a", "", "b", NULL } },
		{ "a,", { "a", "", NULL } },
		{ ",a", { "", "a", NULL } },
		{ " , ,x", { "", "", "x", NULL } },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *p = t[i].list, *item;
		size_t k = 0, len;
		bool more = true;

		while (more) {
			const char *want = t[i].items[k];

			cr_assert_not_null(want, "'%s': more than %zu items",
					   t[i].list, k);
			more = sc_list_split(&p, &item, &len);
			cr_expect(len == strlen(want) &&
					  strncmp(item, want, len) == 0,
				  "'%s' item %zu: got '%.*s', want '%s'",
				  t[i].list, k, (int)len, item, want);
			/* The item points into the list, not a copy. */
			cr_expect(item >= t[i].list &&
				  item + len <= t[i].list + strlen(t[i].list));
			k++;
		}
		cr_expect_null(t[i].items[k], "'%s': %zu items, want more",
			       t[i].list, k);
	}
}
