#!/bin/sh
# tui-tls13.sh - walk --protocol tls13 in the full-screen view, at 80x24 in a
# private tmux server: the stage bar names the TLS 1.3 stages, the run
# reaches stage 8 completed, a tamper at stage 8 is caught, q quits cleanly.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init tui-tls13

walk_args="--protocol tls13 --seed 42 --no-animation"
start tls13 "$utf8"
wait_for "Stage 1/8: keypair and certificate" "the first screen"
wait_for "real TLS 1.3" "the protocol in the header"
key 4
wait_for "Stage 4/8: handshake secrets" "stage 4"
key End
wait_for "Stage 8/8: the reply" "the last stage"
wait_for "Handshake completed: both sides read each other's data." "the completed result"
key t
wait_for "tamper@8" "the tamper what-if at stage 8"
wait_for "bad_record_mac" "the rejected reply"
key q
check_restored tls13 0
echo "tui-tls13: ok"
