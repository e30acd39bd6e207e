#!/bin/sh
# Golden transcript: a seeded plain walkthrough must match the expected file
# byte for byte, twice in a row; another seed and an unseeded run must differ.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
expected="$SRCDIR/tests/golden/walk-seed42.out"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() { echo "golden: $*" >&2; exit 1; }

"$TLSSIM" walk --plain --seed 42 > "$tmp/a" || fail "walk --seed 42 exited $?"
"$TLSSIM" walk --plain --seed 42 > "$tmp/b" || fail "second walk --seed 42 exited $?"
cmp -s "$tmp/a" "$tmp/b" || fail "two runs with --seed 42 differ"
if ! cmp -s "$expected" "$tmp/a"; then
    diff -u "$expected" "$tmp/a" | head -40 >&2
    fail "walk --plain --seed 42 differs from $expected"
fi

"$TLSSIM" walk --plain --seed 43 > "$tmp/c" || fail "walk --seed 43 exited $?"
cmp -s "$tmp/a" "$tmp/c" && fail "--seed 43 gives the same transcript as --seed 42"
"$TLSSIM" walk --plain > "$tmp/d" || fail "unseeded walk exited $?"
"$TLSSIM" walk --plain > "$tmp/e" || fail "second unseeded walk exited $?"
cmp -s "$tmp/d" "$tmp/e" && fail "two unseeded runs gave the same transcript"
grep -q "NOT SECURE" "$tmp/a" || fail "a seeded run does not say it is not secure"
grep -q "NOT SECURE" "$tmp/d" && fail "an unseeded run claims to be seeded"
grep -q "^Handshake: completed" "$tmp/a" || fail "the seeded run did not complete"

# Bad usage: a one-line error naming the problem, and exit status 2.
"$TLSSIM" walk --plain --seed banana > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--seed banana did not exit 2"
grep -q "banana" "$tmp/err" || fail "--seed banana: the error does not name the value"
"$TLSSIM" walk --frobnicate > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "an unknown option did not exit 2"
grep -q "frobnicate" "$tmp/err" || fail "the unknown option is not named"
"$TLSSIM" walk --seed > /dev/null 2>&1
[ $? -eq 2 ] || fail "--seed without a value did not exit 2"
echo "golden: ok"
exit 0
