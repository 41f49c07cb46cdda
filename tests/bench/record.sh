#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# seccap record against strace on a syscall-heavy command, for `make bench`
# (tests/bench/run.sh reads its "key value" lines; it also runs alone):
#   usage: tests/bench/record.sh SECCAP [RUNS]
# The command is `tar cf - DIR | cat >/dev/null` (DIR: /usr/share/doc, or
# $SECCAP_BENCH_DIR), run plain, under `seccap record` and under
# `strace -f -qq -o /dev/null`, interleaved RUNS times (default 7); medians
# in seconds, and the number of syscalls strace counted in one run.
set -eu

SECCAP=$1
RUNS=${2:-7}
DIR=${SECCAP_BENCH_DIR:-/usr/share/doc}
CMD="tar cf - '$DIR' 2>/dev/null | cat >/dev/null"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/seccap-bench-record.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

if ! command -v strace >/dev/null; then
	echo "record.strace.s -"
	exit 0
fi
# Seconds one run of "$@" takes.
secs() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	awk "BEGIN { printf \"%.4f\", ($t1 - $t0) / 1e9 }"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One warm-up of each: the page cache, the dynamic loader.
sh -c "$CMD"
"$SECCAP" record -o "$TMP/rec.ini" -- sh -c "$CMD"
: >"$TMP/plain"; : >"$TMP/record"; : >"$TMP/strace"
for _ in $(seq "$RUNS"); do
	secs sh -c "$CMD" >>"$TMP/plain"; echo >>"$TMP/plain"
	secs "$SECCAP" record -o "$TMP/rec.ini" -- sh -c "$CMD" >>"$TMP/record"; echo >>"$TMP/record"
	secs strace -f -qq -o /dev/null sh -c "$CMD" >>"$TMP/strace"; echo >>"$TMP/strace"
done
strace -f -qq -c -o "$TMP/count" sh -c "$CMD" >/dev/null 2>&1 || true
echo "record.plain.s $(median <"$TMP/plain")"
echo "record.seccap.s $(median <"$TMP/record")"
echo "record.strace.s $(median <"$TMP/strace")"
echo "record.calls $(awk '$NF == "total" { print $(NF - 2) }' "$TMP/count")"
echo "record.runs $RUNS"
