#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `seccap why`: one call (by name or number, with arguments) against
# Docker's default and small profiles of our own: the action, the rule or
# default that decided it, the condition, and what would change it
# (capabilities, minKernel ranges, arguments); --audit on dmesg,
# journalctl -k and audit.log fixtures (tests/data/audit), malformed
# records reported by line while the rest is explained, standard input;
# the bad input statuses; and a live cross-check: the errno a program gets
# under `seccap apply` is the one `why` names.
. "$(dirname "$0")/lib.sh"
t_need_binary

HELPERS=$T_BUILD/tests/helpers
TRY=$HELPERS/apply_try
DATA=$T_ROOT/tests/data/audit
WHY=("$SECCAP" why --caps docker --arch amd64)

t_line() {
	if grep -Fq -- "$2" "$T_OUT"; then
		t_pass "$1"
	else
		t_fail "$1" "no stdout line contains: $2"
		t_show "$T_OUT"
	fi
}

t_no_line() {
	if grep -Fq -- "$2" "$T_OUT"; then
		t_fail "$1" "a stdout line contains: $2"
	else
		t_pass "$1"
	fi
}

# ---- command line
t_run "--help" 0 '~^Usage: seccap why ' "$SECCAP" why --help
t_run "no syscall" 2 '' "$SECCAP" why
t_err_first "no syscall: message" "seccap why: missing SYSCALL"
t_err "no syscall: hint" "see 'seccap why --help'"
t_run "profile without a syscall" 2 '' "$SECCAP" why default
t_err_first "profile without a syscall: message" "seccap why: missing SYSCALL after the profile 'default'"
t_run "unknown syscall: did you mean" 2 '' "$SECCAP" why unshar
t_err_first "did you mean: message" "seccap why: unknown syscall 'unshar'; did you mean 'unshare'?"
t_err_lines "did you mean: two lines" 2
t_run "argument not a number" 2 '' "$SECCAP" why default clone 0x10000000 flags
t_err_first "argument not a number: names it" \
	"seccap why: argument 1 'flags' of clone is not a number (decimal, 0x hex or 0 octal)"
t_run "seven arguments" 2 '' "$SECCAP" why clone 1 2 3 4 5 6 7
t_err_first "seven arguments: message" "seccap why: unexpected argument '7'; a syscall has at most 6 arguments"
t_run "not a syscall on that arch" 2 '' "$SECCAP" why --arch arm64 arch_prctl
t_err_first "not on that arch: message" \
	"seccap why: 'arch_prctl' is not a syscall on aarch64; give --arch for another architecture"
t_run "bad --kernel" 2 '' "$SECCAP" why --kernel six unshare
t_run "bad --caps" 2 '' "$SECCAP" why --caps CAP_BOGUS unshare
t_run "--audit with two profiles" 2 '' "$SECCAP" why --audit - default default
t_run "missing profile file: the operand is the syscall" 2 '' "$SECCAP" why "$T_TMP/none.json" unshare
t_err_first "missing profile: a syscall hint" \
	"seccap why: unknown syscall '$T_TMP/none.json'"
t_run "a lone profile file" 2 '' "$SECCAP" why "$DATA/dmesg.txt"
t_err_first "a lone profile file: message" \
	"seccap why: unknown syscall '$DATA/dmesg.txt'; as a profile it needs a SYSCALL after it"
printf '{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [{"names": ["chmdo"], "action": "SCMP_ACT_ERRNO"}]}\n' >"$T_TMP/typo.json"
t_run "bad profile: status 2" 2 '' "$SECCAP" why "$T_TMP/typo.json" chmod
t_ok "bad profile: file:line:col error" grep -Eq "^$T_TMP/typo.json:2:[0-9]+: error: .*chmdo" "$T_ERR"

t_run "seccap --list names why" 0 '~^why +explain what a profile gives a call' "$SECCAP" --list
ln -s "$SECCAP" "$T_TMP/seccap-why"
t_run "the seccap-why link" 0 '~^syscall:   unshare \(x86_64, nr 272\)$' "$T_TMP/seccap-why" --caps docker --arch amd64 unshare

# ---- Docker's default, one call
t_run "unshare under docker caps" 0 - "${WHY[@]}" default unshare
t_line "unshare: the call" "syscall:   unshare (x86_64, nr 272)"
t_line "unshare: denied" "  action:    ERRNO(EPERM) (denied)"
t_line "unshare: by the default action" "  decided:   the default action (default:"
t_line "unshare: allowed with CAP_SYS_ADMIN" "    allowed with CAP_SYS_ADMIN (default:"
t_run "unshare with CAP_SYS_ADMIN" 0 - "$SECCAP" why --caps docker,CAP_SYS_ADMIN --arch amd64 unshare
t_line "with SYS_ADMIN: allowed by a rule" "  decided:   the rule at default:"
t_line "with SYS_ADMIN: denied without it" "    ERRNO(EPERM) without CAP_SYS_ADMIN (the default action, default:"

t_run "clone(CLONE_NEWUSER)" 0 - "${WHY[@]}" default clone 0x10000000
t_line "clone NEWUSER: denied" "  action:    ERRNO(EPERM) (denied)"
t_line "clone NEWUSER: the failed condition" \
	"ALLOW if arg0 & 0x7e020000 == 0: fails (arg0 & 0x7e020000 is 0x10000000)"
t_line "clone NEWUSER: allowed when the flags are clear" "    allowed when arg0 & 0x7e020000 == 0 (default:"
t_line "clone NEWUSER: allowed with CAP_SYS_ADMIN" "    allowed with CAP_SYS_ADMIN (default:"
t_run "clone(0x11)" 0 - "${WHY[@]}" default clone 0x11
t_line "clone 0x11: allowed" "  action:    ALLOW (allowed)"
t_line "clone 0x11: the condition holds" "ALLOW if arg0 & 0x7e020000 == 0: holds (arg0 & 0x7e020000 is 0)"
t_line "clone 0x11: denied for namespace flags" "    ERRNO(EPERM) when arg0 & 0x7e020000 != 0 (the default action, default:"
t_no_line "clone 0x11: CAP_SYS_ADMIN changes nothing here" "CAP_SYS_ADMIN"

t_run "socket(AF_VSOCK)" 0 - "${WHY[@]}" socket 40 1
t_line "socket 40: each rule fails" "ALLOW if arg0 > 40: fails (arg0 is 40)"
t_line "socket 40: what would allow it" "    allowed when arg0 == 39 (default:"
t_run "socket(AF_UNIX)" 0 - "${WHY[@]}" socket 1 1
t_line "socket 1: the default's condition, negations joined as diff joins them" \
	"    ERRNO(EPERM) when arg0 >= 38 && arg0 <= 40 && arg0 != 39 (the default action, default:"

# A rule of two comparisons: why and diff write its condition alike.
cat >"$T_TMP/both.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
 {"names": ["getpid", "exit_group"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [
  {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
  {"index": 1, "value": 3, "op": "SCMP_CMP_GT"}],
  "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}
EOF
t_run "a rule of two comparisons" 0 - "$SECCAP" why --caps docker,CAP_SYS_ADMIN --arch amd64 "$T_TMP/both.json" personality 8 1
t_line "two comparisons: the rule" "$T_TMP/both.json:3: ALLOW if arg0 == 8 && arg1 > 3: fails (arg0 is 8, arg1 is 1)"
t_line "two comparisons: what would allow it" "    allowed when arg0 == 8 && arg1 >= 4 ($T_TMP/both.json:3)"
t_run "diff: the same condition" 1 - "$SECCAP" diff --caps docker --caps-b docker,CAP_SYS_ADMIN --arch amd64 "$T_TMP/both.json"
t_line "diff: the same condition's text" " arg0 == 8 && arg1 >= 4"

t_run "clone3: ENOSYS by a rule" 0 - "${WHY[@]}" clone3
t_line "clone3: ERRNO(ENOSYS)" "  action:    ERRNO(ENOSYS) (denied)"
t_line "clone3: no condition" "  condition: none; the rule applies to every call of clone3"

cat >"$T_TMP/two.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
 {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["acct"], "action": "SCMP_ACT_ALLOW",
  "includes": {"caps": ["CAP_SYS_PACCT", "CAP_SYS_ADMIN"]}}]}
EOF
t_run "a group that needs two capabilities" 0 - "${WHY[@]}" "$T_TMP/two.json" acct
t_line "two capabilities: together" "    allowed with CAP_SYS_PACCT, CAP_SYS_ADMIN together ($T_TMP/two.json:3)"
t_no_line "two capabilities: neither alone" "allowed with CAP_SYS_ADMIN ("
t_run "two capabilities held" 0 - "$SECCAP" why --caps docker,CAP_SYS_PACCT,CAP_SYS_ADMIN --arch amd64 "$T_TMP/two.json" acct
t_line "two capabilities held: allowed" "  action:    ALLOW (allowed)"
t_line "two capabilities held: either one removed" "without CAP_SYS_PACCT"

# ---- minKernel
t_run "ptrace on 4.4" 0 - "${WHY[@]}" --kernel 4.4 ptrace
t_line "ptrace 4.4: denied" "  action:    ERRNO(EPERM) (denied)"
t_line "ptrace 4.4: only on kernels >= 4.8" "    allowed on kernels >= 4.8 (default:"
t_line "ptrace 4.4: or with CAP_SYS_PTRACE" "    allowed with CAP_SYS_PTRACE (default:"
t_run "ptrace on 5.10" 0 - "${WHY[@]}" --kernel 5.10 ptrace
t_line "ptrace 5.10: allowed" "  action:    ALLOW (allowed)"
t_line "ptrace 5.10: denied below 4.8" "    ERRNO(EPERM) on kernels < 4.8 (the default action, default:"
cat >"$T_TMP/kernels.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
 {"names": ["getpid"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["mlock"], "action": "SCMP_ACT_ALLOW",
  "includes": {"minKernel": "5.8"}, "excludes": {"minKernel": "6.2"}},
 {"names": ["mlock"], "action": "SCMP_ACT_KILL_PROCESS",
  "includes": {"minKernel": "6.2"}}]}
EOF
t_run "a kernel range" 0 - "${WHY[@]}" --kernel 5.4 "$T_TMP/kernels.json" mlock
t_line "kernel range: the range" "    allowed on kernels >= 5.8 and < 6.2 ($T_TMP/kernels.json:"
t_line "kernel range: the last range" "    KILL_PROCESS on kernels >= 6.2 ($T_TMP/kernels.json:"

# ---- numbers, arches
t_run "a number is looked up" 0 - "${WHY[@]}" 272
t_line "272 is unshare" "syscall:   unshare (x86_64, nr 272)"
t_run "a number with no syscall" 0 - "${WHY[@]}" 999
t_line "999: no syscall" "syscall:   nr 999 (no syscall) on x86_64"
t_line "999: ENOSYS above the profile's syscalls" "  decided:   the ENOSYS rule: nr 999 is above"
t_line "999: ERRNO(ENOSYS)" "  action:    ERRNO(ENOSYS) (denied)"
t_run "x86 numbers on --arch x86" 0 - "$SECCAP" why --caps docker --arch x86 310
t_line "x86 310 is unshare" "syscall:   unshare (x86, nr 310)"
t_run "the first operand is the syscall unless a profile" 0 - "${WHY[@]}" getpid
t_line "getpid: allowed" "  action:    ALLOW (allowed)"
t_line "getpid: nothing changes it" "    nothing: no capability"

t_run "a negative value after --" 0 - "${WHY[@]}" -- personality -1
t_line "negative: 64 bits on x86_64" "syscall:   personality (x86_64, nr 135) args 0xffffffffffffffff"
t_line "negative: no rule matches 64 bits" "  action:    ERRNO(EPERM) (denied)"
t_run "a negative value on x86" 0 - "$SECCAP" why --caps docker --arch x86 -- personality -1
t_line "negative on x86: 32 bits compared" "  action:    ALLOW (allowed)"

# ---- --audit
t_run "dmesg records" 0 - "${WHY[@]}" --audit "$DATA/dmesg.txt"
t_line "dmesg: three distinct calls, other lines skipped" "3 distinct seccomp calls in $DATA/dmesg.txt"
t_line "dmesg: unshare, two records" "$DATA/dmesg.txt:3: unshare (x86_64, nr 272), 2 records, comm \"unshare\""
t_line "dmesg: the kernel's action" "  kernel:    ERRNO (code=0x50000)"
t_line "dmesg: allowed with CAP_SYS_ADMIN" "    allowed with CAP_SYS_ADMIN (default:"
t_line "dmesg: i386 record" "$DATA/dmesg.txt:8: unshare (x86, nr 310), 1 record, comm \"old32\""
t_line "dmesg: hex comm decoded" "mount (x86_64, nr 165), 1 record, comm \"/tmp/my tool\""
t_line "dmesg: kernel's KILL disagrees with the profile" \
	"  note:      the kernel took KILL_PROCESS but the profile gives ERRNO(EPERM) here"
t_err_lines "dmesg: nothing on stderr" 0

t_run "journalctl -k with a malformed record" 2 - "${WHY[@]}" --audit "$DATA/journal.txt"
t_err_first "journal: the bad line named" \
	"$DATA/journal.txt:3: error: seccomp record: 'syscall=compat=0' is not a syscall number"
t_err_lines "journal: one error" 1
t_line "journal: the record before it" "$DATA/journal.txt:2: clone (x86_64, nr 56)"
t_line "journal: clone depends on the arguments" "  action:    ERRNO(EPERM) or ALLOW, depending on the arguments"
t_line "journal: the record after it" "$DATA/journal.txt:4: ptrace (x86_64, nr 101)"
t_line "journal: journald's audit[PID]: SECCOMP copy" "$DATA/journal.txt:6: mount (x86_64, nr 165), 1 record, comm \"mnt\""

t_run "audit.log" 2 - "${WHY[@]}" --audit "$DATA/audit.log"
t_err_first "audit.log: bad arch named" \
	"$DATA/audit.log:4: error: seccomp record: 'arch=c0-0003e' is not a hexadecimal AUDIT_ARCH_* value"
t_line "audit.log: SYSCALL records skipped" "3 distinct seccomp calls in $DATA/audit.log"
t_line "audit.log: mount" "$DATA/audit.log:2: mount (x86_64, nr 165), 1 record, comm \"mounter\""
t_line "audit.log: getpid allowed here, denied there" \
	"  note:      the kernel took ERRNO but the profile gives ALLOW here"
t_line "audit.log: x32" "$DATA/audit.log:6: syncfs (x32, nr 0x40000132)"

t_run "a record of an ABI the target lacks" 0 - "$SECCAP" why --caps docker --arch arm64 --audit "$DATA/dmesg.txt"
t_line "other ABI: not in the filter" "  decided:   x86_64 is not an architecture of the filter"
t_line "other ABI: the thread is killed" "  action:    KILL_THREAD (denied)"
# shellcheck disable=SC2016 # $1 and $2 are the inner sh's
t_run "standard input" 0 - sh -c '"$1" why --caps docker --arch amd64 --audit - <"$2"' sh "$SECCAP" "$DATA/dmesg.txt"
t_line "stdin: named" "3 distinct seccomp calls in <stdin>"
t_line "stdin: records" "<stdin>:3: unshare (x86_64, nr 272), 2 records"
printf 'just a line\n[1.0] audit: type=1300 audit(1.2:3): arch=c000003e syscall=1\n' >"$T_TMP/none.log"
t_run "no seccomp record" 0 "0 distinct seccomp calls in $T_TMP/none.log (profile default, caps docker, kernel 6.1)" \
	"${WHY[@]}" --kernel 6.1 --audit "$T_TMP/none.log"
t_run "missing audit file" 2 '' "${WHY[@]}" --audit "$T_TMP/missing.log"
t_err_first "missing audit file: message" "seccap why: cannot open '$T_TMP/missing.log': No such file or directory"

# ---- bash completion: options from --help, files for --audit
# shellcheck disable=SC2016 # $1.. are the inner bash's
complete_why() {
	t_run "$1" 0 "$2" bash --norc --noprofile -c '. "$1" || exit 3; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _seccap
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' x \
		"$T_ROOT/contrib/bash-completion/seccap" "${@:3}"
}
complete_why "completion: why --au<TAB>" "--audit" "$SECCAP" why --au
complete_why "completion: why --audit FILE" "$DATA/dmesg.txt" "$SECCAP" why --audit "$DATA/dm"
complete_why "completion: seccap-why profile" "default" "$T_BUILD/seccap-why" def

# ---- live: what a confined program gets is what why says
# ERRNO(EPERM) -> EPERM, ALLOW -> ok: the form apply_try prints.
why_says() {
	"$SECCAP" why --caps docker "$@" | sed -n 's/^  action:    \([A-Z_]*\)(\{0,1\}\([A-Z0-9]*\).*/\1 \2/p' |
		awk '{ print ($1 == "ALLOW" ? "ok" : $2) }'
}
live() {
	local name=$1 op=$2 got want
	shift 2
	want=$(why_says "$@")
	"$SECCAP" apply "${DOCKER[@]}" -- "$TRY" "$op" >"$T_OUT" 2>"$T_ERR"
	got=$(sed -n "s/^$op: //p" "$T_OUT")
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		t_pass "live: $name ($got)"
	else
		t_fail "live: $name" "the program got '$got', why says '$want'"
		t_show "$T_ERR"
	fi
}
DOCKER=(--caps docker)
[ "$(id -u)" = 0 ] || DOCKER=() # the own (empty) set keeps the same rules out
if [ ! -x "$TRY" ]; then
	t_skip "live cross-check" "$TRY is not built (make check builds it)"
else
	live "unshare(CLONE_NEWUSER)" unshare unshare 0x10000000
	live "clone(CLONE_NEWNS|SIGCHLD)" clone-newns clone 0x20011
	live "clone3" clone3 clone3
	live "mount" mount mount
	live "getpid" getpid getpid
	live "an unknown number" unknown 1000
fi

t_done
