#!/bin/sh
# play-tui.sh - `tlssim play` on a terminal (80x24, a private tmux server):
# the script's captions and stages on screen at its pace, the `.` and `,`
# keys, markers, the ? overlay, q leaving with 0 and the terminal restored, and a failing
# expect printing its file:line after the screen is gone, with status 1.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init play-tui

# start_play NAME ARGS...: start, for `tlssim play ARGS`.
start_play() {
    name=$1
    shift
    run_args="play $*"
    start "$name" "$utf8"
    unset run_args
}

demo="$SRCDIR/demos/handshake.demo"

# --- at its own pace, ten times as fast: pauses wait for Space -----------
start_play paced --speed 10 "$demo"
wait_for "A browser wants to talk" "the first caption"
wait_for "[Space: go on]" "the script's first pause"
key Space
wait_for "Stage 1/8" "the first stage after the pause"
wait_for "Before any client arrives" "the caption of stage 1"
# each of the four pauses left, by its caption, then Space to go on
for cap in "Before any client" "The server answers" "The client makes a session key" \
    "Now both sides share"; do
    wait_for "[Space: go on] $cap" "the pause at '$cap'"
    key Space
done
wait_for "Stage 8/8" "the last stage"
wait_for "Eve saw every byte, yet read nothing" "the last caption"
wait_for "[end: q quits]" "the end of the script"
key q
check_restored paced 0

# --- a long last caption under the result: both shown whole at 80x24 ---
start_play ending --speed 10 "$SRCDIR/demos/tamper.demo"
wait_for "[end: q quits]" "the tamper demo played to its end"
wait_for "Alert (bad_record_mac) at stage 8; tampering detected" "the result bar under a long caption"
wait_for "the forgery away." "the end of the last caption, not cut at 80 columns"
key q
check_restored ending 0

# --- by hand: . steps, , goes back, ] jumps to the next marker ----------
start_play stepped "$demo"
wait_for "A browser wants to talk"
key .
wait_for "Stage 1/8" "one step with ."
key . .
wait_for "Stage 3/8" "two more steps"
key ,
wait_for "Stage 2/8" ", going one step back"
key ]
wait_for "The client makes a session key" "] jumping to the next marker"
key [
wait_for "The client says hello" "[ going back to the marker before"
key ]
wait_for "The client makes a session key" "] again"
key '?'
wait_for "next / previous marker, in script order" "? opening the player's keys"
key Escape
wait_gone "next / previous marker, in script order" "Esc closing the keys"
wait_for "The client makes a session key" "the caption back after the keys"
key . . . . .
wait_for "Stage 8/8" "stepping to the end"
key q
check_restored stepped 0

# --- ? holds the script while the keys are up; any key lets it go on ---
# (stage 2 of the demo sleeps 2 s before stage 3 comes on its own)
start_play helped "$demo"
wait_for "[Space: go on]" "the first pause"
key Space
wait_for "Stage 1/8" "the stage after the first pause"
wait_for "[Space: go on]" "the pause at stage 1"
key Space
wait_for "Stage 2/8" "stage 2, where the script sleeps"
key '?'
wait_for "faster / slower" "the keys over a playing script"
# a negative check: for 3 s (longer than the script's sleep) it stays put
n=0
while [ "$n" -lt 30 ]; do
    screen_now | grep -q "Stage 2/8" || fail "the script went on under the help overlay"
    sleep 0.1
    n=$((n + 1))
done
key Escape
wait_for "Stage 3/8" "the script going on once the help is closed"
key q
check_restored helped 0

# --- --loop: pauses wait a while instead of for a key, and it starts again
start_play looping --loop --speed 10 "$demo"
wait_for "Stage 8/8" "a looping script reaching its end unattended"
wait_for "A browser wants to talk" "the loop starting again"
key q
check_restored looping 0

# --- a failing expect: the screen goes, the failure is printed ----------
bad="$tmpdir/bad.demo"
printf 'set seed 1\nstep\nexpect stage 5\n' > "$bad"
start_play failing "$bad"
check_restored failing 1   # exactly 1: an abort (134) must not pass
wait_for "bad.demo:3: expect failed" "the failure's file:line after the screen"
echo "play-tui: all checks passed"
exit 0
