/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Everything `seccap check` judges beyond syntax: syscall names, capability
 * names, arch names in both vocabularies, actions, operators, argument
 * indices, errno ranges, minKernel, flags, conflicts.  Every problem is sent
 * to the diag sink as an error or a warning with file:line:col and, where it
 * helps, a hint ("did you mean 'chmod'?").
 */
#ifndef SECCAP_VALIDATE_H
#define SECCAP_VALIDATE_H

#include "error.h"
#include "io.h"
#include "model.h"

/*
 * Returns 0 when no error was found (warnings may have been emitted),
 * -EINVAL when at least one was, with err holding the first.
 *
 * Messages name keys and actions the way the profile's dialect spells them
 * ('errnoRet' in JSON, 'errno' in INI).  sc_profile_validate takes the
 * dialect from p->file: a name ending in ".ini" is INI, anything else JSON;
 * a caller that knows the format (SC_FMT_JSON or SC_FMT_INI, e.g. from
 * sc_format_detect) passes it to sc_profile_validate_fmt (SC_FMT_AUTO =
 * guess from the name as above).  What is checked does not depend on it.
 */
int sc_profile_validate(const struct sc_profile *p, const struct sc_diag *d,
			struct sc_error *err);
int sc_profile_validate_fmt(const struct sc_profile *p, enum sc_format fmt,
			    const struct sc_diag *d, struct sc_error *err);

#endif
