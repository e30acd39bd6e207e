#!/bin/sh
# eve-bad.sh - every way a recording can be broken gives exit status 2 and
# FILE:LINE:COL: error: ..., never a crash or a hang; so does a bad --key.
# Each tests/recordings-bad/NAME.rec says on its first line (a comment,
# which the format allows) what the error must start with after the name.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cd "$SRCDIR/tests/recordings-bad" || exit 99
count=0
for f in *.rec; do
  count=$((count + 1))
  want=$(sed -n '1s/^# expect: //p' "$f")
  [ -n "$want" ] || { fail "$f has no '# expect:' first line"; continue; }
  "$TLSSIM" eve "$f" > "$work/out" 2> "$work/err"
  rc=$?
  [ "$rc" -eq 2 ] || fail "$f: exit status $rc, not 2"
  [ -s "$work/out" ] && fail "$f: printed a report for a file that does not parse"
  case "$(head -1 "$work/err")" in
    "$f$want"*) echo "ok: $f" ;;
    *) fail "$f: wanted '$f$want...', got '$(head -1 "$work/err")'" ;;
  esac
done
[ "$count" -ge 10 ] || fail "only $count bad recordings"

# A key file that is no key: PEM errors name the line and column.
printf 'tlssim-recording 1\n' > "$work/ok.rec"
printf -- '-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n' > "$work/bad.key"
"$TLSSIM" eve "$work/ok.rec" --key "$work/bad.key" > /dev/null 2> "$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a bad key: exit status $rc, not 2"
grep -q "bad.key:2:[0-9]*: error: " "$work/err" || fail "a bad key: $(cat "$work/err")"

# A certificate given as the key is named as the wrong file.
"$TLSSIM" files "$work/set" > /dev/null || exit 99
"$TLSSIM" eve "$work/ok.rec" --key "$work/set/certificate.crt" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a certificate as the key did not exit 2"
grep -q "certificate.crt:1:1: error: expected one \"PRIVATE KEY\" block" "$work/err" \
  || fail "a certificate as the key: $(cat "$work/err")"

# A missing recording, and no recording at all.
"$TLSSIM" eve "$work/missing.rec" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a missing recording did not exit 2"
grep -q "missing.rec" "$work/err" || fail "a missing recording is not named"
"$TLSSIM" eve > /dev/null 2>&1
[ $? -eq 2 ] || fail "eve without a recording did not exit 2"

# An empty recording reads, and says Eve read nothing.
"$TLSSIM" eve "$work/ok.rec" --key "$work/set/private.key" > "$work/out" 2>&1 \
  || fail "an empty recording: exit status $?"
grep -q "Eve read 0 of 0" "$work/out" || fail "an empty recording: $(cat "$work/out")"

[ "$failures" -eq 0 ] || exit 1
echo "eve-bad: all passed"
