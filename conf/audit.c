/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The reader of seccomp audit records (audit.h says which forms).  The
 * kernel writes the fields in one order (kernel/auditsc.c audit_seccomp:
 * auid uid gid ses [subj] pid comm exe sig arch syscall compat ip code),
 * but nothing here depends on it: the fields are read by name, the first
 * of each name counts, and anything after auditd's 0x1d separator (its
 * "enriched" ARCH=, SYSCALL=, AUID= ...) is left alone.
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "text.h"

#define ENRICHED_SEP '\x1d'

/* The record types that mean seccomp: the number and auditd's name. */
static const char *const seccomp_types[] = { "type=1326", "type=SECCOMP" };

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* journald's copy from the audit socket: "audit[PID]: SECCOMP ...". */
static const char *journald_fields(const char *p, const char *end)
{
	static const char tag[] = "audit[", type[] = "SECCOMP";

	for (const char *s = p; s + sizeof(tag) - 1 <= end; s++) {
		const char *q = s + sizeof(tag) - 1;

		if (memcmp(s, tag, sizeof(tag) - 1) != 0 ||
		    (s > p && !is_space(s[-1])))
			continue;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == s + sizeof(tag) - 1 || end - q < 2 || q[0] != ']' ||
		    q[1] != ':')
			continue;
		q += 2;
		while (q < end && is_space(*q))
			q++;
		if ((size_t)(end - q) >= sizeof(type) - 1 &&
		    memcmp(q, type, sizeof(type) - 1) == 0 &&
		    (q + sizeof(type) - 1 == end || is_space(q[sizeof(type) - 1])))
			return q + sizeof(type) - 1;
	}
	return NULL;
}

/* Where the fields of a seccomp record start, or NULL for other lines. */
static const char *seccomp_fields(const char *p, const char *end)
{
	for (size_t t = 0; t < sizeof(seccomp_types) / sizeof(seccomp_types[0]);
	     t++) {
		size_t n = strlen(seccomp_types[t]);

		for (const char *s = p; s + n <= end; s++) {
			const char *after = s + n, *hdr;

			if (memcmp(s, seccomp_types[t], n) != 0 ||
			    (s > p && !is_space(s[-1]) && s[-1] != ':') ||
			    (after < end && !is_space(*after)))
				continue;
			/* "audit(STAMP):" or "msg=audit(STAMP):" */
			hdr = after;
			while (hdr < end && is_space(*hdr))
				hdr++;
			if (end - hdr >= 4 && memcmp(hdr, "msg=", 4) == 0)
				hdr += 4;
			if (end - hdr >= 6 && memcmp(hdr, "audit(", 6) == 0) {
				const char *close = memchr(hdr, ')', (size_t)(end - hdr));

				if (close && close + 1 < end && close[1] == ':')
					return close + 2;
			}
			return after;
		}
	}
	return journald_fields(p, end);
}

struct field {
	const char *v;
	size_t n;
	bool quoted;
	bool seen;
};

enum { F_ARCH, F_SYSCALL, F_CODE, F_SIG, F_PID, F_COMM, F_EXE, F_COUNT };
static const char *const field_names[F_COUNT] = {
	"arch", "syscall", "code", "sig", "pid", "comm", "exe",
};

static void read_fields(const char *p, const char *end, struct field *f)
{
	while (p < end) {
		const char *key, *eq;
		size_t i;

		while (p < end && is_space(*p))
			p++;
		if (p >= end || *p == ENRICHED_SEP)
			return;
		key = p;
		while (p < end && !is_space(*p) && *p != '=' &&
		       *p != ENRICHED_SEP)
			p++;
		if (p >= end || *p != '=') {
			if (p < end && *p == ENRICHED_SEP)
				return;
			continue; /* a word that is no field */
		}
		eq = p++;
		for (i = 0; i < F_COUNT; i++)
			if ((size_t)(eq - key) == strlen(field_names[i]) &&
			    memcmp(key, field_names[i], (size_t)(eq - key)) == 0)
				break;
		if (p < end && *p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
			const char *stop = q ? q : end;

			if (i < F_COUNT && !f[i].seen)
				f[i] = (struct field){ p + 1,
						       (size_t)(stop - p - 1),
						       true, true };
			p = q ? q + 1 : end;
			continue;
		}
		key = p;
		while (p < end && !is_space(*p) && *p != ENRICHED_SEP)
			p++;
		if (i < F_COUNT && !f[i].seen)
			f[i] = (struct field){ key, (size_t)(p - key), false,
					       true };
	}
}

/* A number of the field in base (0: with its own prefix); false if not. */
static bool field_number(const struct field *f, int base, bool sign,
			 long long *ret)
{
	char buf[32], *endp;

	if (!f->n || f->n >= sizeof(buf) || f->quoted)
		return false;
	memcpy(buf, f->v, f->n);
	buf[f->n] = '\0';
	if (!sign && buf[0] == '-')
		return false;
	errno = 0;
	if (sign) {
		*ret = strtoll(buf, &endp, base);
	} else {
		unsigned long long u = strtoull(buf, &endp, base);

		if (u > UINT32_MAX)
			return false;
		*ret = (long long)u;
	}
	return !errno && *endp == '\0';
}

/* A quoted string as it is; an unquoted one is the kernel's hex form. */
static void field_text(const struct field *f, char *buf, size_t n)
{
	size_t k = 0;
	bool hex = !f->quoted && f->n % 2 == 0 && f->n;

	for (size_t i = 0; hex && i < f->n; i++)
		hex = sc_hex_digit(f->v[i]) >= 0;
	if (!hex) {
		snprintf(buf, n, "%.*s", (int)f->n, f->v);
		return;
	}
	for (size_t i = 0; i + 1 < f->n && k + 1 < n; i += 2) {
		char c = (char)(sc_hex_digit(f->v[i]) * 16 + sc_hex_digit(f->v[i + 1]));

		buf[k++] = c ? c : '?';
	}
	buf[k] = '\0';
}

/* A name where the kernel writes a number: ausearch -i's rewriting. */
static bool interpreted(const struct field *f)
{
	bool letter = false;

	for (size_t i = 0; i < f->n; i++) {
		char c = f->v[i];

		if ((c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_')
			return false;
		letter |= c > 'f' && c <= 'z';
	}
	return letter;
}

int sc_audit_parse_line(const char *line, size_t len, const char *file,
			unsigned lineno, struct sc_audit_record *r,
			struct sc_error *err)
{
	const char *end = line + len, *p = seccomp_fields(line, end);
	struct field f[F_COUNT] = { { 0 } };
	long long v;

	if (!p)
		return 0;
	memset(r, 0, sizeof(*r));
	r->line = lineno;
	read_fields(p, end, f);
	for (int i = F_ARCH; i <= F_SYSCALL; i++)
		if (!f[i].seen)
			return sc_err(err, EINVAL, file, lineno, 0,
				      "seccomp record without '%s='; expected "
				      "a line like 'type=1326 audit(...): ... "
				      "arch=c000003e syscall=272 ...'",
				      field_names[i]);
	if (!field_number(&f[F_ARCH], 16, false, &v))
		return sc_err(err, EINVAL, file, lineno, 0,
			      "seccomp record: 'arch=%.*s' is not a hexadecimal "
			      "AUDIT_ARCH_* value%s", (int)f[F_ARCH].n,
			      f[F_ARCH].v,
			      interpreted(&f[F_ARCH])
				      ? " (an interpreted record, as 'ausearch "
					"-i' prints it? give the raw log)"
				      : "");
	r->arch = (uint32_t)v;
	if (!field_number(&f[F_SYSCALL], 10, true, &v) || v < INT32_MIN ||
	    v > UINT32_MAX)
		return sc_err(err, EINVAL, file, lineno, 0,
			      "seccomp record: 'syscall=%.*s' is not a syscall "
			      "number", (int)f[F_SYSCALL].n, f[F_SYSCALL].v);
	r->nr = (uint32_t)v;
	if (f[F_CODE].seen) {
		if (!field_number(&f[F_CODE], 0, false, &v))
			return sc_err(err, EINVAL, file, lineno, 0,
				      "seccomp record: 'code=%.*s' is not a "
				      "number", (int)f[F_CODE].n, f[F_CODE].v);
		r->has_code = true;
		r->code = (uint32_t)v;
	}
	r->has_sig = f[F_SIG].seen && field_number(&f[F_SIG], 10, true, &v);
	if (r->has_sig)
		r->sig = (long)v;
	r->has_pid = f[F_PID].seen && field_number(&f[F_PID], 10, true, &v);
	if (r->has_pid)
		r->pid = (long)v;
	if (f[F_COMM].seen)
		field_text(&f[F_COMM], r->comm, sizeof(r->comm));
	if (f[F_EXE].seen)
		field_text(&f[F_EXE], r->exe, sizeof(r->exe));
	return 1;
}

int sc_audit_read(FILE *f, const char *file, sc_audit_fn fn, void *ud,
		  struct sc_error *err)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	ssize_t n;
	int r = 0;

	errno = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct sc_audit_record rec;
		struct sc_error bad = { 0 };
		size_t len = (size_t)n;
		int k;

		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		k = sc_audit_parse_line(line, len, file, lineno, &rec, &bad);
		if (k > 0)
			fn(ud, &rec, NULL);
		else if (k < 0)
			fn(ud, NULL, &bad);
		errno = 0;
	}
	if (errno == ENOMEM)
		r = sc_err(err, ENOMEM, NULL, 0, 0, "out of memory");
	else if (ferror(f))
		r = sc_err(err, errno ? errno : EIO, file, 0, 0,
			   "cannot read: %s", strerror(errno ? errno : EIO));
	free(line);
	return r;
}

const char *sc_audit_action_name(uint32_t code)
{
	switch (code & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_KILL_PROCESS: return "KILL_PROCESS";
	case SECCOMP_RET_KILL_THREAD: return "KILL_THREAD";
	case SECCOMP_RET_TRAP: return "TRAP";
	case SECCOMP_RET_ERRNO: return "ERRNO";
	case SECCOMP_RET_USER_NOTIF: return "NOTIFY";
	case SECCOMP_RET_TRACE: return "TRACE";
	case SECCOMP_RET_LOG: return "LOG";
	case SECCOMP_RET_ALLOW: return "ALLOW";
	default: return "an unknown action";
	}
}
