#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Regenerate the INI profiles of contrib/profiles from their JSON sources
# with `seccap import`, each behind a header that names where the source
# comes from and under which licence.  `make profiles` runs it on the tree;
# tests/cli/test_contrib.sh runs it into a temporary directory and diffs, so
# a checked-in INI that no longer matches its source fails CI.
#
# Usage: contrib/gen-profiles.sh SECCAP OUTDIR
#   SECCAP  the seccap binary to convert with (build/seccap)
#   OUTDIR  where NAME.ini are written (contrib/profiles); each file is
#           replaced only once it is complete
set -eu

if [ $# -ne 2 ]; then
	echo "usage: $0 SECCAP OUTDIR" >&2
	exit 2
fi
seccap=$1 out=$2
src=$(cd "$(dirname "$0")/profiles" && pwd)

if [ ! -x "$seccap" ]; then
	echo "$0: '$seccap' is not an executable; run 'make' first" >&2
	exit 1
fi
if [ ! -d "$out" ]; then
	echo "$0: output directory '$out' does not exist" >&2
	exit 1
fi

# gen NAME: $src/NAME.json -> $out/NAME.ini, the header read from stdin.
gen() {
	tmp=$out/.$1.ini.tmp
	trap 'rm -f "$tmp"' EXIT INT TERM
	{
		cat
		echo '#'
		"$seccap" import "$src/$1.json"
	} >"$tmp"
	mv -f "$tmp" "$out/$1.ini"
	trap - EXIT INT TERM
}

gen docker-default <<'EOF'
# Docker's default seccomp profile, in seccap's INI form (seccap-profile(5)).
#
# Source:   github.com/moby/profiles, file seccomp/default.json at commit
#           cd3bed8061c7b7378b61fc6827c7885779417a75 (the file of tag
#           seccomp/v0.2.3, which moby/moby vendors)
# Licence:  Apache-2.0, copyright the Moby project authors
# Made by:  contrib/gen-profiles.sh, `seccap import` of
#           contrib/profiles/docker-default.json, a byte-for-byte copy of
#           the source.  Do not edit: change the JSON, run `make profiles`.
EOF

gen podman-default <<'EOF'
# Podman's default seccomp profile (containers/common), in seccap's INI form
# (seccap-profile(5)).  Unlike Docker's, syscalls it does not name fail with
# ENOSYS, and its denials carry the errno name as well as the number.
#
# Source:   github.com/containers/container-libs, file
#           common/pkg/seccomp/seccomp.json at commit
#           f0ddf1a745bb52c26889dcd69499c2dd9d4f40c1
# Licence:  Apache-2.0, copyright the containers authors
# Made by:  contrib/gen-profiles.sh, `seccap import` of
#           contrib/profiles/podman-default.json, a byte-for-byte copy of
#           the source.  Do not edit: change the JSON, run `make profiles`.
EOF

gen cli-strict <<'EOF'
# A strict profile for plain command-line programs: shells, coreutils,
# pipes, tar, text tools, scripting languages that only touch files.
#
# Allowed: file I/O and metadata, directories, pipes and polling, memory,
# fork/exec/wait (clone only without namespace flags), signals, timers,
# time and system information.  Extended attributes can be read, not set.
# ioctl is allowed whole, as in Docker's default, because terminals need it
# (isatty, window size); TIOCSTI is refused to unprivileged users by Linux
# 6.2 and later.
#
# Denied with EPERM: everything else, among it every socket (no network, no
# local IPC sockets; glibc's user lookups fall back to /etc/passwd), mount,
# ptrace, setuid and friends, keyrings, bpf, kernel modules.  clone3 fails
# with ENOSYS so glibc falls back to clone, whose flags the filter can see;
# syscalls newer than the newest one named here get ENOSYS from seccap, so
# programs take their older paths.  Only the native ABI is allowed (no
# arch-map): a 32-bit (int 0x80) syscall is killed with SIGSYS.
#
# Source:   written by hand for seccap, in Docker's JSON format:
#           contrib/profiles/cli-strict.json
# Licence:  Apache-2.0, as seccap
# Made by:  contrib/gen-profiles.sh, `seccap import` of that file.  Do not
#           edit: change the JSON, run `make profiles`.
EOF
