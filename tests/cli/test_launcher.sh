#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The multicall binary: every way of naming an applet, seccap's own options,
# --install, and the conventions every applet shares (--help, --version,
# usage errors).
. "$(dirname "$0")/lib.sh"
t_need_binary

version=$(sed -n 's/^VERSION *:*= *//p' "$T_ROOT/Makefile")
[ -n "$version" ] || version=unknown

# ---- seccap's own options
t_run "no arguments lists the applets" 0 '~^check +validate' "$SECCAP"
cp "$T_OUT" "$T_TMP/list"
applets=$(awk '{print $1}' "$T_TMP/list")
t_run "no arguments: nothing on stderr" 0 - "$SECCAP"
t_err_lines "no arguments: stderr empty" 0
for a in check import; do
	t_ok "--list names '$a'" grep -q "^$a  *[a-z]" "$T_TMP/list"
done
t_run "--list = no arguments" 0 "$(cat "$T_TMP/list")" "$SECCAP" --list
t_run "--list takes no argument" 2 '' "$SECCAP" --list check
t_err_first "--list extra: message" "seccap: unexpected argument 'check'"
t_err "--list extra: hint" "see 'seccap --help'"
t_run "--help" 0 '~^Usage: seccap APPLET' "$SECCAP" --help
t_err_lines "--help: stderr empty" 0
t_ok "--help lists every applet" bash -c \
	'for a in $1; do grep -q "^  $a  " "$2" || exit 1; done' _ "$applets" "$T_OUT"
t_run "-h" 0 '~^Usage: seccap APPLET' "$SECCAP" -h
t_run "--version" 0 "seccap $version" "$SECCAP" --version
t_run "unknown option" 2 '' "$SECCAP" --bogus
t_err_first "unknown option: one line" "seccap: unrecognized option '--bogus'"
t_err "unknown option: hint" "see 'seccap --help'"
t_err_lines "unknown option: two lines in all" 2

# ---- unknown applets
t_run "unknown applet exits 127" 127 '' "$SECCAP" foo
t_err_first "unknown applet: message" "seccap: unknown applet 'foo'; see 'seccap --list'"
t_err_lines "unknown applet: one line" 1
t_run "unknown applet: arguments do not matter" 127 '' "$SECCAP" foo --help
t_run "a misspelt applet" 127 '' "$SECCAP" aply --caps docker -- true
t_err_first "a misspelt applet: did you mean" "seccap: unknown applet 'aply'; did you mean 'apply'?"
t_err_lines "a misspelt applet: one line" 1
t_run "control characters in the name are escaped" 127 '' "$SECCAP" $'a\nb\e[1m'
t_err_first "escaped name" "seccap: unknown applet 'a\\x0ab\\x1b[1m'; see 'seccap --list'"

# ---- what every applet shares
# A usage error exits 2, except in apply and record: like env(1) and timeout(1) they keep
# the small numbers for the command it runs and says 125 (see seccap.1).
usage_status() { case $1 in apply | record) echo 125 ;; *) echo 2 ;; esac; }
for a in $applets; do
	us=$(usage_status "$a")
	t_run "$a --help" 0 "~^Usage: seccap $a " "$SECCAP" "$a" --help
	t_err_lines "$a --help: stderr empty" 0
	t_run "$a -h" 0 "~^Usage: seccap $a " "$SECCAP" "$a" -h
	t_run "$a --version" 0 "seccap $version" "$SECCAP" "$a" --version
	t_run "$a --bogus" "$us" '' "$SECCAP" "$a" --bogus
	t_err_first "$a --bogus: message" "seccap $a: unrecognized option '--bogus'"
	t_err "$a --bogus: hint" "see 'seccap $a --help'"
	t_err_lines "$a --bogus: one line plus the hint" 2
	t_run "$a -Z" "$us" '' "$SECCAP" "$a" -Z
	t_err_first "$a -Z: message" "seccap $a: invalid option -- 'Z'"
	t_err_lines "$a -Z: one line plus the hint" 2
	t_run "$a --help=x" "$us" '' "$SECCAP" "$a" --help=x
	t_err_first "$a --help=x: message" "seccap $a: option '--help' doesn't allow an argument"
	t_ok "man page documents '$a'" grep -q "^\\.SS $a\$" "$T_ROOT/launcher/seccap.1"
	t_run "$a --help > /dev/full" 1 - sh -c '"$1" "$2" --help >/dev/full' _ "$SECCAP" "$a"
	t_err_first "$a: write error is reported" \
		"seccap $a: write error on standard output: No space left on device"
done
t_run "--help > /dev/full" 1 - sh -c '"$1" --help >/dev/full' _ "$SECCAP"
t_err_first "write error is reported" \
	"seccap: write error on standard output: No space left on device"

# ---- the man pages render cleanly, fit 80 columns and agree on their date
MANPAGES=(launcher/seccap.1 conf/seccap-profile.5 preload/libcapfilter.8)
if command -v groff >/dev/null 2>&1 && command -v man >/dev/null 2>&1; then
	wrap=("${T_WRAP[@]}") T_WRAP=() # SECCAP_WRAPPER is for seccap, not groff
	for m in "${MANPAGES[@]}"; do
		t_run "$m: no groff warnings" 0 '' groff -man -ww -z "$T_ROOT/$m"
		t_err_lines "$m: groff is silent" 0
		t_run "$m: no warnings at 80 columns (tables fit)" 0 - \
			env MANWIDTH=80 man --warnings -l "$T_ROOT/$m"
		t_err_lines "$m: man is silent at 80 columns" 0
	done
	T_WRAP=("${wrap[@]}")
else
	t_skip "man pages: no groff warnings" "groff or man is not installed"
fi
dates=$(for m in "${MANPAGES[@]}"; do
	awk '/^\.TH / { print $4; exit }' "$T_ROOT/$m"; done | sort -u)
if [ "$(wc -l <<<"$dates")" -eq 1 ] && [[ $dates =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
	t_pass "the man pages carry one date ($dates)"
else
	t_fail "the man pages carry one date" "dates: $(tr '\n' ' ' <<<"$dates")"
fi

# ---- --install
links=$T_TMP/links
mkdir "$links"
t_run "--install DIR" 0 '' "$SECCAP" --install "$links"
t_err_lines "--install: silent" 0
exe=$(readlink -f "$SECCAP")
for a in $applets; do
	t_ok "--install made seccap-$a -> the binary" \
		test "$(readlink "$links/seccap-$a")" = "$exe"
done
t_ok "--install made nothing else" test "$(ls "$links" | wc -l)" -eq "$(wc -w <<<"$applets")"
t_run "--install again: existing links are fine" 0 '' "$SECCAP" --install "$links"
t_run "--install=DIR" 0 '' "$SECCAP" --install="$links/"
t_run "--install without DIR" 2 '' "$SECCAP" --install
t_err_first "--install without DIR: message" "seccap: option '--install' requires a directory"
t_err "--install without DIR: hint" "see 'seccap --help'"
t_run "--install DIR extra" 2 '' "$SECCAP" --install "$links" x
t_run "--install into a missing directory" 1 '' "$SECCAP" --install "$T_TMP/nowhere"
t_err_first "missing directory: message" \
	"seccap: cannot open directory '$T_TMP/nowhere': No such file or directory"

stale=$T_TMP/stale
mkdir "$stale"
echo old >"$stale/seccap-check"
ln -s /bin/true "$stale/seccap-import"
t_run "--install refuses to keep a different file" 1 '' "$SECCAP" --install "$stale"
t_err "--install: file in the way" \
	"seccap: '$stale/seccap-check' already exists and is not a link to '$exe'; remove it and run --install again"
t_err "--install: foreign link in the way" \
	"seccap: '$stale/seccap-import' already exists and is not a link to '$exe'; remove it and run --install again"
t_ok "--install left the file alone" test "$(cat "$stale/seccap-check")" = old

# A relative link when DIR is where the binary lives: the tree can move.
bin=$T_TMP/bin
mkdir "$bin"
cp "$SECCAP" "$bin/seccap"
t_run "--install into the binary's own directory" 0 '' "$bin/seccap" --install "$bin"
t_ok "links there are relative" test "$(readlink "$bin/seccap-check")" = seccap
mv "$bin" "$T_TMP/moved"
t_run "relative links survive a move" 0 "~^Usage: seccap check " "$T_TMP/moved/seccap-check" --help
t_run "--install over relative links is fine" 0 '' "$T_TMP/moved/seccap" --install "$T_TMP/moved"

# ---- dispatch through names
ln -s "$SECCAP" "$links/check"
ln -s "$SECCAP" "$links/import"
ln -s "$SECCAP" "$links/seccap-x86_64"
ln -s "$SECCAP" "$links/seccap.debug"
ln -s "$SECCAP" "$links/mytool"
ln -s "$SECCAP" "$links/myseccap"
ln -s seccap-check "$links/via-check"
ln -s seccap-check "$links/import2"
for a in $applets; do
	t_run "seccap-$a dispatches to $a" 0 "~^Usage: seccap $a " "$links/seccap-$a" --help
done
t_run "bare 'check' dispatches" 0 "~^Usage: seccap check " "$links/check" --help
t_run "bare 'import' dispatches" 0 "~^Usage: seccap import " "$links/import" --help
t_run "found through PATH" 0 "~^Usage: seccap check " env PATH="$links:$PATH" seccap-check --help
t_run "relative argv[0]" 0 "~^Usage: seccap import " sh -c 'cd "$1" && ./seccap-import --help' _ "$links"
t_run "applet message names the applet, not argv[0]" 2 '' "$links/check" --bogus
t_err_first "message under a bare name" "seccap check: unrecognized option '--bogus'"
t_err "hint under a bare name" "see 'seccap check --help'"
t_run "seccap + suffix is the multicall binary" 0 "$(cat "$T_TMP/list")" "$links/seccap-x86_64"
t_run "seccap-x86_64 check" 0 "~^Usage: seccap check " "$links/seccap-x86_64" check --help
t_run "seccap.debug import" 0 "~^Usage: seccap import " "$links/seccap.debug" import --help
t_run "seccap-x86_64 --version" 0 "seccap $version" "$links/seccap-x86_64" --version
t_run "unknown name" 127 '' "$links/mytool" --help
t_err_first "unknown name: message" "seccap: unknown applet 'mytool'; see 'seccap --list'"
t_run "a prefix before seccap is not the binary" 127 '' "$links/myseccap"
# argv[0] is never resolved: a link named like an applet is that applet,
# whatever the link points at.
t_run "link chain: the name run decides" 127 '' "$links/via-check" --help
t_err_first "link chain: its own name is reported" \
	"seccap: unknown applet 'via-check'; see 'seccap --list'"
t_run "link named import -> seccap-check" 127 '' "$links/import2" --help
t_run "link named seccap-check, argv[0] import" 0 "~^Usage: seccap import " \
	bash -c 'exec -a import "$1" --help' _ "$links/seccap-check"
t_run "argv[0] seccap, run through seccap-check link" 0 "$(cat "$T_TMP/list")" \
	bash -c 'exec -a /some/where/seccap "$1"' _ "$links/seccap-check"
t_run "empty argv[0] is not an applet" 127 '' bash -c 'exec -a "" "$1"' _ "$SECCAP"

t_done
