#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# seccap check: exit statuses, GNU-form diagnostics on stderr, every file
# checked, --strict and --quiet, and every reference profile passes.
. "$(dirname "$0")/lib.sh"
t_need_binary

d=$T_TMP
cat >"$d/ok.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"defaultErrnoRet": 1,
	"syscalls": [
		{
			"names": ["read", "write", "exit_group"],
			"action": "SCMP_ACT_ALLOW",
			"comment": "the bare minimum"
		},
		{
			"names": ["ptrace"],
			"action": "SCMP_ACT_ALLOW",
			"includes": { "caps": ["CAP_SYS_PTRACE"], "minKernel": "4.8" }
		}
	]
}
JSON
# An unknown name in a deny rule: a typo there is a hole, so an error.
cat >"$d/deny-typo.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [
		{ "names": ["mount", "ptrase"], "action": "SCMP_ACT_ERRNO" }
	]
}
JSON
# Two problems in one file: both are reported.
cat >"$d/two.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [
		{ "names": ["mount"], "action": "SCMP_ACT_DENY" },
		{ "names": ["umount2"], "action": "SCMP_ACT_ERRNO", "errnoRet": 70000 }
	]
}
JSON
# An unknown name in an allow rule only fails to allow: a warning.
cat >"$d/allow-typo.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"syscalls": [
		{ "names": ["read", "wirte"], "action": "SCMP_ACT_ALLOW" }
	]
}
JSON
printf '{\n\t"defaultAction": "SCMP_ACT_ALLOW",\n\t"syscalls": [\n\t\t{ "names": ["ab\\u001b[31m\\nc"], "action": "SCMP_ACT_ERRNO" }\n\t]\n}\n' >"$d/escape.json"
printf '{\n\t"defaultAction": "SCMP_ACT_ERRNO",\n' >"$d/syntax.json"

# ---- valid profiles
t_run "valid JSON: exit 0" 0 '' "$SECCAP" check "$d/ok.json"
t_err_lines "valid JSON: nothing on stderr" 0
t_run "import makes an INI to check" 0 '' "$SECCAP" import -o "$d/ok.ini" "$d/ok.json"
t_run "valid INI: exit 0" 0 '' "$SECCAP" check "$d/ok.ini"
t_err_lines "valid INI: nothing on stderr" 0
t_run "several valid files" 0 '' "$SECCAP" check "$d/ok.json" "$d/ok.ini"
t_run "'-' is standard input" 0 '' sh -c 'exec "$1" check - <"$2"' _ "$SECCAP" "$d/ok.json"
t_run "options after the files" 0 '' "$SECCAP" check "$d/ok.json" --strict
cp "$d/ok.json" "$d/-dash.json"
t_run "-- ends the options (file named -dash.json)" 0 '' sh -c 'cd "$1" && exec "$2" check -- -dash.json' _ "$d" "$SECCAP"

# ---- invalid profiles
t_run "unknown syscall in a deny rule: exit 1" 1 '' "$SECCAP" check "$d/deny-typo.json"
t_err_match "GNU form: file:line:col: error: ... 'ptrase'" \
	"^$d/deny-typo.json:4:[0-9]+: error: .*'ptrase'"
t_err_lines "one problem, one line" 1
t_run "every problem of a file" 1 '' "$SECCAP" check "$d/two.json"
t_err_match "first problem: the action" "^$d/two.json:4:[0-9]+: error: .*'SCMP_ACT_DENY'"
t_err_match "second problem: the errno" "^$d/two.json:5:[0-9]+: error: .*70000"
t_run "syntax error: exit 1" 1 '' "$SECCAP" check "$d/syntax.json"
t_err_match "syntax error names file and line" "^$d/syntax.json:[0-9]+(:[0-9]+)?: error: "
t_err_lines "syntax error: one line" 1
t_run "every file is checked" 1 '' "$SECCAP" check "$d/deny-typo.json" "$d/ok.json" "$d/two.json"
t_err_match "first bad file reported" "^$d/deny-typo.json:"
t_err_match "later bad file reported" "^$d/two.json:"
t_run "a bad file among good ones still fails" 1 '' "$SECCAP" check "$d/ok.json" "$d/deny-typo.json"
t_run "missing file: exit 1" 1 '' "$SECCAP" check "$d/missing.json"
t_err_match "missing file: names it and the reason" "^$d/missing.json: error: .*No such file or directory$"
t_err_lines "missing file: one line" 1
t_run "missing file does not stop the others" 1 '' "$SECCAP" check "$d/missing.json" "$d/deny-typo.json"
t_err_match "the file after a missing one is checked" "^$d/deny-typo.json:4:"
t_run "a directory: exit 1" 1 '' "$SECCAP" check "$d"
t_err_match "a directory: says so" "^$d: error: .*Is a directory"
t_run "control characters in a message are escaped" 1 '' "$SECCAP" check "$d/escape.json"
t_ok "no raw escape byte on stderr" bash -c '! grep -q $'"'"'\e'"'"' "$1"' _ "$T_ERR"
t_err_match "escape shown as \\x1b" 'ab\\x1b\[31m'
t_err_lines "a newline in a name does not split the line" 1

# Messages name keys the way the file's format spells them, whatever it is
# called and wherever it comes from.
printf '[profile]\ndefault-action = allow\n\n[m]\naction = errno\nerrno = 70000\nsyscalls = mount\n' >"$d/errno.conf"
t_run "INI under another name" 1 '' "$SECCAP" check "$d/errno.conf"
t_err_match "INI under another name: INI key in the message" "^$d/errno.conf:6:9: error: 'errno' 70000 "
t_run "INI on stdin" 1 '' sh -c 'exec "$1" check - <"$2"' _ "$SECCAP" "$d/errno.conf"
t_err_match "INI on stdin: INI key in the message" "^<stdin>:6:9: error: 'errno' 70000 "
t_run "JSON on stdin" 1 '' sh -c 'exec "$1" check - <"$2"' _ "$SECCAP" "$d/two.json"
t_err_match "JSON on stdin: JSON key in the message" "^<stdin>:5:[0-9]+: error: 'errnoRet' 70000 "

# ---- --strict and --quiet
t_run "warning alone: exit 0" 0 '' "$SECCAP" check "$d/allow-typo.json"
t_err_match "warning is printed in GNU form" "^$d/allow-typo.json:4:[0-9]+: warning: .*'wirte'"
t_run "--quiet hides warnings" 0 '' "$SECCAP" check --quiet "$d/allow-typo.json"
t_err_lines "--quiet: nothing on stderr" 0
t_run "-q" 0 '' "$SECCAP" check -q "$d/allow-typo.json"
t_run "--strict: a warning fails" 1 '' "$SECCAP" check --strict "$d/allow-typo.json"
t_err_match "--strict: the warning is shown" "^$d/allow-typo.json:4:[0-9]+: warning: .*'wirte'"
t_run "--strict --quiet still shows what fails" 1 '' "$SECCAP" check --strict --quiet "$d/allow-typo.json"
t_err_lines "--strict --quiet: the warning" 1
t_run "-sq bundled" 1 '' "$SECCAP" check -sq "$d/allow-typo.json"
t_run "--strict on a clean profile" 0 '' "$SECCAP" check --strict "$d/ok.json"
t_run "--quiet does not hide errors" 1 '' "$SECCAP" check --quiet "$d/deny-typo.json"
t_err_lines "--quiet: the error is shown" 1

# ---- check refuses exactly what apply, show and the preload refuse
# Each profile validates, but the filter cannot be built: check must fail
# with the very first line apply prints (exit 1 against apply's 125, each
# applet's "seccap failed" status), and the preload must refuse it too.
LIB=$T_BUILD/libcapfilter.so
same_as_apply() {
	local f=$1 caps=$2 first
	shift 2
	t_run "$f: check fails" 1 '' "$SECCAP" check "$T_ROOT/tests/bad/$f"
	first=$(head -n 1 "$T_ERR")
	case $first in
	"$T_ROOT/tests/bad/$f":[0-9]*:[0-9]*": error: "*) t_pass "$f: check names file:line:col" ;;
	*) t_fail "$f: check names file:line:col" "got: $first" ;;
	esac
	t_run "$f: apply --caps $caps fails, 125" 125 '' \
		"$SECCAP" apply --caps "$caps" "$T_ROOT/tests/bad/$f" -- true
	t_err_first "$f: apply's first line is check's" "$first"
	t_run "$f: show --caps $caps fails" 1 '' \
		"$SECCAP" show --caps "$caps" "$T_ROOT/tests/bad/$f"
	t_err_first "$f: show's first line is check's" "$first"
	if [ -e "$LIB" ] && ! ldd "$LIB" 2>/dev/null | grep -q libasan; then
		t_run "$f: the preload refuses it, 125" 125 '' \
			env LD_PRELOAD="$LIB" SECCAP_CACHE=0 SECCAP_CAPS="$caps" \
			SECCAP_PROFILE="$T_ROOT/tests/bad/$f" true
		t_err_first "$f: the preload's line" \
			"libcapfilter: $(printf '%s' "$first" | sed -E 's/^([^:]*:[0-9]+):[0-9]+: error: /\1: /')"
	fi
}
same_as_apply json-same-args-two-actions.json none
if [ "$(id -u)" = 0 ]; then
	same_as_apply json-same-args-two-actions-with-cap.json SYS_ADMIN
else
	t_skip "json-same-args-two-actions-with-cap.json: apply" "needs root to hold CAP_SYS_ADMIN"
fi
# The conflict only exists when CAP_SYS_ADMIN is held: check finds it
# without being told, says under which set, and --caps narrows the check.
t_run "conflict under one capability set: check finds it" 1 '' \
	"$SECCAP" check "$T_ROOT/tests/bad/json-same-args-two-actions-with-cap.json"
t_err "conflict under one capability set: says which set" \
	"seccap check: $T_ROOT/tests/bad/json-same-args-two-actions-with-cap.json: this fails when the capability set is CAP_SYS_ADMIN (--caps chooses the set to check)"
t_run "--caps none: the conflict is not there" 0 '' \
	"$SECCAP" check --caps none "$T_ROOT/tests/bad/json-same-args-two-actions-with-cap.json"
t_run "--caps docker,SYS_ADMIN: it is" 1 '' \
	"$SECCAP" check --caps docker,SYS_ADMIN "$T_ROOT/tests/bad/json-same-args-two-actions-with-cap.json"
t_err_lines "--caps: one line, no note" 1
# --arch compiles for another machine, as show --arch does.
t_run "--arch arm64: the default profile builds" 0 '' "$SECCAP" check --arch arm64 "$T_ROOT/contrib/profiles/docker-default.json"
t_run "--arch arm64: the conflict is found there too" 1 '' \
	"$SECCAP" check --arch arm64 "$T_ROOT/tests/bad/json-same-args-two-actions.json"
t_run "--arch bogus: usage error" 2 '' "$SECCAP" check --arch bogus "$d/ok.json"
t_err_first "--arch bogus: message" "seccap check: unknown architecture 'bogus' for --arch; use a Go name such as amd64, arm64, x86 or an SCMP_ARCH_* name"
t_run "--kernel 4.7: ok.json builds without its minKernel rule" 0 '' "$SECCAP" check --kernel 4.7 "$d/ok.json"
t_run "--kernel x: usage error" 2 '' "$SECCAP" check --kernel x "$d/ok.json"

# A compiled filter is judged as apply loads it.
"$SECCAP" show --caps docker --format compiled -o "$d/docker.scbpf" "$d/ok.json"
t_run "compiled file: passes" 0 '' "$SECCAP" check "$d/docker.scbpf"
t_run "compiled file, --caps docker: passes" 0 '' "$SECCAP" check --caps docker "$d/docker.scbpf"
t_run "compiled file, --caps none: fails as apply --caps none would" 1 '' \
	"$SECCAP" check --caps none "$d/docker.scbpf"
t_err_first "compiled file, --caps none: message" \
	"$d/docker.scbpf: error: compiled for the capability set docker, but none was asked for; compile the profile for that set (seccap show --format compiled --caps ...) or do not ask for a set"
head -c 300 "$d/docker.scbpf" >"$d/cut.scbpf"
t_run "compiled file, truncated: fails" 1 '' "$SECCAP" check "$d/cut.scbpf"
t_err_match "compiled file, truncated: says so" "^$d/cut.scbpf: error: compiled filter is damaged"
# A profile that takes far longer than the limit to build (t_slow_profile):
# check stops as apply does.
t_slow_profile "$d/loop.json"
t_run "a profile too slow to build: the time limit, 125" 125 '' \
	env SECCAP_COMPILE_TIMEOUT=1 "$SECCAP" check "$d/loop.json"
t_err_match "time limit: message" "^seccap check: $d/loop.json: building the filter took more than 1 s"

# ---- usage
t_run "no file: usage error" 2 '' "$SECCAP" check
t_err_first "no file: message" "seccap check: no profile given"
t_err "no file: hint" "see 'seccap check --help'"
t_err_lines "no file: two lines" 2
t_run "--strict=yes" 2 '' "$SECCAP" check --strict=yes "$d/ok.json"
t_err_first "--strict=yes: message" "seccap check: option '--strict' doesn't allow an argument"
t_run "a usage error checks nothing" 2 '' "$SECCAP" check --bogus "$d/deny-typo.json"
t_err_lines "a usage error: only its two lines" 2

# ---- through the applet links
mkdir "$d/bin"
t_run "install links" 0 '' "$SECCAP" --install "$d/bin"
ln -s "$SECCAP" "$d/bin/check"
t_run "seccap-check: valid" 0 '' "$d/bin/seccap-check" "$d/ok.json"
t_run "seccap-check: invalid" 1 '' "$d/bin/seccap-check" "$d/deny-typo.json"
t_err_match "seccap-check: same message" "^$d/deny-typo.json:4:[0-9]+: error: .*'ptrase'"
t_run "check: valid" 0 '' "$d/bin/check" "$d/ok.json"
t_run "check: invalid" 1 '' "$d/bin/check" "$d/deny-typo.json"
t_run "check: usage error names seccap check" 2 '' "$d/bin/check"
t_err_first "check: message" "seccap check: no profile given"

# ---- every reference profile passes
if t_have_shared; then
	for f in "$T_SHARED"/profiles/*.json; do
		t_run "shared profile $(basename "$f") passes" 0 - "$SECCAP" check "$f"
		t_ok "shared profile $(basename "$f"): no error lines" \
			bash -c '! grep -q ": error: " "$1"' _ "$T_ERR"
	done
else
	t_skip "shared profiles pass check" "$T_SHARED/profiles is absent"
fi

t_done
