#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `seccap show --verify`: every profile in the tree (contrib/profiles,
# tests/data, ../shared/profiles) that compiles passes the self-check with
# several capability sets and arches, and says how many cases it ran; a
# profile that does not compile fails as it does without --verify; a
# failed check prints no filter.  A defect planted in the compiler (the
# test build build/tests/seccap-hooked) is refused by show --verify, check
# and apply; tests/test_verify.c plants others in single instructions.
. "$(dirname "$0")/lib.sh"
t_need_binary

NATIVE_CAPS=(permitted docker all none)
ARCHES=(amd64 x86 x32 arm64 arm riscv64 ppc64le mipsel)

# One profile: --verify passes and says so, or, for a profile that does not
# compile, fails as plain show does, before any check.
verify_like_show() {
	local f=$1 label=$2 got plain
	shift 2
	"$SECCAP" show --verify "$@" "$f" </dev/null >/dev/null 2>"$T_ERR"
	got=$?
	if [ "$got" -eq 0 ]; then
		t_err_match "$label" \
			'^seccap show: verified: the .* filter does what the profile says in all [0-9]+ cases$'
		return
	fi
	"$SECCAP" show "$@" "$f" </dev/null >/dev/null 2>&1
	plain=$?
	if [ "$plain" -eq 0 ] || [ "$got" -ne "$plain" ]; then
		t_fail "$label" "exit status $got with --verify, $plain without"
		t_show "$T_ERR"
	elif grep -q 'verify:' "$T_ERR"; then
		t_fail "$label" "a profile that does not compile was checked"
	else
		t_pass "$label: fails as without --verify"
	fi
}

tree=("$T_ROOT"/contrib/profiles/*)
mapfile -t data < <(find "$T_ROOT/tests/data" -type f \( -name '*.json' -o -name '*.ini' \) | sort)
shared=()
if t_have_shared; then
	shared=("$T_SHARED"/profiles/*.json)
else
	t_skip "../shared/profiles" "absent ($T_SHARED): its profiles are not checked"
fi

for f in "${tree[@]}" "${data[@]}" "${shared[@]}"; do
	rel=${f#"$T_ROOT"/}
	for caps in "${NATIVE_CAPS[@]}"; do
		verify_like_show "$f" "$rel --caps $caps" --caps "$caps"
	done
done
for f in "${tree[@]}" "${shared[@]}" "$T_ROOT"/tests/data/differential/*.json; do
	rel=${f#"$T_ROOT"/}
	for arch in "${ARCHES[@]}"; do
		verify_like_show "$f" "$rel --arch $arch" --caps docker --arch "$arch"
	done
done

D=$T_ROOT/contrib/profiles/docker-default.ini
t_run "--verify on the embedded default" 0 - \
	"$SECCAP" show --verify --caps docker default
t_err_match "the embedded default: verified" '^seccap show: verified: '

# The program is printed only after it passed.
t_run "--verify -f bpf -o FILE" 0 '' \
	"$SECCAP" show --verify --caps docker -f bpf -o "$T_TMP/f.bpf" "$D"
t_ok "--verify -f bpf wrote the program" test -s "$T_TMP/f.bpf"
"$SECCAP" show --caps docker -f bpf -o "$T_TMP/plain.bpf" "$D" 2>/dev/null
t_ok "--verify does not change the program" cmp -s "$T_TMP/f.bpf" "$T_TMP/plain.bpf"

# The big-endian arches: their programs are in their own byte order
# (issue 12 section 4) and pass like any other.
for arch in s390x s390 ppc64 ppc mips64 mips; do
	t_run "$arch: --verify passes" 0 - \
		"$SECCAP" show --verify --caps docker --arch "$arch" -f pfc "$D"
	t_err_match "$arch: verified" "^seccap show: verified: the $arch filter"
done

# The planted defect: build/tests/seccap-hooked under SECCAP_TEST_BREAK_ALLOW
# compiles every program with its first ALLOW turned into ERRNO(1).
H=$T_BUILD/tests/seccap-hooked
if [ -x "$H" ]; then
	t_run "hooked build, no defect asked for: verified" 0 - \
		"$H" show --verify --caps docker "$D"
	t_run "planted defect: show --verify fails, prints nothing" 1 '' \
		env SECCAP_TEST_BREAK_ALLOW=1 "$H" show --verify --caps docker "$D"
	t_err_lines "planted defect: 10 differences, then the count" 11
	first=$(head -n 1 "$T_ERR")
	if grep -Eq "^$D:[0-9]+:[0-9]+: error: verify: X86_64 syscall [a-z0-9_]+ \(nr [0-9]+\): the profile says ALLOW \(the rule for it here\), the compiled filter returns ERRNO\(1\)$" <<<"$first"; then
		t_pass "planted defect: file:line, arch, call, both actions"
	else
		t_fail "planted defect: file:line, arch, call, both actions" "first line: $first"
	fi
	t_err_match "planted defect: the count" \
		"^$D: error: verify: the compiled filter does not do what the profile says in [0-9]+ of [0-9]+ cases \\(the first ones above\\); it must not be loaded"
	t_run "planted defect: check fails" 1 '' \
		env SECCAP_TEST_BREAK_ALLOW=1 "$H" check "$D"
	t_err_match "planted defect: check says why" 'error: verify: the compiled filter does not do'
	mkdir -p "$T_TMP/cache"
	t_run "planted defect: apply refuses, runs nothing" 125 '' \
		env SECCAP_TEST_BREAK_ALLOW=1 XDG_CACHE_HOME="$T_TMP/cache" \
		"$H" apply "$D" -- touch "$T_TMP/ran"
	t_ok "planted defect: the command did not run" test ! -e "$T_TMP/ran"
	t_err_match "planted defect: apply says why" 'error: verify: the compiled filter does not do'
	t_ok "planted defect: nothing was cached" \
		test -z "$(find "$T_TMP/cache" -type f)"
else
	t_fail "hooked build" "$H is missing; run 'make check'"
fi

t_run "--help names --verify" 0 '~^      --verify ' "$SECCAP" show --help
# Completion offers the options --help lists.
t_run "completion: show --ver<TAB>" 0 "$(printf '%s\n' --verify --version)" \
	bash --norc --noprofile -c '. "$1"; COMP_WORDS=("$2" show --ver)
		COMP_CWORD=2 COMP_LINE="${COMP_WORDS[*]}" COMP_POINT=${#COMP_LINE}
		_seccap; printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' x \
	"$T_ROOT/contrib/bash-completion/seccap" "$SECCAP"

t_done
