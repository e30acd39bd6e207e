#!/bin/sh
# gen-tables.sh - the generators of gen/ refuse a bad record: each
# tests/gen-bad/narration-*.txt, oids-*.txt, template-*.txt and usage-*.txt
# makes its generator exit nonzero, write no table, and report
# "file:line: error: ..." at the place its first line ("# expect: LINE:
# words" or "# expect: FILE:LINE: words") names.  The tables of the tree
# itself are accepted.
set -u
: "${SRCDIR:?}"
AWK=${AWK:-awk}
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

gen="$SRCDIR/gen"
engine="$SRCDIR/src/engine"
bad="$SRCDIR/tests/gen-bad"

# Run the generator that fits file (a narration, an OID table, a template
# or a command's usage, told by its name and its folder's) with $2: the
# prefix of a narration's bits, or the header of the OID table and the
# template; stdout to $work/out, stderr to $work/err.
run_gen() {
  case ${1#"${1%/*/*}/"} in
  */narration-* | narration/*)
    $AWK -v prefix="$2" -v table=t -f "$gen/lib.awk" -f "$gen/narration.awk" \
      "$engine/stage_text.h" "$engine/stage_text_tls13.h" "$engine/fact.h" "$1" ;;
  */template-* | */certdir_readme.txt)
    $AWK -f "$gen/lib.awk" -f "$gen/template.awk" "$2" "$1" ;;
  */usage-* | usage/*)
    $AWK -f "$gen/lib.awk" -f "$gen/usage.awk" "$1" ;;
  *)
    $AWK -f "$gen/lib.awk" -f "$gen/oids.awk" "$2" "$1" ;;
  esac > "$work/out" 2> "$work/err"
}

cases=0
for f in "$bad"/narration-*.txt "$bad"/oids-*.txt "$bad"/template-*.txt "$bad"/usage-*.txt; do
  [ -f "$f" ] || { fail "no case: $f"; continue; }
  name=${f##*/}
  expect=$(sed -n '1s/^# expect: //p' "$f")
  [ -n "$expect" ] || { fail "$name: no '# expect:' first line"; continue; }
  case $expect in
  [0-9]*) where="$f:${expect%%:*}" ;;
  *) rest=${expect#*:}; where="$bad/${expect%%:*}:${rest%%:*}"; expect=$rest ;;
  esac
  words=${expect#*: }
  case $name in
  narration-*) run_gen "$f" SIT_ ;;
  template-*) run_gen "$f" "$bad/readme.h" ;;
  usage-*) run_gen "$f" ;;
  *) run_gen "$f" "$bad/oid.h" ;;
  esac
  rc=$?
  cases=$((cases + 1))
  [ "$rc" -ne 0 ] || fail "$name: exit status 0"
  [ ! -s "$work/out" ] || fail "$name: a table was written"
  first=$(head -1 "$work/err")
  case $first in
  "$where: error: $words"*) echo "ok: $name" ;;
  *) fail "$name: wanted '$where: error: $words...', got '$first'" ;;
  esac
done
[ "$cases" -ge 32 ] || fail "only $cases cases ran"

# The tree's own tables pass, with the names they use.
run_gen "$engine/narration/teach.txt" SIT_ &&
  grep -q "SIT_CA_ISSUED | SIT_ABORTED_HERE" "$work/out" || fail "teach.txt: $(cat "$work/err")"
run_gen "$engine/narration/tls13.txt" T13_ &&
  grep -q "T13_HRR" "$work/out" || fail "tls13.txt: $(cat "$work/err")"
run_gen "$SRCDIR/src/pki/oids.txt" "$SRCDIR/src/pki/oid.h" &&
  grep -q '{OID_COMMON_NAME, "CN",' "$work/out" || fail "oids.txt: $(cat "$work/err")"
run_gen "$SRCDIR/src/pki/certdir_readme.txt" "$SRCDIR/src/pki/certdir_readme.h" &&
  grep -q 'README_SEEDED' "$work/out" || fail "certdir_readme.txt: $(cat "$work/err")"
for f in "$SRCDIR"/src/cli/usage/*.txt; do
  name=${f##*/}
  run_gen "$f" && grep -q "^static const struct cli_command ${name%.txt}_command = {" "$work/out" ||
    fail "$name: $(cat "$work/err")"
done

# Prose becomes C strings that say the same: quotes and backslashes are
# escaped, and so is a question mark after another, which -std=c11 would
# otherwise read as a trigraph ("??!" is '|').
cat >"$work/quote.awk" <<'EOF'
BEGIN { print c_string("a \"b\" c\\ what??!") }
EOF
got=$($AWK -f "$gen/lib.awk" -f "$work/quote.awk")
[ "$got" = '"a \"b\" c\\ what?\?!"' ] || fail "c_string gives $got"

[ "$failures" -eq 0 ] || exit 1
echo "the generators refuse $cases bad tables and accept the tree's"
