#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Compiled filters (issue 6): `seccap show --format compiled`, a compiled
# file in SECCAP_PROFILE and in `seccap apply`, and the automatic cache --
# a hit gives the very program show prints, and every tampered entry
# (mode, owner, symlink, truncation, another key) is ignored: the program
# is compiled afresh and the process still confined.
#
# The witness is build/tests/helpers/apply_try: "unshare-user: EPERM"
# (exit 1) under Docker's default with Docker's caps; a permissive filter
# smuggled into the cache would let it through.

. "$(dirname "$0")/lib.sh"

LIB=$T_BUILD/libcapfilter.so
TRY=$T_BUILD/tests/helpers/apply_try
t_need_built "$LIB" "$TRY" "$SECCAP"
is_root() { [ "$(id -u)" -eq 0 ]; }

C=$T_TMP/c          # XDG_CACHE_HOME of every run here
# Docker's default with trailing blanks of its own: no entry another run
# left in root's system cache (which every lookup reads) answers for it.
PROF=$T_TMP/docker-default.json
{ cat "$T_ROOT/contrib/profiles/docker-default.json"; printf '%*s' $(($$ % 4096 + 1)) ''; } >"$PROF"
mkdir -m 700 "$C"
ALLOW=$T_TMP/allow.json
printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$ALLOW"

# In a sanitizer build the ASan runtime must come first in LD_PRELOAD, and
# its leak checker (ptrace) is not something a filter allows.
asan=$(ldd "$LIB" 2>/dev/null | awk '/libasan/ { print $3 }')
PRE=${asan:+$asan:}$LIB
[ -n "$asan" ] && export ASAN_OPTIONS=detect_leaks=0

PL=(env -u SECCAP_CACHE -u SECCAP_VERBOSE -u SECCAP_LOG XDG_CACHE_HOME="$C"
	LD_PRELOAD="$PRE" SECCAP_CAPS=docker)

# ---- show --format compiled --------------------------------------------------
t_run "show compiled: writes the file" 0 '' \
	"$SECCAP" show --caps docker --format compiled -o "$T_TMP/d.scbpf" "$PROF"
"$SECCAP" show --caps docker --format bpf -o "$T_TMP/d.bpf" "$PROF"
t_ok "show compiled: magic" \
	bash -c "head -c 8 '$T_TMP/d.scbpf' | od -An -tx1 | grep -q '89 53 43 42 50 46 0d 0a'"
t_ok "show compiled: the program is show --format bpf's" \
	bash -c "tail -c +257 '$T_TMP/d.scbpf' | cmp -s - '$T_TMP/d.bpf'"
t_ok "show compiled: header names the kernel" \
	bash -c "head -c 256 '$T_TMP/d.scbpf' | grep -aq '$(uname -r)'"
t_run "show: a compiled file is not a profile" 1 '' \
	"$SECCAP" show "$T_TMP/d.scbpf"
t_err_match "show: a compiled file: message" "compiled filter, not a profile"

# ---- the preload with a compiled file ------------------------------------------
t_run "preload compiled: unshare denied" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$T_TMP/d.scbpf" "$TRY" unshare-user
t_run "preload compiled: getpid allowed" 0 "getpid: ok" \
	"${PL[@]}" SECCAP_PROFILE="$T_TMP/d.scbpf" "$TRY" getpid
t_ok "preload compiled: no cache entry written" \
	bash -c "[ -z \"\$(ls -A '$C')\" ] || [ ! -d '$C/seccap' ] || [ -z \"\$(ls -A '$C/seccap')\" ]"

"$SECCAP" show --arch arm64 --caps docker --format compiled \
	-o "$T_TMP/arm64.scbpf" "$PROF"
t_run "preload compiled for arm64: refused, 125" 125 '' \
	"${PL[@]}" SECCAP_PROFILE="$T_TMP/arm64.scbpf" "$TRY" getpid
t_err_lines "preload compiled for arm64: one line" 1
t_err_match "preload compiled for arm64: says which arches" \
	"^libcapfilter: .*arm64.scbpf: compiled for SCMP_ARCH_AARCH64, this machine is SCMP_ARCH_X86_64"
t_run "apply compiled for arm64: refused, 125" 125 '' \
	"$SECCAP" apply "$T_TMP/arm64.scbpf" -- "$TRY" getpid
t_err_match "apply compiled for arm64: message" "compiled for SCMP_ARCH_AARCH64"

# A compiled file holds the rules resolved for one capability set.  Asked
# for another, it is refused naming both; asked for none, its own applies
# and SECCAP_VERBOSE says which.
"$SECCAP" show --caps all --format compiled -o "$T_TMP/all.scbpf" "$PROF"
t_run "preload compiled for all, SECCAP_CAPS=none: refused, 125" 125 '' \
	"${PL[@]}" SECCAP_CAPS=none SECCAP_PROFILE="$T_TMP/all.scbpf" "$TRY" getpid
t_err_lines "preload compiled for all, SECCAP_CAPS=none: one line" 1
t_err_match "preload compiled for all, SECCAP_CAPS=none: names both sets" \
	"^libcapfilter: .*/all\.scbpf: compiled for the capability set all, but none was asked for; compile the profile for that set"
t_run "preload compiled for docker, SECCAP_CAPS=docker,SYS_ADMIN: refused" 125 '' \
	"${PL[@]}" SECCAP_CAPS=docker,SYS_ADMIN SECCAP_PROFILE="$T_TMP/d.scbpf" "$TRY" getpid
t_err_match "preload: docker vs docker,SYS_ADMIN: message" \
	"compiled for the capability set docker, but .* was asked for \\(the set with CAP_SYS_ADMIN\\)"
t_run "apply --caps none, compiled for all: refused, 125" 125 '' \
	"$SECCAP" apply --caps none "$T_TMP/all.scbpf" -- "$TRY" getpid
t_err_first "apply --caps none, compiled for all: message" \
	"$T_TMP/all.scbpf: error: compiled for the capability set all, but none was asked for; compile the profile for that set (seccap show --format compiled --caps ...) or do not ask for a set"
if is_root; then
	t_run "apply --caps docker, compiled for docker: runs" 0 "getpid: ok" \
		"$SECCAP" apply --caps docker "$T_TMP/d.scbpf" -- "$TRY" getpid
else
	t_skip "apply --caps docker, compiled for docker" "needs root to hold Docker's capabilities"
fi
t_run "preload, no SECCAP_CAPS: the file's set applies" 0 "unshare-user: ok" \
	"${PL[@]}" env -u SECCAP_CAPS SECCAP_VERBOSE=1 SECCAP_PROFILE="$T_TMP/all.scbpf" "$TRY" unshare-user
t_err_match "preload, no SECCAP_CAPS, SECCAP_VERBOSE=1: says which set" \
	"^libcapfilter: .*/all\.scbpf: warning: compiled for the capability set all; no set was asked for, so that one applies"
t_run "preload, no SECCAP_CAPS, quiet: nothing on stderr" 0 "getpid: ok" \
	"${PL[@]}" env -u SECCAP_CAPS SECCAP_PROFILE="$T_TMP/all.scbpf" "$TRY" getpid
t_err_lines "preload, no SECCAP_CAPS, quiet: stderr empty" 0
t_run "apply, no caps asked, SECCAP_VERBOSE=1: runs" 0 "getpid: ok" \
	env SECCAP_VERBOSE=1 "$SECCAP" apply "$T_TMP/d.scbpf" -- "$TRY" getpid
t_err_match "apply, no caps asked, SECCAP_VERBOSE=1: says which set" \
	"d\.scbpf: warning: compiled for the capability set docker; no set was asked for, so that one applies"

head -c 300 "$T_TMP/d.scbpf" >"$T_TMP/trunc.scbpf"
t_run "preload: truncated compiled file refused, 125" 125 '' \
	"${PL[@]}" SECCAP_PROFILE="$T_TMP/trunc.scbpf" "$TRY" getpid
t_err_match "preload: truncated compiled file: message" "damaged"
cp "$T_TMP/d.scbpf" "$T_TMP/flip.scbpf"
printf '\377' | dd of="$T_TMP/flip.scbpf" bs=1 seek=400 conv=notrunc 2>/dev/null
t_run "preload: a flipped program byte is refused, 125" 125 '' \
	"${PL[@]}" SECCAP_PROFILE="$T_TMP/flip.scbpf" "$TRY" getpid
t_err_match "preload: flipped byte: message" "does not match its digest"

t_run "apply compiled: unshare denied" 1 "unshare-user: EPERM" \
	env XDG_CACHE_HOME="$C" "$SECCAP" apply "$T_TMP/d.scbpf" -- "$TRY" unshare-user

# ---- the cache ---------------------------------------------------------------------
rm -rf "$C/seccap"
t_run "cache: first run confines" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
entries=("$C"/seccap/*)
if [ "${#entries[@]}" -eq 1 ] && [ -f "${entries[0]}" ]; then
	t_pass "cache: one entry written"
else
	t_fail "cache: one entry written" "found: ${entries[*]}"
	t_done
fi
E=${entries[0]}
t_ok "cache: directory is 0700" \
	bash -c "[ \"\$(stat -c %a '$C/seccap')\" = 700 ]"
t_ok "cache: entry is 0600, named by its key" \
	bash -c "[ \"\$(stat -c %a '$E')\" = 600 ] && basename '$E' | grep -Eq '^[0-9a-f]{64}$'"
t_ok "cache: hit is the program show --format bpf prints" \
	bash -c "tail -c +257 '$E' | cmp -s - '$T_TMP/d.bpf'"
t_ok "cache: no temporary files left" \
	bash -c "[ -z \"\$(ls -A '$C/seccap' | grep '^\\.')\" ]"
t_run "cache: second run (hit) confines" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
t_run "cache: hit allows what the profile allows" 0 "getpid: ok" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" getpid

# A permissive program under the entry's name and key: loaded only if every
# check passes -- the positive control shows the checks are what refuse it.
key=$(basename "$E")
"$SECCAP" show --caps docker --format compiled -o "$T_TMP/allow.scbpf" "$ALLOW"
cp "$T_TMP/allow.scbpf" "$T_TMP/evil"
printf '%s' "$key" | xxd -r -p | dd of="$T_TMP/evil" bs=1 seek=72 conv=notrunc 2>/dev/null
cp "$E" "$T_TMP/good"
plant() { rm -f "$E"; cp "$T_TMP/evil" "$E"; chmod 600 "$E"; }

plant
# ALLOW-all lets unshare(CLONE_NEWUSER) through as root and as a user alike.
t_run "cache: control: a well-formed entry with the key is used" 0 "unshare-user: ok" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user

plant; chmod 620 "$E"
t_run "cache: group-writable entry ignored" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
t_ok "cache: group-writable entry replaced by a fresh one" \
	bash -c "cmp -s '$E' '$T_TMP/good' && [ \"\$(stat -c %a '$E')\" = 600 ]"

plant; chmod 602 "$E"
t_run "cache: other-writable entry ignored" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user

rm -f "$E"; ln -s "$T_TMP/evil" "$E"
t_run "cache: symlink in place of the entry ignored" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
t_ok "cache: the symlink was replaced, its target untouched" \
	bash -c "[ ! -L '$E' ] && cmp -s '$E' '$T_TMP/good' && [ \"\$(od -An -tx1 -j72 -N2 '$T_TMP/evil')\" != '' ]"

rm -f "$E"; head -c 1000 "$T_TMP/good" >"$E"; chmod 600 "$E"
t_run "cache: truncated entry ignored" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
t_ok "cache: truncated entry rewritten" cmp -s "$E" "$T_TMP/good"

rm -f "$E"; cp "$T_TMP/allow.scbpf" "$E"; chmod 600 "$E"
t_run "cache: entry with another key ignored" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user

rm -f "$E"; cp "$T_TMP/evil" "$E"; chmod 600 "$E"
# Byte 300 is in the program (0x00 there); 0xff makes it another program.
printf '\377' | dd of="$E" bs=1 seek=300 conv=notrunc 2>/dev/null
t_run "cache: entry with a damaged program ignored" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user

rm -f "$E"; mkdir "$E"
t_run "cache: a directory in place of the entry: still confined" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
rmdir "$E"

if is_root && id nobody >/dev/null 2>&1; then
	plant; chown nobody "$E"
	t_run "cache: entry owned by another user ignored" 1 "unshare-user: EPERM" \
		"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
	plant; chown nobody "$C/seccap"
	t_run "cache: directory owned by another user not used" 1 "unshare-user: EPERM" \
		"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
	chown root "$C/seccap"
else
	t_skip "cache: entry owned by another user ignored" "needs root (chown)"
	t_skip "cache: directory owned by another user not used" "needs root (chown)"
fi

plant; chmod 770 "$C/seccap"
t_run "cache: group-writable directory not used" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" unshare-user
chmod 700 "$C/seccap"

plant
t_run "cache: SECCAP_CACHE=0 does not read it" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_CACHE=0 SECCAP_PROFILE="$PROF" "$TRY" unshare-user
t_ok "cache: SECCAP_CACHE=0 does not write it" cmp -s "$E" "$T_TMP/evil"
rm -rf "$C/seccap"
t_run "cache: SECCAP_CACHE=0 first run" 1 "unshare-user: EPERM" \
	"${PL[@]}" SECCAP_CACHE=0 SECCAP_PROFILE="$PROF" "$TRY" unshare-user
t_ok "cache: SECCAP_CACHE=0 creates nothing" test ! -e "$C/seccap"

# An unwritable place never fails the program.
mkdir -m 500 "$T_TMP/ro"
t_run "cache: unusable directory: still runs and confines" 1 "unshare-user: EPERM" \
	env XDG_CACHE_HOME="$T_TMP/ro/x" LD_PRELOAD="$PRE" SECCAP_CAPS=docker \
	SECCAP_PROFILE="$PROF" "$TRY" unshare-user

# Another capability set is another key.
rm -rf "$C/seccap"
"${PL[@]}" SECCAP_PROFILE="$PROF" "$TRY" getpid >/dev/null 2>&1
"${PL[@]}" SECCAP_CAPS=docker,SYS_ADMIN SECCAP_PROFILE="$PROF" "$TRY" getpid >/dev/null 2>&1
t_ok "cache: another capability set, another entry" \
	bash -c "[ \$(ls '$C/seccap' | wc -l) -eq 2 ]"

# apply with a warm cache: the entry's program is what it loads.
rm -rf "$C/seccap"
# No capability option (the warm path); keyctl is denied whatever the caps.
t_run "apply: first run confines" 1 "keyctl: EPERM" \
	env XDG_CACHE_HOME="$C" "$SECCAP" apply "$PROF" -- "$TRY" keyctl
t_run "apply: warm cache run confines" 1 "keyctl: EPERM" \
	env XDG_CACHE_HOME="$C" "$SECCAP" apply "$PROF" -- "$TRY" keyctl
n=$(ls "$C/seccap" | wc -l)
t_run "apply: warm cache hit" 0 "getpid: ok" \
	env XDG_CACHE_HOME="$C" "$SECCAP" apply "$PROF" -- "$TRY" getpid
t_ok "apply: a hit writes nothing new" \
	bash -c "[ \$(ls '$C/seccap' | wc -l) -eq $n ]"

t_done
