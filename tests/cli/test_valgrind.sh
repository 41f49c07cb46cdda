#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# seccap under valgrind memcheck: check, import, show (every format), diff
# and apply on every shared and contrib profile and the embedded default, and
# check on every file of the broken-profile corpus (the error paths).  Each
# run must end as it ends without valgrind, with no memory error and no
# definite or indirect leak (--error-exitcode, --errors-for-leak-kinds).
#
# Slow (minutes): `make check` skips it; `make check-extra` runs it with
# SECCAP_EXTRA=1.
#
# valgrind 3.19 does not know seccomp(2) (it returns ENOSYS for it, with a
# warning), so under valgrind `apply` ends at loading the filter with exit
# 125 and that message; everything before it, and its failure path, is
# checked.  --trace-children=no: what apply executes is not ours.
. "$(dirname "$0")/lib.sh"

if [ "${SECCAP_EXTRA:-}" != 1 ]; then
	t_skip "valgrind" "slow; make check-extra runs it (SECCAP_EXTRA=1)"
	t_done
fi
# Asked for, it must run: a missing tool or a wrong build is a failure.
if ! command -v valgrind >/dev/null 2>&1; then
	t_fail "valgrind" "valgrind is not installed (contrib/install-deps.sh)"
	t_done
fi
t_need_binary
if ldd "$SECCAP" 2>/dev/null | grep -q libasan; then
	t_fail "valgrind" "$SECCAP is a sanitizer build; valgrind needs a plain one"
	t_done
fi

VG=(valgrind -q --error-exitcode=99 --leak-check=full
	--errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --trace-children=no
	--child-silent-after-fork=yes --num-callers=30)
# A cache of our own: apply takes programs from it (and must free them).
export XDG_CACHE_HOME=$T_TMP/cache
mkdir -p "$XDG_CACHE_HOME"
n=0
names=()
kinds=()
cmds=()

# Runs go in parallel, one per CPU; results are judged in order at the end.
ncpu=$(nproc 2>/dev/null || echo 2)

# Run number $1 (kind $2: plain or apply) of CMD: natively, then under
# memcheck; statuses and logs land in $T_TMP/<kind>.<n>.
vg_start() {
	local i=$1
	shift
	(
		"$@" </dev/null >"$T_TMP/native.out.$i" 2>&1
		echo $? >"$T_TMP/native.$i"
		"${T_TIMEOUT[@]}" "${VG[@]}" --log-file="$T_TMP/vg.$i" "$@" \
			</dev/null >"$T_TMP/out.$i" 2>"$T_TMP/err.$i"
		echo $? >"$T_TMP/status.$i"
	) &
	while [ "$(jobs -rp | wc -l)" -ge "$ncpu" ]; do
		wait -n
	done
}

# vg NAME CMD...: CMD under memcheck must exit as it does without it and
# leave valgrind nothing to say.
vg() {
	local name=$1
	shift
	n=$((n + 1))
	names[n]=$name kinds[n]=plain cmds[n]="$*"
	vg_start "$n" "$@"
}

# apply loads a filter, which valgrind cannot (see above): where apply
# succeeds without valgrind, it must end at the load with ENOSYS under it.
vg_apply() {
	local name=$1
	shift
	n=$((n + 1))
	names[n]=$name kinds[n]=apply cmds[n]="seccap apply $*"
	vg_start "$n" "$SECCAP" apply "$@"
}

vg_judge() {
	local i=$1 want got log=$T_TMP/vg.$1
	want=$(cat "$T_TMP/native.$i")
	got=$(cat "$T_TMP/status.$i")
	if [ "${kinds[i]}" = apply ] && [ "$want" -eq 0 ] && [ "$got" -eq 125 ] &&
		grep -q 'Function not implemented' "$T_TMP/err.$i"; then
		want=125
	fi
	# Its warnings about syscalls it does not know are not findings.
	if [ "$got" -eq "$want" ] && ! grep -q '^==[0-9]*== ' "$log"; then
		t_pass "${names[i]}"
		return 0
	fi
	t_fail "${names[i]}" "exit status $got (without valgrind: $want)" \
		"command: ${cmds[i]}"
	grep -v '^--[0-9]*-- ' "$log" | head -n 60 | sed 's/^/       | /'
	echo "     stderr:"; t_show "$T_TMP/err.$i"
	return 1
}

profiles=(default "$T_ROOT"/contrib/profiles/*.json "$T_ROOT"/contrib/profiles/*.ini)
if t_have_shared; then
	profiles+=("$T_SHARED"/profiles/*.json)
else
	t_skip "shared profiles" "$T_SHARED/profiles is absent"
fi

for p in "${profiles[@]}"; do
	[ -e "$p" ] || [ "$p" = default ] || continue
	b=$(basename "$p")
	if [ "$p" != default ]; then
		vg "check --strict $b" "$SECCAP" check --strict "$p"
		vg "import $b" "$SECCAP" import "$p"
		vg "import --to json $b" "$SECCAP" import --to json "$p"
	fi
	vg "show table $b" "$SECCAP" show --caps docker "$p"
	vg "show --explain $b" "$SECCAP" show --caps none --explain "$p"
	# (ini: import above prints it through the same writer)
	for f in json oci pfc; do
		vg "show $f $b" "$SECCAP" show --caps all --format "$f" "$p"
	done
	vg "show bpf $b" "$SECCAP" show --caps docker --format bpf -o "$T_TMP/$b.bpf" "$p"
	vg "show compiled $b" "$SECCAP" show --caps docker --format compiled -o "$T_TMP/$b.scbpf" "$p"
	vg "show x86 $b" "$SECCAP" show --caps docker --arch 386 --format pfc "$p"
	vg_apply "apply $b" --caps docker "$p" -- /bin/true
	vg "diff $b" "$SECCAP" diff --caps docker --caps-b all --format json "$p" default
done

# Paths that end early: each must free what it took.  Without capability
# options apply takes the program from the cache: once to fill it, then
# from it.
vg "apply: missing command" "$SECCAP" apply --caps docker default -- seccap-no-such-command
wait
for i in 1 2; do
	vg_apply "apply from the cache ($i)" default -- /bin/true
	wait
	vg "apply from the cache, missing command ($i)" "$SECCAP" apply default -- seccap-no-such-command
	wait
done
"$SECCAP" show --caps docker --format compiled -o "$T_TMP/compiled.scbpf" default
vg_apply "apply: compiled program" --caps docker "$T_TMP/compiled.scbpf" -- /bin/true
vg "apply: bad caps" "$SECCAP" apply --caps no_such_cap default -- /bin/true
vg "apply: missing profile" "$SECCAP" apply "$T_TMP/none.json" -- /bin/true
vg "show: missing profile" "$SECCAP" show "$T_TMP/none.json"
vg "diff: missing profile" "$SECCAP" diff default "$T_TMP/none.json"
vg "check: stdin" "$SECCAP" check -
vg "usage" "$SECCAP" no-such-applet

# The broken-profile corpus: every error path of the readers and checks.
for p in "$T_ROOT"/tests/bad/*; do
	case $p in *.expected | */README) continue ;; esac
	vg "bad: check $(basename "$p")" "$SECCAP" check "$p"
done
wait
for i in $(seq 1 "$n"); do
	vg_judge "$i"
done

t_done
