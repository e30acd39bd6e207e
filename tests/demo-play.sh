#!/bin/sh
# Demo scripts: each shipped demo checks clean and plays headless to its
# golden transcript byte for byte; each bad script gives exactly its
# expected errors and exit status 2 without running; each failing expect
# gives exit status 1 with its file:line, what was expected and what was
# found.  TLSSIM_UPDATE_GOLDEN=1 rewrites the golden transcripts instead.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0

fail() { echo "demo-play: $*" >&2; failed=1; }

# Compare an expected file with what was written; show the difference.
same() {
    if ! cmp -s "$1" "$2"; then
        diff -u "$1" "$2" | head -40 >&2
        return 1
    fi
}

for demo in "$SRCDIR"/demos/*.demo; do
    name=$(basename "$demo" .demo)
    golden="$SRCDIR/tests/golden/$name.out"
    "$TLSSIM" play --check "$demo" > "$tmp/out" 2>&1 || fail "$name.demo does not check clean"
    [ -s "$tmp/out" ] && fail "play --check $name.demo printed something"
    "$TLSSIM" play --headless "$demo" > "$tmp/a" 2> "$tmp/err"
    rc=$?
    [ $rc -eq 0 ] || fail "$name.demo exited $rc: $(cat "$tmp/err")"
    [ -s "$tmp/err" ] && fail "$name.demo wrote to stderr: $(cat "$tmp/err")"
    if [ "${TLSSIM_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$tmp/a" "$golden"
    fi
    same "$golden" "$tmp/a" || fail "$name.demo differs from tests/golden/$name.out"
    "$TLSSIM" play --headless "$demo" > "$tmp/b" 2>/dev/null
    cmp -s "$tmp/a" "$tmp/b" || fail "two plays of $name.demo differ"
    # Off a terminal, play without --headless writes the same transcript.
    "$TLSSIM" play "$demo" > "$tmp/c" 2> "$tmp/err"
    cmp -s "$tmp/a" "$tmp/c" || fail "play $name.demo off a terminal differs from --headless"
done

cd "$SRCDIR/tests/demos-bad" || exit 99
for demo in *.demo; do
    "$TLSSIM" play --check "$demo" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "play --check $demo exited $rc, not 2"
    [ -s "$tmp/out" ] && fail "play --check $demo printed on stdout"
    same "${demo%.demo}.err" "$tmp/err" || fail "$demo: errors differ from ${demo%.demo}.err"
    "$TLSSIM" play --headless "$demo" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "play --headless $demo exited $rc, not 2"
    [ -s "$tmp/out" ] && fail "play --headless $demo ran although it has errors"
done

cd "$SRCDIR/tests/demos-fail" || exit 99
for demo in *.demo; do
    "$TLSSIM" play --check "$demo" > /dev/null 2>&1 || fail "$demo does not check clean"
    "$TLSSIM" play --headless "$demo" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "play --headless $demo exited $rc, not 1"
    same "${demo%.demo}.err" "$tmp/err" || fail "$demo: message differs from ${demo%.demo}.err"
    tail -n 8 "$tmp/out" | grep -q '^==\[ Result \]==' || fail "$demo: no result after the failure"
done

# Every file is checked before any runs: one bad file stops them all.
"$TLSSIM" play --headless "$SRCDIR/demos/handshake.demo" "$SRCDIR/tests/demos-bad/marks.demo" \
    > "$tmp/out" 2> "$tmp/err"
[ $? -eq 2 ] || fail "a good and a bad script together did not exit 2"
[ -s "$tmp/out" ] && fail "a good script ran although another one has errors"
grep -q '^.*marks.demo:2:6: error: ' "$tmp/err" || fail "the bad script's error is missing"

# Bad usage and unreadable files: exit status 2 and a message naming the problem.
"$TLSSIM" play > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "play without a file did not exit 2"
"$TLSSIM" play --speed fast "$SRCDIR/demos/handshake.demo" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "--speed fast did not exit 2"
grep -q "fast" "$tmp/err" || fail "--speed fast: the error does not name the value"
"$TLSSIM" play --loop --headless "$SRCDIR/demos/handshake.demo" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--loop with --headless did not exit 2"
"$TLSSIM" play --check "$tmp/no-such.demo" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "a missing file did not exit 2"
grep -q "no-such.demo:1:1: error: cannot open the demo script" "$tmp/err" || fail "a missing file is not named"
"$TLSSIM" play --check "$tmp" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "a directory did not exit 2"
mkfifo "$tmp/fifo.demo"
timeout 10 "$TLSSIM" play --check "$tmp/fifo.demo" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] || fail "a FIFO did not exit 2 at once"
grep -q "fifo.demo:1:1: error: .*not a regular file" "$tmp/err" || fail "a FIFO is not named"

[ $failed -eq 0 ] && echo "demo-play: ok"
exit $failed
