#!/bin/sh
# tui-e2e.sh - drive the real TUI in a real terminal (a private tmux server)
# and check what it shows: stepping, jumping, help, resizing, a golden
# screen of stage 3 at 80x24, the ASCII/NO_COLOR fallback, and that q,
# Ctrl-C and SIGTERM all leave a restored terminal behind.
#
# Exit statuses checked: q and Ctrl-C (a key in raw mode) quit with 0;
# a SIGTERM from elsewhere quits with 128 + 15 = 143.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
TMUX_BIN=${TMUX_BIN:-$(command -v tmux 2>/dev/null || true)}
if [ -z "$TMUX_BIN" ] || [ ! -x "$TMUX_BIN" ]; then
    echo "tui-e2e: tmux not found; skipped"
    exit 77
fi

WAIT_TENTHS=${WAIT_TENTHS:-150}   # 15 s for any one screen, for a loaded machine
golden="$SRCDIR/tests/golden/walk-seed42-stage3.screen"
socket="tlssim-test-$$"
tmpdir=$(mktemp -d) || exit 99
target=""
socket_path=""

tm() { "$TMUX_BIN" -L "$socket" -f /dev/null "$@"; }
cleanup() {
    tm kill-server >/dev/null 2>&1
    [ -n "$socket_path" ] && rm -f "$socket_path"
    rm -rf "$tmpdir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

screen_now() { tm capture-pane -p -t "$target" 2>/dev/null | sed 's/ *$//'; }

fail() {
    echo "tui-e2e: FAIL: $*"
    echo "--- the pane of $target ---"
    screen_now
    echo "---"
    exit 1
}

# wait_for TEXT [WHY]: poll until TEXT (a fixed string) is on the screen.
wait_for() {
    n=0
    while [ "$n" -lt "$WAIT_TENTHS" ]; do
        screen_now | grep -qF -- "$1" && return 0
        sleep 0.1
        n=$((n + 1))
    done
    fail "${2:-waited} for '$1'"
}

# wait_gone TEXT [WHY]: poll until TEXT is no longer on the screen.
wait_gone() {
    n=0
    while [ "$n" -lt "$WAIT_TENTHS" ]; do
        screen_now | grep -qF -- "$1" || return 0
        sleep 0.1
        n=$((n + 1))
    done
    fail "${2:-waited} for '$1' to go away"
}

# start NAME ENV...: a session of 80x24 running tlssim with ENV and the
# walk options in $walk_args; when it ends, its status goes to the pane and
# to $tmpdir/NAME.status, and the terminal's modes to $tmpdir/NAME.stty.
start() {
    name=$1
    shift
    target="$name"
    tm new-session -d -s "$name" -x 80 -y 24 \
        "env $* sh -c 'echo \$\$ > $tmpdir/$name.pid; exec \"$TLSSIM\" walk $walk_args'; \
         status=\$?; echo \$status > $tmpdir/$name.status; echo EXIT=\$status; \
         stty -a > $tmpdir/$name.stty; exec sleep 600" \
        || fail "tmux cannot start a session"
    [ -n "$socket_path" ] || socket_path=$(tm display-message -p '#{socket_path}' 2>/dev/null)
}

# check_restored NAME STATUS: the program exited with STATUS, its screen is
# gone and the terminal is back in cooked mode with echo.
check_restored() {
    wait_for "EXIT=$2" "the exit status $2"
    [ "$(cat "$tmpdir/$1.status")" = "$2" ] || fail "exit status $(cat "$tmpdir/$1.status"), not $2"
    screen_now | grep -q "Stage [0-9]/8" && fail "the TUI is still on the screen after it quit"
    n=0
    while [ ! -s "$tmpdir/$1.stty" ] && [ "$n" -lt "$WAIT_TENTHS" ]; do
        sleep 0.1
        n=$((n + 1))
    done
    for mode in icanon echo isig; do
        tr ' ' '\n' < "$tmpdir/$1.stty" | grep -qx -- "$mode" \
            || fail "terminal mode '$mode' is not restored after exit"
    done
}

key() { tm send-keys -t "$target" "$@"; }

utf8="LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen"

# --- 1: stepping, jumping, help, resizing, the golden screen, q ---------
walk_args="--seed 42 --no-animation"
start main "$utf8"
wait_for "Stage 1/8: keypair" "the first screen"
wait_for "NOT SECURE" "the seeded-run badge"
wait_for "CLIENT" "the CLIENT pane"
wait_for "WIRE" "the WIRE pane"
wait_for "SERVER" "the SERVER pane"
wait_for "CA: tlssim Demo Root" "the CA's actions at stage 1"
screen_now | grep -qF "┌" || fail "no UTF-8 box lines in a UTF-8 locale"

step=2
for k in Space Right l Enter NPage Space Right; do
    key "$k"
    wait_for "Stage $step/8" "key $k to go to stage $step"
    step=$((step + 1))
done
wait_for "Stage 8/8: decrypt"
wait_for "decrypts the reply" "the client reading the reply at stage 8"
key Right
sleep 0.3
wait_for "Stage 8/8" "staying at the last stage"
key Left
wait_for "Stage 7/8: encrypt" "Left going back"
key h
wait_for "Stage 6/8" "h going back"
key 5
wait_for "Stage 5/8: key exchange" "the digit 5 jumping"
key Home
wait_for "Stage 1/8" "Home"
key End
wait_for "Stage 8/8" "End"
key g
wait_for "Stage 1/8" "g"
key G
wait_for "Stage 8/8" "G"

key '?'
wait_for "Esc or ? closes this help" "the help overlay"
wait_for "Ctrl-C" "the help listing every key"
key Escape
wait_gone "Esc or ? closes this help" "Esc closing the help"

key 2
wait_for "Stage 2/8: client hello"
wait_for "version (2 B)" "the wire fields in hex"
key x
wait_for "version: TLS 1.2" "x showing the decoded fields"
key x
wait_for "version (2 B)" "x going back to hex"

key Tab j j
wait_for "▲" "scrolling the focused pane"

key 3
wait_for "Stage 3/8: server hello"
if [ -n "${TLSSIM_UPDATE_GOLDEN:-}" ]; then
    # Refresh the golden screen on purpose (then read the diff before committing).
    sleep 1
    screen_now > "$golden"
fi
n=0
until screen_now > "$tmpdir/screen" && cmp -s "$golden" "$tmpdir/screen"; do
    n=$((n + 1))
    if [ "$n" -ge "$WAIT_TENTHS" ]; then
        diff -u "$golden" "$tmpdir/screen"
        fail "stage 3 at 80x24 differs from $golden"
    fi
    sleep 0.1
done

tm resize-window -t "$target" -x 30 -y 10
wait_for "at least 72x20" "the too-small message"
key 4
sleep 0.3
tm resize-window -t "$target" -x 80 -y 24
wait_for "Stage 4/8: session key" "the redraw after growing back (and the key typed while small)"
wait_gone "at least 72x20"

key q
check_restored main 0

# --- 2: ASCII borders without a UTF-8 locale, NO_COLOR, Ctrl-C ----------
walk_args="--seed 42 --theme contrast"
start ascii "LANG=C LC_ALL=C NO_COLOR=1 TERM=screen"
wait_for "Stage 1/8: keypair"
wait_for "+- CLIENT -" "ASCII box lines in the C locale"
screen_now | grep -qF "─" && fail "UTF-8 box lines in the C locale"
key Space
wait_for "Stage 2/8" "stepping with animation"
key C-c
check_restored ascii 0

# --- 3: --ascii in a UTF-8 locale, and SIGTERM from elsewhere -----------
walk_args="--seed 42 --ascii"
start signal "$utf8"
wait_for "Stage 1/8: keypair"
wait_for "+- CLIENT -" "--ascii forcing ASCII box lines"
kill -TERM "$(cat "$tmpdir/signal.pid")" || fail "cannot signal the TUI"
check_restored signal 143

echo "tui-e2e: all checks passed"
exit 0
