/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kernel audit records of seccomp actions (AUDIT_SECCOMP, type 1326), as
 * they reach a user: `dmesg` ("[  12.3] audit: type=1326 audit(...): ..."),
 * `journalctl -k` (the same after "Dec 06 10:00:00 host kernel: "; plain
 * `journalctl` also has journald's copy "audit[PID]: SECCOMP ..."), and
 * auditd's /var/log/audit/audit.log ("type=SECCOMP msg=audit(...): ...",
 * possibly with auditd's enriched fields after a 0x1d byte).  Reads them;
 * prints nothing.
 */
#ifndef SECCAP_AUDIT_H
#define SECCAP_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

struct sc_audit_record {
	unsigned line;     /* 1-based line of the input */
	uint32_t arch;     /* arch=: AUDIT_ARCH_* */
	uint32_t nr;       /* syscall=, as the kernel saw it (x32 bit kept) */
	bool has_code;     /* code= (kernels since 4.14) */
	uint32_t code;     /* the SECCOMP_RET_* action the kernel took */
	bool has_sig;
	long sig;          /* sig=: the signal sent (SIGSYS for KILL) */
	bool has_pid;
	long pid;
	char comm[64];     /* comm=, unquoted (hex-encoded names decoded) */
	char exe[256];     /* exe=, likewise */
};

/*
 * One line of input (len bytes, no newline needed).  Returns 1 with *r
 * filled for a seccomp record, 0 for any other line, -EINVAL with err
 * (file name and line set, no column) for a seccomp record that lacks a
 * field or has a value that is not a number.
 */
int sc_audit_parse_line(const char *line, size_t len, const char *file,
			unsigned lineno, struct sc_audit_record *r,
			struct sc_error *err);

/*
 * Every line of f: fn is called for each seccomp record (bad NULL), and
 * for each malformed one (r NULL, bad says what), in input order; other
 * lines are skipped.  file names f in messages.  Returns 0, or -errno with
 * err for a read error or no memory (what was read has been handed on).
 */
typedef void (*sc_audit_fn)(void *ud, const struct sc_audit_record *r,
			    const struct sc_error *bad);
int sc_audit_read(FILE *f, const char *file, sc_audit_fn fn, void *ud,
		  struct sc_error *err);

/* "ERRNO", "KILL_PROCESS", ... for a code= value (the action bits only). */
const char *sc_audit_action_name(uint32_t code);

#endif
