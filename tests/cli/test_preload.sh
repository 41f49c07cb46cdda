#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# libcapfilter.so as an LD_PRELOAD module, on real programs: the helpers in
# build/tests/helpers, coreutils, a shell, tar, python3, git and gcc.  Every
# case runs the program and checks its exit status, output and, where it
# matters, what it did (files created or not, /proc/PID/status).

. "$(dirname "$0")/lib.sh"

LIB=$T_BUILD/libcapfilter.so
H=$T_BUILD/tests/helpers
D=$T_ROOT/tests/data/preload
t_need_built "$LIB" "$H/probe" "$H/threads" "$H/libmarker.so"

# A sanitizer build of the library needs the ASan runtime first in
# LD_PRELOAD; its leak checker (ptrace) is not something a filter allows.
PRE=$LIB
asan=$(ldd "$LIB" 2>/dev/null | awk '/libasan/ { print $3 }')
if [ -n "$asan" ]; then
	PRE="$asan:$LIB"
	export ASAN_OPTIONS=detect_leaks=0
fi

# "${PL[@]}" [VAR=VALUE]... CMD...: CMD with the preload and a clean slate
# of our variables (the test runner itself exports SECCAP_ROOT and
# SECCAP_BUILD).  An array, not a function: t_run runs it under timeout(1).
PL=(env -u SECCAP_PROFILE -u SECCAP_CAPS -u SECCAP_LOG -u SECCAP_VERBOSE
	LD_PRELOAD="$PRE")

is_root() { [ "$(id -u)" -eq 0 ]; }
# q STRING: STRING quoted for an ERE.
q() { printf '%s' "$1" | sed 's/[].[*^$()+?{}|\\]/\\&/g'; }

# ---- the library itself ----------------------------------------------------

syms=$(nm -D --defined-only "$LIB" | awk '{ print $NF }' |
	grep -Ev '^(seccap_[a-z_]+@@LIBCAPFILTER_0|LIBCAPFILTER_0)$')
if [ -z "$syms" ] && nm -D --defined-only "$LIB" | grep -q 'seccap_confine@@LIBCAPFILTER_0'; then
	t_pass "exports only seccap_* (versioned LIBCAPFILTER_0)"
else
	t_fail "exports only seccap_* (versioned LIBCAPFILTER_0)" "also exported:" $syms
fi
soname=$(readelf -d "$LIB" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" = libcapfilter.so.0 ] && [ -e "$T_BUILD/libcapfilter.so.0" ]; then
	t_pass "soname libcapfilter.so.0"
else
	t_fail "soname libcapfilter.so.0" "got '$soname'"
fi

# A program started with the preload loads no library of ours but this one:
# libseccomp, inih and json-c are linked in (their symbols local, checked
# above), and capabilities are read without libcap.
needed=$(LC_ALL=C readelf -dW "$LIB" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
heavy=$(printf '%s\n' $needed | grep -E '^lib(seccomp|inih|json-c|cap)\.so' || true)
if [ -n "$needed" ] && [ -z "$heavy" ]; then
	t_pass "needs no shared library but the C library's"
else
	t_fail "needs no shared library but the C library's" "NEEDED:" $needed
fi

# ---- SECCAP_PROFILE unset: nothing at all ----------------------------------

t_run "unset: program runs unconfined" 0 $'Seccomp:\t0' \
	"${PL[@]}" grep '^Seccomp:' /proc/self/status
t_run "unset: getppid allowed" 0 ok "${PL[@]}" "$H/probe" getppid
t_run "unset: environment left alone" 0 "LD_PRELOAD=$PRE" \
	"${PL[@]}" sh -c 'env | grep "^LD_PRELOAD="'
if [ -n "$asan" ]; then
	t_skip "unset: no file access by the constructor" "the ASan runtime reads /proc itself"
elif command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	# Past ld.so mapping the libraries (and fstat of open fds), nothing
	# looks at a path: no profile, no /proc, no locale.
	env -u SECCAP_PROFILE strace -E LD_PRELOAD="$PRE" \
		-f -e trace=openat,open,stat,newfstatat,access,readlink \
		-o "$T_TMP/trace" "$H/probe" getppid >/dev/null 2>&1
	late=$(sed -n '/libcapfilter/,$p' "$T_TMP/trace" |
		grep -vE 'libcapfilter|/lib|ld\.so|exited|\+\+\+|---|\([0-9]+, "", ' || true)
	if ! grep -q 'libcapfilter.*= [0-9]' "$T_TMP/trace"; then
		t_fail "unset: no file access by the constructor" \
			"the library was not loaded under strace"
	elif [ -z "$late" ]; then
		t_pass "unset: no file access by the constructor"
	else
		t_fail "unset: no file access by the constructor" "saw:" "$late"
	fi
else
	t_skip "unset: no file access by the constructor" "strace is not usable here"
fi

# ---- a profile that denies ---------------------------------------------------

t_run "deny: getppid gets the profile's errno" 1 EXDEV \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" "$H/probe" getppid
t_err_lines "deny: silent on success" 0
touch "$T_TMP/f"
t_run "deny: chmod(2) gets EXDEV" 1 EXDEV \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" "$H/probe" chmod "$T_TMP/f"
t_run "deny: coreutils chmod fails" 1 '' \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" chmod 600 "$T_TMP/f"
t_err_match "deny: chmod reports the errno" 'Invalid cross-device link'
t_run "deny: one filter, mode 2" 0 $'Seccomp:\t2\nSeccomp_filters:\t1' \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" grep -E '^Seccomp(_filters)?:' /proc/self/status

# Complain mode: the denied call is logged and goes through.
t_run "SECCAP_LOG=1: denied call succeeds" 0 ok \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" SECCAP_LOG=1 "$H/probe" getppid
t_run "SECCAP_LOG=1: chmod works" 0 '' \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" SECCAP_LOG=1 chmod 600 "$T_TMP/f"
t_run "SECCAP_LOG=0: enforcing" 1 EXDEV \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" SECCAP_LOG=0 "$H/probe" getppid

# ---- threads started by a library constructor, before ours ------------------

t_run "threads: every thread confined (TSYNC)" 0 '~^threads 3$' \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" "$H/threads" EXDEV
if [ "$T_STATUS" -eq 0 ] && grep -qx 'ctor-seccomp 0' "$T_OUT"; then
	t_pass "threads: they existed before the filter"
else
	t_fail "threads: they existed before the filter"
	t_show "$T_OUT"
fi
t_run "threads: without the preload nothing is denied" 1 '~^thread0 no-filter$' \
	env -u LD_PRELOAD "$H/threads" EXDEV
# A thread with a filter of its own cannot be synchronised: fail closed
# rather than leave it unconfined.
t_run "threads: TSYNC failure fails closed" 125 '' \
	"${PL[@]}" THREADCTOR_OWN_FILTER=1 SECCAP_PROFILE="$D/deny.json" "$H/threads" EXDEV
t_err_lines "threads: TSYNC failure: one line" 1
t_err_match "threads: TSYNC failure: names the thread" \
	"^libcapfilter: $(q "$D/deny.json"): thread [0-9]+ .*seccomp"

# ---- fail closed -------------------------------------------------------------

# fail_closed NAME ERE VAR=VALUE...: the probe must exit 125 before its own
# constructor or main ran, with exactly one stderr line matching ERE.
fail_closed() {
	local name=$1 ere=$2
	shift 2
	rm -f "$T_TMP/ctor" "$T_TMP/main"
	t_run "fail closed: $name: exit 125" 125 '' \
		"${PL[@]}" PROBE_CTOR_FILE="$T_TMP/ctor" "$@" "$H/probe" create "$T_TMP/main"
	t_err_lines "fail closed: $name: one line" 1
	t_err_match "fail closed: $name: message" "$ere"
	if [ ! -e "$T_TMP/main" ] && [ ! -e "$T_TMP/ctor" ]; then
		t_pass "fail closed: $name: the program never ran"
	else
		t_fail "fail closed: $name: the program never ran" "it created a file"
	fi
}

fail_closed "JSON syntax error" \
	"^libcapfilter: $(q "$D/broken-syntax.json"):6: [^ ]" \
	SECCAP_PROFILE="$D/broken-syntax.json"
fail_closed "INI syntax error" \
	"^libcapfilter: $(q "$D/broken.ini"):2: [^ ]" \
	SECCAP_PROFILE="$D/broken.ini"
fail_closed "unknown capability" \
	"^libcapfilter: $(q "$D/unknown-cap.json"):9: .*CAP_SYS_ADMN" \
	SECCAP_PROFILE="$D/unknown-cap.json"
# Verbose shows warnings, but the error still comes once, not also as a
# diagnostic of the validator.
fail_closed "unknown capability, verbose" \
	"^libcapfilter: $(q "$D/unknown-cap.json"):9: .*CAP_SYS_ADMN" \
	SECCAP_PROFILE="$D/unknown-cap.json" SECCAP_VERBOSE=1
fail_closed "misspelled syscall in a deny rule" \
	"^libcapfilter: $(q "$D/typo-deny.json"):10: .*unshre" \
	SECCAP_PROFILE="$D/typo-deny.json"
fail_closed "missing file" \
	"^libcapfilter: .*$(q "$T_TMP/missing.json").*: .*(No such file|not found|does not exist)" \
	SECCAP_PROFILE="$T_TMP/missing.json"
fail_closed "a directory" \
	"^libcapfilter: .*$(q "$T_TMP"): " \
	SECCAP_PROFILE="$T_TMP"
fail_closed "empty SECCAP_PROFILE" '^libcapfilter: SECCAP_PROFILE: ' \
	SECCAP_PROFILE=
# A rule with an action of its own but no syscall names is lost: refused.
fail_closed "a deny rule without syscall names" \
	"^libcapfilter: $(q "$T_ROOT/tests/bad/json-rule-without-names.json"):4: no syscall names in this rule, so its action 'SCMP_ACT_ERRNO' applies to nothing" \
	SECCAP_PROFILE="$T_ROOT/tests/bad/json-rule-without-names.json"
fail_closed "SECCAP_PROFILE=- (standard input)" \
	"^libcapfilter: SECCAP_PROFILE: '-' \\(standard input\\) cannot be used here" \
	SECCAP_PROFILE=-
# Even with a valid profile waiting on the program's input, none is read.
printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$T_TMP/stdin-allow.json"
rm -f "$T_TMP/main"
t_run "SECCAP_PROFILE=-: a profile on stdin is not taken" 125 '' \
	sh -c 'exec "$@" <"$0"' "$T_TMP/stdin-allow.json" \
	"${PL[@]}" SECCAP_PROFILE=- "$H/probe" create "$T_TMP/main"
t_ok "SECCAP_PROFILE=-: the program never ran" test ! -e "$T_TMP/main"
if [ -x "$H/probe" ]; then
	left=$(printf 'x\n' | "${PL[@]}" SECCAP_PROFILE=- "$H/probe" getppid 2>/dev/null; echo "rc=$?")
	t_ok "SECCAP_PROFILE=-: exit 125 with input on a pipe" test "$left" = "rc=125"
fi
# Nothing but a regular file: not the program's input under another name,
# not a FIFO (which would block the start), not a device.
not_regular="^libcapfilter: .*: not a regular file \\(%s\\): the preload reads a profile"
rm -f "$T_TMP/main"
t_run "SECCAP_PROFILE=/dev/stdin on a pipe: refused" 125 '' \
	sh -c 'cat "$0" | exec "$@"' "$T_TMP/stdin-allow.json" \
	"${PL[@]}" SECCAP_PROFILE=/dev/stdin "$H/probe" create "$T_TMP/main"
t_err_match "SECCAP_PROFILE=/dev/stdin on a pipe: message" \
	"$(printf "$not_regular" 'a pipe or FIFO')"
t_ok "SECCAP_PROFILE=/dev/stdin on a pipe: the program never ran" \
	test ! -e "$T_TMP/main"
mkfifo "$T_TMP/profile.fifo"
fail_closed "a FIFO, refused without waiting for a writer" \
	"$(printf "$not_regular" 'a pipe or FIFO')" SECCAP_PROFILE="$T_TMP/profile.fifo"
fail_closed "a character device" \
	"$(printf "$not_regular" 'a character device')" SECCAP_PROFILE=/dev/null
fail_closed "a directory, named as such" \
	"$(printf "$not_regular" 'a directory')" SECCAP_PROFILE="$T_TMP"
# A link to a profile file is the file.
ln -sf "$T_TMP/stdin-allow.json" "$T_TMP/link.json"
t_run "a link to a profile file is read" 0 ok \
	"${PL[@]}" SECCAP_PROFILE="$T_TMP/link.json" "$H/probe" getppid
fail_closed "unknown SECCAP_CAPS item" "^libcapfilter: SECCAP_CAPS: .*'?CAP_BOGUS" \
	SECCAP_PROFILE=default SECCAP_CAPS=docker,CAP_BOGUS
fail_closed "bad SECCAP_LOG" "^libcapfilter: SECCAP_LOG: .*'yes'" \
	SECCAP_PROFILE=default SECCAP_LOG=yes
fail_closed "bad SECCAP_VERBOSE" "^libcapfilter: SECCAP_VERBOSE: " \
	SECCAP_PROFILE=default SECCAP_VERBOSE=2

# A profile libseccomp takes far longer than the limit on (t_slow_profile):
# the time limit ends the process before the program runs.
t_slow_profile "$T_TMP/loop.json"
fail_closed "compile time limit" \
	"^libcapfilter: $(q "$T_TMP/loop.json"): building the filter took more than 1 s, so the program was not run; raise SECCAP_COMPILE_TIMEOUT" \
	SECCAP_PROFILE="$T_TMP/loop.json" SECCAP_CAPS=none SECCAP_COMPILE_TIMEOUT=1
fail_closed "bad SECCAP_COMPILE_TIMEOUT" "^libcapfilter: SECCAP_COMPILE_TIMEOUT: 'soon' is not a number" \
	SECCAP_PROFILE=default SECCAP_COMPILE_TIMEOUT=soon

# The limit borrows SIGALRM and ITIMER_REAL; a timer the program inherited
# across execve must still fire, at its time.
if command -v python3 >/dev/null; then
	t_run "time limit: an inherited timer still fires" 142 '' \
		env -u LD_PRELOAD python3 -c '
import os, signal, sys
signal.setitimer(signal.ITIMER_REAL, 1.0)
os.environ["LD_PRELOAD"] = sys.argv[1]
os.environ["SECCAP_PROFILE"] = "default"
os.environ["SECCAP_CACHE"] = "0"
os.execvp("sh", ["sh", "-c", "sleep 4; echo survived"])' "$PRE"
else
	t_skip "time limit: an inherited timer still fires" "python3 is not installed"
fi

# ---- a 32-bit personality (setarch i686, linux32) ------------------------------
# uname says i686; the program still calls the kernel as x86_64.
if t_can_linux32 "setarch i686"; then
	printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$T_TMP/allow-all.json"
	t_run "setarch i686: allow-all profile, true runs" 0 '' \
		setarch i686 "${PL[@]}" SECCAP_PROFILE="$T_TMP/allow-all.json" true
	t_run "setarch i686: default profile, getppid allowed" 0 ok \
		setarch i686 "${PL[@]}" SECCAP_PROFILE=default "$H/probe" getppid
	t_run "setarch i686: deny.json still denies getppid" 1 EXDEV \
		setarch i686 "${PL[@]}" SECCAP_PROFILE="$D/deny.json" "$H/probe" getppid
fi

# A SIGALRM blocked and pending since before execve is the program's own,
# not the time limit firing; the program gets it still pending and blocked.
if [ -x "$H/sigalrm_pending" ]; then
	t_run "time limit: a pending blocked SIGALRM is not the limit firing" 0 \
		$'ShdPnd:\t0000000000002000\nSigBlk:\t0000000000002000' \
		"$H/sigalrm_pending" "${PL[@]}" SECCAP_CACHE=0 SECCAP_PROFILE=default \
		grep -E '^(ShdPnd|SigBlk):' /proc/self/status
	t_err_lines "time limit: pending SIGALRM: nothing on stderr" 0
else
	t_fail "time limit: pending SIGALRM" "$H/sigalrm_pending is missing; run 'make check'"
fi

# ---- what libcapfilter(8) LIMITS says -----------------------------------------
# An entry ld.so cannot load confines nothing: ld.so warns and runs the
# program (a TAB is no separator to it).
t_run "LIMITS: a wrong LD_PRELOAD path confines nothing" 0 ok \
	env LD_PRELOAD=/nonexistent/libcapfilter.so SECCAP_PROFILE="$D/deny.json" "$H/probe" getppid
t_err_match "LIMITS: wrong path: ld.so's warning" "^ERROR: ld.so: object .* cannot be preloaded"
t_run "LIMITS: a TAB between LD_PRELOAD entries confines nothing" 0 ok \
	env LD_PRELOAD="$LIB	$H/libmarker.so" SECCAP_PROFILE="$D/deny.json" "$H/probe" getppid
# Constructors of libraries listed after ours run first, unconfined.
if [ -e "$H/libctorprobe.so" ] && [ -z "$asan" ]; then
	t_run "LIMITS: a preload listed after ours: its constructor is unconfined" 1 \
		$'ctor: ok\nEXDEV' \
		env LD_PRELOAD="$LIB:$H/libctorprobe.so" SECCAP_PROFILE="$D/deny.json" "$H/probe" getppid
	t_run "LIMITS: a preload listed before ours: its constructor is confined" 1 \
		$'ctor: EXDEV\nEXDEV' \
		env LD_PRELOAD="$H/libctorprobe.so:$LIB" SECCAP_PROFILE="$D/deny.json" "$H/probe" getppid
else
	t_skip "LIMITS: preload order" "needs $H/libctorprobe.so and a build without ASan"
fi

# ---- warnings ----------------------------------------------------------------

t_run "warnings silent by default" 1 EXDEV \
	"${PL[@]}" SECCAP_PROFILE="$D/warn.json" "$H/probe" getppid
t_err_lines "warnings silent by default: stderr empty" 0
t_run "SECCAP_VERBOSE=1 prints warnings" 1 EXDEV \
	"${PL[@]}" SECCAP_PROFILE="$D/warn.json" SECCAP_VERBOSE=1 "$H/probe" getppid
t_err_match "SECCAP_VERBOSE=1: file:line: warning:" \
	"^libcapfilter: $(q "$D/warn.json"):3: warning: .*frobnicate"

# ---- the environment children inherit -----------------------------------------

# Each generation is a new execve of /bin/sh: had the preload kept its
# variables, every one would stack another filter.
want_nested=$'Seccomp_filters:\t1'
[ -n "$asan" ] && want_nested+=$'\n'"LD_PRELOAD=$asan"
t_run "nested exec: 50 generations keep one filter" 0 "$want_nested" \
	"${PL[@]}" SECCAP_PROFILE=default SECCAP_CAPS=docker "$D/nested.sh" 50
# Our entry leaves LD_PRELOAD, another library's stays, in order.
keep=$H/libmarker.so
want_keep=$keep
[ -n "$asan" ] && want_keep="$asan:$keep"
t_run "nested exec: only our LD_PRELOAD entry removed (':')" 0 \
	$'Seccomp_filters:\t1\n'"LD_PRELOAD=$want_keep" \
	env LD_PRELOAD="$PRE:$keep" SECCAP_PROFILE=default SECCAP_CAPS=docker \
	SECCAP_VERBOSE=0 SECCAP_OTHER=x "$D/nested.sh" 50
t_run "nested exec: only our LD_PRELOAD entry removed (' ')" 0 \
	$'Seccomp_filters:\t1\n'"LD_PRELOAD=$want_keep" \
	env LD_PRELOAD="${PRE//:/ } $keep" SECCAP_PROFILE=default "$D/nested.sh" 3
t_run "stacking is real: a fresh preload in a child adds a filter" 0 \
	$'Seccomp_filters:\t2' \
	"${PL[@]}" SECCAP_PROFILE="$D/deny.json" sh -c \
	"LD_PRELOAD='$PRE' SECCAP_PROFILE='$D/deny.json' exec grep '^Seccomp_filters:' /proc/self/status"

# ---- INI profiles (converted by seccap import) ------------------------------

if [ -x "$SECCAP" ] && "$SECCAP" import -o "$T_TMP/deny.ini" "$D/deny.json" >/dev/null 2>&1; then
	t_run "INI profile denies the same" 1 EXDEV \
		"${PL[@]}" SECCAP_PROFILE="$T_TMP/deny.ini" "$H/probe" getppid
else
	t_skip "INI profile denies the same" "build/seccap import is not built or failed"
fi

# ---- capability-conditional rules (chmod-wake-alarm.json) -------------------

if ! t_have_shared; then
	t_skip "chmod-wake-alarm" "../shared is absent"
elif ! is_root; then
	t_skip "chmod-wake-alarm" "needs root (capsh --drop)"
elif ! command -v capsh >/dev/null 2>&1; then
	t_skip "chmod-wake-alarm" "capsh is not installed"
else
	P=$T_SHARED/profiles/chmod-wake-alarm.json
	f=$T_TMP/wake
	: >"$f"
	chmod 644 "$f"
	t_run "chmod-wake-alarm: without CAP_WAKE_ALARM chmod is denied" 1 '' \
		capsh --drop=cap_wake_alarm -- -c \
		"exec env LD_PRELOAD='$PRE' SECCAP_PROFILE='$P' chmod 600 '$f'"
	t_err_match "chmod-wake-alarm: Operation not permitted" 'Operation not permitted'
	t_ok "chmod-wake-alarm: mode unchanged" test "$(stat -c %a "$f")" = 644
	t_run "chmod-wake-alarm: with CAP_WAKE_ALARM chmod works" 0 '' \
		"${PL[@]}" SECCAP_PROFILE="$P" chmod 600 "$f"
	t_ok "chmod-wake-alarm: mode changed" test "$(stat -c %a "$f")" = 600
	t_run "chmod-wake-alarm: SECCAP_CAPS=docker has no CAP_WAKE_ALARM" 1 '' \
		"${PL[@]}" SECCAP_PROFILE="$P" SECCAP_CAPS=docker chmod 644 "$f"
	t_run "chmod-wake-alarm: SECCAP_CAPS=docker,wake_alarm" 0 '' \
		"${PL[@]}" SECCAP_PROFILE="$P" SECCAP_CAPS=docker,wake_alarm chmod 644 "$f"
fi

# ---- real programs under the default profile ---------------------------------

for caps in docker ''; do
	label=${caps:-permitted}
	DP=("${PL[@]}" SECCAP_PROFILE=default ${caps:+SECCAP_CAPS=$caps})

	t_run "default/$label: shell pipeline" 0 1000 \
		"${DP[@]}" sh -c 'seq 1 1000 | sort -rn | head -n 1'

	src=$T_TMP/tree-$label
	mkdir -p "$src/sub" "$T_TMP/out-$label"
	echo one >"$src/a"
	echo two >"$src/sub/b"
	ln -s a "$src/link"
	t_run "default/$label: tar creates an archive" 0 '' \
		"${DP[@]}" tar -C "$src" -czf "$T_TMP/t-$label.tgz" .
	t_run "default/$label: tar extracts it" 0 '' \
		"${DP[@]}" tar -C "$T_TMP/out-$label" -xzf "$T_TMP/t-$label.tgz"
	t_ok "default/$label: tar round trip" diff -r "$src" "$T_TMP/out-$label"

	if command -v python3 >/dev/null 2>&1; then
		t_run "default/$label: python3 script" 0 '4 child' \
			"${DP[@]}" python3 "$D/script.py"
	else
		t_skip "default/$label: python3 script" "python3 is not installed"
	fi

	if command -v git >/dev/null 2>&1; then
		repo=$T_TMP/repo-$label
		t_run "default/$label: git init" 0 - "${DP[@]}" git init -q "$repo"
		echo hello >"$repo/file"
		t_run "default/$label: git add + commit" 0 - \
			"${DP[@]}" env HOME="$T_TMP" GIT_CONFIG_NOSYSTEM=1 \
			git -C "$repo" -c user.name=Test -c user.email=t@example.org \
			-c commit.gpgsign=false \
			commit -q --allow-empty -m first
		t_run "default/$label: git log" 0 first \
			"${DP[@]}" env HOME="$T_TMP" git -C "$repo" log --format=%s
	else
		t_skip "default/$label: git" "git is not installed"
	fi

	if command -v gcc >/dev/null 2>&1; then
		printf '#include <stdio.h>\nint main(void) { puts("built"); return 0; }\n' \
			>"$T_TMP/hello-$label.c"
		t_run "default/$label: gcc compiles" 0 '' \
			"${DP[@]}" gcc -O2 -o "$T_TMP/hello-$label" "$T_TMP/hello-$label.c"
		t_run "default/$label: the result runs" 0 built "$T_TMP/hello-$label"
	else
		t_skip "default/$label: gcc" "gcc is not installed"
	fi
done

if t_kernel userns "default/docker: unshare -U is denied"; then
	t_run "default/docker: unshare -U is denied" 1 '' \
		"${PL[@]}" SECCAP_PROFILE=default SECCAP_CAPS=docker unshare -U true
	t_err_match "default/docker: unshare says EPERM" 'Operation not permitted'
fi
t_run "default/docker: unshare(CLONE_NEWUSER) gets EPERM" 1 EPERM \
	"${PL[@]}" SECCAP_PROFILE=default SECCAP_CAPS=docker "$H/probe" unshare-user

# ---- embedding: pkg-config, the header alone, the API ------------------------

if command -v cc >/dev/null 2>&1 && [ -e "$T_BUILD/libcapfilter-uninstalled.pc" ]; then
	flags=$(PKG_CONFIG_PATH=$T_BUILD pkg-config --cflags --libs libcapfilter 2>&1)
	if [ $? -eq 0 ] &&
		cc -std=c99 -pedantic -Wall -Wextra -Werror -o "$T_TMP/embed" \
			"$D/embed.c" $flags -Wl,-rpath,"$T_BUILD" 2>"$T_TMP/cc.err"; then
		t_pass "embed: builds from pkg-config with -std=c99 -pedantic"
		t_run "embed: seccap_confine denies" 0 'getppid: Invalid cross-device link' \
			env -u LD_PRELOAD ${asan:+LD_PRELOAD="$asan"} "$T_TMP/embed" "$D/deny.json"
		t_run "embed: errors name file and line" 1 '' \
			env -u LD_PRELOAD ${asan:+LD_PRELOAD="$asan"} "$T_TMP/embed" "$D/unknown-cap.json"
		t_err_match "embed: errors name file and line: message" \
			"^embed: $(q "$D/unknown-cap.json"):9: "
	else
		t_fail "embed: builds from pkg-config with -std=c99 -pedantic" "$flags"
		t_show "$T_TMP/cc.err"
	fi
	if command -v c++ >/dev/null 2>&1; then
		t_ok "embed: the header is valid C++" \
			c++ -fsyntax-only -Wall -Werror -x c++ -I"$T_ROOT/preload" - \
			<<<'#include <seccap.h>
int main() { seccap_options o = SECCAP_OPTIONS_INIT; return (int)o.size == 0; }'
	fi
else
	t_skip "embed" "no C compiler or no build/libcapfilter-uninstalled.pc"
fi

# ---- secure-exec: secure_getenv ignores SECCAP_* ------------------------------

# A program that links libcapfilter.so (so ld.so loads it even in
# secure-exec mode, where LD_PRELOAD paths are ignored) and gains a file
# capability when run by an unprivileged user: AT_SECURE is set, so the
# constructor must not read SECCAP_PROFILE.  The control run without the
# file capability shows the same setup fails closed.
if ! is_root; then
	t_skip "secure-exec" "needs root (setcap, setpriv)"
elif ! command -v setcap >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1 ||
	! command -v cc >/dev/null 2>&1; then
	t_skip "secure-exec" "setcap, setpriv or cc is missing"
else
	sec=$(mktemp -d /tmp/seccap-secure.XXXXXX)
	chmod 755 "$sec"
	cp -L "$LIB" "$sec/libcapfilter.so.0"
	ln -s libcapfilter.so.0 "$sec/libcapfilter.so"
	chmod 755 "$sec/libcapfilter.so.0"
	if [ -n "$asan" ]; then
		t_skip "secure-exec" "not with a sanitizer build"
	elif cc -o "$sec/probe" "$T_ROOT/tests/helpers/probe.c" -L"$sec" \
		-Wl,--no-as-needed -lcapfilter -Wl,-rpath,"$sec" 2>"$T_TMP/cc.err" &&
		cp "$sec/probe" "$sec/probe-caps" &&
		setcap cap_net_bind_service+ep "$sec/probe-caps" 2>"$T_TMP/cc.err"; then
		nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
		t_run "secure-exec: control without file caps fails closed" 125 '' \
			env SECCAP_PROFILE="$T_TMP/missing.json" "${nobody[@]}" "$sec/probe" secure
		t_run "secure-exec: AT_SECURE process ignores SECCAP_PROFILE" 0 'AT_SECURE=1' \
			env SECCAP_PROFILE="$T_TMP/missing.json" "${nobody[@]}" "$sec/probe-caps" secure
	else
		t_skip "secure-exec" "cannot build or setcap a test binary: $(head -n 1 "$T_TMP/cc.err")"
	fi
	rm -rf "$sec"
fi

# ---- unprivileged ------------------------------------------------------------

# Without CAP_SYS_ADMIN the preload must set no_new_privs before loading.
if is_root && command -v setpriv >/dev/null 2>&1; then
	t_run "unprivileged: NoNewPrivs set, filter loaded" 0 \
		$'NoNewPrivs:\t1\nSeccomp:\t2' \
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		env LD_PRELOAD="$PRE" SECCAP_PROFILE="$D/deny.json" \
		grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
	t_run "root: CAP_SYS_ADMIN keeps no_new_privs off" 0 \
		$'NoNewPrivs:\t0\nSeccomp:\t2' \
		"${PL[@]}" SECCAP_PROFILE="$D/deny.json" grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
elif ! is_root; then
	t_run "unprivileged: NoNewPrivs set, filter loaded" 0 \
		$'NoNewPrivs:\t1\nSeccomp:\t2' \
		"${PL[@]}" SECCAP_PROFILE="$D/deny.json" grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
else
	t_skip "unprivileged" "setpriv is not installed"
fi

t_done
