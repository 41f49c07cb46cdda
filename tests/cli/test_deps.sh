#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# INSTALL's table of Debian packages and contrib/install-deps.sh name the
# same packages, and so do INSTALL's "Cross builds" and the script's arm64
# step: a new user reads the one, CI runs the other.
. "$(dirname "$0")/lib.sh"

# INSTALL: the lines of the "Build dependencies" table that start with two
# spaces and a package name; the names end where two spaces start the
# description, and are separated by commas or spaces.
install_pkgs() {
	sed -n '/^Build dependencies/,/install-deps\.sh/p' "$T_ROOT/INSTALL" |
		grep -E '^  [a-z0-9]' | sed -E 's/^  //; s/  .*//' |
		tr ', ' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | sort -u
}

# The packages of the Nth "apt-get install" command read from standard
# input: the words that are not options, over its continuation lines.
apt_pkgs() {
	awk -v want="$1" '/apt-get install/ { n++; on = n == want }
		on { print; if ($0 !~ /\\$/) on = 0 }' |
		sed 's/\\$//; s/;.*//' | tr ' \t' '\n\n' |
		grep -vE '^(apt-get|install|-.*|)$' | sort -u
}

# same WHAT A B: the two lists name the same packages.
same() {
	local n
	n=$(wc -l <"$2")
	if diff -u "$2" "$3" >"$T_OUT"; then
		t_pass "$1 name the same $n packages"
	else
		t_fail "$1 differ" "- INSTALL only, + install-deps.sh only:"
		sed -n '/^[-+][^-+]/s/^/       | /p' "$T_OUT"
	fi
}

install_pkgs >"$T_TMP/install"
apt_pkgs 1 <"$T_ROOT/contrib/install-deps.sh" >"$T_TMP/script"
n=$(wc -l <"$T_TMP/install")
if [ "$n" -lt 20 ]; then
	t_fail "INSTALL's package table" "only $n packages read from INSTALL"
	t_show "$T_TMP/install"
else
	same "INSTALL and contrib/install-deps.sh" "$T_TMP/install" "$T_TMP/script"
fi

# The cross packages CI installs (check-cross in check-extra) are
# INSTALL's "Cross builds" ones.
sed -n '/^Cross builds/,/^Then:/p' "$T_ROOT/INSTALL" | apt_pkgs 1 >"$T_TMP/cross-install"
apt_pkgs 2 <"$T_ROOT/contrib/install-deps.sh" >"$T_TMP/cross-script"
if [ "$(wc -l <"$T_TMP/cross-install")" -lt 6 ]; then
	t_fail "INSTALL's cross packages" "only $(wc -l <"$T_TMP/cross-install") read from its \"Cross builds\""
	t_show "$T_TMP/cross-install"
else
	same "INSTALL's \"Cross builds\" and install-deps.sh's arm64 step" \
		"$T_TMP/cross-install" "$T_TMP/cross-script"
fi

t_done
