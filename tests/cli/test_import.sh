#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# seccap import: JSON -> INI -> JSON keeps the profile, output is stable,
# -o replaces its file atomically, syntax errors are refused and nothing is
# written, profiles that only fail validation still convert.
. "$(dirname "$0")/lib.sh"
t_need_binary

d=$T_TMP
cat >"$d/sample.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ERRNO",
	"defaultErrnoRet": 1,
	"archMap": [
		{
			"architecture": "SCMP_ARCH_X86_64",
			"subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]
		},
		{ "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] }
	],
	"flags": ["SECCOMP_FILTER_FLAG_LOG"],
	"syscalls": [
		{
			"names": ["read", "write", "exit_group", "rt_sigreturn"],
			"action": "SCMP_ACT_ALLOW",
			"comment": "keep-me: the bare minimum"
		},
		{
			"names": ["personality"],
			"action": "SCMP_ACT_ALLOW",
			"args": [
				{ "index": 0, "value": 131080, "op": "SCMP_CMP_EQ" }
			]
		},
		{
			"names": ["clone"],
			"action": "SCMP_ACT_ALLOW",
			"args": [
				{
					"index": 0,
					"value": 18446744071562067968,
					"valueTwo": 0,
					"op": "SCMP_CMP_MASKED_EQ"
				}
			],
			"excludes": { "caps": ["CAP_SYS_ADMIN"], "arches": ["s390", "s390x"] }
		},
		{
			"names": ["ptrace"],
			"action": "SCMP_ACT_ALLOW",
			"includes": { "minKernel": "4.8" }
		},
		{
			"names": ["clone3"],
			"action": "SCMP_ACT_ERRNO",
			"errnoRet": 38
		}
	]
}
JSON
# Fails validation (unknown syscall in a deny rule) but parses.
cat >"$d/invalid.json" <<'JSON'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [
		{ "names": ["mount", "ptrase"], "action": "SCMP_ACT_ERRNO" }
	]
}
JSON
printf '{\n\t"defaultAction": "SCMP_ACT_ERRNO",\n\t"syscalls": [\n' >"$d/syntax.json"

# The INI writer's first line names the input's base name ("# From
# sample.json, written by seccap ..."); where the name differs on purpose,
# compare what follows it.
same_body() { cmp -s <(sed '1{/^# .*written by seccap/Id}' "$1") <(sed '1{/^# .*written by seccap/Id}' "$2"); }
# INI->INI of a file under the same base name must not change a byte.
ini_idempotent() {
	local dir
	dir=$(mktemp -d "$T_TMP/idem.XXXXXX") || return 1
	"$SECCAP" import "$1" >"$dir/$(basename "$1")" 2>/dev/null &&
		"$SECCAP" import "$dir/$(basename "$1")" 2>/dev/null | cmp -s - "$dir/$(basename "$1")"
}

# ---- JSON -> INI -> JSON
t_run "JSON to INI" 0 '~.' "$SECCAP" import "$d/sample.json"
cp "$T_OUT" "$d/sample.ini"
t_err_lines "JSON to INI: nothing on stderr" 0
t_run "the same input gives the same bytes" 0 "$(cat "$d/sample.ini")" "$SECCAP" import "$d/sample.json"
t_ok "byte for byte, trailing newlines included" cmp -s "$T_OUT" "$d/sample.ini"
t_run "the path it is named by does not matter" 0 - sh -c 'cd "$1" && exec "$2" import ./sample.json' _ "$d" "$SECCAP"
t_ok "relative path: same bytes" cmp -s "$T_OUT" "$d/sample.ini"
t_ok "the comment is kept" grep -q 'keep-me: the bare minimum' "$d/sample.ini"
t_ok "rules keep their order" bash -c \
	'awk "/personality/{p=NR} /clone3/{c=NR} END{exit !(p && c && p < c)}" "$1"' _ "$d/sample.ini"
t_run "the INI passes check" 0 '' "$SECCAP" check "$d/sample.ini"
t_run "INI to JSON" 0 '~"defaultAction"' "$SECCAP" import --to json "$d/sample.ini"
cp "$T_OUT" "$d/from-ini.json"
t_ok "a value above 2^53 comes back exactly" grep -q 18446744071562067968 "$d/from-ini.json"
t_run "JSON normalised" 0 '~"defaultAction"' "$SECCAP" import --to json "$d/sample.json"
cp "$T_OUT" "$d/from-json.json"
t_ok "JSON->INI->JSON = JSON->JSON, byte for byte" cmp "$d/from-json.json" "$d/from-ini.json"
t_run "the JSON output passes check" 0 '' "$SECCAP" check "$d/from-ini.json"
t_run "INI to INI" 0 - "$SECCAP" import "$d/sample.ini"
t_ok "INI to INI keeps everything" same_body "$T_OUT" "$d/sample.ini"
t_ok "INI normalisation is idempotent" ini_idempotent "$d/sample.ini"
t_run "JSON to JSON again" 0 - "$SECCAP" import --to=json "$d/from-json.json"
t_ok "JSON normalisation is idempotent" cmp -s "$T_OUT" "$d/from-json.json"
t_run "-t json" 0 - "$SECCAP" import -t json "$d/sample.ini"
t_ok "-t json = --to json" cmp -s "$T_OUT" "$d/from-json.json"
t_run "--to ini is the default" 0 - "$SECCAP" import --to ini "$d/sample.json"
t_ok "--to ini = no --to" cmp -s "$T_OUT" "$d/sample.ini"
t_run "'-' is standard input" 0 - sh -c 'exec "$1" import - <"$2"' _ "$SECCAP" "$d/sample.json"
t_ok "stdin gives the same profile" same_body "$T_OUT" "$d/sample.ini"
t_run "/dev/stdin from a pipe, as '-'" 0 - sh -c 'cat "$2" | exec "$1" import /dev/stdin' _ "$SECCAP" "$d/sample.json"
t_ok "/dev/stdin gives the same profile" same_body "$T_OUT" "$d/sample.ini"
t_run "/dev/stdin from a file" 0 - sh -c 'exec "$1" import /dev/stdin <"$2"' _ "$SECCAP" "$d/sample.json"
t_ok "/dev/stdin from a file: the same profile" same_body "$T_OUT" "$d/sample.ini"
mkfifo "$T_TMP/fifo"
t_run "a named pipe whose writer comes later" 0 - sh -c \
	'(sleep 0.2; cat "$2" >"$3") & exec "$1" import "$3"' _ "$SECCAP" "$d/sample.json" "$T_TMP/fifo"
t_ok "the named pipe gives the same profile" same_body "$T_OUT" "$d/sample.ini"

# ---- several files
t_run "several files go to stdout in order" 0 - "$SECCAP" import "$d/sample.json" "$d/invalid.json"
cp "$T_OUT" "$d/both"
t_run "import of the second alone" 0 - "$SECCAP" import "$d/invalid.json"
t_ok "the output is one after the other" bash -c 'cat "$1" "$2" | cmp -s - "$3"' _ \
	"$d/sample.ini" "$T_OUT" "$d/both"
t_run "one bad file: nothing is written" 1 '' "$SECCAP" import "$d/sample.json" "$d/syntax.json"
t_err_match "the bad file is named" "^$d/syntax.json:[0-9]+(:[0-9]+)?: error: "

# ---- -o
t_run "-o writes the file, not stdout" 0 '' sh -c 'umask 022 && exec "$1" import -o "$2" "$3"' _ \
	"$SECCAP" "$d/out.ini" "$d/sample.json"
t_ok "-o: same bytes as stdout" cmp -s "$d/out.ini" "$d/sample.ini"
t_ok "-o: a new file gets 0644 under umask 022" test "$(stat -c %a "$d/out.ini")" = 644
t_run "--output= form" 0 '' "$SECCAP" import --output="$d/out2.ini" "$d/sample.json"
t_ok "--output=: same bytes" cmp -s "$d/out2.ini" "$d/sample.ini"
chmod 600 "$d/out.ini"
t_run "-o over an existing file" 0 '' "$SECCAP" import --to json -o "$d/out.ini" "$d/sample.json"
t_ok "-o: replaced content" cmp -s "$d/out.ini" "$d/from-json.json"
t_ok "-o: the replaced file keeps its mode" test "$(stat -c %a "$d/out.ini")" = 600
mkdir "$d/atomic"
echo keep >"$d/atomic/out.ini"
t_run "-o with a syntax error fails" 1 '' "$SECCAP" import -o "$d/atomic/out.ini" "$d/syntax.json"
t_ok "-o: the old file is untouched" test "$(cat "$d/atomic/out.ini")" = keep
t_ok "-o: no temporary file is left" test "$(ls -A "$d/atomic")" = out.ini
t_run "-o of a missing input fails" 1 '' "$SECCAP" import -o "$d/atomic/new.ini" "$d/missing.json"
t_ok "-o: nothing is created for a failed conversion" test "$(ls -A "$d/atomic")" = out.ini
t_run "-o into a missing directory" 1 '' "$SECCAP" import -o "$d/nodir/out.ini" "$d/sample.json"
t_err_first "missing directory: message" \
	"seccap import: cannot create '$d/nodir/out.ini': No such file or directory"
mkdir "$d/isdir"
t_run "-o onto a directory" 1 '' "$SECCAP" import -o "$d/isdir" "$d/sample.json"
t_err_match "-o onto a directory: says so" "^seccap import: cannot write '$d/isdir': "
t_ok "-o onto a directory: no temporary file is left" \
	bash -c 'shopt -s nullglob; set -- "$1"/.isdir.*; [ $# -eq 0 ]' _ "$d"
cp "$d/from-json.json" "$d/inplace.json"
t_run "-o may be the input itself" 0 '' "$SECCAP" import -o "$d/inplace.json" "$d/inplace.json"
t_ok "in place: converted to INI" same_body "$d/inplace.json" "$d/sample.ini"
t_run "-o - is stdout" 0 "$(cat "$d/sample.ini")" "$SECCAP" import -o - "$d/sample.json"
t_run "-o with two inputs is a usage error" 2 '' "$SECCAP" import -o "$d/x.ini" "$d/sample.json" "$d/invalid.json"
t_err_first "-o with two inputs: message" "seccap import: --output takes one input file, not 2"
t_err "-o with two inputs: hint" "see 'seccap import --help'"
t_ok "-o with two inputs: nothing created" test ! -e "$d/x.ini"

# ---- refusals and what is not refused
t_run "syntax error: refused" 1 '' "$SECCAP" import "$d/syntax.json"
t_err_match "syntax error: GNU form" "^$d/syntax.json:[0-9]+(:[0-9]+)?: error: "
t_run "a profile that only fails validation converts" 0 '~ptrase' "$SECCAP" import "$d/invalid.json"
cp "$T_OUT" "$d/invalid.ini"
t_run "... and check still refuses the result" 1 '' "$SECCAP" check "$d/invalid.ini"
t_err_match "... naming the INI line" "^$d/invalid.ini:[0-9]+(:[0-9]+)?: error: .*'ptrase'"
t_run "missing file" 1 '' "$SECCAP" import "$d/missing.json"
t_err_match "missing file: message" "^$d/missing.json: error: .*No such file or directory$"
t_err_lines "missing file: one line" 1
t_run "--to yaml" 2 '' "$SECCAP" import --to yaml "$d/sample.json"
t_err_first "--to yaml: message" "seccap import: unknown format 'yaml' for --to; use 'ini' or 'json'"
t_err "--to yaml: hint" "see 'seccap import --help'"
t_run "--to without a value" 2 '' "$SECCAP" import --to
t_err_first "--to without a value: message" "seccap import: option '--to' requires an argument"
t_run "no file" 2 '' "$SECCAP" import
t_err_first "no file: message" "seccap import: no profile given"
t_run "stdout write error" 1 - sh -c 'exec "$1" import "$2" >/dev/full' _ "$SECCAP" "$d/sample.json"
t_err_first "stdout write error: message" \
	"seccap import: write error on standard output: No space left on device"

# ---- through the applet links
mkdir "$d/bin"
t_run "install links" 0 '' "$SECCAP" --install "$d/bin"
ln -s "$SECCAP" "$d/bin/import"
t_run "seccap-import" 0 "$(cat "$d/sample.ini")" "$d/bin/seccap-import" "$d/sample.json"
t_run "import" 0 "$(cat "$d/from-json.json")" "$d/bin/import" --to json "$d/sample.ini"

# ---- every reference profile survives the round trip
if t_have_shared; then
	for f in "$T_SHARED"/profiles/*.json; do
		b=$(basename "$f" .json)
		t_run "$b: to INI" 0 - "$SECCAP" import "$f" || continue
		cp "$T_OUT" "$d/$b.ini"
		t_run "$b: stable" 0 - "$SECCAP" import "$f"
		t_ok "$b: same bytes twice" cmp -s "$T_OUT" "$d/$b.ini"
		"$SECCAP" check "$f" >/dev/null 2>&1
		want=$?
		t_run "$b: the INI checks like the JSON" "$want" - "$SECCAP" check "$d/$b.ini"
		t_run "$b: JSON normalised" 0 - "$SECCAP" import --to json "$f"
		cp "$T_OUT" "$d/$b.norm.json"
		t_run "$b: INI to JSON" 0 - "$SECCAP" import --to json "$d/$b.ini"
		t_ok "$b: JSON->INI->JSON = JSON->JSON" cmp "$T_OUT" "$d/$b.norm.json"
		t_run "$b: INI normalised" 0 - "$SECCAP" import "$d/$b.ini"
		t_ok "$b: INI->INI keeps everything" same_body "$T_OUT" "$d/$b.ini"
		t_ok "$b: INI->INI is idempotent" ini_idempotent "$d/$b.ini"
	done
else
	t_skip "shared profiles round trip" "$T_SHARED/profiles is absent"
fi

t_done
