#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The Debian packages (contrib/debian, contrib/build-deb.sh = `make deb`):
# they build from the tree, pass lintian with no error or warning, match the
# symbols file, hold the layout `make install` makes (applet links from
# `seccap --list`, the multiarch library, the .pc with /usr) and what they
# hold runs.  Installing them is left to the autopkgtest (debian/tests),
# which changes the machine: see contrib/debian/README.source.
#
# Slow (a full package build, about a minute): `make check` skips it;
# `make check-extra` runs it with SECCAP_EXTRA=1.
. "$(dirname "$0")/lib.sh"

if [ "${SECCAP_EXTRA:-}" != 1 ]; then
	t_skip "make deb" "slow (a package build); make check-extra runs it (SECCAP_EXTRA=1)"
	t_done
fi
# Asked for, it must run: a missing tool is a failure.
for tool in dpkg-buildpackage dh fakeroot lintian git; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		t_fail "make deb" "$tool is not installed (contrib/install-deps.sh: dpkg-dev debhelper fakeroot lintian git)"
		t_done
	fi
done
t_need_binary
if [ ! -d "$T_ROOT/.git" ] && [ ! -f "$T_ROOT/.git" ]; then
	t_skip "make deb" "$T_ROOT is not a git checkout (the build stages the tracked files)"
	t_done
fi

version=$("$SECCAP" --version | sed -n 's/^seccap //p')
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
out=$T_TMP/deb
t_run "contrib/build-deb.sh builds the packages and lintian passes them" 0 - \
	sh "$T_ROOT/contrib/build-deb.sh" "$out" "$version"
cp "$T_OUT" "$T_TMP/build.log"
if [ "$T_STATUS" -ne 0 ]; then
	tail -n 20 "$T_TMP/build.log" "$T_ERR" | sed 's/^/       | /'
	t_done
fi
if grep -q 'dpkg-gensymbols: warning' "$T_TMP/build.log" "$T_ERR"; then
	t_fail "the exported symbols are contrib/debian/libcapfilter0.symbols" \
		"add new seccap_* symbols there, with the version that adds them:"
	grep -A30 '^--- debian/libcapfilter0.symbols' "$T_TMP/build.log" | sed 's/^/       | /'
else
	t_pass "the exported symbols are contrib/debian/libcapfilter0.symbols"
fi

deb() { echo "$out/${1}_${version}_$arch.deb"; }
for p in seccap libcapfilter0 libcapfilter-dev; do
	t_ok "$p is built" test -f "$(deb "$p")"
done

# "path" for files, "path -> target" for links, of one package.
contents() {
	dpkg-deb -c "$(deb "$1")" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print }' |
		sed 's|^\./|/|'
}
contents seccap >"$T_TMP/seccap.list"
contents libcapfilter0 >"$T_TMP/lib.list"
contents libcapfilter-dev >"$T_TMP/dev.list"

mapfile -t applets < <("$SECCAP" --list | cut -d' ' -f1)
missing=
for a in "${applets[@]}"; do
	for l in "/usr/bin/seccap-$a -> seccap" \
		"/usr/share/man/man1/seccap-$a.1.gz -> seccap.1.gz" \
		"/usr/share/bash-completion/completions/seccap-$a -> seccap"; do
		grep -Fxq -- "$l" "$T_TMP/seccap.list" || missing="$missing; $l"
	done
done
for f in "$T_ROOT"/contrib/profiles/*.ini; do
	grep -Fxq "/usr/share/seccap/profiles/${f##*/}" "$T_TMP/seccap.list" ||
		missing="$missing; profile ${f##*/}"
done
for f in /usr/bin/seccap /usr/share/man/man1/seccap.1.gz \
	/usr/share/man/man5/seccap-profile.5.gz /usr/share/man/man8/libcapfilter.8.gz \
	/usr/share/bash-completion/completions/seccap; do
	grep -Fxq "$f" "$T_TMP/seccap.list" || missing="$missing; $f"
done
if [ -z "$missing" ]; then
	t_pass "seccap holds the binary, a link per applet (${#applets[@]}), man pages, completion, profiles"
else
	t_fail "seccap holds the binary, a link per applet, man pages, completion, profiles" "missing${missing}"
fi
t_ok "libcapfilter0 holds the library in /usr/lib/$ma" grep -Fxq \
	"/usr/lib/$ma/libcapfilter.so.0 -> libcapfilter.so.$version" "$T_TMP/lib.list"
t_ok "libcapfilter0 holds nothing else" test "$(grep -vc -e '/$' -e '^/usr/lib/' \
	-e '^/usr/share/doc/' "$T_TMP/lib.list")" = 0
t_ok "libcapfilter-dev: header, .pc, unversioned link" sh -c \
	'grep -Fxq /usr/include/seccap.h "$1" &&
	 grep -Fxq "/usr/lib/$2/pkgconfig/libcapfilter.pc" "$1" &&
	 grep -Fxq "/usr/lib/$2/libcapfilter.so -> libcapfilter.so.0" "$1"' _ "$T_TMP/dev.list" "$ma"
t_run "libcapfilter0 is Multi-Arch: same" 0 same \
	dpkg-deb -f "$(deb libcapfilter0)" Multi-Arch
t_run "libcapfilter-dev depends on this very libcapfilter0" 0 "~libcapfilter0 \(= $version\)" \
	dpkg-deb -f "$(deb libcapfilter-dev)" Depends

# What they hold runs: unpacked (not installed) into a root of our own.
R=$T_TMP/root
for p in seccap libcapfilter0 libcapfilter-dev; do dpkg-deb -x "$(deb "$p")" "$R"; done
t_run "the packaged seccap runs" 0 "seccap $version" "$R/usr/bin/seccap" --version
t_run "its applet link runs it" 0 - "$R/usr/bin/seccap-check" "$R/usr/share/seccap/profiles/cli-strict.ini"
t_run "the .pc names /usr and the multiarch libdir" 0 "/usr/lib/$ma" \
	env PKG_CONFIG_PATH="$R/usr/lib/$ma/pkgconfig" PKG_CONFIG_LIBDIR=/nonexistent \
	pkg-config --variable=libdir libcapfilter
t_run "the packaged preload confines with SECCAP_PROFILE=default" 1 '' \
	env LD_PRELOAD="$R/usr/lib/$ma/libcapfilter.so.0" SECCAP_PROFILE=default \
	SECCAP_CAPS=docker unshare -U true
t_err_match "unshare: Operation not permitted" 'Operation not permitted'

t_done
