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
#include "model.h"

/*
 * Returns 0 when no error was found (warnings may have been emitted),
 * -EINVAL when at least one was, with err holding the first.
 */
int sc_profile_validate(const struct sc_profile *p, const struct sc_diag *d,
			struct sc_error *err);

#endif
