#!/usr/bin/env bash
# Runs each libFuzzer target for FUZZ_SECONDS (default 60), side by side
# on the CPUs, from the seed corpora; fails on any finding.  Usage: run.sh BUILD_FUZZ_DIR TARGET...
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
ncpu=$(nproc 2>/dev/null || echo 2)

# One target: seed its corpus and run it; its log is $fb/fuzz_$t.log.
run_one() {
	local t=$1 bin=$fb/fuzz_$1 corpus=$fb/corpus/$1 d
	mkdir -p "$corpus" "$fb/artifacts"
	# Seeds: every profile of the tree (good and broken) and the crashers.
	for d in tests/data tests/bad contrib/profiles tests/fuzz/regress "$shared/profiles"; do
		[ -d "$d" ] || continue
		find "$d" -type f ! -name '*.expect*' ! -name '*.sh' ! -name '*.py' \
			-size -256k -exec cp -n -t "$corpus" {} + 2>/dev/null
	done
	"$bin" -max_total_time="$secs" -max_len=65536 -timeout=20 \
		-rss_limit_mb=2048 -dict=tests/fuzz/profile.dict \
		-artifact_prefix="$fb/artifacts/$t-" -print_final_stats=1 \
		"$corpus" >"$fb/fuzz_$t.log" 2>&1
}

# A target that was not built would pass by running nothing.
for t in "$@"; do
	if [ ! -x "$fb/fuzz_$t" ]; then
		echo "fuzz: $fb/fuzz_$t is not built (make fuzz builds it with clang and libclang-rt-14-dev)"
		exit 1
	fi
done

# The targets run side by side, one per CPU, each for the full time.
declare -A pid
for t in "$@"; do
	echo "fuzz: $t for ${secs}s"
	run_one "$t" &
	pid[$t]=$!
	while [ "$(jobs -rp | wc -l)" -ge "$ncpu" ]; do
		wait -n
	done
done
for t in "$@"; do
	wait "${pid[$t]}"
	rc=$?
	log=$fb/fuzz_$t.log
	echo "fuzz: $t: $(grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$log" | tr -s ' \n' ' ')"
	if [ "$rc" -ne 0 ]; then
		echo "fuzz: $t FAILED (exit $rc); the end of $log:"
		tail -n 60 "$log"
		ls -1 "$fb"/artifacts/"$t"-* 2>/dev/null | sed 's/^/fuzz: artifact: /'
		echo "fuzz: reproduce with $fb/fuzz_$t ARTIFACT; once fixed, copy it into tests/fuzz/regress/"
		failed+=("$t")
	fi
done
if [ ${#failed[@]} -ne 0 ]; then
	echo "fuzz: findings in: ${failed[*]}"
	exit 1
fi
echo "fuzz: no findings"
