# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
#
# Tiny helpers for the command-line tests (sourced by tests/cli/test_*.sh).
# Each test script runs the BUILT binary and ends with t_done, which prints
# "NAME: N passed, N failed, N skipped" and exits non-zero on any failure.
#
#   t_run NAME STATUS EXPECTED CMD...   run CMD (stdin /dev/null), check its
#        exit status and stdout.  STATUS is a number or '!0' (any failure
#        that is not a crash).  EXPECTED is '-' (stdout not checked), '~ERE'
#        (some stdout line matches), or the exact stdout (trailing newlines
#        ignored; '' = empty).  Any status >= 128 that was not expected is a
#        crash and fails.  Stdout/stderr stay in $T_OUT/$T_ERR for checks.
#   t_err NAME LINE        stderr of the last t_run has this exact line
#   t_err_first NAME LINE  ... its first line is exactly LINE
#   t_err_lines NAME N     ... it has exactly N lines
#   t_err_match NAME ERE   ... some line of it matches ERE
#   t_line NAME ERE        stdout of the last t_run has a line matching ERE
#   t_ok NAME CMD...       passes when CMD succeeds (file comparisons, ...)
#   t_pass/t_fail/t_skip NAME [WHY]
#   t_kernel FEATURE NAME  true when the kernel offers FEATURE (ia32, userns,
#        mseal, usernotif, seccomp: tests/lib/kernel.c's probes, SECCAP_TEST_NO_* honoured);
#        otherwise NAME is skipped with the probe's reason
#   t_need_built FILE...   end the script with one failure if one is missing
#
# Environment: SECCAP_BUILD (build dir, default build/ in the project),
# SECCAP_SHARED (default ../shared beside the project), SECCAP_WRAPPER
# (a command put before every t_run, e.g. "valgrind -q --error-exitcode=99").

set -u

T_ROOT=${SECCAP_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
T_BUILD=${SECCAP_BUILD:-build}
case $T_BUILD in /*) ;; *) T_BUILD=$T_ROOT/$T_BUILD ;; esac
SECCAP=$T_BUILD/seccap
T_SHARED=${SECCAP_SHARED:-$T_ROOT/../shared}
T_NAME=$(basename "$0" .sh)
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/seccap-$T_NAME.XXXXXX") || exit 2
trap 'rm -rf "$T_TMP"' EXIT
T_OUT=$T_TMP/.stdout
T_ERR=$T_TMP/.stderr
T_STATUS=
t_passed=0 t_failed=0 t_skipped=0
read -r -a T_WRAP <<<"${SECCAP_WRAPPER:-}"
T_TIMEOUT=()
if command -v timeout >/dev/null 2>&1; then
	T_TIMEOUT=(timeout -k 5 120)
fi

t_pass() { t_passed=$((t_passed + 1)); echo "ok   $1"; }
t_skip() { t_skipped=$((t_skipped + 1)); echo "skip $1: ${2:-}"; }
t_fail() {
	t_failed=$((t_failed + 1))
	echo "FAIL $1${2:+: $2}"
	shift 2 2>/dev/null || shift
	local l
	for l in "$@"; do printf '     %s\n' "$l"; done
}

t_kernel() {
	local probe=$T_BUILD/tests/helpers/kernel_has why
	if [ ! -x "$probe" ]; then
		t_fail "$2" "$probe is not built (make check builds it)"
		return 1
	fi
	why=$("$probe" "$1") && return 0
	t_skip "$2" "$why"
	return 1
}

# Indented copy of a file for failure reports (at most 10 lines).
t_show() { head -n 10 "$1" | sed 's/^/       | /'; }

t_run() {
	local name=$1 want_status=$2 want_out=$3 got_out
	shift 3
	"${T_TIMEOUT[@]}" "${T_WRAP[@]}" "$@" </dev/null >"$T_OUT" 2>"$T_ERR"
	T_STATUS=$?
	local ok=1 why=
	if [ "$want_status" = '!0' ]; then
		if [ "$T_STATUS" -eq 0 ] || [ "$T_STATUS" -ge 124 ]; then
			ok=0 why="exit status $T_STATUS, want a failure (1..123)"
		fi
	elif [ "$T_STATUS" -ne "$want_status" ]; then
		ok=0 why="exit status $T_STATUS, want $want_status"
		[ "$T_STATUS" -ge 128 ] && why="$why (crashed: signal $((T_STATUS - 128)))"
		[ "$T_STATUS" -eq 124 ] && why="$why (timed out)"
	fi
	if [ "$ok" = 1 ] && [ "$want_out" != - ]; then
		if [ "${want_out:0:1}" = '~' ]; then
			grep -Eq -- "${want_out:1}" "$T_OUT" ||
				ok=0 why="stdout does not match /${want_out:1}/"
		else
			got_out=$(cat "$T_OUT")
			[ "$got_out" = "$want_out" ] ||
				ok=0 why="stdout differs from: $want_out"
		fi
	fi
	if [ "$ok" = 1 ]; then
		t_pass "$name"
		return 0
	fi
	t_fail "$name" "$why" "command: $*"
	echo "     stdout:"; t_show "$T_OUT"
	echo "     stderr:"; t_show "$T_ERR"
	return 1
}

t_line() {
	if grep -Eq -- "$2" "$T_OUT"; then
		t_pass "$1"
	else
		t_fail "$1" "no stdout line matches /$2/"
		t_show "$T_OUT"
	fi
}

t_err() {
	if grep -Fxq -- "$2" "$T_ERR"; then
		t_pass "$1"
	else
		t_fail "$1" "stderr lacks the line: $2"
		t_show "$T_ERR"
	fi
}

t_err_first() {
	local first
	first=$(head -n 1 "$T_ERR")
	if [ "$first" = "$2" ]; then
		t_pass "$1"
	else
		t_fail "$1" "first stderr line differs" "want: $2" "got:  $first"
	fi
}

t_err_lines() {
	local n
	n=$(wc -l <"$T_ERR")
	if [ "$n" -eq "$2" ]; then
		t_pass "$1"
	else
		t_fail "$1" "stderr has $n lines, want $2"
		t_show "$T_ERR"
	fi
}

t_err_match() {
	if grep -Eq -- "$2" "$T_ERR"; then
		t_pass "$1"
	else
		t_fail "$1" "no stderr line matches /$2/"
		t_show "$T_ERR"
	fi
}

t_ok() {
	local name=$1
	shift
	if "$@"; then
		t_pass "$name"
	else
		t_fail "$name" "failed: $*"
	fi
}

# Without the binary every test would fail for the same reason: say it once.
t_need_binary() {
	if [ ! -x "$SECCAP" ]; then
		t_fail "binary" "$SECCAP is missing; run 'make' first"
		t_done
	fi
}

# The built files a script needs: one failure naming the first missing.
t_need_built() {
	local f
	for f in "$@"; do
		if [ ! -e "$f" ]; then
			t_fail build "$f is missing; run 'make check' (or make $f)"
			t_done
		fi
	done
}

t_have_shared() { [ -d "$T_SHARED/profiles" ]; }

# t_can_linux32 NAME: an x86_64 kernel where setarch (util-linux) can set
# the linux32 personality (uname then says i686); else a skip of NAME.
t_can_linux32() {
	if [ "$(uname -m)" != x86_64 ]; then
		t_skip "$1" "needs an x86_64 kernel, this is $(uname -m)"
	elif ! command -v setarch >/dev/null || ! setarch i686 true 2>/dev/null; then
		t_skip "$1" "setarch (util-linux) cannot set the linux32 personality here"
	else
		return 0
	fi
	return 1
}

# A profile that takes libseccomp far longer than a 1 s compile time limit:
# 20,000 rules for one syscall (about 14 s on a 2-core test machine; it
# would then fail as too large for the kernel).  seccap compiles around
# the rule shapes libseccomp loops on, so none of those is left to test the
# limit with.
t_slow_profile() {
	{
		echo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": ['
		seq 0 19999 | awk '{ printf "%s{\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": %d, \"op\": \"SCMP_CMP_EQ\"}]}\n", (NR > 1 ? "," : ""), $1 }'
		echo ']}'
	} >"$1"
}

t_done() {
	echo "$T_NAME: $t_passed passed, $t_failed failed, $t_skipped skipped"
	[ "$t_failed" -eq 0 ] || exit 1
	exit 0
}
