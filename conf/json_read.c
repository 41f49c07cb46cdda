/* SPDX-License-Identifier: Apache-2.0 */
/* Docker/moby JSON profile reader (being written; links for now). */
#include "io.h"

#include <errno.h>

int sc_json_parse(const char *file, const char *buf, size_t len,
		  struct sc_profile **ret, const struct sc_diag *d,
		  struct sc_error *err)
{
	(void)buf;
	(void)len;
	(void)ret;
	(void)d;
	return sc_err(err, ENOSYS, file ? file : "<string>", 0, 0,
		      "JSON reader not implemented yet");
}
