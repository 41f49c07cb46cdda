#!/usr/bin/env bash
# Runs each libFuzzer target for FUZZ_SECONDS (default 60) from the seed
# corpora; fails on any finding.  Usage: run.sh BUILD_FUZZ_DIR TARGET...
# (make fuzz builds the targets and calls this).  New inputs the fuzzer
# keeps go to BUILD_FUZZ_DIR/corpus/TARGET, never into the tree; a crasher
# is written to BUILD_FUZZ_DIR/artifacts/ and must be kept as a regression
# input in tests/fuzz/regress/ once its bug is fixed (the normal `make check`
# replays that directory through every reader: tests/test_fuzz_regress.c).
set -u
fb=${1:?usage: run.sh BUILD_FUZZ_DIR TARGET...}
shift
secs=${FUZZ_SECONDS:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SECCAP_SHARED:-$root/../shared}
cd "$root" || exit 2
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()

for t in "$@"; do
	bin=$fb/fuzz_$t
	corpus=$fb/corpus/$t
	mkdir -p "$corpus" "$fb/artifacts"
	# Seeds: every profile of the tree (good and broken) and the crashers.
	for d in tests/data tests/bad contrib/profiles tests/fuzz/regress "$shared/profiles"; do
		[ -d "$d" ] || continue
		find "$d" -type f ! -name '*.expect*' ! -name '*.sh' ! -name '*.py' \
			-size -256k -exec cp -n -t "$corpus" {} + 2>/dev/null
	done
	echo "fuzz: $t for ${secs}s ($(find "$corpus" -type f | wc -l) inputs in $corpus)"
	log=$fb/fuzz_$t.log
	"$bin" -max_total_time="$secs" -max_len=65536 -timeout=20 \
		-rss_limit_mb=2048 -dict=tests/fuzz/profile.dict \
		-artifact_prefix="$fb/artifacts/$t-" -print_final_stats=1 \
		"$corpus" >"$log" 2>&1
	rc=$?
	tail -n 12 "$log" | grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' | tr '\n' ' '
	echo
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $t FAILED (exit $rc); the end of $log:"
		tail -n 60 "$log"
		ls -1 "$fb"/artifacts/"$t"-* 2>/dev/null | sed 's/^/fuzz: artifact: /'
		echo "fuzz: reproduce with $bin ARTIFACT; once fixed, copy it into tests/fuzz/regress/"
		failed+=("$t")
	fi
done
if [ ${#failed[@]} -ne 0 ]; then
	echo "fuzz: findings in: ${failed[*]}"
	exit 1
fi
echo "fuzz: no findings"
