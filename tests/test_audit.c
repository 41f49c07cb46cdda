/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conf/audit.c: seccomp audit records in the three forms users paste
 * (dmesg, journalctl -k, auditd's audit.log with its enriched tail), every
 * field read by name, other lines passed over, malformed records reported
 * with their line while the reading goes on, and the fixtures of
 * tests/data/audit read whole.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "lib/testutil.h"

static int parse(const char *line, struct sc_audit_record *r,
		 struct sc_error *err)
{
	return sc_audit_parse_line(line, strlen(line), "log", 7, r, err);
}

Test(audit, dmesg_line)
{
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	cr_assert_eq(parse("[  812.004113] audit: type=1326 audit(1733520011.502:118): "
			   "auid=1000 uid=1000 gid=1000 ses=3 subj=unconfined "
			   "pid=40211 comm=\"unshare\" exe=\"/usr/bin/unshare\" "
			   "sig=0 arch=c000003e syscall=272 compat=0 "
			   "ip=0x7f1c52a3e6b7 code=0x50000", &r, &err), 1);
	cr_assert_eq(r.arch, AUDIT_ARCH_X86_64);
	cr_assert_eq(r.nr, 272);
	cr_assert(r.has_code);
	cr_assert_eq(r.code, SECCOMP_RET_ERRNO);
	cr_assert(r.has_sig);
	cr_assert_eq(r.sig, 0);
	cr_assert(r.has_pid);
	cr_assert_eq(r.pid, 40211);
	cr_assert_str_eq(r.comm, "unshare");
	cr_assert_str_eq(r.exe, "/usr/bin/unshare");
	cr_assert_eq(r.line, 7);
}

Test(audit, journalctl_line)
{
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	cr_assert_eq(parse("Dec 06 21:14:03 host kernel: audit: type=1326 "
			   "audit(1733519643.211:812): auid=4294967295 uid=0 "
			   "gid=0 ses=4294967295 pid=9 comm=\"runc:[2:INIT]\" "
			   "exe=\"/\" sig=31 arch=40000003 syscall=310 "
			   "compat=1 ip=0xf7f4c549 code=0x80000000", &r, &err),
		     1);
	cr_assert_eq(r.arch, AUDIT_ARCH_I386);
	cr_assert_eq(r.nr, 310);
	cr_assert_eq(r.code, SECCOMP_RET_KILL_PROCESS);
	cr_assert_eq(r.sig, 31);
	cr_assert_str_eq(r.comm, "runc:[2:INIT]");
}

Test(audit, audit_log_enriched_tail_is_not_read)
{
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	/* The enriched ARCH=/SYSCALL= after 0x1d must not stand in. */
	cr_assert_eq(parse("type=SECCOMP msg=audit(1733519701.200:902): auid=1000 "
			   "uid=1000 gid=1000 ses=2 pid=5002 comm=\"m\" "
			   "exe=\"/usr/bin/m\" sig=0 arch=c000003e syscall=165 "
			   "compat=0 ip=0x7f00aa10beef code=0x7ffc0000"
			   "\x1d" "AUID=\"alice\" ARCH=x86_64 SYSCALL=mount "
			   "code=0x0 syscall=1", &r, &err), 1);
	cr_assert_eq(r.nr, 165);
	cr_assert_eq(r.code, SECCOMP_RET_LOG);
	/* Without code= (kernels before 4.14) the record still counts. */
	cr_assert_eq(parse("type=SECCOMP msg=audit(1.2:3): pid=1 comm=\"a\" "
			   "sig=31 arch=c00000b7 syscall=-1 compat=0", &r, &err),
		     1);
	cr_assert_eq(r.arch, AUDIT_ARCH_AARCH64);
	cr_assert_eq(r.nr, UINT32_MAX);
	cr_assert_not(r.has_code);
}

Test(audit, journald_copy_from_the_audit_socket)
{
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	cr_assert_eq(parse("Jul 24 09:10:45 host audit[14351]: SECCOMP "
			   "auid=4294967295 uid=1000 gid=1000 ses=4294967295 "
			   "pid=14351 comm=\"gd\" exe=\"/usr/lib/gd/gd\" sig=31 "
			   "arch=c000003e syscall=161 compat=0 ip=0x7f02 "
			   "code=0x0", &r, &err), 1);
	cr_assert_eq(r.nr, 161);
	cr_assert_eq(r.code, SECCOMP_RET_KILL_THREAD);
	cr_assert_str_eq(r.comm, "gd");
	/* Not a tag: "audit[x]:", "naudit[1]:", another type. */
	cr_assert_eq(parse("host audit[x]: SECCOMP arch=c000003e syscall=1",
			   &r, &err), 0);
	cr_assert_eq(parse("host naudit[1]: SECCOMP arch=c000003e syscall=1",
			   &r, &err), 0);
	cr_assert_eq(parse("host audit[1]: SECCOMPX arch=c000003e syscall=1",
			   &r, &err), 0);
	cr_assert_eq(parse("host audit[1]: SYSCALL arch=c000003e syscall=1",
			   &r, &err), 0);
}

Test(audit, interpreted_records_get_a_hint)
{
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	cr_assert_eq(parse("type=SECCOMP msg=audit(07/06/2020 20:17:03.365:1) : "
			   "auid=alice pid=9 comm=x sig=SIGSYS arch=x86_64 "
			   "syscall=stat compat=0 code=kill", &r, &err), -EINVAL);
	cr_assert(strstr(err.msg, "'arch=x86_64' is not a hexadecimal"));
	cr_assert(strstr(err.msg, "ausearch -i"), "%s", err.msg);
}

Test(audit, hex_encoded_comm)
{
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	/* The kernel writes names with spaces in hex, unquoted. */
	cr_assert_eq(parse("audit: type=1326 audit(1.2:3): pid=4 "
			   "comm=6D7920746F6F6C exe=2F746D702F6120622F63 sig=0 "
			   "arch=c000003e syscall=1 code=0x7fff0000", &r, &err),
		     1);
	cr_assert_str_eq(r.comm, "my tool");
	cr_assert_str_eq(r.exe, "/tmp/a b/c");
}

Test(audit, other_lines_are_not_records)
{
	static const char *const lines[] = {
		"",
		"[    2.113408] EXT4-fs (vda1): mounted filesystem",
		"audit: type=1300 audit(1.2:3): arch=c000003e syscall=59 success=yes",
		"type=SYSCALL msg=audit(1.2:3): arch=c000003e syscall=257",
		"type=13260 audit(1.2:3): arch=c000003e syscall=1",
		"xtype=SECCOMP msg=audit(1.2:3): arch=c000003e syscall=1",
		"kauditd_printk_skb: 4 callbacks suppressed",
	};
	struct sc_audit_record r;
	struct sc_error err = { 0 };

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		cr_assert_eq(parse(lines[i], &r, &err), 0, "%s", lines[i]);
	cr_assert_eq(err.code, 0);
}

Test(audit, malformed_records)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
		{ "audit: type=1326 audit(1.2:3): pid=1 sig=0 syscall=272 code=0x50000",
		  "seccomp record without 'arch='" },
		{ "type=SECCOMP msg=audit(1.2:3): pid=1 arch=c000003e code=0x50000",
		  "seccomp record without 'syscall='" },
		{ "audit: type=1326 audit(1.2:3): arch=c00g003e syscall=1",
		  "'arch=c00g003e' is not a hexadecimal" },
		{ "audit: type=1326 audit(1.2:3): arch=c000003e syscall=read",
		  "'syscall=read' is not a syscall number" },
		{ "audit: type=1326 audit(1.2:3): arch=c000003e syscall=1 code=zz",
		  "'code=zz' is not a number" },
		{ "audit: type=1326 audit(1.2:3): arch=1c000003e syscall=1",
		  "'arch=1c000003e' is not a hexadecimal" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sc_audit_record r;
		struct sc_error err = { 0 };

		cr_assert_eq(parse(cases[i].line, &r, &err), -EINVAL, "%s",
			     cases[i].line);
		cr_assert_str_eq(err.file, "log");
		cr_assert_eq(err.line, 7);
		cr_assert(strstr(err.msg, cases[i].msg), "%s: %s",
			  cases[i].line, err.msg);
	}
}

struct seen {
	unsigned records, bad, bad_line[4];
	unsigned lines[16];
	uint32_t nrs[16];
};

static void collect(void *ud, const struct sc_audit_record *r,
		    const struct sc_error *bad)
{
	struct seen *s = ud;

	if (bad) {
		cr_assert_null(r);
		if (s->bad < 4)
			s->bad_line[s->bad] = bad->line;
		s->bad++;
		return;
	}
	if (s->records < 16) {
		s->lines[s->records] = r->line;
		s->nrs[s->records] = r->nr;
	}
	s->records++;
}

Test(audit, a_malformed_record_does_not_stop_the_rest)
{
	static const char text[] =
		"boot\n"
		"audit: type=1326 audit(1.2:3): arch=c000003e syscall=272 code=0x50000\r\n"
		"audit: type=1326 audit(1.2:4): arch=c000003e code=0x50000\n"
		"noise type=1326\n"
		"audit: type=1326 audit(1.2:5): arch=c000003e syscall=165 code=0x50000";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct seen s = { 0 };
	struct sc_error err = { 0 };

	cr_assert_not_null(f);
	cr_assert_eq(sc_audit_read(f, "mem", collect, &s, &err), 0);
	fclose(f);
	cr_assert_eq(s.records, 2);
	cr_assert_eq(s.lines[0], 2);
	cr_assert_eq(s.nrs[0], 272);
	cr_assert_eq(s.lines[1], 5);
	cr_assert_eq(s.nrs[1], 165);
	/* "noise type=1326" has neither field: malformed as well. */
	cr_assert_eq(s.bad, 2);
	cr_assert_eq(s.bad_line[0], 3);
	cr_assert_eq(s.bad_line[1], 4);
}

static void read_fixture(const char *name, struct seen *s)
{
	const char *path = tu_path(tu_path(tu_root(), "tests/data/audit"), name);
	FILE *f = fopen(path, "r");
	struct sc_error err = { 0 };

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(sc_audit_read(f, path, collect, s, &err), 0, "%s",
		     err.msg);
	fclose(f);
}

Test(audit, fixtures)
{
	struct seen d = { 0 }, j = { 0 }, a = { 0 };

	read_fixture("dmesg.txt", &d);
	cr_assert_eq(d.records, 4);
	cr_assert_eq(d.bad, 0);
	cr_assert_eq(d.lines[0], 3);
	cr_assert_eq(d.nrs[3], 310);

	read_fixture("journal.txt", &j);
	cr_assert_eq(j.records, 3);
	cr_assert_eq(j.lines[2], 6);
	cr_assert_eq(j.nrs[2], 165);
	cr_assert_eq(j.bad, 1);
	cr_assert_eq(j.bad_line[0], 3);

	read_fixture("audit.log", &a);
	cr_assert_eq(a.records, 3);
	cr_assert_eq(a.nrs[0], 165);
	cr_assert_eq(a.bad, 1);
	cr_assert_eq(a.bad_line[0], 4);
}

Test(audit, action_names)
{
	cr_assert_str_eq(sc_audit_action_name(0x50000), "ERRNO");
	cr_assert_str_eq(sc_audit_action_name(0x80000000), "KILL_PROCESS");
	cr_assert_str_eq(sc_audit_action_name(0), "KILL_THREAD");
	cr_assert_str_eq(sc_audit_action_name(0x7ffc0000), "LOG");
	cr_assert_str_eq(sc_audit_action_name(0x7fc00000), "NOTIFY");
}
