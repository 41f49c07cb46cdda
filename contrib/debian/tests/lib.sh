# Shared by the autopkgtest scripts: a scratch directory and one-line
# checks that count and say what failed.
set -u
T=${AUTOPKGTEST_TMP:-$(mktemp -d)}
failed=0

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }

# expect NAME STATUS CMD...: CMD exits with STATUS; its stderr in $T/err.
expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$name"
	else
		fail "$name" "exit status $got, want $want; stderr: $(head -c 300 "$T/err")"
	fi
}

# check NAME CMD...: CMD succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# err_has NAME TEXT: the last expect's stderr has TEXT.
err_has() {
	if grep -q -- "$2" "$T/err"; then ok "$1"; else fail "$1" "$(head -c 300 "$T/err")"; fi
}

finish() {
	[ "$failed" -eq 0 ] || { echo "$failed failed"; exit 1; }
	echo "all passed"
}
