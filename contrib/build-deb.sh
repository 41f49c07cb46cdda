#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# `make deb`: the Debian packages from this tree.  contrib/debian/ is the
# debian/ directory (the tree's top level is fixed, so it cannot live at
# debian/); this stages the tracked files of the working tree as they are
# on disk into OUT/seccap-VERSION/, puts contrib/debian/ there as debian/,
# runs `dpkg-buildpackage -us -uc -b` in it and lintian on what it built.
# The .debs land in OUT.  Extra arguments go to dpkg-buildpackage (-a arm64
# to cross-build).
#
# Usage: contrib/build-deb.sh OUT VERSION [dpkg-buildpackage option]...
set -eu

out=$1 version=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

missing=
for t in git dpkg-buildpackage dh fakeroot; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	echo "make deb: missing$missing; install git dpkg-dev debhelper fakeroot" >&2
	exit 1
fi
cl=$(dpkg-parsechangelog -l contrib/debian/changelog -S Version)
if [ "$cl" != "$version" ]; then
	echo "make deb: contrib/debian/changelog is at $cl, the Makefile at $version; add a changelog entry (dch -v $version)" >&2
	exit 1
fi

stage=$out/seccap-$version
rm -rf "$stage"
mkdir -p "$stage"
# Tracked files only (no build/ or editor files), from the working tree so
# that uncommitted edits are packaged as `make` would build them (a file
# deleted but not yet committed is left out).
git ls-files -z | tar --null -T - --no-recursion --ignore-failed-read -cf - |
	tar -xf - -C "$stage"
cp -R contrib/debian "$stage/debian"

# Not the calling make's variables (B=..., CROSS=...): the package's build
# is debian/rules' alone.
(cd "$stage" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	dpkg-buildpackage -us -uc -b "$@")

changes=$(ls -t "$out"/seccap_"$version"_*.changes | head -n 1)
echo "make deb: built $(cd "$out" && ls ./*_"$version"_*.deb | tr '\n' ' ')"
if command -v lintian >/dev/null 2>&1; then
	# Errors and warnings fail; overrides are in debian/*.lintian-overrides,
	# each with its reason.
	lintian --fail-on error,warning "$changes"
else
	echo "make deb: lintian is not installed; the packages were not checked" >&2
fi
