#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The benchmark harness (tests/bench, `make bench`) still runs, so it cannot
# rot between the runs somebody reads: tests/bench/run.sh with every
# repetition count at 1 (SECCAP_BENCH_RUNS=1) and its results in a temporary
# file exits 0, prints every row of the table with all six cells filled
# and every figure a number, and leaves tests/bench/RESULTS.md alone.  The
# minimal loader really loads the program it is given.  No speed is
# asserted here: speed targets live in `make bench`, never in tests.
. "$(dirname "$0")/lib.sh"

BB=$T_BUILD/tests/bench
t_need_built "$SECCAP" "$T_BUILD/libcapfilter.so" "$BB/filter_path" \
	"$BB/syscall_cost" "$BB/startup" "$BB/scale" "$BB/verify_cost" \
	"$BB/empty.so" "$BB/minimal_loader"

# The minimal loader: the program is in force in the command it runs.
"$SECCAP" show --format bpf -o "$T_TMP/p.bpf" default 2>"$T_ERR"
t_run "minimal_loader runs the command under the filter" 0 '~^Seccomp:[[:space:]]+2$' \
	"$BB/minimal_loader" "$T_TMP/p.bpf" /bin/grep '^Seccomp:' /proc/self/status
printf 'abc' >"$T_TMP/odd.bpf"
t_run "minimal_loader refuses a file that is not a program" 1 '' \
	"$BB/minimal_loader" "$T_TMP/odd.bpf" /bin/true
t_err "minimal_loader says why" "minimal_loader: $T_TMP/odd.bpf: not a raw BPF program"

# The sanitizer build (check-extra) instruments everything the harness times
# and cannot put its runtime first in the preload rows' LD_PRELOAD; the plain
# build's make check runs the harness.
if ldd "$T_BUILD/libcapfilter.so" 2>/dev/null | grep -q libasan; then
	t_skip "tests/bench/run.sh" "a sanitizer build: the plain build's make check runs the harness"
	t_done
fi

results=$T_TMP/results.md
before=$(sha256sum "$T_ROOT/tests/bench/RESULTS.md")
t_run "tests/bench/run.sh with SECCAP_BENCH_RUNS=1" 0 - \
	env SECCAP_BENCH_RUNS=1 SECCAP_BENCH_OUT="$results" \
	SECCAP_BENCH_DIR="$T_ROOT/conf" bash "$T_ROOT/tests/bench/run.sh" "$T_BUILD"
table=$T_TMP/table
cp "$T_OUT" "$table"
t_ok "RESULTS.md is not touched by a smoke run" \
	test "$before" = "$(sha256sum "$T_ROOT/tests/bench/RESULTS.md")"
t_ok "the results file names the run a smoke run" \
	grep -q '^## .* SMOKE RUN (SECCAP_BENCH_RUNS=1): figures meaningless$' "$results"

# The warm rows measure a cache hit only if the runs filled a cache.
t_ok "the warm rows were warm: the preload and apply wrote a cache entry" \
	test -z "$(grep -F 'NO cache entry written' "$table")"

# Every row the table must have (a prefix of its first cell).
rows=(
	'allowed x86_64 syscalls \([0-9]+\): BPF instructions, mean'
	'allowed: max' 'ENOSYS behaviour: added to allowed, mean'
	'ENOSYS path \(nr > [0-9]+\): mean' 'ENOSYS path: max'
	'denied x86_64 syscalls: mean' 'denied: max'
	'argument-checked syscalls: mean' 'argument-checked: max'
	'personality\(0xffffffff\): instructions' 'allowed x32 syscalls: mean'
	'allowed i386 syscalls: mean' 'program length'
	'personality\(0xffffffff\) ns/call'
	'overhead over no filter, ns' 'denied call \(keyctl\) ns/call'
	'preload, compiled file: us over /bin/true'
	'preload, warm cache: us over /bin/true'
	'preload, built-in default, warm: us over /bin/true'
	'LD_PRELOAD=libcapfilter.so, SECCAP_PROFILE unset'
	'seccap apply, warm' 'preload, first run \(no cache\)'
	'of which: seccap parse..compile in-process'
	'kernel load: fork\+load\+exit over fork\+exit'
	'noise: interquartile range'
	'static-linked libcapfilter'
	'scale: 100 groups, [0-9]+ distinct rules kept, [0-9]+ insns'
	'scale: 1000 groups, [0-9]+ distinct rules kept, [0-9]+ insns'
	'scale: 10000 groups, [0-9]+ distinct rules kept, [0-9]+ insns'
	'scale: parse\+validate\+resolve growth, 100 -> 1000 groups'
	'scale: parse\+validate\+resolve growth, 1000 -> 10000 groups'
	'scale: compile growth, [0-9]+ -> [0-9]+ rules'
	'self-check of Docker.s default' 'seccap record'
)
for r in "${rows[@]}"; do
	if grep -Eq "^\| $r" "$table"; then
		t_pass "row: $r"
	else
		t_fail "row: $r" "missing from the table"
	fi
done

# Rows: six cells, none empty, no figure that is not a number.
bad=$(sed -n 's/\\|/ /g; /^| target /d; /^| /p' "$table" | awk -F'|' '
	NF != 8 { print "cells: " $0; next }
	{ for (i = 2; i <= 7; i++) if ($i ~ /^ *$/) { print "empty: " $0; next } }
	/nan|inf[^o]|NaN/ { print "not a number: " $0 }')
if [ -z "$bad" ]; then
	t_pass "every row has six filled cells and numbers only"
else
	t_fail "every row has six filled cells and numbers only" "" "$bad"
fi
n=$(grep -c '^| ' "$table")
# the header and the rows above (compile growth twice)
want=$((1 + ${#rows[@]} + 1))
if [ "$n" -eq "$want" ]; then
	t_pass "the table has $want lines"
else
	t_fail "the table has $want lines" "it has $n: a row without a check here?"
fi
t_done
