#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `seccap record`, run for real: the command line; exit statuses as apply;
# real programs (sh, tar, python3 with threads and subprocess, gcc, git)
# recorded and replayed under `seccap apply` with the recording's default
# turned into kill-process, so any call the recording lacks kills the
# replay; a call never made is denied; calls the base denies are reported;
# --append, --format json, --base none; a daemon left behind, --until-exit,
# the recorder killed, a setuid program; as root and as user 65534.
. "$(dirname "$0")/lib.sh"
t_need_binary

HELPERS=$T_BUILD/tests/helpers
TRY=$HELPERS/apply_try
ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1
# A directory user 65534 can write in (and its HOME), inside the test's own.
chmod 711 "$T_TMP"
SHARED_DIR=$T_TMP/shared
mkdir "$SHARED_DIR" && chmod 1777 "$SHARED_DIR"
NOBODY=(setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all
	env HOME="$SHARED_DIR")
# The system's python3 where there is one: a per-user shim may not run as 65534.
PYTHON=$(PATH=/usr/bin:/bin command -v python3 || command -v python3)

have_try() { [ -x "$TRY" ] || { t_skip "$1" "$TRY is not built (make check builds it)"; return 1; }; }

# ---- command line (no kernel feature needed)
t_run "no '--'" 125 '' "$SECCAP" record true
t_err "no '--': message" "seccap record: missing '--' before the command; write 'seccap record [OPTION]... -- COMMAND [ARG]...'"
t_run "no command" 125 '' "$SECCAP" record --
t_err "no command: message" "seccap record: missing the command to run after '--'"
t_run "bad --format" 125 '' "$SECCAP" record --format xml -- true
t_err "bad --format: message" "seccap record: unknown format 'xml' for --format; use 'ini' or 'json'"
t_run "bad --caps" 125 '' "$SECCAP" record --caps nonsense -- true
t_run "bad --cap-add" 125 '' "$SECCAP" record --cap-add NOPE -- true
t_run "missing base" 125 '' "$SECCAP" record --base "$T_TMP/none.ini" -- true
t_err_match "missing base: names the file" "none\.ini"
t_run "--help" 0 '~^Usage: seccap record ' "$SECCAP" record --help
t_run "--list has record" 0 '~^record ' "$SECCAP" --list

if ! t_kernel usernotif "record: every live test"; then
	t_done
fi

# ---- exit statuses, as apply
t_run "not found: 127" 127 '' "$SECCAP" record -o "$T_TMP/nf.ini" -- no-such-command-seccap
t_err "not found: message" "seccap record: cannot run 'no-such-command-seccap': No such file or directory"
t_ok "not found: nothing written" test ! -e "$T_TMP/nf.ini"
t_run "not executable: 126" 126 '' "$SECCAP" record -o "$T_TMP/nx.ini" -- /etc/passwd
t_ok "not executable: nothing written" test ! -e "$T_TMP/nx.ini"
t_run "the command's status" 3 '' "$SECCAP" record -o "$T_TMP/st.ini" -- sh -c 'exit 3'
t_ok "the command's status: still written" test -s "$T_TMP/st.ini"
t_run "a signal: 128+n" 137 '' "$SECCAP" record -o "$T_TMP/sig.ini" -- sh -c 'kill -9 $$'
t_run "stdout by default" 0 '~^\[profile\]$' "$SECCAP" record -- true

# ---- record, check, replay: any call the recording lacks kills the replay
killing() { sed 's/^default-action = errno$/default-action = kill-process/; /^default-errno = /d' "$1" >"$2"; }

# replay NAME [RUNAS...] -- CMD...: record CMD twice (the second run with
# --append: a program need not take the same path every time), check the
# profile, replay CMD under it with the same stdout and status 0.
replay() {
	local name=$1 runas=() prof out
	shift
	while [ "$1" != -- ]; do runas+=("$1"); shift; done
	shift
	prof=$SHARED_DIR/$name.ini
	t_run "$name: recorded" 0 - "${runas[@]}" "$SECCAP" record -o "$prof" -- "$@" || return
	out=$(cat "$T_OUT")
	t_run "$name: recorded again (--append)" 0 "$out" \
		"${runas[@]}" "$SECCAP" record --append "$prof" -- "$@" || return
	t_run "$name: seccap check" 0 - "$SECCAP" check "$prof"
	killing "$prof" "$SHARED_DIR/$name.kill.ini"
	t_run "$name: replayed with no call denied" 0 "$out" \
		"${runas[@]}" "$SECCAP" apply "$SHARED_DIR/$name.kill.ini" -- "$@"
}

cat >"$SHARED_DIR/threads.py" <<'EOF'
import os, subprocess, threading
def work(i):
    with open('/etc/hostname') as f:
        f.read()
    os.getpid()
ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print(subprocess.run(['echo', 'from a subprocess'], capture_output=True).stdout.decode().strip())
EOF
printf 'int answer(void) { return 42; }\n' >"$SHARED_DIR/c.c"
chmod 644 "$SHARED_DIR/threads.py" "$SHARED_DIR/c.c"

programs() {
	local tag=$1
	shift
	replay "${tag}sh" "$@" -- sh -c 'echo hi; ls / >/dev/null; cat /etc/hostname | wc -c'
	if command -v tar >/dev/null; then
		replay "${tag}tar" "$@" -- sh -c "tar cf - -C '$T_ROOT' conf | tar tf - | wc -l"
	else
		t_skip "${tag}tar" "tar is not installed"
	fi
	if [ -n "$PYTHON" ] && "$@" "$PYTHON" -c '' 2>/dev/null; then
		replay "${tag}python3" "$@" -- "$PYTHON" "$SHARED_DIR/threads.py"
	else
		t_skip "${tag}python3" "python3 is not installed (or not runnable by this user)"
	fi
	if command -v gcc >/dev/null; then
		replay "${tag}gcc" "$@" -- gcc -c -o "$SHARED_DIR/${tag}c.o" "$SHARED_DIR/c.c"
	else
		t_skip "${tag}gcc" "gcc is not installed"
	fi
	if command -v git >/dev/null; then
		local repo=$SHARED_DIR/${tag}repo
		"$@" git init -q "$repo" && echo x >"$repo/file" &&
			"$@" git -C "$repo" -c user.name=t -c user.email=t@t add file &&
			"$@" git -C "$repo" -c user.name=t -c user.email=t@t commit -qm one &&
			echo y >>"$repo/file"
		# Without --no-optional-locks git status rewrites the index or
		# not depending on the clock (a racily clean entry), a path
		# neither of two runs may have taken.
		replay "${tag}git" "$@" -- git --no-optional-locks -C "$repo" status --short
	else
		t_skip "${tag}git" "git is not installed"
	fi
}

if [ "$ROOT" = 1 ]; then
	programs "root-"
else
	programs "user-"
fi
if [ "$ROOT" = 1 ] && command -v setpriv >/dev/null; then
	if "${NOBODY[@]}" test -x "$SECCAP"; then
		programs "nobody-" "${NOBODY[@]}"
	else
		t_skip "unprivileged programs" "user 65534 cannot execute $SECCAP"
	fi
else
	t_skip "unprivileged programs" "needs root and setpriv to become user 65534 (this run is already unprivileged)"
fi

# ---- capabilities, as apply gives them
if [ "$ROOT" = 1 ]; then
	t_run "--caps docker: the command runs with Docker's 14" 0 '~^CapEff:[[:space:]]+00000000a80425fb$' \
		"$SECCAP" record --caps docker -o "$T_TMP/caps.ini" -- grep ^CapEff /proc/self/status
	t_run "--cap-drop ALL --cap-add CHOWN" 0 '~^CapEff:[[:space:]]+0000000000000001$' \
		"$SECCAP" record --cap-drop ALL --cap-add CHOWN -o "$T_TMP/caps2.ini" -- grep ^CapEff /proc/self/status
else
	t_skip "record --caps" "needs root to give capabilities"
fi

# ---- what the recorded profile keeps of its base
t_run "default base: recorded" 0 'hi' "$SECCAP" record -o "$T_TMP/hi.ini" -- sh -c 'echo hi'
t_ok "default base: comments name its file:line" grep -q '^# from default:[0-9][0-9]*$' "$T_TMP/hi.ini"
t_ok "default base: its default action and errno" grep -qx 'default-errno = 1' "$T_TMP/hi.ini"
t_ok "default base: far fewer names than the base" \
	test "$(grep -c '^	' "$T_TMP/hi.ini")" -lt 120
pod=$T_ROOT/contrib/profiles/podman-default.json
t_run "--base podman: recorded" 0 'hi' "$SECCAP" record --base "$pod" -o "$T_TMP/pod.ini" -- sh -c 'echo hi'
t_ok "--base podman: its default errno (ENOSYS) kept" grep -qx 'default-errno = 38' "$T_TMP/pod.ini"
t_ok "--base podman: comments name its file:line" grep -q "^# from $pod:[0-9][0-9]*\$" "$T_TMP/pod.ini"
t_run "--base podman: check" 0 - "$SECCAP" check "$T_TMP/pod.ini"
t_run "--base podman: replays" 0 'hi' "$SECCAP" apply "$T_TMP/pod.ini" -- sh -c 'echo hi'

# ---- a call never made is denied
t_run "true: recorded" 0 - "$SECCAP" record -o "$T_TMP/true.ini" -- true
# (glibc may crash on the denials that follow: any failure will do)
st=$(sh -c '"$@" >/dev/null 2>&1; echo $?' sh "$SECCAP" apply "$T_TMP/true.ini" -- unshare -U true 2>/dev/null)
t_ok "unshare -U true after recording true: fails (status $st)" test "$st" -ne 0
if have_try "a call never made"; then
	t_run "apply_try getpid: recorded" 0 'getpid: ok' "$SECCAP" record -o "$T_TMP/getpid.ini" -- "$TRY" getpid
	t_run "unshare never recorded: EPERM" 1 $'getpid: ok\nunshare: EPERM' \
		"$SECCAP" apply "$T_TMP/getpid.ini" -- "$TRY" getpid unshare
	t_run "inet never recorded: EPERM" 1 'inet: EPERM' \
		"$SECCAP" apply "$T_TMP/getpid.ini" -- "$TRY" inet
	t_run "a syscall newer than the profile: still ENOSYS" 1 'unknown: ENOSYS' \
		"$SECCAP" apply "$T_TMP/getpid.ini" -- "$TRY" unknown

	# ---- --append: a second run adds its calls
	cp "$T_TMP/getpid.ini" "$T_TMP/both.ini"
	t_run "--append: second run" 0 'inet: ok' "$SECCAP" record --append "$T_TMP/both.ini" -- "$TRY" inet
	t_run "--append: both runs replay" 0 $'getpid: ok\ninet: ok' \
		"$SECCAP" apply "$T_TMP/both.ini" -- "$TRY" getpid inet
	t_run "--append: still no unshare" 1 'unshare: EPERM' \
		"$SECCAP" apply "$T_TMP/both.ini" -- "$TRY" unshare
	# Docker's "socket: arg0 < 38" rule is none of Podman's.
	cp "$T_TMP/both.ini" "$T_TMP/other-base.ini"
	t_run "--append: another base" 0 'getpid: ok' "$SECCAP" record \
		--base "$T_ROOT/contrib/profiles/podman-default.json" --append "$T_TMP/other-base.ini" -- "$TRY" getpid
	t_err_match "--append: another base: warned" "^seccap record: warning: [0-9]+ rules? of '.*other-base\.ini' (is|are) not in the base profile \(.*podman-default\.json\), so (its|their) calls are not kept \(was it recorded with another --base\?\)$"
	t_run "--append: a new file" 0 'getpid: ok' "$SECCAP" record --append "$T_TMP/new.ini" -- "$TRY" getpid
	t_err_match "--append: a new file: said so" "does not exist yet: starting a new recording"
	t_run "--append: a new file is a profile" 0 - "$SECCAP" check "$T_TMP/new.ini"

	# ---- what the base denies: the call fails as under the base, is reported, stays denied
	t_run "base denies AF_VSOCK: the run sees EPERM" 1 'vsock: EPERM' \
		"$SECCAP" record -o "$T_TMP/vsock.ini" -- "$TRY" vsock
	t_err "base denies AF_VSOCK: reported" "seccap record: 'socket' (SCMP_ARCH_X86_64) was called, but the base profile (default) denies it, and so does the recording"
	t_ok "base denies AF_VSOCK: in a comment" grep -q "^# Called, but the base denies them, and so does this profile: socket" "$T_TMP/vsock.ini"
	t_run "base denies AF_VSOCK: still denied" 1 'vsock: EPERM' \
		"$SECCAP" apply "$T_TMP/vsock.ini" -- "$TRY" vsock

	# ---- --base none and --format json
	t_run "--base none --format json" 0 'getpid: ok' \
		"$SECCAP" record --base none --format json -o "$T_TMP/none.json" -- "$TRY" getpid
	t_ok "--format json: JSON" grep -q '^{' "$T_TMP/none.json"
	t_run "--base none: check" 0 - "$SECCAP" check "$T_TMP/none.json"
	t_run "--base none: replays" 0 'getpid: ok' "$SECCAP" apply "$T_TMP/none.json" -- "$TRY" getpid
	t_run "--base none: the rest is denied" 1 'inet: EPERM' "$SECCAP" apply "$T_TMP/none.json" -- "$TRY" inet
	t_run "-o FILE.json picks JSON" 0 - "$SECCAP" record -o "$T_TMP/auto.json" -- true
	t_ok "-o FILE.json: JSON" grep -q '^{' "$T_TMP/auto.json"
fi

# ---- a daemon left behind: recorded until the tree ends, or --until-exit
rm -f "$T_TMP/daemon.done"
t_run "daemon: recorded until it ends" 0 '' "$SECCAP" record -o "$T_TMP/daemon.ini" -- \
	sh -c "(sleep 1; echo done >'$T_TMP/daemon.done') >/dev/null 2>&1 & exit 0"
t_ok "daemon: it finished before record did" test -s "$T_TMP/daemon.done"
rm -f "$T_TMP/daemon.done"
t_run "--until-exit: stops with the command" 0 '' "$SECCAP" record --until-exit -o "$T_TMP/until.ini" -- \
	sh -c "(sleep 1; echo done >'$T_TMP/daemon.done') >/dev/null 2>&1 & exit 0"
sleep 1.5
t_ok "--until-exit: what it left was killed" test ! -e "$T_TMP/daemon.done"
t_ok "--until-exit: profile written" test -s "$T_TMP/until.ini"

# ---- the recorder killed: the tree must not hang, it is killed
nap=60.$$ # a sleep no other process on the machine runs
# Started from a shell that exits at once: not a job of ours to report on.
rec=$(sh -c '"$@" >/dev/null 2>&1 & echo $!' sh \
	"$SECCAP" record -o "$T_TMP/killed.ini" -- sh -c "sleep $nap; touch '$T_TMP/not-killed'")
for _ in $(seq 50); do pgrep -xf "sleep $nap" >/dev/null && break; sleep 0.1; done
t_ok "recorder killed: the command was running" sh -c "pgrep -xf 'sleep $nap' >/dev/null"
kill -9 "$rec"
gone=0
for _ in $(seq 50); do
	if ! pgrep -f "sleep $nap" >/dev/null; then gone=1; break; fi
	sleep 0.1
done
t_ok "recorder killed: its tree is gone within 5 s" test "$gone" = 1

# ---- a setuid program under no_new_privs: said so
if [ "$ROOT" = 1 ] && command -v setpriv >/dev/null && "${NOBODY[@]}" test -x "$SECCAP"; then
	cp "$(type -P true)" "$SHARED_DIR/suid-true" && chmod 4755 "$SHARED_DIR/suid-true"
	t_run "setuid program: runs" 0 - "${NOBODY[@]}" "$SECCAP" record -o "$SHARED_DIR/suid.ini" -- sh -c "'$SHARED_DIR/suid-true'"
	t_err "setuid program: said so" "seccap record: warning: '$SHARED_DIR/suid-true' is set-user-ID or set-group-ID: under no_new_privs it runs without those privileges, so what it would do with them is not recorded"
else
	t_skip "setuid program" "needs root (to make a setuid file) and setpriv"
fi

t_done
