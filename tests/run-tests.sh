#!/usr/bin/env bash
# Runs every Criterion test binary and every command-line test script
# (tests/cli/test_*.sh), then
# prints one closing line "check: N passed, N failed, N skipped".
# Usage: tests/run-tests.sh BUILD_DIR
set -u
B=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
export SECCAP_ROOT="$root" SECCAP_BUILD="$root/$B"
cd "$root" || exit 2
# The preload and apply cache compiled filters; keep the tests' entries out
# of the user's (or root's /var/cache) cache.
XDG_CACHE_HOME=$(mktemp -d) || exit 2
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
passed=0 failed=0 skipped=0 failures=()

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	log=$(mktemp)
	"$t" --jobs 2 >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -a 'Synthesis:' "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		failed=$((failed + 1)); failures+=("$t (no summary, exit $rc)")
		continue
	fi
	# Synthesis: Tested: 9 | Passing: 8 | Failing: 1 | Crashing: 0
	p=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*Failing: \([0-9]*\).*/\1/p' <<<"$line")
	s=$(grep -o 'Skipped: [0-9]*' <<<"$line" | grep -o '[0-9]*' || true)
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
	if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
		[ "$f" -ne 0 ] || failed=$((failed + 1))
		failures+=("$t")
	fi
done

for t in tests/cli/test_*.sh; do
	[ -f "$t" ] || continue
	log=$(mktemp)
	bash "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	# Each script ends with "name: N passed, N failed, N skipped".
	line=$(grep -aE '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		failed=$((failed + 1)); failures+=("$t (no summary, exit $rc)")
		continue
	fi
	p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")
	s=$(sed -n 's/.* \([0-9]*\) skipped.*/\1/p' <<<"$line")
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		failed=$((failed + 1))
	fi
	[ "$rc" -eq 0 ] || failures+=("$t")
done

echo
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ ${#failures[@]} -eq 0 ]
