#!/bin/sh
# inspect-bad.sh - every way a file can be broken gives exit status 2 and a
# message that names the file and the place (byte offset, or line:column for
# PEM text), never a crash or a hang.  Each tests/inspect-bad/NAME.EXT has
# the expected first line of stderr in NAME.err.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
work=$(mktemp -d) || exit 99
trap 'rm -rf "$work"' EXIT INT TERM
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cd "$SRCDIR/tests/inspect-bad" || exit 99
for f in *; do
  case $f in *.err) continue ;; esac
  expected="${f%.*}.err"
  [ -f "$expected" ] || { fail "$f has no $expected"; continue; }
  "$TLSSIM" inspect "$f" > /dev/null 2> "$work/err"
  rc=$?
  [ "$rc" -eq 2 ] || fail "$f: exit status $rc, not 2"
  head -1 "$work/err" > "$work/first"
  if cmp -s "$expected" "$work/first"; then
    echo "ok: $f"
  else
    fail "$f: wanted '$(cat "$expected")', got '$(cat "$work/first")'"
  fi
done

# A file too large to be a certificate or a key is refused before reading.
head -c 2097152 /dev/zero > "$work/huge.der"
"$TLSSIM" inspect "$work/huge.der" > /dev/null 2> "$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "huge.der: exit status $rc, not 2"
grep -q "huge.der: error: .*more than the 1048576 bytes" "$work/err" \
  || fail "huge.der: the error does not name the limit: $(cat "$work/err")"

# Missing files and directories are errors that name them.
"$TLSSIM" inspect "$work/missing.pem" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a missing file did not exit 2"
grep -q "missing.pem: error: cannot open" "$work/err" || fail "a missing file is not named"
"$TLSSIM" inspect "$work" > /dev/null 2> "$work/err"
[ $? -eq 2 ] || fail "a directory did not exit 2"

# A bad file among good ones: the good ones are still explained.
"$TLSSIM" files "$work/set" --seed 1 > /dev/null || fail "tlssim files failed"
"$TLSSIM" inspect truncated.der "$work/set/certificate.crt" > "$work/out" 2> "$work/err"
[ $? -eq 2 ] || fail "a bad file among good ones did not exit 2"
grep -q "subjectAltName" "$work/out" || fail "the good file after a bad one was not explained"

# Random damage never crashes: flip bytes all through a certificate.
der="$work/cert.der"
sed '1d;$d' "$work/set/certificate.crt" | base64 -d > "$der" 2>/dev/null || fail "base64 -d"
size=$(wc -c < "$der")
i=0
while [ "$i" -lt "$size" ]; do
  { head -c "$i" "$der"; printf '\377'; tail -c +"$((i + 2))" "$der"; } > "$work/damaged.der"
  "$TLSSIM" inspect "$work/damaged.der" > /dev/null 2>&1
  rc=$?
  # 0 or 2 only: a sanitizer that catches a memory error exits 1, a crash >= 128
  case $rc in 0|2) ;; *) fail "byte $i set to 0xff: inspect exited $rc" ;; esac
  i=$((i + 7))
done

# Usage errors.
"$TLSSIM" inspect > /dev/null 2>&1
[ $? -eq 2 ] || fail "no file did not exit 2"
"$TLSSIM" inspect --frobnicate x > /dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown option did not exit 2"

if [ "$failures" -ne 0 ]; then
  echo "inspect-bad: $failures check(s) failed" >&2
  exit 1
fi
echo "inspect-bad: ok"
exit 0
