#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# The filter cache's trust rule (issue 13, seccap(1) "The filter cache"): a
# confined program rewrites or plants cache entries -- an allow-all program
# under the very key the next process looks up, header kept, digest fixed,
# written by tests/helpers/cache_forge with the cache's own format code --
# and the next program under the built-in default or a root-owned profile,
# by the preload or by seccap apply, is still confined.  Where the rule lets
# the cache be used (root; a user's profile in their home, with a cache in
# their home; root's system cache) entries are hit: the entry's inode and
# mtime stay the same (a miss rewrites it), and a forged one is loaded --
# by design there, since its writer could rewrite the profile itself.
#
# The witness is build/tests/helpers/apply_try: "unshare-user: EPERM"
# (exit 1) under Docker's default for a process without CAP_SYS_ADMIN.

. "$(dirname "$0")/lib.sh"

LIB=$T_BUILD/libcapfilter.so
TRY=$T_BUILD/tests/helpers/apply_try
FORGE=$T_BUILD/tests/helpers/cache_forge
t_need_built "$LIB" "$TRY" "$FORGE" "$SECCAP"
if [ "$(id -u)" -ne 0 ]; then
	t_skip "every test" "needs root: to run the attacker as another, unprivileged user (setpriv) and make root-owned profiles"
	t_done
fi
if ! command -v setpriv >/dev/null; then
	t_skip "every test" "setpriv (util-linux) is not installed"
	t_done
fi
U=65534
# In a sanitizer build the ASan runtime must come first in LD_PRELOAD.
asan=$(ldd "$LIB" 2>/dev/null | awk '/libasan/ { print $3 }')
PRE=${asan:+$asan:}$LIB
[ -n "$asan" ] && export ASAN_OPTIONS=detect_leaks=0

# T_TMP (root's, under sticky /tmp) holds a user's home and a root-owned
# "etc"; each profile gets trailing blanks of its own, so no entry another
# run left in the system cache can answer for it.
chmod 755 "$T_TMP"
H=$T_TMP/home ETC=$T_TMP/etc
mkdir -m 755 "$H" "$ETC"
chown "$U:$U" "$H"
pad() { cat "$T_ROOT/contrib/profiles/docker-default.json"; printf "%*s" "$1" ''; }
pad $(($$ % 997 + 1)) >"$ETC/p.json"
pad $(($$ % 997 + 1001)) >"$ETC/sys.json"
chmod 644 "$ETC"/*.json

AS=(setpriv "--reuid=$U" "--regid=$U" --clear-groups env -u XDG_CACHE_HOME
	-u SECCAP_CACHE -u SECCAP_CAPS -u SECCAP_VERBOSE -u SECCAP_LOG HOME="$H")
PL=("${AS[@]}" LD_PRELOAD="$PRE")
UC=$H/.cache/seccap
# "inode mtime" of a file, to tell a hit (untouched) from a miss (replaced).
id_of() { stat -c '%i %Y' "$1" 2>/dev/null; }
owner_mode() { stat -c '%u %a' "$1" 2>/dev/null; }
SYS_ENTRY=
trap 'rm -f "$SYS_ENTRY"; rm -rf "$T_TMP"' EXIT

# ---- the built-in default ------------------------------------------------------
t_run "default: unshare denied" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE=default "$TRY" unshare-user
t_ok "default: nothing written to the user's cache" \
	bash -c "[ ! -e '$UC' ] || [ -z \"\$(ls -A '$UC')\" ]"
"${AS[@]}" mkdir -p "$UC"
t_run "attack: a confined program plants an allow-all entry for default" 0 "~^forged $UC/[0-9a-f]{64}\$" \
	"${PL[@]}" SECCAP_PROFILE=default "$FORGE" plant "$UC" default
planted=$(sed -n 's/^forged //p' "$T_OUT")
t_ok "attack: the entry is the user's, 0600" \
	bash -c "[ \"\$(stat -c '%u %a' '$planted')\" = '$U 600' ]"
t_run "default after the attack: preload still denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE=default "$TRY" unshare-user
t_run "default after the attack: seccap apply still denies" 1 "unshare-user: EPERM" \
	"${AS[@]}" "$SECCAP" apply default -- "$TRY" unshare-user
t_run "default after the attack: what it allows still runs" 0 "getpid: ok" \
	"${PL[@]}" SECCAP_PROFILE=default "$TRY" getpid

# ---- a root-owned profile in a root-owned directory ---------------------------
t_run "root's profile: unshare denied" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user
t_run "attack: plant an allow-all entry for root's profile" 0 "~^forged " \
	"${PL[@]}" SECCAP_PROFILE=default "$FORGE" plant "$UC" "$ETC/p.json"
t_run "root's profile after the attack: preload still denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user
t_run "root's profile after the attack: seccap apply still denies" 1 "unshare-user: EPERM" \
	"${AS[@]}" "$SECCAP" apply "$ETC/p.json" -- "$TRY" unshare-user
# A link the user owns names root's file: the file is judged, not the link.
"${AS[@]}" ln -s "$ETC/p.json" "$H/link.json"
t_run "root's profile through the user's link: still denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$H/link.json" "$TRY" unshare-user

# ---- the user's own profile: their cache is used ------------------------------
# Bytes of its own: the entry planted for root's profile above would answer
# for a copy of it (and rightly: the user could rewrite the copy).
pad $(($$ % 997 + 2001)) | "${AS[@]}" tee "$H/own.json" >/dev/null
before=$(ls "$UC")
t_run "own profile: first run denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$H/own.json" "$TRY" unshare-user
own=$(comm -13 <(echo "$before") <(ls "$UC"))
if [ -n "$own" ] && [ "$(wc -l <<<"$own")" -eq 1 ]; then
	t_pass "own profile: one entry written"
	own=$UC/$own
else
	t_fail "own profile: one entry written" "new: $own"
	t_done
fi
t_ok "own profile: the entry is the user's, 0600" \
	test "$(owner_mode "$own")" = "$U 600"
id1=$(id_of "$own")
sleep 1.1 # a rewrite would show in the mtime too, not only the inode
t_run "own profile: second run denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$H/own.json" "$TRY" unshare-user
t_run "own profile: seccap apply denies" 1 "unshare-user: EPERM" \
	"${AS[@]}" "$SECCAP" apply "$H/own.json" -- "$TRY" unshare-user
t_ok "own profile: both were cache hits (entry untouched)" \
	test "$(id_of "$own")" = "$id1"

# The attack of the issue: rewrite every entry in place (same inode).
t_run "attack: a confined program rewrites every entry" 0 "~^forged " \
	"${PL[@]}" SECCAP_PROFILE=default "$FORGE" rewrite "$UC"/*
t_run "default after the rewrite: preload still denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE=default "$TRY" unshare-user
t_run "default after the rewrite: seccap apply still denies" 1 "unshare-user: EPERM" \
	"${AS[@]}" "$SECCAP" apply default -- "$TRY" unshare-user
t_run "root's profile after the rewrite: still denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user
# Control: the forged entries pass every check but the trust rule.  For the
# user's own profile the rule lets them count: the user could as well have
# rewritten own.json.
t_run "control: the user's own profile takes the user's forged entry" 0 "unshare-user: ok" \
	"${PL[@]}" SECCAP_PROFILE="$H/own.json" "$TRY" unshare-user

chmod 775 "$H"
t_run "own profile in a group-writable home: the cache is not used" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$H/own.json" "$TRY" unshare-user
chmod 755 "$H"
"${PL[@]}" SECCAP_PROFILE=default "$FORGE" rewrite "$own" >/dev/null
"${AS[@]}" ln "$own" "$H/second-name"
t_run "own profile: an entry with a second name is not used" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$H/own.json" "$TRY" unshare-user
"${AS[@]}" rm -f "$H/second-name"
"${AS[@]}" mv "$UC" "$H/elsewhere"
"${AS[@]}" ln -s "$H/elsewhere" "$UC"
"${PL[@]}" SECCAP_PROFILE=default "$FORGE" rewrite "$H/elsewhere/${own##*/}" >/dev/null
t_run "own profile: a cache directory that is a link is not used" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$H/own.json" "$TRY" unshare-user
"${AS[@]}" rm "$UC"
"${AS[@]}" mv "$H/elsewhere" "$UC"

# ---- root ---------------------------------------------------------------------
RC=$T_TMP/rootcache
mkdir -m 700 "$RC"
RT=(env -u SECCAP_CACHE -u SECCAP_VERBOSE -u SECCAP_LOG XDG_CACHE_HOME="$RC"
	LD_PRELOAD="$PRE" SECCAP_CAPS=none)
t_run "root: first run denies" 1 "unshare-user: EPERM" \
	"${RT[@]}" SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user
rootentry=$(ls -d "$RC"/seccap/* 2>/dev/null)
t_ok "root: one entry, root's, 0600" test "$(owner_mode "$rootentry")" = "0 600"
id1=$(id_of "$rootentry")
sleep 1.1
t_run "root: second run denies" 1 "unshare-user: EPERM" \
	"${RT[@]}" SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user
t_ok "root: a cache hit (entry untouched)" test "$(id_of "$rootentry")" = "$id1"
t_run "control: root's forged entry is root's business" 0 "~^forged " \
	"$FORGE" rewrite "$rootentry"
t_run "control: root takes its own forged entry" 0 "unshare-user: ok" \
	"${RT[@]}" SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user
# As `sudo -E` keeps a user's XDG_CACHE_HOME: the user planted an entry for
# root's profile (caps none, the forger's own) there above.
t_run "root with the user's cache: the user's entry is not used" 1 "unshare-user: EPERM" \
	env XDG_CACHE_HOME="$H/.cache" LD_PRELOAD="$PRE" SECCAP_CAPS=none \
	SECCAP_PROFILE="$ETC/p.json" "$TRY" unshare-user

# ---- the system cache ---------------------------------------------------------
t_run "cache add: not as a user" 1 '' \
	"${AS[@]}" "$SECCAP" cache add default
t_err_match "cache add: not as a user: says root" "only root can write the system cache"
t_run "cache add: as root" 0 "~^$ETC/sys.json	caps none	/.*/[0-9a-f]{64}\$" \
	"$SECCAP" cache add "$ETC/sys.json"
SYS_ENTRY=$(cut -f3 "$T_OUT")
t_ok "cache add: the entry is root's, 0644, in a 0755 root directory" \
	test "$(owner_mode "$SYS_ENTRY") $(owner_mode "${SYS_ENTRY%/*}")" = "0 644 0 755"
t_run "system cache: the user's run denies" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/sys.json" "$TRY" unshare-user
t_ok "system cache: nothing written to the user's cache for it" \
	bash -c "! ls '$UC' | grep -qx '${SYS_ENTRY##*/}'"
"$FORGE" rewrite "$SYS_ENTRY" >/dev/null
t_run "control: the user's run takes root's (forged) system entry" 0 "unshare-user: ok" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/sys.json" "$TRY" unshare-user
chmod 664 "$SYS_ENTRY"
t_run "system cache: a group-writable entry is not used" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/sys.json" "$TRY" unshare-user
chmod 644 "$SYS_ENTRY"; chown "$U" "$SYS_ENTRY"
t_run "system cache: an entry of another owner is not used" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$ETC/sys.json" "$TRY" unshare-user
rm -f "$SYS_ENTRY"

t_done
