/* SPDX-License-Identifier: Apache-2.0 */
/* INI profile reader (seccap-profile(5)); being written. */
#include <errno.h>

#include "io.h"

int sc_ini_parse(const char *file, const char *buf, size_t len,
		 struct sc_profile **ret, const struct sc_diag *d,
		 struct sc_error *err)
{
	(void)buf;
	(void)len;
	(void)ret;
	(void)d;
	return sc_err(err, ENOSYS, file ? file : "<string>", 0, 0,
		      "the INI reader is not built yet");
}
