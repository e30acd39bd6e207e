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
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init tui-e2e
golden="$SRCDIR/tests/golden/walk-seed42-stage3.screen"

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
key Right '?'
# keys are read in order: once the help is up, Right has been handled
wait_for "Esc or ? closes this help" "the help after Right at the last stage"
screen_now | grep -q "Stage 8/8" || fail "Right at the last stage moved off it"
key Escape
wait_gone "Esc or ? closes this help"
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
wait_for "explain the certificate of stage 3" "the help's last key at 80x24"
key Escape
wait_gone "Esc or ? closes this help" "Esc closing the help"

# At the smallest size the help is longer than its box: Up and Down scroll it.
tm resize-window -t "$target" -x 72 -y 20
key '?'
wait_for "Up Down scroll" "the help saying it scrolls in a short window"
screen_now | grep -q "explain the certificate of stage 3" &&
    fail "the whole help fitted a 72x20 box; the scroll test tests nothing"
key Down Down Down Down Down
wait_for "explain the certificate of stage 3" "Down scrolling the help to its end"
screen_now | grep -q "Stage 1/8\|Stage 8/8" || fail "scrolling the help changed the stage"
key Escape
wait_gone "Up Down scroll" "Esc closing the scrolled help"
tm resize-window -t "$target" -x 80 -y 24

key 2
wait_for "Stage 2/8: client hello"
wait_for "version (2 B)" "the wire fields in hex"
key x
wait_for "version: TLS 1.2" "x showing the decoded fields"
key x
wait_for "version (2 B)" "x going back to hex"

key Tab Down Down
wait_for "▲" "scrolling the focused pane"

key 3
wait_for "Stage 3/8: server hello"
same_as "$golden"

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
walk_args="--seed 42"
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

# --- 4: SIGQUIT and SIGPIPE also give the terminal back -----------------
for sig in QUIT:131 PIPE:141; do
    walk_args="--seed 42"
    start "sig${sig%%:*}" "$utf8"
    wait_for "Stage 1/8: keypair"
    kill -"${sig%%:*}" "$(cat "$tmpdir/sig${sig%%:*}.pid")" || fail "cannot signal the TUI"
    check_restored "sig${sig%%:*}" "${sig#*:}"
done

# --- 6: --theme contrast changes the colours, not the text --------------
for theme in default contrast; do
    walk_args="--seed 42 --no-animation --theme $theme"
    start "theme$theme" "$utf8"
    wait_for "Stage 1/8: keypair"
    tm capture-pane -p -e -t "$target" > "$tmpdir/$theme.ansi"
    screen_now > "$tmpdir/$theme.text"
    key q
    check_restored "theme$theme" 0
done
cmp -s "$tmpdir/default.text" "$tmpdir/contrast.text" || fail "--theme contrast changed the text"
cmp -s "$tmpdir/default.ansi" "$tmpdir/contrast.ansi" && fail "--theme contrast changed no colour"
grep -q "$(printf '\033')\[1m\|$(printf '\033')\[[0-9;]*;1[;m]\|$(printf '\033')\[1;" "$tmpdir/contrast.ansi" \
    || fail "--theme contrast draws nothing in bold"

# --- 5: a TERM the terminal database does not know: status 2 everywhere
printf 'step\n' > "$tmpdir/one.demo"
mkdir -p "$tmpdir/state"
for cmd in walk "learn 1" "play $tmpdir/one.demo"; do
    name=term$(echo "$cmd" | cut -c1-4)
    # ncurses keeps the screen it could not set up (libtinfo's new_prescr):
    # under the sanitizers that leak would turn the status into LSan's own
    run_args="$cmd" start "$name" "TERM=no-such-terminal-type XDG_STATE_HOME=$tmpdir/state" \
        "TLSSIM_LESSONS_DIR=$SRCDIR/lessons ASAN_OPTIONS=detect_leaks=0"
    wait_for "EXIT=" "tlssim $cmd under an unknown TERM"
    [ "$(cat "$tmpdir/$name.status")" = 2 ] \
        || fail "tlssim $cmd under an unknown TERM exits $(cat "$tmpdir/$name.status"), not 2"
    screen_now | grep -qF "cannot drive this terminal" || fail "tlssim $cmd does not say why"
done

echo "tui-e2e: all checks passed"
exit 0
