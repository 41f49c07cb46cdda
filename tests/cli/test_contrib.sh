#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# contrib/: the INI profiles are what `seccap import` makes of their sources
# today (regenerated into a temporary directory and diffed), carry their
# provenance, compile to the same filter as their JSON; the strict CLI
# profile runs shells, pipes, cat and tar and refuses sockets; the systemd
# drop-ins pass `systemd-analyze verify` and confine when run; the minimal
# Dockerfile, played step by step in a chroot, and the "minimal images"
# README steps work as written; bash completion completes applets, options
# and capabilities.  The chroot parts need root and skip otherwise.

. "$(dirname "$0")/lib.sh"
t_need_binary

C=$T_ROOT/contrib
CC=${CC:-cc}
PROBE=$T_TMP/probe
is_root=0
[ "$(id -u)" -eq 0 ] && is_root=1

if ! "$CC" -O2 -D_GNU_SOURCE -o "$PROBE" "$T_ROOT/tests/helpers/static_probe.c" \
	2>"$T_TMP/cc.err"; then
	t_fail "build the probe" "$(head -n 3 "$T_TMP/cc.err")"
	t_done
fi

# ---- the profiles are generated and current ----

mkdir "$T_TMP/gen"
if sh "$C/gen-profiles.sh" "$SECCAP" "$T_TMP/gen" >"$T_TMP/gen.out" 2>&1; then
	t_pass "gen-profiles.sh runs"
else
	t_fail "gen-profiles.sh runs" "$(cat "$T_TMP/gen.out")"
fi
for f in "$C"/profiles/*.ini; do
	n=${f##*/}
	if [ ! -f "$T_TMP/gen/$n" ]; then
		t_fail "$n is generated" "gen-profiles.sh does not make it; every INI in contrib/profiles must have a source"
	elif diff -u "$f" "$T_TMP/gen/$n" >"$T_TMP/diff"; then
		t_pass "$n is up to date with its source"
	else
		t_fail "$n is up to date with its source" "run 'make profiles' and commit the result:"
		t_show "$T_TMP/diff"
	fi
done
for n in docker-default.ini podman-default.ini cli-strict.ini; do
	t_ok "contrib/profiles/$n exists" test -f "$C/profiles/$n"
done
t_run "gen-profiles.sh: a missing OUTDIR is an error" 1 '' \
	sh "$C/gen-profiles.sh" "$SECCAP" "$T_TMP/nonexistent"
t_err "gen-profiles.sh: ... and says so" \
	"$C/gen-profiles.sh: output directory '$T_TMP/nonexistent' does not exist"

# Provenance: source repository, path, commit and licence in the header.
header_has() {
	local name=$1 file=$2
	shift 2
	local missing=() s
	for s in "$@"; do
		sed -n '/^\[/q;p' "$file" | grep -Fq -- "$s" || missing+=("$s")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		t_pass "$name"
	else
		t_fail "$name" "header lacks: ${missing[*]}"
	fi
}
header_has "docker-default.ini names its source" "$C/profiles/docker-default.ini" \
	moby/profiles seccomp/default.json cd3bed8061c7b7378b61fc6827c7885779417a75 \
	Apache-2.0
header_has "podman-default.ini names its source" "$C/profiles/podman-default.ini" \
	containers/container-libs common/pkg/seccomp/seccomp.json \
	f0ddf1a745bb52c26889dcd69499c2dd9d4f40c1 Apache-2.0
header_has "cli-strict.ini says it is written by hand" "$C/profiles/cli-strict.ini" \
	"written by hand" contrib/profiles/cli-strict.json Apache-2.0

if t_have_shared; then
	for n in docker-default podman-default; do
		t_ok "$n.json is the shared copy, byte for byte" \
			cmp "$C/profiles/$n.json" "$T_SHARED/profiles/$n.json"
	done
else
	t_skip "sources against ../shared" "no $T_SHARED/profiles"
fi

for f in "$C"/profiles/*.ini; do
	n=${f##*/}
	t_run "$n passes check --strict" 0 '' "$SECCAP" check --strict "$f"
	# The INI is the JSON: the same program for any capability set.
	same=1
	for caps in none docker all; do
		"$SECCAP" show -c "$caps" -f bpf -o "$T_TMP/ini.bpf" "$f" 2>/dev/null &&
			"$SECCAP" show -c "$caps" -f bpf -o "$T_TMP/json.bpf" \
				"${f%.ini}.json" 2>/dev/null &&
			cmp -s "$T_TMP/ini.bpf" "$T_TMP/json.bpf" || same=0
	done
	t_ok "$n compiles to the filter of its JSON" test "$same" = 1
done

# ---- the strict CLI profile at work ----

S=$C/profiles/cli-strict.ini
W=$T_TMP/work
mkdir -p "$W/in/sub"
printf 'one\ntwo\n' >"$W/in/a.txt"
printf 'three\n' >"$W/in/sub/b.txt"
cd "$W" || exit 2

want=$(sh -c 'ls / | sort | head -3')
t_run "strict: sh -c 'ls / | sort | head -3'" 0 "$want" \
	"$SECCAP" apply "$S" -- sh -c 'ls / | sort | head -3'
t_run "strict: cat" 0 $'one\ntwo' "$SECCAP" apply "$S" -- cat in/a.txt
t_run "strict: tar c" 0 '' "$SECCAP" apply "$S" -- tar -cf t.tar in
mkdir out
t_run "strict: tar x" 0 '' "$SECCAP" apply "$S" -- tar -xf t.tar -C out
t_ok "strict: the tar round trip keeps the files" diff -r in out/in
t_run "strict: tar t" 0 $'in/\nin/a.txt\nin/sub/\nin/sub/b.txt' \
	"$SECCAP" apply "$S" -- sh -c 'tar -tf t.tar | sort'
t_run "strict: fork, mkdir, uname allowed" 0 $'fork: ok\nmkdir: ok\nuname: ok' \
	"$SECCAP" apply "$S" -- "$PROBE" fork mkdir uname
t_run "strict: socket is EPERM" 1 'socket: EPERM' "$SECCAP" apply "$S" -- "$PROBE" socket
t_run "strict: a unix socket too" 1 'unix: EPERM' "$SECCAP" apply "$S" -- "$PROBE" unix
t_run "strict: no namespaces" 1 'unshare: EPERM' "$SECCAP" apply "$S" -- "$PROBE" unshare
t_run "strict: no keyrings" 1 'keyctl: EPERM' "$SECCAP" apply "$S" -- "$PROBE" keyctl
t_run "strict: clone3 is ENOSYS (glibc falls back to clone)" 1 'clone3: ENOSYS' \
	"$SECCAP" apply "$S" -- "$PROBE" clone3
# A sanitizer build's library needs the ASan runtime loaded first.
asan=$(ldd "$T_BUILD/libcapfilter.so" 2>/dev/null | awk '/libasan/ { print $3 }')
t_run "strict: the same through the preload" 1 $'getpid: ok\nsocket: EPERM' \
	env LD_PRELOAD="${asan:+$asan:}$T_BUILD/libcapfilter.so" SECCAP_PROFILE="$S" \
	"$PROBE" getpid socket

if t_kernel ia32 "strict: the i386 ABI is killed (SIGSYS)"; then
	cat >"$T_TMP/int80.c" <<'EOF'
/* getpid through the i386 ABI (int 0x80) from a 64-bit process. */
#include <stdio.h>
int main(void)
{
	long r;
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
	printf("i386 getpid: %s\n", r > 0 ? "ok" : "failed");
	return 0;
}
EOF
	if "$CC" -O2 -o "$T_TMP/int80" "$T_TMP/int80.c" 2>"$T_TMP/cc.err"; then
		t_run "int 0x80 runs unconfined" 0 'i386 getpid: ok' "$T_TMP/int80"
		# Through sh, whose "Bad system call" then lands in T_ERR.
		t_run "strict: the i386 ABI is killed (SIGSYS)" $((128 + 31)) '' \
			sh -c '"$@"; exit $?' sh "$SECCAP" apply "$S" -- "$T_TMP/int80"
	else
		t_fail "strict: i386 ABI" "cannot build the int 0x80 program" \
			"$(head -n 1 "$T_TMP/cc.err")"
	fi
fi

t_run "docker-default: keyctl is EPERM" 1 'keyctl: EPERM' \
	"$SECCAP" apply "$C/profiles/docker-default.ini" -- "$PROBE" keyctl
t_run "docker-default: a shell runs" 0 'ok' \
	"$SECCAP" apply "$C/profiles/docker-default.ini" -- sh -c 'echo ok'
t_run "podman-default: a shell runs" 0 'ok' \
	"$SECCAP" apply "$C/profiles/podman-default.ini" -- sh -c 'echo ok'

# ---- systemd drop-ins ----

# A fake /usr/local whose paths lead to this build.
U=$T_TMP/usr/local
mkdir -p "$U/bin" "$U/lib" "$U/share/seccap" "$U/sbin"
for a in $("$SECCAP" --list | cut -d' ' -f1); do
	ln -s "$SECCAP" "$U/bin/seccap-$a"
done
ln -s "$SECCAP" "$U/bin/seccap"
ln -s "$T_BUILD/libcapfilter.so.0" "$U/lib/libcapfilter.so.0"
ln -s "$C/profiles" "$U/share/seccap/profiles"
ln -s "$PROBE" "$U/sbin/exampled"
# Every path the drop-ins name under /usr/local exists in the layout.
for f in "$C"/systemd/*.conf; do
	n=${f##*/}
	absent=
	while IFS= read -r p; do
		[ -e "$T_TMP$p" ] || absent="$absent $p"
	done < <(grep -o '/usr/local/[^ ]*' "$f" | sort -u)
	if [ -z "$absent" ]; then
		t_pass "$n names installed paths"
	else
		t_fail "$n names installed paths" "not in the install layout:$absent"
	fi
done

if command -v systemd-analyze >/dev/null 2>&1; then
	for f in "$C"/systemd/*.conf; do
		n=${f##*/}
		u=$T_TMP/units-${n%.conf}
		mkdir -p "$u/example.service.d"
		printf '[Unit]\nDescription=seccap drop-in test\n\n[Service]\nExecStart=/bin/true\n' \
			>"$u/example.service"
		sed "s|/usr/local/|$T_TMP/usr/local/|g" "$f" >"$u/example.service.d/seccap.conf"
		t_run "$n: systemd-analyze verify" 0 '' \
			env SYSTEMD_UNIT_PATH="$u:" systemd-analyze verify "$u/example.service"
		if [ -s "$T_ERR" ]; then
			t_fail "$n: no warnings from systemd" "$(head -n 5 "$T_ERR")"
		else
			t_pass "$n: no warnings from systemd"
		fi
	done
else
	t_skip "systemd-analyze verify" "no systemd-analyze here"
fi

# Run what the drop-ins would run, the example daemon being the probe.
envs=()
while IFS= read -r line; do
	line=${line#Environment=}
	[ "${line%%=*}" = LD_PRELOAD ] && line=LD_PRELOAD=${asan:+$asan:}${line#*=}
	envs+=("$line")
done < <(sed -n "s|/usr/local/|$T_TMP/usr/local/|g; s/^Environment=/&/p" \
	"$C/systemd/seccap-preload.conf")
t_run "seccap-preload.conf's environment confines" 1 $'getpid: ok\nkeyctl: EPERM' \
	env "${envs[@]}" "$PROBE" getpid keyctl
read -r -a cmd < <(sed -n "s|/usr/local/|$T_TMP/usr/local/|g; s/^ExecStart=\(..*\)/\1/p" \
	"$C/systemd/seccap-apply.conf")
# Its example command with the probe's arguments instead of --foreground.
cmd=("${cmd[@]:0:${#cmd[@]}-1}" getpid keyctl)
if [ "$is_root" = 1 ]; then
	t_run "seccap-apply.conf's ExecStart confines" 1 $'getpid: ok\nkeyctl: EPERM' \
		"${cmd[@]}"
else
	t_skip "seccap-apply.conf's ExecStart" "its --caps docker grants capabilities: root only"
fi

# ---- Dockerfile.minimal, played in a chroot ----

DF=$C/docker/Dockerfile.minimal
# COPY sources from the build context exist (--from= stages aside).
absent=
while read -r _ src _; do
	case $src in --from=*) continue ;; esac
	case $src in
	build/static/*) ;; # `make static`, not in every build; the chroot below needs it
	build/*) [ -e "$T_BUILD/${src#build/}" ] || absent="$absent $src" ;;
	*) [ -e "$T_ROOT/$src" ] || absent="$absent $src" ;;
	esac
done < <(grep '^COPY ' "$DF")
if [ -z "$absent" ]; then
	t_pass "Dockerfile.minimal: every COPY source exists"
else
	t_fail "Dockerfile.minimal: every COPY source exists" "missing:$absent"
fi

json_argv() { python3 -c 'import json,sys; print("\0".join(json.loads(sys.argv[1])), end="")' "$1"; }

if [ "$is_root" != 1 ]; then
	t_skip "Dockerfile.minimal in a chroot" "chroot needs root"
elif [ ! -x "$T_BUILD/static/seccap" ]; then
	t_skip "Dockerfile.minimal in a chroot" "no $T_BUILD/static/seccap; run 'make static'"
elif ! command -v python3 >/dev/null 2>&1; then
	t_skip "Dockerfile.minimal in a chroot" "python3 is needed to read its JSON lines"
elif ! "$CC" -static -O2 -D_GNU_SOURCE -o "$T_TMP/probe.static" \
	"$T_ROOT/tests/helpers/static_probe.c" 2>/dev/null; then
	t_skip "Dockerfile.minimal in a chroot" "'$CC -static' does not work here"
else
	R=$T_TMP/image
	mkdir "$R"
	ok=1 entry=()
	while IFS= read -r line; do
		# shellcheck disable=SC2086 # Dockerfile words, split on blanks
		set -- $line
		case $1 in
		COPY)
			[ "${2#--from=}" != "$2" ] && continue
			src=$2 dst=$3
			case $src in build/*) src=$T_BUILD/${src#build/} ;; *) src=$T_ROOT/$src ;; esac
			mkdir -p "$R$(dirname "$dst")" && cp "$src" "$R$dst" || ok=0 ;;
		RUN)
			mapfile -d '' -t argv < <(json_argv "${line#RUN }")
			if ! chroot "$R" "${argv[@]}" >"$T_TMP/run.out" 2>&1; then
				ok=0
				t_fail "Dockerfile.minimal: ${line}" "$(cat "$T_TMP/run.out")"
			fi ;;
		ENTRYPOINT)
			mapfile -d '' -t entry < <(json_argv "${line#ENTRYPOINT }") ;;
		esac
	done < <(grep -E '^(COPY|RUN|ENTRYPOINT) ' "$DF")
	t_ok "Dockerfile.minimal: COPY and RUN steps succeed" test "$ok" = 1
	# The service is the static probe instead of busybox.
	cp "$T_TMP/probe.static" "$R/bin/probe"
	t_run "Dockerfile.minimal: its ENTRYPOINT confines the service" 1 \
		$'getpid: ok\nkeyctl: EPERM' chroot "$R" "${entry[@]}" /bin/probe getpid keyctl
fi

# ---- README.md "Minimal images", step by step ----

# The section "## Minimal images" of README.md, up to the next "## ".
RM=$T_TMP/minimal-images.md
awk '/^## Minimal images/ { on = 1 } /^## / && !/^## Minimal images/ { on = 0 } on' \
	"$T_ROOT/README.md" >"$RM"
if [ ! -s "$RM" ]; then
	t_fail "README.md has a '## Minimal images' section"
elif [ "$is_root" != 1 ]; then
	t_skip "README.md minimal-images steps" "its chroot step needs root"
elif [ ! -x "$T_BUILD/static/seccap" ]; then
	t_skip "README.md minimal-images steps" "no $T_BUILD/static/seccap; run 'make static'"
else
	# The ```sh blocks run one after the other in one shell, as a reader
	# types them, starting in a directory that looks like the tree (its
	# build/ and contrib/); a ```text block right after one is its output.
	# The walk-through's own temporary directory lands in ours (TMPDIR).
	RW=$T_TMP/readme
	mkdir "$RW" "$T_TMP/readme-tmp"
	ln -s "$T_BUILD" "$RW/build"
	ln -s "$C" "$RW/contrib"
	case $T_BUILD in "$T_ROOT"/*) B=${T_BUILD#"$T_ROOT"/} ;; *) B=$T_BUILD ;; esac
	awk -v dir="$T_TMP/blocks" '
		/^```sh$/ { n++; f = sprintf("%s.%02d.sh", dir, n); inb = 1; next }
		/^```text$/ && last == n && n { f = sprintf("%s.%02d.want", dir, n); inb = 1; next }
		/^```/ { if (inb) last = n; inb = 0; f = ""; next }
		inb && f { print > f }
		' "$RM"
	(
		cd "$RW" || exit 2
		export TMPDIR=$T_TMP/readme-tmp
		# The README's `make static`: the binary check built, never a
		# rebuild from sources others may be editing (-o).
		# shellcheck disable=SC2317 # called by the README's commands
		make() {
			env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s \
				-C "$T_ROOT" B="$B" -o "$B/static/seccap" "$@"
		}
		for b in "$T_TMP"/blocks.*.sh; do
			[ -f "$b" ] || continue
			# shellcheck disable=SC1090
			{ . "$b"; } >"${b%.sh}.out" 2>&1
			echo $? >"${b%.sh}.rc"
		done
	)
	nblocks=0
	for b in "$T_TMP"/blocks.*.sh; do
		[ -f "$b" ] || continue
		nblocks=$((nblocks + 1))
		rc=$(cat "${b%.sh}.rc" 2>/dev/null || echo 'not run')
		label="README step $(basename "$b" .sh | sed 's/^blocks\.//')"
		if [ "$rc" != 0 ]; then
			t_fail "$label runs" "exit status $rc" "$(cat "$b")"
			t_show "${b%.sh}.out"
		elif [ -f "${b%.sh}.want" ]; then
			if diff -u "${b%.sh}.want" "${b%.sh}.out" >"$T_TMP/diff"; then
				t_pass "$label prints what the README says"
			else
				t_fail "$label prints what the README says"
				t_show "$T_TMP/diff"
			fi
		else
			t_pass "$label runs"
		fi
	done
	# Nothing of the walk-through lands in the tree-like directory.
	left=$(cd "$RW" && find . -mindepth 1 ! -name build ! -name contrib)
	t_ok "README steps leave nothing in the directory they start in" test -z "$left"
	t_ok "README has its five steps" test "$nblocks" -ge 5
fi

# ---- bash completion ----

BC=$C/bash-completion/seccap
# complete_words ARGV0 WORD...: COMPREPLY for the last word, one a line,
# sorted, from a bash that has sourced nothing but the completion file.
# A script, not a function: t_run runs programs.
cat >"$T_TMP/complete_words" <<'EOF'
. "$1" || exit 3
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_seccap
[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
EOF
complete_words=(bash --norc --noprofile "$T_TMP/complete_words" "$BC")
# Every applet's link (make install puts one beside seccap) is registered.
mapfile -t names < <(echo seccap; "$SECCAP" --list | cut -d' ' -f1 | sed 's/^/seccap-/')
# shellcheck disable=SC2016 # $1 is the inner bash's
t_run "completion registers seccap and every applet link" 0 \
	"$(printf 'complete -F _seccap %s\n' "${names[@]}")" \
	bash --norc --noprofile -c '. "$1" || exit 3; shift
		for c in "$@"; do complete -p "$c"; done' x "$BC" "${names[@]}"
t_run "completion: seccap ap<TAB>" 0 'apply' "${complete_words[@]}" "$SECCAP" ap
t_run "completion: seccap <TAB> lists the applets" 0 \
	"$( (cut -d' ' -f1 < <("$SECCAP" --list); printf '%s\n' --help --install --list --version) | sort)" \
	"${complete_words[@]}" "$SECCAP" ''
t_run "completion: apply --cap-add SYS_<TAB>" 0 \
	"$(printf '%s\n' SYS_ADMIN SYS_BOOT SYS_CHROOT SYS_MODULE SYS_NICE SYS_PACCT \
		SYS_PTRACE SYS_RAWIO SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG | sort)" \
	"${complete_words[@]}" "$SECCAP" apply --cap-add SYS_
t_run "completion: CAP_ prefix and lower case kept" 0 $'cap_net_admin\ncap_net_bind_service\ncap_net_broadcast\ncap_net_raw' \
	"${complete_words[@]}" "$SECCAP" apply --cap-drop cap_net_
t_run "completion: --caps list items" 0 'docker,SYS_ADMIN' \
	"${complete_words[@]}" "$SECCAP" apply --caps docker,SYS_AD
t_run "completion: apply's options from its --help" 0 $'--cap-add\n--cap-drop\n--caps' \
	"${complete_words[@]}" "$SECCAP" apply --ca
t_run "completion: show --format=<TAB>" 0 "$(printf '%s\n' bpf ini json oci pfc table)" \
	"${complete_words[@]}" "$SECCAP" show --format =
ln -s "$SECCAP" "$T_TMP/seccap-import"
t_run "completion: through an applet link" 0 $'ini\njson' \
	"${complete_words[@]}" "$T_TMP/seccap-import" --to ''
mkdir -p "$T_TMP/pc/dir"
touch "$T_TMP/pc/p.ini" "$T_TMP/pc/q.json" "$T_TMP/pc/notes.txt"
t_run "completion: profile files and directories" 0 \
	"$(printf '%s\n' "$T_TMP/pc/dir/" "$T_TMP/pc/p.ini" "$T_TMP/pc/q.json")" \
	"${complete_words[@]}" "$SECCAP" check "$T_TMP/pc/"
t_run "completion: apply PROFILE -- COMMAND" 0 '~^printf$' \
	"${complete_words[@]}" "$SECCAP" apply "$T_TMP/pc/p.ini" -- printf
t_run "completion: cache <TAB> is add" 0 'add' \
	"${complete_words[@]}" "$SECCAP" cache ''
t_run "completion: cache add PROFILE" 0 'default' \
	"${complete_words[@]}" "$SECCAP" cache add --caps docker def
t_run "completion: record -- COMMAND" 0 '~^printf$' \
	"${complete_words[@]}" "$SECCAP" record -o out.ini -- printf
t_run "completion: record --format" 0 $'ini\njson' \
	"${complete_words[@]}" "$SECCAP" record --format ''
t_run "completion: record --base" 0 \
	"$(printf '%s\n' "$T_TMP/pc/dir/" "$T_TMP/pc/p.ini" "$T_TMP/pc/q.json")" \
	"${complete_words[@]}" "$SECCAP" record --base "$T_TMP/pc/"
t_run "completion: record's options from its --help" 0 '--until-exit' \
	"${complete_words[@]}" "$SECCAP" record --u

t_done
