#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Every ```sh example of README.md runs as written.  Sections with tests of
# their own are left to them: the two commands at the top are CI itself,
# "3. Embedded" is test_install.sh's, "Minimal images" test_contrib.sh's,
# "As Debian packages" test_deb.sh's (it installs nothing; the packages'
# autopkgtest does), "On arm64" is `make check-cross` itself.
# The rest run here, line by line, in a directory holding the files they
# name: profile.ini (Docker's default as INI), docker.json, foo.sh,
# chmod-wake-alarm.json (from ../shared) and a program `app`.  A command
# must succeed, unless a comment line right after it shows what it prints:
# then that text must be in its output.  The ```ini example must pass
# `seccap check`.
. "$(dirname "$0")/lib.sh"
t_need_binary

W=$T_TMP/w
mkdir -p "$W/bin"
# The examples' paths of an installed seccap, and a pager, point at ours.
ln -s "$SECCAP" "$W/bin/seccap"
ln -s "$(command -v cat)" "$W/bin/less"
cat >"$W/bin/app" <<'APP'
#!/bin/sh
# Some work of a program: a listing, a child, a file.
ls / >/dev/null && date >"${TMPDIR:-/tmp}/app.$$" && rm -f "${TMPDIR:-/tmp}/app.$$"
echo "app $*"
APP
chmod +x "$W/bin/app"
cp "$T_ROOT/contrib/profiles/docker-default.ini" "$W/profile.ini"
cp "$T_ROOT/contrib/profiles/docker-default.json" "$W/docker.json"
: >"$W/foo.sh"
have_wake=0
if t_have_shared && [ -f "$T_SHARED/profiles/chmod-wake-alarm.json" ]; then
	cp "$T_SHARED/profiles/chmod-wake-alarm.json" "$W/"
	have_wake=1
fi
# A sanitizer build's library needs the ASan runtime loaded first.
asan=$(ldd "$T_BUILD/libcapfilter.so" 2>/dev/null | awk '/libasan/ { print $3 }')

# The README's ```sh blocks, each as BLOCKS/NN-SECTION.sh.
B=$T_TMP/blocks
mkdir "$B"
awk -v dir="$B" '
	/^## / { sec = $0; sub(/^## +/, "", sec); gsub(/[^A-Za-z0-9]+/, "-", sec) }
	/^### / { sub3 = $0; sub(/^### +/, "", sub3); gsub(/[^A-Za-z0-9]+/, "-", sub3) }
	/^```sh$/ { n++; f = sprintf("%s/%02d-%s%s.sh", dir, n, sec, (sub3 != "" ? "-" sub3 : "")); inb = 1; next }
	/^```/ { inb = 0; next }
	/^## / { sub3 = "" }
	inb { print > f }
' "$T_ROOT/README.md"
awk '/^```ini$/ { inb = 1; next } /^```/ { inb = 0 } inb' \
	"$T_ROOT/README.md" >"$T_TMP/example.ini"

t_run "the README's INI example is a valid profile" 0 '' "$SECCAP" check "$T_TMP/example.ini"

# run_block FILE: each command of it, in $W, with the expectations above.
run_block() {
	local f=$1 label cmd next i=0 lines
	label=$(basename "$f" .sh)
	mapfile -t lines <"$f"
	while [ "$i" -lt "${#lines[@]}" ]; do
		cmd=${lines[$i]}
		i=$((i + 1))
		case $cmd in '' | '#'*) continue ;; esac
		next=${lines[$i]:-}
		# The README names the library where `make install` puts it.
		cmd=${cmd//\/usr\/local\/lib\/libcapfilter.so/${asan:+$asan:}$T_BUILD/libcapfilter.so}
		case $cmd in *chmod-wake-alarm.json*)
			if [ "$have_wake" != 1 ]; then
				t_skip "$label: $cmd" "$T_SHARED/profiles/chmod-wake-alarm.json is absent"
				continue
			elif [ "$(id -u)" != 0 ]; then
				t_skip "$label: $cmd" "--cap-add needs the capability: root only"
				continue
			fi ;;
		esac
		(cd "$W" && PATH=$W/bin:$PATH TMPDIR=$T_TMP XDG_CACHE_HOME=$T_TMP/cache \
			"${T_TIMEOUT[@]}" bash -c "$cmd") </dev/null >"$T_OUT" 2>&1
		T_STATUS=$?
		if [ "${next:0:2}" = '# ' ] && [ "${cmd:0:1}" != '#' ]; then
			if [ "$T_STATUS" -lt 124 ] && grep -Fq -- "${next:2}" "$T_OUT"; then
				t_pass "$label: $cmd prints '${next:2}'"
			else
				t_fail "$label: $cmd" "exit status $T_STATUS; want output '${next:2}'"
				t_show "$T_OUT"
			fi
		elif [ "$T_STATUS" -eq 0 ]; then
			t_pass "$label: $cmd"
		else
			t_fail "$label: $cmd" "exit status $T_STATUS"
			t_show "$T_OUT"
		fi
	done
}

n=0
for f in "$B"/*.sh; do
	case $(basename "$f") in
	01-*) continue ;;                     # the install and test commands: CI
	*-3-Embedded-*) continue ;;           # test_install.sh
	*-Minimal-images*) continue ;;        # test_contrib.sh
	*-As-Debian-packages*) continue ;;    # test_deb.sh, debian/tests
	*-On-arm64*) continue ;;              # make check-cross itself
	esac
	n=$((n + 1))
	run_block "$f"
done
t_ok "README.md has the examples this test knows of ($n blocks)" test "$n" -ge 4

t_done
