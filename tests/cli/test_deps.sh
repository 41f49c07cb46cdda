#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# INSTALL's table of Debian packages and contrib/install-deps.sh name the
# same packages: a new user reads the one, CI runs the other.
. "$(dirname "$0")/lib.sh"

# INSTALL: the lines of the "Build dependencies" table that start with two
# spaces and a package name; the names end where two spaces start the
# description, and are separated by commas or spaces.
install_pkgs() {
	sed -n '/^Build dependencies/,/install-deps\.sh/p' "$T_ROOT/INSTALL" |
		grep -E '^  [a-z0-9]' | sed -E 's/^  //; s/  .*//' |
		tr ', ' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | sort -u
}

# install-deps.sh: the words of its apt-get install command that are not
# options, over its continuation lines.
script_pkgs() {
	sed -n '/apt-get install/,/[^\\]$/p' "$T_ROOT/contrib/install-deps.sh" |
		sed 's/\\$//' | tr ' \t' '\n\n' |
		grep -vE '^(apt-get|install|-.*|)$' | sort -u
}

install_pkgs >"$T_TMP/install"
script_pkgs >"$T_TMP/script"
n=$(wc -l <"$T_TMP/install")
if [ "$n" -lt 20 ]; then
	t_fail "INSTALL's package table" "only $n packages read from INSTALL"
	t_show "$T_TMP/install"
elif diff -u "$T_TMP/install" "$T_TMP/script" >"$T_OUT"; then
	t_pass "INSTALL and contrib/install-deps.sh name the same $n packages"
else
	t_fail "INSTALL and contrib/install-deps.sh differ" \
		"- INSTALL only, + install-deps.sh only:"
	sed -n '/^[-+][^-+]/s/^/       | /p' "$T_OUT"
fi

t_done
