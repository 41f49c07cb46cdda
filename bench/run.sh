#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# `make bench`: run the benchmark programs, print the table and write
# bench/RESULTS.md (this run on top, earlier runs kept below it).
#   usage: bench/run.sh BUILD_DIR
# Instruction counts come from the test suite's BPF interpreter
# (deterministic); times from the C harnesses (medians of repeated runs,
# the reference measured in the same run).
set -eu

B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PROFILE=$ROOT/contrib/profiles/docker-default.json
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seccap-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
chmod 700 "$TMP"
mkdir -m 700 "$TMP/cache"

declare -A V
collect() { while read -r k v; do V[$k]=$v; done; }

echo "bench: filter path (interpreter)" >&2
collect < <("$B/bench/filter_path" "$PROFILE")
echo "bench: per-syscall cost" >&2
collect < <("$B/bench/syscall_cost" "$PROFILE")
echo "bench: startup" >&2
"$B/seccap" show --caps docker --format compiled -o "$TMP/docker.scbpf" "$PROFILE"
collect < <("$B/bench/startup" "$ROOT/$B/libcapfilter.so" "$ROOT/$B/seccap" \
	"$PROFILE" "$TMP/docker.scbpf" "$TMP/cache" \
	"$ROOT/$B/bench/libcapfilter-static.so" "$ROOT/$B/bench/empty.so")
echo "bench: scale" >&2
collect < <("$B/bench/scale")
echo "bench: verify" >&2
collect < <("$B/bench/verify_cost" "$PROFILE")
echo "bench: seccap record against strace" >&2
collect < <(bench/record.sh "$B/seccap")

calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
le() { awk "BEGIN { exit !($1 <= $2) }" && echo met || echo "NOT met"; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# 1. filter path
s=${V[seccap.allowed.mean]} c=${V[crun.allowed.mean]}
row "allowed x86_64 syscalls (${V[seccap.allowed.n]}): BPF instructions, mean" "$s" "$c (crun; runc +7)" "$(calc "$s/$c" 3)" "<= 15" "$(le "$s" 15)"
s=${V[seccap.allowed.max]} c=${V[crun.allowed.max]}
row "allowed: max" "$s" "$c" "$(calc "$s/$c" 3)" "<= 24" "$(le "$s" 24)"
d=$(calc "${V[seccap.allowed.mean]} - ${V[seccap_noenosys.allowed.mean]}")
row "ENOSYS behaviour: added to allowed, mean" "$d" "7 (runc's stub)" "-" "0" "$(le "$d" 0)"
row "ENOSYS path (nr > ${V[maxnr]}): mean / max" "${V[seccap.enosys.mean]} / ${V[seccap.enosys.max]}" "${V[crun.enosys.mean]} / ${V[crun.enosys.max]} (EPERM, no stub)" "$(calc "${V[seccap.enosys.mean]}/${V[crun.enosys.mean]}" 3)" "short" "-"
row "denied x86_64 syscalls: mean / max" "${V[seccap.denied.mean]} / ${V[seccap.denied.max]}" "${V[crun.denied.mean]} / ${V[crun.denied.max]}" "$(calc "${V[seccap.denied.mean]}/${V[crun.denied.mean]}" 3)" "short" "-"
row "argument-checked syscalls: mean / max" "${V[seccap.checked.mean]} / ${V[seccap.checked.max]}" "${V[crun.checked.mean]} / ${V[crun.checked.max]}" "$(calc "${V[seccap.checked.mean]}/${V[crun.checked.mean]}" 3)" "short" "-"
row "personality(0xffffffff): instructions" "${V[seccap.personality]}" "${V[crun.personality]}" "$(calc "${V[seccap.personality]}/${V[crun.personality]}" 3)" "-" "-"
row "program length (x86_64+x86+x32)" "${V[seccap.len]}" "${V[crun.len]}" "$(calc "${V[seccap.len]}/${V[crun.len]}" 3)" "-" "-"

# 2. per-syscall cost
n=${V[ns.none.personality]} f=${V[ns.floor.personality]} s=${V[ns.seccap.personality]} c=${V[ns.crun.personality]}
fo=$(calc "$f - $n" 1) so=$(calc "$s - $n" 1) co=$(calc "$c - $n" 1)
row "personality(0xffffffff) ns/call (none $n, floor $f)" "$s" "$c (crun)" "$(calc "$s/$c" 3)" "-" "-"
r=$(calc "$so/$fo" 3)
row "overhead over no filter, ns: seccap vs floor" "$so" "$fo (floor; crun $co = $(calc "$co/$fo" 2)x)" "$r" "<= 1.15" "$(le "$r" 1.15)"
row "denied call (keyctl) ns/call (none ${V[ns.none.denied]})" "${V[ns.seccap.denied]}" "${V[ns.crun.denied]} (crun)" "$(calc "${V[ns.seccap.denied]}/${V[ns.crun.denied]}" 3)" "-" "-"

# 3. startup (microseconds)
p=${V[us.plain]}
d=$(calc "${V[us.preload_compiled]} - $p" 1)
row "preload, compiled file: us over /bin/true ($p us)" "$d" "$p (plain)" "$(calc "${V[us.preload_compiled]}/$p" 3)" "<= 100" "$(le "$d" 100)"
d=$(calc "${V[us.preload_cached]} - $p" 1)
row "preload, warm cache: us over /bin/true" "$d" "$p (plain)" "$(calc "${V[us.preload_cached]}/$p" 3)" "<= 100" "$(le "$d" 100)"
d=$(calc "${V[us.preload_nocache]} - $p" 1) l=${V[us.libseccomp_one_context]}
r=$(calc "$d/$l" 3)
row "preload, first run (no cache): us over /bin/true" "$d" "$l (libseccomp, 3 arches, one context)" "$r" "<= 0.5" "$(le "$r" 0.5)"
row "seccap pipeline in-process (parse..compile)" "${V[us.seccap_pipeline]}" "$l" "$(calc "${V[us.seccap_pipeline]}/$l" 3)" "-" "-"
d=$(calc "${V[us.apply_cached]} - $p" 1)
row "seccap apply, warm cache: us over exec'ing /bin/true" "$d" "$p (plain)" "$(calc "${V[us.apply_cached]}/$p" 3)" "<= 200" "$(le "$d" 200)"
row "of which: loading libcapfilter.so, SECCAP_PROFILE unset" "$(calc "${V[us.preload_unset]} - $p" 1)" "$(calc "${V[us.preload_empty]} - $p" 1) (an empty .so)" "-" "-" "-"
k=${V[us.fork_exit]}
row "of which: the kernel loading the filter (fork+load+exit over fork+exit)" "$(calc "${V[us.fork_load_seccap]} - $k" 1)" "$(calc "${V[us.fork_load_crun]} - $k" 1) (crun's; 2-insn floor $(calc "${V[us.fork_load_floor]} - $k" 1))" "$(calc "(${V[us.fork_load_seccap]} - $k)/(${V[us.fork_load_crun]} - $k)" 3)" "-" "-"
row "static-linked libcapfilter (compiled) / empty LD_PRELOAD: us over /bin/true" "$(calc "${V[us.preload_static_compiled]} - $p" 1)" "$(calc "${V[us.preload_empty]} - $p" 1) (empty .so)" "-" "-" "-"

# 4. scale
for n in 100 1000 10000; do
	row "scale: $n groups, parse+validate+resolve+compile, us (last run: parse ${V[scale.$n.parse_us]}, validate ${V[scale.$n.validate_us]}, resolve ${V[scale.$n.resolve_us]}, resolve+compile ${V[scale.$n.build_us]})" "${V[scale.$n.us]}" "-" "-" "-" "-"
done
for pair in "100 1000" "1000 10000"; do
	set -- $pair
	r=$(calc "${V[scale.$2.us]}/${V[scale.$1.us]}" 1)
	bound=$(calc "10*log($2)/log($1)" 1)
	row "scale: growth $1 -> $2 (n log n allows ${bound}x)" "${r}x" "-" "-" "<= ${bound}x" "$(le "$r" "$bound")"
done

# 5. the compile-time self-check (show --verify; on every cache fill below 1 ms)
v=${V[verify.us]}
row "self-check of Docker's default (${V[verify.cases]} cases), us" "$v" "${V[verify.compile_us]} (the compile, same run)" "$(calc "$v/${V[verify.compile_us]}" 3)" "<= 1000" "$(le "$v" 1000)"

# 6. recording
if [ "${V[record.strace.s]}" != - ]; then
	s=${V[record.seccap.s]} c=${V[record.strace.s]}
	r=$(calc "$s/$c" 3)
	row "seccap record: tar cf - /usr/share/doc \\| cat (${V[record.calls]} calls; plain ${V[record.plain.s]} s), s, median of ${V[record.runs]}" "$s" "$c (strace -f -qq -o /dev/null)" "$r" "<= 0.5" "$(le "$r" 0.5)"
else
	row "seccap record against strace" "-" "strace is not installed" "-" "<= 0.5" "-"
fi

MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
CORES=$(nproc)
KERNEL=$(uname -r)
DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
{
	echo "## $DATE — $MODEL, $CORES cores, Linux $KERNEL"
	echo
	echo "| target | seccap | reference (same run) | ratio | goal | |"
	echo "|---|---|---|---|---|---|"
	printf '%s\n' "${ROWS[@]}"
	echo
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$TMP/table.md"
cat "$TMP/table.md"

OUT=bench/RESULTS.md
{
	echo "# seccap benchmark results (\`make bench\`)"
	echo
	echo "Newest run first; earlier runs below it, so regressions show."
	echo "Instruction counts: conf/bpf_interp (deterministic).  Times:"
	echo "medians of repeated runs of the C harnesses in bench/, the reference"
	echo "measured in the same run.  See bench/README.md for what each row means."
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
