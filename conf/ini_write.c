/* SPDX-License-Identifier: Apache-2.0 */
/* INI profile writer (seccap-profile(5)); being written. */
#include <errno.h>

#include "io.h"

int sc_ini_write(const struct sc_profile *p, struct sc_buf *out,
		 struct sc_error *err)
{
	(void)out;
	return sc_err(err, ENOSYS, p->file, 0, 0,
		      "the INI writer is not built yet");
}
