#!/bin/sh
# tui-tls13.sh - walk --protocol tls13 in the full-screen view, at 80x24 in a
# private tmux server: the stage bar names the TLS 1.3 stages, the help
# says i explains the certificate of stage 5, the run reaches stage 8
# completed, a tamper at stage 8 is caught, r turns the HelloRetryRequest on
# and off (stage 3 shows it); under the teaching flow the help says stage 3
# and r says it belongs to TLS 1.3; q quits cleanly.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init tui-tls13

walk_args="--protocol tls13 --seed 42 --no-animation"
start tls13 "$utf8"
wait_for "Stage 1/8: keypair and certificate" "the first screen"
wait_for "real TLS 1.3" "the protocol in the header"
# the help overlay's i row names stage 5, where TLS 1.3 sends the certificate
key ?
wait_for "Esc or ? closes" "the help overlay"
for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do key Down; done
wait_for "explain the certificate of stage 5" "the i key's help under TLS 1.3"
key Escape
wait_gone "Esc or ? closes" "the help overlay closed"
key 4
wait_for "Stage 4/8: handshake secrets" "stage 4"
key End
wait_for "Stage 8/8: the reply" "the last stage"
wait_for "Handshake completed: both sides read each other's data." "the completed result"
key t
wait_for "tamper@8" "the tamper what-if at stage 8"
wait_for "bad_record_mac" "the rejected reply"
key t
wait_gone "tamper@8" "the tamper what-if turned off"
key 3
wait_for "Stage 3/8: ServerHello" "stage 3"
screen_now | grep -qF "HelloRetryRequest" && fail "a HelloRetryRequest before r"
key r
wait_for "what-ifs: HelloRetryRequest" "the retry what-if in the header"
wait_for "Stage 3/8: ServerHello" "stage 3 after r"
wait_for "client  ◀ HelloRetryRequest" "the HelloRetryRequest on the wire at stage 3"
wait_for "First the server answers with a HelloRetryRequest" "the narration of the retry"
key r
wait_for "without a key share): off" "the note on r turned off"
wait_for "client  ◀ ServerHello ─" "stage 3 without the retry"
wait_gone "what-ifs: HelloRetryRequest" "the retry what-if turned off"
key q
check_restored tls13 0

# The teaching flow has no HelloRetryRequest: r says so and changes nothing.
walk_args="--seed 42 --no-animation"
start teach "$utf8"
wait_for "Stage 1/8" "the teaching flow's first screen"
key ?
wait_for "Esc or ? closes" "the help overlay"
for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do key Down; done
wait_for "explain the certificate of stage 3" "the i key's help in the teaching flow"
key Escape
wait_gone "Esc or ? closes" "the help overlay closed"
key r
wait_for "belongs to real TLS 1.3" "r under the teaching flow"
screen_now | grep -qF "what-ifs: HelloRetryRequest" && fail "r turned a retry on in the teaching flow"
key q
check_restored teach 0
echo "tui-tls13: ok"
