#!/bin/sh
# tui-whatif.sh - the what-ifs on their keys, in the real TUI at 80x24
# (a private tmux server): m and the certificate warning with both of its
# answers, t at a stage that sends and one that does not, e and s for
# forward secrecy (o for the other mode), and both modes side by side once
# the terminal is 200x60.  Every outcome checked is the engine's own.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init tui-whatif

walk_args="--seed 42 --no-animation"
start whatif "$utf8"
wait_for "Stage 1/8: keypair" "the first screen"
wait_for "key transport (RSA-style)" "the mode in the header with no what-if on"
wait_for "t tamper  m MITM  e ephemeral" "the what-if keys in the result bar"

# --- m at stage 3: the warning, Go back, then Continue anyway -----------
key 3
wait_for "Stage 3/8: server hello"
key m
wait_for "Your connection is not private" "the certificate warning after m"
wait_for "[ Continue anyway ]" "the warning's choices"
wait_for "what-ifs: MITM" "MITM in the header"
key Escape
wait_gone "[ Continue anyway ]" "Esc going back"
wait_for "Aborted at stage 3" "the aborted result in the result bar"
key 2
wait_for "Stage 2/8"
key 3
wait_for "[ Continue anyway ]" "the warning again on coming back to stage 3"
key Right Enter
wait_gone "[ Continue anyway ]" "choosing Continue anyway"
wait_for "what-ifs: MITM, continue anyway" "the click-through in the header"
key 8
wait_for "Stage 8/8: decrypt"
wait_for "Completed; tampering detected; Mallory read the plaintext (in the middle)" \
    "Mallory reading everything after Continue anyway"
key m
wait_for "key transport (RSA-style)" "m turning the man in the middle off"

# --- t: tamper at stage 7, caught at stage 8; nothing to tamper at 4 ----
key 7
wait_for "Stage 7/8: encrypt"
key t
wait_for "what-ifs: tamper@7" "tamper in the header"
wait_for "Mallory changed byte 29" "the changed byte in the WIRE pane"
key 8
wait_for "Stage 8/8: decrypt"
wait_for "FAIL record authentic" "the server's failed check"
wait_for "Alert (bad_record_mac) at stage 8; tampering detected" "the result bar"
key 7 t
wait_for "tamper: off" "t again turning tampering off"
key 4 t
wait_for "stage 4 sends nothing on the wire" "t at a stage without a message"

# --- e and s: forward secrecy --------------------------------------------
key 8 e s
wait_for "what-ifs: ephemeral, key leaks"
wait_for "Even with the leaked key Eve reads nothing" "ephemeral keeping the recording safe"
wait_for "Completed; nobody else read the data" "the result bar in ephemeral mode"
key e
wait_for "what-ifs: key leaks" "e going back to key transport"
wait_for "With the leaked key Eve reads the recorded session" "key transport giving way"
wait_for "Completed; Eve read the plaintext (leaked key)" "the result bar in key transport"
key o
wait_for "EPHEMERAL (other mode)" "o showing the other mode's run"

# --- 200x60: both runs side by side ---------------------------------------
tm resize-window -t "$target" -x 200 -y 60
n=0
until screen_now | grep "KEY TRANSPORT (this run)" | grep -qF "EPHEMERAL (other mode)"; do
    n=$((n + 1))
    [ "$n" -lt "$WAIT_TENTHS" ] || fail "both modes side by side at 200x60"
    sleep 0.1
done
wait_for "GET /grades" "what Eve reads in key transport"

key q
check_restored whatif 0
echo "tui-whatif: all checks passed"
exit 0
