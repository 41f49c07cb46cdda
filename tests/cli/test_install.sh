#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `make install` into a temporary DESTDIR: the tree is exactly the layout of
# INSTALL, the installed binary and its applet links run, the installed
# preload confines a program, the installed header, library and pkg-config
# file build a program that confines itself, and `make uninstall` takes
# every file away again and nothing else.  No privilege needed.

. "$(dirname "$0")/lib.sh"
t_need_binary

MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

if ! command -v "$MAKE" >/dev/null 2>&1; then
	t_skip "install" "no '$MAKE' here"
	t_done
fi

# The build directory as the Makefile names it (B=build unless tests run
# against another one).
case $T_BUILD in
"$T_ROOT"/*) B=${T_BUILD#"$T_ROOT"/} ;;
*) B=$T_BUILD ;;
esac

version=$("$SECCAP" --version | sed -n 's/^seccap //p')
mapfile -t applets < <("$SECCAP" --list | cut -d' ' -f1)
if [ ! -f "$T_BUILD/libcapfilter.so.$version" ]; then
	t_fail "library" "$T_BUILD/libcapfilter.so.$version is missing; run 'make' first"
	t_done
fi
profiles=()
for f in "$T_ROOT"/contrib/profiles/*.ini; do
	[ -f "$f" ] && profiles+=("${f##*/}")
done

# run_make NAME TARGET VAR=VALUE...: make in the source tree, quietly.  It
# installs what was built: -o keeps it from rebuilding the binary and the
# library (and whatever they are made of), so a source edited since the
# build cannot start a compile here, and the parent make's job server and
# variables (MAKEFLAGS) stay out of it.
run_make() {
	local name=$1
	shift
	if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$MAKE" -s -C "$T_ROOT" B="$B" \
		-o "$B/seccap" -o "$B/libcapfilter.so.$version" "$@" \
		>"$T_TMP/make.out" 2>&1; then
		t_pass "$name"
		return 0
	fi
	t_fail "$name" "make $* failed"
	t_show "$T_TMP/make.out"
	return 1
}

# The tree under $1 as "d path", "f mode path", "l path -> target".
tree() {
	(cd "$1" && find . -mindepth 1 \( -type d -printf 'd %P\n' \) -o \
		\( -type l -printf 'l %P -> %l\n' \) -o -printf 'f %m %P\n') |
		LC_ALL=C sort
}

# What install must write under prefix $1 (relative, no leading slash).
expected_tree() {
	local p=$1 a f
	{
		local d=
		for part in ${p//\// }; do
			d=${d:+$d/}$part
			echo "d $d"
		done
		printf 'd %s\n' "$p/bin" "$p/include" "$p/lib" "$p/lib/pkgconfig" \
			"$p/share" "$p/share/bash-completion" \
			"$p/share/bash-completion/completions" "$p/share/man" \
			"$p/share/man/man1" "$p/share/man/man5" "$p/share/man/man8" \
			"$p/share/seccap" "$p/share/seccap/profiles"
		echo "f 755 $p/bin/seccap"
		for a in "${applets[@]}"; do
			echo "l $p/bin/seccap-$a -> seccap"
			echo "l $p/share/bash-completion/completions/seccap-$a -> seccap"
			echo "l $p/share/man/man1/seccap-$a.1 -> seccap.1"
		done
		echo "f 644 $p/include/seccap.h"
		echo "l $p/lib/libcapfilter.so -> libcapfilter.so.0"
		echo "l $p/lib/libcapfilter.so.0 -> libcapfilter.so.$version"
		echo "f 755 $p/lib/libcapfilter.so.$version"
		echo "f 644 $p/lib/pkgconfig/libcapfilter.pc"
		echo "f 644 $p/share/bash-completion/completions/seccap"
		echo "f 644 $p/share/man/man1/seccap.1"
		echo "f 644 $p/share/man/man5/seccap-profile.5"
		echo "f 644 $p/share/man/man8/libcapfilter.8"
		for f in "${profiles[@]}"; do
			echo "f 644 $p/share/seccap/profiles/$f"
		done
	} | LC_ALL=C sort
}

compare_tree() {
	local name=$1 dir=$2 prefix=$3
	tree "$dir" >"$T_TMP/got.tree"
	expected_tree "$prefix" >"$T_TMP/want.tree"
	if diff -u "$T_TMP/want.tree" "$T_TMP/got.tree" >"$T_TMP/tree.diff"; then
		t_pass "$name"
	else
		t_fail "$name" "installed tree differs (- expected, + installed):"
		sed 's/^/       /' "$T_TMP/tree.diff"
	fi
}

# ---- install into DESTDIR with the default PREFIX ----

D=$T_TMP/dest
P=$D/usr/local
if ! run_make "make install DESTDIR=..." install DESTDIR="$D"; then
	t_done
fi
t_ok "the issue's applets and profiles are there" test \
	-L "$P/bin/seccap-apply" -a -L "$P/bin/seccap-show" -a \
	-L "$P/bin/seccap-check" -a -L "$P/bin/seccap-import" -a \
	-f "$P/share/seccap/profiles/docker-default.ini" -a \
	-f "$P/share/seccap/profiles/podman-default.ini" -a \
	-f "$P/share/seccap/profiles/cli-strict.ini"
compare_tree "the installed tree is exactly the layout" "$D" usr/local
same=1
for f in "${profiles[@]}"; do
	cmp -s "$T_ROOT/contrib/profiles/$f" "$P/share/seccap/profiles/$f" || same=0
done
t_ok "installed profiles are contrib/profiles/*.ini" test "$same" = 1
run_make "make install again over the same tree" install DESTDIR="$D"
compare_tree "the second install leaves the same tree" "$D" usr/local

# ---- the installed binary ----

t_run "installed seccap --version" 0 "seccap $version" "$P/bin/seccap" --version
t_run "installed seccap-check on an installed profile" 0 '' \
	"$P/bin/seccap-check" --strict "$P/share/seccap/profiles/cli-strict.ini"
t_run "installed seccap-show --version" 0 "seccap $version" "$P/bin/seccap-show" --version
t_run "its own --install agrees with make install's links" 0 '' \
	"$P/bin/seccap" --install "$P/bin"

probe=$T_TMP/probe
if ! "$CC" -O2 -D_GNU_SOURCE -o "$probe" "$T_ROOT/tests/helpers/static_probe.c" \
	2>"$T_TMP/cc.err"; then
	t_fail "build the probe" "$(head -n 3 "$T_TMP/cc.err")"
	t_done
fi
t_run "installed seccap-apply confines" 1 $'getpid: ok\nsocket: EPERM' \
	"$P/bin/seccap-apply" "$P/share/seccap/profiles/cli-strict.ini" -- \
	"$probe" getpid socket

# ---- the installed preload ----

# A sanitizer build's library needs the ASan runtime loaded first.
asan=$(ldd "$P/lib/libcapfilter.so.$version" 2>/dev/null | awk '/libasan/ { print $3 }')
PRE=${asan:+$asan:}
# LeakSanitizer's exit-time scan cannot run under a filter.
[ -n "$asan" ] && export ASAN_OPTIONS=detect_leaks=0

t_run "installed library's SONAME" 0 '~SONAME.*\[libcapfilter\.so\.0\]' \
	env LC_ALL=C readelf -dW "$P/lib/libcapfilter.so.$version"
t_run "installed preload: allowed and denied" 1 $'getpid: ok\nsocket: EPERM' \
	env LD_PRELOAD="$PRE$P/lib/libcapfilter.so" \
	SECCAP_PROFILE="$P/share/seccap/profiles/cli-strict.ini" "$probe" getpid socket
t_run "installed preload through the soname link" 1 $'unshare: EPERM' \
	env LD_PRELOAD="$PRE$P/lib/libcapfilter.so.0" SECCAP_PROFILE=default \
	SECCAP_CAPS=docker "$probe" unshare
t_run "without SECCAP_PROFILE the preload does nothing" 0 'socket: ok' \
	env LD_PRELOAD="$PRE$P/lib/libcapfilter.so.0" "$probe" socket

# ---- header, library and pkg-config file: a program confines itself ----

pc=$P/lib/pkgconfig/libcapfilter.pc
if grep -q '@' "$pc"; then
	t_fail "the .pc has no unsubstituted @VARIABLE@" "$(grep '@' "$pc")"
else
	t_pass "the .pc has no unsubstituted @VARIABLE@"
fi
t_run "the .pc names the real prefix, not DESTDIR" 0 /usr/local \
	env PKG_CONFIG_PATH="$P/lib/pkgconfig" PKG_CONFIG_LIBDIR=/nonexistent \
	"$PKG_CONFIG" --variable=prefix libcapfilter
t_run "pkg-config --modversion" 0 "$version" \
	env PKG_CONFIG_PATH="$P/lib/pkgconfig" PKG_CONFIG_LIBDIR=/nonexistent \
	"$PKG_CONFIG" --modversion libcapfilter
# The sysroot puts DESTDIR in front of the .pc's -I and -L, as for a
# cross or staged build.
flags=$(PKG_CONFIG_PATH="$P/lib/pkgconfig" PKG_CONFIG_LIBDIR=/nonexistent \
	PKG_CONFIG_SYSROOT_DIR="$D" "$PKG_CONFIG" --cflags --libs libcapfilter)
read -r -a flag_list <<<"$flags"
if [ "${flag_list[*]}" = "-I$P/include -L$P/lib -lcapfilter" ]; then
	t_pass "pkg-config flags point into DESTDIR"
else
	t_fail "pkg-config flags point into DESTDIR" "got: $flags"
fi

# The program of README.md's "## 3. Embedded" section, as a reader would
# copy it: its ```c block is the source, the ```text block after its ```sh
# block what it prints.
awk '/^## 3\. Embedded/ { on = 1; next } /^## / { on = 0 } on' \
	"$T_ROOT/README.md" >"$T_TMP/embedded.md"
awk '/^```c$/ { inb = 1; next } /^```/ { inb = 0 } inb' "$T_TMP/embedded.md" \
	>"$T_TMP/confine-me.c"
awk '/^```text$/ { inb = 1; next } /^```/ { inb = 0 } inb' "$T_TMP/embedded.md" \
	>"$T_TMP/confine-me.want"
if [ ! -s "$T_TMP/confine-me.c" ] || [ ! -s "$T_TMP/confine-me.want" ]; then
	t_fail "README.md's embedded example" "no \`\`\`c or \`\`\`text block under '## 3. Embedded'"
elif "$CC" -Wall -Wextra -Werror -o "$T_TMP/confine-me" \
	"$T_TMP/confine-me.c" "${flag_list[@]}" 2>"$T_TMP/cc.err"; then
	t_pass "README's embedded example builds against the installed header and library"
	t_run "it links the soname" 0 '~NEEDED.*\[libcapfilter\.so\.0\]' \
		env LC_ALL=C readelf -dW "$T_TMP/confine-me"
	t_run "it confines itself through the installed library, as README.md shows" 0 \
		"$(cat "$T_TMP/confine-me.want")" \
		env LD_LIBRARY_PATH="$P/lib" ${asan:+LD_PRELOAD="$asan"} "$T_TMP/confine-me" \
		"$P/share/seccap/profiles/cli-strict.ini"
	printf '[profile]\ndefault-action = allow\n\n[x]\naction = errno\nsyscalls = sockett\n' \
		>"$T_TMP/bad.ini"
	t_run "a bad profile stops it" 125 '' \
		env LD_LIBRARY_PATH="$P/lib" ${asan:+LD_PRELOAD="$asan"} "$T_TMP/confine-me" "$T_TMP/bad.ini"
	t_err_match "the error names the file, line and column" \
		"^confine-me: $T_TMP/bad\.ini:6:[0-9]+: .*sockett"
	t_run "an unreadable profile" 125 '' \
		env LD_LIBRARY_PATH="$P/lib" ${asan:+LD_PRELOAD="$asan"} "$T_TMP/confine-me" "$T_TMP/none.ini"
	t_err "the error names the file, and no line" \
		"confine-me: $T_TMP/none.ini: cannot read the profile: No such file or directory"
else
	t_fail "README's embedded example builds against the installed header and library" \
		"flags: $flags" "$(head -n 5 "$T_TMP/cc.err")"
fi

# ---- uninstall: every file goes, foreign ones stay ----

echo keep >"$P/bin/not-ours"
run_make "make uninstall DESTDIR=..." uninstall DESTDIR="$D"
left=$(cd "$D" && find . ! -type d | LC_ALL=C sort)
if [ "$left" = ./usr/local/bin/not-ours ]; then
	t_pass "uninstall removes every installed file and only those"
else
	t_fail "uninstall removes every installed file and only those" "left:" "$left"
fi
if [ -e "$P/share/seccap" ]; then
	t_fail "uninstall removes share/seccap" "$(ls -la "$P/share/seccap")"
else
	t_pass "uninstall removes share/seccap"
fi
run_make "uninstall twice is not an error" uninstall DESTDIR="$D"

# A file of the user's in the profile directory keeps it.
D2=$T_TMP/dest2
if run_make "install PREFIX=/opt/seccap" install DESTDIR="$D2" PREFIX=/opt/seccap; then
	compare_tree "the layout under PREFIX=/opt/seccap" "$D2" opt/seccap
	t_run "the .pc follows PREFIX" 0 /opt/seccap/lib \
		env PKG_CONFIG_PATH="$D2/opt/seccap/lib/pkgconfig" \
		PKG_CONFIG_LIBDIR=/nonexistent "$PKG_CONFIG" --variable=libdir libcapfilter
	echo '[profile]' >"$D2/opt/seccap/share/seccap/profiles/mine.ini"
	run_make "uninstall PREFIX=/opt/seccap" uninstall DESTDIR="$D2" PREFIX=/opt/seccap
	left=$(cd "$D2" && find . ! -type d | LC_ALL=C sort)
	if [ "$left" = ./opt/seccap/share/seccap/profiles/mine.ini ]; then
		t_pass "a profile of the user's stays, and its directory"
	else
		t_fail "a profile of the user's stays, and its directory" "left:" "$left"
	fi
fi

t_done
