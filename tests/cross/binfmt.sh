#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# binfmt.sh QEMU ELF CMD [ARG...]: run CMD where every execve(2) of a
# program built like ELF (same class, byte order and machine) is handed to
# QEMU by the kernel (binfmt_misc), so that a cross-built program that
# re-executes itself works under qemu-user.  Criterion needs that: its
# runner starts each test in a worker by fork() and execve() of
# /proc/self/exe; without binfmt the kernel refuses the target's ELF with
# ENOEXEC, the worker exits before it stops for the runner, and the runner
# says "Could not spawn test instance: Protocol error".
#
# Where the kernel already runs ELF (binfmt_misc registered system-wide,
# as qemu-user-static with binfmt-support does), CMD runs as it is.
# Otherwise CMD runs in a user and mount namespace of its own with a
# binfmt_misc instance of its own (Linux 6.7 or later), so nothing of the
# machine's changes.  Exit status 77 and one line on stderr when neither
# is possible; else CMD's status.
set -u
if [ "${1:-}" = --inner ]; then
	shift
	q=$1 magic=$2 mask=$3
	shift 3
	# Over the usual place, in this mount namespace only; it must stay
	# mounted, as unmounting the last mount drops the instance.
	mnt=/proc/sys/fs/binfmt_misc
	if ! mount -t binfmt_misc binfmt_misc "$mnt" 2>/dev/null; then
		echo "binfmt_misc cannot be mounted in a user namespace on Linux $(uname -r) (it can from 6.7)" >&2
		exit 77
	fi
	# The kernel reads the \xHH escapes itself.  F: QEMU is opened now.
	if ! printf ':seccap-cross:M::%s:%s:%s:F' "$magic" "$mask" "$q" \
		>"$mnt/register" 2>/dev/null; then
		echo "binfmt_misc refused to register $q" >&2
		exit 77
	fi
	exec "$@"
fi

q=${1:?QEMU} elf=${2:?ELF}
shift 2
if "$elf" --version >/dev/null 2>&1; then
	exec "$@"
fi
qpath=$(command -v "$q") || { echo "$q: not installed" >&2; exit 77; }

# The first 20 bytes of an ELF header: e_ident (magic, class, data,
# version, then OS ABI and padding, which vary and are masked out),
# e_type (ET_EXEC or ET_DYN: the low bit masked) and e_machine.
hex=$(od -An -tx1 -N20 "$elf" | tr -s ' \n' ' ') || exit 77
data=$(echo "$hex" | cut -d' ' -f7)
magic='' mask='' i=0
for b in $hex; do
	magic="$magic\\x$b"
	case $i in
	7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15) m=00 ;;
	16) if [ "$data" = 01 ]; then m=fe; else m=ff; fi ;;
	17) if [ "$data" = 02 ]; then m=fe; else m=ff; fi ;;
	*) m=ff ;;
	esac
	mask="$mask\\x$m"
	i=$((i + 1))
done
[ "$i" = 20 ] || { echo "$elf: not an ELF file" >&2; exit 77; }
if ! unshare --user --map-root-user --mount true 2>/dev/null; then
	echo "no binfmt_misc entry runs $elf, and no user namespace can be made to register one" >&2
	exit 77
fi
exec unshare --user --map-root-user --mount \
	sh "$0" --inner "$qpath" "$magic" "$mask" "$@"
