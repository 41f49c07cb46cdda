#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The static build (`make static`) in an empty root: a directory holding
# only build/static/seccap, its applet links, a static test program and two
# profiles -- the layout of contrib/docker/Dockerfile.minimal.  The binary
# must be statically linked, create its links with --install, and confine
# the program through the link names (/bin/seccap-apply, /bin/apply) inside
# a chroot, where there is no libc.so, no /proc, no /dev and no /etc.
# The chroot needs root; the rest runs unprivileged as well.

. "$(dirname "$0")/lib.sh"

STATIC=$T_BUILD/static/seccap
CC=${CC:-cc}
R=$T_TMP/root

if [ ! -x "$STATIC" ]; then
	t_skip "static" "$STATIC is missing; 'make static' builds it (not with SANITIZE; it needs the .a files of libc6-dev, libseccomp-dev, libcap-dev, libinih-dev, libjson-c-dev)"
	t_done
fi

# ---- the binary itself ----

t_run "file says statically linked" 0 '~statically linked' file -b "$STATIC"
if LC_ALL=C readelf -lW "$STATIC" >"$T_TMP/phdr" 2>&1; then
	if grep -q 'INTERP' "$T_TMP/phdr"; then
		t_fail "no program interpreter" "readelf shows an INTERP header"
	else
		t_pass "no program interpreter"
	fi
	if LC_ALL=C readelf -dW "$STATIC" | grep -q '(NEEDED)'; then
		t_fail "no shared libraries" "readelf -d lists NEEDED entries"
	else
		t_pass "no shared libraries"
	fi
else
	t_skip "no program interpreter" "readelf failed"
fi
# README.md's figures: "from about X MB (with debugging information) to
# about Y MB" stripped; each within a tenth of the binary's real size.
about_mb() {
	awk -v have="$1" -v said="$2" 'BEGIN {
		mb = have / 1e6; exit !(said >= mb * 0.9 && said <= mb * 1.1) }'
}
sizes=$(tr '\n' ' ' <"$T_ROOT/README.md" |
	sed -n 's/.*from about \([0-9.]*\) MB (with debugging *information) to about \([0-9.]*\) MB.*/\1 \2/p')
strip -o "$T_TMP/stripped" "$STATIC" 2>/dev/null
if [ -z "$sizes" ] || [ ! -s "$T_TMP/stripped" ]; then
	t_fail "README.md states the static binary's size" "no 'from about X MB ... to about Y MB', or strip failed"
else
	read -r said_full said_stripped <<<"$sizes"
	full=$(stat -c %s "$STATIC") stripped=$(stat -c %s "$T_TMP/stripped")
	t_ok "README.md: about $said_full MB with debugging information (is $full bytes)" \
		about_mb "$full" "$said_full"
	t_ok "README.md: about $said_stripped MB stripped (is $stripped bytes)" \
		about_mb "$stripped" "$said_stripped"
fi

want_version=$("$SECCAP" --version 2>/dev/null)
t_run "same version as the dynamic build" 0 "$want_version" "$STATIC" --version
t_run "same applets as the dynamic build" 0 "$("$SECCAP" --list 2>/dev/null)" \
	"$STATIC" --list

# ---- the root: /bin/seccap and its links, a program, profiles ----

mkdir -p "$R/bin" "$R/etc/seccap" "$R/work"
cp "$STATIC" "$R/bin/seccap"
t_run "--install DIR beside the binary" 0 '' "$R/bin/seccap" --install "$R/bin"
links_ok=1
for a in $("$SECCAP" --list | cut -d' ' -f1); do
	[ "$(readlink "$R/bin/seccap-$a")" = seccap ] || links_ok=0
done
if [ "$links_ok" = 1 ]; then
	t_pass "links are relative: seccap-APPLET -> seccap"
else
	t_fail "links are relative: seccap-APPLET -> seccap" "$(ls -l "$R/bin")"
fi
t_run "--install again over its own links" 0 '' "$R/bin/seccap" --install "$R/bin"
# The bare applet name, busybox style.
ln -s seccap "$R/bin/apply"

if ! "$CC" -static -O2 -D_GNU_SOURCE -o "$R/bin/probe" \
	"$T_ROOT/tests/helpers/static_probe.c" 2>"$T_TMP/cc.err"; then
	t_skip "static test program" "'$CC -static' failed: $(head -n 1 "$T_TMP/cc.err")"
	t_done
fi
t_run "the test program is static" 0 '~statically linked' file -b "$R/bin/probe"

# A deny-list, written here in INI: socket is EPERM, uname ENOSYS.
cat >"$R/etc/seccap/deny.ini" <<'EOF'
# test_static.sh: allow all but two
[profile]
default-action = allow

[no-sockets]
action = errno
errno = EPERM
syscalls = socket

[no-uname]
action = errno
errno = ENOSYS
syscalls = uname
EOF
cp "$T_ROOT/contrib/profiles/cli-strict.ini" "$R/etc/seccap/cli-strict.ini"

(cd "$R" && find . ! -type d | LC_ALL=C sort) >"$T_TMP/tree"
want_tree=$({
	printf '%s\n' ./bin/apply ./bin/probe ./bin/seccap \
		./etc/seccap/cli-strict.ini ./etc/seccap/deny.ini
	"$SECCAP" --list | cut -d' ' -f1 | sed 's|^|./bin/seccap-|'
} | LC_ALL=C sort)
if [ "$(cat "$T_TMP/tree")" = "$want_tree" ]; then
	t_pass "the root holds seccap, its links, the program, two profiles"
else
	t_fail "the root holds seccap, its links, the program, two profiles" \
		"got:" "$(cat "$T_TMP/tree")"
fi

# ---- in the chroot ----

if [ "$(id -u)" -ne 0 ]; then
	t_skip "chroot" "chroot needs root; run the tests as root for the empty-root checks"
	t_done
fi
if ! command -v chroot >/dev/null 2>&1; then
	t_skip "chroot" "no chroot(8) here (coreutils)"
	t_done
fi
CH=("$(command -v chroot)" "$R")

t_run "seccap --version in the empty root" 0 "$want_version" "${CH[@]}" /bin/seccap --version
t_run "seccap-check through its link" 0 '' "${CH[@]}" /bin/seccap-check \
	/etc/seccap/deny.ini /etc/seccap/cli-strict.ini
t_run "seccap-show through its link" 0 '~^socket +ERRNO\(EPERM\)' \
	"${CH[@]}" /bin/seccap-show /etc/seccap/deny.ini
t_run "the program unconfined" 0 $'getpid: ok\nsocket: ok\nuname: ok' \
	"${CH[@]}" /bin/probe getpid socket uname

t_run "seccap-apply: allowed syscall" 0 'getpid: ok' \
	"${CH[@]}" /bin/seccap-apply /etc/seccap/deny.ini -- /bin/probe getpid
t_run "seccap-apply: denied syscalls" 1 $'getpid: ok\nsocket: EPERM\nuname: ENOSYS' \
	"${CH[@]}" /bin/seccap-apply /etc/seccap/deny.ini -- /bin/probe getpid socket uname
t_run "apply (bare name): allowed syscall" 0 'uname: ok' \
	"${CH[@]}" /bin/apply /etc/seccap/cli-strict.ini -- /bin/probe uname
t_run "apply (bare name): denied syscalls" 1 \
	$'getpid: ok\nsocket: EPERM\nunshare: EPERM\nclone3: ENOSYS\nfork: ok' \
	"${CH[@]}" /bin/apply /etc/seccap/cli-strict.ini -- /bin/probe getpid socket unshare clone3 fork
t_run "seccap apply (multicall form)" 1 'socket: EPERM' \
	"${CH[@]}" /bin/seccap apply /etc/seccap/deny.ini -- /bin/probe socket
# The command is looked up in PATH inside the root, as docker run does.
t_run "apply finds the command in PATH" 0 'getpid: ok' \
	env PATH=/bin "${CH[@]}" /bin/apply /etc/seccap/deny.ini -- probe getpid
t_run "the embedded default profile needs no file" 1 $'getpid: ok\nunshare: EPERM' \
	"${CH[@]}" /bin/apply -- /bin/probe getpid unshare

# Failures inside the root keep apply's exit statuses and messages.
t_run "missing profile: 125" 125 '' \
	"${CH[@]}" /bin/apply /etc/seccap/nope.ini -- /bin/probe getpid
t_err_match "missing profile: the message names the file" "/etc/seccap/nope.ini"
t_run "missing command: 127" 127 '' \
	"${CH[@]}" /bin/apply /etc/seccap/deny.ini -- /bin/nope

# --install inside the root, where /proc is not mounted: the links then
# point at the absolute argv[0] (a FROM-scratch `RUN ["/bin/seccap",
# "--install", "/sbin"]` has no shell and may have no /proc).
mkdir "$R/sbin"
t_run "--install without /proc" 0 '' "${CH[@]}" /bin/seccap --install /sbin
if [ "$(readlink "$R/sbin/seccap-apply")" = /bin/seccap ]; then
	t_pass "without /proc the link is the absolute argv[0]"
else
	t_fail "without /proc the link is the absolute argv[0]" \
		"seccap-apply -> $(readlink "$R/sbin/seccap-apply")"
fi
t_run "a link made without /proc works" 1 'socket: EPERM' \
	"${CH[@]}" /sbin/seccap-apply /etc/seccap/deny.ini -- /bin/probe socket

t_done
