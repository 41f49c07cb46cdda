#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `seccap show`: resolution through the table (moby's conditional-include
# cases), the OCI object against an independent model of moby's
# setupSeccomp, --explain, the table's contents, every output format, and
# the exit statuses (1 bad profile, 2 bad command line).
. "$(dirname "$0")/lib.sh"
t_need_binary

P=$T_SHARED/profiles
HELPERS=$T_BUILD/tests/helpers
MOBY=$T_ROOT/tests/cli/show_moby_oci.py
DOCKER_CAPS=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE
ALL_CAPS=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_DAC_READ_SEARCH,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_SETPCAP,CAP_LINUX_IMMUTABLE,CAP_NET_BIND_SERVICE,CAP_NET_BROADCAST,CAP_NET_ADMIN,CAP_NET_RAW,CAP_IPC_LOCK,CAP_IPC_OWNER,CAP_SYS_MODULE,CAP_SYS_RAWIO,CAP_SYS_CHROOT,CAP_SYS_PTRACE,CAP_SYS_PACCT,CAP_SYS_ADMIN,CAP_SYS_BOOT,CAP_SYS_NICE,CAP_SYS_RESOURCE,CAP_SYS_TIME,CAP_SYS_TTY_CONFIG,CAP_MKNOD,CAP_LEASE,CAP_AUDIT_WRITE,CAP_AUDIT_CONTROL,CAP_SETFCAP,CAP_MAC_OVERRIDE,CAP_MAC_ADMIN,CAP_SYSLOG,CAP_WAKE_ALARM,CAP_BLOCK_SUSPEND,CAP_AUDIT_READ,CAP_PERFMON,CAP_BPF,CAP_CHECKPOINT_RESTORE

# The syscall column of the table in $T_OUT, one line.
table_names() { awk 'f { printf "%s%s", sep, $1; sep = " " } /^SYSCALL /{ f = 1 }' "$T_OUT"; }

t_names() {
	local name=$1 want=$2 got
	got=$(table_names)
	if [ "$got" = "$want" ]; then
		t_pass "$name"
	else
		t_fail "$name" "syscalls '$got', want '$want'"
	fi
}

t_no_line() {
	if grep -Eq -- "$2" "$T_OUT"; then
		t_fail "$1" "a stdout line matches /$2/"
		grep -E -- "$2" "$T_OUT" | head -3 | sed 's/^/       | /'
	else
		t_pass "$1"
	fi
}

# ---- command line errors: status 2, one line plus the hint
prof=$T_TMP/allow.json
cat >"$prof" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["chmod"], "action": "SCMP_ACT_ERRNO"}]}
EOF
t_run "bad --caps is a usage error" 2 '' "$SECCAP" show --caps CAP_BOGUS "$prof"
t_err_first "bad --caps: message" \
	"seccap show: unknown capability 'CAP_BOGUS' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN"
t_err "bad --caps: hint" "see 'seccap show --help'"
t_err_lines "bad --caps: two lines" 2
t_run "--caps with a typo gets a suggestion" 2 '' "$SECCAP" show --caps SYS_ADMN "$prof"
t_err_first "--caps suggestion" \
	"seccap show: unknown capability 'SYS_ADMN' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN; did you mean 'CAP_SYS_ADMIN'?"
t_run "bad --arch" 2 '' "$SECCAP" show --arch amd46 "$prof"
t_err_first "bad --arch: message" "seccap show: unknown architecture 'amd46' for --arch; did you mean 'amd64'?"
t_run "bad --kernel" 2 '' "$SECCAP" show --kernel six "$prof"
t_err_first "bad --kernel: message" \
	"seccap show: invalid kernel version 'six' for --kernel; expected X.Y such as 6.1"
t_run "bad --format" 2 '' "$SECCAP" show --format jsn "$prof"
t_err_first "bad --format: message" "seccap show: unknown format 'jsn'; did you mean 'json'?"
t_run "two profiles" 2 '' "$SECCAP" show "$prof" "$prof"
t_err_first "two profiles: message" "seccap show: unexpected argument '$prof'; give one profile"

# ---- bad profiles: status 1, GNU file:line message
t_run "missing profile" 1 '' "$SECCAP" show "$T_TMP/nonexistent.json"
t_ok "missing profile: names the file" grep -q "$T_TMP/nonexistent.json" "$T_ERR"
t_err_lines "missing profile: one line" 1
# A typo in a rule that denies is an error (it would be a hole).
printf '{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [{"names": ["chmdo"], "action": "SCMP_ACT_ERRNO"}]}\n' >"$T_TMP/typo.json"
t_run "a typo in the profile" 1 '' "$SECCAP" show "$T_TMP/typo.json"
t_ok "typo: file:line:col error" grep -Eq "^$T_TMP/typo.json:2:[0-9]+: error: .*chmdo" "$T_ERR"
printf '{"defaultAction": \n' >"$T_TMP/broken.json"
t_run "broken JSON" 1 '' "$SECCAP" show "$T_TMP/broken.json"
t_ok "broken JSON: file:line error" grep -Eq "^$T_TMP/broken.json:[0-9]+(:[0-9]+)?: error: " "$T_ERR"

# ---- the embedded default
t_run "no profile: the embedded default" 0 '~^accept4 ' "$SECCAP" show --caps docker
t_line "embedded default: name" '^profile: +default$'
t_run "'default' names it too" 0 '~^accept4 ' "$SECCAP" show --caps docker default

if ! t_have_shared; then
	t_skip "profiles from ../shared" "$T_SHARED/profiles is missing"
	t_done
fi

# ---- moby's TestLoadConditional, through the table
cond=$P/moby-fixture-conditional_include.json
t_run "conditional: --caps none" 0 - "$SECCAP" show --caps none "$cond"
t_names "conditional: no caps -> chmod, ptrace" "chmod ptrace"
t_run "conditional: --caps CAP_SYSLOG" 0 - "$SECCAP" show --caps CAP_SYSLOG "$cond"
t_names "conditional: CAP_SYSLOG -> chmod, syslog, ptrace" "chmod syslog ptrace"
t_run "conditional: --caps CAP_SYS_ADMIN" 0 - "$SECCAP" show --caps CAP_SYS_ADMIN "$cond"
t_names "conditional: CAP_SYS_ADMIN -> chmod" "chmod"
t_run "conditional: names as on the command line" 0 - "$SECCAP" show --caps syslog,Sys_Admin "$cond"
t_names "conditional: syslog,Sys_Admin -> chmod, syslog" "chmod syslog"

# Without --caps: the permitted set of the process running show.
prm=$(awk '/^CapPrm:/ { print $2 }' /proc/self/status)
want=chmod
(((0x$prm >> 34) & 1)) && want="$want syslog"
(((0x$prm >> 21) & 1)) || want="$want ptrace"
t_run "conditional: default --caps is the permitted set" 0 - "$SECCAP" show "$cond"
t_names "conditional: permitted set (CapPrm $prm) -> $want" "$want"
t_line "caps header says where the set came from" '^caps: .*\(permitted set of this process\)$'
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	t_run "conditional: an unprivileged user's permitted set is empty" 0 - \
		setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all \
		"$SECCAP" show "$cond"
	t_names "conditional: unprivileged -> chmod, ptrace" "chmod ptrace"
else
	t_skip "conditional: unprivileged user" "needs root and setpriv"
fi

# ---- --explain
t_run "--explain" 0 - "$SECCAP" show --explain --caps none "$cond"
t_line "--explain: the dropped group, with file:line and why" \
	"^$cond:8: dropped: needs CAP_SYSLOG: syslog\$"
t_line "--explain: the kept group says why" "^$cond:15: kept: .*: ptrace\$"
t_no_line "--explain: unconditional groups are not listed" "^$cond:4: "
t_names "--explain: the table follows" "chmod ptrace"
t_run "--explain CAP_SYS_ADMIN" 0 - "$SECCAP" show --explain --caps CAP_SYS_ADMIN "$cond"
t_line "--explain: excluded by a cap" "^$cond:15: dropped: excluded by CAP_SYS_ADMIN: ptrace\$"
t_run "--explain with --format oci: explanation on stderr" 0 - \
	"$SECCAP" show --explain --format oci --caps none "$cond"
t_ok "--explain oci: stderr has the lines" grep -q "^$cond:8: dropped: needs CAP_SYSLOG: syslog\$" "$T_ERR"
t_ok "--explain oci: stdout is pure JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T_OUT"

dd=$P/docker-default.json
t_run "--explain on Docker's default" 0 - "$SECCAP" show --explain --caps docker --kernel 4.4 --arch amd64 "$dd"
t_line "--explain: ptrace group needs kernel 4.8" "^$dd:[0-9]+: dropped: needs kernel >= 4.8 \(have 4.4\): process_vm_readv process_vm_writev ptrace\$"
t_line "--explain: CAP_SYS_ADMIN group dropped" "^$dd:[0-9]+: dropped: needs CAP_SYS_ADMIN: "
t_line "--explain: arch-only group dropped" "^$dd:[0-9]+: dropped: only for arches .*: "

# ---- the table for Docker's default, default caps, amd64, 6.1
t_run "table: Docker's default" 0 - "$SECCAP" show --caps docker --arch amd64 --kernel 6.1 "$dd"
cp "$T_OUT" "$T_TMP/dd-table"
t_line "table: default action" '^default: +ERRNO\(EPERM\)$'
t_line "table: architectures from archMap" '^architectures: +SCMP_ARCH_X86_64 SCMP_ARCH_X86 SCMP_ARCH_X32$'
t_line "table: arch" '^arch: +amd64 \(SCMP_ARCH_X86_64\)$'
t_line "table: kernel" '^kernel: +6\.1 \(--kernel\)$'
t_line "table: caps" '^caps: +CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_NET_RAW,CAP_SYS_CHROOT,CAP_MKNOD,CAP_AUDIT_WRITE,CAP_SETFCAP \(--caps docker\)$'
t_line "table: ENOSYS rule for x86_64" '^enosys: +syscalls above [0-9]+ \([a-z0-9_]+\) on x86_64 return ENOSYS$'
t_line "table: ENOSYS rule for x32 (x32 numbers)" '^ +syscalls above 0x400[0-9a-f]+ \([a-z0-9_]+\) on x32 return ENOSYS$'
t_line "table: ENOSYS rule for x86" '^ +syscalls above [0-9]+ \([a-z0-9_]+\) on x86 return ENOSYS$'
line=$(grep -n '"accept4"' "$dd" | cut -d: -f1)
t_line "table: a row with its file:line" "^accept4 +ALLOW +$dd:$line +-\$"
t_line "table: clone's flag mask" "^clone +ALLOW +$dd:[0-9]+ +arg0 & 0x7e020000 == 0\$"
t_line "table: personality 0xffffffff" "^personality +ALLOW +$dd:[0-9]+ +arg0 == 0xffffffff\$"
t_line "table: personality PER_LINUX32" "^personality +ALLOW +$dd:[0-9]+ +arg0 == 8\$"
t_line "table: socket below AF_ALG" "^socket +ALLOW +$dd:[0-9]+ +arg0 < 38\$"
t_line "table: socket above AF_VSOCK" "^socket +ALLOW +$dd:[0-9]+ +arg0 > 40\$"
t_line "table: clone3 gets ENOSYS" "^clone3 +ERRNO\(ENOSYS\) +$dd:718 +-\$"
t_line "table: a syscall of the 32-bit ABI" "^waitpid +ALLOW +$dd:[0-9]+ +- +\[not a syscall on x86_64; applies to x86\]\$"
t_line "table: chroot kept (CAP_SYS_CHROOT is a default cap)" "^chroot +ALLOW +$dd:741 +-\$"
t_no_line "table: mount dropped (needs CAP_SYS_ADMIN)" '^mount '
t_no_line "table: ppc64le-only rules dropped" '^sync_file_range2 '
t_line "table: BPF size" '^program: +[0-9]+ BPF instructions$'
t_run "table: the 2019 profile has its own ENOSYS bound" 0 - "$SECCAP" show --caps docker --arch amd64 --kernel 6.1 "$P/docker-default-2019.json"
t_line "2019 profile: x86_64 bound is io_pgetevents (333)" '^enosys: +syscalls above 333 \(io_pgetevents\) on x86_64 return ENOSYS$'
t_run "table: an allowing default has no ENOSYS rule" 0 - "$SECCAP" show --caps none "$prof"
t_line "allowing default: ENOSYS line" '^enosys: +none \(the default action lets unknown syscalls run\)$'
t_line "allowing default: chmod row" "^chmod +ERRNO\(EPERM\) +$prof:2 +-\$"

# AND, OR, masks, and rules that cannot take effect.
cat >"$T_TMP/args.json" <<'EOF'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"defaultErrnoRet": 1,
	"syscalls": [
		{"names": ["write"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
			  {"index": 2, "value": 0, "op": "SCMP_CMP_NE"}]},
		{"names": ["read"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
			  {"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]},
		{"names": ["fchmod"], "action": "SCMP_ACT_ALLOW",
		 "args": [{"index": 1, "value": 448, "valueTwo": 256, "op": "SCMP_CMP_MASKED_EQ"}]},
		{"names": ["getpid", "execve"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["getpid"], "action": "SCMP_ACT_KILL"},
		{"names": ["open"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
		{"names": ["close"], "action": "SCMP_ACT_TRAP",
		 "args": [{"index": 0, "value": 100, "op": "SCMP_CMP_GE"}]},
		{"names": ["close"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["socketcall"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["setuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 12345}
	]
}
EOF
a=$T_TMP/args.json
t_run "table: conditions" 0 - "$SECCAP" show --caps none --arch amd64 "$a"
t_line "AND of two indices" "^write +ALLOW +$a:5 +arg0 == 1 AND arg2 != 0\$"
t_line "OR when an index repeats (runc)" "^read +ALLOW +$a:8 +arg0 == 1 OR arg0 == 2\$"
t_line "masked compare" "^fchmod +ALLOW +$a:11 +arg1 & 0x1c0 == 256\$"
t_line "a later rule for a decided syscall" "^getpid +KILL +$a:14 +- +\[no effect: the rule at line 13 decides\]\$"
t_line "a rule equal to the default" "^open +ERRNO\(EPERM\) +$a:15 +- +\[no effect: same as the default action\]\$"
t_line "a conditional rule replaced by a later one" "^close +TRAP +$a:16 +arg0 >= 100 +\[no effect: replaced by the rule at line 18\]\$"
t_line "a syscall of no arch in the filter" "^socketcall +ALLOW +$a:19 +- +\[no effect: not a syscall on x86_64\]\$"
t_line "errno above 4095" "^setuid +ERRNO\(12345, returned as 4095\) +$a:20 +-\$"

# ---- --format oci: exactly moby's object, same groups, same order
oci_case() {
	local name=$1 profile=$2 seccap_caps=$3 moby_caps=$4 arch=$5 kernel=$6
	if ! python3 "$MOBY" "$profile" --caps "$moby_caps" --arch "$arch" \
		--kernel "$kernel" >"$T_TMP/want.json" 2>"$T_TMP/moby.err"; then
		t_fail "$name" "the moby model failed: $(head -1 "$T_TMP/moby.err")"
		return
	fi
	t_run "$name: show --format oci" 0 - "$SECCAP" show --format oci \
		--caps "$seccap_caps" --arch "$arch" --kernel "$kernel" "$profile" || return
	cp "$T_OUT" "$T_TMP/got.json"
	if python3 "$MOBY" --compare "$T_TMP/want.json" "$T_TMP/got.json" 2>"$T_TMP/cmp.err"; then
		t_pass "$name: equals moby's"
	else
		t_fail "$name: equals moby's" "$(cat "$T_TMP/cmp.err")"
	fi
}
if command -v python3 >/dev/null; then
	oci_case "default.json, docker caps, amd64, 6.1" "$dd" docker "$DOCKER_CAPS" amd64 6.1
	oci_case "default.json, docker+SYS_ADMIN" "$dd" docker,SYS_ADMIN "$DOCKER_CAPS,CAP_SYS_ADMIN" amd64 6.1
	oci_case "default.json, no caps, kernel 4.4" "$dd" none "" amd64 4.4
	oci_case "default.json, all caps, arm64" "$dd" all "$ALL_CAPS" arm64 6.1
	oci_case "default.json, docker caps, s390x" "$dd" docker "$DOCKER_CAPS" s390x 5.10
	oci_case "default.json, docker caps, ppc64le (no archMap entry)" "$dd" docker "$DOCKER_CAPS" ppc64le 6.1
	oci_case "default.json, docker caps, x86" "$dd" docker "$DOCKER_CAPS" x86 6.1
	oci_case "default.json, BPF+PERFMON+SYSLOG" "$dd" CAP_BPF,CAP_PERFMON,CAP_SYSLOG CAP_BPF,CAP_PERFMON,CAP_SYSLOG amd64 6.1
	oci_case "2019 default, docker caps" "$P/docker-default-2019.json" docker "$DOCKER_CAPS" amd64 6.1
	oci_case "chmod-wake-alarm, docker caps" "$P/chmod-wake-alarm.json" docker "$DOCKER_CAPS" amd64 6.1
	oci_case "chmod-wake-alarm, +WAKE_ALARM" "$P/chmod-wake-alarm.json" docker,WAKE_ALARM "$DOCKER_CAPS,CAP_WAKE_ALARM" amd64 6.1
	oci_case "fixture example.json (name, errnoRet 12345)" "$P/moby-fixture-example.json" none "" amd64 6.1
	oci_case "fixture default-old-format.json" "$P/moby-fixture-default-old-format.json" docker "$DOCKER_CAPS" amd64 6.1
	oci_case "fixture conditional_include, CAP_SYSLOG" "$cond" CAP_SYSLOG CAP_SYSLOG amd64 6.1
	oci_case "labs deny.json" "$P/docker-labs-deny.json" none "" amd64 6.1
	oci_case "podman's profile" "$P/podman-default.json" docker "$DOCKER_CAPS" amd64 6.1
	cat >"$T_TMP/fields.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "flags": ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
 "listenerPath": "/run/seccomp-agent.sock", "listenerMetadata": "a<b&c>",
 "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "errnoRet": 0,
   "args": [{"index": 0, "value": 18446744073709551615, "valueTwo": 0, "op": "SCMP_CMP_LE"}]},
  {"names": ["getpid"], "action": "SCMP_ACT_LOG"},
  {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 0}]}
EOF
	oci_case "every top-level field, uint64 max, errnoRet 0" "$T_TMP/fields.json" none "" amd64 6.1
else
	t_skip "--format oci against moby" "python3 is not installed"
fi

# The embedded default is Docker's default.json: the same OCI object.
for caps in docker none all docker,SYS_ADMIN; do
	t_run "embedded default, --caps $caps" 0 - "$SECCAP" show --format oci --caps "$caps" --kernel 6.1 --arch amd64
	cp "$T_OUT" "$T_TMP/embedded.json"
	t_run "default.json, --caps $caps" 0 - "$SECCAP" show --format oci --caps "$caps" --kernel 6.1 --arch amd64 "$dd"
	t_ok "embedded default resolves as default.json (--caps $caps)" cmp -s "$T_OUT" "$T_TMP/embedded.json"
done

# ---- --format ini / json: the resolved profile, which resolves to itself
for fmt in json ini; do
	t_run "--format $fmt" 0 - "$SECCAP" show --format "$fmt" --caps docker --arch amd64 --kernel 6.1 "$dd"
	cp "$T_OUT" "$T_TMP/resolved.$fmt"
	t_run "--format $fmt: reads back" 0 - "$SECCAP" show --format oci --caps none --arch amd64 --kernel 4.4 "$T_TMP/resolved.$fmt"
	cp "$T_OUT" "$T_TMP/again.json"
	t_run "--format oci of the original" 0 - "$SECCAP" show --format oci --caps docker --arch amd64 --kernel 6.1 "$dd"
	t_ok "--format $fmt: no conditions left, same filter" cmp -s "$T_OUT" "$T_TMP/again.json"
done
t_ok "--format json: JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T_TMP/resolved.json"
t_ok "--format json: no includes left" sh -c '! grep -q "\"includes\"" "$1"' _ "$T_TMP/resolved.json"

# ---- --format pfc
t_run "--format pfc" 0 - "$SECCAP" show --format pfc --caps none "$cond"
t_line "pfc: mentions chmod" 'chmod'
t_line "pfc: mentions ptrace" 'ptrace'
t_no_line "pfc: dropped syslog absent" 'syslog'
# Rules libseccomp 2.5.4 merges wrongly are checked by seccap, and listed.
t_run "--format pfc: seccap's own checks" 0 - "$SECCAP" show --format pfc --caps none \
	"$T_ROOT/tests/data/differential/libseccomp-shapes.json"
t_line "pfc: own checks announced" '^# seccap: SCMP_ARCH_X86_64 syscalls whose rules libseccomp 2\.5\.4 merges wrongly, checked by seccap in this order'
t_line "pfc: crossing rules in tree order" '^#   syscall "personality" \(135\) if \$a0 >= 0 && \(\$a1 & 0x2\) == 0: action ALLOW;$'
t_line "pfc: loop shape" '^#   syscall "getpgid" \(121\) if \$a0 != 2 && \$a2 == 1: action ALLOW;$'
t_line "pfc: i386 socket through socketcall" '^#   syscall "socketcall" \(102\) if \$a0 == 1: action ALLOW;$'

# ---- --format bpf
t_run "--format bpf" 0 - "$SECCAP" show --format bpf --caps docker "$dd"
cp "$T_OUT" "$T_TMP/dd.bpf"
size=$(stat -c %s "$T_TMP/dd.bpf")
t_ok "bpf: a whole number of 8-byte instructions" test "$size" -gt 0 -a $((size % 8)) -eq 0
t_run "table of the same" 0 - "$SECCAP" show --caps docker "$dd"
n=$(sed -n 's/^program: *\([0-9]*\) BPF instructions$/\1/p' "$T_OUT")
t_ok "bpf: as long as the compiled program ($n instructions)" test "$size" -eq $((n * 8))
t_run "-o FILE" 0 '' "$SECCAP" show --format bpf --caps docker -o "$T_TMP/o.bpf" "$dd"
t_ok "-o FILE: same bytes" cmp -s "$T_TMP/o.bpf" "$T_TMP/dd.bpf"
t_run "-o for text" 0 '' "$SECCAP" show --caps docker -o "$T_TMP/o.txt" "$dd"
t_run "same text on stdout" 0 - "$SECCAP" show --caps docker "$dd"
t_ok "-o FILE: same text" cmp -s "$T_OUT" "$T_TMP/o.txt"
t_run "-o into a missing directory" 1 '' "$SECCAP" show -o "$T_TMP/nowhere/x" --caps docker "$dd"
t_err_first "-o missing directory: message" \
	"seccap show: cannot open '$T_TMP/nowhere/x' for writing: No such file or directory"
if [ -x "$HELPERS/show_loadbpf" ] && [ -x "$HELPERS/apply_try" ]; then
	t_run "bpf: loads as bwrap loads it, and filters" 1 \
		"$(printf 'getpid: ok\nkeyctl: EPERM\nunshare-user: EPERM')" \
		"$HELPERS/show_loadbpf" "$T_TMP/dd.bpf" "$HELPERS/apply_try" getpid keyctl unshare-user
else
	t_skip "bpf: loads as bwrap loads it" "helpers not built (make check builds them)"
fi
if command -v script >/dev/null; then
	t_run "bpf: refused on a terminal" 0 - script -qec "'$SECCAP' show --format bpf --caps docker '$dd'; echo status=\$?" /dev/null
	t_line "bpf on a terminal: message" "refusing to write a binary BPF program to a terminal"
	t_line "bpf on a terminal: usage status" "status=2"
else
	t_skip "bpf: refused on a terminal" "script(1) is not installed"
fi

# An unknown name in an allowing rule is warned about once, by the validator
# (the compiler, which skips it, must not say it again).
printf '[profile]\ndefault-action = errno\n\n[x]\naction = allow\nsyscalls = read\n\tfoobarbaz\n' >"$T_TMP/unknown-allow.ini"
t_run "unknown name in an allow rule: shown" 0 - "$SECCAP" show --caps none "$T_TMP/unknown-allow.ini"
t_err_first "unknown name in an allow rule: the warning" \
	"$T_TMP/unknown-allow.ini:7:2: warning: unknown syscall 'foobarbaz', ignoring"
t_err_lines "unknown name in an allow rule: warned once" 1

# Podman's errno field may be a number: the table shows the errno the
# filter returns (it once said EPERM here while the filter gave EACCES).
printf '{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [{"names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errno": "13"}]}\n' >"$T_TMP/errno-number.json"
t_run "errno given as a number" 0 - "$SECCAP" show --arch amd64 "$T_TMP/errno-number.json"
t_line "errno as a number: the table says EACCES" '^chmod +ERRNO\(EACCES\) '
t_run "errno given as a number: pfc" 0 - "$SECCAP" show --arch amd64 --format pfc "$T_TMP/errno-number.json"
t_line "errno as a number: the filter returns 13" 'action ERRNO\(13\);'

t_done
