#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# `make bench`: run the benchmark programs, print the table and write
# tests/bench/RESULTS.md (this run on top, earlier runs kept below it).
#   usage: tests/bench/run.sh BUILD_DIR
# Instruction counts come from the test suite's BPF interpreter
# (deterministic); times from the C harnesses, which run every
# configuration and its reference in one interleaved loop (one run of each
# in turn, repeated) and print medians; every ratio below divides figures
# of that same run.
#
# Environment: SECCAP_BENCH_RUNS=N caps every repetition count at N (the
# smoke test, tests/cli/test_bench.sh, uses 1: every row, no figure worth
# reading); SECCAP_BENCH_OUT=FILE writes the results there instead of
# tests/bench/RESULTS.md; SECCAP_BENCH_DIR is record.sh's.
set -eu

B=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
case $B in /*) ;; *) B=$ROOT/$B ;; esac
BB=$B/tests/bench
PROFILE=$ROOT/contrib/profiles/docker-default.json
OUT=${SECCAP_BENCH_OUT:-tests/bench/RESULTS.md}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seccap-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
chmod 700 "$TMP"
mkdir -m 700 "$TMP/cache"
mkdir -m 755 "$TMP/sys"
# Nothing here reads or fills the user's cache or the system's.
export XDG_CACHE_HOME=$TMP/cache SECCAP_SYSTEM_CACHE=$TMP/sys/seccap
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A V
collect() { while read -r k v; do V[$k]=$v; done; }
# Run one harness program; its "key value" lines go into V.  A program
# that fails stops the run (a process substitution would hide its status).
harness() {
	"$@" >"$TMP/harness.out" || {
		echo "bench: $* failed (exit $?)" >&2
		exit 1
	}
	collect <"$TMP/harness.out"
}

echo "bench: filter path (interpreter)" >&2
harness "$BB/filter_path" "$PROFILE"
echo "bench: per-syscall cost" >&2
harness "$BB/syscall_cost" "$PROFILE"
echo "bench: startup" >&2
# The programs the rows load, exported as the preload (--caps docker) and
# apply (this process's caps) resolve them: the kernel-load and the minimal
# loader references take exactly these.
"$B/seccap" show --caps docker --format compiled -o "$TMP/docker.scbpf" "$PROFILE"
"$B/seccap" show --caps docker --format bpf -o "$TMP/docker.bpf" "$PROFILE"
"$B/seccap" show --caps docker --format bpf -o "$TMP/default.bpf" default
"$B/seccap" show --format bpf -o "$TMP/apply.bpf" "$PROFILE"
STATIC=()
[ -f "$BB/libcapfilter-static.so" ] && STATIC=("$BB/libcapfilter-static.so")
harness "$BB/startup" "$TMP" "$B/seccap" "$B/libcapfilter.so" \
	"$BB/empty.so" "$BB/minimal_loader" "$PROFILE" "${STATIC[@]}"
# The warm rows are warm only if the preload and apply filled a cache.
ENTRIES=$(find "$TMP/cache" "$TMP/sys" -type f | wc -l)
WARM=
[ "$ENTRIES" -gt 0 ] || WARM=" (NO cache entry written, so not warm)"
echo "bench: scale" >&2
harness "$BB/scale"
echo "bench: verify" >&2
harness "$BB/verify_cost" "$PROFILE"
echo "bench: seccap record against strace" >&2
harness bash tests/bench/record.sh "$B/seccap" ${SECCAP_BENCH_RUNS:+"$SECCAP_BENCH_RUNS"}

calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
le() { awk "BEGIN { exit !($1 <= $2) }" && echo met || echo "NOT met"; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
# "a / b" rounded, for the ratio column.
ratio() { calc "$1/$2" 3; }

# 1. filter path: BPF instructions, crun (= runc 1.1 without its stub) and
# runc >= 1.2 (libseccomp's binary tree behind the stub) side by side.
S=${V[runc.stub_len]}
paths() { # label key [goal]
	local s=${V[seccap.$2]} c=${V[crun.$2]} t=${V[runc.$2]} met=-
	[ -z "${3:-}" ] || met=$(le "$s" "${3#<= }")
	row "$1" "$s" "$c (crun; runc 1.1 +7); $t (runc >= 1.2)" \
		"$(ratio "$s" "$c"); $(ratio "$s" "$t")" "${3:--}" "$met"
}
paths "allowed x86_64 syscalls (${V[seccap.allowed.n]}): BPF instructions, mean" allowed.mean "<= 15"
paths "allowed: max" allowed.max "<= 24"
d=$(calc "${V[seccap.allowed.mean]} - ${V[seccap_noenosys.allowed.mean]}")
t=$(calc "${V[runc.allowed.mean]} - ${V[runc_tree.allowed.mean]}")
row "ENOSYS behaviour: added to allowed, mean" "$d" "0 (crun: none); $t (runc's $S-instruction stub)" "-" "0" "$(le "$d" 0)"
paths "ENOSYS path (nr > ${V[maxnr]}): mean" enosys.mean
paths "ENOSYS path: max" enosys.max
paths "denied x86_64 syscalls: mean" denied.mean
paths "denied: max" denied.max
paths "argument-checked syscalls: mean" checked.mean
paths "argument-checked: max" checked.max
paths "personality(0xffffffff): instructions" personality
paths "allowed x32 syscalls: mean" x32.mean
paths "allowed i386 syscalls: mean" i386.mean
paths "program length (x86_64+x86+x32)" len

# 2. per-syscall cost, ns: all filters in one interleaved run.
n=${V[ns.none.personality]} f=${V[ns.floor.personality]} s=${V[ns.seccap.personality]}
c=${V[ns.crun.personality]} t=${V[ns.runc.personality]}
row "personality(0xffffffff) ns/call (none $n, floor $f; median of ${V[runs]} runs of ${V[loops]} calls)" "$s" "$c (crun); $t (runc >= 1.2)" "$(ratio "$s" "$c"); $(ratio "$s" "$t")" "-" "-"
fo=$(calc "$f - $n" 1) so=$(calc "$s - $n" 1) co=$(calc "$c - $n" 1) to=$(calc "$t - $n" 1)
r=$(calc "$so/$fo" 3)
row "overhead over no filter, ns: seccap vs the 2-instruction floor" "$so" "$fo (floor); crun $co, runc >= 1.2 $to" "$r" "<= 1.15" "$(le "$r" 1.15)"
s=${V[ns.seccap.denied]} c=${V[ns.crun.denied]} t=${V[ns.runc.denied]}
row "denied call (keyctl) ns/call (none ${V[ns.none.denied]})" "$s" "$c (crun); $t (runc >= 1.2)" "$(ratio "$s" "$c"); $(ratio "$s" "$t")" "-" "-"

# 3. start-up, microseconds over exec'ing /bin/true, every reference from
# the same interleaved loop (startup.c).
p=${V[us.plain]} k0=${V[us.fork_exit]}
over() { calc "${V[us.$1]} - $p" 1; }
kload() { calc "${V[us.fork_load_$1]} - $k0" 1; }
E=$(over preload_empty)
U="median of ${V[startup.runs]} interleaved runs"
for v in "compiled file:preload_compiled:docker" "warm cache$WARM:preload_cached:docker" "built-in default, warm:preload_default:default"; do
	IFS=: read -r what key prog <<<"$v"
	o=$(over "$key") K=$(kload "$prog") ref=$(calc "$E + $K" 1)
	r=$(ratio "$o" "$ref")
	row "preload, $what: us over /bin/true ($p us; $U)" "$o" "$ref (empty .so $E + kernel load of the same ${V[len.$prog]}-insn program $K)" "$r" "<= 1.25" "$(le "$r" 1.25)"
done
o=$(over preload_unset) r=$(ratio "$o" "$E")
row "LD_PRELOAD=libcapfilter.so, SECCAP_PROFILE unset: us over /bin/true" "$o" "$E (an empty .so)" "$r" "<= 2" "$(le "$r" 2)"
o=$(over apply_cached) m=$(over minimal_loader) r=$(ratio "$o" "$m")
row "seccap apply, warm$WARM: us over exec'ing /bin/true" "$o" "$m (minimal C loader of the same raw ${V[len.apply]}-insn program)" "$r" "<= 1.25" "$(le "$r" 1.25)"
o=$(over preload_nocache) l=${V[us.libseccomp_one_context]} r=$(ratio "$o" "$l")
row "preload, first run (no cache): us over /bin/true (median of ${V[startup.slow_runs]})" "$o" "$l (libseccomp's one-context compile, 3 arches, in-process)" "$r" "<= 0.5" "$(le "$r" 0.5)"
s=${V[us.seccap_pipeline]}
row "of which: seccap parse..compile in-process (median of ${V[startup.compile_runs]})" "$s" "$l (libseccomp, same loop)" "$(ratio "$s" "$l")" "-" "-"
s=$(kload docker) c=$(kload crun) t=$(kload runc)
row "kernel load: fork+load+exit over fork+exit ($k0 us); program length" "$s (${V[len.docker]} insns)" "$c (crun, ${V[len.crun]} insns); $t (runc >= 1.2, ${V[len.runc]} insns); 2-insn floor $(kload floor)" "$(ratio "$s" "$c"); $(ratio "$s" "$t")" "-" "-"
row "noise: interquartile range, us, of /bin/true ($p) and fork+exit ($k0)" "${V[us.plain.iqr]}; ${V[us.fork_exit.iqr]}" "warm preload, compiled file: ${V[us.preload_compiled.iqr]}; seccap apply: ${V[us.apply_cached.iqr]}" "-" "-" "-"
if [ -n "${V[us.preload_static_compiled]:-}" ]; then
	row "static-linked libcapfilter, compiled file: us over /bin/true" "$(over preload_static_compiled)" "$E (empty .so)" "-" "-" "-"
else
	row "static-linked libcapfilter, compiled file" "-" "not built (no static libraries)" "-" "-" "-"
fi

# 4. scale: distinct rules; the n log n allowances from the counts measured.
for n in 100 1000 10000; do
	row "scale: $n groups, ${V[scale.$n.rules]} distinct rules kept, ${V[scale.$n.insns]} insns: parse+validate+resolve+compile, us (median of ${V[scale.$n.runs]}: parse ${V[scale.$n.parse_us]}, validate ${V[scale.$n.validate_us]}, resolve ${V[scale.$n.resolve_us]}, compile ${V[scale.$n.compile_us]})" "${V[scale.$n.us]}" "-" "-" "-" "-"
done
front() { calc "${V[scale.$1.parse_us]} + ${V[scale.$1.validate_us]} + ${V[scale.$1.resolve_us]}" 1; }
nlogn() { calc "($2 * log($2)) / ($1 * log($1))" 1; }
for pair in "100 1000" "1000 10000"; do
	read -r a b <<<"$pair"
	g1=${V[scale.$a.groups]} g2=${V[scale.$b.groups]}
	r=$(calc "$(front "$b")/$(front "$a")" 1) bound=$(nlogn "$g1" "$g2")
	row "scale: parse+validate+resolve growth, $g1 -> $g2 groups (n log n allows ${bound}x)" "${r}x" "-" "-" "<= ${bound}x" "$(le "$r" "$bound")"
	k1=${V[scale.$a.rules]} k2=${V[scale.$b.rules]}
	r=$(calc "${V[scale.$b.compile_us]}/${V[scale.$a.compile_us]}" 1) bound=$(nlogn "$k1" "$k2")
	row "scale: compile growth, $k1 -> $k2 rules (n log n allows ${bound}x)" "${r}x" "-" "-" "<= ${bound}x" "$(le "$r" "$bound")"
done

# 5. the compile-time self-check (show --verify; on every cache fill below 1 ms)
v=${V[verify.us]}
row "self-check of Docker's default (${V[verify.cases]} cases), us" "$v" "${V[verify.compile_us]} (the compile, same loop)" "$(ratio "$v" "${V[verify.compile_us]}")" "<= 1000" "$(le "$v" 1000)"

# 6. recording
if [ "${V[record.strace.s]}" != - ]; then
	s=${V[record.seccap.s]} c=${V[record.strace.s]}
	r=$(ratio "$s" "$c")
	row "seccap record: tar cf - DIR \\| cat (${V[record.calls]} calls; plain ${V[record.plain.s]} s), s, median of ${V[record.runs]}" "$s" "$c (strace -f -qq -o /dev/null)" "$r" "<= 0.5" "$(le "$r" 0.5)"
else
	row "seccap record against strace" "-" "strace is not installed" "-" "<= 0.5" "-"
fi

MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
CORES=$(nproc)
KERNEL=$(uname -r)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
{
	echo "## $DATE — $MODEL, $CORES cores, Linux $KERNEL${SECCAP_BENCH_RUNS:+ — SMOKE RUN (SECCAP_BENCH_RUNS=$SECCAP_BENCH_RUNS): figures meaningless}"
	echo
	echo "| target | seccap | reference (same run) | ratio | goal | |"
	echo "|---|---|---|---|---|---|"
	printf '%s\n' "${ROWS[@]}"
	echo
	echo "load average at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$TMP/table.md"
cat "$TMP/table.md"

{
	echo "# seccap benchmark results (\`make bench\`)"
	echo
	echo "Newest run first; earlier runs below it, so regressions show."
	echo "Instruction counts: conf/bpf_interp (deterministic).  Times:"
	echo "medians of the C harnesses in tests/bench/, each configuration and"
	echo "its reference interleaved in one loop; ratios divide figures of the"
	echo "same run.  See tests/bench/README.md for what each row means."
	echo
	cat "$TMP/table.md"
	if [ -f "$OUT" ]; then
		# Earlier runs: every "## " section of the old file, newest first,
		# at most 9 of them.
		awk '/^## /{n++} n>=1 && n<=9' "$OUT"
	fi
} >"$TMP/results.md"
mv "$TMP/results.md" "$OUT"
echo "bench: wrote $OUT" >&2
