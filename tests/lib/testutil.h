/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the Criterion tests. */
#ifndef SECCAP_TESTUTIL_H
#define SECCAP_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Directory of the read-only ../shared checkout beside the project, or NULL
 * (then tests that need it call cr_skip_test with a message).  Found from
 * $SECCAP_SHARED, else ../shared relative to the project root.
 */
const char *tu_shared_dir(void);
/* Project root (where the Makefile is): $SECCAP_ROOT or the cwd. */
const char *tu_root(void);
/* Path join into a static rotating buffer (valid for a few calls). */
const char *tu_path(const char *dir, const char *rel);

/*
 * Run fn(arg) in a forked grandchild-safe child and wait for it: a filter
 * loaded in the Criterion worker itself breaks its reporting, so every
 * test that loads a filter does it here.  Returns the wait status.
 * fn's return value becomes the child's exit status (_exit).
 */
int tu_run_child(int (*fn)(void *arg), void *arg);
/* Helpers to read a wait status. */
bool tu_exited_with(int status, int code);
bool tu_killed_by(int status, int sig);

/*
 * Call fn for every regular file under dir, in name order, going into
 * subdirectories when deep; names starting with '.' are passed over and a
 * missing dir visits nothing.  Aborts when out of memory.
 */
void tu_walk(const char *dir, bool deep,
	     void (*fn)(const char *path, void *ud), void *ud);

/* Read a whole file into a malloc'ed NUL-terminated buffer; NULL on error. */
char *tu_slurp(const char *path, size_t *len);

/*
 * Run argv (argv[0] a path), feeding no stdin, capturing stdout and stderr
 * into malloc'ed strings (caller frees).  Returns the wait status.
 */
int tu_run_cmd(char *const argv[], char *const envp[], char **out, char **err);

#endif
