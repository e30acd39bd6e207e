#!/bin/sh
# tui-inspect.sh - the certificate overlay of the walkthrough (key i) at
# 80x24 in a private tmux server: refused before stage 3, opened at stage 3
# with inspect's explanation of the certificate sent, scrolled, closed by Esc.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init tui-inspect

walk_args="--seed 42 --no-animation"
start inspect "$utf8"
wait_for "Stage 1/8: keypair" "the first screen"
key i
wait_for "i shows the server's certificate once" "i before stage 3"
key 3
wait_for "Stage 3/8: server hello"
key i
wait_for "X.509 certificate the client received" "the overlay's title"
wait_for "subject" "the subject among the fields"
# scroll_to PATTERN WHY: press Down, one line at a time and each time until
# the overlay has moved, until PATTERN (a grep pattern) is on the screen.
scroll_to() {
    n=0
    until screen_now | grep -q -- "$1"; do
        before=$(screen_now)
        key Down
        t=0
        while [ "$(screen_now)" = "$before" ] && [ "$t" -lt 20 ]; do
            sleep 0.05
            t=$((t + 1))
        done
        n=$((n + 1))
        [ "$n" -lt 200 ] || fail "scrolling down to $2"
    done
}
scroll_to "subjectAltName\|alternative name" "the subject alternative name"
# The signature is checked as the client checks it: with its trust store.
scroll_to "signed by the key of .*tlssim Demo Root CA" "the signature check"
scroll_to "(the client's trust store)" "where the issuer's key came from"
scroll_to "issuer is a CA?: yes" "the issuer's CA flag, from the trust store"
key Escape
wait_gone "X.509 certificate the client received" "Esc closing the overlay"
wait_for "Stage 3/8: server hello" "the walkthrough under it"
key q
check_restored inspect 0

# --- with --cert chain the overlay shows the server's certificate, checked
# with the key of the intermediate the server sent after it
walk_args="--seed 42 --no-animation --cert chain"
start chain "$utf8"
wait_for "Stage 1/8: keypair" "the first screen"
key 3 i
wait_for "X.509 certificate the client received" "the overlay's title"
scroll_to "DNS: www.example.com\|www.example.com" "the server's own name"
scroll_to "signed by the key of CN=tlssim Demo Intermediate" "the intermediate's signature"
scroll_to "(sent by the server)" "where the intermediate came from"
scroll_to "issuer is a CA?: yes" "the intermediate's CA flag"
key q
check_restored chain 0

# --- with --ascii, the overlay too is drawn in ASCII; Ctrl-C quits from it
walk_args="--seed 42 --no-animation --ascii"
start ascii "$utf8"
wait_for "Stage 1/8: keypair" "the first screen"
key 3 i
wait_for "+- X.509 certificate the client received" "the overlay boxed in ASCII"
wait_for "more +" "the overlay's scroll hint"
key C-c
check_restored ascii 0
echo "tui-inspect: all checks passed"
exit 0
