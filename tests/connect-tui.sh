#!/bin/sh
# connect-tui.sh - 'tlssim connect' of the eight-stage flow on a terminal
# opens the walkthrough's full screen, against a 'tlssim serve --plain' on
# loopback: the CLIENT pane is this machine's and the SERVER pane says it
# is remote; nothing goes before → (serve's log has the student at stage 1
# only); each flight goes on → and the stages appear as they are reached,
# up to "Completed"; ← shows an earlier stage; the help says the what-ifs
# are the server's, t says so too, i explains the certificate received;
# q prints the outcome and gives the terminal back as it was (stty -a
# before and after equal).  In a pane of 80x24: the question about the CA's
# fingerprint (no --ca), then an expired certificate brings the warning,
# "Go back" keeps the run aborted, q exits 1.  A server whose --timeout
# runs out while a flight waits shows in the result bar.  Every server is
# started on a port the system picks and stopped by this test's trap.
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/net-lib.sh"
. "$SRCDIR/tests/tui-lib.sh"   # its fail and wait_for read the screen
net_lib_tui connect-tui

# step_to N: press → and wait for stage N's title in the header.
step_to() {
    key Right
    wait_for "Stage $1/8" "→ to stage $1"
}

"$TLSSIM" files "$tmpdir/set" --name www.example.com >/dev/null || fail "tlssim files failed"

# 1. A whole handshake in a pane of 100x40, the flights sent on →.
start_serve class --timeout 30 || fail "serve class did not start"
target=ann
tm new-session -d -s ann -x 100 -y 40 \
    "env $utf8 sh -c 'stty -a > $tmpdir/ann.before; \"$TLSSIM\" connect --name ann \
     --ca $tmpdir/set/ca.crt 127.0.0.1:$port; echo EXIT=\$?; stty -a > $tmpdir/ann.after; \
     exec sleep 600'" || fail "tmux cannot start a session"
wait_for "Stage 1/8: keypair" "the first stage"
wait_for "CLIENT (this machine)" "the client's pane as this machine's"
wait_for "SERVER (remote" "the server's pane marked remote"
wait_for "connected to 127.0.0.1:$port" "the header naming the server"
wait_for "next flight: ClientHello (65 B) — press → to send" "the prompt before the hello"
sleep 0.5
grep -q "ann at stage [2-8]" "$tmpdir/class.log" && fail "serve saw more than stage 1 before →"
step_to 2
log_has "$tmpdir/class.log" "ann at stage 3" || fail "serve did not get the ClientHello"
step_to 3
wait_for "sends ServerHello, as it" "the server's message as it arrived"
wait_for "What the server knows and" "the remote pane's limit"
key i
wait_for "the client received" "the certificate explained by i"
key Escape
wait_gone "the client received" "the inspect overlay to close"
step_to 4
wait_for "next flight: ClientKeyExchange" "the prompt before the key exchange"
step_to 5
step_to 6
wait_for "next flight: ApplicationData" "the prompt before the request"
step_to 7
wait_for "Stage 8/8: decrypt" "the reply shown as it arrives"
wait_for "Completed" "the result bar"
wait_for "Handshake completed" "the result in the narration"
log_has "$tmpdir/class.log" "ann completed all 8 stages" || fail "serve did not log ann completed"
key Left
wait_for "Stage 7/8: encrypt" "← to an earlier stage"
key '?'
wait_for "no what-ifs here" "the help on the what-ifs"
key Escape
wait_gone "no what-ifs here" "the help to close"
key t
wait_for "t: no what-ifs here: they are the server's" "the note on t"
key q
wait_for "EXIT=0" "q after a completed run"
screen_now | grep -q "all eight stages completed" || fail "the outcome is not printed after q"
n=0
while [ ! -s "$tmpdir/ann.after" ] && [ "$n" -lt "$WAIT_TENTHS" ]; do sleep 0.1; n=$((n + 1)); done
cmp -s "$tmpdir/ann.before" "$tmpdir/ann.after" \
    || fail "the terminal's modes changed: $(diff "$tmpdir/ann.before" "$tmpdir/ann.after")"
echo "connect-tui: a whole handshake stepped on →, the server's pane remote, terminal restored"

# 2. 80x24, the CA's fingerprint asked, an expired certificate: the warning.
start_serve expired --timeout 30 --cert-kind expired || fail "serve expired did not start"
fingerprint=$(sed -n 's/^  \([0-9A-F:]*\)$/\1/p' "$tmpdir/expired.log" | head -n 1)
[ -n "$fingerprint" ] || fail "serve printed no fingerprint"
run_args="connect --name bob 127.0.0.1:$port"
start bob $utf8
wait_for "Whom to trust: the CA's fingerprint" "the fingerprint question"
half=$(echo "$fingerprint" | cut -c1-23)   # the first eight pairs are on one line
screen_now | grep -qF "$half" || fail "the question shows another fingerprint"
key y
wait_for "next flight: ClientHello" "the prompt after trusting the CA"
step_to 2
wait_for "Your connection is not private" "the certificate warning"
wait_for "[ Continue anyway ]" "the warning's choices"
key Enter
wait_for "went back: the client closed the connection" "Go back"
wait_for "Aborted at stage 3" "the result bar after the warning"
log_has "$tmpdir/expired.log" "bob failed at stage 3" || fail "serve did not log bob failed"
key q
check_restored bob 1
screen_now | grep -q "ERR_CERT_DATE_INVALID" || fail "the reason is not printed after q"
echo "connect-tui: 80x24, the fingerprint question and the certificate warning work"

# 3. A server that gives up while a flight waits: the result bar says so.
start_serve short --timeout 2 || fail "serve short did not start"
run_args="connect --name cy --ca $tmpdir/set/ca.crt 127.0.0.1:$port"
start cy $utf8
wait_for "next flight: ClientHello" "the prompt before the hello"
step_to 2
step_to 3
step_to 4
wait_for "next flight: ClientKeyExchange" "the flight the server will not wait for"
wait_for "Aborted at stage 4; the other side ended it" "the server's timeout in the result bar"
key q
check_restored cy 1
echo "connect-tui: a server's timeout while a flight waits shows in the result bar"
exit 0
