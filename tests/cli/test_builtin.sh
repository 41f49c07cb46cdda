#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The built-in default's programs (conf/builtin.h), run: an unprivileged
# user confined by the default -- `seccap apply default` and
# SECCAP_PROFILE=default -- is denied `unshare -U` and neither reads nor
# writes a cache entry (its home stays empty; strace, where installed, sees
# no path of its cache or of the system cache); SECCAP_VERBOSE=1 makes
# apply say it took the built-in program.  A capability outcome that is not
# built in compiles (no such line), and the test build's planted compiler
# defect still reaches apply of the default (the built-in program does not
# hide the compiler from the self-check's tests).
# tests/test_builtin.c compares the programs with fresh compiles.

. "$(dirname "$0")/lib.sh"

LIB=$T_BUILD/libcapfilter.so
HOOKED=$T_BUILD/tests/seccap-hooked
t_need_built "$LIB" "$SECCAP" "$HOOKED"
BUILTIN_LINE='^seccap apply: default: the built-in compiled default '

asan=$(ldd "$LIB" 2>/dev/null | awk '/libasan/ { print $3 }')
PRE=${asan:+$asan:}$LIB
[ -n "$asan" ] && export ASAN_OPTIONS=detect_leaks=0

# As root: run the user's side as nobody; otherwise this user is unprivileged.
chmod 755 "$T_TMP"
H=$T_TMP/home SYS=$T_TMP/system TR=$T_TMP/trace
mkdir -m 755 "$H" "$SYS"
mkdir -m 777 "$TR"
if [ "$(id -u)" -eq 0 ]; then
	if ! command -v setpriv >/dev/null; then
		t_skip "every test" "setpriv (util-linux) is not installed"
		t_done
	fi
	chown 65534:65534 "$H"
	AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
	AS=()
fi
AS+=(env -u XDG_CACHE_HOME -u SECCAP_CACHE -u SECCAP_CAPS -u SECCAP_LOG
	-u SECCAP_VERBOSE HOME="$H" SECCAP_SYSTEM_CACHE="$SYS")
STRACE=()
if command -v strace >/dev/null &&
	strace -f -qq -o /dev/null true >/dev/null 2>&1; then
	STRACE=(strace -f -qq -e trace=%file,%desc -o)
fi

home_empty() { [ -z "$(find "$H" "$SYS" -mindepth 1 -print -quit)" ]; }
# The trace names neither the user's cache nor the system cache.
no_cache_path() { ! grep -E "\"($H|$SYS)" "$1"; }

t_run "control: unconfined, the user may unshare -U" 0 '' \
	"${AS[@]}" unshare -U true
userns=$([ "$T_STATUS" -eq 0 ] && echo yes)

# ---- seccap apply default ---------------------------------------------------
if [ -n "$userns" ]; then
	t_run "apply default: unshare -U denied" 1 '' \
		"${AS[@]}" SECCAP_VERBOSE=1 "$SECCAP" apply default -- unshare -U true
	t_err_match "apply default: says it took the built-in program" "$BUILTIN_LINE"
else
	t_skip "apply default: unshare -U denied" "user namespaces are not available to the user here"
fi
t_run "apply default: what it allows runs" 0 '' \
	"${AS[@]}" SECCAP_VERBOSE=1 "$SECCAP" apply default -- true
t_err_match "apply default: the built-in program" "$BUILTIN_LINE"
t_ok "apply default: nothing written to any cache" home_empty
if [ ${#STRACE[@]} -gt 0 ]; then
	t_run "apply default under strace" 0 '' \
		"${AS[@]}" "${STRACE[@]}" "$TR/apply" "$SECCAP" apply default -- true
	t_ok "apply default: no cache path touched" no_cache_path "$TR/apply"
else
	t_skip "apply default: no cache path touched" "strace is not installed or cannot trace here"
fi
t_run "apply -l default: log mode is built in too" 0 '' \
	"${AS[@]}" SECCAP_VERBOSE=1 "$SECCAP" apply -l default -- true
t_err_match "apply -l default: the built-in program" "$BUILTIN_LINE"

# ---- the preload --------------------------------------------------------------
if [ -n "$userns" ]; then
	t_run "preload default: unshare -U denied" 1 '' \
		"${AS[@]}" LD_PRELOAD="$PRE" SECCAP_PROFILE=default unshare -U true
fi
t_run "preload default: what it allows runs" 0 '' \
	"${AS[@]}" LD_PRELOAD="$PRE" SECCAP_PROFILE=default true
t_ok "preload default: nothing written to any cache" home_empty
if [ ${#STRACE[@]} -gt 0 ]; then
	t_run "preload default under strace" 0 '' \
		"${AS[@]}" "${STRACE[@]}" "$TR/preload" env LD_PRELOAD="$PRE" \
		SECCAP_PROFILE=default true
	t_ok "preload default: no cache path touched" no_cache_path "$TR/preload"
fi

# ---- what is not built in ---------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	# CAP_SYS_PTRACE alone of the default's capabilities: no such program.
	t_run "apply --caps SYS_PTRACE default: compiled" 0 '' \
		env SECCAP_VERBOSE=1 SECCAP_CACHE=0 "$SECCAP" apply --caps SYS_PTRACE default -- true
	t_ok "apply --caps SYS_PTRACE default: no built-in line" \
		bash -c "! grep -Eq '$BUILTIN_LINE' '$T_ERR'"
	t_run "apply --caps all default: root's set is built in" 0 '' \
		env SECCAP_VERBOSE=1 "$SECCAP" apply --caps all default -- true
	t_err_match "apply --caps all default: the built-in program" "$BUILTIN_LINE"
else
	t_skip "apply --caps: other capability outcomes" "needs root to set capabilities"
fi

# The test build plants a defect in the compiler; the default must reach it.
t_run "planted defect: apply default refuses" 125 '' \
	"${AS[@]}" SECCAP_TEST_BREAK_ALLOW=1 SECCAP_CACHE=0 "$HOOKED" apply default -- true
t_err_match "planted defect: the self-check says so" 'error: verify: '

t_done
