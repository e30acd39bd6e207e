#!/bin/sh
# Check lesson files with 'tlssim learn --check': every file in
# tests/lessons-bad must fail with status 2 and exactly the diagnostics in
# its .err file; every shipped lesson must pass.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"

fail=0
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# check_bad FILE EXPECTED-ERR: status 2 and stderr equal to EXPECTED-ERR.
check_bad() {
    "$TLSSIM" learn --check "$1" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -ne 2 ]; then
        echo "FAIL: $1: exit status $status, expected 2"
        fail=1
    elif ! cmp -s "$tmp/err" "$2"; then
        echo "FAIL: $1: diagnostics differ from $2:"
        diff "$2" "$tmp/err" | head -20
        fail=1
    elif [ -s "$tmp/out" ]; then
        echo "FAIL: $1: printed on standard output"
        fail=1
    fi
}

count=0
cd "$SRCDIR/tests/lessons-bad" || exit 99
for f in *.lesson; do
    check_bad "$f" "${f%.lesson}.err"
    count=$((count + 1))
done
[ "$count" -ge 10 ] || { echo "FAIL: only $count bad lesson files found"; fail=1; }

# All files in one run: every file's diagnostics, in order.
"$TLSSIM" learn --check keywords.lesson quiz.lesson >/dev/null 2>"$tmp/both"
status=$?
cat keywords.err quiz.err >"$tmp/both.exp"
if [ "$status" -ne 2 ] || ! cmp -s "$tmp/both" "$tmp/both.exp"; then
    echo "FAIL: two files in one --check: status $status or diagnostics differ"
    fail=1
fi

# Errors that need files made on the spot: too large, missing, a directory.
cd "$tmp" || exit 99
{ echo "title Big"; echo "step one"; head -c 1100000 /dev/zero | tr '\0' 'x'; } >big.lesson
printf 'big.lesson:1:1: error: the file is larger than 1048576 bytes, the most a lesson may be; split it\n' >big.exp
check_bad big.lesson big.exp
printf 'missing.lesson:1:1: error: cannot open the lesson: No such file or directory\n' >missing.exp
check_bad missing.lesson missing.exp
mkdir dir.lesson
printf 'dir.lesson:1:1: error: cannot read the lesson: Is a directory\n' >dir.exp
check_bad dir.lesson dir.exp
# A FIFO is refused at once, never waited on (timeout turns a hang into 124).
mkfifo fifo.lesson
timeout 10 "$TLSSIM" learn --check fifo.lesson >/dev/null 2>"$tmp/fifo.err"
status=$?
if [ "$status" -ne 2 ] || ! grep -q "^fifo.lesson:1:1: error: .*not a regular file" "$tmp/fifo.err"; then
    echo "FAIL: a FIFO: status $status: $(cat "$tmp/fifo.err")"
    fail=1
fi

# Random bytes never crash the parser: the status is 0 or 2, never a signal.
i=0
while [ $i -lt 20 ]; do
    head -c $((i * 97 + 1)) /dev/urandom >junk.lesson
    "$TLSSIM" learn --check junk.lesson >/dev/null 2>&1
    status=$?
    if [ "$status" -ne 2 ] && [ "$status" -ne 0 ]; then
        echo "FAIL: random bytes: exit status $status"
        cp junk.lesson "$BUILDDIR/junk-$i.lesson" 2>/dev/null
        fail=1
    fi
    i=$((i + 1))
done

# Usage errors.
"$TLSSIM" learn --check >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: --check without files is not a usage error"; fail=1; }

# Every shipped lesson is clean, and the numbers are not reused.
cd "$SRCDIR/lessons" || exit 99
count=0
for f in *.lesson; do
    if ! "$TLSSIM" learn --check "$f"; then
        echo "FAIL: shipped lesson $f has mistakes"
        fail=1
    fi
    count=$((count + 1))
done
[ "$count" -ge 14 ] || { echo "FAIL: only $count shipped lessons"; fail=1; }
# ... and every one of them is installed.
for f in *.lesson; do
    grep -qx "dist_lessons_DATA += lessons/$f" "$SRCDIR/Makefile.am" ||
        { echo "FAIL: $f is not in dist_lessons_DATA"; fail=1; }
done
dups=$(ls ./*.lesson | sed 's|^\./||; s/-.*//' | sort | uniq -d)
[ -z "$dups" ] || { echo "FAIL: lesson numbers used twice: $dups"; fail=1; }

exit $fail
