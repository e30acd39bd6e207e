#!/bin/sh
# serve-dashboard.sh - the teacher's dashboard of 'tlssim serve' on a real
# terminal (a private tmux server, 80x24): it shows the port and the CA's
# fingerprint, a row per student with the stage and the outcome, and the
# totals; 'c' switches the certificate new connections get, so the next
# student meets an expired one; connect --step without --ca asks the
# student to compare the fingerprint (yes completes, no fails); a curl over
# TLS 1.3 gets its own row (protocol tls13, stage 8, completed) and counts in
# the totals; Down selects the second row and Enter shows the server's panes
# of that student (its own SERVER pane, the CLIENT pane marked remote, the
# stage keys and the hex/decoded key), Esc goes back to the roster, and a
# TLS 1.3 row says it has none; 'q' gives the terminal back and prints the
# totals.  The server is stopped by this test
# (q, or the trap).
set -u
: "${TLSSIM:?}" "${SRCDIR:?}"
. "$SRCDIR/tests/tui-lib.sh"
tui_lib_init serve-dashboard

"$TLSSIM" files "$tmpdir/set" >/dev/null || fail "tlssim files"
run_args="serve --port 0 --bind 127.0.0.1 --certs '$tmpdir/set'"
start dash LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen
wait_for "tlssim serve  port" "the dashboard's title"
port=$(screen_now | sed -n 's/.*tlssim serve  port \([0-9]*\).*/\1/p' | head -n 1)
[ -n "$port" ] || fail "no port on the dashboard"
wait_for "CA fingerprint:" "the CA's fingerprint"
wait_for "certificate ca, transport mode" "the what-ifs for new connections"

timeout 20 "$TLSSIM" connect --plain --name Ada --ca "$tmpdir/set/ca.crt" "127.0.0.1:$port" \
    >"$tmpdir/ada.out" 2>&1 || fail "Ada's connect did not complete"
wait_for "completed 1" "the total of completed students"
screen_now | grep -q "^Ada .*teach  8/8 completed" || fail "no completed row for Ada"

key c
wait_for "certificate expired" "the c key switching the certificate"
timeout 20 "$TLSSIM" connect --plain --name Bo --ca "$tmpdir/set/ca.crt" "127.0.0.1:$port" \
    >"$tmpdir/bo.out" 2>&1
rc=$?
[ $rc -eq 1 ] || fail "Bo's connect against the expired certificate exits $rc, not 1"
wait_for "failed 1" "the total of failed students"
screen_now | grep -q "^Bo .*3/8 failed" || fail "no failed row for Bo"
screen_now | grep -q "Bo failed at stage 3: Your connection is not" || fail "no line saying why Bo failed"

# Trust on first use: connect on a terminal without --ca shows the
# fingerprint the server offers and asks; yes completes, no fails.
key c c c c   # back to the set's own certificate
wait_for "certificate ca," "the certificate cycled back to the set's"
half=$(screen_now | sed -n 's/.*CA fingerprint: \([0-9A-F:]*\).*/\1/p' | head -n 1)
[ -n "$half" ] || fail "no fingerprint on the dashboard"
for answer in y n; do
    run_args="connect --step --name Cy$answer 127.0.0.1:$port"
    start "tofu$answer" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen
    wait_for "Do they match? [y/N]" "the fingerprint question"
    screen_now | tr -d '\n' | grep -qF "$half" || fail "connect shows another fingerprint"
    key "$answer" Enter
    if [ "$answer" = y ]; then
        for stage in "2/8: client hello" "5/8: key exchange" "7/8: encrypt"; do
            wait_for "Stage $stage — press" "connect's key before stage $stage's flight"
            key Enter
        done
        wait_for "all eight stages completed" "the student who trusted the CA"
        wait_for "EXIT=0" "connect's exit status after yes"
    else
        wait_for "did not confirm the CA" "the student who did not"
        wait_for "EXIT=1" "connect's exit status after no"
    fi
done
target=dash
wait_for "completed 2" "the student who trusted the CA, on the dashboard"

# TLS 1.3 on the same port: curl gets a row of its own and joins the totals.
if command -v curl >/dev/null 2>&1; then
    timeout 20 curl -sS --cacert "$tmpdir/set/ca.crt" \
        --resolve "www.example.com:$port:127.0.0.1" "https://www.example.com:$port/" \
        >"$tmpdir/curl.out" 2>&1 || fail "curl over TLS 1.3: $(cat "$tmpdir/curl.out")"
    wait_for "completed 3" "curl's connection in the totals"
    screen_now | grep -q "TLS 1.3 1" || fail "the totals do not count the TLS 1.3 connection"
    screen_now | grep -q "^curl/[^ ]* .*tls13  8/8 completed answered \"GET /" \
        || fail "no completed tls13 row for curl: $(screen_now | grep tls13)"
    curl_done=1
else
    echo "serve-dashboard: no curl; the TLS 1.3 row is not tried"
    curl_done=0
fi

# The server's panes of one student: two more complete, the second row
# (Cal, the earlier of them) is selected and opened.
for name in Cal Dee; do
    timeout 20 "$TLSSIM" connect --plain --name "$name" --ca "$tmpdir/set/ca.crt" \
        "127.0.0.1:$port" >"$tmpdir/$name.out" 2>&1 || fail "$name's connect did not complete"
done
wait_for "completed $((4 + curl_done))" "Cal and Dee in the totals"
[ "$(screen_now | sed -n '/^name /,$p' | sed -n 2p | cut -c1-4)" = "Dee " ] \
    || fail "Dee's row is not the first"
key Down
wait_for "Enter: the server's panes of Cal" "the second row selected"
key Enter
wait_for " Cal  #" "Cal's name and address in the header of the server's panes"
screen_now | head -n 1 | grep -q "Cal  #[0-9]* 127.0.0.1 port [0-9]*  teach  stage 8/8  completed" \
    || fail "the header does not say who Cal is, how far and how it ended"
wait_for "CLIENT (remote" "the CLIENT pane marked remote"
screen_now | grep -q "this machine sees only" || fail "the CLIENT pane does not say it is remote"
screen_now | grep -q "SERVER + CA (this" || fail "the SERVER pane is not this machine's"
screen_now | grep -q "decrypts the request" || fail "no server event of stage 8 in its pane"
key 1
wait_for "At stage 1" "stage 1 of the server's panes"
screen_now | grep -q "loads its long-term" || fail "stage 1 does not show the server's own key"
screen_now | grep -q "The server makes no keypair in this run: it loads" \
    || fail "stage 1's narration does not say how the server came by its key"
key x
wait_for "x: decoded" "the wire fields decoded"
key l
wait_for "At stage 2" "the next stage"
screen_now | grep -q "ClientHello, as it arrived from the remote client" \
    || fail "the ClientHello is not shown as it arrived"
key Escape
wait_for "name             address" "the roster again after Esc"
screen_now | grep -q "^Cal .*teach  8/8 completed" || fail "no row for Cal on the roster"
if [ "$curl_done" = 1 ]; then
    key Down   # from Cal's row to curl's, the next one
    wait_for "no eight-stage log" "the words for a TLS 1.3 row"
    key Enter
    wait_for "has no server panes to show" "Enter on a TLS 1.3 row"
fi

key q
check_restored dash 0
wait_for "$((4 + curl_done)) completed, 2 failed, 0 dropped, 0 refused; $curl_done of them TLS 1.3" \
    "the totals after the dashboard closed"
echo "serve-dashboard: rows, totals, the certificate key, the server panes of a student and the way out all work"
