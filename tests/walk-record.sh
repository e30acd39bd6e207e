#!/bin/sh
# walk-record.sh - walk --record in the real TUI (80x24, a private tmux
# server): a short session with stage moves and what-ifs is written as a
# demo script that play --check accepts and play --headless replays to the
# same stage and outcome as the walk on the same options; without --seed, a
# drawn seed makes the replays the same.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init walk-record

rec="$tmpdir/session.demo"
walk_args="--seed 42 --no-animation --record $rec"
start record "$utf8"
wait_for "Stage 1/8: keypair" "the first screen"
key Right Right
wait_for "Stage 3/8: server hello"
key m
wait_for "[ Continue anyway ]" "the certificate warning after m"
key Right Enter
wait_for "what-ifs: MITM, continue anyway" "the click-through"
key 7 t
wait_for "what-ifs: MITM, continue anyway, tamper@7" "tamper at stage 7"
key t
wait_for "tamper: off" "t again"
key 8
wait_for "Stage 8/8: decrypt"
key q
check_restored record 0

[ -s "$rec" ] || fail "no script at $rec"
grep -qx "set seed 42" "$rec" || fail "the seed is not the script's first option: $(cat "$rec")"
grep -qx "set mitm" "$rec" || fail "m is not in the script: $(cat "$rec")"
grep -qx "set tamper off" "$rec" || fail "t off is not in the script: $(cat "$rec")"
tail -n 1 "$rec" | grep -qx "expect stage 8" || fail "the script does not end at stage 8"

"$TLSSIM" play --check "$rec" || fail "play --check rejects the recorded script"
echo "expect result eve-read-plaintext" >> "$rec"
echo "expect result tamper-detected" >> "$rec"  # the certificate checks caught the swap
"$TLSSIM" play --headless "$rec" > "$tmpdir/replay.txt" \
    || fail "play --headless does not replay the session to its end: $(cat "$rec")"
"$TLSSIM" walk --plain --seed 42 --mitm --accept-bad-cert > "$tmpdir/walk.txt" \
    || fail "walk --plain with the same options"
tail -n 4 "$tmpdir/walk.txt" > "$tmpdir/walk.end"
tail -n 4 "$tmpdir/replay.txt" > "$tmpdir/replay.end"
cmp -s "$tmpdir/walk.end" "$tmpdir/replay.end" \
    || fail "the replay ends unlike the walk: $(diff "$tmpdir/walk.end" "$tmpdir/replay.end")"
# --- without --seed: a seed is drawn, so the replay shows the same bytes
rec2="$tmpdir/unseeded.demo"
walk_args="--no-animation --record $rec2"
start unseeded "$utf8"
wait_for "Stage 1/8: keypair" "an unseeded recorded walk"
wait_for "NOT SECURE" "the seeded badge of the drawn seed"
key Right Right
wait_for "Stage 3/8: server hello"
key q
check_restored unseeded 0
grep -q "^set seed [0-9][0-9]*$" "$rec2" || fail "no drawn seed in the script: $(cat "$rec2")"
"$TLSSIM" play --headless "$rec2" > "$tmpdir/replay1.txt" || fail "the unseeded session does not replay"
"$TLSSIM" play --headless "$rec2" > "$tmpdir/replay2.txt" || fail "the unseeded session does not replay twice"
cmp -s "$tmpdir/replay1.txt" "$tmpdir/replay2.txt" || fail "two replays of one recorded session differ"

# --- --record only goes with the full-screen view: refused, never ignored
for other in --plain --json; do
    "$TLSSIM" walk "$other" --record "$tmpdir/never.demo" > /dev/null 2>&1
    [ $? -eq 2 ] || fail "walk $other --record is not a usage error"
    [ -e "$tmpdir/never.demo" ] && fail "walk $other --record wrote a script"
done

# --- a file that exists is kept unless --force; a FIFO is refused at once
echo "keep me" > "$tmpdir/exists.demo"
walk_args="--seed 1 --record $tmpdir/exists.demo"
start exists "$utf8"
wait_for "EXIT=2" "the refusal to replace a file"
screen_now | grep -qF "already exists; add --force" || fail "the refusal does not say why"
[ "$(cat "$tmpdir/exists.demo")" = "keep me" ] || fail "a refused --record changed the file"
mkfifo "$tmpdir/fifo.demo"
walk_args="--seed 1 --record $tmpdir/fifo.demo --force"
start fifo "$utf8"
wait_for "EXIT=2" "the refusal of a FIFO"
screen_now | grep -qF "is not a regular file" || fail "the FIFO refusal does not say why"
walk_args="--seed 1 --no-animation --record $tmpdir/exists.demo --force"
start forced "$utf8"
wait_for "Stage 1/8: keypair" "a forced recording"
key q
check_restored forced 0
grep -qx "expect stage 1" "$tmpdir/exists.demo" || fail "--force did not replace the file"
ls -a "$tmpdir" | grep -q "tmp" && fail "a temporary file was left behind"

echo "walk-record: all checks passed"
exit 0
