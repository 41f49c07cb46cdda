#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `seccap diff`: a profile against itself, Docker's default under `docker`
# and `docker,CAP_SYS_ADMIN` against the set of syscalls its CAP_SYS_ADMIN
# groups add (worked out here from the JSON by an independent reading of
# moby's setupSeccomp), clone's flag condition, the JSON output field by
# field, --subset against an oracle, two different files, --arch, the
# "depends on arguments" answer, and the exit statuses (0 same, 1
# different, 2 trouble).  No filter is loaded: it runs on any kernel.
. "$(dirname "$0")/lib.sh"
t_need_binary

DOCKER=$T_ROOT/contrib/profiles/docker-default.json
P=$T_SHARED/profiles
D=(--kernel 6.8 --arch amd64)

# The syscall column of the table in $T_OUT (after the header), sorted.
table_syscalls() { awk -F '  +' 'NR > 1 { print $1 }' "$T_OUT" | LC_ALL=C sort -u; }

# ---- the same behaviour: nothing printed, status 0
t_run "default against itself" 0 '' "$SECCAP" diff "${D[@]}" --caps docker default
t_run "default against itself, both named" 0 '' \
	"$SECCAP" diff "${D[@]}" --caps docker default default
t_run "a file against itself, json: an empty array" 0 '[
]' "$SECCAP" diff "${D[@]}" --caps docker --format json "$DOCKER"
cp "$T_OUT" "$T_TMP/empty.json"
t_run "json empty array parses" 0 '0' python3 -c \
	'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T_TMP/empty.json"

# ---- what --cap-add SYS_ADMIN opens in Docker's default
# The oracle: moby's setupSeccomp read from the JSON for amd64 and kernel
# 6.8: the names of groups kept under exactly one of the two sets, less
# those an unconditional ALLOW kept under both gives anyway.
cat >"$T_TMP/oracle.py" <<'EOF'
import json, sys
DOCKER_CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
    "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
    "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
    "CAP_AUDIT_WRITE"]
def kver(s):
    a, b = s.split(".")[:2]
    return (int(a), int(b))
def kept(g, caps, arch="amd64", kernel=(6, 8)):
    inc, exc = g.get("includes") or {}, g.get("excludes") or {}
    if any(c in caps for c in exc.get("caps") or []): return False
    if arch in (exc.get("arches") or []): return False
    if exc.get("minKernel") is not None and kernel >= kver(exc["minKernel"]): return False
    if any(c not in caps for c in inc.get("caps") or []): return False
    if inc.get("arches") and arch not in inc["arches"]: return False
    if inc.get("minKernel") and kernel < kver(inc["minKernel"]): return False
    return True
prof = json.load(open(sys.argv[1]))
a, b = DOCKER_CAPS, DOCKER_CAPS + ["CAP_SYS_ADMIN"]
changed, anyway = set(), set()
for g in prof["syscalls"]:
    ka, kb = kept(g, a), kept(g, b)
    if ka != kb:
        changed |= set(g["names"])
    elif ka and g["action"] == "SCMP_ACT_ALLOW" and not g.get("args"):
        anyway |= set(g["names"])
print("\n".join(sorted(changed - anyway)))
EOF
want=$(python3 "$T_TMP/oracle.py" "$DOCKER" | LC_ALL=C sort)
t_run "docker vs docker,CAP_SYS_ADMIN: different" 1 - \
	"$SECCAP" diff "${D[@]}" --caps docker --caps-b docker,CAP_SYS_ADMIN "$DOCKER"
got=$(table_syscalls)
if [ -n "$want" ] && [ "$got" = "$want" ]; then
	t_pass "exactly the syscalls Docker's CAP_SYS_ADMIN groups add"
else
	t_fail "exactly the syscalls Docker's CAP_SYS_ADMIN groups add" \
		"got: $(tr '\n' ' ' <<<"$got")" "want: $(tr '\n' ' ' <<<"$want")"
fi
t_line "clone: its flag condition, on every x86 ABI" \
	'^clone +x86_64,x86,x32 +ERRNO\(EPERM\) +ALLOW +default action +[^ ]*docker-default.json:[0-9]+ +arg0 & 0x7e020000 != 0$'
t_line "mount: for every argument value" \
	'^mount +x86_64,x86,x32 +ERRNO\(EPERM\) +ALLOW +default action +[^ ]*:[0-9]+ +\(every argument value\)$'
t_line "clone3: ENOSYS from its own group, then allowed" \
	'^clone3 +x86_64,x86,x32 +ERRNO\(ENOSYS\) +ALLOW +[^ ]*docker-default.json:[0-9]+ '
t_line "umount: on x86 alone" '^umount +x86 +ERRNO'
t_line "a header names the columns" '^SYSCALL +ARCH +A +B +A_SOURCE +B_SOURCE +ARGUMENTS$'
t_run "the embedded default, as the issue asks it" 1 '~^clone .*arg0 & 0x7e020000 != 0$' \
	"$SECCAP" diff "${D[@]}" --caps docker --caps-b docker,SYS_ADMIN default
t_run "--caps-b alone is the second set (A: --caps)" 1 - \
	"$SECCAP" diff "${D[@]}" --caps docker --caps-b all default
t_line "--caps all opens more: reboot" '^reboot '

# ---- JSON, field by field
t_run "--format json" 1 - "$SECCAP" diff "${D[@]}" --caps docker \
	--caps-b docker,CAP_SYS_ADMIN --format json "$DOCKER"
cp "$T_OUT" "$T_TMP/diff.json"
cat >"$T_TMP/check_json.py" <<'EOF'
import json, re, sys
items = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n")
want = set(sys.argv[3].split())
errors = []
keys = {"arch", "syscall", "nr", "a", "b", "args", "a_source", "b_source", "opens"}
for it in items:
    if not keys <= set(it):
        errors.append("missing keys %s in %r" % (keys - set(it), it))
    if it["arch"] not in ("x86_64", "x86", "x32"):
        errors.append("arch %r" % it["arch"])
    if it["a"] not in ("ERRNO(EPERM)", "ERRNO(ENOSYS)") or it["b"] != "ALLOW":
        errors.append("actions %r %r" % (it["a"], it["b"]))
    if it["opens"] is not True:
        errors.append("%s does not open" % it["syscall"])
    m = re.fullmatch(r".*docker-default\.json:(\d+)", it["b_source"])
    if not m or '"%s"' % it["syscall"] not in lines[int(m.group(1)) - 1]:
        errors.append("b_source %r does not point at %s" % (it["b_source"], it["syscall"]))
    if it["syscall"] == "clone3":
        m = re.fullmatch(r".*docker-default\.json:(\d+)", it["a_source"])
        if not m or '"clone3"' not in lines[int(m.group(1)) - 1]:
            errors.append("clone3 a_source %r" % it["a_source"])
    elif it["a_source"] != "default action":
        errors.append("a_source %r" % it["a_source"])
    if it["syscall"] == "clone":
        if it["args"] != "arg0 & 0x7e020000 != 0":
            errors.append("clone args %r" % it["args"])
    elif it["args"] is not None:
        errors.append("%s args %r, want null" % (it["syscall"], it["args"]))
names = {it["syscall"] for it in items}
if names != want:
    errors.append("syscalls %s, want %s" % (sorted(names), sorted(want)))
x86_64 = [it for it in items if it["arch"] == "x86_64" and it["syscall"] == "clone"]
if len(x86_64) != 1 or x86_64[0]["nr"] != 56:
    errors.append("x86_64 clone: %r" % x86_64)
print("\n".join(errors) if errors else "ok")
EOF
t_run "json: every field as it should be" 0 ok \
	python3 "$T_TMP/check_json.py" "$T_TMP/diff.json" "$DOCKER" "$want"

# ---- --subset against an oracle
# B: the first 40 names Docker's default allows unconditionally (a
# recorded profile), so a strict subset; then the same plus mount, which
# Docker's default does not allow under --caps docker.
cat >"$T_TMP/subset.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
plain = [n for g in d["syscalls"] if g["action"] == "SCMP_ACT_ALLOW"
         and not g.get("args") and not g.get("includes") and not g.get("excludes")
         for n in g["names"]]
names = plain[:40] + sys.argv[3:]
allowed = set(plain)
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
    {"names": names, "action": "SCMP_ACT_ALLOW"}]}, open(sys.argv[2], "w"), indent=1)
# The oracle's answer: 0 when every name is allowed by A anyway.
print(0 if set(names) <= allowed else 1)
EOF
want=$(python3 "$T_TMP/subset.py" "$DOCKER" "$T_TMP/sub.json")
t_run "--subset: the oracle says a subset" 0 '' test "$want" = 0
t_run "--subset: a strict subset passes" "$want" '' \
	"$SECCAP" diff "${D[@]}" --caps docker --subset "$DOCKER" "$T_TMP/sub.json"
t_run "without --subset the two still differ" 1 - \
	"$SECCAP" diff "${D[@]}" --caps docker "$DOCKER" "$T_TMP/sub.json"
want=$(python3 "$T_TMP/subset.py" "$DOCKER" "$T_TMP/sub.json" mount)
t_run "--subset: the oracle says mount is more" 0 '' test "$want" = 1
t_run "--subset: one syscall more fails" "$want" - \
	"$SECCAP" diff "${D[@]}" --caps docker --subset "$DOCKER" "$T_TMP/sub.json"
t_ok "--subset: only what B opens is listed" test "$(table_syscalls)" = mount

# ---- two different files, argument conditions in words
cat >"$T_TMP/a.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
 {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["kill"], "action": "SCMP_ACT_ALLOW",
  "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
           {"index": 1, "value": 2, "op": "SCMP_CMP_EQ"}]},
 {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
  "args": [{"index": 0, "value": 38, "op": "SCMP_CMP_LT"}]}
]}
EOF
cat >"$T_TMP/b.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
 {"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["kill"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
  "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_LT"}]}
]}
EOF
t_run "two files" 1 - "$SECCAP" diff "${D[@]}" "$T_TMP/a.json" "$T_TMP/b.json"
t_line "kill: an AND becomes the OR of its negations" \
	"^kill +x86_64 +ERRNO\(EPERM\) +ALLOW +default action +$T_TMP/b.json:3 +arg0 != 1 \|\| arg1 != 2$"
t_line "socket: the range between the two limits" \
	"^socket +x86_64 +ERRNO\(EPERM\) +ALLOW +default action +$T_TMP/b.json:4 +arg0 >= 38 && arg0 <= 39$"
t_run "the other way round: the same lines, A and B swapped" 1 \
	'~^kill +x86_64 +ALLOW +ERRNO\(EPERM\) ' \
	"$SECCAP" diff "${D[@]}" "$T_TMP/b.json" "$T_TMP/a.json"

if [ -f "$P/docker-default.json" ] && [ -f "$P/podman-default.json" ]; then
	t_run "Docker's default against Podman's" 1 - \
		"$SECCAP" diff "${D[@]}" --caps docker "$P/docker-default.json" "$P/podman-default.json"
	t_line "socket: only AF 38 differs" '^socket +x86_64,x86,x32 +ERRNO\(EPERM\) +ALLOW .* arg0 == 38$'
	t_line "personality: the values neither allows" \
		'^personality +x86_64,x86,x32 +ERRNO\(EPERM\) +ERRNO\(ENOSYS\) +default action +default action +arg0 != 0 && arg0 != 8 '
else
	t_skip "Docker's default against Podman's" "no $P (../shared is absent)"
fi

# ---- past the limit of comparisons: the difference is kept, honestly
python3 - "$T_TMP/many_a.json" "$T_TMP/many_b.json" <<'EOF'
import json, sys
rules = [{"names": ["kill"], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 0, "value": 3 * i, "op": "SCMP_CMP_EQ"}]} for i in range(65)]
base = [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": base + rules}, open(sys.argv[1], "w"))
extra = [{"names": ["kill"], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 0, "value": 1000, "op": "SCMP_CMP_EQ"}]}]
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": base + rules + extra}, open(sys.argv[2], "w"))
EOF
t_run "65 comparisons: depends on arguments" 1 \
	'~^kill +x86_64 +ERRNO\(EPERM\) or ALLOW +ERRNO\(EPERM\) or ALLOW .* depends on arguments$' \
	"$SECCAP" diff "${D[@]}" "$T_TMP/many_a.json" "$T_TMP/many_b.json"
t_run "65 comparisons: --subset still fails" 1 - \
	"$SECCAP" diff "${D[@]}" --subset "$T_TMP/many_a.json" "$T_TMP/many_b.json"
t_run "65 comparisons against themselves: the same" 0 '' \
	"$SECCAP" diff "${D[@]}" "$T_TMP/many_a.json" "$T_TMP/many_a.json"

# ---- --arch: the tables of another arch, no kernel support needed
t_run "--arch x86" 1 - "$SECCAP" diff --kernel 6.8 --arch x86 --caps docker \
	--caps-b docker,SYS_ADMIN default
t_line "--arch x86: clone's condition" '^clone +x86 +ERRNO\(EPERM\) +ALLOW .* arg0 & 0x7e020000 != 0$'
t_line "--arch x86: umount" '^umount +x86 '
# shellcheck disable=SC2016 # $1 and $2 are the inner shell's and awk's
t_run "--arch x86: no other ABI" 0 '' \
	sh -c 'awk -F "  +" "NR > 1 && \$2 != \"x86\"" "$1"' _ "$T_OUT"
t_run "--arch s390x: clone's flags are its second argument" 1 \
	'~^clone +s390x,s390 +ERRNO\(EPERM\) +ALLOW .* arg1 & 0x7e020000 != 0$' \
	"$SECCAP" diff --kernel 6.8 --arch s390x --caps docker --caps-b docker,SYS_ADMIN default

# ---- trouble: status 2
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [\n {"names": ["chmod"], "action": "SCMP_ACT_BOGUS"}]}\n' >"$T_TMP/bad.json"
t_run "a bad profile is trouble" 2 '' "$SECCAP" diff "${D[@]}" "$T_TMP/bad.json" default
t_err_match "bad profile: file:line:col" "^$T_TMP/bad.json:2:[0-9]+: error: unknown action 'SCMP_ACT_BOGUS'"
t_run "a bad second profile is trouble" 2 '' "$SECCAP" diff "${D[@]}" default "$T_TMP/bad.json"
t_run "a missing profile is trouble" 2 '' "$SECCAP" diff "${D[@]}" "$T_TMP/none.json"
t_err_match "missing profile: named" "$T_TMP/none.json"
t_run "bad option" 2 '' "$SECCAP" diff --bogus default
t_err_first "bad option: getopt's line" "seccap diff: unrecognized option '--bogus'"
t_err "bad option: hint" "see 'seccap diff --help'"
t_err_lines "bad option: two lines" 2
t_run "no profile" 2 '' "$SECCAP" diff
t_err_first "no profile: one line" "seccap diff: missing profile; give PROFILE_A (and PROFILE_B, or --caps-b)"
t_err_lines "no profile: two lines" 2
t_run "three profiles" 2 '' "$SECCAP" diff a b c
t_err_lines "three profiles: two lines" 2
t_run "bad --format" 2 '' "$SECCAP" diff --format jsn default
t_err_first "bad --format: a suggestion" "seccap diff: unknown format 'jsn'; did you mean 'json'?"
t_run "bad --caps-b" 2 '' "$SECCAP" diff --caps docker --caps-b CAP_BOGUS default
t_err_lines "bad --caps-b: two lines" 2
t_run "bad --kernel" 2 '' "$SECCAP" diff --kernel x default
t_err_first "bad --kernel: one line" "seccap diff: invalid kernel version 'x' for --kernel; expected X.Y such as 6.1"

# ---- help, --list, the applet link, completion
t_run "--help" 0 '~^Usage: seccap diff \[OPTION\]\.\.\. PROFILE_A \[PROFILE_B\]$' "$SECCAP" diff --help
t_line "--help: --subset" '^  -s, --subset'
t_line "--help: --caps-b" '^  -C, --caps-b SPEC'
t_run "--list names diff" 0 '~^diff +compare' "$SECCAP" --list
ln -s "$SECCAP" "$T_TMP/seccap-diff"
t_run "the seccap-diff link" 1 '~^clone ' "$T_TMP/seccap-diff" "${D[@]}" \
	--caps docker --caps-b docker,SYS_ADMIN default
cat >"$T_TMP/complete_words" <<'EOF'
. "$1" || exit 3
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_seccap
[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
EOF
BC=$T_ROOT/contrib/bash-completion/seccap
t_run "completion: diff --format <TAB>" 0 $'json\ntable' \
	bash --norc --noprofile "$T_TMP/complete_words" "$BC" "$SECCAP" diff --format ''
t_run "completion: diff --caps-b docker,SYS_AD<TAB>" 0 'docker,SYS_ADMIN' \
	bash --norc --noprofile "$T_TMP/complete_words" "$BC" "$SECCAP" diff --caps-b docker,SYS_AD
t_run "completion: diff --sub<TAB>" 0 '--subset' \
	bash --norc --noprofile "$T_TMP/complete_words" "$BC" "$SECCAP" diff --sub
# shellcheck disable=SC2016 # $1 is the inner bash's
t_run "completion: seccap-diff is registered" 0 'complete -F _seccap seccap-diff' \
	bash --norc --noprofile -c '. "$1" && complete -p seccap-diff' _ "$BC"

t_done
