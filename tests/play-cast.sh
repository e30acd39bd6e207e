#!/bin/sh
# play-cast.sh - 'tlssim play --cast FILE' records a demo as asciicast v2:
# a header asciinema accepts, the same bytes on every run (the demo is
# seeded and the recording keeps a virtual clock), and what asciinema
# plays back from it is the demo's screen (read with 'asciinema cat' in a
# private tmux server, since it wants a terminal).
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init play-cast

ASCIINEMA=$(command -v asciinema 2>/dev/null || true)
if [ -z "$ASCIINEMA" ]; then
    echo "play-cast: asciinema not found; skipped"
    exit 77
fi
demo="$SRCDIR/demos/handshake.demo"

LANG=C.UTF-8 LC_ALL=C.UTF-8 "$TLSSIM" play --cast "$tmpdir/one.cast" --speed 10 "$demo" \
    || fail "play --cast exited with $?"
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$TLSSIM" play --cast "$tmpdir/two.cast" --speed 10 "$demo" \
    || fail "a second play --cast exited with $?"
cmp -s "$tmpdir/one.cast" "$tmpdir/two.cast" || fail "two recordings of the same demo differ"
head -n 1 "$tmpdir/one.cast" | grep -q '^{"version": 2, "width": 80, "height": 24, ' \
    || fail "the header is not asciicast v2 at 80x24: $(head -n 1 "$tmpdir/one.cast")"
lines=$(wc -l <"$tmpdir/one.cast")
[ "$lines" -gt 5 ] || fail "only $lines lines recorded"
# the times only go forward
sed -n '2,$p' "$tmpdir/one.cast" | sed 's/^\[\([0-9.]*\),.*/\1/' >"$tmpdir/times"
sort -n -c "$tmpdir/times" 2>/dev/null || fail "event times go backwards"

# asciinema plays it back in a terminal of 80x24: up to the last event
# (which gives the terminal back) the screen is the demo's last one.
sed '$d' "$tmpdir/one.cast" >"$tmpdir/shown.cast"
target=cat
tm new-session -d -s cat -x 80 -y 24 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 '$ASCIINEMA' cat '$tmpdir/shown.cast' 2>'$tmpdir/err'; \
     echo \$? >'$tmpdir/cat.status'; exec sleep 600" || fail "tmux cannot start a session"
n=0
until [ -s "$tmpdir/cat.status" ]; do
    n=$((n + 1))
    [ "$n" -lt "$WAIT_TENTHS" ] || fail "asciinema cat did not finish"
    sleep 0.1
done
[ "$(cat "$tmpdir/cat.status")" = 0 ] || fail "asciinema cat failed: $(cat "$tmpdir/err")"
wait_for "Stage 8/8: decrypt" "the played-back recording's last stage"
wait_for "Eve saw every byte, yet read nothing" "the played-back recording's last caption"
wait_for "start certificate hello key [data]" "the markers in the played-back recording"

# --cast records one script and nothing else
"$TLSSIM" play --cast "$tmpdir/x.cast" --loop "$demo" 2>"$tmpdir/err"
[ $? -eq 2 ] || fail "--cast with --loop is not a usage error"
"$TLSSIM" play --cast "$tmpdir/no/such/dir.cast" "$demo" 2>"$tmpdir/err"
[ $? -eq 2 ] || fail "an unwritable recording is not exit 2"
grep -q "cannot write the recording" "$tmpdir/err" || fail "no reason for the unwritable file"
exit 0
