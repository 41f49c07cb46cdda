#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `seccap apply`, run for real: exit statuses as docker run (125, 126, 127,
# the command's own), Docker's demonstrations (chmod and CAP_WAKE_ALARM,
# unshare and CAP_SYS_ADMIN), the default profile's denials checked by
# errno, real programs under the default profile, static binaries, complain
# mode, the execve refusal, the capability sets the command really gets, and
# the applet's other names.
. "$(dirname "$0")/lib.sh"
t_need_binary

P=$T_SHARED/profiles
HELPERS=$T_BUILD/tests/helpers
TRY=$HELPERS/apply_try
TRY_STATIC=$HELPERS/apply_try_static
ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1
DOCKER_MASK=00000000a80425fb
# Docker's default container: its 14 capabilities as root; an unprivileged
# caller has none to give, and its own empty set keeps every
# capability-gated rule out just the same.
DOCKER=(--caps docker)
[ "$ROOT" = 1 ] || DOCKER=()

need_root() { [ "$ROOT" = 1 ] || { t_skip "$1" "needs root"; return 1; }; }
have_try() { [ -x "$TRY" ] || { t_skip "$1" "$TRY is not built (make check builds it)"; return 1; }; }

# Capability lines of /proc/self/status as the command sees them.
status_field() { awk -v f="$1:" '$1 == f { print $2 }' "$T_OUT"; }
t_field() {
	local name=$1 field=$2 want=$3 got
	got=$(status_field "$field")
	if [ "$got" = "$want" ]; then
		t_pass "$name"
	else
		t_fail "$name" "$field is '$got', want '$want'"
	fi
}

# ---- command line
t_run "--help" 0 '~^Usage: seccap apply ' "$SECCAP" apply --help
t_run "no command" 125 '' "$SECCAP" apply
t_err_first "no command: message" "seccap apply: missing '--' and the command to run"
t_err "no command: hint" "see 'seccap apply --help'"
t_run "nothing after --" 125 '' "$SECCAP" apply --
t_err_first "nothing after --: message" "seccap apply: missing the command to run after '--'"
t_run "profile without --" 125 '' "$SECCAP" apply default true
t_err_first "no --: message" \
	"seccap apply: missing '--' before the command; write 'seccap apply [PROFILE] -- COMMAND [ARG]...'"
t_run "unknown option: 125 as docker run" 125 '' "$SECCAP" apply --bogus -- true
t_err_first "unknown option: message" "seccap apply: unrecognized option '--bogus'"
t_run "--arch is show's" 125 '' "$SECCAP" apply --arch arm64 -- true
t_err_first "--arch: message" \
	"seccap apply: --arch is not an option of apply: it confines this machine's own arch and kernel; 'seccap show --arch' shows other targets"
t_run "unknown --cap-add" 125 '' "$SECCAP" apply --cap-add BOGUS -- true
t_err_first "unknown --cap-add: message" \
	"seccap apply: unknown capability 'BOGUS' in --cap-add; names look like CAP_SYS_ADMIN or SYS_ADMIN, or ALL"
t_run "--cap-drop with a typo" 125 '' "$SECCAP" apply --cap-drop NET_RAWW -- true
t_err_first "--cap-drop typo: hint" "seccap apply: unknown capability 'NET_RAWW' in --cap-drop; did you mean 'CAP_NET_RAW'?"
t_run "bad --caps" 125 '' "$SECCAP" apply --caps dockr -- true
t_err_first "bad --caps: message" \
	"seccap apply: unknown capability 'dockr' in the capability list; names look like CAP_SYS_ADMIN or SYS_ADMIN; did you mean 'docker'?"
t_run "options after the command are the command's" 0 'x --caps y' "$SECCAP" apply -- echo x --caps y

# ---- exit statuses
t_run "missing profile: 125" 125 '' "$SECCAP" apply "$T_TMP/nonexistent.json" -- true
t_ok "missing profile: names the file" grep -q "$T_TMP/nonexistent.json" "$T_ERR"
t_err_lines "missing profile: one line" 1
# A typo in a rule that denies is an error (it would be a hole).
printf '{"defaultAction": "SCMP_ACT_ALLOW",\n "syscalls": [{"names": ["chmdo"], "action": "SCMP_ACT_ERRNO"}]}\n' >"$T_TMP/typo.json"
t_run "bad profile: 125" 125 '' "$SECCAP" apply "$T_TMP/typo.json" -- true
t_ok "bad profile: GNU file:line:col" grep -Eq "^$T_TMP/typo.json:2:[0-9]+: error: .*chmdo" "$T_ERR"
t_run "command's own status" 7 '' "$SECCAP" apply -- sh -c 'exit 7'
t_run "command's own status 0" 0 '' "$SECCAP" apply -- true
t_run "missing command: 127" 127 '' "$SECCAP" apply -- seccap-no-such-command
t_err_first "missing command: message" \
	"seccap apply: cannot run 'seccap-no-such-command': No such file or directory"
t_err_lines "missing command: one line" 1
mkdir -m 000 "$T_TMP/closed"
t_run "PATH through a directory we may not search: 127" 127 '' \
	env PATH="$T_TMP/closed:/usr/bin:/bin" "$SECCAP" apply -- seccap-no-such-command
t_run "missing path: 127" 127 '' "$SECCAP" apply -- "$T_TMP/nope"
printf 'echo hi\n' >"$T_TMP/noexec.sh"
chmod 644 "$T_TMP/noexec.sh"
t_run "not executable: 126" 126 '' "$SECCAP" apply -- "$T_TMP/noexec.sh"
t_err_first "not executable: message" "seccap apply: cannot run '$T_TMP/noexec.sh': Permission denied"
t_run "a directory: 126" 126 '' "$SECCAP" apply -- "$T_TMP"
t_err_first "a directory: message" "seccap apply: cannot run '$T_TMP': Is a directory"
printf '\177ELF garbage' >"$T_TMP/badelf"
chmod 755 "$T_TMP/badelf"
t_run "not a valid executable: 126" 126 '' "$SECCAP" apply -- "$T_TMP/badelf"
t_err_first "bad ELF: message" "seccap apply: cannot run '$T_TMP/badelf': Exec format error"
# As docker run (and unlike execvp): no shell is tried for a file the
# kernel cannot execute.
printf 'echo "script without #! ran"\n' >"$T_TMP/plain.sh"
chmod 755 "$T_TMP/plain.sh"
t_run "a script without #!: 126" 126 '' "$SECCAP" apply -- "$T_TMP/plain.sh"
t_err_first "script without #!: message" "seccap apply: cannot run '$T_TMP/plain.sh': Exec format error"
printf '#!/nonexistent/interpreter\n' >"$T_TMP/badinterp.sh"
chmod 755 "$T_TMP/badinterp.sh"
t_run "a missing interpreter: 127" 127 '' "$SECCAP" apply -- "$T_TMP/badinterp.sh"
mkdir "$T_TMP/bin"
printf '#!/bin/sh\necho found in PATH\n' >"$T_TMP/bin/seccap-test-cmd"
chmod 755 "$T_TMP/bin/seccap-test-cmd"
t_run "PATH search" 0 'found in PATH' env PATH="$T_TMP/bin:$PATH" "$SECCAP" apply -- seccap-test-cmd

# ---- the execve refusal
cat >"$T_TMP/noexec.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_ERRNO"}]}
EOF
t_run "a profile that denies execve is refused" 125 '' "$SECCAP" apply "$T_TMP/noexec.json" -- true
t_err_first "denies execve: message" \
	"seccap apply: refusing to run 'true': the filter would deny execve, so it could never start ($T_TMP/noexec.json:2: the profile gives execve SCMP_ACT_ERRNO)"
cat >"$T_TMP/noexec-args.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["execve"], "action": "SCMP_ACT_KILL_PROCESS",
   "args": [{"index": 2, "value": 0, "op": "SCMP_CMP_NE"}]}]}
EOF
t_run "execve denied for some arguments is refused" 125 '' "$SECCAP" apply "$T_TMP/noexec-args.json" -- true
t_err_first "denied for some arguments: message" \
	"seccap apply: refusing to run 'true': the filter would deny execve, so it could never start ($T_TMP/noexec-args.json:2: the profile gives execve SCMP_ACT_KILL_PROCESS for some arguments)"
if t_have_shared; then
	t_run "deny-everything profile is refused" 125 '' "$SECCAP" apply "$P/docker-labs-deny.json" -- true
	t_err_first "deny-everything: message" \
		"seccap apply: refusing to run 'true': the filter would deny execve, so it could never start ($P/docker-labs-deny.json: the profile does not allow execve (its default action is SCMP_ACT_ERRNO))"
fi
t_run "complain mode runs it anyway" 0 'ran' "$SECCAP" apply --log "$T_TMP/noexec.json" -- echo ran
cat >"$T_TMP/onlyexecveat.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["execveat"], "action": "SCMP_ACT_ERRNO"}]}
EOF
t_run "denying only execveat is fine: seccap execs with execve" 0 'ran' "$SECCAP" apply "$T_TMP/onlyexecveat.json" -- echo ran

# ---- the default profile: Docker's denials, by errno
if have_try "default profile: keyctl family"; then
	t_run "keyctl family: EPERM" 1 "$(printf 'keyctl: EPERM\nadd_key: EPERM\nrequest_key: EPERM')" \
		"$SECCAP" apply -- "$TRY" keyctl add_key request_key
	t_run "AF_VSOCK and AF_ALG sockets: EPERM, AF_INET works" 1 \
		"$(printf 'vsock: EPERM\nalg: EPERM\ninet: ok')" \
		"$SECCAP" apply "${DOCKER[@]}" -- "$TRY" vsock alg inet
	t_run "mount, unshare, namespaced clone: EPERM; clone3: ENOSYS" 1 \
		"$(printf 'mount: EPERM\nunshare-user: EPERM\nclone-newns: EPERM\nclone3: ENOSYS\ngetpid: ok')" \
		"$SECCAP" apply "${DOCKER[@]}" -- "$TRY" mount unshare-user clone-newns clone3 getpid
	t_run "the ENOSYS bound" 0 - "$SECCAP" show "${DOCKER[@]}"
	n=$(sed -n 's/^enosys: *syscalls above \([0-9]*\) .* on [a-z0-9_]* return ENOSYS$/\1/p' "$T_OUT" | head -1)
	if [ -n "$n" ]; then
		t_run "a syscall above the profile's newest ($n) gets ENOSYS" 1 "nr: ENOSYS" \
			"$SECCAP" apply "${DOCKER[@]}" -- "$TRY" nr=$((n + 1))
	else
		t_fail "the ENOSYS bound" "show printed no 'enosys:' line"
	fi
	t_run "complain mode: a denied call runs" 1 "$(printf 'mount: ENOENT\nvsock: ok')" \
		"$SECCAP" apply "${DOCKER[@]}" --log -- "$TRY" mount vsock
	if [ -x "$TRY_STATIC" ]; then
		t_ok "the static helper is static" sh -c '! ldd "$1" >/dev/null 2>&1' _ "$TRY_STATIC"
		t_run "a static binary is confined" 1 "$(printf 'keyctl: EPERM\nunshare-user: EPERM\ngetpid: ok')" \
			"$SECCAP" apply "${DOCKER[@]}" -- "$TRY_STATIC" keyctl unshare-user getpid
	else
		t_skip "a static binary is confined" "no static C library to build $TRY_STATIC"
	fi
fi

t_run "default profile: unshare -U fails" 1 '' "$SECCAP" apply "${DOCKER[@]}" -- unshare -U true
t_ok "unshare: Operation not permitted" grep -q "Operation not permitted" "$T_ERR"
if need_root "--cap-add SYS_ADMIN lets unshare -U work"; then
	if t_kernel userns "--cap-add SYS_ADMIN: unshare -U works"; then
		t_run "--cap-add SYS_ADMIN: unshare -U works" 0 '' "$SECCAP" apply --caps docker --cap-add SYS_ADMIN -- unshare -U true
	fi
	if have_try "--cap-add SYS_ADMIN: namespaced clone"; then
		t_run "--cap-add SYS_ADMIN: clone(CLONE_NEWNS) and mount allowed" 1 \
			"$(printf 'clone-newns: ok\nmount: ENOENT')" \
			"$SECCAP" apply --caps docker --cap-add sys_admin -- "$TRY" clone-newns mount
	fi
fi

# ---- Docker's chmod demonstration
if t_have_shared; then
	cw=$P/chmod-wake-alarm.json
	printf 'echo hi\n' >"$T_TMP/foo.sh"
	chmod 644 "$T_TMP/foo.sh"
	t_run "chmod-wake-alarm: chmod denied without CAP_WAKE_ALARM" 1 '' \
		sh -c 'cd "$1" && exec "$2" apply ${4:+--caps "$4"} "$3" -- chmod +x foo.sh' _ "$T_TMP" "$SECCAP" "$cw" "${DOCKER[1]:-}"
	t_ok "chmod: Operation not permitted" grep -q "Operation not permitted" "$T_ERR"
	t_ok "chmod: the file is unchanged" test ! -x "$T_TMP/foo.sh"
	if need_root "chmod-wake-alarm with --cap-add WAKE_ALARM"; then
		t_run "chmod-wake-alarm: --cap-add WAKE_ALARM allows chmod" 0 '' \
			sh -c 'cd "$1" && exec "$2" apply --caps docker --cap-add WAKE_ALARM "$3" -- chmod +x foo.sh' _ "$T_TMP" "$SECCAP" "$cw"
		t_ok "chmod: the file is executable" test -x "$T_TMP/foo.sh"
	fi
else
	t_skip "Docker's chmod demonstration" "$T_SHARED/profiles is missing"
fi

# ---- real programs under the default profile, no false denials
for caps in docker keep; do
	opt=("${DOCKER[@]}")
	[ "$caps" = keep ] && opt=()
	t_run "[$caps] shell pipeline" 0 1000 "$SECCAP" apply "${opt[@]}" -- sh -c 'seq 1000 | sort -n | tail -1'
	mkdir -p "$T_TMP/tree/sub" && echo data >"$T_TMP/tree/sub/file"
	t_run "[$caps] tar of a directory" 0 "$(printf 'tree/\ntree/sub/\ntree/sub/file')" \
		"$SECCAP" apply "${opt[@]}" -- sh -c 'cd "$1" && tar cf t.tar tree && tar tf t.tar | sort && rm t.tar' _ "$T_TMP"
	if command -v python3 >/dev/null; then
		t_run "[$caps] python3 with threads and a subprocess" 0 'ok 45 child' \
			"$SECCAP" apply "${opt[@]}" -- python3 -c '
import json, subprocess, tempfile, threading
r = []
ts = [threading.Thread(target=r.append, args=(i,)) for i in range(10)]
[t.start() for t in ts]; [t.join() for t in ts]
with tempfile.TemporaryDirectory() as d:
    json.dump(r, open(d + "/x", "w")); s = sum(json.load(open(d + "/x")))
print("ok", s, subprocess.check_output(["echo", "child"], text=True).strip())'
	else
		t_skip "[$caps] python3" "python3 is not installed"
	fi
	if command -v gcc >/dev/null; then
		printf '#include <stdio.h>\nint main(void) { puts("compiled"); return 0; }\n' >"$T_TMP/hello.c"
		t_run "[$caps] gcc compiles and links" 0 compiled \
			"$SECCAP" apply "${opt[@]}" -- sh -c 'gcc -O2 -o "$1/hello" "$1/hello.c" && "$1/hello"' _ "$T_TMP"
	else
		t_skip "[$caps] gcc" "gcc is not installed"
	fi
	if command -v git >/dev/null; then
		rm -rf "$T_TMP/repo"
		t_run "[$caps] git init, add, commit, log" 0 'first' \
			"$SECCAP" apply "${opt[@]}" -- sh -c 'git init -q "$1" && cd "$1" && echo x >f && git add f &&
				git -c user.name=t -c user.email=t@example.org commit -qm first && git log --format=%s' _ "$T_TMP/repo"
	else
		t_skip "[$caps] git" "git is not installed"
	fi
done

# ---- the sets the command really has
t_run "filter is on, for the process" 0 - "$SECCAP" apply -- cat /proc/self/status
t_field "Seccomp: filter mode" Seccomp 2
t_field "exactly one filter" Seccomp_filters 1
if need_root "capability sets"; then
	t_run "--caps none" 0 - "$SECCAP" apply --caps none -- cat /proc/self/status
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		t_field "--caps none: $f is 0" $f 0000000000000000
	done
	t_field "--caps none: no_new_privs (no CAP_SYS_ADMIN)" NoNewPrivs 1
	t_run "--caps docker" 0 - "$SECCAP" apply --caps docker -- cat /proc/self/status
	for f in CapPrm CapEff CapBnd CapAmb CapInh; do
		t_field "--caps docker: $f is Docker's 14" $f $DOCKER_MASK
	done
	t_run "--caps docker --cap-drop net_raw" 0 - "$SECCAP" apply --caps docker --cap-drop net_raw -- cat /proc/self/status
	t_field "--cap-drop net_raw" CapBnd 00000000a80405fb
	t_run "--cap-drop ALL --cap-add CHOWN" 0 - "$SECCAP" apply --cap-drop ALL --cap-add CHOWN -- cat /proc/self/status
	t_field "--cap-drop ALL --cap-add CHOWN" CapBnd 0000000000000001
	t_run "add and drop the same cap: docker run adds it" 0 - \
		"$SECCAP" apply --caps docker --cap-drop SYS_ADMIN --cap-add SYS_ADMIN -- cat /proc/self/status
	t_field "drop then add SYS_ADMIN" CapBnd 00000000a82425fb
	t_field "with CAP_SYS_ADMIN no_new_privs is not needed" NoNewPrivs 0
	t_run "--no-new-privs forces it" 0 - "$SECCAP" apply --caps docker --cap-add SYS_ADMIN --no-new-privs -- cat /proc/self/status
	t_field "--no-new-privs" NoNewPrivs 1
	full=$(awk '/^CapBnd:/ { print $2 }' /proc/self/status)
	t_run "--cap-add ALL --cap-drop NET_RAW" 0 - "$SECCAP" apply --cap-add ALL --cap-drop NET_RAW -- cat /proc/self/status
	t_field "--cap-add ALL --cap-drop NET_RAW" CapBnd "$(printf '%016x' $((0x$full & ~0x2000)))"
	t_run "no cap options: the caller's sets stay" 0 - "$SECCAP" apply -- cat /proc/self/status
	t_field "no cap options: CapBnd unchanged" CapBnd "$full"

	if command -v setpriv >/dev/null; then
		# An unprivileged caller: what it lacks cannot be granted...
		nobody=(setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all)
		if "${nobody[@]}" test -x "$SECCAP"; then
			t_run "unprivileged: --caps docker cannot be granted" 125 '' \
				"${nobody[@]}" "$SECCAP" apply --caps docker -- true
			t_err_first "unprivileged: message" \
				"seccap apply: cannot grant CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_SYS_CHROOT, CAP_MKNOD, CAP_AUDIT_WRITE, CAP_SETFCAP: seccap itself does not have them"
			t_run "unprivileged: --caps none works" 0 - "${nobody[@]}" "$SECCAP" apply --caps none -- cat /proc/self/status
			t_field "unprivileged --caps none: CapPrm" CapPrm 0000000000000000
			t_field "unprivileged --caps none: no_new_privs" NoNewPrivs 1
			# ...and what it has is kept across exec through the ambient set.
			withcap=(setpriv --reuid 65534 --regid 65534 --clear-groups
				--inh-caps=+net_bind_service --ambient-caps=+net_bind_service)
			t_run "non-root with one cap: it keeps it across exec" 0 - \
				"${withcap[@]}" "$SECCAP" apply --caps NET_BIND_SERVICE -- cat /proc/self/status
			t_field "non-root: CapEff via ambient" CapEff 0000000000000400
			t_field "non-root: CapAmb" CapAmb 0000000000000400
			t_run "non-root: a cap it lacks" 125 '' \
				"${withcap[@]}" "$SECCAP" apply --caps NET_BIND_SERVICE,NET_RAW -- true
			t_err_first "non-root: one missing cap" \
				"seccap apply: cannot grant CAP_NET_RAW: seccap itself does not have it"
		else
			t_skip "unprivileged caller" "user 65534 cannot execute $SECCAP"
		fi
	else
		t_skip "unprivileged caller" "setpriv is not installed"
	fi
fi

# ---- other names of the applet
# ---- the compile time limit ---------------------------------------------------
# A profile libseccomp takes far longer than the limit on (t_slow_profile);
# apply must stop and refuse to run the command rather than wait.
loop=$T_TMP/loop.json
t_slow_profile "$loop"
t_run "time limit: a profile that takes too long: 125, the command never runs" 125 '' \
	env SECCAP_COMPILE_TIMEOUT=1 "$SECCAP" apply --caps none "$loop" -- echo ran
t_err_first "time limit: message" \
	"seccap apply: $loop: building the filter took more than 1 s, so the program was not run; raise SECCAP_COMPILE_TIMEOUT (0: no limit) if the profile is just large"
t_run "time limit: show stops too" 125 '' \
	env SECCAP_COMPILE_TIMEOUT=1 "$SECCAP" show --caps none "$loop"
t_err_match "time limit: show: message" '^seccap show: .*/loop\.json: building the filter took more than 1 s, so the program was not run; '
t_run "time limit: not a number" 125 '' \
	env SECCAP_COMPILE_TIMEOUT=1s "$SECCAP" apply --caps none "$loop" -- echo ran
t_err_first "time limit: not a number: message" \
	"seccap apply: SECCAP_COMPILE_TIMEOUT: '1s' is not a number of seconds from 0 to 86400 (0 turns the limit off)"
t_run "time limit: a profile that compiles is not affected" 0 'ran' \
	env SECCAP_COMPILE_TIMEOUT=30 "$SECCAP" apply --caps none -- echo ran
t_run "time limit: 0 turns it off" 0 'ran' \
	env SECCAP_COMPILE_TIMEOUT=0 "$SECCAP" apply --caps none -- echo ran

# ---- a rule without syscall names
# Its action would apply to nothing: refused like a typo in a deny rule,
# before anything runs; the default's own action stays a warning.
nonames=$T_ROOT/tests/bad/json-rule-without-names.json
t_run "rule without names: refused, 125" 125 '' "$SECCAP" apply "$nonames" -- echo ran
t_err_first "rule without names: file:line message" \
	"$nonames:4:3: error: no syscall names in this rule, so its action 'SCMP_ACT_ERRNO' applies to nothing; list the syscalls it is for in 'names'"
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"action": "SCMP_ACT_ALLOW"}]}\n' >"$T_TMP/noop-nonames.json"
t_run "rule without names, default action: runs" 0 ran "$SECCAP" apply "$T_TMP/noop-nonames.json" -- echo ran
t_err_match "rule without names, default action: a warning" \
	"noop-nonames.json:1:[0-9]+: warning: no syscall names in this rule, ignoring"

# ---- a 32-bit personality (setarch i686, linux32) ------------------------------
# uname says i686 there, but seccap still calls the kernel as x86_64: the
# filter's native arch comes from the build, so nothing hits the bad-arch
# kill, and what the profile denies is still denied.
if t_can_linux32 "setarch i686"; then
	printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$T_TMP/allow-all.json"
	t_run "setarch i686: allow-all profile, true runs" 0 '' \
		setarch i686 "$SECCAP" apply "$T_TMP/allow-all.json" -- true
	t_run "setarch i686: default profile, a shell runs" 0 'i686 ok' \
		setarch i686 "$SECCAP" apply -- sh -c 'echo "$(uname -m) ok"'
	if have_try "setarch i686: denials"; then
		t_run "setarch i686: the default profile still denies keyctl" 1 \
			"$(printf 'keyctl: EPERM\ngetpid: ok')" \
			setarch i686 "$SECCAP" apply -- "$TRY" keyctl getpid
	fi
fi

# A SIGALRM blocked and pending since before execve is the program's own:
# the time limit must not take it for its timer, and the program must get
# it still pending and blocked.
SIGP=$HELPERS/sigalrm_pending
if [ -x "$SIGP" ]; then
	t_run "time limit: a pending blocked SIGALRM is not the limit firing" 0 \
		$'ShdPnd:\t0000000000002000\nSigBlk:\t0000000000002000' \
		env SECCAP_CACHE=0 "$SIGP" "$SECCAP" apply --caps none -- \
		grep -E '^(ShdPnd|SigBlk):' /proc/self/status
	t_err_lines "time limit: pending SIGALRM: nothing on stderr" 0
	t_run "time limit: pending SIGALRM, show compiles" 0 - \
		env SECCAP_CACHE=0 "$SIGP" "$SECCAP" show --caps none
else
	t_skip "time limit: pending SIGALRM" "$SIGP is not built (make check builds it)"
fi

links=$T_TMP/links
mkdir "$links"
t_run "--install" 0 '' "$SECCAP" --install "$links"
ln -s "$SECCAP" "$links/apply"
for name in seccap-apply apply; do
	t_run "as '$name'" 3 '' "$links/$name" -- sh -c 'exit 3'
	if [ -x "$TRY" ]; then
		t_run "as '$name': confined" 1 'keyctl: EPERM' "$links/$name" -- "$TRY" keyctl
	fi
	t_run "as '$name': messages name the applet" 127 '' "$links/$name" -- seccap-no-such-command
	t_err_first "as '$name': message" \
		"seccap apply: cannot run 'seccap-no-such-command': No such file or directory"
done

t_done
