#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The broken-profile corpus: `seccap check` on every file in tests/bad/
# (those in tests/bad/strict/ with --strict, and those must pass without it,
# with the same first line as a warning) must fail with the exact first
# stderr line stored in FILE.expected, print nothing on stdout, and exit
# with status 1 (or the number in FILE.status); a crash is a failure.
# FILE.bug marks a message that is wrong today (its .expected holds the one
# it should print): the status is still checked, the message is a skip.
# See tests/bad/README.
#
#   tests/cli/test_corpus.sh            run the corpus
#   tests/cli/test_corpus.sh --regen    rewrite every .expected from the
#                                       current output (then read each one!)
. "$(dirname "$0")/lib.sh"
t_need_binary

regen=0
[ "${1:-}" = --regen ] && regen=1

# Run from the project root so the messages show tests/bad/NAME, as stored.
cd "$T_ROOT" || exit 2

n=0
for f in tests/bad/*.json tests/bad/*.ini tests/bad/strict/*.json tests/bad/strict/*.ini; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	opts=()
	case $f in tests/bad/strict/*) opts=(--strict) ;; esac
	want_status=1
	[ -f "$f.status" ] && want_status=$(cat "$f.status")
	if [ "$regen" = 1 ]; then
		# A known bug's .expected holds the message it should print.
		[ -f "$f.bug" ] && continue
		"$SECCAP" check "${opts[@]}" "$f" 2>&1 >/dev/null | head -n 1 >"$f.expected"
		printf '%s\n     %s\n' "$f" "$(cat "$f.expected")"
		continue
	fi
	if [ ! -f "$f.expected" ]; then
		t_fail "$f" "no $f.expected (generate it with $0 --regen and read it)"
		continue
	fi
	t_run "$f: fails cleanly" "$want_status" '' "$SECCAP" check "${opts[@]}" "$f"
	if [ -f "$f.bug" ] && [ "$(head -n 1 "$T_ERR")" != "$(cat "$f.expected")" ]; then
		t_skip "$f: first message" "known bug: $(cat "$f.bug")"
		continue
	fi
	[ -f "$f.bug" ] && echo "note: $f prints the expected message now; remove $f.bug"
	t_err_first "$f: first message" "$(cat "$f.expected")"
	# What only --strict refuses must pass without it, with the same warning.
	if [ ${#opts[@]} -gt 0 ]; then
		t_run "$f: passes without --strict" 0 '' "$SECCAP" check "$f"
		t_err_first "$f: warns without --strict" "$(cat "$f.expected")"
	fi
done
[ "$regen" = 1 ] && exit 0
if [ "$n" -ge 30 ]; then
	t_pass "corpus has $n profiles (at least 30)"
else
	t_fail "corpus has only $n profiles" "want at least 30"
fi
# Every .expected belongs to a profile (a renamed case leaves none behind).
for e in tests/bad/*.expected tests/bad/strict/*.expected; do
	[ -f "$e" ] || continue
	[ -f "${e%.expected}" ] || t_fail "$e" "no profile ${e%.expected} for it"
done
t_done
