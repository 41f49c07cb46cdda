#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `make check-cross ARCH=...`: the cross-built seccap run under qemu-user
# against the native build.  Everything that needs no seccomp in the
# kernel runs there — readers and writers (check, import both ways), the
# resolver and the compiler (show in every format, the target as the
# native arch), the BPF interpreter's verification of every program
# (show --verify), the broken-profile corpus — on every profile of
# contrib/profiles, ../shared/profiles and tests/data; each output must be
# byte-identical to what the native build prints for that arch with
# --arch; and the programs it compiles for amd64, 386, x32 and arm must be
# those the native build compiles for them.  What loads a filter is asked
# of the suite's probe, run under the same qemu, and skips with its reason
# (qemu-user does not emulate seccomp).
#
# Environment (set by the Makefile): SECCAP_BUILD the cross build,
# SECCAP_NATIVE the native build, SECCAP_QEMU the qemu-user command,
# SECCAP_ARCH the target as seccap's --arch names it.
. "$(dirname "$0")/../cli/lib.sh"

read -r -a Q <<<"${SECCAP_QEMU:?}"
NATIVE=${SECCAP_NATIVE:?}/seccap
arch=${SECCAP_ARCH:?}
t_need_built "$SECCAP" "$NATIVE" "$T_BUILD/tests/helpers/kernel_has"
if ! command -v "${Q[0]}" >/dev/null 2>&1; then
	t_fail "qemu" "${Q[0]} is not installed (qemu-user-static; INSTALL, \"Cross builds\")"
	t_done
fi

version=$("$NATIVE" --version)
t_run "the $arch seccap runs under ${Q[0]}" 0 "$version" "${Q[@]}" "$SECCAP" --version
t_run "it is not the native binary" '!0' - "$SECCAP" --version

# What loads filters: the probe, cross-built, under qemu.
why=$("${Q[@]}" "$T_BUILD/tests/helpers/kernel_has" seccomp)
case $? in
0) t_fail "seccomp under ${Q[0]}" "the probe says filters load; run the live suite natively on $arch instead" ;;
1) for what in "apply and record (they load filters)" "the preload (it loads a filter)" \
	"the live filter tests"; do
	t_skip "$what" "$why"
   done ;;
*) t_fail "the seccomp probe under ${Q[0]}" "exit status $?: $why" ;;
esac

# The Criterion unit tests are not run here: make check-cross runs them
# after this script, under the same qemu through binfmt_misc
# (tests/cross/binfmt.sh).

# same NAME ARGS...: seccap ARGS under qemu and natively with --arch give
# the same status, stdout and stderr.  "@ARCH" in ARGS stands for the
# native side's "--arch $arch" (dropped on the qemu side).
n_same=0
same() {
	local name=$1 a q=() h=()
	shift
	for a in "$@"; do
		if [ "$a" = @ARCH ]; then h+=(--arch "$arch"); else q+=("$a"); h+=("$a"); fi
	done
	"${Q[@]}" "$SECCAP" "${q[@]}" >"$T_TMP/q.out" 2>"$T_TMP/q.err" </dev/null
	local qs=$?
	"$NATIVE" "${h[@]}" >"$T_TMP/h.out" 2>"$T_TMP/h.err" </dev/null
	local hs=$?
	# The program names itself in messages; the two binaries' paths differ.
	sed -i "s|$SECCAP|seccap|g; s|$NATIVE|seccap|g" "$T_TMP/q.err" "$T_TMP/h.err"
	if [ "$qs" -ne "$hs" ]; then
		t_fail "$name" "exit status $qs under qemu, $hs natively" "$(head -c 300 "$T_TMP/q.err")"
	elif ! cmp -s "$T_TMP/q.out" "$T_TMP/h.out"; then
		t_fail "$name" "stdout differs (- native, + qemu):"
		diff -u "$T_TMP/h.out" "$T_TMP/q.out" | head -n 12 | sed 's/^/       | /'
	elif ! cmp -s "$T_TMP/q.err" "$T_TMP/h.err"; then
		t_fail "$name" "stderr differs (- native, + qemu):"
		diff -u "$T_TMP/h.err" "$T_TMP/q.err" | head -n 12 | sed 's/^/       | /'
	else
		n_same=$((n_same + 1))
		return 0
	fi
	return 1
}

profiles=("$T_ROOT"/contrib/profiles/*.ini "$T_ROOT"/contrib/profiles/*.json)
if t_have_shared; then
	profiles+=("$T_SHARED"/profiles/*.json)
else
	t_skip "../shared's profiles" "$T_SHARED/profiles is missing"
fi
while IFS= read -r f; do profiles+=("$f"); done < <(
	find "$T_ROOT/tests/data" -type f \( -name '*.ini' -o -name '*.json' \) | LC_ALL=C sort)

n=0 bad=0 notify=()
for p in default "${profiles[@]}"; do
	label=${p#"$T_ROOT"/}
	# libseccomp accepts SCMP_ACT_NOTIFY only once the kernel has told it
	# that it has user notification, which it cannot under qemu-user.
	if [ "$p" != default ] && grep -qiE 'SCMP_ACT_NOTIFY|^action[[:space:]]*=[[:space:]]*notify' "$p"; then
		notify+=("$label")
		continue
	fi
	n=$((n + 1))
	ok=1
	# check, and the INI and JSON writers, before the resolver and compiler.
	same "$label: check" check @ARCH "$p" || ok=0
	if [ "$p" != default ]; then
		same "$label: import --to ini" import --to ini "$p" || ok=0
		same "$label: import --to json" import --to json "$p" || ok=0
	fi
	for caps in docker all; do
		same "$label: show --caps $caps" show --caps "$caps" @ARCH "$p" || ok=0
		same "$label: show --caps $caps --explain" show --caps "$caps" --explain @ARCH "$p" || ok=0
	done
	for fmt in pfc bpf oci; do
		same "$label: show --format $fmt" show --caps docker --format "$fmt" @ARCH "$p" || ok=0
	done
	# The interpreter runs every syscall through the program and the model.
	same "$label: show --verify" show --caps docker --verify @ARCH "$p" || ok=0
	[ "$ok" = 1 ] || bad=$((bad + 1))
done
t_ok "every profile ($n) gives the same output on $arch under qemu as natively with --arch $arch ($n_same runs)" \
	test "$bad" = 0
if [ "${#notify[@]}" -gt 0 ]; then
	t_skip "profiles with notify rules (${notify[*]})" \
		"libseccomp takes SCMP_ACT_NOTIFY only from a kernel with user notification: $why"
fi

# The compiler's output is a function of the target alone: the programs
# for the other arches the suite knows, compiled under qemu, are the ones
# compiled here (both sides given the same --arch).
nt=0 badt=0
for p in default "$T_ROOT"/contrib/profiles/*.json "$T_ROOT"/contrib/profiles/*.ini; do
	for target in amd64 386 x32 arm; do
		nt=$((nt + 1))
		same "${p#"$T_ROOT"/}: show --arch $target --format bpf" \
			show --caps docker --arch "$target" --format bpf "$p" ||
			badt=$((badt + 1))
	done
done
t_ok "the programs for amd64, 386, x32 and arm are the same compiled on $arch as here ($nt)" \
	test "$badt" = 0

# The broken-profile corpus: the same message and status.
nb=0 badb=0
for f in "$T_ROOT"/tests/bad/*; do
	case $f in *.expected | */README) continue ;; esac
	nb=$((nb + 1))
	same "${f#"$T_ROOT"/}: check" check @ARCH "$f" || badb=$((badb + 1))
done
t_ok "the broken-profile corpus ($nb files): the same errors under qemu" test "$badb" = 0

t_done
