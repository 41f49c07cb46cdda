#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# missing.sh TRIPLET QEMU: what `make check-cross` needs and this machine
# lacks, on one line (nothing when all is there): the triplet's gcc and
# pkg-config, the target's -dev packages as that pkg-config sees them, the
# target's libraries its Criterion (unpacked by the build, not installed)
# needs, and qemu-user.  check-cross refuses with it; check-extra skips
# with it.
t=${1:?TRIPLET}
q=${2:?QEMU}
miss=
for tool in "$t-gcc" "$t-pkg-config"; do
	command -v "$tool" >/dev/null 2>&1 || miss="$miss $tool"
done
if command -v "$t-pkg-config" >/dev/null 2>&1; then
	for pc in libseccomp inih libcap json-c; do
		"$t-pkg-config" --exists "$pc" 2>/dev/null || miss="$miss $pc.pc"
	done
fi
for so in libgit2.so.1.5 libffi.so.8; do
	[ -e "/usr/lib/$t/$so" ] || miss="$miss /usr/lib/$t/$so"
done
command -v "$q" >/dev/null 2>&1 || miss="$miss $q"
[ -z "$miss" ] || echo "not installed:$miss (INSTALL, \"Cross builds\")"
