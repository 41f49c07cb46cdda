#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Static analysis of conf/, launcher/ and preload/: cppcheck (warnings,
# portability, performance; wrong findings are listed with their reasons in
# tests/cli/cppcheck-suppressions.xml) and clang-tidy with the checks of
# .clang-tidy (each justified there).  Any finding fails; the output names
# file, line and check.
#
# A few minutes: `make check` skips it; `make check-extra` runs it with
# SECCAP_EXTRA=1.
. "$(dirname "$0")/lib.sh"

if [ "${SECCAP_EXTRA:-}" != 1 ]; then
	t_skip "analysis" "slow; make check-extra runs it (SECCAP_EXTRA=1)"
	t_done
fi
# Asked for, it must run: a missing tool is a failure, not a skip.
cd "$T_ROOT" || exit 2
ncpu=$(nproc 2>/dev/null || echo 2)
srcs=(conf/*.c launcher/*.c preload/*.c)
# The default profile's name and digest, as the Makefile passes them.
digest=$(sha256sum contrib/profiles/docker-default.ini | cut -c1-64 | sed 's/../0x&,/g')
defs=(-D_GNU_SOURCE -DSECCAP_VERSION='"0.1.0"'
	-DSC_DEFAULT_PROFILE_FILE='"contrib/profiles/docker-default.ini"'
	-DSC_DEFAULT_PROFILE_SHA256="$digest")
# shellcheck disable=SC2207
pkg=($(pkg-config --cflags libseccomp inih libcap json-c 2>/dev/null))
incs=(-Iconf -Ipreload -I"$T_BUILD/gen" "${pkg[@]}")

if command -v cppcheck >/dev/null 2>&1; then
	if cppcheck --enable=warning,portability,performance --std=c11 \
		--library=posix --inline-suppr --quiet --error-exitcode=1 \
		-D__linux__ -D__x86_64__ "${defs[@]}" "${incs[@]}" \
		--suppress=missingIncludeSystem \
		--suppress-xml=tests/cli/cppcheck-suppressions.xml \
		-j "$ncpu" conf launcher preload >"$T_OUT" 2>&1; then
		t_pass "cppcheck: conf launcher preload"
	else
		t_fail "cppcheck: conf launcher preload" "findings:"
		sed 's/^/       | /' "$T_OUT"
	fi
else
	t_fail "cppcheck" "cppcheck is not installed (contrib/install-deps.sh)"
fi

if command -v clang-tidy >/dev/null 2>&1; then
	# One file per run, one run per CPU; .clang-tidy holds the checks.
	printf '%s\n' "${srcs[@]}" |
		xargs -P "$ncpu" -I{} sh -c 'clang-tidy -quiet "$0" -- "$@" >"$0.tidy.$$" 2>&1 || { echo "== $0"; cat "$0.tidy.$$"; }; rm -f "$0.tidy.$$"' \
			{} -std=gnu11 "${defs[@]}" "${incs[@]}" >"$T_OUT" 2>&1
	if grep -q '^== ' "$T_OUT"; then
		t_fail "clang-tidy: conf launcher preload" "findings:"
		grep -v '^[0-9]* warnings\? generated\.$' "$T_OUT" | sed 's/^/       | /'
	else
		t_pass "clang-tidy: conf launcher preload (${#srcs[@]} files)"
	fi
else
	t_fail "clang-tidy" "clang-tidy is not installed (contrib/install-deps.sh)"
fi

t_done
