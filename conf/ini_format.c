/* SPDX-License-Identifier: Apache-2.0 */
#include "ini_format.h"

#include <stddef.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What each word of sc_ini_action_words stands for, at the same index. */
static const char *const word_actions[] = {
	"SCMP_ACT_ALLOW",
	"SCMP_ACT_ERRNO",
	"SCMP_ACT_KILL",
	"SCMP_ACT_KILL_THREAD",
	"SCMP_ACT_KILL_PROCESS",
	"SCMP_ACT_TRAP",
	"SCMP_ACT_TRACE",
	"SCMP_ACT_LOG",
	"SCMP_ACT_NOTIFY",
};

const char *const sc_ini_action_words[] = {
	"allow",
	"errno",
	"kill",
	"kill-thread",
	"kill-process",
	"trap",
	"trace",
	"log",
	"notify",
	NULL,
};

_Static_assert(ARRAY_SIZE(sc_ini_action_words) == ARRAY_SIZE(word_actions) + 1,
	       "one SCMP_ACT_* name for each action word");

static const struct {
	const char *sym, *op;
} op_syms[] = {
	{ "==", "SCMP_CMP_EQ" }, { "!=", "SCMP_CMP_NE" },
	{ "<", "SCMP_CMP_LT" },  { "<=", "SCMP_CMP_LE" },
	{ ">", "SCMP_CMP_GT" },  { ">=", "SCMP_CMP_GE" },
};

const char *sc_ini_action_from_word(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(word_actions); i++)
		if (strcmp(word, sc_ini_action_words[i]) == 0)
			return word_actions[i];
	return NULL;
}

const char *sc_ini_word_from_action(const char *action)
{
	for (size_t i = 0; i < ARRAY_SIZE(word_actions); i++)
		if (strcmp(action, word_actions[i]) == 0)
			return sc_ini_action_words[i];
	return NULL;
}

const char *sc_ini_op_from_sym(const char *sym)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_syms); i++)
		if (strcmp(sym, op_syms[i].sym) == 0)
			return op_syms[i].op;
	return NULL;
}

const char *sc_ini_sym_from_op(const char *op)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_syms); i++)
		if (strcmp(op, op_syms[i].op) == 0)
			return op_syms[i].sym;
	return NULL;
}
