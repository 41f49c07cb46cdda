#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# SCMP_ACT_NOTIFY with `seccap apply`: the listener handed to the agent at
# listenerPath the way runc and crun do it (tests/helpers/notify_agent.c, an
# agent that fails mkdir with EROFS and lets the rest continue); the state
# it receives; the refusals (no agent, a filter that would hand over the
# handoff's own sendmsg, a compiled filter, the preload).  The embedding
# API's handoff is tested in test_api.c.
. "$(dirname "$0")/lib.sh"
t_need_binary

AGENT=$T_BUILD/tests/helpers/notify_agent
PRELOAD=$T_BUILD/libcapfilter.so
SOCK=$T_TMP/agent.sock
STATE=$T_TMP/state.json

if [ ! -x "$AGENT" ]; then
	t_fail "agent" "$AGENT is not built (make check builds it)"
	t_done
fi

cat >"$T_TMP/notify.ini" <<EOF2
[profile]
default-action = allow
listener-path = $SOCK
listener-metadata = seccap-test-metadata

[mkdir]
action = notify
syscalls = mkdir mkdirat
EOF2
sed 's/^syscalls = mkdir mkdirat$/syscalls = mkdir mkdirat sendmsg/' "$T_TMP/notify.ini" >"$T_TMP/sendmsg.ini"

t_run "a notify profile is valid" 0 '' "$SECCAP" check "$T_TMP/notify.ini"

if ! t_kernel usernotif "notify: every live test"; then
	t_done
fi

# start_agent: the agent in the background, once its socket is there.
# shellcheck disable=SC2317 # called through t_ok
start_agent() {
	rm -f "$SOCK" "$STATE"
	"$AGENT" "$SOCK" "$STATE" 2>>"$T_TMP/agent.err" &
	agent=$!
	for _ in $(seq 50); do [ -S "$SOCK" ] && return 0; sleep 0.1; done
	return 1
}

t_ok "agent: listening" start_agent
t_run "mkdir handed to the agent" 1 '~^[0-9]+$' \
	"$SECCAP" apply "$T_TMP/notify.ini" -- sh -c "echo \$\$; exec mkdir '$T_TMP/newdir'"
pid=$(cat "$T_OUT")
t_err_match "mkdir: the agent's EROFS" "Read-only file system"
t_ok "mkdir: nothing was made" test ! -e "$T_TMP/newdir"
wait "$agent"
t_ok "agent: ended cleanly with the tree" test $? = 0
t_ok "state: ociVersion" grep -q '"ociVersion":"1.0.2"' "$STATE"
t_ok "state: fds names the listener" grep -q '"fds":\["seccompFd"\]' "$STATE"
t_ok "state: the profile's metadata" grep -q '"metadata":"seccap-test-metadata"' "$STATE"
t_ok "state: the command's pid" grep -q "\"pid\":$pid," "$STATE"
t_ok "state: status creating" grep -q '"status":"creating"' "$STATE"

t_ok "agent: listening again" start_agent
t_run "other calls continue" 0 'still here' "$SECCAP" apply "$T_TMP/notify.ini" -- sh -c 'echo still here'
wait "$agent"

# ---- refusals
rm -f "$SOCK"
t_run "no agent: 125" 125 '' "$SECCAP" apply "$T_TMP/notify.ini" -- true
t_err "no agent: message" "seccap apply: cannot connect to the seccomp agent at '$SOCK' (listenerPath): No such file or directory"

t_ok "agent: listening for the sendmsg refusal" start_agent
t_run "sendmsg handed over: refused" 125 '' "$SECCAP" apply "$T_TMP/sendmsg.ini" -- true
t_err "sendmsg handed over: message" "seccap apply: the profile hands to the agent sendmsg, which seccap needs to hand the agent its listener"
kill "$agent" 2>/dev/null
wait "$agent" 2>/dev/null

"$SECCAP" show --format compiled -o "$T_TMP/notify.scbpf" "$T_TMP/notify.ini" 2>/dev/null
t_run "a compiled notify filter: refused" 125 '' "$SECCAP" apply "$T_TMP/notify.scbpf" -- true
t_err "a compiled notify filter: message" "seccap apply: the filter hands syscalls to an agent, but a compiled filter has no listenerPath: apply the profile it was compiled from"

if [ -e "$PRELOAD" ]; then
	# Under the sanitizers (make check-extra) ASan's runtime goes first.
	asan=$(ldd "$PRELOAD" 2>/dev/null | awk '/libasan/ { print $3 }')
	t_run "the preload refuses" 125 '' env ${asan:+ASAN_OPTIONS=detect_leaks=0} \
		LD_PRELOAD="${asan:+$asan:}$PRELOAD" SECCAP_PROFILE="$T_TMP/notify.ini" /bin/true
	t_err "the preload refuses: message" "libcapfilter: $T_TMP/notify.ini: the profile hands syscalls to an agent (SCMP_ACT_NOTIFY), and the preload does not connect to one: a constructor must not block on a socket; use 'seccap apply' or the embedding API"
else
	t_skip "the preload refuses" "$PRELOAD is not built"
fi

t_done
