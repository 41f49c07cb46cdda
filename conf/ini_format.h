/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The INI format's shorthands (conf/seccap-profile.5), shared by its reader
 * and writer so that what one writes the other reads (internal).
 */
#ifndef SECCAP_INI_FORMAT_H
#define SECCAP_INI_FORMAT_H

/*
 * Readable action words ("allow", "kill-thread", ...), NULL-terminated so
 * that sc_suggest can take it.
 */
extern const char *const sc_ini_action_words[];

/* The SCMP_ACT_* name a readable action word stands for, or NULL. */
const char *sc_ini_action_from_word(const char *word);
/* The readable word for an SCMP_ACT_* name, or NULL if it has none. */
const char *sc_ini_word_from_action(const char *action);

/* The SCMP_CMP_* name an operator ("==", "<=", ...) stands for, or NULL. */
const char *sc_ini_op_from_sym(const char *sym);
/* The symbol for an SCMP_CMP_* name, or NULL if it has none. */
const char *sc_ini_sym_from_op(const char *op);

#endif
