#!/usr/bin/env bash
# Runs every Criterion test binary and every command-line test script
# (tests/cli/test_*.sh), then lists each skipped test with its reason and
# prints one closing line "check: N passed, N failed, N skipped".
# Criterion's own summary leaves skipped tests out, so its counts are read
# from the TAP report it writes beside its usual output.
# Usage: tests/run-tests.sh BUILD_DIR [--units [TEST...]]
# --units: the Criterion binaries only, or only those named (test_ini ...):
# make check-cross runs the target's under qemu-user; the command-line
# scripts are tests/cross/test_arch.sh's there.
set -u
B=${1:-build}
units_only=${2:-}
only=" ${*:3} "
root=$(cd "$(dirname "$0")/.." && pwd)
export SECCAP_ROOT="$root" SECCAP_BUILD="$root/$B"
cd "$root" || exit 2
# The preload and apply cache compiled filters; keep the tests' entries out
# of the user's (or root's /var/cache) cache.
XDG_CACHE_HOME=$(mktemp -d) || exit 2
work=$(mktemp -d) || exit 2
# And out of the system cache (root's, read by every user): a run of its
# own, in a directory every test user can reach, as the real one is.
sys=$(mktemp -d) && chmod 755 "$sys" || exit 2
SECCAP_SYSTEM_CACHE=$sys/seccap
export XDG_CACHE_HOME SECCAP_SYSTEM_CACHE
trap 'rm -rf "$XDG_CACHE_HOME" "$work" "$sys"' EXIT
passed=0 failed=0 skipped=0 failures=() skips=()

count() { grep -ac -- "$1" "$2" || true; }

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	[ "$only" = "  " ] || [[ $only == *" $name "* ]] || continue
	tap=$work/$name.tap
	"$t" --jobs 2 --tap="$tap" 2>&1
	rc=$?
	# ok - suite::test (0.01s) | ok - suite::test  # SKIP why | not ok - ...
	planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap" 2>/dev/null | head -n 1)
	s=$(count '^ok - .*  # SKIP ' "$tap")
	p=$(($(count '^ok - ' "$tap") - s))
	f=$(count '^not ok - ' "$tap")
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	while IFS= read -r l; do
		skips+=("$name: ${l#ok - }")
	done < <(sed -n 's/^\(ok - .*\)  # SKIP \(.*\)$/\1: \2/p' "$tap")
	if [ -z "$planned" ] || [ "$planned" -eq 0 ]; then
		failed=$((failed + 1)); failures+=("$t (ran no test, exit $rc)")
	elif [ $((p + s + f)) -ne "$planned" ]; then
		failed=$((failed + 1))
		failures+=("$t (reported $((p + s + f)) of $planned tests, exit $rc)")
	elif [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		[ "$f" -ne 0 ] || failed=$((failed + 1))
		failures+=("$t")
	fi
done

for t in tests/cli/test_*.sh; do
	[ "$units_only" != --units ] || break
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	log=$work/$name.log
	bash "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	# Each script ends with "name: N passed, N failed, N skipped" and says
	# "skip NAME: WHY" for each skip.
	line=$(grep -aE '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		failed=$((failed + 1)); failures+=("$t (no summary, exit $rc)")
		continue
	fi
	p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
	s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
	while IFS= read -r l; do
		skips+=("$name: $l")
	done < <(sed -n 's/^skip //p' "$log")
	n=$(count '^skip ' "$log")
	if [ "$n" -ne "${s:-0}" ]; then
		failed=$((failed + 1))
		failures+=("$t (counts ${s:-0} skipped, says why for $n)")
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		failed=$((failed + 1))
	fi
	[ "$rc" -eq 0 ] || failures+=("$t")
done

echo
if [ "${#skips[@]}" -gt 0 ]; then
	echo "skipped (${#skips[@]}):"
	for l in "${skips[@]}"; do echo "  $l"; done
fi
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
