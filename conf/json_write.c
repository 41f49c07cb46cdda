/* SPDX-License-Identifier: Apache-2.0 */
/* Docker/moby JSON profile writer (being written; links for now). */
#include "io.h"

#include <errno.h>

int sc_json_write(const struct sc_profile *p, struct sc_buf *out,
		  struct sc_error *err)
{
	(void)p;
	(void)out;
	return sc_err(err, ENOSYS, NULL, 0, 0,
		      "JSON writer not implemented yet");
}
